/*
 * libFuzzer target for grep's patterns: the first byte picks the flags and where the pattern
 * ends, the rest is pattern then line. Compiling must succeed or give -EINVAL / -E2BIG with a
 * message; matching must end (in time linear in the line) on any line; and on short inputs the
 * result must equal the backtracking reference's (tests/unit/regex_ref.c), compile errors
 * included.
 */
#include <keel/errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/shell/shell_regex.h"
#include "regex_ref.h"

static struct shell_re re;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *pat, *line, *err = NULL;
	size_t plen, llen;
	unsigned flags = 0;
	int rc, ref;
	bool m;

	if (size < 1)
		return 0;
	if (data[0] & 1)
		flags |= SHELL_RE_ICASE;
	if ((data[0] & 6) == 6)
		flags |= SHELL_RE_FIXED;
	plen = (size_t)(data[0] >> 3); /* 0..30 bytes; 31: half of the input (long patterns too) */
	data++;
	size--;
	if (plen == 31)
		plen = size / 2;
	if (plen > size)
		plen = size;
	pat = (const char *)data;
	line = (const char *)data + plen;
	llen = size - plen;
	rc = shell_re_compile(&re, pat, plen, flags, &err);
	if (rc) {
		if ((rc != -EINVAL && rc != -E2BIG) || !err)
			abort();
	} else {
		m = shell_re_match(&re, line, llen);
		(void)m;
	}
	if (plen <= 14 && llen <= 40) {
		ref = regex_ref_match(pat, plen, line, llen, flags & SHELL_RE_ICASE, flags & SHELL_RE_FIXED);
		if ((rc != 0) != (ref < 0)) {
			fprintf(stderr, "compile %d, reference %d\n", rc, ref);
			abort();
		}
		if (rc == 0 && shell_re_match(&re, line, llen) != (ref == 1)) {
			fprintf(stderr, "match %d, reference %d\n", !ref, ref);
			abort();
		}
	}
	return 0;
}

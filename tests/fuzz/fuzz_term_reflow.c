/*
 * libFuzzer target for resize and reflow: the input alternates writes and resizes (a 0xff byte
 * introduces a resize to the size in the next two bytes). After every resize the grid
 * invariants must hold, and when nothing can have been dropped (no wide characters on a
 * one-column screen, scrollback not full) the text read as logical lines must be unchanged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/term_host_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct term *t;
	size_t i = 0;

	t = term_new(&term_host_alloc, 6, 12);
	if (!t)
		return 0;
	term_set_scrollback(t, 100000);
	while (i < size) {
		if (data[i] == 0xff && i + 2 < size) {
			struct strbuf before = { 0 }, after = { 0 };
			int rows = 1 + data[i + 1] % 30, cols = 2 + data[i + 2] % 80;
			const char *e;
			term_logical_text(t, &before);
			if (term_resize(t, rows, cols) != 0)
				abort();
			term_logical_text(t, &after);
			if ((e = term_check_invariants(t)) != NULL) {
				fprintf(stderr, "invariant after resize: %s\n", e);
				abort();
			}
			if (strcmp(before.s, after.s) != 0) {
				fprintf(stderr, "reflow changed the text to %dx%d:\n--- before\n%s--- after\n%s",
					rows, cols, before.s, after.s);
				abort();
			}
			sb_free(&before);
			sb_free(&after);
			i += 3;
			continue;
		}
		size_t n = 1;
		while (i + n < size && data[i + n] != 0xff)
			n++;
		term_write(t, data + i, n);
		i += n;
	}
	term_free(t);
	return 0;
}

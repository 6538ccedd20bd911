/*
 * libFuzzer target for the shell's pathname expansion. The input's first byte picks the test:
 * even, the matcher against a plain recursive reference on a pattern and a name cut from the
 * rest (they must agree; the matcher must return however many stars there are); odd, the rest
 * as a command line, parsed with shell_parse_pipeline_meta, every word that asks for expansion
 * expanded over a small fake tree with tight bounds: results or -E2BIG / -ENAMETOOLONG only,
 * every path inside the buffer, sorted, its last part matching the pattern's, no directory left
 * open.
 */
#include <ctype.h>
#include <keel/errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/shell/shell_glob.h"
#include "kernel/shell/shell_parse.h"
#include "tests/unit/glob_fake.h"

/* The reference, written differently from the matcher: ctype's tolower (the C locale: ASCII
 * only), a set as a 256-entry table, recursion for the stars. */
static size_t clen(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = 1;

	if (u[0] < 0xC0)
		return 1;
	for (; n < 4; n++)
		if ((u[n] >> 6) != 2)
			break;
	return n;
}

static int low(int c)
{
	return tolower(c & 0xFF);
}

static void set_add(bool set[256], unsigned char lo, unsigned char hi)
{
	for (unsigned c = lo; c <= hi; c++)
		set[c] = true;
}

/* The set at pat[i] == '[': its end (after ']') or 0 when it is not closed. Its members are
 * unescaped first; then a '-' that was not escaped, between two members, makes a range. */
static size_t ref_bracket(const char *pat, size_t plen, size_t i, const char *c, bool *hit)
{
	bool set[256] = { false }, neg = false, esc[64];
	unsigned char mem[64], x = (unsigned char)c[0];
	size_t j = i + 1, first, k = 0;

	if (j < plen && (pat[j] == '!' || pat[j] == '^'))
		neg = true, j++;
	for (first = j; j < plen && (pat[j] != ']' || j == first); j++) {
		bool e = pat[j] == '\\' && j + 1 < plen;

		j += e;
		if (k < sizeof(mem)) {
			mem[k] = (unsigned char)pat[j];
			esc[k++] = e;
		}
	}
	if (j >= plen)
		return 0;
	for (size_t a = 0; a < k; a++) {
		bool range = a + 2 < k && mem[a + 1] == '-' && !esc[a + 1];

		set_add(set, mem[a], range ? mem[a + 2] : mem[a]);
		a += range ? 2 : 0;
	}
	if (clen(c) > 1)
		*hit = neg;
	else
		*hit = (set[x] || set[islower(x) ? toupper(x) : tolower(x)]) != neg; /* or its other case */
	return j + 1;
}

static bool ref(const char *pat, size_t plen, size_t p, const char *name, size_t n)
{
	size_t after, q;
	bool hit = false;

	if (p == plen)
		return !name[n];
	if (pat[p] == '*') {
		for (size_t k = n;; k += clen(name + k)) {
			if (ref(pat, plen, p + 1, name, k))
				return true;
			if (!name[k])
				return false;
		}
	}
	if (!name[n])
		return false;
	if (pat[p] == '?')
		return ref(pat, plen, p + 1, name, n + clen(name + n));
	if (pat[p] == '[' && (after = ref_bracket(pat, plen, p, name + n, &hit)) != 0)
		return hit && ref(pat, plen, after, name, n + clen(name + n));
	q = pat[p] == '\\' && p + 1 < plen ? p + 1 : p;
	return low((unsigned char)pat[q]) == low((unsigned char)name[n]) && ref(pat, plen, q + 1, name, n + 1);
}

static bool ref_match(const char *pat, size_t plen, const char *name)
{
	if (name[0] == '.' && !(plen > 0 && pat[0] == '.') && !(plen > 1 && pat[0] == '\\' && pat[1] == '.'))
		return false;
	return ref(pat, plen, 0, name, 0);
}

static void fuzz_match(const uint8_t *data, size_t size)
{
	char pat[40], name[40];
	size_t pl = 0, nl = 0, i = 0, stars = 0;
	bool got;

	while (i < size && data[i] != '\n' && pl < sizeof(pat) - 1) {
		stars += data[i] == '*';
		pat[pl++] = (char)data[i++];
	}
	pat[pl] = '\0';
	if (i < size)
		i++;
	while (i < size && nl < sizeof(name) - 1)
		if (data[i] && data[i] != '/')
			name[nl++] = (char)data[i++];
		else
			i++;
	name[nl] = '\0';
	got = shell_glob_match(pat, pl, name); /* returns, however many stars */
	if (stars <= 4 && got != ref_match(pat, pl, name)) /* the reference is exponential in the stars */
		abort();
}

/* A fixed tree (tests/unit/glob_fake.h). */
static const char *const tree[] = { "a", "B.txt", ".h", "d/", "d/x", "d/Y.c", "d/e/", "d/e/z", "\xc3\xbc", "[x]" };
static struct glob_fake fake = { tree, sizeof(tree) / sizeof(tree[0]), 0, 0, 0 };

static void check_out(const struct shell_glob_out *o, size_t from, const char *pattern)
{
	const char *last = strrchr(pattern, '/');
	size_t lp = last ? (size_t)(last - pattern + 1) : 0;

	for (size_t i = from; i < o->n; i++) {
		const char *w = o->words[i], *wl;

		if (w < o->buf || w + strlen(w) >= o->buf + o->cap)
			abort();
		if (i > from && strcmp(o->words[i - 1], w) == 0)
			abort(); /* a path twice */
		wl = strrchr(w, '/');
		/* the last part of a match matches the last part of the pattern (unless it is a directory's '/') */
		if (pattern[lp] && strcmp(pattern + lp, "..") != 0 && strcmp(pattern + lp, ".") != 0 &&
		    !shell_glob_match(pattern + lp, strlen(pattern + lp), wl ? wl + 1 : w))
			abort();
	}
}

static void fuzz_expand(const uint8_t *data, size_t size)
{
	char *line = malloc(size + 1), pattern[128];
	uint8_t *meta = malloc(size + 1);
	char *words[SHELL_MAX_ARGS + SHELL_MAX_STAGES + 1], *out_words[16];
	static char scratch[SHELL_GLOB_SCRATCH];
	char buf[256];
	struct shell_pipeline p;
	struct shell_parse_error err;
	struct shell_glob_out o = { scratch, buf, sizeof(buf), 0, out_words, 16, 0, 0, 8 };
	int n;

	memcpy(line, data, size);
	line[size] = '\0';
	n = shell_parse_pipeline_meta(line, meta, words, SHELL_MAX_ARGS + SHELL_MAX_STAGES + 1, &p, &err);
	for (int s = 0; s < n; s++)
		for (int k = 0; k < p.stage[s].argc; k++) {
			const char *w = p.stage[s].argv[k];
			size_t from = o.n, used = o.used;
			int r;

			if (!shell_glob_wanted(w, meta + (w - line)))
				continue;
			if (shell_glob_pattern(w, meta + (w - line), pattern, sizeof(pattern)) != 0)
				continue;
			r = shell_glob_expand(&glob_fake_ops, &fake, pattern, &o);
			if (fake.open_now)
				abort();
			if (r < 0) {
				if ((r != -E2BIG && r != -ENAMETOOLONG) || o.n != from || o.used != used)
					abort();
				continue;
			}
			if ((size_t)r != o.n - from || o.n > o.max || o.used > o.cap)
				abort();
			check_out(&o, from, pattern);
		}
	free(line);
	free(meta);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	if (data[0] & 1)
		fuzz_expand(data + 1, size - 1);
	else
		fuzz_match(data + 1, size - 1);
	return 0;
}

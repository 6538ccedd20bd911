/*
 * The pattern compiler and matcher (see shell_regex.h for the syntax). A regular expression is a
 * list of atoms, each a 256-bit byte set with an optional star. Matching keeps the set of states
 * "the first i atoms have matched" as a bitmap: a byte moves state i to i + 1 (or keeps it at i
 * for a starred atom) when atom i's set holds it; a starred atom also lets state i move to i + 1
 * without a byte. Unanchored, state 0 is added before every byte. Fixed strings use KMP.
 */
#include <keel/assert.h>
#include <keel/errno.h>
#include <string.h>

#include "kernel/shell/shell_regex.h"

#define RE_WORDS ((SHELL_RE_MAX_ATOMS + 1 + 63) / 64)

static inline uint8_t re_lower(uint8_t c)
{
	return c >= 'A' && c <= 'Z' ? (uint8_t)(c + 'a' - 'A') : c;
}

static inline uint8_t re_upper(uint8_t c)
{
	return c >= 'a' && c <= 'z' ? (uint8_t)(c - 'a' + 'A') : c;
}

static void re_set_add(struct shell_re_atom *a, uint8_t c, unsigned flags)
{
	a->set[c >> 3] |= (uint8_t)(1u << (c & 7));
	if (flags & SHELL_RE_ICASE) {
		uint8_t l = re_lower(c), u = re_upper(c);

		a->set[l >> 3] |= (uint8_t)(1u << (l & 7));
		a->set[u >> 3] |= (uint8_t)(1u << (u & 7));
	}
}

static inline bool re_set_has(const struct shell_re_atom *a, uint8_t c)
{
	return a->set[c >> 3] & (1u << (c & 7));
}

static int re_compile_fixed(struct shell_re *re, const uint8_t *p, size_t len, const char **err)
{
	size_t k = 0;

	if (len > SHELL_RE_MAX_FIXED) {
		*err = "pattern too long (at most 1024 bytes)";
		return -E2BIG;
	}
	for (size_t i = 0; i < len; i++)
		re->fixed[i] = re->flags & SHELL_RE_ICASE ? re_lower(p[i]) : p[i];
	re->n = len;
	if (len)
		re->fail[0] = 0;
	for (size_t i = 1; i < len; i++) {
		while (k && re->fixed[i] != re->fixed[k])
			k = re->fail[k - 1];
		if (re->fixed[i] == re->fixed[k])
			k++;
		re->fail[i] = (uint16_t)k;
	}
	return 0;
}

/* The bracket expression starting after '[' at p[*i]; *i ends after its ']'. */
static int re_compile_set(struct shell_re_atom *a, const uint8_t *p, size_t len, size_t *i, unsigned flags,
			  const char **err)
{
	size_t j = *i;
	bool negate = false, first = true;

	if (j < len && p[j] == '^') {
		negate = true;
		j++;
	}
	for (;; first = false) {
		uint8_t lo, hi;

		if (j >= len) {
			*err = "unterminated [";
			return -EINVAL;
		}
		if (p[j] == ']' && !first)
			break;
		lo = hi = p[j];
		if (j + 2 < len && p[j + 1] == '-' && p[j + 2] != ']') {
			hi = p[j + 2];
			if (hi < lo) {
				*err = "invalid range in [] (its end comes before its start)";
				return -EINVAL;
			}
			j += 3;
		} else {
			j++;
		}
		for (unsigned c = lo; c <= hi; c++)
			re_set_add(a, (uint8_t)c, flags);
	}
	if (negate)
		for (size_t k = 0; k < sizeof(a->set); k++)
			a->set[k] = (uint8_t)~a->set[k];
	*i = j + 1;
	return 0;
}

int shell_re_compile(struct shell_re *re, const char *pat, size_t len, unsigned flags, const char **err)
{
	const uint8_t *p = (const uint8_t *)pat;
	const char *dummy;
	size_t i = 0;

	if (!err)
		err = &dummy;
	*err = NULL;
	re->flags = flags;
	re->anchor_start = re->anchor_end = false;
	re->n = 0;
	if (flags & SHELL_RE_FIXED)
		return re_compile_fixed(re, p, len, err);
	if (len && p[0] == '^') {
		re->anchor_start = true;
		i = 1;
	}
	while (i < len) {
		struct shell_re_atom *a;
		uint8_t c = p[i];
		int ret;

		if (c == '*' && re->n > 0) { /* after an atom: repeat it (a second '*' changes nothing) */
			re->atom[re->n - 1].star = true;
			i++;
			continue;
		}
		if (c == '$' && i == len - 1) {
			re->anchor_end = true;
			break;
		}
		if (c == '\\' && i == len - 1) {
			*err = "trailing backslash";
			return -EINVAL;
		}
		if (re->n == SHELL_RE_MAX_ATOMS) {
			*err = "pattern too long (at most 128 elements)";
			return -E2BIG;
		}
		a = &re->atom[re->n];
		memset(a, 0, sizeof(*a));
		if (c == '.') {
			memset(a->set, 0xff, sizeof(a->set));
			i++;
		} else if (c == '[') {
			i++;
			ret = re_compile_set(a, p, len, &i, flags, err);
			if (ret)
				return ret;
		} else if (c == '\\') {
			re_set_add(a, p[i + 1], flags);
			i += 2;
		} else {
			re_set_add(a, c, flags); /* includes '*' at the start and '^' / '$' elsewhere */
			i++;
		}
		re->n++;
	}
	return 0;
}

static bool re_match_fixed(const struct shell_re *re, const uint8_t *t, size_t len)
{
	size_t k = 0;

	if (re->n == 0)
		return true;
	for (size_t i = 0; i < len; i++) {
		uint8_t c = re->flags & SHELL_RE_ICASE ? re_lower(t[i]) : t[i];

		while (k && c != re->fixed[k])
			k = re->fail[k - 1];
		if (c == re->fixed[k] && ++k == re->n)
			return true;
	}
	return false;
}

static inline bool st_has(const uint64_t *s, size_t i)
{
	return s[i / 64] & (1ull << (i % 64));
}

static inline void st_add(uint64_t *s, size_t i)
{
	s[i / 64] |= 1ull << (i % 64);
}

/* Starred atoms can be skipped: state i also holds state i + 1 (ascending, so chains carry). */
static void re_closure(const struct shell_re *re, uint64_t *s)
{
	for (size_t i = 0; i < re->n; i++)
		if (re->atom[i].star && st_has(s, i))
			st_add(s, i + 1);
}

bool shell_re_match(const struct shell_re *re, const char *text, size_t len)
{
	const uint8_t *t = (const uint8_t *)text;
	uint64_t cur[RE_WORDS] = { 0 }, next[RE_WORDS];
	size_t words = re->n / 64 + 1;

	if (re->flags & SHELL_RE_FIXED)
		return re_match_fixed(re, t, len);
	ASSERT(re->n <= SHELL_RE_MAX_ATOMS);
	st_add(cur, 0);
	re_closure(re, cur);
	for (size_t pos = 0;; pos++) {
		bool any = false;

		if (st_has(cur, re->n) && (!re->anchor_end || pos == len))
			return true;
		if (pos == len)
			return false;
		memset(next, 0, sizeof(next));
		for (size_t w = 0; w < words; w++) {
			uint64_t bits = cur[w];

			while (bits) {
				size_t i = w * 64 + (size_t)__builtin_ctzll(bits);

				bits &= bits - 1;
				if (i < re->n && re_set_has(&re->atom[i], t[pos]))
					st_add(next, re->atom[i].star ? i : i + 1);
			}
		}
		if (!re->anchor_start)
			st_add(next, 0);
		re_closure(re, next);
		for (size_t w = 0; w < words; w++) {
			cur[w] = next[w];
			any |= next[w] != 0;
		}
		if (!any)
			return false;
	}
}

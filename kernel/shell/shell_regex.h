/*
 * grep's patterns: a small regular-expression subset compiled to a list of atoms and matched by
 * simulating all of the pattern's states at once (a set of positions in the atom list, one pass
 * over the line), so a match costs O(line x pattern) whatever the pattern: nothing backtracks and
 * `a*a*a*a*a*b` against 4 KiB of 'a' stays linear. Fixed strings (-F) use a
 * Knuth-Morris-Pratt search, O(line + pattern).
 *
 * Syntax (POSIX basic regular expressions, restricted): `c` a literal byte; `.` any byte; `[set]`
 * and `[^set]` with ranges `a-z` (a `]` first in the set and a `-` first or last are literal;
 * inside brackets a backslash is literal); `x*` zero or more of the atom before (a `*` at the start
 * of the pattern, after `^`, or after another `*` is literal / changes nothing respectively:
 * `**` is `*`); `^` at the very start anchors at the line's start and `$` at the very end at its
 * end (elsewhere they are literal bytes); `\x` is x itself, literally (`\.`, `\*`, `\[`, `\\`).
 * A match is anywhere in the line unless anchored. Plain C, host-tested and fuzzed.
 */
#ifndef KEEL_SHELL_REGEX_H
#define KEEL_SHELL_REGEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SHELL_RE_MAX_ATOMS 128  /* regular expressions: atoms (a literal, `.`, a set) */
#define SHELL_RE_MAX_FIXED 1024 /* fixed strings: bytes */

enum {
	SHELL_RE_ICASE = 1 << 0, /* ASCII letters match either case */
	SHELL_RE_FIXED = 1 << 1, /* the pattern is a plain string (grep -F) */
};

struct shell_re_atom {
	uint8_t set[32]; /* the bytes it matches, a bit each */
	bool star;       /* zero or more times */
};

/* A compiled pattern (about 5 KiB: allocate it, do not put it on a task's stack). */
struct shell_re {
	unsigned flags;
	bool anchor_start, anchor_end;
	size_t n;                         /* atoms, or fixed-string bytes */
	struct shell_re_atom atom[SHELL_RE_MAX_ATOMS];
	uint8_t fixed[SHELL_RE_MAX_FIXED]; /* -F: the string (case-folded with ICASE) */
	uint16_t fail[SHELL_RE_MAX_FIXED]; /* -F: KMP failure function */
};

/* Compile pat[0, len). 0, or -EINVAL with *err = "unterminated [", "trailing backslash",
 * "invalid range z-a" style text (static), or -E2BIG with *err = "pattern too long". */
int shell_re_compile(struct shell_re *re, const char *pat, size_t len, unsigned flags, const char **err);
/* Does the line text[0, len) (without its '\n') contain a match? */
bool shell_re_match(const struct shell_re *re, const char *text, size_t len);

#endif /* KEEL_SHELL_REGEX_H */

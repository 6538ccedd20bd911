/*
 * The filter commands' core logic, kept apart from the shell so it is host-tested: wc's counting
 * (bytes, '\n's and words, fed in any pieces), sort's comparison (bytes, or the leading number with
 * -n; -r reverses it) and a stable bottom-up merge sort of line references (O(n log n), equal
 * keys keep their input order), and the formatting of wc's columns as coreutils prints them.
 * Plain C, no allocation.
 */
#ifndef KEEL_SHELL_TEXT_H
#define KEEL_SHELL_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct shell_wc {
	uint64_t lines, words, bytes;
	bool in_word; /* the last byte fed was part of a word */
};

/* Count p[0, n): '\n's, bytes, and words (maximal runs of bytes that are not ASCII white space:
 * space, \t \n \v \f \r). A word split across two calls counts once. */
void shell_wc_feed(struct shell_wc *wc, const char *p, size_t n);

/* coreutils' column width: 1 when a single count of a single input is printed; otherwise the
 * digits of the total size of the inputs whose size is known, at least 7 when one is not (stdin,
 * a pipe). */
int shell_wc_width(int counts, int inputs, uint64_t known_total, bool any_unknown);

enum {
	SHELL_SORT_NUMERIC = 1 << 0, /* -n: by the leading number (blanks, '-', digits, '.digits') */
	SHELL_SORT_REVERSE = 1 << 1, /* -r */
};

struct shell_text_line {
	const char *p;
	size_t len;
};

/* < 0, 0 or > 0 as a sorts before, with or after b. Without -n: unsigned bytes, a prefix first.
 * With -n: numbers compare by value at any length (no overflow); a line without one counts as 0;
 * equal numbers are equal (the sort keeps their order). */
int shell_sort_cmp(const struct shell_text_line *a, const struct shell_text_line *b, unsigned flags);

/* Sort v[0, n) stably; tmp has room for n entries. */
void shell_sort_lines(struct shell_text_line *v, struct shell_text_line *tmp, size_t n, unsigned flags);

#endif /* KEEL_SHELL_TEXT_H */

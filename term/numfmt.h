/*
 * Decimal digits for escape sequences (replies, the serial renderer): one small formatter for
 * every part of term/ that builds a sequence, no printf. Header-only, plain C.
 */
#ifndef TERM_NUMFMT_H
#define TERM_NUMFMT_H

#include <stddef.h>

/* Write v in decimal at p (no NUL); returns the digit count (at most 10). */
static inline size_t term_fmt_uint(char *p, unsigned v)
{
	char tmp[10];
	size_t n = 0, i = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		p[i++] = tmp[--n];
	return i;
}

#endif /* TERM_NUMFMT_H */

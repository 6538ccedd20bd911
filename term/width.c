/*
 * Width lookup (see width.h): planes 0 and 1 (BMP, emoji) through a two-level table (a block
 * index, then 2 bits per code point), inline in width.h; the rest by binary search over the
 * generated ranges here. Code points below U+0300 cost one compare.
 */
#include "term/width.h"

#include <stddef.h>

#include <keel/compiler.h>

#include "term_width_table.h"

static int in_table(const struct term_width_range *t, size_t n, uint32_t cp)
{
	size_t lo = 0, hi = n;

	if (cp < t[0].first || cp > t[n - 1].last)
		return 0;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cp > t[mid].last)
			lo = mid + 1;
		else if (cp < t[mid].first)
			hi = mid;
		else
			return 1;
	}
	return 0;
}

int term_char_width_slow(uint32_t cp)
{
	if (cp < 0x20000)
		return term_char_width(cp);
	if (in_table(term_width_zero, ARRAY_SIZE(term_width_zero), cp))
		return 0;
	if (in_table(term_width_wide, ARRAY_SIZE(term_width_wide), cp))
		return 2;
	return 1;
}

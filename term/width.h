/*
 * Display width of a code point: 0 (combining, attaches to the previous cell), 1 or 2 (East
 * Asian Wide/Fullwidth, emoji presentation). The tables are generated at build time from the
 * Unicode data Debian ships (tools/gen_term_width.py -> build/gen/term_width_table.h).
 */
#ifndef TERM_WIDTH_H
#define TERM_WIDTH_H

#include <stdint.h>

int term_char_width_slow(uint32_t cp);

static inline int term_char_width(uint32_t cp)
{
	if (cp < 0x300)
		return 1;
	return term_char_width_slow(cp);
}

#endif /* TERM_WIDTH_H */

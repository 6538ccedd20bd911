/*
 * Display width of a code point: 0 (combining, attaches to the previous cell), 1 or 2 (East
 * Asian Wide/Fullwidth, emoji presentation). The tables are generated at build time from the
 * Unicode data Debian ships (tools/gen_term_width.py -> build/gen/term_width_table.h).
 */
#ifndef TERM_WIDTH_H
#define TERM_WIDTH_H

#include <stdint.h>

/* Planes 0 and 1: a block index (128 code points each), then 2 bits per code point. */
extern const uint8_t term_width_bmp_index[1024];
extern const uint8_t term_width_bmp_blocks[][32];

int term_char_width_slow(uint32_t cp);

/* Inline for the first two planes (every script and the emoji), where the text is. */
static inline int term_char_width(uint32_t cp)
{
	if (cp < 0x300)
		return 1;
	if (cp < 0x20000)
		return (term_width_bmp_blocks[term_width_bmp_index[cp >> 7]][(cp & 127) >> 2] >> ((cp & 3) * 2)) & 3;
	return term_char_width_slow(cp);
}

#endif /* TERM_WIDTH_H */

/*
 * Font lookup and the built-in default font (see font.h). The glyph data comes from the header
 * tools/psf2c.py generates at build time.
 */
#include "term/font.h"

#include <stddef.h>

#include "term_font_data.h"

const struct term_font term_font_default = {
	.width = TERM_FONT_GEN_WIDTH,
	.height = TERM_FONT_GEN_HEIGHT,
	.stride = TERM_FONT_GEN_STRIDE,
	.nglyphs = TERM_FONT_GEN_GLYPHS,
	.bits = term_font_gen_bits,
	.map = term_font_gen_map,
	.nmap = sizeof(term_font_gen_map) / sizeof(term_font_gen_map[0]),
	.replacement = TERM_FONT_GEN_REPLACEMENT,
};

int32_t term_font_find(const struct term_font *f, uint32_t cp)
{
	size_t lo = 0, hi = f->nmap;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (f->map[mid].cp == cp)
			return f->map[mid].glyph < f->nglyphs ? (int32_t)f->map[mid].glyph : -1;
		if (f->map[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

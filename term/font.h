/*
 * Bitmap fonts for the framebuffer backend: fixed-size glyphs (one bit per pixel, each row
 * padded to whole bytes, most significant bit leftmost) and a code point -> glyph table sorted
 * by code point. The default font is converted at build time from a Linux console font
 * (tools/psf2c.py, Terminus from Debian's console-setup-linux) into build/gen/term_font_data.h.
 */
#ifndef TERM_FONT_H
#define TERM_FONT_H

#include <stdint.h>

struct term_font_map {
	uint32_t cp;
	uint32_t glyph;
};

struct term_font {
	uint8_t width, height, stride;      /* pixels, pixels, bytes per glyph row */
	uint32_t nglyphs;
	const uint8_t *bits;                /* nglyphs * height * stride bytes */
	const struct term_font_map *map;
	uint32_t nmap;
	uint32_t replacement;               /* glyph shown for characters the font lacks */
};

extern const struct term_font term_font_default;

/* The glyph of a code point, or -1 when the font has none. */
int32_t term_font_find(const struct term_font *f, uint32_t cp);
/* The glyph to draw for a code point: the font's own, else the replacement. */
static inline uint32_t term_font_glyph(const struct term_font *f, uint32_t cp)
{
	int32_t g = term_font_find(f, cp);
	return g < 0 ? f->replacement : (uint32_t)g;
}

#endif /* TERM_FONT_H */

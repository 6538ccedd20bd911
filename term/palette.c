/*
 * The xterm 256-colour palette (see palette.h). Cube levels 0, 95, 135, 175, 215, 255; greys
 * 8 + 10 * n.
 */
#include "term/palette.h"

static const uint32_t base16[16] = {
	0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
	0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
};

static uint32_t cube_level(uint32_t v)
{
	return v ? 55 + 40 * v : 0;
}

uint32_t term_palette_index_rgb(uint8_t i)
{
	if (i < 16)
		return base16[i];
	if (i < 232) {
		uint32_t n = i - 16u;
		return cube_level(n / 36) << 16 | cube_level(n / 6 % 6) << 8 | cube_level(n % 6);
	}
	uint32_t g = 8 + 10 * (i - 232u);
	return g << 16 | g << 8 | g;
}

uint32_t term_palette_rgb(uint32_t color, uint32_t dflt)
{
	switch (color & TERM_COLOR_KIND_MASK) {
	case TERM_COLOR_INDEX:
		return term_palette_index_rgb((uint8_t)(color & 0xff));
	case TERM_COLOR_RGB:
		return color & TERM_COLOR_VALUE_MASK;
	default:
		return dflt;
	}
}

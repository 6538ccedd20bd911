/*
 * Colour palette shared by the screen backends: a cell colour (default, palette index or
 * 24-bit RGB, term/cell.h) resolved to 0xRRGGBB. Indices 0-15 are the xterm defaults, 16-231
 * the 6x6x6 colour cube and 232-255 the grey ramp, as xterm defines them.
 */
#ifndef TERM_PALETTE_H
#define TERM_PALETTE_H

#include <stdint.h>

#include "term/cell.h"

#define TERM_RGB_DEFAULT_FG 0xaaaaaau
#define TERM_RGB_DEFAULT_BG 0x000000u

/* 0xRRGGBB of palette entry i (0..255). */
uint32_t term_palette_index_rgb(uint8_t i);
/* 0xRRGGBB of a cell colour (fg/bg word, underline bits ignored); dflt for a default colour. */
uint32_t term_palette_rgb(uint32_t color, uint32_t dflt);

#endif /* TERM_PALETTE_H */

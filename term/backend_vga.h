/*
 * VGA text backend: draws the terminal into an 80x25-style text buffer (the 0xB8000 memory
 * the kernel maps and hands over as a pointer), two bytes per cell: a code page 437 character
 * and an attribute (4-bit foreground, 3- or 4-bit background). Colours are mapped to the
 * nearest of the 16 VGA colours (256-colour and 24-bit colours included); Unicode is mapped to
 * CP437 where the code page has the glyph (box drawing, blocks, accented Latin, Greek maths
 * letters) and shown as a visible replacement (U+25A0 '■') otherwise. A shadow copy of the
 * buffer means only cells that really change are written. The hardware cursor is moved through
 * an injected hook (the kernel programs the CRTC; host tests record the calls).
 */
#ifndef TERM_BACKEND_VGA_H
#define TERM_BACKEND_VGA_H

#include <stdbool.h>
#include <stdint.h>

#include "term/backend.h"
#include "term/screen.h"

struct term_vga;

struct term_vga_hw {
	/* Place the hardware cursor at cell index pos (row * cols + col), or hide it. Optional. */
	void (*cursor)(void *ctx, unsigned pos, bool visible);
	void *ctx;
	/* True when the attribute byte's bit 7 selects a bright background (blink turned off). */
	bool bright_bg;
};

struct term_vga_stats {
	uint64_t cells_drawn;    /* cells the terminal asked to draw */
	uint64_t cells_written;  /* cells actually stored to the text buffer */
};

extern const struct term_backend term_vga_backend;

/* A backend over rows x cols cells at mem (clears it). NULL when out of memory or bad size. */
struct term_vga *term_vga_new(const struct term_alloc *alloc, volatile uint16_t *mem, int rows, int cols,
			      const struct term_vga_hw *hw);
void term_vga_free(struct term_vga *v);
void term_vga_get_stats(const struct term_vga *v, struct term_vga_stats *out);

/* Mapping helpers (also used by tests). */
/* CP437 byte for a code point; the replacement byte 0xFE when the code page has none. */
uint8_t term_vga_cp437(uint32_t cp);
/* The nearest VGA colour (0..15, VGA order: 0 black, 1 blue, 2 green, 3 cyan, 4 red, ...) for a
 * cell colour; dflt when the colour is TERM_COLOR_DEFAULT. */
uint8_t term_vga_color(uint32_t color, uint8_t dflt);
/* The attribute byte of a cell. */
uint8_t term_vga_attr(const struct term_cell *c, bool bright_bg);

#endif /* TERM_BACKEND_VGA_H */

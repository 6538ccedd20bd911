/*
 * Framebuffer backend: draws the terminal on any linear RGB framebuffer of 24 or 32 bits per
 * pixel, whatever the channel positions and sizes, honouring the pitch. Glyphs come from a
 * bitmap font (term/font.h) whose glyph size is the cell size; colours are full 24-bit (palette
 * colours through the xterm palette); bold (emboldened glyph), faint, underline (single, double,
 * curly as dotted), strike, inverse and hidden are rendered; wide characters span two cells
 * (glyph doubled horizontally when the font has only a narrow one). All drawing goes to a shadow
 * buffer in RAM; the framebuffer is only ever written, never read (reads from video memory are
 * very slow, and write-combined mappings make them slower still), and only the damaged span of
 * damaged cell rows is copied out at flush. The cursor is drawn as the bottom two pixel rows of
 * its cell with every colour bit inverted.
 */
#ifndef TERM_BACKEND_FB_H
#define TERM_BACKEND_FB_H

#include <stdbool.h>
#include <stdint.h>

#include "term/backend.h"
#include "term/font.h"
#include "term/screen.h"

struct term_fb;

struct term_fb_format {
	uint32_t width, height, pitch;  /* pixels, pixels, bytes per line */
	uint8_t bpp;                    /* 24 or 32 */
	uint8_t red_pos, red_size, green_pos, green_size, blue_pos, blue_size;
};

struct term_fb_stats {
	uint64_t cells_drawn;    /* cells rendered into the shadow */
	uint64_t rows_blitted;   /* cell rows copied to the framebuffer */
	uint64_t bytes_blitted;  /* bytes written to the framebuffer */
	uint64_t scrolls;        /* scrolls done by moving the shadow */
};

#define TERM_FB_CURSOR_LINES 2

extern const struct term_backend term_fb_backend;

/* Check a format: 0, or -EINVAL for unsupported depths (indexed, 1/8/15/16 bpp) and channel
 * fields that do not fit, with a reason in *why. */
int term_fb_check_format(const struct term_fb_format *f, const char **why);
/* A backend on the framebuffer at fb (the whole area is cleared to the background colour).
 * NULL on a bad format, a screen smaller than one cell, or out of memory. */
struct term_fb *term_fb_new(const struct term_alloc *alloc, void *fb, const struct term_fb_format *f,
			    const struct term_font *font);
void term_fb_free(struct term_fb *b);
/* The grid the framebuffer holds: width / font width by height / font height. */
void term_fb_grid(const struct term_fb *b, int *rows, int *cols);
void term_fb_get_stats(const struct term_fb *b, struct term_fb_stats *out);
/* The native pixel value of 0xRRGGBB in this framebuffer's format. */
uint32_t term_fb_pixel(const struct term_fb *b, uint32_t rgb);

#endif /* TERM_BACKEND_FB_H */

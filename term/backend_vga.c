/*
 * VGA text backend (see backend_vga.h). The shadow array holds exactly what the text buffer
 * holds, so a cell is stored only when its character/attribute pair changes; the text buffer
 * itself is never read. Bold brightens a dark foreground (what the VGA console does), inverse
 * swaps, hidden paints the foreground in the background colour; underline, italic and strike
 * have no colour-text-mode form and are dropped.
 */
#include "term/backend_vga.h"

#include <string.h>

#include "term/palette.h"

#define VGA_REPLACEMENT 0xfe   /* ■ */

struct term_vga {
	struct term_alloc alloc;
	volatile uint16_t *mem;
	uint16_t *shadow;
	int rows, cols;
	struct term_vga_hw hw;
	int cur_pos;                   /* last position given to the hook; -1 hidden/unknown */
	struct term_vga_stats stats;
};

/* Code point -> CP437 byte for everything outside 0x20..0x7e, sorted by code point. */
static const struct { uint16_t cp; uint8_t b; } cp437_map[] = {
	{ 0x00a0, 0xff }, { 0x00a1, 0xad }, { 0x00a2, 0x9b }, { 0x00a3, 0x9c }, { 0x00a5, 0x9d },
	{ 0x00a7, 0x15 }, { 0x00aa, 0xa6 }, { 0x00ab, 0xae }, { 0x00ac, 0xaa }, { 0x00b0, 0xf8 },
	{ 0x00b1, 0xf1 }, { 0x00b2, 0xfd }, { 0x00b5, 0xe6 }, { 0x00b6, 0x14 }, { 0x00b7, 0xfa },
	{ 0x00ba, 0xa7 }, { 0x00bb, 0xaf }, { 0x00bc, 0xac }, { 0x00bd, 0xab }, { 0x00bf, 0xa8 },
	{ 0x00c4, 0x8e }, { 0x00c5, 0x8f }, { 0x00c6, 0x92 }, { 0x00c7, 0x80 }, { 0x00c9, 0x90 },
	{ 0x00d1, 0xa5 }, { 0x00d6, 0x99 }, { 0x00dc, 0x9a }, { 0x00df, 0xe1 }, { 0x00e0, 0x85 },
	{ 0x00e1, 0xa0 }, { 0x00e2, 0x83 }, { 0x00e4, 0x84 }, { 0x00e5, 0x86 }, { 0x00e6, 0x91 },
	{ 0x00e7, 0x87 }, { 0x00e8, 0x8a }, { 0x00e9, 0x82 }, { 0x00ea, 0x88 }, { 0x00eb, 0x89 },
	{ 0x00ec, 0x8d }, { 0x00ed, 0xa1 }, { 0x00ee, 0x8c }, { 0x00ef, 0x8b }, { 0x00f1, 0xa4 },
	{ 0x00f2, 0x95 }, { 0x00f3, 0xa2 }, { 0x00f4, 0x93 }, { 0x00f6, 0x94 }, { 0x00f7, 0xf6 },
	{ 0x00f9, 0x97 }, { 0x00fa, 0xa3 }, { 0x00fb, 0x96 }, { 0x00fc, 0x81 }, { 0x00ff, 0x98 },
	{ 0x0192, 0x9f }, { 0x0393, 0xe2 }, { 0x0398, 0xe9 }, { 0x03a3, 0xe4 }, { 0x03a6, 0xe8 },
	{ 0x03a9, 0xea }, { 0x03b1, 0xe0 }, { 0x03b4, 0xeb }, { 0x03b5, 0xee }, { 0x03c0, 0xe3 },
	{ 0x03c3, 0xe5 }, { 0x03c4, 0xe7 }, { 0x03c6, 0xed }, { 0x2022, 0x07 }, { 0x203c, 0x13 },
	{ 0x207f, 0xfc }, { 0x20a7, 0x9e }, { 0x2190, 0x1b }, { 0x2191, 0x18 }, { 0x2192, 0x1a },
	{ 0x2193, 0x19 }, { 0x2194, 0x1d }, { 0x2195, 0x12 }, { 0x21a8, 0x17 }, { 0x2219, 0xf9 },
	{ 0x221a, 0xfb }, { 0x221e, 0xec }, { 0x221f, 0x1c }, { 0x2229, 0xef }, { 0x2248, 0xf7 },
	{ 0x2261, 0xf0 }, { 0x2264, 0xf3 }, { 0x2265, 0xf2 }, { 0x2302, 0x7f }, { 0x2310, 0xa9 },
	{ 0x2320, 0xf4 }, { 0x2321, 0xf5 }, { 0x2500, 0xc4 }, { 0x2502, 0xb3 }, { 0x250c, 0xda },
	{ 0x2510, 0xbf }, { 0x2514, 0xc0 }, { 0x2518, 0xd9 }, { 0x251c, 0xc3 }, { 0x2524, 0xb4 },
	{ 0x252c, 0xc2 }, { 0x2534, 0xc1 }, { 0x253c, 0xc5 }, { 0x2550, 0xcd }, { 0x2551, 0xba },
	{ 0x2552, 0xd5 }, { 0x2553, 0xd6 }, { 0x2554, 0xc9 }, { 0x2555, 0xb8 }, { 0x2556, 0xb7 },
	{ 0x2557, 0xbb }, { 0x2558, 0xd4 }, { 0x2559, 0xd3 }, { 0x255a, 0xc8 }, { 0x255b, 0xbe },
	{ 0x255c, 0xbd }, { 0x255d, 0xbc }, { 0x255e, 0xc6 }, { 0x255f, 0xc7 }, { 0x2560, 0xcc },
	{ 0x2561, 0xb5 }, { 0x2562, 0xb6 }, { 0x2563, 0xb9 }, { 0x2564, 0xd1 }, { 0x2565, 0xd2 },
	{ 0x2566, 0xcb }, { 0x2567, 0xcf }, { 0x2568, 0xd0 }, { 0x2569, 0xca }, { 0x256a, 0xd8 },
	{ 0x256b, 0xd7 }, { 0x256c, 0xce }, { 0x2580, 0xdf }, { 0x2584, 0xdc }, { 0x2588, 0xdb },
	{ 0x258c, 0xdd }, { 0x2590, 0xde }, { 0x2591, 0xb0 }, { 0x2592, 0xb1 }, { 0x2593, 0xb2 },
	{ 0x25a0, 0xfe }, { 0x25ac, 0x16 }, { 0x25b2, 0x1e }, { 0x25ba, 0x10 }, { 0x25bc, 0x1f },
	{ 0x25c4, 0x11 }, { 0x25cb, 0x09 }, { 0x25d8, 0x08 }, { 0x25d9, 0x0a }, { 0x263a, 0x01 },
	{ 0x263b, 0x02 }, { 0x263c, 0x0f }, { 0x2640, 0x0c }, { 0x2642, 0x0b }, { 0x2660, 0x06 },
	{ 0x2663, 0x05 }, { 0x2665, 0x03 }, { 0x2666, 0x04 }, { 0x266a, 0x0d }, { 0x266b, 0x0e },
};

uint8_t term_vga_cp437(uint32_t cp)
{
	size_t lo = 0, hi = sizeof(cp437_map) / sizeof(cp437_map[0]);

	if (cp >= 0x20 && cp < 0x7f)
		return (uint8_t)cp;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cp437_map[mid].cp == cp)
			return cp437_map[mid].b;
		if (cp437_map[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return VGA_REPLACEMENT;
}

/* The 16 VGA colours in VGA order, and the ANSI index (0..15) -> VGA index mapping. */
static const uint32_t vga_rgb[16] = {
	0x000000, 0x0000aa, 0x00aa00, 0x00aaaa, 0xaa0000, 0xaa00aa, 0xaa5500, 0xaaaaaa,
	0x555555, 0x5555ff, 0x55ff55, 0x55ffff, 0xff5555, 0xff55ff, 0xffff55, 0xffffff,
};
static const uint8_t ansi_to_vga[16] = { 0, 4, 2, 6, 1, 5, 3, 7, 8, 12, 10, 14, 9, 13, 11, 15 };

static uint8_t nearest(uint32_t rgb)
{
	uint32_t best = 0xffffffffu;
	uint8_t bi = 0;

	for (uint8_t i = 0; i < 16; i++) {
		int dr = (int)((rgb >> 16) & 0xff) - (int)((vga_rgb[i] >> 16) & 0xff);
		int dg = (int)((rgb >> 8) & 0xff) - (int)((vga_rgb[i] >> 8) & 0xff);
		int db = (int)(rgb & 0xff) - (int)(vga_rgb[i] & 0xff);
		/* weighted: the eye is most sensitive to green, least to blue */
		uint32_t d = (uint32_t)(3 * dr * dr + 4 * dg * dg + 2 * db * db);
		if (d < best) {
			best = d;
			bi = i;
		}
	}
	return bi;
}

uint8_t term_vga_color(uint32_t color, uint8_t dflt)
{
	switch (color & TERM_COLOR_KIND_MASK) {
	case TERM_COLOR_INDEX:
		if ((color & 0xff) < 16)
			return ansi_to_vga[color & 0xf];
		return nearest(term_palette_index_rgb((uint8_t)(color & 0xff)));
	case TERM_COLOR_RGB:
		return nearest(color & TERM_COLOR_VALUE_MASK);
	default:
		return dflt;
	}
}

uint8_t term_vga_attr(const struct term_cell *c, bool bright_bg)
{
	uint8_t fg = term_vga_color(c->fg, 7), bg = term_vga_color(c->bg, 0), t;

	if ((c->ch & TERM_ATTR_BOLD) && fg < 8)
		fg |= 8;
	if (c->ch & TERM_ATTR_INVERSE) {
		t = fg;
		fg = bg;
		bg = t;
	}
	if (!bright_bg)
		bg &= 7;
	if (c->ch & TERM_ATTR_HIDDEN)
		fg = bg;
	return (uint8_t)(bg << 4 | fg);
}

struct term_vga *term_vga_new(const struct term_alloc *alloc, volatile uint16_t *mem, int rows, int cols,
			      const struct term_vga_hw *hw)
{
	struct term_vga *v;
	size_t n = (size_t)rows * (size_t)cols;

	if (rows < 1 || cols < 1 || rows > 256 || cols > 256)
		return NULL;
	v = alloc->alloc(alloc->ctx, sizeof(*v));
	if (!v)
		return NULL;
	memset(v, 0, sizeof(*v));
	v->shadow = alloc->alloc(alloc->ctx, n * sizeof(uint16_t));
	if (!v->shadow) {
		alloc->free(alloc->ctx, v, sizeof(*v));
		return NULL;
	}
	v->alloc = *alloc;
	v->mem = mem;
	v->rows = rows;
	v->cols = cols;
	if (hw)
		v->hw = *hw;
	v->cur_pos = -2;
	for (size_t i = 0; i < n; i++) {
		v->shadow[i] = 0x0720;
		mem[i] = 0x0720;
	}
	return v;
}

void term_vga_free(struct term_vga *v)
{
	if (!v)
		return;
	v->alloc.free(v->alloc.ctx, v->shadow, (size_t)v->rows * (size_t)v->cols * sizeof(uint16_t));
	v->alloc.free(v->alloc.ctx, v, sizeof(*v));
}

void term_vga_get_stats(const struct term_vga *v, struct term_vga_stats *out)
{
	*out = v->stats;
}

static void store(struct term_vga *v, int row, int col, uint16_t val)
{
	size_t i = (size_t)row * (size_t)v->cols + (size_t)col;

	if (v->shadow[i] == val)
		return;
	v->shadow[i] = val;
	v->mem[i] = val;
	v->stats.cells_written++;
}

static void vga_draw(void *ctx, const struct term_screen *s, int row, int col, const struct term_cell *cells,
		     int n)
{
	struct term_vga *v = ctx;

	if (row < 0 || row >= v->rows)
		return;
	if (s->lines[row].flags & TERM_LINE_SIZE_MASK) {
		/* DECDWL/DECDHL approximated: each glyph of the first half followed by a blank */
		for (int i = 0; i < n && 2 * (col + i) + 1 < v->cols; i++) {
			const struct term_cell *c = &cells[i];
			uint32_t cps[TERM_CLUSTER_CPS];
			uint8_t ch = ' ', attr = term_vga_attr(c, v->hw.bright_bg);

			v->stats.cells_drawn++;
			if (!(c->ch & TERM_CH_CONT) && term_screen_chars(s, c, cps, TERM_CLUSTER_CPS) > 0)
				ch = (c->ch & TERM_CH_WIDE) ? VGA_REPLACEMENT : term_vga_cp437(cps[0]);
			store(v, row, 2 * (col + i), (uint16_t)(attr << 8 | ch));
			store(v, row, 2 * (col + i) + 1, (uint16_t)(attr << 8 | ' '));
		}
		return;
	}
	for (int i = 0; i < n && col + i < v->cols; i++) {
		const struct term_cell *c = &cells[i];
		uint32_t cps[TERM_CLUSTER_CPS];
		uint8_t ch = ' ', attr = term_vga_attr(c, v->hw.bright_bg);

		v->stats.cells_drawn++;
		if (c->ch & TERM_CH_CONT) {
			/* right half of a wide character: CP437 has none, the lead shows the replacement */
			ch = ' ';
		} else if (term_screen_chars(s, c, cps, TERM_CLUSTER_CPS) > 0) {
			ch = (c->ch & TERM_CH_WIDE) ? VGA_REPLACEMENT : term_vga_cp437(cps[0]);
		}
		store(v, row, col + i, (uint16_t)(attr << 8 | ch));
	}
}

static void vga_move_cursor(void *ctx, int row, int col, bool visible)
{
	struct term_vga *v = ctx;
	int pos = visible && row >= 0 && row < v->rows && col >= 0 && col < v->cols ? row * v->cols + col : -1;

	if (pos == v->cur_pos || !v->hw.cursor)
		return;
	v->hw.cursor(v->hw.ctx, pos < 0 ? 0 : (unsigned)pos, pos >= 0);
	v->cur_pos = pos;
}

static void vga_size(void *ctx, int *rows, int *cols)
{
	struct term_vga *v = ctx;

	*rows = v->rows;
	*cols = v->cols;
}

const struct term_backend term_vga_backend = {
	.draw = vga_draw,
	.move_cursor = vga_move_cursor,
	.size = vga_size,
};

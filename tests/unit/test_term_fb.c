/*
 * Framebuffer backend: text rendered into fake framebuffers of several formats (32 bpp XRGB,
 * 24 bpp BGR, odd channel positions, padded pitch) is decoded back cell by cell against the
 * font; colours, bold/underline/strike/inverse, wide characters, the drawn cursor, damage-only
 * blits, scrolling, padding never touched, unsupported formats refused.
 */
#include <stdlib.h>

#include <keel/errno.h>

#include "check.h"
#include "term/backend_fb.h"
#include "term/font.h"
#include "term/palette.h"
#include "term/term.h"
#include "term/view.h"
#include "term_test_util.h"

static const struct term_font *F = &term_font_default;

struct fbt {
	struct term_fb_format f;
	uint8_t *mem;
	size_t size;
	struct term_fb *b;
	struct term *t;
};

static void fbt_open(struct fbt *x, uint32_t w, uint32_t h, uint8_t bpp, uint32_t pad, const uint8_t pos[3])
{
	int rows, cols;

	x->f = (struct term_fb_format){ w, h, w * (bpp / 8u) + pad, bpp, pos[0], 8, pos[1], 8, pos[2], 8 };
	x->size = (size_t)x->f.pitch * h;
	x->mem = malloc(x->size);
	memset(x->mem, 0xa5, x->size);
	x->b = term_fb_new(&term_host_alloc, x->mem, &x->f, F);
	term_fb_grid(x->b, &rows, &cols);
	x->t = tt_new(rows, cols);
	term_attach(x->t, &term_fb_backend, x->b);
}

static void fbt_close(struct fbt *x)
{
	tt_free(x->t);
	term_fb_free(x->b);
	free(x->mem);
}

static void fbt_w(struct fbt *x, const char *s)
{
	tt_write(x->t, s);
	term_flush(x->t);
}

static uint32_t px(const struct fbt *x, unsigned X, unsigned Y)
{
	const uint8_t *p = x->mem + (size_t)Y * x->f.pitch + X * (x->f.bpp / 8u);
	uint32_t v = p[0] | p[1] << 8 | p[2] << 16;

	if (x->f.bpp == 32)
		v |= (uint32_t)p[3] << 24;
	return v;
}

/* Bits of cell (row, col), pixel line y, compared against the background pixel value. */
static uint32_t cell_bits(const struct fbt *x, int row, int col, unsigned y, unsigned span, uint32_t bg)
{
	uint32_t bits = 0;

	for (unsigned i = 0; i < F->width * span; i++)
		bits = bits << 1 | (px(x, (unsigned)col * F->width + i, (unsigned)row * F->height + y) != bg);
	return bits;
}

static uint32_t glyph_bits(uint32_t cp, unsigned y)
{
	return F->bits[(size_t)term_font_glyph(F, cp) * F->height + y];
}

static bool cell_is(const struct fbt *x, int row, int col, uint32_t cp, uint32_t bg)
{
	for (unsigned y = 0; y < F->height; y++)
		if (cell_bits(x, row, col, y, 1, bg) != glyph_bits(cp, y))
			return false;
	return true;
}

static const uint8_t XRGB[3] = { 16, 8, 0 }, BGR[3] = { 0, 8, 16 }, ODD[3] = { 24, 0, 8 };

TEST(text_in_every_format)
{
	const uint8_t *fmts[3] = { XRGB, BGR, ODD };
	uint8_t bpps[3] = { 32, 24, 32 };

	for (int i = 0; i < 3; i++) {
		struct fbt x;
		fbt_open(&x, 203, 71, bpps[i], 12, fmts[i]);   /* 25x4 cells plus margins, padded pitch */
		fbt_w(&x, "Keel \xc3\xa9\xe2\x94\x80\xe2\x96\x88!\r\nok");
		const char *want = "Keel ";
		for (int c = 0; c < 5; c++)
			CHECK(cell_is(&x, 0, c, (uint8_t)want[c], 0));
		CHECK(cell_is(&x, 0, 5, 0xe9, 0));
		CHECK(cell_is(&x, 0, 6, 0x2500, 0));
		CHECK(cell_is(&x, 0, 7, 0x2588, 0));
		CHECK(cell_is(&x, 1, 0, 'o', 0));
		/* the default foreground pixel has the colour at the channel positions */
		uint32_t fg = TERM_RGB_DEFAULT_FG;
		uint32_t want_px = ((fg >> 16) & 0xff) << fmts[i][0] | ((fg >> 8) & 0xff) << fmts[i][1] | (fg & 0xff) << fmts[i][2];
		bool found = false;
		for (unsigned y = 0; y < F->height; y++)
			for (unsigned X = 0; X < F->width; X++)
				found |= px(&x, X, y) == want_px;
		CHECK(found);
		/* pitch padding is never written */
		for (uint32_t y = 0; y < x.f.height; y++)
			for (uint32_t k = x.f.width * (bpps[i] / 8u); k < x.f.pitch; k++)
				if (x.mem[(size_t)y * x.f.pitch + k] != 0xa5)
					CHECK(!"padding written");
		fbt_close(&x);
	}
}

TEST(colours_and_attributes)
{
	struct fbt x;

	fbt_open(&x, 160, 64, 32, 0, XRGB);
	fbt_w(&x, "\x1b[38;2;1;2;3;48;2;40;50;60mA\x1b[0;1mB\x1b[0;4mC\x1b[0;9mD\x1b[0;7mE\x1b[0;8mF\x1b[0;41mG\x1b[?25l");
	uint32_t bgA = 0x28323c;
	CHECK(cell_is(&x, 0, 0, 'A', bgA));
	bool fg_seen = false;
	for (unsigned y = 0; y < F->height; y++)
		for (unsigned X = 0; X < F->width; X++)
			fg_seen |= px(&x, X, y) == 0x010203;
	CHECK(fg_seen);
	for (unsigned y = 0; y < F->height; y++) {
		uint32_t g = glyph_bits('B', y);
		CHECK_EQ_INT(cell_bits(&x, 0, 1, y, 1, 0), (g | g >> 1) & 0xff);
		uint32_t u = y == F->height - 2u ? 0xff : glyph_bits('C', y);
		CHECK_EQ_INT(cell_bits(&x, 0, 2, y, 1, 0), u);
		uint32_t s = y == F->height / 2u ? 0xff : glyph_bits('D', y);
		CHECK_EQ_INT(cell_bits(&x, 0, 3, y, 1, 0), s);
		/* inverse: the glyph in the background colour on the foreground colour */
		CHECK_EQ_INT(cell_bits(&x, 0, 4, y, 1, TERM_RGB_DEFAULT_FG), glyph_bits('E', y));
		CHECK_EQ_INT(cell_bits(&x, 0, 5, y, 1, 0), 0);
	}
	CHECK(cell_is(&x, 0, 6, 'G', 0xcd0000));
	fbt_close(&x);
}

TEST(wide_and_cursor)
{
	struct fbt x;

	fbt_open(&x, 160, 64, 32, 0, XRGB);
	fbt_w(&x, "a\xe4\xb8\x80" "b");
	CHECK(cell_is(&x, 0, 0, 'a', 0));
	CHECK(cell_is(&x, 0, 3, 'b', 0));
	for (unsigned y = 0; y < F->height; y++) {
		uint32_t g = glyph_bits(0x4e00, y), wide = 0;
		for (int i = 7; i >= 0; i--)
			wide = wide << 2 | ((g >> i) & 1) * 3u;
		CHECK_EQ_INT(cell_bits(&x, 0, 1, y, 2, 0), wide);
	}
	/* the cursor at (0,4): bottom lines inverted */
	for (unsigned y = 0; y < F->height; y++)
		CHECK_EQ_INT(cell_bits(&x, 0, 4, y, 1, 0), y >= F->height - TERM_FB_CURSOR_LINES ? 0xffu : 0u);
	CHECK_EQ_INT(px(&x, 4 * F->width, F->height - 1), 0xffffff);
	fbt_w(&x, "\r\n");
	CHECK(cell_is(&x, 0, 4, ' ', 0));          /* restored */
	for (unsigned y = 0; y < F->height; y++)
		CHECK_EQ_INT(cell_bits(&x, 1, 0, y, 1, 0), y >= F->height - TERM_FB_CURSOR_LINES ? 0xffu : 0u);
	fbt_w(&x, "Z");                             /* drawn over the cursor: cursor moves on */
	CHECK(cell_is(&x, 1, 0, 'Z', 0));
	fbt_w(&x, "\x1b[?25l");
	CHECK(cell_is(&x, 1, 1, ' ', 0));
	fbt_close(&x);
}

/* DECDWL: each cell twice as wide; DECDHL: the glyph's top or bottom half, twice as tall. */
TEST(double_width_and_height_lines)
{
	struct fbt x;

	fbt_open(&x, 160, 64, 32, 0, XRGB);
	fbt_w(&x, "\x1b#6ab\r\n\x1b#3c\r\n\x1b#4c\x1b[4;1H");
	for (unsigned y = 0; y < F->height; y++) {
		uint32_t wide = 0, top = 0, bot = 0;
		for (int i = 7; i >= 0; i--) {
			wide = wide << 2 | ((glyph_bits('b', y) >> i) & 1) * 3u;
			top = top << 2 | ((glyph_bits('c', y / 2) >> i) & 1) * 3u;
			bot = bot << 2 | ((glyph_bits('c', (F->height + y) / 2) >> i) & 1) * 3u;
		}
		CHECK_EQ_INT(cell_bits(&x, 0, 2, y, 2, 0), wide);      /* 'b' at columns 2-3 */
		CHECK_EQ_INT(cell_bits(&x, 1, 0, y, 2, 0), top);
		CHECK_EQ_INT(cell_bits(&x, 2, 0, y, 2, 0), bot);
	}
	fbt_w(&x, "\x1b[1;1H\x1b#5\x1b[4;1H");         /* DECSWL: back to single width */
	CHECK(cell_is(&x, 0, 0, 'a', 0));
	CHECK(cell_is(&x, 0, 1, 'b', 0));
	fbt_close(&x);
}

TEST(only_damaged_rows_blitted)
{
	struct fbt x;
	struct term_fb_stats st0, st;

	fbt_open(&x, 640, 480, 32, 0, XRGB);
	fbt_w(&x, "first");
	term_fb_get_stats(x.b, &st0);
	CHECK_EQ_INT(st0.rows_blitted, 30);          /* attach damages every row once */
	fbt_w(&x, "\x1b[10;1Hx");
	term_fb_get_stats(x.b, &st);
	CHECK_EQ_INT(st.rows_blitted - st0.rows_blitted, 2);   /* row 0 (old cursor) and row 9 */
	/* the old cursor cell, and 'x' plus the new cursor cell */
	CHECK_EQ_INT(st.bytes_blitted - st0.bytes_blitted, 3u * 4 * F->width * F->height);
	fbt_w(&x, "");
	term_fb_get_stats(x.b, &st0);
	CHECK_EQ_INT(st0.rows_blitted, st.rows_blitted);
	fbt_close(&x);
}

TEST(scroll_and_view)
{
	struct fbt x;
	struct term_fb_stats st;
	char line[32];

	fbt_open(&x, 80, 64, 24, 4, BGR);             /* 10x4 */
	for (int i = 0; i < 12; i++) {
		snprintf(line, sizeof(line), "%sL%d", i ? "\r\n" : "", i);
		fbt_w(&x, line);
	}
	term_fb_get_stats(x.b, &st);
	CHECK(st.scrolls >= 8);
	CHECK(cell_is(&x, 0, 1, '8', 0));
	CHECK(cell_is(&x, 3, 1, '1', 0));
	CHECK(cell_is(&x, 3, 2, '1', 0));
	term_view_draw(x.t, &term_fb_backend, x.b, 3);
	CHECK(cell_is(&x, 0, 1, '5', 0));
	CHECK(cell_is(&x, 3, 1, '8', 0));
	CHECK(cell_is(&x, 3, 2, ' ', 0));             /* no cursor while scrolled back */
	term_attach(x.t, &term_fb_backend, x.b);
	term_flush(x.t);
	CHECK(cell_is(&x, 0, 1, '8', 0));
	fbt_close(&x);
}

TEST(formats_refused)
{
	const char *why;
	struct term_fb_format f8 = { 640, 480, 640, 8, 0, 0, 0, 0, 0, 0 };
	struct term_fb_format f16 = { 640, 480, 1280, 16, 11, 5, 5, 6, 0, 5 };
	struct term_fb_format bad = { 640, 480, 2560, 32, 30, 8, 8, 8, 0, 8 };
	struct term_fb_format pitch = { 640, 480, 100, 32, 16, 8, 8, 8, 0, 8 };
	uint8_t dummy[16];

	CHECK_EQ_INT(term_fb_check_format(&f8, &why), -EINVAL);
	CHECK(why != NULL);
	CHECK_EQ_INT(term_fb_check_format(&f16, &why), -EINVAL);
	CHECK_EQ_INT(term_fb_check_format(&bad, &why), -EINVAL);
	CHECK_EQ_INT(term_fb_check_format(&pitch, &why), -EINVAL);
	CHECK(term_fb_new(&term_host_alloc, dummy, &f8, F) == NULL);
	struct term_fb_format tiny = { 4, 4, 16, 32, 16, 8, 8, 8, 0, 8 };
	CHECK(term_fb_new(&term_host_alloc, dummy, &tiny, F) == NULL);
}

TEST(font_table)
{
	CHECK_EQ_INT(F->width, 8);
	CHECK_EQ_INT(F->height, 16);
	CHECK(term_font_find(F, 'A') >= 0);
	CHECK(term_font_find(F, 0x2500) >= 0);     /* box drawing */
	CHECK(term_font_find(F, 0x0416) >= 0);     /* Cyrillic Zhe */
	CHECK(term_font_find(F, 0x4e00) < 0);
	CHECK_EQ_INT(term_font_glyph(F, 0x4e00), F->replacement);
	for (uint32_t i = 1; i < F->nmap; i++)
		CHECK(F->map[i - 1].cp < F->map[i].cp);
}

CHECK_MAIN("term_fb")

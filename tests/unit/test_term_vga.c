/*
 * VGA text backend: characters and attributes stored in a fake text buffer, CP437 mapping and
 * its replacement, nearest-colour mapping, bold/inverse/hidden, hardware cursor calls, only
 * changed cells written, scrolling redraws, and the scrollback view.
 */
#include "check.h"
#include "term/backend_vga.h"
#include "term/term.h"
#include "term/view.h"
#include "term_test_util.h"

static uint16_t mem[25 * 80];
static unsigned cur_pos, cur_calls;
static bool cur_vis;

static void hw_cursor(void *ctx, unsigned pos, bool visible)
{
	(void)ctx;
	cur_pos = pos;
	cur_vis = visible;
	cur_calls++;
}

static struct term *vt_new(struct term_vga **vp, bool bright)
{
	struct term_vga_hw hw = { hw_cursor, NULL, bright };
	struct term *t = tt_new(25, 80);

	memset(mem, 0x55, sizeof(mem));
	*vp = term_vga_new(&term_host_alloc, mem, 25, 80, &hw);
	term_attach(t, &term_vga_backend, *vp);
	return t;
}

static void vt_free(struct term *t, struct term_vga *v)
{
	tt_free(t);
	term_vga_free(v);
}

static void w(struct term *t, const char *s)
{
	tt_write(t, s);
	term_flush(t);
}

TEST(double_width_approximated)
{
	struct term_vga *v;
	struct term *t = vt_new(&v, false);

	w(t, "\x1b#6ab");
	CHECK_EQ_INT(mem[0], 0x0761);
	CHECK_EQ_INT(mem[1], 0x0720);             /* each glyph followed by a blank */
	CHECK_EQ_INT(mem[2], 0x0762);
	CHECK_EQ_INT(mem[3], 0x0720);
	w(t, "\x1b#5");
	CHECK_EQ_INT(mem[1], 0x0762);
	vt_free(t, v);
}

TEST(text_and_default_attr)
{
	struct term_vga *v;
	struct term *t = vt_new(&v, false);

	CHECK_EQ_INT(mem[0], 0x0720);             /* cleared on creation */
	w(t, "Hi\r\nthere");
	CHECK_EQ_INT(mem[0], 0x0748);
	CHECK_EQ_INT(mem[1], 0x0769);
	CHECK_EQ_INT(mem[80], 0x0774);
	CHECK_EQ_INT(cur_pos, 85);
	CHECK(cur_vis);
	w(t, "\x1b[?25l");
	CHECK(!cur_vis);
	vt_free(t, v);
}

TEST(colours)
{
	struct term_vga *v;
	struct term *t = vt_new(&v, false);

	w(t, "\x1b[31ma\x1b[1;34mb\x1b[0;38;2;250;250;80mc\x1b[0;103md\x1b[0;7me\x1b[0;8mf\x1b[0;38;5;21mg");
	CHECK_EQ_INT(mem[0] >> 8, 0x04);          /* red */
	CHECK_EQ_INT(mem[1] >> 8, 0x09);          /* bold blue -> light blue */
	CHECK_EQ_INT(mem[2] >> 8, 0x0e);          /* truecolour -> yellow */
	CHECK_EQ_INT(mem[3] >> 8, 0x67);          /* bright yellow bg without bright backgrounds -> brown */
	CHECK_EQ_INT(mem[4] >> 8, 0x70);          /* inverse */
	CHECK_EQ_INT(mem[5] >> 8, 0x00);          /* hidden */
	CHECK_EQ_INT(mem[6] >> 8, 0x01);          /* 256-colour 21 (0,0,255) -> blue (nearest) */
	CHECK_EQ_INT(term_vga_color(term_color_rgb(0, 0, 0), 7), 0);
	CHECK_EQ_INT(term_vga_color(term_color_rgb(0xaa, 0x55, 0), 7), 6);
	CHECK_EQ_INT(term_vga_color(term_color_index(15), 0), 15);
	CHECK_EQ_INT(term_vga_color(0, 3), 3);
	vt_free(t, v);
	t = vt_new(&v, true);
	w(t, "\x1b[103md");
	CHECK_EQ_INT(mem[0] >> 8, 0xe7);          /* bright backgrounds allowed */
	vt_free(t, v);
}

TEST(cp437)
{
	struct term_vga *v;
	struct term *t = vt_new(&v, false);

	w(t, "\xe2\x94\x80\xe2\x94\x82\xe2\x94\x8c\xc3\xa9\xe2\x96\x88\xc3\x9f\xcf\x80\xe4\xb8\x80x\xe2\x82\xac");
	CHECK_EQ_INT(mem[0] & 0xff, 0xc4);        /* ─ */
	CHECK_EQ_INT(mem[1] & 0xff, 0xb3);        /* │ */
	CHECK_EQ_INT(mem[2] & 0xff, 0xda);        /* ┌ */
	CHECK_EQ_INT(mem[3] & 0xff, 0x82);        /* é */
	CHECK_EQ_INT(mem[4] & 0xff, 0xdb);        /* █ */
	CHECK_EQ_INT(mem[5] & 0xff, 0xe1);        /* ß */
	CHECK_EQ_INT(mem[6] & 0xff, 0xe3);        /* π */
	CHECK_EQ_INT(mem[7] & 0xff, 0xfe);        /* 一: wide, no glyph -> ■ */
	CHECK_EQ_INT(mem[8] & 0xff, 0x20);        /* its right half */
	CHECK_EQ_INT(mem[9] & 0xff, 'x');
	CHECK_EQ_INT(mem[10] & 0xff, 0xfe);       /* € is not in CP437 */
	CHECK_EQ_INT(term_vga_cp437(0x263a), 0x01);
	CHECK_EQ_INT(term_vga_cp437(0x2302), 0x7f);
	CHECK_EQ_INT(term_vga_cp437(0x00a0), 0xff);
	CHECK_EQ_INT(term_vga_cp437(0x10ffff), 0xfe);
	vt_free(t, v);
}

TEST(only_changed_cells_written)
{
	struct term_vga *v;
	struct term_vga_stats st;
	struct term *t = vt_new(&v, false);

	w(t, "hello world");
	term_vga_get_stats(v, &st);
	CHECK_EQ_INT(st.cells_written, 10);        /* the space was already there */
	w(t, "\rhello there");                /* same first 6 cells */
	term_vga_get_stats(v, &st);
	CHECK_EQ_INT(st.cells_written, 10 + 5);
	unsigned calls = cur_calls;
	w(t, "");                             /* nothing changed: no cursor call either */
	CHECK_EQ_INT(cur_calls, calls);
	vt_free(t, v);
}

TEST(scroll_and_view)
{
	struct term_vga *v;
	char line[32];
	struct term *t = vt_new(&v, false);

	for (int i = 0; i < 40; i++) {
		snprintf(line, sizeof(line), "%sline %d", i ? "\r\n" : "", i);
		w(t, line);
	}
	/* lines 15..39 on screen */
	CHECK_EQ_INT(mem[0] & 0xff, 'l');
	CHECK_EQ_INT(mem[5] & 0xff, '1');
	CHECK_EQ_INT(mem[6] & 0xff, '5');
	CHECK_EQ_INT(mem[24 * 80 + 6] & 0xff, '9');
	CHECK_EQ_INT(term_view_max(t), 15);
	CHECK_EQ_INT(term_view_draw(t, &term_vga_backend, v, 10), 10);
	CHECK_EQ_INT(mem[5] & 0xff, '5');         /* "line 5" */
	CHECK_EQ_INT(mem[6] & 0xff, ' ');
	CHECK(!cur_vis);
	CHECK_EQ_INT(term_view_draw(t, &term_vga_backend, v, 99), 15);
	CHECK_EQ_INT(mem[5] & 0xff, '0');
	term_attach(t, &term_vga_backend, v);
	term_flush(t);
	CHECK_EQ_INT(mem[6] & 0xff, '5');
	CHECK_EQ_INT(mem[7] & 0xff, ' ');
	CHECK_EQ_INT(mem[5] & 0xff, '1');
	CHECK(cur_vis);
	vt_free(t, v);
}

CHECK_MAIN("term_vga")

/*
 * Erase and edit: ED 0/1/2/3, EL 0/1/2, ECH, ICH, DCH, IL, DL, SU, SD (with and without a
 * scroll region), REP, insert mode, LNM, and erasing with a coloured pen.
 */
#include "check.h"
#include "term_test_util.h"

static struct term *filled(void)
{
	struct term *t = tt_new(4, 6);
	tt_write(t, "aaaaaabbbbbbccccccdddddd\x1b[2;3H");
	return t;
}

TEST(erase_display)
{
	struct term *t = filled();
	tt_write(t, "\x1b[J");
	CHECK_EQ_STR(tt_row(t, 1), "bb");
	CHECK_EQ_STR(tt_row(t, 2), "");
	tt_free(t);
	t = filled();
	tt_write(t, "\x1b[1J");
	CHECK_EQ_STR(tt_row(t, 0), "");
	CHECK_EQ_STR(tt_row(t, 1), "   bbb");
	CHECK_EQ_STR(tt_row(t, 2), "cccccc");
	tt_free(t);
	t = filled();
	tt_write(t, "\x1b[2J");
	for (int r = 0; r < 4; r++)
		CHECK_EQ_STR(tt_row(t, r), "");
	tt_free(t);
}

TEST(erase_line_and_chars)
{
	struct term *t = filled();
	tt_write(t, "\x1b[K");
	CHECK_EQ_STR(tt_row(t, 1), "bb");
	tt_write(t, "\x1b[3;4H\x1b[1K");
	CHECK_EQ_STR(tt_row(t, 2), "    cc");
	tt_write(t, "\x1b[4;2H\x1b[2X");
	CHECK_EQ_STR(tt_row(t, 3), "d  ddd");
	tt_write(t, "\x1b[2K");
	CHECK_EQ_STR(tt_row(t, 3), "");
	tt_free(t);
}

TEST(insert_delete_chars)
{
	struct term *t = filled();
	tt_write(t, "\x1b[2@");
	CHECK_EQ_STR(tt_row(t, 1), "bb  bb");
	tt_write(t, "\x1b[3P");
	CHECK_EQ_STR(tt_row(t, 1), "bbb");
	tt_write(t, "\x1b[4h" "XY\x1b[4l");
	CHECK_EQ_STR(tt_row(t, 1), "bbXYb");
	tt_free(t);
}

TEST(insert_delete_lines)
{
	struct term *t = filled();
	tt_write(t, "\x1b[L");
	CHECK_EQ_STR(tt_row(t, 1), "");
	CHECK_EQ_STR(tt_row(t, 2), "bbbbbb");
	CHECK_EQ_STR(tt_row(t, 3), "cccccc");
	tt_write(t, "\x1b[2M");
	CHECK_EQ_STR(tt_row(t, 1), "cccccc");
	CHECK_EQ_STR(tt_row(t, 2), "");
	tt_free(t);
}

TEST(scroll_up_down_and_regions)
{
	struct term *t = filled();
	tt_write(t, "\x1b[S");
	CHECK_EQ_STR(tt_row(t, 0), "bbbbbb");
	CHECK_EQ_STR(tt_row(t, 3), "");
	tt_write(t, "\x1b[2T");
	CHECK_EQ_STR(tt_row(t, 2), "bbbbbb");
	tt_free(t);
	t = filled();
	tt_write(t, "\x1b[2;3r\x1b[S");                 /* only rows 2-3 move */
	CHECK_EQ_STR(tt_row(t, 0), "aaaaaa");
	CHECK_EQ_STR(tt_row(t, 1), "cccccc");
	CHECK_EQ_STR(tt_row(t, 2), "");
	CHECK_EQ_STR(tt_row(t, 3), "dddddd");
	CHECK_EQ_INT(term_get_screen(t)->sb_count, 0);  /* not from the top: no scrollback */
	tt_write(t, "\x1b[3;1H\nX");                    /* LF at the region bottom scrolls it */
	CHECK_EQ_STR(tt_row(t, 2), "X");
	CHECK_EQ_STR(tt_row(t, 3), "dddddd");
	tt_free(t);
}

TEST(rep)
{
	struct term *t = tt_new(3, 5);
	tt_write(t, "x\x1b[7b");                        /* wraps like printed text */
	CHECK_EQ_STR(tt_row(t, 0), "xxxxx");
	CHECK_EQ_STR(tt_row(t, 1), "xxx");
	tt_write(t, "\x1b" "c\x1b[5b");                 /* nothing to repeat: nothing happens */
	CHECK_EQ_STR(tt_row(t, 0), "");
	tt_free(t);
}

TEST(newline_mode)
{
	struct term *t = tt_new(3, 10);
	tt_write(t, "\x1b[20hab\ncd");
	CHECK_EQ_STR(tt_row(t, 1), "cd");
	tt_write(t, "\x1b[20l\nef");
	CHECK_EQ_STR(tt_row(t, 2), "  ef");
	tt_free(t);
}

TEST(erase_uses_pen_background)
{
	struct term *t = tt_new(2, 4);
	tt_write(t, "\x1b[44m\x1b[2J");
	struct term_cell c = tt_cell(t, 1, 3);
	CHECK_EQ_INT(c.ch & TERM_CH_CP_MASK, 0);
	CHECK_EQ_U64(c.bg, term_color_index(4));
	tt_free(t);
}

CHECK_MAIN("test_term_edit")

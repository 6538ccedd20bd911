/*
 * SGR: every attribute on and off, underline styles, the 16 colours, 256 and 24-bit colours
 * in ';' and ':' forms, defaults, malformed extended colours, and reset.
 */
#include "check.h"
#include "term_test_util.h"

static struct term_cell sgr(const char *seq)
{
	struct term *t = tt_new(1, 4);
	struct term_cell c;

	tt_write(t, seq);
	tt_write(t, "x");
	c = tt_cell(t, 0, 0);
	tt_free(t);
	return c;
}

TEST(attributes)
{
	CHECK(sgr("\x1b[1m").ch & TERM_ATTR_BOLD);
	CHECK(sgr("\x1b[2m").ch & TERM_ATTR_FAINT);
	CHECK(sgr("\x1b[3m").ch & TERM_ATTR_ITALIC);
	CHECK(sgr("\x1b[5m").ch & TERM_ATTR_BLINK);
	CHECK(sgr("\x1b[7m").ch & TERM_ATTR_INVERSE);
	CHECK(sgr("\x1b[8m").ch & TERM_ATTR_HIDDEN);
	CHECK(sgr("\x1b[9m").ch & TERM_ATTR_STRIKE);
	CHECK_EQ_INT(sgr("\x1b[1;2;22m").ch & TERM_CH_ATTR_MASK, 0);
	CHECK_EQ_INT(sgr("\x1b[3;23m").ch & TERM_CH_ATTR_MASK, 0);
	CHECK_EQ_INT(sgr("\x1b[5;25;7;27;8;28;9;29m").ch & TERM_CH_ATTR_MASK, 0);
	CHECK_EQ_INT(sgr("\x1b[1;3;5;7;9;0m").ch & TERM_CH_ATTR_MASK, 0);
	CHECK_EQ_INT(sgr("\x1b[1;3m\x1b[m").ch & TERM_CH_ATTR_MASK, 0);
}

TEST(underline)
{
	CHECK_EQ_INT((sgr("\x1b[4m").fg & TERM_UL_MASK) >> TERM_UL_SHIFT, 1);
	CHECK_EQ_INT((sgr("\x1b[21m").fg & TERM_UL_MASK) >> TERM_UL_SHIFT, 2);
	CHECK_EQ_INT((sgr("\x1b[4:3m").fg & TERM_UL_MASK) >> TERM_UL_SHIFT, 3);
	CHECK_EQ_INT((sgr("\x1b[4:0m").fg & TERM_UL_MASK) >> TERM_UL_SHIFT, 0);
	CHECK_EQ_INT((sgr("\x1b[4;24m").fg & TERM_UL_MASK) >> TERM_UL_SHIFT, 0);
	CHECK_EQ_INT((sgr("\x1b[4;31m").fg & TERM_COLOR_MASK), term_color_index(1));
}

TEST(basic_colours)
{
	CHECK_EQ_U64(sgr("\x1b[31m").fg, term_color_index(1));
	CHECK_EQ_U64(sgr("\x1b[47m").bg, term_color_index(7));
	CHECK_EQ_U64(sgr("\x1b[95m").fg, term_color_index(13));
	CHECK_EQ_U64(sgr("\x1b[104m").bg, term_color_index(12));
	CHECK_EQ_U64(sgr("\x1b[31;39m").fg, 0);
	CHECK_EQ_U64(sgr("\x1b[41;49m").bg, 0);
}

TEST(extended_colours)
{
	CHECK_EQ_U64(sgr("\x1b[38;5;200m").fg, term_color_index(200));
	CHECK_EQ_U64(sgr("\x1b[48;5;17m").bg, term_color_index(17));
	CHECK_EQ_U64(sgr("\x1b[38;2;1;2;3m").fg, term_color_rgb(1, 2, 3));
	CHECK_EQ_U64(sgr("\x1b[48;2;255;128;0m").bg, term_color_rgb(255, 128, 0));
	CHECK_EQ_U64(sgr("\x1b[38:5:9m").fg, term_color_index(9));
	CHECK_EQ_U64(sgr("\x1b[38:2::10:20:30m").fg, term_color_rgb(10, 20, 30));
	CHECK_EQ_U64(sgr("\x1b[38:2:10:20:30m").fg, term_color_rgb(10, 20, 30));
	/* what follows an extended colour is read as SGR again */
	struct term_cell c = sgr("\x1b[38;5;1;1;48;2;4;5;6;3m");
	CHECK_EQ_U64(c.fg, term_color_index(1));
	CHECK_EQ_U64(c.bg, term_color_rgb(4, 5, 6));
	CHECK(c.ch & TERM_ATTR_BOLD);
	CHECK(c.ch & TERM_ATTR_ITALIC);
}

TEST(malformed_is_harmless)
{
	CHECK_EQ_U64(sgr("\x1b[38;5m").fg, 0);
	CHECK_EQ_U64(sgr("\x1b[38;2;1m").fg, 0);
	CHECK_EQ_U64(sgr("\x1b[38;7;1m").fg, 0);
	CHECK_EQ_U64(sgr("\x1b[48;5;999m").bg, 0);
	CHECK_EQ_INT(sgr("\x1b[38m").ch & TERM_CH_CP_MASK, 'x');
	CHECK_EQ_INT(sgr("\x1b[58;5;3;1m").ch & TERM_ATTR_BOLD, TERM_ATTR_BOLD);
}

CHECK_MAIN("test_term_sgr")

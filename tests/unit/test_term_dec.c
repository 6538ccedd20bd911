/*
 * xterm conformance of the DEC area operations and attributes, named after the esctest2 cases
 * they mirror: selective erase (DECSCA with DECSED/DECSEL/DECSERA) against ISO protection
 * (SPA/EPA with ED/EL/ECH), the rectangle operations (DECFRA, DECERA, DECCRA), DECIC/DECDC,
 * DECBI/DECFI, line sizes (DECDWL/DECDHL/DECSWL), SGR 10-19 fonts and 73/74, bold-bright, the
 * pen as a public query, and resize without reflow.
 */
#include "check.h"
#include "term_test_util.h"

TEST(DECSED_Default_Protection)
{
	struct term *t = tt_new(5, 10);

	tt_write(t, "\x1b[1\"qa\x1b[3;1Hbcd\x1b[0\"q\x1b[5;2HX\x1b[3;2H\x1b[?J");
	CHECK_EQ_STR(tt_row(t, 0), "a");
	CHECK_EQ_STR(tt_row(t, 2), "bcd");
	CHECK_EQ_STR(tt_row(t, 4), "");                 /* X was not protected */
	tt_write(t, "\x1b[2J");                         /* ED ignores DEC protection */
	CHECK_EQ_STR(tt_row(t, 2), "");
	tt_free(t);
}

TEST(DECSEL_Protection)
{
	struct term *t = tt_new(2, 10);

	tt_write(t, "ab\x1b[1\"qcd\x1b[2\"qef\x1b[1;1H\x1b[?2K");
	CHECK_EQ_STR(tt_row(t, 0), "  cd");
	tt_free(t);
}

TEST(EL_respectsISOProtection)
{
	struct term *t = tt_new(2, 10);

	tt_write(t, "a\x1b" "Vb\x1b" "Wc\x1b[1;1H\x1b[2K");     /* SPA b EPA */
	CHECK_EQ_STR(tt_row(t, 0), " b");
	tt_write(t, "\x1b[1;1H\x1b[?2K");               /* DECSEL keeps it too (as xterm) */
	CHECK_EQ_STR(tt_row(t, 0), " b");
	tt_write(t, "\x1b[1;1;1;10${");                 /* DECSERA does not respect ISO */
	CHECK_EQ_STR(tt_row(t, 0), "");
	tt_free(t);
}

TEST(DECSERA_basic)
{
	struct term *t = tt_new(4, 6);

	tt_write(t, "abcdef\r\n\x1b[1\"qghijkl\x1b[0\"q\r\nmnopqr\x1b[1;2;3;4${");
	CHECK_EQ_STR(tt_row(t, 0), "a   ef");
	CHECK_EQ_STR(tt_row(t, 1), "ghijkl");
	CHECK_EQ_STR(tt_row(t, 2), "m   qr");
	tt_free(t);
}

TEST(DECFRA_DECERA_basic)
{
	struct term *t = tt_new(4, 6);

	tt_write(t, "\x1b[88;2;2;3;4$x");               /* fill with X */
	CHECK_EQ_STR(tt_row(t, 1), " XXX");
	CHECK_EQ_STR(tt_row(t, 2), " XXX");
	tt_write(t, "\x1b[2;3;2;3$z");
	CHECK_EQ_STR(tt_row(t, 1), " X X");
	tt_write(t, "\x1b[7;2;2;3;4$x");                /* not a printable character: nothing */
	CHECK_EQ_STR(tt_row(t, 2), " XXX");
	tt_free(t);
}

TEST(DECCRA_overlappingAndOriginMode)
{
	struct term *t = tt_new(5, 8);

	tt_write(t, "abcd\r\nefgh\r\nijkl");
	tt_write(t, "\x1b[1;1;3;4;1;2;3;1$v");          /* copy down and right, overlapping */
	CHECK_EQ_STR(tt_row(t, 0), "abcd");
	CHECK_EQ_STR(tt_row(t, 1), "efabcd");
	CHECK_EQ_STR(tt_row(t, 2), "ijefgh");
	CHECK_EQ_STR(tt_row(t, 3), "  ijkl");
	tt_write(t, "\x1b[2;5r\x1b[?6h\x1b[1;3;1;4;1;4;1;1$v");   /* relative to the margins */
	CHECK_EQ_STR(tt_row(t, 4), "ab");
	tt_free(t);
}

TEST(DECCARA_DECRARA)
{
	struct term *t = tt_new(3, 6);

	tt_write(t, "abcdef\r\nghijkl\x1b[2*x");      /* DECSACE 2: rectangle extent */
	tt_write(t, "\x1b[1;2;2;3;1;4$r");             /* bold + underline in rows 1-2, cols 2-3 */
	CHECK(tt_cell(t, 0, 1).ch & TERM_ATTR_BOLD);
	CHECK(tt_cell(t, 1, 2).fg & TERM_UL_MASK);
	CHECK(!(tt_cell(t, 0, 3).ch & TERM_ATTR_BOLD));
	CHECK(!(tt_cell(t, 1, 0).ch & TERM_ATTR_BOLD));
	tt_write(t, "\x1b[1;1;2;6;7$t");               /* reverse inverse everywhere */
	CHECK(tt_cell(t, 0, 0).ch & TERM_ATTR_INVERSE);
	tt_write(t, "\x1b[1;1;2;6;7$t");
	CHECK(!(tt_cell(t, 0, 0).ch & TERM_ATTR_INVERSE));
	tt_write(t, "\x1b[1;1;2;6$r");                 /* no Ps: all off */
	CHECK(!(tt_cell(t, 0, 1).ch & TERM_ATTR_BOLD));
	CHECK(!(tt_cell(t, 1, 2).fg & TERM_UL_MASK));
	/* stream extent (DECSACE 0): from the first position to the last, through the line ends */
	tt_write(t, "\x1b[0*x\x1b[1;5;2;2;1$r");
	CHECK(tt_cell(t, 0, 5).ch & TERM_ATTR_BOLD);
	CHECK(tt_cell(t, 1, 0).ch & TERM_ATTR_BOLD);
	CHECK(!(tt_cell(t, 0, 3).ch & TERM_ATTR_BOLD));
	CHECK(!(tt_cell(t, 1, 2).ch & TERM_ATTR_BOLD));
	tt_free(t);
}

TEST(DECIC_DECDC_InsideMargins)
{
	struct term *t = tt_new(3, 6);

	tt_write(t, "abcdef\r\nghijkl\x1b[1;2H\x1b[2'}");
	CHECK_EQ_STR(tt_row(t, 0), "a  bcd");
	CHECK_EQ_STR(tt_row(t, 1), "g  hij");
	tt_write(t, "\x1b[3'~");
	CHECK_EQ_STR(tt_row(t, 0), "acd");
	tt_free(t);
}

TEST(DECBI_DECFI_ScrollAtMargins)
{
	struct term *t = tt_new(2, 6);

	tt_write(t, "abcdef\x1b[?69h\x1b[2;5s\x1b[1;2H\x1b" "6");   /* at the left margin */
	CHECK_EQ_STR(tt_row(t, 0), "a bcdf");
	tt_write(t, "\x1b[1;5H\x1b" "9");               /* at the right margin */
	CHECK_EQ_STR(tt_row(t, 0), "abcd f");
	tt_write(t, "\x1b[1;3H\x1b" "9");               /* elsewhere: just a move */
	tt_at(t, 0, 3);
	tt_free(t);
}

TEST(DECDWL_HalfTheColumns)
{
	struct term *t = tt_new(3, 10);

	tt_write(t, "\x1b#6abcdefgh");
	CHECK(term_get_screen(t)->lines[0].flags & TERM_LINE_DWL);
	CHECK_EQ_STR(tt_row(t, 0), "abcde");            /* 5 usable columns, then the wrap */
	CHECK_EQ_STR(tt_row(t, 1), "fgh");
	tt_write(t, "\x1b[1;9H");                       /* CUP is clamped to the half */
	tt_at(t, 0, 4);
	tt_write(t, "\x1b[2;1H\x1b#3\x1b[3;1H\x1b#4");
	CHECK(term_get_screen(t)->lines[1].flags & TERM_LINE_DHL_TOP);
	CHECK(term_get_screen(t)->lines[2].flags & TERM_LINE_DHL_BOT);
	tt_write(t, "\x1b[1;1H\x1b#5");                 /* DECSWL */
	CHECK(!(term_get_screen(t)->lines[0].flags & TERM_LINE_SIZE_MASK));
	tt_write(t, "\x1b[2J");                         /* erasing a line makes it single again */
	CHECK(!(term_get_screen(t)->lines[1].flags & TERM_LINE_SIZE_MASK));
	tt_free(t);
}

/* A wide glyph that wraps onto a double-width line one column wide (a 2- or 3-column screen) has
 * nowhere to go there: it is dropped, never written left of column 0 (fuzz_term_reflow). */
TEST(DECDWL_WideGlyphWrapsOntoOneColumnHalf)
{
	struct term *t = tt_new(4, 2);

	tt_write(t, "\r\n\x1b#3\x1b[H5\xe4\xa4\xa7");  /* row 2 double height; "5" then U+4927 */
	CHECK_EQ_STR(tt_row(t, 0), "5");
	CHECK_EQ_STR(tt_row(t, 1), "");
	tt_at(t, 1, 0);
	CHECK(term_check_invariants(t) == NULL);
	tt_write(t, "x\xe4\xa4\xa7y");                  /* on the one-column half itself: dropped too */
	CHECK(term_check_invariants(t) == NULL);
	tt_free(t);
}

TEST(SGR_FontsAndBaseline)
{
	struct term *t = tt_new(2, 10);
	struct term_pen p;

	tt_write(t, "\x1b[13;73m");
	term_get_pen(t, &p);
	CHECK_EQ_INT((p.fg & TERM_FONT_MASK) >> TERM_FONT_SHIFT, 3);
	CHECK_EQ_INT((p.bg & TERM_BG_BASELINE_MASK) >> TERM_BG_BASELINE_SHIFT, 1);
	tt_write(t, "x");
	CHECK_EQ_INT((tt_cell(t, 0, 0).fg & TERM_FONT_MASK) >> TERM_FONT_SHIFT, 3);
	tt_write(t, "\x1bP$qm\x1b\\");
	CHECK_EQ_STR(tt_replies(t), "\x1bP1$r0;13;73m\x1b\\");
	tt_write(t, "\x1b[10;75m");
	term_get_pen(t, &p);
	CHECK_EQ_INT(p.fg & TERM_FONT_MASK, 0);
	CHECK_EQ_INT(p.bg & TERM_BG_BASELINE_MASK, 0);
	tt_write(t, "\x1b[1\"q\x1b[m");                 /* SGR 0 keeps DECSCA protection */
	term_get_pen(t, &p);
	CHECK(p.bg & TERM_BG_PROTECTED);
	tt_free(t);
}

TEST(BoldBright)
{
	struct term *t = tt_new(2, 10);
	struct term_pen p;

	tt_write(t, "\x1b[1;31m");
	term_get_pen(t, &p);
	CHECK_EQ_U64(p.fg & TERM_COLOR_MASK, term_color_index(1));
	term_set_bold_bright(t, true);
	tt_write(t, "\x1b[m\x1b[31;1m");
	term_get_pen(t, &p);
	CHECK_EQ_U64(p.fg & TERM_COLOR_MASK, term_color_index(9));
	tt_write(t, "\x1b[m\x1b[1;38;5;2m");            /* 256-colour indices are left alone */
	term_get_pen(t, &p);
	CHECK_EQ_U64(p.fg & TERM_COLOR_MASK, term_color_index(10));
	tt_free(t);
}

TEST(ResizeWithoutReflow)
{
	struct term *t = tt_new(5, 10);
	int r, c;

	term_set_reflow(t, false);
	tt_write(t, "0123456789abc\x1b[3;1H");
	CHECK_EQ_INT(term_resize(t, 3, 6), 0);
	CHECK_EQ_STR(tt_row(t, 0), "012345");           /* cut, not reflowed */
	CHECK_EQ_STR(tt_row(t, 1), "abc");
	tt_cursor(t, &r, &c);
	CHECK_EQ_INT(r, 2);
	CHECK_EQ_INT(term_get_screen(t)->sb_count, 0);  /* blank rows below the cursor went */
	/* text at the bottom stays: the top rows go to the scrollback instead */
	tt_write(t, "\x1b[3;1Hlast\x1b[1;1H");
	CHECK_EQ_INT(term_resize(t, 2, 6), 0);
	CHECK_EQ_STR(tt_row(t, 0), "abc");
	CHECK_EQ_STR(tt_row(t, 1), "last");
	CHECK_EQ_INT(term_get_screen(t)->sb_count, 1);
	tt_cursor(t, &r, &c);
	CHECK_EQ_INT(r, 0);                             /* never above the screen */
	CHECK_EQ_INT(term_resize(t, 3, 6), 0);          /* taller: the line comes back */
	CHECK_EQ_STR(tt_row(t, 0), "012345");
	CHECK_EQ_INT(term_get_screen(t)->sb_count, 0);
	tt_free(t);
}

CHECK_MAIN("test_term_dec")

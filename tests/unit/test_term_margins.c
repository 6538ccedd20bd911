/*
 * xterm conformance of the margins and the modes around them, each test named after the
 * esctest2 case it mirrors (so CI guards what the external suite measured): DECLRMM/DECSLRM
 * across printing, scrolling, IL/DL, ICH/DCH, CR, tabs and origin mode; CUU/CUD/CNL/CPL at the
 * scroll margins; reverse wraparound (?45); DECCOLM with ?40 and ?95; DECSCNM; DECALN; the
 * per-screen saved cursor; CSI ? s / ? r; DECSLPP; CHT/CBT edges; the more(1) fix (?41).
 */
#include "check.h"
#include "term_test_util.h"

TEST(DECSET_DECAWM_OnRespectsLeftRightMargin)
{
	struct term *t = tt_new(10, 20);

	tt_write(t, "\x1b[?69h\x1b[5;9s\x1b[3;5Habcdefg");        /* margins: columns 5..9 */
	CHECK_EQ_STR(tt_row(t, 2), "    abcde");
	CHECK_EQ_STR(tt_row(t, 3), "    fg");
	/* DECLRMM off: the margins no longer apply */
	tt_write(t, "\x1b[?69l\x1b[6;18Hxyz");
	CHECK_EQ_STR(tt_row(t, 5), "                 xyz");
	tt_free(t);
}

TEST(DECSLRM_CursorHomesAndScrollsInside)
{
	struct term *t = tt_new(6, 10);

	tt_write(t, "0123456789\r\n0123456789\r\n0123456789");
	tt_write(t, "\x1b[?69h\x1b[3;6s");
	tt_at(t, 0, 0);                                    /* DECSLRM homes the cursor */
	/* LF at the bottom scrolls only columns 3..6 (1-based) */
	tt_write(t, "\x1b[2;4r\x1b[4;4H\n");
	CHECK_EQ_STR(tt_row(t, 1), "0123456789");
	CHECK_EQ_STR(tt_row(t, 2), "01    6789");
	tt_write(t, "\x1b[2;4H\x1b[S");                 /* SU inside the rectangle */
	CHECK_EQ_STR(tt_row(t, 1), "01    6789");
	tt_free(t);
}

TEST(IL_DL_RespectLeftRightMargins)
{
	struct term *t = tt_new(4, 8);

	tt_write(t, "abcdefgh\r\nijklmnop\r\nqrstuvwx");
	tt_write(t, "\x1b[?69h\x1b[3;5s\x1b[1;4H\x1b[L");
	CHECK_EQ_STR(tt_row(t, 0), "ab   fgh");
	CHECK_EQ_STR(tt_row(t, 1), "ijcdenop");
	CHECK_EQ_STR(tt_row(t, 2), "qrklmvwx");
	tt_at(t, 0, 3);                                    /* IL keeps the column (xterm) */
	tt_write(t, "\x1b[M");
	CHECK_EQ_STR(tt_row(t, 0), "abcdefgh");
	/* outside the left/right margins IL does nothing */
	tt_write(t, "\x1b[1;8H\x1b[L");
	CHECK_EQ_STR(tt_row(t, 0), "abcdefgh");
	tt_free(t);
}

TEST(ICH_DCH_ScrollOffRightMarginInScrollRegion)
{
	struct term *t = tt_new(3, 10);

	tt_write(t, "abcdefghij\x1b[?69h\x1b[3;6s\x1b[1;4H\x1b[2@");
	CHECK_EQ_STR(tt_row(t, 0), "abc  dghij");      /* e, f pushed past the right margin */
	tt_write(t, "\x1b[1;3H\x1b[3P");
	CHECK_EQ_STR(tt_row(t, 0), "abd   ghij");
	tt_write(t, "\x1b[1;8H\x1b[P");                 /* outside the margins: nothing */
	CHECK_EQ_STR(tt_row(t, 0), "abd   ghij");
	tt_free(t);
}

TEST(DCH_WorksOutsideTopBottomMargin)
{
	struct term *t = tt_new(5, 10);

	tt_write(t, "abcdef\x1b[3;4r\x1b[1;1H\x1b[P");
	CHECK_EQ_STR(tt_row(t, 0), "bcdef");
	tt_free(t);
}

TEST(CR_MovesToLeftMargin)
{
	struct term *t = tt_new(3, 20);

	tt_write(t, "\x1b[?69h\x1b[5;10s\x1b[1;8H\r");
	tt_at(t, 0, 4);
	tt_write(t, "\x1b[1;3H\r");                     /* left of the margin: column 1 */
	tt_at(t, 0, 0);
	tt_free(t);
}

TEST(CUP_RespectsOriginModeWithMargins)
{
	struct term *t = tt_new(10, 20);

	tt_write(t, "\x1b[3;6r\x1b[?69h\x1b[5;10s\x1b[?6h\x1b[2;3H");
	tt_at(t, 3, 6);
	tt_write(t, "\x1b[99;99H");
	tt_at(t, 5, 9);
	tt_write(t, "\x1b[6n");
	CHECK_EQ_STR(tt_replies(t), "\x1b[4;6R");
	tt_free(t);
}

TEST(CUU_CUD_StopAtScrollMargins)
{
	struct term *t = tt_new(10, 10);

	tt_write(t, "\x1b[3;6r\x1b[5;1H\x1b[9A");
	tt_at(t, 2, 0);
	tt_write(t, "\x1b[9B");
	tt_at(t, 5, 0);
	tt_write(t, "\x1b[8;1H\x1b[9B");                /* below the region: the screen edge */
	tt_at(t, 9, 0);
	tt_write(t, "\x1b[9A");                         /* from below, CUU stops at the top margin? no: */
	tt_at(t, 2, 0);                                    /* it enters the region and stops at its top */
	tt_write(t, "\x1b[2;1H\x1b[9A");
	tt_at(t, 0, 0);
	tt_free(t);
}

TEST(CNL_CPL_StopAtMarginsAndGoToLeftMargin)
{
	struct term *t = tt_new(10, 20);

	tt_write(t, "\x1b[3;6r\x1b[?69h\x1b[5;10s\x1b[4;8H\x1b[9E");
	tt_at(t, 5, 4);
	tt_write(t, "\x1b[9F");
	tt_at(t, 2, 4);
	tt_free(t);
}

TEST(DECSET_ReverseWraparound_BS)
{
	struct term *t = tt_new(4, 10);

	tt_write(t, "\x1b[?45h\x1b[2;1H\b");
	tt_at(t, 0, 9);
	tt_write(t, "\x1b[1;1H\b");                     /* from the top margin to the bottom one */
	tt_at(t, 3, 9);
	tt_write(t, "\x1b[?7l\x1b[2;1H\b");             /* needs DECAWM */
	tt_at(t, 1, 0);
	tt_write(t, "\x1b[?7h\x1b[?45l\x1b[2;1H\b");
	tt_at(t, 1, 0);
	tt_free(t);
}

TEST(DECSET_ReverseWraparoundLastCol_BS)
{
	struct term *t = tt_new(4, 10);

	tt_write(t, "\x1b[?45h\x1b[1;9Hab");            /* pending wrap in the last column */
	tt_at(t, 0, 9);
	tt_write(t, "\b");
	tt_at(t, 0, 9);                                    /* BS only cancels the pending wrap */
	tt_write(t, "\x1b[1;9Habcd\x1b[4D");            /* CUB wraps back too */
	tt_at(t, 0, 8);
	tt_free(t);
}

TEST(DECSET_Allow80To132)
{
	struct term *t = tt_new(5, 80);
	int rows, cols;

	tt_write(t, "\x1b[?3h");                        /* not allowed: nothing */
	term_get_size(t, &rows, &cols);
	CHECK_EQ_INT(cols, 80);
	tt_write(t, "xyz\x1b[2;4r\x1b[?40h\x1b[?3h");
	term_get_size(t, &rows, &cols);
	CHECK_EQ_INT(cols, 132);
	CHECK_EQ_STR(tt_row(t, 0), "");                 /* cleared, homed, margins reset */
	tt_at(t, 0, 0);
	tt_write(t, "\x1b[?3$p");
	CHECK_EQ_STR(tt_replies(t), "\x1b[?3;1$y");
	tt_write(t, "\x1b[?95hkeep\x1b[?3l");           /* DECNCSM: no clearing */
	term_get_size(t, &rows, &cols);
	CHECK_EQ_INT(cols, 80);
	CHECK_EQ_STR(tt_row(t, 0), "keep");
	tt_write(t, "\x1b[?3h\x1b" "c");                /* RIS goes back to 80 columns */
	term_get_size(t, &rows, &cols);
	CHECK_EQ_INT(cols, 80);
	tt_free(t);
}

TEST(DECSCNM_ReverseScreen)
{
	struct term *t = tt_new(3, 10);

	CHECK(!term_get_mode(t, TERM_MODE_REVERSE_SCREEN));
	tt_write(t, "\x1b[?5h");
	CHECK(term_get_mode(t, TERM_MODE_REVERSE_SCREEN));
	tt_write(t, "\x1b[?5$p");
	CHECK_EQ_STR(tt_replies(t), "\x1b[?5;1$y");
	tt_write(t, "\x1b[?5l");
	CHECK(!term_get_mode(t, TERM_MODE_REVERSE_SCREEN));
	tt_free(t);
}

TEST(DECALN_MovesCursorHomeAndClearsMargins)
{
	struct term *t = tt_new(6, 8);

	tt_write(t, "\x1b[?69h\x1b[2;3s\x1b[4;5r\x1b[5;5H\x1b#8");
	tt_at(t, 0, 0);
	CHECK_EQ_STR(tt_row(t, 5), "EEEEEEEE");
	tt_write(t, "\x1b[4;2H\x1b[A");                 /* the top margin is gone */
	tt_at(t, 2, 1);
	tt_write(t, "\x1b[4;3H\x1b[C");                 /* and the right one */
	tt_at(t, 3, 3);
	tt_free(t);
}

TEST(SaveRestoreCursor_PerScreen)
{
	struct term *t = tt_new(5, 10);

	tt_write(t, "\x1b[2;3H\x1b" "7\x1b[?47h\x1b[4;5H\x1b" "7\x1b[1;1H\x1b" "8");
	tt_at(t, 3, 4);                                    /* the alternate screen's own */
	tt_write(t, "\x1b[?47l\x1b" "8");
	tt_at(t, 1, 2);                                    /* the main screen's */
	tt_free(t);
}

TEST(XtermSave_SaveRestoreDecModes)
{
	struct term *t = tt_new(5, 10);

	tt_write(t, "\x1b[?7l\x1b[?1000h\x1b[?7;1000s\x1b[?7h\x1b[?1000l\x1b[?7;1000r");
	CHECK(!term_get_mode(t, TERM_MODE_AUTOWRAP));
	tt_write(t, "\x1b[?1000$p");
	CHECK_EQ_STR(tt_replies(t), "\x1b[?1000;1$y");
	tt_write(t, "\x1b[?6h\x1b[?6s\x1b[?6l\x1b[?6r");
	CHECK(term_get_mode(t, TERM_MODE_ORIGIN));
	tt_free(t);
}

TEST(XtermWinops_DECSLPP)
{
	struct term *t = tt_new(25, 80);
	int rows, cols;

	tt_write(t, "\x1b[8;10;90t");
	term_get_size(t, &rows, &cols);
	CHECK_EQ_INT(rows, 10);
	CHECK_EQ_INT(cols, 90);
	tt_write(t, "\x1b[24t");
	term_get_size(t, &rows, &cols);
	CHECK_EQ_INT(rows, 24);
	tt_write(t, "\x1b[23t\x1b[8;0;0t\x1b[8;5000;5000t");   /* not DECSLPP; 0 keeps; too big */
	term_get_size(t, &rows, &cols);
	CHECK_EQ_INT(rows, 24);
	CHECK_EQ_INT(cols, 90);
	term_set_program_resize(t, false);              /* a fixed-size console refuses them */
	tt_write(t, "\x1b[8;10;20t\x1b[30t");
	term_get_size(t, &rows, &cols);
	CHECK_EQ_INT(rows, 24);
	CHECK_EQ_INT(cols, 90);
	tt_free(t);
}

TEST(CHT_CBT_Edges)
{
	struct term *t = tt_new(3, 30);

	tt_write(t, "\x1b[1;28H\x1b[5I");               /* CHT stops at the last column */
	tt_at(t, 0, 29);
	tt_write(t, "\x1b[?69h\x1b[5;20s\x1b[1;7H\x1b[2Z");
	tt_at(t, 0, 0);                                    /* CBT ignores the left margin */
	tt_write(t, "\x1b[1;7H\x1b[9I");                /* CHT stops at the right margin */
	tt_at(t, 0, 19);
	tt_free(t);
}

TEST(DECSET_MoreFix)
{
	struct term *t = tt_new(4, 10);

	tt_write(t, "\x1b[?41h0123456789\t1");
	CHECK_EQ_STR(tt_row(t, 1), "        1");
	tt_write(t, "\x1b[?41l\x1b[3;1H0123456789\t2");
	CHECK_EQ_STR(tt_row(t, 3), "2");
	tt_free(t);
}

TEST(DECSTBM_TopBelowBottom)
{
	struct term *t = tt_new(5, 10);

	tt_write(t, "\x1b[3;3r\x1b[5;1H\n");            /* ignored: the whole screen scrolls */
	CHECK_EQ_INT(term_get_screen(t)->sb_count, 1);
	tt_free(t);
}

CHECK_MAIN("test_term_margins")

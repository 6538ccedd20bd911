/*
 * Modes and queries: DECAWM, DECTCEM, IRM, alternate screen (47, 1047, 1049 with cursor save,
 * and disabled), bracketed paste, application cursor/keypad, DECSTR (which, unlike libvterm
 * 0.1.4, resets the pen), RIS, the replies (DA1, DA2, DSR 5/6, DECXCPR, XTWINOPS 18t), OSC
 * titles and BEL counting. Unknown sequences change nothing.
 */
#include "check.h"
#include "term_test_util.h"

TEST(cursor_visibility)
{
	struct term *t = tt_new(3, 10);
	int r, c;
	bool vis;

	tt_write(t, "\x1b[?25l");
	term_get_cursor(t, &r, &c, &vis);
	CHECK(!vis);
	tt_write(t, "\x1b[?25h");
	term_get_cursor(t, &r, &c, &vis);
	CHECK(vis);
	tt_free(t);
}

TEST(alternate_screen)
{
	struct term *t = tt_new(3, 10);
	int r, c;

	tt_write(t, "main\x1b[?1049h");
	CHECK(term_get_mode(t, TERM_MODE_ALTSCREEN));
	CHECK_EQ_STR(tt_row(t, 0), "");
	tt_write(t, "\x1b[2;2Halt");
	tt_write(t, "\x1b[?1049l");
	CHECK(!term_get_mode(t, TERM_MODE_ALTSCREEN));
	CHECK_EQ_STR(tt_row(t, 0), "main");
	tt_cursor(t, &r, &c);
	CHECK_EQ_INT(r, 0);
	CHECK_EQ_INT(c, 4);                             /* restored by 1049l */
	tt_write(t, "\x1b[?47hX\x1b[?47l");
	CHECK_EQ_STR(tt_row(t, 0), "main");
	tt_write(t, "\x1b[?1047hY\x1b[?1047l");
	CHECK_EQ_STR(tt_row(t, 0), "main");
	/* the alternate screen has no scrollback */
	tt_write(t, "\x1b[?1049h1\r\n2\r\n3\r\n4\r\n5");
	CHECK_EQ_INT(term_get_screen(t)->sb_count, 0);
	tt_free(t);
}

TEST(alternate_screen_disabled)
{
	struct term *t = tt_new(3, 10);

	term_set_altscreen(t, false);
	tt_write(t, "main\x1b[?1049hX");
	CHECK(!term_get_mode(t, TERM_MODE_ALTSCREEN));
	CHECK_EQ_STR(tt_row(t, 0), "mainX");
	tt_free(t);
}

TEST(flags)
{
	struct term *t = tt_new(3, 10);

	tt_write(t, "\x1b[?2004h\x1b[?1h\x1b=\x1b[4h\x1b[20h");
	CHECK(term_get_mode(t, TERM_MODE_BRACKETED_PASTE));
	CHECK(term_get_mode(t, TERM_MODE_APP_CURSOR));
	CHECK(term_get_mode(t, TERM_MODE_APP_KEYPAD));
	CHECK(term_get_mode(t, TERM_MODE_INSERT));
	CHECK(term_get_mode(t, TERM_MODE_NEWLINE));
	tt_write(t, "\x1b[?2004l\x1b[?1l\x1b>\x1b[4l\x1b[20l");
	CHECK(!term_get_mode(t, TERM_MODE_BRACKETED_PASTE));
	CHECK(!term_get_mode(t, TERM_MODE_APP_CURSOR));
	CHECK(!term_get_mode(t, TERM_MODE_APP_KEYPAD));
	CHECK(!term_get_mode(t, TERM_MODE_INSERT));
	CHECK(!term_get_mode(t, TERM_MODE_NEWLINE));
	tt_free(t);
}

TEST(soft_reset)
{
	struct term *t = tt_new(5, 10);
	int r, c;
	bool vis;

	tt_write(t, "\x1b[1;31m\x1b[2;4r\x1b[?6h\x1b[?25l\x1b[?7l\x1b[4h\x1b[3;3H\x1b[!p");
	CHECK(term_get_mode(t, TERM_MODE_AUTOWRAP));
	CHECK(!term_get_mode(t, TERM_MODE_ORIGIN));
	CHECK(!term_get_mode(t, TERM_MODE_INSERT));
	term_get_cursor(t, &r, &c, &vis);
	CHECK(vis);
	tt_write(t, "x");
	CHECK_EQ_INT(tt_cell(t, r, c).ch & TERM_CH_ATTR_MASK, 0);   /* pen reset */
	CHECK_EQ_U64(tt_cell(t, r, c).fg, 0);
	tt_write(t, "\x1b[5;1H\n");                    /* region reset: LF at the bottom scrolls */
	CHECK_EQ_INT(term_get_screen(t)->sb_count, 1);
	tt_free(t);
}

TEST(hard_reset)
{
	struct term *t = tt_new(3, 10);
	int r, c;

	tt_write(t, "abc\x1b]2;T\x07\x1b[?1049h\x1b[31mxyz\x1b" "c");
	CHECK(!term_get_mode(t, TERM_MODE_ALTSCREEN));
	CHECK_EQ_STR(tt_row(t, 0), "");
	CHECK_EQ_STR(term_get_title(t), "");
	tt_cursor(t, &r, &c);
	CHECK_EQ_INT(r + c, 0);
	tt_free(t);
}

TEST(replies)
{
	struct term *t = tt_new(24, 80);

	tt_write(t, "\x1b[c");
	CHECK_EQ_STR(tt_replies(t), "\x1b[?65;1;6;22;28c");
	tt_write(t, "\x1b[>c");
	CHECK_EQ_STR(tt_replies(t), "\x1b[>64;390;0c");
	tt_write(t, "\x1b[5n");
	CHECK_EQ_STR(tt_replies(t), "\x1b[0n");
	tt_write(t, "\x1b[7;9H\x1b[6n");
	CHECK_EQ_STR(tt_replies(t), "\x1b[7;9R");
	tt_write(t, "\x1b[?6n");
	CHECK_EQ_STR(tt_replies(t), "\x1b[?7;9;1R");
	tt_write(t, "\x1b[18t");
	CHECK_EQ_STR(tt_replies(t), "\x1b[8;24;80t");
	tt_write(t, "\x1b[1c\x1b[99n\x1b[?99n\x1b[99t");        /* not answered */
	CHECK_EQ_STR(tt_replies(t), "");
	tt_free(t);
}

TEST(title_and_bell)
{
	struct term *t = tt_new(3, 10);

	tt_write(t, "\x1b]0;hello world\x07");
	CHECK_EQ_STR(term_get_title(t), "hello world");
	tt_write(t, "\x1b]2;second\x1b\\");
	CHECK_EQ_STR(term_get_title(t), "second");
	tt_write(t, "\x1b]1;icon\x07\x1b]x;bad\x07");
	CHECK_EQ_STR(term_get_title(t), "second");
	tt_write(t, "\a\a");
	CHECK_EQ_INT(term_get_bells(t), 2);
	tt_free(t);
}

TEST(eight_bit_mode)
{
	struct term *t = tt_new(3, 10);

	term_set_utf8(t, false);
	tt_write(t, "ab\x9b" "2;3H\xe9\x85x");      /* CSI as C1, Latin-1, NEL */
	CHECK_EQ_STR(tt_row(t, 1), "  \xc3\xa9");
	CHECK_EQ_STR(tt_row(t, 2), "x");
	term_set_utf8(t, true);
	tt_write(t, "\xc3\xa9");
	CHECK_EQ_STR(tt_row(t, 2), "x\xc3\xa9");
	tt_free(t);
}

TEST(unknown_sequences_ignored)
{
	struct term *t = tt_new(3, 10);

	tt_write(t, "a\x1b[?999h\x1b[>5;6q\x1b[=1z\x1b[1$y\x1bP+q544e\x1b\\\x1b_x\x1b\\\x1b%Gb");
	CHECK_EQ_STR(tt_row(t, 0), "ab");
	tt_free(t);
}

CHECK_MAIN("test_term_modes")

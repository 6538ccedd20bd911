/*
 * Resize and reflow: soft-wrapped text rewraps narrower and wider, hard line ends stay, wide
 * characters never straddle a row end, lines move between screen and scrollback, the cursor
 * stays on its character, the alternate screen is cut rather than reflowed, and random text
 * survives random resizes unchanged.
 */
#include <string.h>

#include "check.h"
#include "term_test_util.h"

static void at(struct term *t, int row, int col)
{
	int r, c;
	tt_cursor(t, &r, &c);
	CHECK_EQ_INT(r, row);
	CHECK_EQ_INT(c, col);
}

TEST(narrower_and_back)
{
	struct term *t = tt_new(4, 10);

	tt_write(t, "abcdefghijKLMNO\r\nshort");
	CHECK_EQ_INT(term_resize(t, 6, 5), 0);
	CHECK_EQ_STR(tt_row(t, 0), "abcde");
	CHECK_EQ_STR(tt_row(t, 1), "fghij");
	CHECK_EQ_STR(tt_row(t, 2), "KLMNO");
	CHECK_EQ_STR(tt_row(t, 3), "short");
	at(t, 3, 4);                                  /* after "short": a pending wrap */
	CHECK_EQ_INT(term_resize(t, 4, 20), 0);
	CHECK_EQ_STR(tt_row(t, 0), "abcdefghijKLMNO");
	CHECK_EQ_STR(tt_row(t, 1), "short");
	at(t, 1, 5);
	tt_free(t);
}

TEST(cursor_stays_on_its_character)
{
	struct term *t = tt_new(3, 10);

	tt_write(t, "0123456789abcdefghij\x1b[2;4H");    /* on 'd' */
	term_resize(t, 5, 4);
	int r, c;
	tt_cursor(t, &r, &c);
	CHECK_EQ_INT(tt_ch(t, r, c), 'd');
	term_resize(t, 3, 7);
	tt_cursor(t, &r, &c);
	CHECK_EQ_INT(tt_ch(t, r, c), 'd');
	tt_free(t);
}

TEST(wide_chars_do_not_straddle)
{
	struct term *t = tt_new(3, 6);

	tt_write(t, "a\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad");    /* a + 3 wide = 7 columns */
	term_resize(t, 4, 4);
	CHECK_EQ_STR(tt_row(t, 0), "a中");
	CHECK_EQ_STR(tt_row(t, 1), "中中");
	CHECK(term_check_invariants(t) == NULL);
	term_resize(t, 4, 5);
	CHECK_EQ_STR(tt_row(t, 0), "a中中");
	CHECK_EQ_STR(tt_row(t, 1), "中");
	tt_free(t);
}

TEST(scrollback_exchange)
{
	struct term *t = tt_new(3, 10);

	tt_write(t, "one\r\ntwo\r\nthree\r\nfour\r\nfive");
	CHECK_EQ_INT(term_get_screen(t)->sb_count, 2);
	term_resize(t, 5, 10);                        /* taller: lines come back */
	CHECK_EQ_INT(term_get_screen(t)->sb_count, 0);
	CHECK_EQ_STR(tt_row(t, 0), "one");
	CHECK_EQ_STR(tt_row(t, 4), "five");
	at(t, 4, 4);
	term_resize(t, 2, 10);                        /* shorter: lines go back */
	CHECK_EQ_INT(term_get_screen(t)->sb_count, 3);
	CHECK_EQ_STR(tt_row(t, 1), "five");
	tt_free(t);
}

TEST(alternate_screen_cut)
{
	struct term *t = tt_new(3, 10);

	tt_write(t, "primary text that wraps\x1b[?1049h\x1b[H0123456789");
	term_resize(t, 3, 5);
	CHECK_EQ_STR(tt_row(t, 0), "01234");
	tt_write(t, "\x1b[?1049l");
	CHECK_EQ_STR(tt_row(t, 0), "xt th");          /* the primary was reflowed */
	CHECK_EQ_STR(tt_row(t, 2), "aps");
	CHECK_EQ_INT(term_get_screen(t)->sb_count, 2);
	tt_free(t);
}

TEST(random_text_survives)
{
	uint64_t s = check_seed();
	char buf[64];

	for (int round = 0; round < 200; round++) {
		struct term *t = tt_new(8, 30);
		struct strbuf before = { 0 }, after = { 0 };
		for (int k = 0; k < 40; k++) {
			s ^= s << 13, s ^= s >> 7, s ^= s << 17;
			int n = (int)(s % 50);
			for (int i = 0; i < n; i++)
				buf[i] = (char)('a' + (s >> (i % 50)) % 26);
			buf[n] = 0;
			tt_write(t, buf);
			tt_write(t, (s & 3) ? "\r\n" : (s & 4) ? "\xe4\xb8\xad" : "  ");
		}
		term_logical_text(t, &before);
		for (int k = 0; k < 6; k++) {
			s ^= s << 13, s ^= s >> 7, s ^= s << 17;
			term_resize(t, 2 + (int)(s % 20), 2 + (int)((s >> 8) % 70));
			CHECK(term_check_invariants(t) == NULL);
		}
		term_logical_text(t, &after);
		CHECK_EQ_STR(before.s, after.s);
		sb_free(&before);
		sb_free(&after);
		tt_free(t);
	}
}

CHECK_MAIN("test_term_reflow")

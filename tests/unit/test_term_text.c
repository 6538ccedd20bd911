/*
 * Printing: plain text, autowrap and the pending wrap, soft-wrap marks, autowrap off, wide
 * characters (wrapping at the last column, overwriting either half), combining marks, DEC
 * special graphics with SO/SI, UTF-8 replacement characters.
 */
#include <stdio.h>

#include "check.h"
#include "term_test_util.h"

TEST(plain_and_pending_wrap)
{
	struct term *t = tt_new(3, 5);
	int r, c;

	tt_write(t, "abcde");
	tt_cursor(t, &r, &c);
	CHECK_EQ_INT(r, 0);
	CHECK_EQ_INT(c, 4);                     /* pending wrap: still in the last column */
	CHECK(!(term_get_screen(t)->lines[0].flags & TERM_LINE_WRAPPED));
	tt_write(t, "f");
	CHECK_EQ_STR(tt_row(t, 0), "abcde");
	CHECK_EQ_STR(tt_row(t, 1), "f");
	CHECK(term_get_screen(t)->lines[0].flags & TERM_LINE_WRAPPED);
	tt_write(t, "\r\nxy");
	CHECK(!(term_get_screen(t)->lines[1].flags & TERM_LINE_WRAPPED));
	tt_free(t);
}

TEST(autowrap_off)
{
	struct term *t = tt_new(2, 5);

	tt_write(t, "\x1b[?7labcdefgh");
	CHECK_EQ_STR(tt_row(t, 0), "abcdh");
	CHECK_EQ_STR(tt_row(t, 1), "");
	tt_free(t);
}

TEST(scrolls_into_scrollback)
{
	struct term *t = tt_new(2, 4);
	const struct term_screen *s = term_get_screen(t);

	tt_write(t, "l1\r\nl2\r\nl3\r\nl4");
	CHECK_EQ_STR(tt_row(t, 0), "l3");
	CHECK_EQ_STR(tt_row(t, 1), "l4");
	CHECK_EQ_INT(s->sb_count, 2);
	CHECK_EQ_INT(term_screen_sb_line(s, 0)->cells[1].ch & TERM_CH_CP_MASK, '1');
	CHECK_EQ_INT(term_screen_sb_line(s, 1)->cells[1].ch & TERM_CH_CP_MASK, '2');
	tt_free(t);
}

TEST(wide_chars)
{
	struct term *t = tt_new(2, 5);

	tt_write(t, "ab\xe4\xb8\xad");                 /* 中 at columns 2-3 */
	CHECK(tt_cell(t, 0, 2).ch & TERM_CH_WIDE);
	CHECK(tt_cell(t, 0, 3).ch & TERM_CH_CONT);
	tt_write(t, "\xe4\xb8\xad");                    /* does not fit in column 4: wraps */
	CHECK_EQ_STR(tt_row(t, 0), "ab中");
	CHECK_EQ_STR(tt_row(t, 1), "中");
	CHECK(term_get_screen(t)->lines[0].flags & TERM_LINE_WRAPPED);
	/* overwrite the right half: the left half is cleared */
	tt_write(t, "\x1b[1;4Hx");
	CHECK_EQ_STR(tt_row(t, 0), "ab x");
	CHECK(!(tt_cell(t, 0, 2).ch & TERM_CH_WIDE));
	/* overwrite the left half: the right half is cleared */
	tt_write(t, "\x1b[2;1Hy");
	CHECK_EQ_STR(tt_row(t, 1), "y");
	CHECK(!(tt_cell(t, 1, 1).ch & TERM_CH_CONT));
	tt_free(t);
}

TEST(wide_char_emoji)
{
	struct term *t = tt_new(1, 10);

	tt_write(t, "\xf0\x9f\x98\x80x");               /* U+1F600 is wide */
	CHECK(tt_cell(t, 0, 0).ch & TERM_CH_WIDE);
	CHECK_EQ_INT(tt_ch(t, 0, 2), 'x');
	tt_free(t);
}

TEST(combining)
{
	struct term *t = tt_new(2, 4);
	const struct term_screen *s = term_get_screen(t);
	struct term_cell c;
	uint32_t cps[6];

	tt_write(t, "e\xcc\x81\xcc\xa3x");             /* e + acute + dot below */
	c = tt_cell(t, 0, 0);
	CHECK_EQ_INT(term_screen_chars(s, &c, cps, 6), 3);
	CHECK_EQ_INT(cps[1], 0x301);
	CHECK_EQ_INT(cps[2], 0x323);
	CHECK_EQ_INT(tt_ch(t, 0, 1), 'x');
	/* in the last column, with the wrap pending, the mark still finds its base */
	tt_write(t, "\r\nabcd\xcc\x81");
	c = tt_cell(t, 1, 3);
	CHECK_EQ_INT(term_screen_chars(s, &c, cps, 6), 2);
	/* more marks than a cell holds are dropped, nothing breaks */
	tt_write(t, "\x1b[1;3Hq\xcc\x81\xcc\x82\xcc\x83\xcc\x84\xcc\x85\xcc\x86\xcc\x87");
	c = tt_cell(t, 0, 2);
	CHECK_EQ_INT(term_screen_chars(s, &c, cps, 6), 6);
	tt_free(t);
}

TEST(cluster_table_gc)
{
	struct term *t = tt_new(2, 10);

	term_set_scrollback(t, 10);
	/* far more marks than ever live at once: the cluster table is collected, not grown */
	for (int i = 0; i < 20000; i++)
		tt_write(t, "a\xcc\x81\r\n");
	CHECK(term_get_screen(t)->ncluster_cap <= 1024);
	tt_free(t);
}

TEST(clusters_survive_eviction)
{
	struct term *t = tt_new(2, 10);
	const struct term_screen *s = term_get_screen(t);
	char buf[32];

	term_set_scrollback(t, 5);
	/* line i: 'a' + U+0300+(i%16) and 'b' + U+0310+(i%16); evicted clusters are recycled */
	for (int i = 0; i < 3000; i++) {
		int m = i % 16;
		snprintf(buf, sizeof(buf), "a\xcc%cb\xcc%c\r\n", 0x80 + m, 0x90 + m);
		tt_write(t, buf);
	}
	for (uint32_t k = 0; k < 5; k++) {
		const struct term_line *l = term_screen_sb_line(s, k);
		int i = 3000 - 6 + (int)k;              /* 3000 lines, 1 on screen + 1 empty */
		uint32_t cps[6];
		CHECK_EQ_INT(term_screen_chars(s, &l->cells[0], cps, 6), 2);
		CHECK_EQ_INT(cps[1], 0x300 + (uint32_t)(i % 16));
		CHECK_EQ_INT(term_screen_chars(s, &l->cells[1], cps, 6), 2);
		CHECK_EQ_INT(cps[1], 0x310 + (uint32_t)(i % 16));
	}
	CHECK(s->ncluster_cap <= 64);
	tt_free(t);
}

TEST(dec_graphics)
{
	struct term *t = tt_new(1, 10);

	tt_write(t, "\x1b(0lqk\x1b(Bx\x1b)0\x0eq\x0fq");
	CHECK_EQ_STR(tt_row(t, 0), "┌─┐x─q");
	tt_free(t);
}

TEST(replacement_chars)
{
	struct term *t = tt_new(1, 10);

	tt_write(t, "a\xffz\xe4\xb8");
	tt_write(t, "q");
	CHECK_EQ_STR(tt_row(t, 0), "a\xef\xbf\xbdz\xef\xbf\xbdq");
	tt_free(t);
}

CHECK_MAIN("test_term_text")

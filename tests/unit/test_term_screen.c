/*
 * Screen grid internals: short lines are not padded, the scrollback ring (order, limit,
 * eviction, trimming, disabling), damage (cell ranges, scroll hints, clearing), and behaviour
 * under allocation failure (writes are dropped, nothing crashes, the terminal recovers).
 */
#include <stdlib.h>

#include "check.h"
#include "term_test_util.h"

TEST(short_lines_not_padded)
{
	struct term *t = tt_new(5, 80);

	tt_write(t, "hi\r\n\r\nthere");
	CHECK_EQ_INT(term_get_screen(t)->lines[0].len, 2);
	CHECK_EQ_INT(term_get_screen(t)->lines[1].len, 0);
	CHECK_EQ_INT(term_get_screen(t)->lines[2].len, 5);
	tt_free(t);
}

TEST(scrollback_ring)
{
	struct term *t = tt_new(2, 10);
	const struct term_screen *s = term_get_screen(t);
	char buf[32];

	term_set_scrollback(t, 100);
	for (int i = 0; i < 250; i++) {
		snprintf(buf, sizeof(buf), "%d\r\n", i);
		tt_write(t, buf);
	}
	CHECK_EQ_INT(s->sb_count, 100);
	/* oldest kept: line 149 (250 lines + 1 empty, 2 on screen) */
	const struct term_line *l = term_screen_sb_line(s, 0);
	CHECK_EQ_INT(l->len, 3);
	CHECK_EQ_INT(l->cells[0].ch & TERM_CH_CP_MASK, '1');
	CHECK_EQ_INT(l->cells[1].ch & TERM_CH_CP_MASK, '4');
	CHECK_EQ_INT(l->cells[2].ch & TERM_CH_CP_MASK, '9');
	l = term_screen_sb_line(s, 99);
	CHECK_EQ_INT(l->cells[2].ch & TERM_CH_CP_MASK, '8');
	CHECK(l->cap <= l->len + 8);                    /* trimmed */
	CHECK(term_screen_sb_line(s, 100) == NULL);
	term_set_scrollback(t, 0);
	tt_write(t, "x\r\ny\r\nz\r\n");
	CHECK_EQ_INT(s->sb_count, 0);
	tt_free(t);
}

TEST(default_scrollback_limit)
{
	struct term *t = tt_new(2, 4);

	for (int i = 0; i < 10100; i++)
		tt_write(t, "y\r\n");
	CHECK_EQ_INT(term_get_screen(t)->sb_count, 10000);
	tt_free(t);
}

TEST(damage_ranges)
{
	struct term *t = tt_new(4, 20);
	int c0, c1;

	term_damage_clear(t);
	CHECK(!term_damage_row(t, 0, &c0, &c1));
	tt_write(t, "\x1b[2;5Habc");
	CHECK(term_damage_row(t, 1, &c0, &c1));
	CHECK_EQ_INT(c0, 4);
	CHECK_EQ_INT(c1, 7);
	CHECK(!term_damage_row(t, 0, &c0, &c1));
	CHECK(!term_damage_row(t, 2, &c0, &c1));
	tt_write(t, "\x1b[1;2H\x1b[K");
	CHECK(term_damage_row(t, 0, &c0, &c1));
	CHECK_EQ_INT(c0, 1);
	CHECK_EQ_INT(c1, 20);
	term_damage_clear(t);
	CHECK(!term_damage_row(t, 1, &c0, &c1));
	tt_free(t);
}

TEST(damage_scroll_hint)
{
	struct term *t = tt_new(4, 20);
	struct term_scroll_hint h;
	int c0, c1;

	tt_write(t, "a\r\nb\r\nc\r\nd");
	term_damage_clear(t);
	tt_write(t, "\x1b[1;1Hx\x1b[4;1H\r\n\r\ne");
	CHECK(term_damage_scroll(t, &h));
	CHECK_EQ_INT(h.top, 0);
	CHECK_EQ_INT(h.bottom, 4);
	CHECK_EQ_INT(h.n, 2);
	/* the 'x' written before moved up and out; the new rows are damaged */
	CHECK(!term_damage_row(t, 0, &c0, &c1));
	CHECK(!term_damage_row(t, 1, &c0, &c1));
	CHECK(term_damage_row(t, 2, &c0, &c1));
	CHECK(term_damage_row(t, 3, &c0, &c1));
	/* a scroll of another region: no single hint, both regions redrawn */
	tt_write(t, "\x1b[2;3r\x1b[3;1H\n");
	CHECK(!term_damage_scroll(t, &h));
	CHECK(term_damage_row(t, 0, &c0, &c1));
	tt_free(t);
}

/* An allocator that fails after a budget of allocations. */
static int budget;

static void *flaky_alloc(void *ctx, size_t size)
{
	(void)ctx;
	if (budget-- <= 0)
		return NULL;
	return malloc(size);
}

static void flaky_free(void *ctx, void *p, size_t size)
{
	(void)ctx;
	(void)size;
	free(p);
}

static const struct term_alloc flaky = { flaky_alloc, flaky_free, NULL };

TEST(out_of_memory)
{
	for (int b = 0; b < 40; b++) {
		budget = b;
		struct term *t = term_new(&flaky, 5, 20);
		if (!t)
			continue;
		for (int i = 0; i < 50; i++)
			term_write(t, "text that scrolls \xe4\xb8\xad e\xcc\x81\r\n", 26);
		term_resize(t, 3, 7);
		CHECK(term_check_invariants(t) == NULL);
		budget = 1 << 30;
		term_write(t, "\x1b[Hok", 5);
		CHECK_EQ_INT(term_screen_cell(term_get_screen(t), 0, 0).ch & TERM_CH_CP_MASK, 'o');
		term_free(t);
	}
}

CHECK_MAIN("test_term_screen")

/*
 * The terminal's memory budget (term_set_scrollback_budget, term_memory_used): a counting
 * allocator checks that term_memory_used is exactly what the allocator holds, floods of long
 * lines, of wide characters and of combining marks stay within the budget with the oldest
 * scrollback lines evicted first (the scrollback stays a contiguous run ending at the screen),
 * reflowing resizes end within the budget without losing the screen's text, sizes whose grid
 * does not fit are refused with -ENOMEM, and tiny budgets (exactly the grid) still work.
 */
#include <stdlib.h>

#include <keel/compiler.h>
#include <keel/errno.h>

#include "check.h"
#include "term_test_util.h"

/* Counting allocator: each block carries its size, which the free must repeat. */
static size_t live, peak_over;
static size_t budget_now;

static void *count_alloc(void *ctx, size_t size)
{
	size_t *p = malloc(size + sizeof(size_t));

	(void)ctx;
	if (!p)
		return NULL;
	p[0] = size;
	live += size;
	if (budget_now && live > budget_now && live - budget_now > peak_over)
		peak_over = live - budget_now;
	return p + 1;
}

static void count_free(void *ctx, void *ptr, size_t size)
{
	size_t *p = (size_t *)ptr - 1;

	(void)ctx;
	CHECK_EQ_INT(p[0], size);
	live -= size;
	free(p);
}

static const struct term_alloc counting = { count_alloc, count_free, NULL };

static struct term *new_term(int rows, int cols)
{
	struct term *t;

	live = peak_over = budget_now = 0;
	t = term_new(&counting, rows, cols);
	CHECK(t != NULL);
	CHECK_EQ_INT(term_memory_used(t), live);
	return t;
}

static void set_budget(struct term *t, size_t bytes)
{
	CHECK_EQ_INT(term_set_scrollback_budget(t, bytes), 0);
	budget_now = bytes;
}

static void put(struct term *t, const char *s)
{
	term_write(t, s, strlen(s));
}

/* The number a scrollback line starts with ("L123 ..."), or -1. */
static long sb_number(const struct term *t, uint32_t i)
{
	const struct term_line *l = term_screen_sb_line(term_get_screen(t), i);
	long n = 0;

	if (!l || l->len < 2 || (l->cells[0].ch & TERM_CH_CP_MASK) != 'L')
		return -1;
	for (int c = 1; c < l->len; c++) {
		uint32_t ch = l->cells[c].ch & TERM_CH_CP_MASK;
		if (ch < '0' || ch > '9')
			break;
		n = n * 10 + (ch - '0');
	}
	return n;
}

TEST(memory_used_is_what_the_allocator_holds)
{
	struct term *t = new_term(10, 40);
	char buf[64];

	for (int i = 0; i < 300; i++) {
		snprintf(buf, sizeof(buf), "L%d e\xcc\x81\xcc\x82 \xe4\xb8\xad\xe6\x96\x87 \x1b[1;31mred\x1b[m\r\n", i);
		put(t, buf);
		CHECK_EQ_INT(term_memory_used(t), live);
	}
	CHECK_EQ_INT(term_resize(t, 7, 23), 0);
	CHECK_EQ_INT(term_memory_used(t), live);
	term_set_reflow(t, false);
	CHECK_EQ_INT(term_resize(t, 15, 61), 0);
	CHECK_EQ_INT(term_memory_used(t), live);
	put(t, "\x1b[?1049h alternate \x1b[?1049l\x1b[3J");
	CHECK_EQ_INT(term_memory_used(t), live);
	set_budget(t, term_memory_grid(15, 61) + 4000);
	CHECK_EQ_INT(term_memory_used(t), live);
	CHECK(live <= budget_now);
	term_free(t);
	CHECK_EQ_INT(live, 0);
}

TEST(oldest_lines_evicted_first)
{
	struct term *t = new_term(5, 30);
	char buf[64];
	long newest = -1;

	set_budget(t, term_memory_grid(5, 30) + 20000);
	for (int i = 0; i < 5000; i++) {
		snprintf(buf, sizeof(buf), "L%d %.*s\r\n", i, i % 25, "xxxxxxxxxxxxxxxxxxxxxxxxx");
		put(t, buf);
		CHECK(live <= budget_now);
	}
	const struct term_screen *s = term_get_screen(t);
	CHECK(s->sb_count > 50);                        /* the budget, not the line limit, binds */
	CHECK(sb_number(t, 0) > 4000);
	/* a contiguous run of the newest lines: each line follows the one before, and the last one
	 * is the line just above the screen (the screen shows L4996-L4999 and an empty row) */
	for (uint32_t i = 0; i < s->sb_count; i++) {
		long n = sb_number(t, i);
		if (i > 0)
			CHECK_EQ_INT(n, newest + 1);
		newest = n;
	}
	CHECK_EQ_INT(newest, 4995);
	CHECK_EQ_STR(tt_row(t, 0), "L4996 xxxxxxxxxxxxxxxxxxxxx");
	CHECK_EQ_INT(peak_over, 0);
	term_free(t);
}

TEST(flood_of_long_lines_within_budget)
{
	struct term *t = new_term(24, 80);
	static char line[2000];
	size_t budget = term_memory_grid(24, 80) + 64 * 1024;

	set_budget(t, budget);
	for (int i = 0; i < 400; i++) {
		int n = snprintf(line, sizeof(line), "L%d ", i);
		for (; n < 990; n++)
			line[n] = (char)('a' + (i + n) % 26);
		/* every fourth line in wide characters, every seventh with combining marks */
		if (i % 4 == 0)
			n += snprintf(line + n, sizeof(line) - (size_t)n, "\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad");
		if (i % 7 == 0)
			n += snprintf(line + n, sizeof(line) - (size_t)n, "e\xcc\x81o\xcc\x88");
		line[n++] = '\r';
		line[n++] = '\n';
		term_write(t, line, (size_t)n);
		CHECK(live <= budget);
		CHECK_EQ_INT(term_memory_used(t), live);
	}
	CHECK(term_get_screen(t)->sb_count > 0);
	CHECK_EQ_INT(peak_over, 0);
	CHECK(term_check_invariants(t) == NULL);
	term_free(t);
}

TEST(reflow_within_budget)
{
	struct term *t = new_term(10, 80);
	char buf[256];
	size_t budget = term_memory_grid(40, 120) + 30000;

	set_budget(t, budget);
	for (int i = 0; i < 2000; i++) {
		snprintf(buf, sizeof(buf), "L%d %s\r\n", i, i % 3 ? "short" :
			 "a long line that wraps at narrow widths and joins again when the screen widens");
		put(t, buf);
	}
	const int sizes[][2] = { { 10, 20 }, { 30, 7 }, { 40, 120 }, { 5, 33 }, { 12, 80 } };
	for (size_t k = 0; k < ARRAY_SIZE(sizes); k++) {
		CHECK_EQ_INT(term_resize(t, sizes[k][0], sizes[k][1]), 0);
		CHECK(live <= budget);
		CHECK_EQ_INT(term_memory_used(t), live);
		CHECK(term_check_invariants(t) == NULL);
	}
	/* the newest text is still on the screen: L1999 then the empty cursor row */
	int crow, ccol;
	tt_cursor(t, &crow, &ccol);
	CHECK(crow > 0);
	CHECK_EQ_STR(tt_row(t, crow - 1), "L1999 short");
	CHECK_EQ_STR(tt_row(t, crow - 2), "dens");
	term_set_reflow(t, false);
	CHECK_EQ_INT(term_resize(t, 3, 10), 0);
	CHECK(live <= budget);
	CHECK_EQ_INT(term_resize(t, 40, 120), 0);
	CHECK(live <= budget);
	CHECK_EQ_INT(term_memory_used(t), live);
	term_free(t);
}

TEST(size_beyond_budget_refused)
{
	struct term *t = new_term(24, 80);

	CHECK_EQ_INT(term_set_scrollback_budget(t, term_memory_grid(24, 80) - 1), -ENOMEM);
	set_budget(t, term_memory_grid(50, 100));
	CHECK_EQ_INT(term_resize(t, 50, 100), 0);
	CHECK_EQ_INT(term_resize(t, 50, 101), -ENOMEM);
	CHECK_EQ_INT(term_resize(t, 51, 100), -ENOMEM);
	tt_size(t, 50, 100);
	/* a program's resize (CSI 8;r;c t) is refused the same way */
	put(t, "\x1b[8;200;300t");
	tt_size(t, 50, 100);
	put(t, "\x1b[8;10;20t");
	tt_size(t, 10, 20);
	/* no budget again: any size */
	set_budget(t, 0);
	CHECK_EQ_INT(term_resize(t, 300, 400), 0);
	term_free(t);
}

/* The cluster table (combining marks) cannot be evicted: a size whose grid fits only without it
 * is refused too, so the budget holds after a resize (fuzz_term found DECSLPP growing a 1-column
 * terminal with clusters past it). */
TEST(size_refused_when_clusters_leave_no_room)
{
	struct term *t = new_term(20, 1);
	size_t budget = term_memory_grid(20, 1) + 1843;

	set_budget(t, budget);
	for (int i = 0; i < 40; i++)
		put(t, "a\xcc\xab\r\n");    /* one combining cluster per line */
	CHECK(term_get_screen(t)->ncluster_cap > 0);
	CHECK(term_memory_grid(44, 1) <= budget);
	put(t, "\x1b[44t");            /* DECSLPP: 44 lines */
	CHECK(live <= budget);
	CHECK_EQ_INT(term_memory_used(t), live);
	CHECK(term_check_invariants(t) == NULL);
	int rows, cols;
	term_get_size(t, &rows, &cols);
	CHECK(rows == 20 || term_memory_grid(rows, 1) + term_screen_cluster_bytes(term_get_screen(t)) <= budget);
	term_free(t);
}

TEST(tiny_budget_exactly_the_grid)
{
	struct term *t = new_term(4, 10);
	size_t budget = term_memory_grid(4, 10);

	set_budget(t, budget);
	for (int i = 0; i < 200; i++) {
		put(t, "0123456789abcdef\xe4\xb8\xad\r\n\x1b[?1049h full alt \x1b[?1049l");
		CHECK(live <= budget);
	}
	put(t, "\x1b[Hok");
	CHECK_EQ_STR(tt_row(t, 0), "okcdef\xe4\xb8\xad");
	CHECK_EQ_INT(term_memory_used(t), live);
	CHECK(term_check_invariants(t) == NULL);
	/* a budget that leaves a few lines of scrollback keeps exactly the newest ones */
	set_budget(t, budget + 1200);
	for (int i = 0; i < 50; i++) {
		char buf[32];
		snprintf(buf, sizeof(buf), "L%d\r\n", i);
		put(t, buf);
		CHECK(live <= budget + 1200);
	}
	uint32_t n = term_get_screen(t)->sb_count;
	CHECK(n > 0);
	CHECK_EQ_INT(sb_number(t, n - 1), 46);
	term_free(t);
}

TEST(scrollback_push_evicts_under_budget)
{
	struct term *t = new_term(3, 20);
	struct term_cell cells[20] = { { 0 } };
	size_t budget = term_memory_grid(3, 20) + 5000;

	CHECK_EQ_INT(term_scrollback_push(t, cells, 21), -EINVAL);
	set_budget(t, budget);
	for (int i = 0; i < 1000; i++) {
		cells[0].ch = 'L';
		cells[1].ch = '0' + (uint32_t)(i / 100);
		cells[2].ch = '0' + (uint32_t)(i / 10 % 10);
		cells[3].ch = '0' + (uint32_t)(i % 10);
		CHECK_EQ_INT(term_scrollback_push(t, cells, 20), 0);
		CHECK(live <= budget);
	}
	uint32_t n = term_get_screen(t)->sb_count;
	CHECK(n > 5 && n < 1000);
	CHECK_EQ_INT(sb_number(t, n - 1), 999);
	CHECK_EQ_INT(sb_number(t, 0), 1000 - (long)n);
	term_set_scrollback(t, 0);
	CHECK_EQ_INT(term_scrollback_push(t, cells, 20), 0);
	CHECK_EQ_INT(term_get_screen(t)->sb_count, 0);
	CHECK_EQ_INT(term_memory_used(t), live);
	term_free(t);
}

CHECK_MAIN("test_term_budget")

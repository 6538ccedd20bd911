/*
 * The screen's memory budget. term_screen_alloc counts every byte the screen takes from its
 * allocator (grid lines, damage ranges, the scrollback ring and its lines, the cluster table) in
 * mem_used; with a budget set, an allocation that would exceed it first evicts the oldest
 * scrollback lines (and, once the scrollback is empty, its ring array), so a terminal fed any
 * amount of output holds at most its budget. Resizes pause eviction while they move lines
 * between the screen and the scrollback and fit the result to the budget afterwards. A grid
 * whose lines are all written full width must fit on its own (term_screen_grid_bytes); what
 * cannot be allocated after that is dropped like any allocation failure (term_screen.oom).
 */
#include "term/screen.h"

#include <string.h>

#include <keel/errno.h>

static void evict_oldest(struct term_screen *s)
{
	struct term_line *l = &s->sb[s->sb_head];

	term_line_release_clusters(s, l);
	term_line_free(s, l);
	s->sb_head = (s->sb_head + 1) % s->sb_cap;
	s->sb_count--;
}

bool term_screen_budget_fit(struct term_screen *s, size_t need)
{
	if (!s->mem_budget || s->budget_paused)
		return true;
	while (s->sb_count && s->mem_used + need > s->mem_budget)
		evict_oldest(s);
	if (s->sb_count == 0 && s->sb && s->mem_used + need > s->mem_budget) {
		struct term_line *ring = s->sb;
		size_t bytes = (size_t)s->sb_cap * sizeof(*ring);
		s->sb = NULL;
		s->sb_cap = s->sb_head = 0;
		term_screen_free(s, ring, bytes);
	}
	return s->mem_used + need <= s->mem_budget;
}

size_t term_screen_grid_bytes(int rows, int cols)
{
	/* primary and alternate lines, their cells, two damage ranges per row */
	return (size_t)rows * (2 * sizeof(struct term_line) + 2 * sizeof(uint16_t) +
			       2 * (size_t)cols * sizeof(struct term_cell));
}

int term_screen_sb_append(struct term_screen *s, const struct term_cell *cells, int n)
{
	struct term_line l = { 0 };

	if (n < 0 || n > s->cols)
		return -EINVAL;
	if (s->sb_limit == 0)
		return 0;                       /* like a line scrolled off with no scrollback */
	if (n) {
		l.cells = term_screen_alloc(s, (size_t)n * sizeof(*cells));
		if (!l.cells)
			return -ENOMEM;
		l.cap = l.len = (uint16_t)n;
		for (int i = 0; i < n; i++) {
			l.cells[i] = cells[i];
			if (l.cells[i].ch & TERM_CH_CLUSTER)    /* a cluster index of another table */
				l.cells[i].ch &= ~(TERM_CH_CLUSTER | TERM_CH_CP_MASK);
			if (l.cells[i].ch & (TERM_CH_WIDE | TERM_CH_CONT))
				l.flags |= TERM_LINE_WIDE;
		}
	}
	struct term_cell *mine = l.cells;
	term_screen_sb_push(s, &l);
	bool kept = !mine || l.cells != mine;   /* else the ring could not grow */
	term_line_free(s, &l);                  /* or a recycled buffer, when the ring was full */
	return kept ? 0 : -ENOMEM;
}

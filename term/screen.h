/*
 * The screen grid (design 3): each line holds a dynamic number of cells, each cell one column;
 * cells past a line's length are implicitly blank with default colours, so short lines are not
 * padded. A wide character is a TERM_CH_WIDE lead cell plus a TERM_CH_CONT cell. Lines that
 * continue on the next row because of autowrap carry TERM_LINE_WRAPPED (a soft-wrap mark), which
 * is what resize reflows by. The primary buffer scrolls into a ring of scrollback lines (default
 * limit 10,000); the alternate buffer has none. Damage is tracked per row as a column range, plus
 * one pending scroll that a backend may replay instead of redrawing. Combining marks live in a
 * cluster table (a base plus up to 5 marks) referenced from the cell.
 * All memory comes from the injected allocator; on allocation failure writes are dropped and
 * term_screen.oom is set, nothing crashes.
 */
#ifndef TERM_SCREEN_H
#define TERM_SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "term/cell.h"

struct term_alloc {
	void *(*alloc)(void *ctx, size_t size);
	void (*free)(void *ctx, void *ptr, size_t size);
	void *ctx;
};

#define TERM_LINE_WRAPPED 1u   /* this line continues on the next one (soft wrap) */
#define TERM_LINE_WIDE 2u      /* may hold wide characters (else writes need no fix-ups) */
#define TERM_LINE_DWL 4u       /* DECDWL: double-width line (half the columns usable) */
#define TERM_LINE_DHL_TOP 8u   /* DECDHL top half (also double width) */
#define TERM_LINE_DHL_BOT 16u  /* DECDHL bottom half (also double width) */
#define TERM_LINE_SIZE_MASK (TERM_LINE_DWL | TERM_LINE_DHL_TOP | TERM_LINE_DHL_BOT)

struct term_line {
	struct term_cell *cells;
	uint16_t len;
	uint16_t cap;
	uint16_t flags;
};

#define TERM_CLUSTER_CPS 6      /* base + 5 combining marks, as libvterm */

struct term_cluster {
	uint32_t cp[TERM_CLUSTER_CPS];     /* zero-terminated when shorter */
};

struct term_scroll_hint {
	int top, bottom;        /* rows [top, bottom) */
	int n;                  /* > 0: content moved up n rows; < 0: down */
};

#define TERM_MAX_DIM 4096
#define TERM_SB_DEFAULT 10000

struct term_screen {
	const struct term_alloc *alloc;
	int rows, cols;
	struct term_line *lines;        /* the active buffer (pri or alt) */
	struct term_line *pri, *alt;
	bool alt_active;
	bool oom;

	/* scrollback ring: sb[(sb_head + i) % sb_cap], i = 0 is the oldest */
	struct term_line *sb;
	uint32_t sb_cap, sb_count, sb_head, sb_limit;

	/* damage: row r changed in columns [dmg_lo[r], dmg_hi[r]) */
	uint16_t *dmg_lo, *dmg_hi;
	bool damaged;
	bool hint_valid;
	struct term_scroll_hint hint;

	struct term_cluster *clusters;
	uint32_t *free_clusters;        /* stack of free indices, nfree_clusters of ncluster_cap */
	uint32_t ncluster_cap, nfree_clusters, nclusters_used;

	/* memory (screen_budget.c): bytes the allocator holds for this screen, and a cap on them
	 * (0: none) kept by evicting the oldest scrollback lines; paused while a resize moves lines */
	size_t mem_used, mem_budget;
	bool budget_paused;
};

int term_screen_init(struct term_screen *s, const struct term_alloc *a, int rows, int cols,
		     uint32_t sb_limit);
void term_screen_destroy(struct term_screen *s);

/* Reading. Rows beyond a line's length read as default blanks. */
static inline struct term_cell term_screen_cell(const struct term_screen *s, int row, int col)
{
	const struct term_line *l = &s->lines[row];
	struct term_cell blank = { 0, 0, 0 };
	return col < l->len ? l->cells[col] : blank;
}
/* Code points of a cell's character (base and marks); returns how many (0 for an erased cell). */
int term_screen_chars(const struct term_screen *s, const struct term_cell *c, uint32_t *out, int max);
/* Scrollback line i (0 = oldest), or NULL. */
const struct term_line *term_screen_sb_line(const struct term_screen *s, uint32_t i);

/* Writing (row/col are always in range; callers clamp). */
struct term_cell *term_screen_prep_slow(struct term_screen *s, int row, int col, int width);

/* Damage for in-range columns (the hot path of term_screen_damage). */
static inline __attribute__((always_inline)) void term_screen_damage_fast(struct term_screen *s, int row, int c0, int c1)
{
	if (c0 < s->dmg_lo[row])
		s->dmg_lo[row] = (uint16_t)c0;
	if (c1 > s->dmg_hi[row])
		s->dmg_hi[row] = (uint16_t)c1;
	s->damaged = true;
}

/* Make cells [col, col + width) of row writable and damaged; NULL when out of memory. Inline
 * for the common case: no growth beyond capacity and no wide character cut in half. */
static inline __attribute__((always_inline)) struct term_cell *term_screen_prep(struct term_screen *s, int row,
										  int col, int width)
{
	struct term_line *l = &s->lines[row];
	int end = col + width;

	if (end <= l->cap && col <= l->len &&
	    (!(l->flags & TERM_LINE_WIDE) || (!(col < l->len && (l->cells[col].ch & TERM_CH_CONT)) &&
					      !(end < l->len && (l->cells[end].ch & TERM_CH_CONT))))) {
		if (end > l->len)
			l->len = (uint16_t)end;
		term_screen_damage_fast(s, row, col, end);
		return &l->cells[col];
	}
	return term_screen_prep_slow(s, row, col, width);
}

/* Write one glyph of width 1 or 2 (a wide one as lead plus continuation). */
static inline __attribute__((always_inline)) void term_screen_put(struct term_screen *s, int row, int col, uint32_t cp, int width,
				   const struct term_pen *pen)
{
	struct term_cell *c = term_screen_prep(s, row, col, width);

	if (!c)
		return;
	c[0].ch = cp | pen->attr | (width == 2 ? TERM_CH_WIDE : 0);
	c[0].fg = pen->fg;
	c[0].bg = pen->bg;
	if (width == 2) {
		s->lines[row].flags |= TERM_LINE_WIDE;
		c[1].ch = TERM_CH_CONT | pen->attr;
		c[1].fg = pen->fg;
		c[1].bg = pen->bg;
	}
}

static inline void term_screen_put_run(struct term_screen *s, int row, int col, const uint32_t *cps,
				       int n, const struct term_pen *pen)
{
	struct term_cell *c = term_screen_prep(s, row, col, n);
	uint32_t attr = pen->attr, fg = pen->fg, bg = pen->bg;

	if (!c)
		return;
	for (int i = 0; i < n; i++) {
		c[i].ch = cps[i] | attr;
		c[i].fg = fg;
		c[i].bg = bg;
	}
}
void term_screen_combine(struct term_screen *s, int row, int col, uint32_t mark);
/* Add mark to the glyph in cell c (a lead or single cell holding a character) without marking
 * damage: for a cell written since the last flush. False when out of memory. */
bool term_screen_combine_cell(struct term_screen *s, struct term_cell *c, uint32_t mark);
void term_screen_erase(struct term_screen *s, int row, int c0, int c1, const struct term_pen *pen);
void term_screen_insert_cells(struct term_screen *s, int row, int col, int n, const struct term_pen *pen);
void term_screen_delete_cells(struct term_screen *s, int row, int col, int n, const struct term_pen *pen);
void term_screen_scroll(struct term_screen *s, int top, int bottom, int n, const struct term_pen *pen,
			bool to_scrollback);
/* Whether scrolling rows [top, bottom) up by n now leaves a backend able to replay every scroll
 * since the last flush as one (the hint stays valid) with only undamaged rows, rows the backend
 * already shows, leaving the top. */
bool term_screen_scroll_replayable(const struct term_screen *s, int top, int bottom, int n);
void term_screen_set_wrapped(struct term_screen *s, int row, bool wrapped);
int term_screen_set_alt(struct term_screen *s, bool alt);
void term_screen_clear_scrollback(struct term_screen *s);

/* Damage. */
void term_screen_damage(struct term_screen *s, int row, int c0, int c1);
void term_screen_damage_all(struct term_screen *s);
void term_screen_damage_clear(struct term_screen *s);

/* Resize with reflow of soft-wrapped lines (screen_reflow.c). crow, ccol: the cursor, kept on
 * the same character; without reflow, lines are cut or padded instead. */
int term_screen_resize(struct term_screen *s, int rows, int cols, int *crow, int *ccol, bool reflow);

/* Memory budget (screen_budget.c). Make room for need more bytes under the budget by evicting
 * the oldest scrollback lines; false if it cannot fit (always true without a budget or while
 * paused). */
bool term_screen_budget_fit(struct term_screen *s, size_t need);
/* Bytes the cluster table holds (it grows, and only term_screen_destroy frees it). */
size_t term_screen_cluster_bytes(const struct term_screen *s);
/* Bytes rows x cols screens need with no scrollback and every line written full width. */
size_t term_screen_grid_bytes(int rows, int cols);
/* Append a copy of cells[0, n) as the newest scrollback line. 0, -EINVAL or -ENOMEM. */
int term_screen_sb_append(struct term_screen *s, const struct term_cell *cells, int n);

/* Internal helpers shared by screen*.c. */
void *term_screen_alloc(struct term_screen *s, size_t size);
void term_screen_free(struct term_screen *s, void *p, size_t size);
void term_line_free(struct term_screen *s, struct term_line *l);
void term_line_trim(struct term_screen *s, struct term_line *l);
bool term_line_reserve(struct term_screen *s, struct term_line *l, int cap);
void term_screen_sb_push(struct term_screen *s, struct term_line *l);
void term_line_release_clusters(struct term_screen *s, const struct term_line *l);
bool term_line_extend(struct term_screen *s, struct term_line *l, int end);
/* Clear a wide character's half left orphaned at column i of row. */
void term_screen_fix_wide(struct term_screen *s, int row, int i);

/* Rectangles (screen_rect.c): the same operations limited to columns [left, right). */
void term_screen_scroll_rect(struct term_screen *s, int top, int bottom, int left, int right, int n,
			     const struct term_pen *pen);
void term_screen_insert_cells_in(struct term_screen *s, int row, int col, int n, int right,
				 const struct term_pen *pen);
void term_screen_delete_cells_in(struct term_screen *s, int row, int col, int n, int right,
				 const struct term_pen *pen);
/* Copy columns [c0, c1) of row src to row dst (the lines differ); clusters become plain bases. */
void term_screen_copy_cols(struct term_screen *s, int dst, int src, int c0, int c1, int dcol);

#endif /* TERM_SCREEN_H */

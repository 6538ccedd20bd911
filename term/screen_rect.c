/*
 * Screen grid rectangle operations, for left/right margins (DECLRMM) and the DEC rectangle
 * sequences: scrolling a region limited to columns [left, right), inserting and deleting cells
 * that shift only up to a right margin, and copying a column range between rows. Whole-width
 * operations go to the line-moving paths in screen.c; these move cells. Wide characters cut by a
 * rectangle edge lose both halves, as when they are overwritten.
 */
#include "term/screen.h"

#include <string.h>

#include <keel/assert.h>

static void fix_edges(struct term_screen *s, int row, int c0, int c1)
{
	term_screen_fix_wide(s, row, c0 - 1);
	term_screen_fix_wide(s, row, c0);
	term_screen_fix_wide(s, row, c1 - 1);
	term_screen_fix_wide(s, row, c1);
}

static void fill(struct term_cell *c, int n, const struct term_pen *pen)
{
	struct term_cell b = term_cell_blank(pen);

	for (int i = 0; i < n; i++)
		c[i] = b;
}

void term_screen_copy_cols(struct term_screen *s, int dst, int src, int c0, int c1, int dcol)
{
	ASSERT(dst >= 0 && dst < s->rows && src >= 0 && src < s->rows);
	ASSERT(c0 >= 0 && c1 <= s->cols && dcol >= 0 && dcol + (c1 - c0) <= s->cols);
	struct term_line *sl = &s->lines[src], *dl = &s->lines[dst];
	int n = c1 - c0;

	if (n <= 0)
		return;
	if (!term_line_extend(s, sl, c1) || !term_line_extend(s, dl, dcol + n))
		return;
	sl = &s->lines[src];
	memmove(&dl->cells[dcol], &sl->cells[c0], (size_t)n * sizeof(struct term_cell));
	if (dst != src || dcol != c0) {
		/* a copy must not share a cluster (each has one owner): keep the base character */
		for (int i = dcol; i < dcol + n; i++) {
			struct term_cell *c = &dl->cells[i];
			if (c->ch & TERM_CH_CLUSTER) {
				uint32_t base = s->clusters[c->ch & TERM_CH_CP_MASK].cp[0];
				c->ch = (c->ch & ~(TERM_CH_CP_MASK | TERM_CH_CLUSTER)) | (base & TERM_CH_CP_MASK);
			}
		}
	}
	dl->flags |= sl->flags & TERM_LINE_WIDE;
	fix_edges(s, dst, dcol, dcol + n);
	term_screen_damage(s, dst, dcol > 0 ? dcol - 1 : 0, dcol + n + 1);
}

/* Move cells [left, right) of row src to row dst (the source is overwritten or erased after). */
static void move_cols(struct term_screen *s, int dst, int src, int left, int right)
{
	struct term_line *sl = &s->lines[src], *dl = &s->lines[dst];
	int n = right - left;

	if (!term_line_extend(s, sl, right) || !term_line_extend(s, dl, right))
		return;
	memcpy(&dl->cells[left], &sl->cells[left], (size_t)n * sizeof(struct term_cell));
	/* the source keeps no reference to a moved cluster */
	for (int i = left; i < right; i++)
		if (sl->cells[i].ch & TERM_CH_CLUSTER)
			sl->cells[i].ch &= ~(TERM_CH_CP_MASK | TERM_CH_CLUSTER);
	dl->flags |= sl->flags & TERM_LINE_WIDE;
	fix_edges(s, dst, left, right);
	term_screen_damage(s, dst, left > 0 ? left - 1 : 0, right + 1);
}

void term_screen_scroll_rect(struct term_screen *s, int top, int bottom, int left, int right, int n,
			     const struct term_pen *pen)
{
	int h = bottom - top;

	ASSERT(top >= 0 && bottom <= s->rows && left >= 0 && right <= s->cols);
	if (n == 0 || h <= 0 || left >= right)
		return;
	if (left == 0 && right == s->cols) {
		term_screen_scroll(s, top, bottom, n, pen, false);
		return;
	}
	if (n >= h || n <= -h) {
		for (int r = top; r < bottom; r++)
			term_screen_erase(s, r, left, right, pen);
		return;
	}
	if (n > 0) {
		for (int r = top; r < bottom - n; r++)
			move_cols(s, r, r + n, left, right);
		for (int r = bottom - n; r < bottom; r++)
			term_screen_erase(s, r, left, right, pen);
	} else {
		for (int r = bottom - 1; r >= top - n; r--)
			move_cols(s, r, r + n, left, right);
		for (int r = top; r < top - n; r++)
			term_screen_erase(s, r, left, right, pen);
	}
}

/* Shift cells [col, right) of row right (insert) or left (delete) by n, filling with blanks. */
static void shift_cells(struct term_screen *s, int row, int col, int n, int right, const struct term_pen *pen,
			bool insert)
{
	if (n > right - col)
		n = right - col;
	if (n <= 0)
		return;
	struct term_line *l = &s->lines[row];
	if (!term_line_extend(s, l, right))
		return;
	if (col > 0 && (l->cells[col].ch & TERM_CH_CONT))
		term_screen_erase(s, row, col - 1, col + 1, pen);       /* a wide character cut at col */
	if (insert) {
		memmove(&l->cells[col + n], &l->cells[col], (size_t)(right - col - n) * sizeof(struct term_cell));
		fill(&l->cells[col], n, pen);
	} else {
		memmove(&l->cells[col], &l->cells[col + n], (size_t)(right - col - n) * sizeof(struct term_cell));
		fill(&l->cells[right - n], n, pen);
	}
	fix_edges(s, row, col, right);
	term_screen_damage(s, row, col > 0 ? col - 1 : 0, right + 1);
}

void term_screen_insert_cells_in(struct term_screen *s, int row, int col, int n, int right,
				 const struct term_pen *pen)
{
	ASSERT(row >= 0 && row < s->rows && col >= 0 && right <= s->cols);
	if (right >= s->cols)
		term_screen_insert_cells(s, row, col, n, pen);
	else
		shift_cells(s, row, col, n, right, pen, true);
}

void term_screen_delete_cells_in(struct term_screen *s, int row, int col, int n, int right,
				 const struct term_pen *pen)
{
	ASSERT(row >= 0 && row < s->rows && col >= 0 && right <= s->cols);
	if (right >= s->cols)
		term_screen_delete_cells(s, row, col, n, pen);
	else
		shift_cells(s, row, col, n, right, pen, false);
}

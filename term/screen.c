/*
 * Screen grid cell operations: writing glyphs (with wide-character fix-ups so that overwriting
 * either half of a wide character clears the other), combining marks, erase, insert/delete
 * characters, scrolling regions (lines leaving the top of the primary screen go to scrollback)
 * and damage tracking. Lines grow on demand and are never padded past their last written cell.
 */
#include "term/screen.h"

#include <string.h>

#include <keel/assert.h>
#include <keel/compiler.h>

/* ---------------------------------------------------------------- damage */

void term_screen_damage(struct term_screen *s, int row, int c0, int c1)
{
	if (c0 < 0)
		c0 = 0;
	if (c1 > s->cols)
		c1 = s->cols;
	if (c0 >= c1)
		return;
	if (c0 < s->dmg_lo[row])
		s->dmg_lo[row] = (uint16_t)c0;
	if (c1 > s->dmg_hi[row])
		s->dmg_hi[row] = (uint16_t)c1;
	s->damaged = true;
}

static void damage_rows(struct term_screen *s, int r0, int r1)
{
	for (int r = r0; r < r1; r++)
		term_screen_damage(s, r, 0, s->cols);
}

void term_screen_damage_all(struct term_screen *s)
{
	damage_rows(s, 0, s->rows);
	s->hint_valid = false;
	s->hint.n = 0x7fff;             /* dead until the next flush */
}

void term_screen_damage_clear(struct term_screen *s)
{
	for (int r = 0; r < s->rows; r++) {
		s->dmg_lo[r] = (uint16_t)s->cols;
		s->dmg_hi[r] = 0;
	}
	s->damaged = false;
	s->hint_valid = false;
	s->hint.n = 0;
}

/* Whether a scroll of rows [top, bottom) by n can join the hint: none since the last flush, or
 * all of the same region and direction, together less than its height. */
static bool hint_takes(const struct term_screen *s, int top, int bottom, int n)
{
	int h = bottom - top;

	if (!s->hint_valid)
		return s->hint.n == 0;
	return s->hint.top == top && s->hint.bottom == bottom && (s->hint.n > 0) == (n > 0) &&
	       s->hint.n + n < h && s->hint.n + n > -h;
}

/* Record a scroll of rows [top, bottom) by n: damage moves with the content, and the scroll is
 * kept as a hint a backend may replay, as long as every scroll since the last flush used the same
 * region and direction. Otherwise the affected regions are simply redrawn. */
static void damage_scroll(struct term_screen *s, int top, int bottom, int n)
{
	int h = bottom - top, an = n > 0 ? n : -n;

	if (n > 0) {
		memmove(&s->dmg_lo[top], &s->dmg_lo[top + n], (size_t)(h - n) * sizeof(uint16_t));
		memmove(&s->dmg_hi[top], &s->dmg_hi[top + n], (size_t)(h - n) * sizeof(uint16_t));
		for (int r = bottom - n; r < bottom; r++) {
			s->dmg_lo[r] = (uint16_t)s->cols;
			s->dmg_hi[r] = 0;
		}
		damage_rows(s, bottom - n, bottom);
	} else {
		memmove(&s->dmg_lo[top + an], &s->dmg_lo[top], (size_t)(h - an) * sizeof(uint16_t));
		memmove(&s->dmg_hi[top + an], &s->dmg_hi[top], (size_t)(h - an) * sizeof(uint16_t));
		for (int r = top; r < top + an; r++) {
			s->dmg_lo[r] = (uint16_t)s->cols;
			s->dmg_hi[r] = 0;
		}
		damage_rows(s, top, top + an);
	}
	s->damaged = true;
	if (hint_takes(s, top, bottom, n)) {
		if (!s->hint_valid) {
			s->hint.top = top;
			s->hint.bottom = bottom;
			s->hint_valid = true;
		}
		s->hint.n += n;
		return;
	}
	if (s->hint_valid)
		damage_rows(s, s->hint.top, s->hint.bottom);
	damage_rows(s, top, bottom);
	s->hint_valid = false;
	s->hint.n = 0x7fff;
}

bool term_screen_scroll_replayable(const struct term_screen *s, int top, int bottom, int n)
{
	if (n <= 0 || n >= bottom - top)
		return false;
	for (int r = top; r < top + n; r++)
		if (s->dmg_lo[r] < s->dmg_hi[r])
			return false;
	return hint_takes(s, top, bottom, n);
}

/* ---------------------------------------------------------------- lines */

bool term_line_reserve(struct term_screen *s, struct term_line *l, int cap)
{
	struct term_cell *n;
	int ncap;

	if (l->cap >= cap)
		return true;
	ncap = cap < s->cols ? s->cols : cap;
	if (ncap > 0xffff)
		ncap = 0xffff;
	n = term_screen_alloc(s, (size_t)ncap * sizeof(*n));
	if (!n) {
		s->oom = true;
		return false;
	}
	if (l->len)
		memcpy(n, l->cells, (size_t)l->len * sizeof(*n));
	term_screen_free(s, l->cells, (size_t)l->cap * sizeof(*n));
	l->cells = n;
	l->cap = (uint16_t)ncap;
	return true;
}

/* Make cells [.., end) exist, zero (default blank) past the old length. */
bool term_line_extend(struct term_screen *s, struct term_line *l, int end)
{
	if (end <= l->len)
		return true;
	if (!term_line_reserve(s, l, end))
		return false;
	memset(&l->cells[l->len], 0, (size_t)(end - l->len) * sizeof(struct term_cell));
	l->len = (uint16_t)end;
	return true;
}

static void unhalf(struct term_cell *c)
{
	c->ch &= ~(TERM_CH_CP_MASK | TERM_CH_CLUSTER | TERM_CH_WIDE | TERM_CH_CONT | TERM_CH_ATTR_MASK);
	c->fg &= TERM_COLOR_MASK;
}

/* Clear a wide character's half left orphaned at column i. */
void term_screen_fix_wide(struct term_screen *s, int row, int i)
{
	struct term_line *l = &s->lines[row];

	if (i < 0 || i >= l->len)
		return;
	if ((l->cells[i].ch & TERM_CH_CONT) && (i == 0 || !(l->cells[i - 1].ch & TERM_CH_WIDE))) {
		unhalf(&l->cells[i]);
		term_screen_damage(s, row, i, i + 1);
	} else if ((l->cells[i].ch & TERM_CH_WIDE) &&
		   (i + 1 >= l->len || !(l->cells[i + 1].ch & TERM_CH_CONT))) {
		unhalf(&l->cells[i]);
		term_screen_damage(s, row, i, i + 1);
	}
}

struct term_cell *term_screen_prep_slow(struct term_screen *s, int row, int col, int width)
{
	ASSERT(row >= 0 && row < s->rows && col >= 0 && width >= 1 && col + width <= s->cols);
	struct term_line *l = &s->lines[row];
	int end = col + width, old = l->len;

	if (!term_line_extend(s, l, end))
		return NULL;
	if (col < old && (l->cells[col].ch & TERM_CH_CONT) && col > 0) {
		unhalf(&l->cells[col - 1]);
		term_screen_damage(s, row, col - 1, col);
	}
	if (end < old && (l->cells[end].ch & TERM_CH_CONT)) {
		unhalf(&l->cells[end]);
		term_screen_damage(s, row, end, end + 1);
	}
	term_screen_damage(s, row, col, end);
	return &l->cells[col];
}

/* ---------------------------------------------------------------- erase / insert / delete */

static void fill_blank(struct term_cell *c, int n, const struct term_pen *pen)
{
	struct term_cell b = term_cell_blank(pen);

	if ((b.fg | b.bg) == 0) {
		memset(c, 0, (size_t)n * sizeof(*c));
		return;
	}
	for (int i = 0; i < n; i++)
		c[i] = b;
}

void term_screen_erase(struct term_screen *s, int row, int c0, int c1, const struct term_pen *pen)
{
	ASSERT(row >= 0 && row < s->rows);
	struct term_line *l = &s->lines[row];
	bool dflt = ((pen->fg | pen->bg) & TERM_COLOR_MASK) == 0;

	if (c1 > s->cols)
		c1 = s->cols;
	if (c0 < 0)
		c0 = 0;
	if (c0 >= c1)
		return;
	/* a wide character cut by the range loses its other half too (keeping its colours) */
	if (c0 < l->len && (l->cells[c0].ch & TERM_CH_CONT) && c0 > 0) {
		unhalf(&l->cells[c0 - 1]);
		term_screen_damage(s, row, c0 - 1, c0);
	}
	if (c1 < l->len && (l->cells[c1].ch & TERM_CH_CONT)) {
		unhalf(&l->cells[c1]);
		term_screen_damage(s, row, c1, c1 + 1);
	}
	term_screen_damage(s, row, c0, c1);
	if (c1 >= l->len) {
		if (c0 < l->len)
			l->len = (uint16_t)c0;
		if (dflt)
			return;
	}
	if (!term_line_extend(s, l, c1))
		return;
	fill_blank(&l->cells[c0], c1 - c0, pen);
}

void term_screen_insert_cells(struct term_screen *s, int row, int col, int n, const struct term_pen *pen)
{
	ASSERT(row >= 0 && row < s->rows && col >= 0 && col < s->cols);
	struct term_line *l = &s->lines[row];
	int keep, cols = s->cols;

	if (n > cols - col)
		n = cols - col;
	if (n <= 0)
		return;
	term_screen_damage(s, row, col > 0 ? col - 1 : 0, cols);
	if (col >= l->len) {
		term_screen_erase(s, row, col, col + n, pen);
		return;
	}
	bool split = col > 0 && (l->cells[col].ch & TERM_CH_CONT);
	keep = l->len - col;            /* cells that move right */
	if (keep > cols - col - n)
		keep = cols - col - n;
	if (!term_line_reserve(s, l, col + n + keep))
		return;
	memmove(&l->cells[col + n], &l->cells[col], (size_t)keep * sizeof(struct term_cell));
	l->len = (uint16_t)(col + n + keep);
	fill_blank(&l->cells[col], n, pen);
	if (split)
		unhalf(&l->cells[col - 1]);
	term_screen_fix_wide(s, row, col + n);
	term_screen_fix_wide(s, row, l->len - 1);
}

void term_screen_delete_cells(struct term_screen *s, int row, int col, int n, const struct term_pen *pen)
{
	ASSERT(row >= 0 && row < s->rows && col >= 0 && col < s->cols);
	struct term_line *l = &s->lines[row];
	int cols = s->cols;
	bool dflt = ((pen->fg | pen->bg) & TERM_COLOR_MASK) == 0;

	if (n > cols - col)
		n = cols - col;
	if (n <= 0)
		return;
	term_screen_damage(s, row, col > 0 ? col - 1 : 0, cols);
	if (col < l->len) {
		if (col > 0 && (l->cells[col].ch & TERM_CH_CONT))
			unhalf(&l->cells[col - 1]);
		if (col + n < l->len) {
			memmove(&l->cells[col], &l->cells[col + n],
				(size_t)(l->len - col - n) * sizeof(struct term_cell));
			l->len = (uint16_t)(l->len - n);
		} else {
			l->len = (uint16_t)col;
		}
		term_screen_fix_wide(s, row, col);
	}
	if (!dflt) {
		int from = l->len > cols - n ? l->len : cols - n;
		if (!term_line_extend(s, l, cols))
			return;
		fill_blank(&l->cells[from], cols - from, pen);
	}
}

void term_screen_set_wrapped(struct term_screen *s, int row, bool wrapped)
{
	if (wrapped)
		s->lines[row].flags |= TERM_LINE_WRAPPED;
	else
		s->lines[row].flags &= (uint16_t)~TERM_LINE_WRAPPED;
}

/* ---------------------------------------------------------------- scrolling */

static void reverse_lines(struct term_line *a, int i, int j)
{
	for (j--; i < j; i++, j--) {
		struct term_line t = a[i];
		a[i] = a[j];
		a[j] = t;
	}
}

/* Rotate lines [top, bottom) left by n (the first n end up at the bottom). */
static void rotate_lines(struct term_line *a, int top, int bottom, int n)
{
	reverse_lines(a, top, top + n);
	reverse_lines(a, top + n, bottom);
	reverse_lines(a, top, bottom);
}

static void clear_line(struct term_screen *s, int row, const struct term_pen *pen)
{
	struct term_line *l = &s->lines[row];

	l->len = 0;
	l->flags = 0;
	if ((pen->bg | pen->fg) & TERM_COLOR_MASK)
		term_screen_erase(s, row, 0, s->cols, pen);
}

void term_screen_scroll(struct term_screen *s, int top, int bottom, int n, const struct term_pen *pen,
			bool to_scrollback)
{
	int h = bottom - top;

	ASSERT(top >= 0 && bottom <= s->rows);
	if (n == 0 || h <= 0)
		return;
	if (n >= h || n <= -h) {
		for (int r = top; r < bottom; r++) {
			if (to_scrollback && n > 0 && !s->alt_active)
				term_screen_sb_push(s, &s->lines[r]);
			clear_line(s, r, pen);
		}
		damage_rows(s, top, bottom);
		return;
	}
	if (n > 0) {
		for (int r = top; r < top + n; r++) {
			if (to_scrollback && !s->alt_active)
				term_screen_sb_push(s, &s->lines[r]);
			s->lines[r].len = 0;
			s->lines[r].flags = 0;
		}
		rotate_lines(s->lines, top, bottom, n);
		damage_scroll(s, top, bottom, n);
		for (int r = bottom - n; r < bottom; r++)
			clear_line(s, r, pen);
	} else {
		int an = -n;
		for (int r = bottom - an; r < bottom; r++) {
			s->lines[r].len = 0;
			s->lines[r].flags = 0;
		}
		rotate_lines(s->lines, top, bottom, h - an);
		damage_scroll(s, top, bottom, n);
		for (int r = top; r < top + an; r++)
			clear_line(s, r, pen);
	}
	/* a region boundary splits soft-wrapped text: the line above a region is no longer
	 * continued by what now follows it */
	if (top > 0)
		s->lines[top - 1].flags &= (uint16_t)~TERM_LINE_WRAPPED;
	s->lines[bottom - 1].flags &= (uint16_t)~TERM_LINE_WRAPPED;
}

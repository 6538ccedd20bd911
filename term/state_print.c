/*
 * Printing text. Printing follows the VT model libvterm uses: a glyph written in the last column
 * leaves the cursor there with a pending wrap ("phantom"), and the next glyph first wraps
 * (marking the line soft-wrapped) when autowrap is on. Runs of ASCII in the ASCII character set
 * are written a row-chunk at a time (term_screen_put_run); mixed text (CJK, emoji, combining
 * marks, lone ASCII letters) goes through one loop with the row and pen in locals; what needs
 * margins, insert mode, wrapping or DEC graphics goes glyph by glyph.
 */
#include "term/state.h"

#include <string.h>

#include "term/width.h"

/* DEC special graphics for 0x60..0x7e (VT100 line drawing). */
static const uint16_t dec_graphics[31] = {
	0x25c6, 0x2592, 0x2409, 0x240c, 0x240d, 0x240a, 0x00b0, 0x00b1, 0x2424, 0x240b, 0x2518,
	0x2510, 0x250c, 0x2514, 0x253c, 0x23ba, 0x23bb, 0x2500, 0x23bc, 0x23bd, 0x251c, 0x2524,
	0x2534, 0x252c, 0x2502, 0x2264, 0x2265, 0x03c0, 0x2260, 0x00a3, 0x00b7,
};

/* The column a glyph may not reach: the right margin when the cursor is left of it and DECLRMM
 * is on, the screen edge otherwise; half of it on a double-width line. */
static int print_right(const struct term *t)
{
	int rm = t->lrmm && t->col < t->right ? t->right : t->cols;

	if (t->dwl_used && (t->screen.lines[t->row].flags & TERM_LINE_SIZE_MASK)) {
		int half = t->cols / 2 > 0 ? t->cols / 2 : 1;
		if (rm > half)
			rm = half;
	}
	return rm;
}

/* Begin a glyph of the given width: wrap if needed (to the left margin of the next line). */
static void wrap_if_needed(struct term *t, int width, int rm)
{
	if (t->phantom || t->col + width > rm) {
		/* a wrap already pending happens even if autowrap was turned off since */
		if (t->autowrap || t->phantom) {
			term_screen_set_wrapped(&t->screen, t->row, true);
			term_state_linefeed(t);
			t->col = t->lrmm ? t->left : 0;
		} else {
			t->col = rm - width;
		}
		t->phantom = false;
	}
}

static void after_glyph(struct term *t, int width, int rm)
{
	t->glyph_pos = term_pos_key(t->row, t->col, false);
	if (t->col + width >= rm) {
		if (t->autowrap)
			t->phantom = true;
	} else {
		t->col += width;
	}
	t->glyph_next = term_pos_key(t->row, t->col, t->phantom);
}

/* Printable ASCII in the ASCII set, no insert mode: whole row chunks at once. */
static size_t put_ascii_run(struct term *t, const uint32_t *cps, size_t n)
{
	size_t done = 0;

	bool margins = t->lrmm || t->dwl_used;

	while (done < n) {
		int rm = margins ? print_right(t) : t->cols;
		wrap_if_needed(t, 1, rm);
		if (margins) {
			rm = print_right(t);
			if (t->col >= rm)
				t->col = rm - 1;
		}
		int avail = rm - t->col;
		size_t m = n - done;
		if (m > (size_t)avail)
			m = (size_t)avail;
		term_screen_put_run(&t->screen, t->row, t->col, cps + done, (int)m, &t->pen);
		done += m;
		t->col += (int)m - 1;
		after_glyph(t, 1, rm);
		if (!t->autowrap && done < n) {
			/* everything else lands in the last column: only the final one stays */
			term_screen_put(&t->screen, t->row, t->col, cps[n - 1], 1, &t->pen);
			done = n;
		}
	}
	t->last_cp = cps[n - 1];
	return n;
}

static void put_one(struct term *t, uint32_t cp)
{
	int width;

	if (cp < 0x80 && t->gset[t->gl] == 1 && cp >= 0x60 && cp <= 0x7e)
		cp = dec_graphics[cp - 0x60];
	width = term_char_width(cp);
	if (width == 0) {
		if (term_pos_key(t->row, t->col, t->phantom) == t->glyph_next)
			term_screen_combine(&t->screen, (int)(t->glyph_pos >> 16), (int)(t->glyph_pos & 0xffff), cp);
		return;
	}
	bool margins = t->lrmm || t->dwl_used;
	if (!margins && !t->insert && !t->phantom && t->col + width < t->cols) {
		/* the common case: the glyph fits with room after it */
		term_screen_put(&t->screen, t->row, t->col, cp, width, &t->pen);
		t->last_cp = cp;
		t->glyph_pos = term_pos_key(t->row, t->col, false);
		t->col += width;
		t->glyph_next = term_pos_key(t->row, t->col, false);
		return;
	}
	int rm = margins ? print_right(t) : t->cols;
	if (width > t->cols || (margins && width > rm - (t->lrmm ? t->left : 0)))
		return;
	wrap_if_needed(t, width, rm);
	if (margins) {
		rm = print_right(t);            /* the wrap may have moved to another line */
		if (width > rm - (t->lrmm ? t->left : 0))
			return;                 /* a wide glyph on a double-width line one column wide */
		if (t->col + width > rm)
			t->col = rm - width;
	}
	if (t->insert)
		term_screen_insert_cells_in(&t->screen, t->row, t->col, width, rm, &t->pen);
	term_screen_put(&t->screen, t->row, t->col, cp, width, &t->pen);
	t->last_cp = cp;
	after_glyph(t, width, rm);
}

/* Mixed text (CJK, emoji, combining marks, single ASCII letters between them) with no margins,
 * no insert mode and no DEC graphics in GL: glyphs that fit on the row with room after them are
 * written here with the row's line and the pen held in locals, marks combined with the glyph
 * just written. Returns how many code points it took; put_one does the rest (wraps, the last
 * column, marks after a cursor move). */
static size_t put_mixed_run(struct term *t, const uint32_t *cps, size_t n)
{
	struct term_screen *s = &t->screen;
	uint32_t attr = t->pen.attr, fg = t->pen.fg, bg = t->pen.bg;
	int row = t->row, col = t->col, cols = t->cols;
	size_t i = 0, ascii = 0;
	struct term_cell *base = NULL;  /* the glyph written last in this run (damaged already) */

	if (t->phantom)
		return 0;
	for (; i < n; i++) {
		uint32_t cp = cps[i];
		ascii = cp < 0x7f ? ascii + 1 : 0;
		if (ascii == 8)
			break;                          /* a long ASCII run: put_ascii_run's */
		int width = term_char_width(cp);
		if (width == 0) {
			if (base)
				term_screen_combine_cell(s, base, cp);
			else if (term_pos_key(row, col, false) == t->glyph_next)
				term_screen_combine(s, (int)(t->glyph_pos >> 16), (int)(t->glyph_pos & 0xffff), cp);
			else
				break;
			continue;
		}
		if (col + width >= cols)
			break;
		struct term_cell *c = term_screen_prep(s, row, col, width);
		if (c) {
			c[0].ch = cp | attr | (width == 2 ? TERM_CH_WIDE : 0);
			c[0].fg = fg;
			c[0].bg = bg;
			if (width == 2) {
				s->lines[row].flags |= TERM_LINE_WIDE;
				c[1].ch = TERM_CH_CONT | attr;
				c[1].fg = fg;
				c[1].bg = bg;
			}
		}
		base = c;
		t->glyph_pos = term_pos_key(row, col, false);
		col += width;
		t->glyph_next = term_pos_key(row, col, false);
		t->last_cp = cp;
	}
	t->col = col;
	return i;
}

static __attribute__((noinline)) void put_glyphs_slow(struct term *t, const uint32_t *cps, size_t n)
{
	size_t i = 0;

	while (i < n) {
		if (!t->insert && !t->lrmm && !t->dwl_used && t->gset[t->gl] == 0 &&
		    (cps[i] >= 0x7f || n - i < 8 || cps[i + 7] >= 0x7f)) {
			size_t k = put_mixed_run(t, cps + i, n - i);
			i += k;
			if (k)
				continue;
		}
		if (i < n && cps[i] < 0x7f && !t->insert && t->gset[t->gl] == 0) {
			size_t j = i + 1;
			while (j < n && cps[j] < 0x7f)
				j++;
			put_ascii_run(t, cps + i, j - i);
			i = j;
			continue;
		}
		put_one(t, cps[i++]);
	}
}

void term_state_put_glyphs(void *user, const uint32_t *cps, size_t n)
{
	struct term *t = user;

	/* the commonest single character: ASCII, no wrap involved, no insert mode */
	if (n == 1 && cps[0] < 0x7f && !t->phantom && t->col < t->cols - 1 && !t->insert &&
	    t->gset[t->gl] == 0 && !t->lrmm && !t->dwl_used) {
		struct term_cell *c = term_screen_prep(&t->screen, t->row, t->col, 1);
		if (c) {
			c->ch = cps[0] | t->pen.attr;
			c->fg = t->pen.fg;
			c->bg = t->pen.bg;
		}
		uint32_t key = term_pos_key(t->row, t->col, false);
		t->glyph_pos = key;
		t->glyph_next = key + 1;
		t->col++;
		t->last_cp = cps[0];
		return;
	}
	put_glyphs_slow(t, cps, n);
}


/*
 * Scrollback view (see view.h): each row is drawn whole, from a scrollback line or a screen
 * line, padded with default blanks and cut to the width (a wide character that would straddle
 * the right edge becomes a blank).
 */
#include "term/view.h"

#define VIEW_CHUNK 64

unsigned term_view_max(const struct term *t)
{
	const struct term_screen *s = term_get_screen(t);

	return s->alt_active ? 0 : s->sb_count;
}

static void draw_line(const struct term_screen *s, const struct term_line *l, const struct term_backend *be,
		      void *ctx, int row, int cols)
{
	struct term_cell buf[VIEW_CHUNK];
	int len = l ? l->len : 0;

	for (int c0 = 0; c0 < cols;) {
		int n = cols - c0 < VIEW_CHUNK ? cols - c0 : VIEW_CHUNK;
		for (int i = 0; i < n; i++) {
			int c = c0 + i;
			struct term_cell cell = { 0, 0, 0 };
			if (c < len)
				cell = l->cells[c];
			if ((cell.ch & TERM_CH_WIDE) && c + 1 >= cols)
				cell.ch = 0;
			if ((cell.ch & TERM_CH_CONT) && c == 0)
				cell.ch = 0;
			buf[i] = cell;
		}
		if (n > 1 && (buf[n - 1].ch & TERM_CH_WIDE) && c0 + n < cols)
			n--;                    /* keep a wide character whole */
		term_backend_draw(be, ctx, s, row, c0, buf, n);
		c0 += n;
	}
}

unsigned term_view_draw(const struct term *t, const struct term_backend *be, void *ctx, unsigned offset)
{
	const struct term_screen *s = term_get_screen(t);
	unsigned max = term_view_max(t);
	int rows, cols;

	term_get_size(t, &rows, &cols);
	if (offset > max)
		offset = max;
	for (int r = 0; r < rows; r++) {
		long idx = (long)r - (long)offset;
		const struct term_line *l;
		if (idx >= 0)
			l = &s->lines[idx];
		else
			l = term_screen_sb_line(s, (uint32_t)((long)s->sb_count + idx));
		draw_line(s, l, be, ctx, r, cols);
	}
	if (offset == 0) {
		int cr, cc;
		bool vis;
		term_get_cursor(t, &cr, &cc, &vis);
		term_backend_move_cursor(be, ctx, cr, cc, vis);
	} else {
		term_backend_move_cursor(be, ctx, 0, 0, false);
	}
	term_backend_flush(be, ctx);
	return offset;
}

/*
 * Line editor drawing: buffered output, character widths, the layout of prompt + line over
 * rows of `cols` columns, and redraws with relative cursor moves. The editor tracks where the
 * terminal cursor is (row and column relative to the prompt's first cell) and never leaves it
 * in the "pending wrap" state: when output ends exactly at the right margin it writes " \r",
 * which wraps to the next row (keeping the soft wrap) and returns to its first column. A wide
 * character that does not fit at the end of a row goes to the next row, as xterm does.
 */
#include "term/lineedit_priv.h"

#include <string.h>

void le_flush(struct term_le *le)
{
	if (le->out_len) {
		le->ops->write(le->user, le->out, le->out_len);
		le->out_len = 0;
	}
}

void le_out(struct term_le *le, const char *s, size_t n)
{
	while (n) {
		size_t room = sizeof(le->out) - le->out_len, k = n < room ? n : room;

		memcpy(le->out + le->out_len, s, k);
		le->out_len += k;
		s += k;
		n -= k;
		if (le->out_len == sizeof(le->out))
			le_flush(le);
	}
}

void le_out_str(struct term_le *le, const char *s)
{
	le_out(le, s, strlen(s));
}

/* ESC [ n final, with n left out when it is 1. */
static void out_csi(struct term_le *le, unsigned n, char final)
{
	char b[16], d[10];
	size_t l = 0, nd = 0;

	b[l++] = 0x1B;
	b[l++] = '[';
	if (n != 1) {
		do {
			d[nd++] = (char)('0' + n % 10);
			n /= 10;
		} while (n);
		while (nd)
			b[l++] = d[--nd];
	}
	b[l++] = final;
	le_out(le, b, l);
}

/* ---------------------------------------------------------------- characters */

size_t le_decode(const char *str, size_t len, size_t i, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned char b = s[i];
	size_t need;
	uint32_t c, min;

	if (b < 0x80) {
		*cp = b;
		return 1;
	}
	if (b >= 0xC2 && b <= 0xDF) {
		need = 1, c = b & 0x1F, min = 0x80;
	} else if (b >= 0xE0 && b <= 0xEF) {
		need = 2, c = b & 0x0F, min = 0x800;
	} else if (b >= 0xF0 && b <= 0xF4) {
		need = 3, c = b & 0x07, min = 0x10000;
	} else {
		*cp = 0xFFFD;
		return 1;
	}
	if (len - i <= need)
		goto bad;
	for (size_t k = 1; k <= need; k++) {
		if ((s[i + k] & 0xC0) != 0x80)
			goto bad;
		c = (c << 6) | (s[i + k] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		goto bad;
	*cp = c;
	return need + 1;
bad:
	*cp = 0xFFFD;
	return 1;
}

int term_le_default_width(uint32_t cp)
{
	static const uint32_t zero[][2] = {
		{ 0x0300, 0x036F }, { 0x0483, 0x0489 }, { 0x0591, 0x05BD }, { 0x0610, 0x061A },
		{ 0x064B, 0x065F }, { 0x1AB0, 0x1AFF }, { 0x1DC0, 0x1DFF }, { 0x200B, 0x200F },
		{ 0x20D0, 0x20FF }, { 0xFE00, 0xFE0F }, { 0xFE20, 0xFE2F }, { 0xE0100, 0xE01EF },
	};
	static const uint32_t wide[][2] = {
		{ 0x1100, 0x115F }, { 0x2E80, 0x303E }, { 0x3041, 0x33FF }, { 0x3400, 0x4DBF },
		{ 0x4E00, 0x9FFF }, { 0xA000, 0xA4CF }, { 0xAC00, 0xD7A3 }, { 0xF900, 0xFAFF },
		{ 0xFE30, 0xFE4F }, { 0xFF00, 0xFF60 }, { 0xFFE0, 0xFFE6 }, { 0x1F300, 0x1F64F },
		{ 0x1F900, 0x1F9FF }, { 0x20000, 0x2FFFD }, { 0x30000, 0x3FFFD },
	};

	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return cp >= 0x80 ? 1 : 2; /* drawn as ^X, or '?' for C1 */
	if (cp < 0x300 || cp == 0xFFFD)
		return 1; /* no zero-width or wide ranges below U+0300 (and the replacement character) */
	for (size_t i = 0; i < sizeof(zero) / sizeof(zero[0]); i++)
		if (cp >= zero[i][0] && cp <= zero[i][1])
			return 0;
	for (size_t i = 0; i < sizeof(wide) / sizeof(wide[0]); i++)
		if (cp >= wide[i][0] && cp <= wide[i][1])
			return 2;
	return 1;
}

int le_width(const struct term_le *le, uint32_t cp)
{
	int w;

	if (cp < 0x20 || cp == 0x7F)
		return 2;
	if (cp >= 0x80 && cp < 0xA0)
		return 1;
	w = le->ops->width ? le->ops->width(le->user, cp) : term_le_default_width(cp);
	return w < 0 ? 0 : w > 2 ? 2 : w;
}

size_t le_span_width(const struct term_le *le, const char *s, size_t n)
{
	size_t w = 0;

	for (size_t i = 0; i < n;) {
		uint32_t cp;

		i += le_decode(s, n, i, &cp);
		w += (size_t)le_width(le, cp);
	}
	return w;
}

/* A "character" for cursor movement is a code point plus the zero-width ones after it. */
size_t le_next_char(const struct term_le *le, size_t i)
{
	uint32_t cp;

	if (i >= le->len)
		return le->len;
	i += le_decode(le->buf, le->len, i, &cp);
	while (i < le->len) {
		size_t n = le_decode(le->buf, le->len, i, &cp);

		if (le_width(le, cp) != 0)
			break;
		i += n;
	}
	return i;
}

size_t le_prev_char(const struct term_le *le, size_t i)
{
	for (;;) {
		uint32_t cp;
		size_t j = i;

		if (j == 0)
			return 0;
		do
			j--;
		while (j > 0 && i - j < 4 && ((unsigned char)le->buf[j] & 0xC0) == 0x80);
		if (j + le_decode(le->buf, le->len, j, &cp) != i) {
			j = i - 1; /* invalid bytes are characters of their own */
			le_decode(le->buf, le->len, j, &cp);
		}
		i = j;
		if (i == 0 || le_width(le, cp) != 0)
			return i;
	}
}

/* ---------------------------------------------------------------- layout */

static void advance(const struct term_le *le, unsigned *row, unsigned *col, int w)
{
	if (w > 0 && *col + (unsigned)w > le->cols) {
		(*row)++;
		*col = 0;
	}
	*col += (unsigned)w;
}

static void layout_span(const struct term_le *le, const char *s, size_t n, unsigned *row, unsigned *col)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		unsigned char b = (unsigned char)s[i];

		if (b >= 0x20 && b < 0x7F && !le->ops->width) { /* printable ASCII: one column */
			if (*col + 1 > le->cols) {
				(*row)++;
				*col = 0;
			}
			(*col)++;
			i++;
			continue;
		}
		i += le_decode(s, n, i, &cp);
		advance(le, row, col, le_width(le, cp));
	}
}

/* Where the cell after prompt + line[0, upto) is; the column may equal cols (pending wrap). */
static void pos_after(const struct term_le *le, size_t upto, unsigned *row, unsigned *col)
{
	size_t from = 0;

	*row = 0;
	*col = 0;
	if (le->lay_ok && le->lay_upto <= upto) { /* typing at the end: only the new text is laid out */
		*row = le->lay_row;
		*col = le->lay_col;
		from = le->lay_upto;
	} else {
		layout_span(le, le->prompt, le->prompt_len, row, col);
	}
	layout_span(le, le->buf + from, upto - from, row, col);
	{
		struct term_le *memo = (struct term_le *)le; /* the cache, not the editor's state */

		memo->lay_ok = true;
		memo->lay_upto = upto;
		memo->lay_row = *row;
		memo->lay_col = *col;
	}
}

/* The cell where the cursor stands when it is before byte p. */
static void cursor_cell(const struct term_le *le, size_t p, unsigned *row, unsigned *col)
{
	pos_after(le, p, row, col);
	if (*col >= le->cols) {
		(*row)++;
		*col = 0;
	} else if (p < le->len) {
		uint32_t cp;

		le_decode(le->buf, le->len, p, &cp);
		if (*col + (unsigned)le_width(le, cp) > le->cols) {
			(*row)++;
			*col = 0;
		}
	}
}

static void move_to(struct term_le *le, unsigned row, unsigned col)
{
	if (row < le->cur_row)
		out_csi(le, le->cur_row - row, 'A');
	else if (row > le->cur_row)
		out_csi(le, row - le->cur_row, 'B');
	if (col != le->cur_col) {
		if (col == 0)
			le_out(le, "\r", 1);
		else if (col > le->cur_col)
			out_csi(le, col - le->cur_col, 'C');
		else
			out_csi(le, le->cur_col - col, 'D');
	}
	le->cur_row = row;
	le->cur_col = col;
}

static void out_char(struct term_le *le, const char *s, size_t n, uint32_t cp)
{
	char c[2];

	if (cp < 0x20 || cp == 0x7F) {
		c[0] = '^';
		c[1] = cp == 0x7F ? '?' : (char)(cp + 0x40);
		le_out(le, c, 2);
	} else if (cp >= 0x80 && cp < 0xA0) {
		le_out(le, "?", 1);
	} else if (cp == 0xFFFD && n == 1) {
		le_out(le, "\xEF\xBF\xBD", 3);
	} else {
		le_out(le, s, n);
	}
}

/* Write s[0, n) from the tracked cursor, following the terminal's wrapping. */
static void write_span(struct term_le *le, const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = le_decode(s, n, i, &cp);

		advance(le, &le->cur_row, &le->cur_col, le_width(le, cp));
		out_char(le, s + i, k, cp);
		i += k;
	}
}

static void finish_wrap(struct term_le *le)
{
	if (le->cur_col >= le->cols) {
		le_out(le, " \r", 2);
		le->cur_row++;
		le->cur_col = 0;
	}
}

void le_move_cursor(struct term_le *le)
{
	unsigned r, c;

	if (!le->shown)
		return;
	cursor_cell(le, le->pos, &r, &c);
	move_to(le, r, c);
}

void le_move_to_end(struct term_le *le)
{
	unsigned r, c;

	if (!le->shown)
		return;
	cursor_cell(le, le->len, &r, &c);
	move_to(le, r, c);
}

/* Redraw the line from byte `from` on; `clear` erases what was drawn after it before. */
void le_refresh_from(struct term_le *le, size_t from, bool clear)
{
	unsigned r, c;

	if (!le->shown)
		return;
	pos_after(le, from, &r, &c);
	if (c >= le->cols) {
		r++;
		c = 0;
	}
	move_to(le, r, c);
	if (clear)
		out_csi(le, 1, 'J');
	write_span(le, le->buf + from, le->len - from);
	finish_wrap(le);
	le_move_cursor(le);
}

void le_erase(struct term_le *le)
{
	if (!le->shown)
		return;
	move_to(le, 0, 0);
	out_csi(le, 1, 'J');
}

void le_redraw_all(struct term_le *le)
{
	if (!le->shown)
		return;
	le_erase(le);
	write_span(le, le->prompt, le->prompt_len);
	write_span(le, le->buf, le->len);
	finish_wrap(le);
	le_move_cursor(le);
}

void le_out_text(struct term_le *le, const char *text, size_t len)
{
	size_t start = 0;

	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\n') {
			le_out(le, text + start, i - start);
			le_out(le, "\r\n", 2);
			start = i + 1;
		}
	}
	le_out(le, text + start, len - start);
	if (len == 0 || text[len - 1] != '\n')
		le_out(le, "\r\n", 2);
}

/* ---------------------------------------------------------------- public drawing calls */

void term_le_show(struct term_le *le)
{
	if (le->shown)
		return;
	le->shown = true;
	le->cur_row = 0;
	le->cur_col = 0;
	le_out(le, "\r", 1);
	le_redraw_all(le);
	le_flush(le);
}

void term_le_hide(struct term_le *le)
{
	le_erase(le);
	le->shown = false;
	le_flush(le);
}

bool term_le_shown(const struct term_le *le)
{
	return le->shown;
}

void term_le_resize(struct term_le *le, unsigned cols)
{
	if (cols < 4)
		cols = 4;
	if (le->shown)
		move_to(le, 0, 0); /* with the old layout: rows above did not move */
	le->cols = cols;
	le->lay_ok = false;
	le_redraw_all(le);
	le_flush(le);
}

void term_le_print_above(struct term_le *le, const char *text, size_t len)
{
	le_erase(le);
	le_out_text(le, text, len);
	le_redraw_all(le);
	le_flush(le);
}

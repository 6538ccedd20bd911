/*
 * Host helpers for the terminal core (see term_host_util.h): the malloc allocator and the
 * termdump output format, shared by termdump, the tests and the differential harness.
 */
#include "tools/term_host_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *host_alloc(void *ctx, size_t size)
{
	(void)ctx;
	return malloc(size);
}

static void host_free(void *ctx, void *p, size_t size)
{
	(void)ctx;
	(void)size;
	free(p);
}

const struct term_alloc term_host_alloc = { host_alloc, host_free, NULL };

void sb_putc(struct strbuf *b, char c)
{
	if (b->len + 2 > b->cap) {
		b->cap = b->cap ? b->cap * 2 : 256;
		b->s = realloc(b->s, b->cap);
		if (!b->s)
			abort();
	}
	b->s[b->len++] = c;
	b->s[b->len] = 0;
}

void sb_puts(struct strbuf *b, const char *s)
{
	while (*s)
		sb_putc(b, *s++);
}

void sb_printf(struct strbuf *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	sb_puts(b, tmp);
}

void sb_utf8(struct strbuf *b, uint32_t cp)
{
	if (cp < 0x80) {
		sb_putc(b, (char)cp);
	} else if (cp < 0x800) {
		sb_putc(b, (char)(0xc0 | (cp >> 6)));
		sb_putc(b, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		sb_putc(b, (char)(0xe0 | (cp >> 12)));
		sb_putc(b, (char)(0x80 | ((cp >> 6) & 0x3f)));
		sb_putc(b, (char)(0x80 | (cp & 0x3f)));
	} else {
		sb_putc(b, (char)(0xf0 | (cp >> 18)));
		sb_putc(b, (char)(0x80 | ((cp >> 12) & 0x3f)));
		sb_putc(b, (char)(0x80 | ((cp >> 6) & 0x3f)));
		sb_putc(b, (char)(0x80 | (cp & 0x3f)));
	}
}

void sb_free(struct strbuf *b)
{
	free(b->s);
	memset(b, 0, sizeof(*b));
}

void dump_from_term(const struct term *t, struct dump_screen *d)
{
	const struct term_screen *s = term_get_screen(t);

	term_get_size(t, &d->rows, &d->cols);
	term_get_cursor(t, &d->crow, &d->ccol, &d->visible);
	d->cells = calloc((size_t)d->rows * (size_t)d->cols, sizeof(*d->cells));
	for (int r = 0; r < d->rows; r++)
		for (int c = 0; c < d->cols; c++) {
			struct term_cell cell = term_screen_cell(s, r, c);
			struct dump_cell *dc = &d->cells[r * d->cols + c];
			dc->nchars = term_screen_chars(s, &cell, dc->chars, 6);
			dc->width = (cell.ch & TERM_CH_CONT) ? 0 : (cell.ch & TERM_CH_WIDE) ? 2 : 1;
			dc->attr = (cell.ch & TERM_CH_ATTR_MASK) | (cell.fg & TERM_UL_MASK);
			dc->fg = cell.fg & TERM_COLOR_MASK;
			dc->bg = cell.bg & TERM_COLOR_MASK;
		}
}

void dump_screen_free(struct dump_screen *d)
{
	free(d->cells);
	d->cells = NULL;
}

static void color_str(struct strbuf *b, uint32_t c)
{
	switch (c & TERM_COLOR_KIND_MASK) {
	case TERM_COLOR_INDEX: sb_printf(b, "idx%u", c & 0xff); break;
	case TERM_COLOR_RGB: sb_printf(b, "#%06x", c & TERM_COLOR_VALUE_MASK); break;
	default: sb_puts(b, "def"); break;
	}
}

static void attr_str(struct strbuf *b, uint32_t a)
{
	static const struct { uint32_t bit; const char *name; } names[] = {
		{ TERM_ATTR_BOLD, "bold" }, { TERM_ATTR_FAINT, "faint" }, { TERM_ATTR_ITALIC, "italic" },
		{ TERM_ATTR_BLINK, "blink" }, { TERM_ATTR_INVERSE, "inverse" },
		{ TERM_ATTR_HIDDEN, "hidden" }, { TERM_ATTR_STRIKE, "strike" },
	};
	static const char *ul[4] = { NULL, "underline", "dunderline", "curly" };
	bool any = false;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (a & names[i].bit) {
			sb_puts(b, any ? "," : "");
			sb_puts(b, names[i].name);
			any = true;
		}
	if (ul[(a & TERM_UL_MASK) >> TERM_UL_SHIFT]) {
		sb_puts(b, any ? "," : "");
		sb_puts(b, ul[(a & TERM_UL_MASK) >> TERM_UL_SHIFT]);
		any = true;
	}
	if (!any)
		sb_puts(b, "none");
}

static bool is_blank(const struct dump_cell *c)
{
	return c->nchars == 0 || (c->nchars == 1 && c->chars[0] == ' ');
}

void dump_format(const struct dump_screen *d, bool with_cells, uint32_t attr_mask, struct strbuf *b)
{
	sb_printf(b, "size %d %d\n", d->rows, d->cols);
	sb_printf(b, "cursor %d %d visible=%d\n", d->crow, d->ccol, d->visible ? 1 : 0);
	for (int r = 0; r < d->rows; r++) {
		const struct dump_cell *row = &d->cells[r * d->cols];
		int end = d->cols;
		while (end > 0 && (row[end - 1].width == 0 || is_blank(&row[end - 1])))
			end--;
		sb_printf(b, "row %2d |", r);
		for (int c = 0; c < end; c++) {
			if (row[c].width == 0)
				continue;
			if (row[c].nchars == 0)
				sb_putc(b, ' ');
			for (int k = 0; k < row[c].nchars; k++)
				sb_utf8(b, row[c].chars[k]);
		}
		sb_puts(b, "|\n");
	}
	if (!with_cells)
		return;
	for (int r = 0; r < d->rows; r++)
		for (int c = 0; c < d->cols; c++) {
			const struct dump_cell *dc = &d->cells[r * d->cols + c];
			uint32_t attr = dc->attr & attr_mask;
			/* blank (erased or a space) and default: not listed */
			if (dc->width == 0 || (is_blank(dc) && !attr && !dc->fg && !dc->bg))
				continue;
			sb_printf(b, "cell %d,%d ch=", r, c);
			if (dc->nchars == 0)
				sb_puts(b, "U+0000");
			for (int k = 0; k < dc->nchars; k++)
				sb_printf(b, "%sU+%04X", k ? "+" : "", dc->chars[k]);
			sb_printf(b, " w=%d attrs=", dc->width);
			attr_str(b, attr);
			sb_puts(b, " fg=");
			color_str(b, dc->fg);
			sb_puts(b, " bg=");
			color_str(b, dc->bg);
			sb_putc(b, '\n');
		}
}

static const char *check_line(const struct term_line *l, int cols)
{
	if (l->len > cols)
		return "line longer than the screen";
	if (l->len > l->cap)
		return "line length beyond capacity";
	for (int c = 0; c < l->len; c++) {
		uint32_t ch = l->cells[c].ch;
		if ((ch & TERM_CH_WIDE) && (c + 1 >= l->len || !(l->cells[c + 1].ch & TERM_CH_CONT)))
			return "wide lead without continuation";
		if ((ch & TERM_CH_CONT) && (c == 0 || !(l->cells[c - 1].ch & TERM_CH_WIDE)))
			return "continuation without lead";
	}
	return NULL;
}

/* Each cluster a cell refers to exists, has that one owner and is not on the free stack. */
static const char *check_clusters(const struct term_screen *s)
{
	uint8_t *seen = calloc(s->ncluster_cap + 1, 1);
	const char *e = NULL;

	if (!seen)
		return NULL;
	for (uint32_t i = 0; i < s->nfree_clusters; i++)
		seen[s->free_clusters[i]] = 2;
	for (uint32_t i = 0; !e && i < (uint32_t)(2 * s->rows) + s->sb_count; i++) {
		const struct term_line *l = i < (uint32_t)s->rows ? &s->pri[i] :
			i < (uint32_t)(2 * s->rows) ? &s->alt[i - (uint32_t)s->rows] :
			term_screen_sb_line(s, i - (uint32_t)(2 * s->rows));
		for (int c = 0; !e && c < l->len; c++) {
			uint32_t k = l->cells[c].ch & TERM_CH_CP_MASK;
			if (!(l->cells[c].ch & TERM_CH_CLUSTER))
				continue;
			if (k >= s->ncluster_cap)
				e = "cluster index out of range";
			else if (seen[k] == 2)
				e = "cluster in use and free";
			else if (seen[k])
				e = "cluster with two owners";
			else
				seen[k] = 1;
		}
	}
	free(seen);
	return e;
}

const char *term_check_invariants(const struct term *t)
{
	const struct term_screen *s = term_get_screen(t);
	int rows, cols, r, c;
	bool vis;
	const char *e;

	term_get_size(t, &rows, &cols);
	term_get_cursor(t, &r, &c, &vis);
	if (r < 0 || r >= rows || c < 0 || c >= cols)
		return "cursor out of range";
	if (s->rows != rows || s->cols != cols)
		return "screen size mismatch";
	for (int i = 0; i < rows; i++)
		if ((e = check_line(&s->lines[i], cols)) != NULL)
			return e;
	for (uint32_t i = 0; i < s->sb_count; i++)
		if ((e = check_line(term_screen_sb_line(s, i), TERM_MAX_DIM)) != NULL)
			return e;
	if (s->sb_count > s->sb_limit)
		return "scrollback over its limit";
	return check_clusters(s);
}

static void line_text(const struct term_screen *s, const struct term_line *l, struct strbuf *out, bool last)
{
	int end = l->len;

	/* blanks inside a logical line are kept; only the end of the logical line is trimmed */
	if (last)
		while (end > 0 && (l->cells[end - 1].ch & (TERM_CH_CP_MASK | TERM_CH_CLUSTER)) == 0 &&
		       !(l->cells[end - 1].ch & TERM_CH_CONT))
			end--;
	for (int c = 0; c < end; c++) {
		uint32_t cps[6];
		int n = term_screen_chars(s, &l->cells[c], cps, 6);
		if (l->cells[c].ch & TERM_CH_CONT)
			continue;
		if (n == 0)
			sb_putc(out, ' ');
		for (int k = 0; k < n; k++)
			sb_utf8(out, cps[k]);
	}
}

void term_logical_text(const struct term *t, struct strbuf *out)
{
	const struct term_screen *s = term_get_screen(t);
	size_t keep = 0;

	sb_puts(out, "");
	for (uint32_t i = 0; i < s->sb_count + (uint32_t)s->rows; i++) {
		const struct term_line *l = i < s->sb_count ? term_screen_sb_line(s, i) : &s->pri[i - s->sb_count];
		bool wrapped = (l->flags & TERM_LINE_WRAPPED) && i + 1 < s->sb_count + (uint32_t)s->rows;
		line_text(s, l, out, !wrapped);
		if (wrapped && l->len < s->cols) {
			/* as reflow reads it: padded to the width unless a wide character wrapped */
			const struct term_line *nx = i + 1 < s->sb_count ? term_screen_sb_line(s, i + 1)
									 : &s->pri[i + 1 - s->sb_count];
			if (!(l->len == s->cols - 1 && nx->len && (nx->cells[0].ch & TERM_CH_WIDE)))
				for (int c = l->len; c < s->cols; c++)
					sb_putc(out, ' ');
		}
		if (!wrapped) {
			/* trim blanks a wrapped row padded the logical line with */
			while (out->len > 0 && out->s[out->len - 1] == ' ')
				out->s[--out->len] = 0;
			sb_putc(out, '\n');
			if (out->len > 1 && out->s[out->len - 2] != '\n')
				keep = out->len;
			else if (out->len == 1)
				;
		}
	}
	/* drop trailing empty lines */
	while (out->len > keep && out->len > 0 && out->s[out->len - 1] == '\n' &&
	       (out->len == 1 || out->s[out->len - 2] == '\n'))
		out->s[--out->len] = 0;
}

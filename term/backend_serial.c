/*
 * Serial renderer (see backend_serial.h). The model is a rows x cols array of the cells the
 * remote shows; cells with combining marks are never assumed equal (their cluster may change
 * in place), so they are redrawn when their row is damaged. The remote cursor position is
 * forgotten after writing into the last column (terminals differ on the pending wrap), so the
 * next write there starts with an absolute move.
 */
#include "term/backend_serial.h"
#include "term/numfmt.h"

#include <string.h>

#define OUT_MAX 1024

struct term_serial {
	struct term_alloc alloc;
	term_output_fn out;
	void *user;
	uint64_t bytes;
	int rows, cols;
	struct term_cell *model;
	bool valid;                     /* model matches the remote */
	int crow, ccol;                 /* remote cursor; ccol < 0: unknown */
	bool visible;
	struct term_pen pen;            /* remote SGR state */
	int top, bottom;                /* remote scroll region */
	int remote_rows;                /* the remote's own rows when it has more than the model (else 0) */
	uint8_t lsize[TERM_MAX_DIM];    /* remote line size: 0 single, else the final of ESC # 3/4/6 */
	size_t n;
	char buf[OUT_MAX];
};

struct term_serial *term_serial_new(const struct term_alloc *alloc, term_output_fn out, void *user)
{
	struct term_serial *s = alloc->alloc(alloc->ctx, sizeof(*s));

	if (!s)
		return NULL;
	memset(s, 0, sizeof(*s));
	s->alloc = *alloc;
	s->out = out;
	s->user = user;
	return s;
}

void term_serial_free(struct term_serial *s)
{
	if (!s)
		return;
	if (s->model)
		s->alloc.free(s->alloc.ctx, s->model, (size_t)s->rows * (size_t)s->cols * sizeof(*s->model));
	s->alloc.free(s->alloc.ctx, s, sizeof(*s));
}

bool term_serial_set_remote_rows(struct term_serial *s, int rows)
{
	if (rows == s->remote_rows)
		return false;
	s->remote_rows = rows;
	return true;
}

void term_serial_invalidate(struct term_serial *s)
{
	s->valid = false;
}

uint64_t term_serial_bytes(const struct term_serial *s)
{
	return s->bytes;
}

/* ---------------------------------------------------------------- output */

static void out_flush(struct term_serial *s)
{
	if (s->n) {
		s->out(s->user, s->buf, s->n);
		s->bytes += s->n;
		s->n = 0;
	}
}

static void put(struct term_serial *s, const char *p, size_t n)
{
	while (n) {
		size_t m = OUT_MAX - s->n;
		if (m == 0) {
			out_flush(s);
			continue;
		}
		if (m > n)
			m = n;
		memcpy(s->buf + s->n, p, m);
		s->n += m;
		p += m;
		n -= m;
	}
}

static void puts_(struct term_serial *s, const char *p)
{
	put(s, p, strlen(p));
}

static void put_utf8(struct term_serial *s, uint32_t cp)
{
	char b[4];
	size_t n;

	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		b[0] = (char)(0xf0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	put(s, b, n);
}

/* ---------------------------------------------------------------- cursor */

/* "ESC [ a ; b f": a CSI with up to two numbers (1 omitted when it is the default). */
static size_t fmt_csi(char *p, int a, int b, char final)
{
	size_t n = 0;

	p[n++] = 0x1b;
	p[n++] = '[';
	if (a > 1 || (a == 1 && b > 1))
		n += term_fmt_uint(p + n, (unsigned)a);
	if (b > 1) {
		p[n++] = ';';
		n += term_fmt_uint(p + n, (unsigned)b);
	}
	p[n++] = final;
	return n;
}

static void move_to(struct term_serial *s, int row, int col)
{
	char best[32], alt[32];
	size_t nb, na;

	if (s->ccol >= 0 && s->crow == row && s->ccol == col)
		return;
	nb = fmt_csi(best, row + 1, col + 1, 'H');
	if (s->ccol >= 0) {
		na = 0;
		bool full = s->top == 0 && s->bottom == s->rows - 1;
		if (row == s->crow + 1 && s->crow != s->bottom) {
			/* CR LF, or CUD (which cannot scroll here): right on a raw line and on a tty that
			 * maps LF to CR LF (ONLCR). A bare LF is never sent: whether it keeps the column
			 * depends on the host. */
			if (col == 0) {
				alt[na++] = '\r';
				alt[na++] = '\n';
			} else {
				if (col < s->ccol)
					na += fmt_csi(alt + na, s->ccol - col, 0, 'D');
				else if (col > s->ccol)
					na += fmt_csi(alt + na, col - s->ccol, 0, 'C');
				na += fmt_csi(alt + na, 0, 0, 'B');
			}
		} else if (row == s->crow) {
			if (col == 0)
				alt[na++] = '\r';
			else if (col < s->ccol)
				na += fmt_csi(alt, s->ccol - col, 0, 'D');
			else
				na += fmt_csi(alt, col - s->ccol, 0, 'C');
		} else if (full && row < s->crow && col == s->ccol) {     /* CUU/CUD stop at margins */
			na = fmt_csi(alt, s->crow - row, 0, 'A');
		} else if (full && row > s->crow && col == s->ccol) {
			na = fmt_csi(alt, row - s->crow, 0, 'B');
		} else {
			na = sizeof(best);
		}
		if (na < nb) {
			memcpy(best, alt, na);
			nb = na;
		}
	}
	put(s, best, nb);
	s->crow = row;
	s->ccol = col;
}

/* ---------------------------------------------------------------- pen */

static size_t fmt_color(char *p, uint32_t c, bool fg)
{
	uint32_t v = c & TERM_COLOR_VALUE_MASK;
	size_t n = 0;

	switch (c & TERM_COLOR_KIND_MASK) {
	case TERM_COLOR_DEFAULT:
		return term_fmt_uint(p, fg ? 39 : 49);
	case TERM_COLOR_INDEX:
		if (v < 8)
			return term_fmt_uint(p, (fg ? 30 : 40) + v);
		if (v < 16)
			return term_fmt_uint(p, (fg ? 90 : 100) + v - 8);
		n = term_fmt_uint(p, fg ? 38 : 48);
		memcpy(p + n, ";5;", 3);
		n += 3;
		return n + term_fmt_uint(p + n, v);
	default:
		n = term_fmt_uint(p, fg ? 38 : 48);
		memcpy(p + n, ";2;", 3);
		n += 3;
		n += term_fmt_uint(p + n, v >> 16);
		p[n++] = ';';
		n += term_fmt_uint(p + n, (v >> 8) & 0xff);
		p[n++] = ';';
		return n + term_fmt_uint(p + n, v & 0xff);
	}
}

static const struct { uint32_t bit; uint8_t on, off; } attr_codes[] = {
	{ TERM_ATTR_BOLD, 1, 22 }, { TERM_ATTR_FAINT, 2, 22 }, { TERM_ATTR_ITALIC, 3, 23 },
	{ TERM_ATTR_BLINK, 5, 25 }, { TERM_ATTR_INVERSE, 7, 27 }, { TERM_ATTR_HIDDEN, 8, 28 },
	{ TERM_ATTR_STRIKE, 9, 29 },
};

static void add_code(char *p, size_t *n, const char *code, size_t len)
{
	if (*n > 2)
		p[(*n)++] = ';';
	memcpy(p + *n, code, len);
	*n += len;
}

static void add_num(char *p, size_t *n, unsigned v)
{
	char t[12];
	add_code(p, n, t, term_fmt_uint(t, v));
}

static size_t fmt_ul(char *p, uint32_t ul)
{
	static const char *forms[4] = { "24", "4", "21", "4:3" };
	size_t l = strlen(forms[ul]);
	memcpy(p, forms[ul], l);
	return l;
}

/* SGR from `from` to `to`: either differences only or a reset and everything set. */
static size_t fmt_sgr(char *p, const struct term_pen *from, const struct term_pen *to, bool reset)
{
	size_t n = 2;
	char t[32];
	struct term_pen base = { 0, 0, 0 };
	const struct term_pen *f = reset ? &base : from;
	uint32_t ful = (f->fg & TERM_UL_MASK) >> TERM_UL_SHIFT, tul = (to->fg & TERM_UL_MASK) >> TERM_UL_SHIFT;

	p[0] = 0x1b;
	p[1] = '[';
	if (reset)
		add_code(p, &n, "0", 1);
	/* 22 turns off bold and faint together: whichever stays is set again below */
	uint32_t bf = TERM_ATTR_BOLD | TERM_ATTR_FAINT;
	bool clear_bf = (f->attr & bf & ~to->attr) != 0;
	if (clear_bf)
		add_num(p, &n, 22);
	for (size_t i = 0; i < sizeof(attr_codes) / sizeof(attr_codes[0]); i++) {
		uint32_t b = attr_codes[i].bit;
		if (!(b & bf) && (f->attr & b) && !(to->attr & b))
			add_num(p, &n, attr_codes[i].off);
	}
	for (size_t i = 0; i < sizeof(attr_codes) / sizeof(attr_codes[0]); i++) {
		uint32_t b = attr_codes[i].bit;
		bool had = (f->attr & b) && !(clear_bf && (b & bf));
		if ((to->attr & b) && !had)
			add_num(p, &n, attr_codes[i].on);
	}
	if (ful != tul)
		add_code(p, &n, t, fmt_ul(t, tul));
	if ((f->fg & TERM_COLOR_MASK) != (to->fg & TERM_COLOR_MASK))
		add_code(p, &n, t, fmt_color(t, to->fg & TERM_COLOR_MASK, true));
	if ((f->bg & TERM_COLOR_MASK) != (to->bg & TERM_COLOR_MASK))
		add_code(p, &n, t, fmt_color(t, to->bg & TERM_COLOR_MASK, false));
	if (n == 2)
		return 0;
	p[n++] = 'm';
	return n;
}

static void set_pen(struct term_serial *s, const struct term_pen *to)
{
	char a[128], b[128];
	size_t na, nb;

	if (s->pen.attr == to->attr && s->pen.fg == to->fg && s->pen.bg == to->bg)
		return;
	if ((to->attr | to->fg | to->bg) == 0) {
		puts_(s, "\x1b[m");
	} else {
		na = fmt_sgr(a, &s->pen, to, false);
		nb = fmt_sgr(b, &s->pen, to, true);
		if (nb < na)
			put(s, b, nb);
		else
			put(s, a, na);
	}
	s->pen = *to;
}

/* ---------------------------------------------------------------- drawing */

static bool model_size(struct term_serial *s, int rows, int cols)
{
	size_t sz = (size_t)rows * (size_t)cols * sizeof(*s->model);

	if (s->model && s->rows == rows && s->cols == cols)
		return true;
	if (s->model)
		s->alloc.free(s->alloc.ctx, s->model, (size_t)s->rows * (size_t)s->cols * sizeof(*s->model));
	s->model = s->alloc.alloc(s->alloc.ctx, sz);
	s->rows = s->model ? rows : 0;
	s->cols = s->model ? cols : 0;
	s->valid = false;
	return s->model != NULL;
}

/* Start from a known remote state: soft reset (insert/origin modes, character sets, cursor
 * shown), default attributes, full margins (or, on a remote taller than the model, margins
 * around the model's rows, so that a line feed at the model's bottom scrolls there), home,
 * clear. */
static void ensure_valid(struct term_serial *s)
{
	char b[32];

	if (s->valid)
		return;
	puts_(s, "\x1b[!p\x1b[m");
	if (s->remote_rows > s->rows)
		put(s, b, fmt_csi(b, 1, s->rows, 'r'));
	else
		puts_(s, "\x1b[r");
	puts_(s, "\x1b[H\x1b[2J");
	memset(s->model, 0, (size_t)s->rows * (size_t)s->cols * sizeof(*s->model));
	memset(&s->pen, 0, sizeof(s->pen));
	s->crow = s->ccol = 0;
	s->top = 0;
	s->bottom = s->rows - 1;
	s->visible = true;
	s->valid = true;
	memset(s->lsize, 0, sizeof(s->lsize));
}

/* DECDWL/DECDHL are passed through: the remote doubles the line itself. Returns how many of the
 * row's columns the remote shows (half of them on a double-width line). */
static int line_size(struct term_serial *s, const struct term_screen *scr, int row)
{
	uint16_t f = scr->lines[row].flags;
	uint8_t want = f & TERM_LINE_DHL_TOP ? '3' : f & TERM_LINE_DHL_BOT ? '4' : f & TERM_LINE_DWL ? '6' : 0;

	if (s->lsize[row] != want) {
		move_to(s, row, 0);
		puts_(s, want == '3' ? "\x1b#3" : want == '4' ? "\x1b#4" : want == '6' ? "\x1b#6" : "\x1b#5");
		s->lsize[row] = want;
	}
	return want ? s->cols / 2 : s->cols;
}

static bool same(const struct term_cell *a, const struct term_cell *b)
{
	return a->ch == b->ch && a->fg == b->fg && a->bg == b->bg && !(a->ch & TERM_CH_CLUSTER);
}

static void put_cell(struct term_serial *s, const struct term_screen *scr, int row, int col,
		     const struct term_cell *c)
{
	struct term_pen pen = { c->ch & TERM_CH_ATTR_MASK, c->fg, c->bg };
	uint32_t cps[TERM_CLUSTER_CPS];
	int n = term_screen_chars(scr, c, cps, TERM_CLUSTER_CPS);
	int w = (c->ch & TERM_CH_WIDE) ? 2 : 1;

	move_to(s, row, col);
	set_pen(s, &pen);
	if (n == 0)
		put(s, " ", 1);
	for (int i = 0; i < n; i++)
		put_utf8(s, cps[i]);
	s->ccol = col + w < s->cols ? col + w : -1;   /* pending wrap: position unknown */
}

static void serial_draw(void *ctx, const struct term_screen *scr, int row, int col,
			const struct term_cell *cells, int n)
{
	struct term_serial *s = ctx;
	struct term_cell *m;
	int tail = n;

	if (!model_size(s, scr->rows, scr->cols))
		return;
	ensure_valid(s);
	int shown = line_size(s, scr, row);
	if (shown < s->cols) {
		/* on a double-width line the remote's columns are halved: stay inside them and
		 * keep no assumption about where its cursor ends up */
		if (n > shown - col)
			n = shown - col;
		s->ccol = -1;
		if (n <= 0)
			return;
	}
	m = &s->model[row * s->cols];
	/* A run ending in default blanks erases them with one EL when the rest of the row is
	 * already blank on the remote (always true for a run reaching the end of the row): after a
	 * clear or an erase, a row of coloured cells costs a few bytes instead of a line of spaces. */
	while (tail > 0 && term_cell_is_default_blank(&cells[tail - 1]))
		tail--;
	if (tail < n) {
		const struct term_line *l = &scr->lines[row];
		int end = l->len;   /* the screen row is default blank from `end` on */
		bool dirty = false;

		while (end > 0 && term_cell_is_default_blank(&l->cells[end - 1]))
			end--;
		for (int c = col + tail; c < s->cols && !dirty; c++)
			dirty = !term_cell_is_default_blank(&m[c]);
		/* EL is right when the row is meant to be blank to its end; the core may hand the
		 * row over in chunks, so ask the screen rather than this run. */
		if (!dirty || col + tail < end || s->cols - (col + tail) < 4)
			tail = n;
	}
	for (int i = 0; i < tail; i++) {
		const struct term_cell *c = &cells[i];
		if (c->ch & TERM_CH_CONT)
			continue;
		if (same(&m[col + i], c) && (!(c->ch & TERM_CH_WIDE) || (i + 1 < n && same(&m[col + i + 1], &cells[i + 1]))))
			continue;
		if ((c->ch & TERM_CH_WIDE) && col + i + 1 >= s->cols)
			continue;               /* cannot happen in a consistent grid */
		put_cell(s, scr, row, col + i, c);
		m[col + i] = *c;
		if (c->ch & TERM_CH_WIDE) {
			m[col + i + 1] = i + 1 < n ? cells[i + 1] : (struct term_cell){ TERM_CH_CONT, c->fg, c->bg };
		} else if (col + i + 1 < s->cols && (m[col + i + 1].ch & TERM_CH_CONT) && !(i + 1 < n)) {
			m[col + i + 1].ch = TERM_CH_CLUSTER;    /* unknown: never equal */
		}
	}
	if (shown < s->cols)
		s->ccol = -1;           /* a pending wrap at the half's end is not tracked */
	if (tail < n) {
		struct term_pen dflt = { 0, 0, 0 };
		bool below_blank = true;

		for (int r = row + 1; r < scr->rows && below_blank; r++) {
			const struct term_line *l = &scr->lines[r];

			for (int c = 0; c < l->len && below_blank; c++)
				below_blank = term_cell_is_default_blank(&l->cells[c]);
		}
		if (below_blank) { /* worth an ED only if the remote still shows something below */
			const struct term_cell *below = &s->model[(row + 1) * s->cols];
			size_t cells = (size_t)(s->rows - row - 1) * (size_t)s->cols;
			bool below_dirty = false;

			for (size_t i = 0; i < cells && !below_dirty; i++)
				below_dirty = !term_cell_is_default_blank(&below[i]);
			below_blank = below_dirty;
		}
		move_to(s, row, col + tail);
		set_pen(s, &dflt);
		if (below_blank && row + 1 < s->rows) {
			/* Everything after this point is meant to be blank: one ED instead of an EL per row. */
			puts_(s, "\x1b[J");
			memset(&m[col + tail], 0, (size_t)((s->rows - row) * s->cols - col - tail) * sizeof(*m));
		} else {
			puts_(s, "\x1b[K");
			memset(&m[col + tail], 0, (size_t)(s->cols - col - tail) * sizeof(*m));
		}
	}
}

static void serial_move_cursor(void *ctx, int row, int col, bool visible)
{
	struct term_serial *s = ctx;

	if (!s->model)
		return;
	ensure_valid(s);
	move_to(s, row, col);
	if (visible != s->visible) {
		puts_(s, visible ? "\x1b[?25h" : "\x1b[?25l");
		s->visible = visible;
	}
}

static int serial_scroll(void *ctx, int top, int bottom, int n)
{
	struct term_serial *s = ctx;
	struct term_pen dflt = { 0, 0, 0 };
	int h = bottom - top, an = n > 0 ? n : -n;
	char b[32];

	if (!s->model || !s->valid || bottom > s->rows || an >= h)
		return -1;
	set_pen(s, &dflt);                      /* new lines must come in blank */
	if (top != s->top || bottom - 1 != s->bottom) {
		put(s, b, fmt_csi(b, top + 1, bottom, 'r'));
		s->top = top;
		s->bottom = bottom - 1;
		s->crow = s->ccol = 0;          /* DECSTBM homes the cursor */
	}
	if (n > 0 && top == 0 && bottom == s->rows) {
		/* CR LF at the bottom, however many: the remote keeps the lines in its scrollback (the
		 * column is 0 after it on a raw line and with ONLCR alike); SU would not everywhere */
		move_to(s, s->rows - 1, 0);
		for (int i = 0; i < n; i++)
			put(s, "\r\n", 2);
	} else {
		put(s, b, fmt_csi(b, an, 0, n > 0 ? 'S' : 'T'));
	}
	struct term_cell *base = &s->model[top * s->cols];
	size_t rowsz = (size_t)s->cols * sizeof(*base);
	/* line sizes scroll with their lines; new lines are single */
	if (n > 0) {
		memmove(&s->lsize[top], &s->lsize[top + n], (size_t)(h - n));
		memset(&s->lsize[bottom - n], 0, (size_t)n);
	} else {
		memmove(&s->lsize[top + an], &s->lsize[top], (size_t)(h - an));
		memset(&s->lsize[top], 0, (size_t)an);
	}
	if (n > 0) {
		memmove(base, base + (size_t)n * (size_t)s->cols, (size_t)(h - n) * rowsz);
		memset(base + (size_t)(h - n) * (size_t)s->cols, 0, (size_t)n * rowsz);
	} else {
		memmove(base + (size_t)an * (size_t)s->cols, base, (size_t)(h - an) * rowsz);
		memset(base, 0, (size_t)an * rowsz);
	}
	return 0;
}

static void serial_bell(void *ctx)
{
	put(ctx, "\a", 1);
}

static void serial_flush(void *ctx)
{
	out_flush(ctx);
}

static void serial_size(void *ctx, int *rows, int *cols)
{
	struct term_serial *s = ctx;

	*rows = s->rows;
	*cols = s->cols;
}

const struct term_backend term_serial_backend = {
	.draw = serial_draw,
	.move_cursor = serial_move_cursor,
	.scroll = serial_scroll,
	.bell = serial_bell,
	.flush = serial_flush,
	.size = serial_size,
	.keeps_scrollback = true,
};

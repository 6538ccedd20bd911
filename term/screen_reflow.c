/*
 * Resize with reflow. The primary buffer and the scrollback are treated as one sequence of
 * logical lines (physical lines joined by their soft-wrap marks), which are wrapped again at the
 * new width: no text is lost, wide characters never straddle a row end, and the cursor stays on
 * the same character. Lines that no longer fit on the screen go to the scrollback; when the
 * screen grows taller, lines come back from the scrollback. The alternate buffer is not
 * reflowed (full-screen programs redraw on resize): it is cut or extended.
 * Two passes: the first counts the new lines and finds the cursor, the second builds them.
 */
#include "term/screen.h"

#include <string.h>

#include <keel/errno.h>

struct reflow {
	struct term_screen *s;
	struct term_line **old;         /* sb lines then screen lines */
	int nold;
	int cols, oldcols;
	int cur_line, cur_off;          /* cursor: index in old, offset in its logical line */
	int new_cur_line, new_cur_col;
};

/* Length of physical line i as part of its logical line: a soft-wrapped line shorter than the
 * old width is padded back, unless it was cut short by a wide character that wrapped. */
static int part_len(const struct reflow *r, int i)
{
	const struct term_line *l = r->old[i];

	if (!(l->flags & TERM_LINE_WRAPPED) || i + 1 >= r->nold || l->len >= r->oldcols)
		return l->len;
	if (l->len == r->oldcols - 1 && r->old[i + 1]->len && (r->old[i + 1]->cells[0].ch & TERM_CH_WIDE))
		return l->len;
	return r->oldcols;
}

static struct term_cell part_cell(const struct reflow *r, int i, int c)
{
	const struct term_line *l = r->old[i];
	struct term_cell blank = { 0, 0, 0 };

	return c < l->len ? l->cells[c] : blank;
}

/* Walk logical line [first, last]; count new lines, optionally emitting them into out. */
static int wrap_logical(struct reflow *r, int first, int last, struct term_line *out, int base)
{
	int lines = 0, col = 0;
	struct term_cell *dst;

	if (out)
		memset(&out[0], 0, sizeof(out[0]));
	for (int i = first; i <= last; i++) {
		int n = part_len(r, i);
		for (int c = 0; c < n; c++) {
			struct term_cell cell = part_cell(r, i, c);
			int w = (cell.ch & TERM_CH_WIDE) ? 2 : 1;
			if (cell.ch & TERM_CH_CONT)
				continue;               /* emitted with its lead */
			if (w == 2 && (c + 1 >= n || !(part_cell(r, i, c + 1).ch & TERM_CH_CONT)))
				w = 1, cell.ch &= ~TERM_CH_WIDE;
			if (w > r->cols)
				continue;               /* cannot be shown one column wide */
			if (col + w > r->cols) {
				if (out)
					out[lines].flags |= TERM_LINE_WRAPPED;
				lines++;
				col = 0;
				if (out)
					memset(&out[lines], 0, sizeof(out[0]));
			}
			if (i == r->cur_line && c == r->cur_off && r->new_cur_line < 0) {
				r->new_cur_line = base + lines;
				r->new_cur_col = col;
			}
			if (out) {
				struct term_line *l = &out[lines];
				if (!l->cells) {
					dst = term_screen_alloc(r->s, (size_t)r->cols * sizeof(*dst));
					if (!dst)
						return -ENOMEM;
					l->cells = dst;
					l->cap = (uint16_t)r->cols;
				}
				l->cells[col] = cell;
				if (w == 2) {
					struct term_cell cont = part_cell(r, i, c + 1);
					l->flags |= TERM_LINE_WIDE;
					if (i == r->cur_line && c + 1 == r->cur_off && r->new_cur_line < 0) {
						r->new_cur_line = base + lines;
						r->new_cur_col = col + 1;
					}
					l->cells[col + 1] = cont;
				}
				l->len = (uint16_t)(col + w);
			} else if (w == 2 && i == r->cur_line && c + 1 == r->cur_off && r->new_cur_line < 0) {
				r->new_cur_line = base + lines;
				r->new_cur_col = col + 1;
			}
			col += w;
		}
		if (i == r->cur_line && r->new_cur_line < 0) {
			/* the cursor is past the end of the text */
			int extra = r->cur_off - n;
			r->new_cur_line = base + lines;
			r->new_cur_col = col + (extra > 0 ? extra : 0);
			if (r->new_cur_col > r->cols)
				r->new_cur_col = r->cols;       /* == cols: just after the text */
		}
	}
	return lines + 1;
}

/* A line kept by a narrower screen gives back the cells past the new width, so a grid never
 * holds more than term_screen_grid_bytes (a failed allocation keeps the larger buffer). */
static void fit_cap(struct term_screen *s, struct term_line *l, int cols)
{
	struct term_cell *n;

	if (l->cap <= cols)
		return;
	n = term_screen_alloc(s, (size_t)cols * sizeof(*n));
	if (!n)
		return;
	memcpy(n, l->cells, (size_t)l->len * sizeof(*n));
	term_screen_free(s, l->cells, (size_t)l->cap * sizeof(*n));
	l->cells = n;
	l->cap = (uint16_t)cols;
}

static void resize_alt(struct term_screen *s, struct term_line *nalt, int rows, int cols)
{
	for (int r = 0; r < rows && r < s->rows; r++) {
		nalt[r] = s->alt[r];
		if (nalt[r].len > cols) {
			nalt[r].len = (uint16_t)cols;
			if (nalt[r].cells[cols - 1].ch & TERM_CH_WIDE)
				nalt[r].len = (uint16_t)(cols - 1);
		}
		nalt[r].flags &= TERM_LINE_WIDE;
		fit_cap(s, &nalt[r], cols);
	}
	for (int r = rows; r < s->rows; r++)
		term_line_free(s, &s->alt[r]);
}

/* Free the old line arrays and damage ranges and put the new ones (rows x cols) in place. */
static void install(struct term_screen *s, struct term_line *npri, struct term_line *nalt, uint16_t *nlo,
		    uint16_t *nhi, int rows, int cols)
{
	term_screen_free(s, s->pri, (size_t)s->rows * sizeof(*s->pri));
	term_screen_free(s, s->alt, (size_t)s->rows * sizeof(*s->alt));
	term_screen_free(s, s->dmg_lo, (size_t)s->rows * sizeof(uint16_t));
	term_screen_free(s, s->dmg_hi, (size_t)s->rows * sizeof(uint16_t));
	s->pri = npri;
	s->alt = nalt;
	s->lines = s->alt_active ? nalt : npri;
	s->dmg_lo = nlo;
	s->dmg_hi = nhi;
	s->rows = rows;
	s->cols = cols;
}

/* Resize without reflow (term_set_reflow(t, false)). Rows are cut or padded at the width. A
 * shorter primary screen first loses blank rows below the cursor, then sends its top rows to the
 * scrollback; a taller one takes rows back from the scrollback (as libvterm and xterm do). */
static int resize_plain(struct term_screen *s, int rows, int cols, int *crow, int *ccol)
{
	struct term_line *npri = term_screen_alloc(s, (size_t)rows * sizeof(*npri));
	struct term_line *nalt = term_screen_alloc(s, (size_t)rows * sizeof(*nalt));
	uint16_t *nlo = term_screen_alloc(s, (size_t)rows * sizeof(*nlo));
	uint16_t *nhi = term_screen_alloc(s, (size_t)rows * sizeof(*nhi));
	int shift = 0, drop = 0, pop = 0;

	if (!npri || !nalt || !nlo || !nhi) {
		term_screen_free(s, npri, (size_t)rows * sizeof(*npri));
		term_screen_free(s, nalt, (size_t)rows * sizeof(*nalt));
		term_screen_free(s, nlo, (size_t)rows * sizeof(*nlo));
		term_screen_free(s, nhi, (size_t)rows * sizeof(*nhi));
		s->oom = true;
		return -ENOMEM;
	}
	memset(npri, 0, (size_t)rows * sizeof(*npri));
	memset(nalt, 0, (size_t)rows * sizeof(*nalt));
	if (rows < s->rows) {
		int need = s->rows - rows;
		int cur = s->alt_active ? -1 : *crow;
		while (drop < need && s->rows - 1 - drop > cur && s->pri[s->rows - 1 - drop].len == 0)
			drop++;
		shift = need - drop;
		if (s->alt_active && *crow < rows)
			shift = 0;                      /* the primary is not in view: cut it */
		for (int r = 0; r < shift; r++) {
			term_screen_sb_push(s, &s->pri[r]);
			term_line_free(s, &s->pri[r]);
		}
	} else if (!s->alt_active) {
		pop = rows - s->rows < (int)s->sb_count ? rows - s->rows : (int)s->sb_count;
		for (int i = pop - 1; i >= 0; i--) {
			uint32_t k = (s->sb_head + s->sb_count - 1) % s->sb_cap;
			npri[i] = s->sb[k];
			s->sb_count--;
		}
	}
	for (int r = 0; r + pop < rows && r + shift < s->rows; r++) {
		struct term_line *src = &s->pri[r + shift];
		npri[r + pop] = *src;
		if (npri[r + pop].len > cols) {
			npri[r + pop].len = (uint16_t)cols;
			if (npri[r + pop].cells[cols - 1].ch & TERM_CH_WIDE)
				npri[r + pop].len = (uint16_t)(cols - 1);
		}
		npri[r + pop].flags &= TERM_LINE_WIDE | TERM_LINE_SIZE_MASK;
		memset(src, 0, sizeof(*src));
	}
	for (int r = 0; r < rows; r++)
		fit_cap(s, &npri[r], cols);             /* also the lines taken from the scrollback */
	for (int r = 0; r < s->rows; r++)
		term_line_free(s, &s->pri[r]);          /* what did not move (dropped rows) */
	resize_alt(s, nalt, rows, cols);
	install(s, npri, nalt, nlo, nhi, rows, cols);
	if (!s->alt_active)
		*crow += pop - shift;
	if (*crow >= rows)
		*crow = rows - 1;
	if (*crow < 0)
		*crow = 0;
	if (*ccol > cols)
		*ccol = cols;
	term_screen_damage_clear(s);
	term_screen_damage_all(s);
	return 0;
}

static int resize_reflow(struct term_screen *s, int rows, int cols, int *crow, int *ccol)
{
	struct reflow r = { .s = s, .cols = cols, .oldcols = s->cols, .new_cur_line = -1 };
	struct term_line *npri = NULL, *nalt = NULL, *phys = NULL, *nsb = NULL;
	uint16_t *nlo = NULL, *nhi = NULL;
	int nlines = 0, last, top, err = -ENOMEM, p0 = -1;
	int sbn = (int)s->sb_count;

	r.nold = sbn + s->rows;
	r.old = term_screen_alloc(s, (size_t)r.nold * sizeof(*r.old));
	npri = term_screen_alloc(s, (size_t)rows * sizeof(*npri));
	nalt = term_screen_alloc(s, (size_t)rows * sizeof(*nalt));
	nlo = term_screen_alloc(s, (size_t)rows * sizeof(*nlo));
	nhi = term_screen_alloc(s, (size_t)rows * sizeof(*nhi));
	if (!r.old || !npri || !nalt || !nlo || !nhi)
		goto fail;
	memset(npri, 0, (size_t)rows * sizeof(*npri));
	memset(nalt, 0, (size_t)rows * sizeof(*nalt));
	for (int i = 0; i < sbn; i++)
		r.old[i] = &s->sb[(s->sb_head + (uint32_t)i) % s->sb_cap];
	for (int i = 0; i < s->rows; i++)
		r.old[sbn + i] = &s->pri[i];

	/* content ends at the last non-empty line or the cursor line (primary only) */
	last = sbn - 1;
	for (int i = s->rows - 1; i >= 0; i--)
		if (s->pri[i].len) {
			last = sbn + i;
			break;
		}
	if (!s->alt_active) {
		r.cur_line = sbn + *crow;
		r.cur_off = *ccol;
		if (r.cur_line > last)
			last = r.cur_line;
	} else {
		r.cur_line = -1;
	}

	/* pass 1: count */
	for (int i = 0; i <= last;) {
		int j = i;
		while (j < last && (r.old[j]->flags & TERM_LINE_WRAPPED))
			j++;
		if (p0 < 0 && j >= sbn)
			p0 = nlines;            /* the old screen's first logical line */
		nlines += wrap_logical(&r, i, j, NULL, nlines);
		i = j + 1;
	}
	if (p0 < 0)
		p0 = nlines;
	if (nlines) {
		phys = term_screen_alloc(s, (size_t)nlines * sizeof(*phys));
		if (!phys)
			goto fail;
		memset(phys, 0, (size_t)nlines * sizeof(*phys));
	}
	/* pass 2: build */
	r.new_cur_line = -1;
	for (int i = 0, n = 0; i <= last;) {
		int j = i;
		while (j < last && (r.old[j]->flags & TERM_LINE_WRAPPED))
			j++;
		int k = wrap_logical(&r, i, j, phys + n, n);
		if (k < 0)
			goto fail_phys;
		n += k;
		i = j + 1;
	}

	top = nlines - rows > 0 ? nlines - rows : 0;
	if (top < p0) {
		int pull = rows > s->rows ? rows - s->rows : 0;
		int want = p0 - pull > 0 ? p0 - pull : 0;
		if (want > top)
			top = want;
	}
	/* text is never dropped: if the lines below the cursor do not fit, the cursor's line goes
	 * into the scrollback and the cursor stays in the top row */
	if (top > nlines)
		top = nlines;

	/* scrollback: phys[0, top), at most sb_limit of the newest */
	int keep = top > (int)s->sb_limit ? (int)s->sb_limit : top;
	if (keep) {
		nsb = term_screen_alloc(s, (size_t)keep * sizeof(*nsb));
		if (!nsb)
			goto fail_phys;
	}
	for (int i = 0; i < top - keep; i++)
		term_line_free(s, &phys[i]);
	for (int i = 0; i < keep; i++) {
		nsb[i] = phys[top - keep + i];
		term_line_trim(s, &nsb[i]);
	}
	for (int i = top; i < nlines; i++)
		npri[i - top] = phys[i];        /* nlines - top <= rows */
	if (!s->alt_active) {
		*crow = r.new_cur_line >= top ? r.new_cur_line - top : 0;
		*ccol = r.new_cur_line >= 0 ? r.new_cur_col : 0;
	}
	resize_alt(s, nalt, rows, cols);

	/* free the old primary and scrollback lines and install the new ones */
	for (int i = 0; i < r.nold; i++)
		term_line_free(s, r.old[i]);
	term_screen_free(s, s->sb, (size_t)s->sb_cap * sizeof(*s->sb));
	term_screen_free(s, phys, (size_t)nlines * sizeof(*phys));
	term_screen_free(s, r.old, (size_t)r.nold * sizeof(*r.old));
	s->sb = nsb;
	s->sb_cap = s->sb_count = (uint32_t)keep;
	s->sb_head = 0;
	install(s, npri, nalt, nlo, nhi, rows, cols);
	if (s->alt_active) {
		if (*crow >= rows)
			*crow = rows - 1;
		if (*ccol >= cols)
			*ccol = cols - 1;
	}
	if (*crow >= rows)
		*crow = rows - 1;
	if (*ccol > cols)
		*ccol = cols;                   /* the caller turns cols into a pending wrap */
	term_screen_damage_clear(s);
	term_screen_damage_all(s);
	return 0;

fail_phys:
	for (int i = 0; i < nlines; i++)
		term_line_free(s, &phys[i]);
	term_screen_free(s, phys, (size_t)nlines * sizeof(*phys));
fail:
	term_screen_free(s, r.old, (size_t)r.nold * sizeof(*r.old));
	term_screen_free(s, npri, (size_t)rows * sizeof(*npri));
	term_screen_free(s, nalt, (size_t)rows * sizeof(*nalt));
	term_screen_free(s, nlo, (size_t)rows * sizeof(*nlo));
	term_screen_free(s, nhi, (size_t)rows * sizeof(*nhi));
	s->oom = true;
	return err;
}

/* Lines move between the screen and the scrollback while a resize runs, so nothing is evicted
 * until the new screen is in place; then the scrollback is fitted to the budget. A size whose
 * grid, with the cluster table (which eviction cannot shrink), exceeds the budget is refused. */
int term_screen_resize(struct term_screen *s, int rows, int cols, int *crow, int *ccol, bool reflow)
{
	int err;

	if (rows < 1 || cols < 1 || rows > TERM_MAX_DIM || cols > TERM_MAX_DIM)
		return -EINVAL;
	if (s->mem_budget && term_screen_grid_bytes(rows, cols) + term_screen_cluster_bytes(s) > s->mem_budget)
		return -ENOMEM;
	s->budget_paused = true;
	err = reflow ? resize_reflow(s, rows, cols, crow, ccol) : resize_plain(s, rows, cols, crow, ccol);
	s->budget_paused = false;
	term_screen_budget_fit(s, 0);
	return err;
}

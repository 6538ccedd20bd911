/*
 * Frontend state, part 6: the DEC extensions that act on areas of the screen. Line sizes
 * (DECDWL, DECDHL top/bottom, DECSWL) and DECALN; back/forward index (DECBI/DECFI) and column
 * insert/delete (DECIC/DECDC) inside the margins; selective erase (DECSED, DECSEL, DECSERA) of
 * cells not protected by DECSCA, and the erase that ISO protection (SPA/EPA) limits; the
 * rectangle operations DECFRA, DECERA, DECCRA, DECCARA and DECRARA (with DECSACE's extent);
 * resizes asked for by control sequences
 * (DECCOLM, DECSLPP, DECSNLS, XTWINOPS 8); and the DEC settings only recorded for DECRQSS.
 */
#include "term/state.h"

#include <string.h>

bool term_state_resize(struct term *t, int rows, int cols)
{
	/* a program's output may not make the terminal huge: at most TERM_SEQ_MAX_DIM either way */
	if (t->no_program_resize || rows < 1 || cols < 1 || rows > TERM_SEQ_MAX_DIM || cols > TERM_SEQ_MAX_DIM)
		return false;
	if (rows == t->rows && cols == t->cols)
		return true;
	return term_resize(t, rows, cols) == 0;
}

/* ------------------------------------------------------------------ recorded settings */

/* DECSASD, DECSACE, DECSSDT (xterm answers DECRQSS for these; not for DECELF/DECLFKC/DECSMKR) */
static const char settings[TERM_SETTINGS][3] = { "$}", "*x", "$~" };

int term_state_setting_slot(const char *s, size_t n)
{
	if (n != 2)
		return -1;
	for (int i = 0; i < TERM_SETTINGS; i++)
		if (s[0] == settings[i][0] && s[1] == settings[i][1])
			return i;
	return -1;
}

void term_state_dec_setting(struct term *t, const struct term_csi *c)
{
	char key[2] = { c->inter[0], c->final };
	int slot = term_state_setting_slot(key, 2);

	if (slot >= 0 && !c->leader)
		t->settings[slot] = (uint16_t)term_csi_arg(c, 0, 0);
}

/* ------------------------------------------------------------------ line sizes, DECALN */

void term_state_line_size(struct term *t, char final)
{
	struct term_line *l = &t->screen.lines[t->row];
	uint16_t size;

	switch (final) {
	case '3': size = TERM_LINE_DHL_TOP; break;
	case '4': size = TERM_LINE_DHL_BOT; break;
	case '5': size = 0; break;
	case '6': size = TERM_LINE_DWL; break;
	case '8': {                                     /* DECALN */
		t->top = 0;
		t->bottom = t->rows;
		t->left = 0;
		t->right = t->cols;
		for (int r = 0; r < t->rows; r++) {
			t->screen.lines[r].flags &= (uint16_t)~(TERM_LINE_SIZE_MASK | TERM_LINE_WRAPPED);
			for (int c = 0; c < t->cols; c++)
				term_screen_put(&t->screen, r, c, 'E', 1, &t->pen);
		}
		t->row = t->col = 0;
		t->phantom = false;
		return;
	}
	default:
		return;
	}
	if ((l->flags & TERM_LINE_SIZE_MASK) == size)
		return;
	l->flags = (uint16_t)((l->flags & ~TERM_LINE_SIZE_MASK) | size);
	if (size) {
		t->dwl_used = true;
		l->flags &= (uint16_t)~TERM_LINE_WRAPPED;
		if (t->col > t->cols / 2 - 1)
			t->col = t->cols / 2 > 0 ? t->cols / 2 - 1 : 0;
	}
	term_screen_damage(&t->screen, t->row, 0, t->cols);
}

/* ------------------------------------------------------------------ columns in the margins */

static bool in_tb(const struct term *t)
{
	return t->row >= t->top && t->row < t->bottom;
}

static void shift_cols(struct term *t, int col, int n, bool insert)
{
	int right = t->lrmm ? t->right : t->cols;

	for (int r = t->top; r < t->bottom; r++) {
		if (insert)
			term_screen_insert_cells_in(&t->screen, r, col, n, right, &t->pen);
		else
			term_screen_delete_cells_in(&t->screen, r, col, n, right, &t->pen);
	}
}

void term_state_index_cols(struct term *t, bool forward)
{
	int left = t->lrmm ? t->left : 0, right = t->lrmm ? t->right : t->cols;

	t->phantom = false;
	if (!forward) {
		if (t->col != left)
			t->col = t->col > 0 ? t->col - 1 : 0;
		else if (in_tb(t))
			shift_cols(t, left, 1, true);
	} else {
		if (t->col != right - 1)
			t->col = t->col < t->cols - 1 ? t->col + 1 : t->col;
		else if (in_tb(t))
			shift_cols(t, left, 1, false);
	}
}

/* ------------------------------------------------------------------ erase */

/* Erase [c0, c1) of row, leaving protected cells as the mode says. The protection bit means
 * SPA (ISO) protection when protect_iso, else DECSCA: ED/EL/ECH respect only the former,
 * DECSERA only the latter, and DECSED/DECSEL both (as xterm does). */
void term_state_erase(struct term *t, int row, int c0, int c1, enum term_erase mode)
{
	const struct term_line *l = &t->screen.lines[row];
	bool selective = mode != TERM_ERASE_PLAIN;

	if (c1 > t->cols)
		c1 = t->cols;
	if (mode == TERM_ERASE_PLAIN ? !t->protect_iso : mode == TERM_ERASE_DEC && t->protect_iso) {
		term_screen_erase(&t->screen, row, c0, c1, &t->pen);
		return;
	}
	struct term_pen pen = t->pen;
	if (selective)
		pen.fg = pen.bg = 0;            /* selective erase leaves default blanks */
	int end = c1 < l->len ? c1 : l->len;
	for (int c = c0; c < end;) {
		if (l->cells[c].bg & TERM_BG_PROTECTED) {
			c++;
			continue;
		}
		int e = c;
		while (e < end && !(l->cells[e].bg & TERM_BG_PROTECTED))
			e++;
		term_screen_erase(&t->screen, row, c, e, &pen);
		c = e;
		l = &t->screen.lines[row];
		end = c1 < l->len ? c1 : l->len;
	}
}

void term_state_selective_erase(struct term *t, const struct term_csi *c)
{
	int mode = term_csi_arg(c, 0, 0);

	if (c->final == 'K') {
		if (mode == 0)
			term_state_erase(t, t->row, t->col, t->cols, TERM_ERASE_ANY);
		else if (mode == 1)
			term_state_erase(t, t->row, 0, t->col + 1, TERM_ERASE_ANY);
		else if (mode == 2)
			term_state_erase(t, t->row, 0, t->cols, TERM_ERASE_ANY);
		return;
	}
	switch (mode) {
	case 0:
		term_state_erase(t, t->row, t->col, t->cols, TERM_ERASE_ANY);
		for (int r = t->row + 1; r < t->rows; r++)
			term_state_erase(t, r, 0, t->cols, TERM_ERASE_ANY);
		break;
	case 1:
		for (int r = 0; r < t->row; r++)
			term_state_erase(t, r, 0, t->cols, TERM_ERASE_ANY);
		term_state_erase(t, t->row, 0, t->col + 1, TERM_ERASE_ANY);
		break;
	case 2:
		for (int r = 0; r < t->rows; r++)
			term_state_erase(t, r, 0, t->cols, TERM_ERASE_ANY);
		break;
	default:
		break;
	}
}

/* ------------------------------------------------------------------ rectangles */

struct rect {
	int top, left, bottom, right;           /* rows [top, bottom), cols [left, right) */
};

/* Rectangle from args[i..i+3] (1-based, origin-relative, defaults the whole page); false if empty.
 * A stream (DECSACE) of more than one row may end left of where it starts. */
static bool get_rect_ext(const struct term *t, const struct term_csi *c, unsigned i, struct rect *r, bool stream)
{
	int r0 = t->origin ? t->top : 0, c0 = t->origin && t->lrmm ? t->left : 0;
	int r1 = t->origin ? t->bottom : t->rows, c1 = t->origin && t->lrmm ? t->right : t->cols;
	int top = term_csi_arg(c, i, 1), left = term_csi_arg(c, i + 1, 1);
	int bottom = term_csi_arg(c, i + 2, 0), right = term_csi_arg(c, i + 3, 0);

	r->top = (top < 1 ? 1 : top) - 1 + r0;
	r->left = (left < 1 ? 1 : left) - 1 + c0;
	r->bottom = bottom < 1 ? r1 : bottom + r0;
	r->right = right < 1 ? c1 : right + c0;
	if (r->bottom > r1)
		r->bottom = r1;
	if (r->right > c1)
		r->right = c1;
	return r->top < r->bottom && (r->left < r->right || (stream && r->bottom - r->top > 1));
}

static bool get_rect(const struct term *t, const struct term_csi *c, unsigned i, struct rect *r)
{
	return get_rect_ext(t, c, i, r, false);
}

static void copy_rect(struct term *t, const struct term_csi *c)
{
	struct rect src;
	int r0 = t->origin ? t->top : 0, c0 = t->origin && t->lrmm ? t->left : 0;
	int rmax = t->origin ? t->bottom : t->rows, cmax = t->origin && t->lrmm ? t->right : t->cols;

	if (!get_rect(t, c, 0, &src))
		return;
	int dtop = term_csi_arg(c, 5, 1), dleft = term_csi_arg(c, 6, 1);
	dtop = (dtop < 1 ? 1 : dtop) - 1 + r0;
	dleft = (dleft < 1 ? 1 : dleft) - 1 + c0;
	if (dtop >= rmax || dleft >= cmax)
		return;
	int h = src.bottom - src.top, w = src.right - src.left;
	if (dtop + h > rmax)
		h = rmax - dtop;
	if (dleft + w > cmax)
		w = cmax - dleft;
	bool up = dtop <= src.top;
	for (int k = 0; k < h; k++) {
		int i = up ? k : h - 1 - k;
		term_screen_copy_cols(&t->screen, dtop + i, src.top + i, src.left, src.left + w, dleft);
	}
}

static void fill_rect(struct term *t, const struct term_csi *c)
{
	struct rect r;
	int ch = term_csi_arg(c, 0, 0);

	if (!((ch >= 32 && ch <= 126) || (ch >= 160 && ch <= 255)))
		return;
	if (!get_rect(t, c, 1, &r))
		return;
	for (int row = r.top; row < r.bottom; row++)
		for (int col = r.left; col < r.right; col++)
			term_screen_put(&t->screen, row, col, (uint32_t)ch, 1, &t->pen);
}

/* The SGR attributes DECCARA sets (or DECRARA reverses) from args[4..]: 0 all, 1 bold, 4 underline,
 * 5 blink, 7 inverse, and 22/24/25/27 to clear one (DECCARA). */
static void attrs_of(const struct term_csi *c, uint32_t *set, uint32_t *clr, uint32_t *ul_set, uint32_t *ul_clr)
{
	*set = *clr = *ul_set = *ul_clr = 0;
	for (unsigned i = 4; i < c->nargs || i == 4; i++) {
		int a = term_csi_arg(c, i, 0);
		switch (a) {
		case 0:
			*clr |= TERM_ATTR_BOLD | TERM_ATTR_BLINK | TERM_ATTR_INVERSE;
			*ul_clr = TERM_UL_MASK;
			break;
		case 1: *set |= TERM_ATTR_BOLD; break;
		case 4: *ul_set = 1u << TERM_UL_SHIFT; break;
		case 5: *set |= TERM_ATTR_BLINK; break;
		case 7: *set |= TERM_ATTR_INVERSE; break;
		case 22: *clr |= TERM_ATTR_BOLD; break;
		case 24: *ul_clr = TERM_UL_MASK; break;
		case 25: *clr |= TERM_ATTR_BLINK; break;
		case 27: *clr |= TERM_ATTR_INVERSE; break;
		default: break;
		}
	}
}

/* DECCARA (CSI Pt;Pl;Pb;Pr;Ps... $ r) and DECRARA (... $ t): change or reverse attributes of
 * the characters in a rectangle, or in the stream of characters from its first to its last
 * position when DECSACE selects the stream extent (the default, as on a VT420). */
static void change_attrs(struct term *t, const struct term_csi *c, bool reverse)
{
	struct rect r;
	uint32_t set, clr, ul_set, ul_clr;
	bool rect = t->settings[term_state_setting_slot("*x", 2)] == 2;

	if (!get_rect_ext(t, c, 0, &r, !rect))
		return;
	attrs_of(c, &set, &clr, &ul_set, &ul_clr);
	for (int row = r.top; row < r.bottom; row++) {
		int c0 = rect || row == r.top ? r.left : 0, c1 = rect || row == r.bottom - 1 ? r.right : t->cols;
		struct term_line *l = &t->screen.lines[row];
		for (int col = c0; col < c1 && col < l->len; col++) {
			struct term_cell *cell = &l->cells[col];
			if (!(cell->ch & (TERM_CH_CP_MASK | TERM_CH_CLUSTER | TERM_CH_CONT)))
				continue;               /* erased cells have no attributes to change */
			if (reverse) {                  /* Ps 0 reverses all four */
				cell->ch ^= set | clr;
				if (ul_set || ul_clr)
					cell->fg = (cell->fg & TERM_UL_MASK) ? cell->fg & ~TERM_UL_MASK
									     : cell->fg | (1u << TERM_UL_SHIFT);
			} else {
				cell->ch = (cell->ch & ~clr) | set;
				cell->fg &= ~ul_clr;
				if (ul_set)
					cell->fg = (cell->fg & ~TERM_UL_MASK) | ul_set;
			}
		}
		term_screen_damage(&t->screen, row, c0, c1);
	}
}

void term_state_dec_csi(struct term *t, const struct term_csi *c)
{
	struct rect r;
	char i = c->inter[0];

	if (i == '\'' && (c->final == '}' || c->final == '~')) {        /* DECIC / DECDC */
		if (in_tb(t) && term_state_in_lr(t))
			shift_cols(t, t->col, term_csi_count(c, 0), c->final == '}');
		return;
	}
	if (i != '$' || t->vt_level < 4)
		return;
	switch (c->final) {
	case 'x': fill_rect(t, c); break;                               /* DECFRA */
	case 'z': case '{':                                             /* DECERA, DECSERA */
		if (get_rect(t, c, 0, &r))
			for (int row = r.top; row < r.bottom; row++)
				term_state_erase(t, row, r.left, r.right, c->final == '{' ? TERM_ERASE_DEC : TERM_ERASE_PLAIN);
		break;
	case 'v': copy_rect(t, c); break;                               /* DECCRA */
	case 'r': change_attrs(t, c, false); break;                     /* DECCARA */
	case 't': change_attrs(t, c, true); break;                      /* DECRARA */
	default: break;
	}
}

/*
 * Frontend state, part 1: cursor movement, tabs, save/restore, reset, and the C0/C1 controls
 * and escape sequences (printing text is term/state_print.c).
 */
#include "term/state.h"
#include "term/backend.h"

#include <string.h>

void term_state_tabs_default(struct term *t)
{
	memset(t->tabs, 0, (size_t)(t->cols + 7) / 8);
	for (int c = 8; c < t->cols; c += 8)
		t->tabs[c >> 3] |= (uint8_t)(1u << (c & 7));
}

void term_state_clamp(struct term *t)
{
	int lo = t->origin ? t->top : 0, hi = t->origin ? t->bottom - 1 : t->rows - 1;

	if (t->row < lo)
		t->row = lo;
	if (t->row > hi)
		t->row = hi;
	int cl = t->origin && t->lrmm ? t->left : 0, ch = t->origin && t->lrmm ? t->right - 1 : t->cols - 1;
	if (t->dwl_used && (t->screen.lines[t->row].flags & TERM_LINE_SIZE_MASK) && ch > t->cols / 2 - 1)
		ch = t->cols / 2 > 0 ? t->cols / 2 - 1 : 0;
	if (t->col < cl)
		t->col = cl;
	if (t->col > ch)
		t->col = ch;
}

/* Whole-screen scrolls up on a backend that keeps its own scrollback (a remote terminal): in
 * steps it can replay, each after a flush when the backend has not yet been shown a line about to
 * leave, so its scrollback gets every line (term_backend.keeps_scrollback). */
static void scroll_into_remote(struct term *t, int n)
{
	int h = t->rows, step = h > 1 ? h - 1 : 1; /* the most one replayable scroll moves */

	if (n > h)
		n = h;                  /* no more lines than the screen holds go to the scrollback */
	while (n > 0) {
		int k = n < step ? n : step;

		if (!term_screen_scroll_replayable(&t->screen, 0, h, k))
			term_flush(t);
		term_screen_scroll(&t->screen, 0, h, k, &t->pen, true);
		n -= k;
	}
}

/* Scroll the region (rows [top, bottom), the column margins when DECLRMM is on) by n. */
void term_state_scroll(struct term *t, int n)
{
	if (t->lrmm && (t->left > 0 || t->right < t->cols))
		term_screen_scroll_rect(&t->screen, t->top, t->bottom, t->left, t->right, n, &t->pen);
	else if (n > 0 && t->top == 0 && t->bottom == t->rows && !t->screen.alt_active && t->backend &&
		 t->backend->keeps_scrollback)
		scroll_into_remote(t, n);
	else
		term_screen_scroll(&t->screen, t->top, t->bottom, n, &t->pen, t->top == 0 && n > 0);
}

void term_state_linefeed(struct term *t)
{
	if (t->row == t->bottom - 1) {
		if (term_state_in_lr(t))
			term_state_scroll(t, 1);
	} else if (t->row < t->rows - 1) {
		t->row++;
	}
}

static void reverse_index(struct term *t)
{
	if (t->row == t->top) {
		if (term_state_in_lr(t))
			term_state_scroll(t, -1);
	} else if (t->row > 0) {
		t->row--;
	}
}

/* BS (and CUB) with reverse wraparound: from the left margin to the end of the line above
 * (the bottom margin's line from the top margin's); else stop at the margin. */
void term_state_backspace(struct term *t, int n)
{
	int left = term_state_left(t), right = term_state_right(t);
	bool rw = t->reverse_wrap && t->autowrap;

	if (t->phantom && rw) {
		t->phantom = false;
		n--;                            /* the pending wrap absorbs one step */
	}
	t->phantom = false;
	while (n-- > 0) {
		if (t->col > left) {
			t->col--;
		} else if (t->col < left) {
			if (t->col > 0)
				t->col--;
		} else if (rw) {
			int top = t->top, bottom = t->bottom;
			t->col = right - 1;
			if (t->row == top)
				t->row = bottom - 1;
			else if (t->row > 0)
				t->row--;
		} else {
			break;
		}
	}
}

void term_state_tab(struct term *t, int count, int dir)
{
	int right = t->col < term_state_right(t) ? term_state_right(t) : t->cols;
	int left = t->origin && t->lrmm ? t->left : 0;        /* CBT ignores the margins */
	while (count > 0) {
		if (dir > 0) {
			if (t->col >= right - 1)
				return;
			t->col++;
		} else {
			if (t->col <= left)
				return;
			t->col--;
		}
		if (t->tabs[t->col >> 3] & (1u << (t->col & 7)))
			count--;
	}
}

void term_state_save_cursor(struct term *t, bool save)
{
	struct term_saved *sv = t->saved;

	if (save) {
		sv->row = t->row;
		sv->col = t->col;
		sv->pen = t->pen;
		sv->origin = t->origin;
		sv->visible = t->cursor_visible;
		memcpy(sv->gset, t->gset, sizeof(sv->gset));
		sv->gl = t->gl;
		return;
	}
	if (t->row != sv->row || t->col != sv->col)
		t->phantom = false;     /* a pending wrap survives only if the cursor stays */
	t->row = sv->row;
	t->col = sv->col;
	t->pen = sv->pen;
	t->origin = sv->origin;
	t->cursor_visible = sv->visible;
	memcpy(t->gset, sv->gset, sizeof(t->gset));
	t->gl = sv->gl;
	term_state_clamp(t);
	if (t->screen.lines[t->row].flags & TERM_LINE_SIZE_MASK && t->col >= (t->cols + 1) / 2)
		t->col = (t->cols + 1) / 2 - 1;
}

void term_state_reset(struct term *t, bool hard)
{
	memset(&t->pen, 0, sizeof(t->pen));
	t->top = 0;
	t->bottom = t->rows;
	t->insert = false;
	t->newline = false;
	t->autowrap = true;
	t->origin = false;
	t->cursor_visible = true;
	t->app_cursor = false;
	t->app_keypad = false;
	memset(t->gset, 0, sizeof(t->gset));
	t->gl = 0;
	t->phantom = false;
	t->glyph_next = TERM_NO_GLYPH;
	memset(&t->saved_pri, 0, sizeof(t->saved_pri));
	memset(&t->saved_alt, 0, sizeof(t->saved_alt));
	t->saved_pri.visible = t->saved_alt.visible = true;
	term_state_modes_reset(t, hard);
	if (!hard)
		return;
	t->vt_level = 5;
	t->bracketed_paste = false;
	t->row = t->col = 0;
	t->last_cp = 0;
	t->title[0] = 0;
	t->icon[0] = 0;
	t->title_depth = 0;
	memset(t->settings, 0, sizeof(t->settings));
	term_state_colors_reset(t);
	if (t->deccolm && t->allow_deccolm && t->cols != 80)
		term_state_resize(t, t->rows, 80);         /* as xterm: back from 132 columns */
	t->deccolm = t->allow_deccolm = t->ncsm = false;
	t->reverse_screen = false;
	term_state_tabs_default(t);
	t->saved = &t->saved_pri;
	/* both screens are cleared, the alternate one first */
	for (int alt = 1; alt >= 0; alt--) {
		term_screen_set_alt(&t->screen, alt);
		for (int r = 0; r < t->rows; r++) {
			term_screen_erase(&t->screen, r, 0, t->cols, &t->pen);
			term_screen_set_wrapped(&t->screen, r, false);
			t->screen.lines[r].flags &= (uint16_t)~TERM_LINE_SIZE_MASK;
		}
	}
	term_screen_damage_all(&t->screen);
}

static void on_control(void *user, uint8_t c)
{
	struct term *t = user;
	int row = t->row, col = t->col;

	switch (c) {
	case 0x07:
		t->bells++;
		t->bells_pending++;
		break;
	case 0x08:
		term_state_backspace(t, 1);
		return;
	case 0x09:
		if (t->phantom && t->autowrap && term_state_rec_mode(t, 41)) {
			/* more(1) fix (?41): a tab after a full line wraps first */
			term_screen_set_wrapped(&t->screen, t->row, true);
			term_state_linefeed(t);
			term_state_carriage_return(t);
		}
		term_state_tab(t, 1, 1);        /* a pending wrap stays pending */
		break;
	case 0x0a: case 0x0b: case 0x0c:
		term_state_linefeed(t);
		if (t->newline)
			term_state_carriage_return(t);
		break;
	case 0x0d:
		term_state_carriage_return(t);
		break;
	case 0x0e:
		t->gl = 1;
		break;
	case 0x0f:
		t->gl = 0;
		break;
	case 0x84:                      /* IND */
		term_state_linefeed(t);
		break;
	case 0x85:                      /* NEL */
		term_state_linefeed(t);
		term_state_carriage_return(t);
		break;
	case 0x88:                      /* HTS */
		t->tabs[t->col >> 3] |= (uint8_t)(1u << (t->col & 7));
		break;
	case 0x8d:                      /* RI */
		reverse_index(t);
		break;
	case 0x96:                      /* SPA: start of protected area (ISO protection) */
		t->pen.bg |= TERM_BG_PROTECTED;
		t->protect_iso = true;
		break;
	case 0x97:                      /* EPA */
		t->pen.bg &= ~TERM_BG_PROTECTED;
		break;
	case 0x9a:                      /* DECID: as DA1 */
		term_state_da1(t);
		break;
	default:
		break;
	}
	/* as in libvterm, a pending wrap survives only controls that leave the cursor in place
	 * (HT in the last column, LF scrolling at the bottom) */
	if (t->row != row || t->col != col)
		t->phantom = false;
}

static void on_escape(void *user, const char *inter, size_t ninter, char final)
{
	struct term *t = user;

	if (ninter == 0) {
		switch (final) {
		case '6': term_state_index_cols(t, false); break;   /* DECBI */
		case '9': term_state_index_cols(t, true); break;    /* DECFI */
		case '7': term_state_save_cursor(t, true); break;
		case '8': term_state_save_cursor(t, false); break;
		case 'c': term_state_reset(t, true); break;
		case '=': t->app_keypad = true; break;
		case '>': t->app_keypad = false; break;
		case 'n': t->gl = 2; break;
		case 'o': t->gl = 3; break;
		default: break;
		}
		return;
	}
	if (ninter != 1)
		return;
	if (inter[0] == '#') {                          /* DECALN, DECDHL, DECSWL, DECDWL */
		term_state_line_size(t, final);
		return;
	}
	if (inter[0] >= '(' && inter[0] <= '+') {       /* designate G0..G3 */
		int g = inter[0] - '(';
		if (final == '0')
			t->gset[g] = 1;
		else if (final == 'B' || final == 'A' || final == 'U')
			t->gset[g] = 0;
	}
}

const struct term_parser_ops term_state_parser_ops = {
	.text = term_state_put_glyphs,
	.control = on_control,
	.escape = on_escape,
	.csi = term_state_csi,
	.osc = term_state_osc,
	.dcs = term_state_dcs,
};

/*
 * Frontend state, part 2: CSI sequences. Cursor movement (CUU/CUD/CUF/CUB/CNL/CPL/CHA/HPA/HPR/
 * VPA/VPR/CUP/HVP, stopping at the scroll margins when the cursor is inside them), erase and edit
 * (ED/EL/ECH/ICH/DCH/IL/DL/SU/SD/REP, honouring left/right margins as xterm does), tabs
 * (CHT/CBT/TBC), margins (DECSTBM, DECSLRM), save/restore (CSI s/u), and the dispatch of modes,
 * SGR, replies, selective erase and rectangle operations (state_mode.c, state_sgr.c,
 * state_reply.c, state_dec.c). Unknown sequences are ignored.
 */
#include "term/state.h"

#include <string.h>

bool term_state_in_lr(const struct term *t)
{
	return !t->lrmm || (t->col >= t->left && t->col < t->right);
}

int term_state_left(const struct term *t)
{
	return t->lrmm && t->col >= t->left ? t->left : 0;
}

int term_state_right(const struct term *t)
{
	return t->lrmm && t->col < t->right ? t->right : t->cols;
}

static bool in_region(const struct term *t)
{
	return t->row >= t->top && t->row < t->bottom && term_state_in_lr(t);
}

static void erase_rows(struct term *t, int r0, int r1)
{
	for (int r = r0; r < r1; r++) {
		term_state_erase(t, r, 0, t->cols, TERM_ERASE_PLAIN);
		term_screen_set_wrapped(&t->screen, r, false);
		t->screen.lines[r].flags &= (uint16_t)~TERM_LINE_SIZE_MASK;
	}
}

static void erase_display(struct term *t, int mode)
{
	switch (mode) {
	case 0:
		term_state_erase(t, t->row, t->col, t->cols, TERM_ERASE_PLAIN);
		term_screen_set_wrapped(&t->screen, t->row, false);
		erase_rows(t, t->row + 1, t->rows);
		break;
	case 1:
		erase_rows(t, 0, t->row);
		term_state_erase(t, t->row, 0, t->col + 1, TERM_ERASE_PLAIN);
		break;
	case 2:
		erase_rows(t, 0, t->rows);
		break;
	case 3:
		term_screen_clear_scrollback(&t->screen);
		break;
	default:
		break;
	}
}

static void erase_line(struct term *t, int mode)
{
	switch (mode) {
	case 0:
		term_state_erase(t, t->row, t->col, t->cols, TERM_ERASE_PLAIN);
		term_screen_set_wrapped(&t->screen, t->row, false);
		break;
	case 1:
		term_state_erase(t, t->row, 0, t->col + 1, TERM_ERASE_PLAIN);
		break;
	case 2:
		term_state_erase(t, t->row, 0, t->cols, TERM_ERASE_PLAIN);
		term_screen_set_wrapped(&t->screen, t->row, false);
		break;
	default:
		break;
	}
}

static void home(struct term *t)
{
	t->row = t->origin ? t->top : 0;
	t->col = t->origin && t->lrmm ? t->left : 0;
	t->phantom = false;
}

/* DECSTBM (rows) and DECSLRM (columns, CSI Pl ; Pr s with DECLRMM set): a pair of 1-based
 * margins, the second defaulting to the size; as xterm, a range of fewer than two lines or
 * columns is ignored. Both home the cursor. */
static void set_margins(struct term *t, const struct term_csi *c, bool cols)
{
	int size = cols ? t->cols : t->rows;
	int lo = term_csi_arg(c, 0, 1) - 1;
	int hi = term_csi_arg(c, 1, size);

	if (lo < 0)
		lo = 0;
	if (hi > size || hi == 0)
		hi = size;
	if (lo >= hi - 1)
		return;
	if (cols) {
		t->left = lo;
		t->right = hi;
	} else {
		t->top = lo;
		t->bottom = hi;
	}
	home(t);
}

static void repeat_last(struct term *t, int count)
{
	uint32_t buf[64];

	if (!t->last_cp)
		return;
	if (count > t->rows * t->cols)
		count = t->rows * t->cols;
	for (int i = 0; i < 64; i++)
		buf[i] = t->last_cp;
	while (count > 0) {
		int m = count > 64 ? 64 : count;
		term_state_put_glyphs(t, buf, (size_t)m);
		count -= m;
	}
}

/* Vertical moves stop at the scroll margins when the cursor starts inside them. */
static void move_up(struct term *t, int n)
{
	int lim = t->row >= t->top ? t->top : 0;
	t->row = t->row - n < lim ? lim : t->row - n;
}

static void move_down(struct term *t, int n)
{
	int lim = t->row < t->bottom ? t->bottom - 1 : t->rows - 1;
	t->row = t->row + n > lim ? lim : t->row + n;
}

static void move_right(struct term *t, int n)
{
	int lim = term_state_right(t) - 1;
	if (t->dwl_used && (t->screen.lines[t->row].flags & TERM_LINE_SIZE_MASK) && lim > t->cols / 2 - 1)
		lim = t->cols / 2 - 1;
	t->col = t->col + n > lim ? lim : t->col + n;
}

static void edit_lines(struct term *t, int n)
{
	if (!in_region(t))
		return;
	if (t->lrmm && (t->left > 0 || t->right < t->cols))
		term_screen_scroll_rect(&t->screen, t->row, t->bottom, t->left, t->right, n, &t->pen);
	else
		term_screen_scroll(&t->screen, t->row, t->bottom, n, &t->pen, false);
}

static __attribute__((noinline)) void csi_plain(struct term *t, const struct term_csi *c)
{
	/* the cursor movements, which always end a pending wrap */
	static const uint8_t moves_tab[128] = {
		['A'] = 1, ['B'] = 1, ['C'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,
		['d'] = 1, ['f'] = 1, ['j'] = 1, ['k'] = 1, ['a'] = 1, ['e'] = 1, ['`'] = 1,
	};
	int n = term_csi_count(c, 0), row = t->row, col = t->col;
	int lo = t->origin ? t->top : 0, clo = t->origin && t->lrmm ? t->left : 0;
	bool moves = moves_tab[c->final & 0x7f];

	switch (c->final) {
	case '@':
		if (term_state_in_lr(t))
			term_screen_insert_cells_in(&t->screen, t->row, t->col, n, term_state_right(t), &t->pen);
		break;
	case 'A': case 'k': move_up(t, n); break;
	case 'B': case 'e': move_down(t, n); break;
	case 'C': case 'a': move_right(t, n); break;
	case 'D': case 'j': term_state_backspace(t, n); return;
	case 'E': move_down(t, n); term_state_carriage_return(t); break;
	case 'F': move_up(t, n); term_state_carriage_return(t); break;
	case 'G': case '`': t->col = term_csi_arg(c, 0, 1) - 1 + clo; break;
	case 'H': case 'f':
		t->row = term_csi_arg(c, 0, 1) - 1 + lo;
		t->col = term_csi_arg(c, 1, 1) - 1 + clo;
		break;
	case 'I': term_state_tab(t, n, 1); break;
	case 'J': erase_display(t, term_csi_arg(c, 0, 0)); return;
	case 'K': erase_line(t, term_csi_arg(c, 0, 0)); return;
	case 'L': edit_lines(t, -n); break;
	case 'M': edit_lines(t, n); break;
	case 'P':
		if (term_state_in_lr(t))
			term_screen_delete_cells_in(&t->screen, t->row, t->col, n, term_state_right(t), &t->pen);
		break;
	case 'S': term_state_scroll(t, n); break;
	case 'T':
		if (c->nargs <= 1)
			term_state_scroll(t, -n);
		return;
	case 'X': term_state_erase(t, t->row, t->col, t->col + n, TERM_ERASE_PLAIN); return;
	case 'Z': term_state_tab(t, n, -1); break;
	case 'b': repeat_last(t, n); return;
	case 'c': term_state_da(t, c); return;
	case 'd': t->row = term_csi_arg(c, 0, 1) - 1 + lo; break;
	case 'g':
		if (term_csi_arg(c, 0, 0) == 0)
			t->tabs[t->col >> 3] &= (uint8_t)~(1u << (t->col & 7));
		else if (term_csi_arg(c, 0, 0) == 3)
			memset(t->tabs, 0, (size_t)(t->cols + 7) / 8);
		return;
	case 'h': term_state_modes(t, c, true); return;
	case 'l': term_state_modes(t, c, false); return;
	case 'm': term_state_sgr(t, c); return;
	case 'n': term_state_dsr(t, c); return;
	case 'r': set_margins(t, c, false); return;
	case 's':
		if (t->lrmm)
			set_margins(t, c, true);
		else
			term_state_save_cursor(t, true);
		return;
	case 'u': term_state_save_cursor(t, false); return;
	case 't': term_state_winops(t, c); return;
	default:
		return;
	}
	term_state_clamp(t);
	if (moves || t->row != row || t->col != col)
		t->phantom = false;
}

/* CSI with one intermediate */
static void csi_inter(struct term *t, const struct term_csi *c)
{
	char i = c->inter[0];

	switch (c->final) {
	case 'p':
		if (i == '!' && !c->leader)
			term_state_reset(t, false);             /* DECSTR */
		else if (i == '$')
			term_state_rqm(t, c);                   /* DECRQM */
		else if (i == '"' && !c->leader)
			term_state_set_level(t, c);             /* DECSCL */
		return;
	case 'q':
		if (i == ' ' && !c->leader) {                   /* DECSCUSR */
			int s = term_csi_arg(c, 0, 0);
			if (s >= 0 && s <= 6)
				t->cursor_style = (uint8_t)s;
		} else if (i == '"' && !c->leader) {            /* DECSCA */
			int s = term_csi_arg(c, 0, 0);
			if (s == 1)
				t->pen.bg |= TERM_BG_PROTECTED;
			else if (s == 0 || s == 2)
				t->pen.bg &= ~TERM_BG_PROTECTED;
			t->protect_iso = false;
		} else {
			term_state_dec_setting(t, c);
		}
		return;
	case 'y':
		if (i == '*' && !c->leader)
			term_state_rqcra(t, c);
		return;
	case '|':
		if (i == '*' && !c->leader)                     /* DECSNLS */
			term_state_resize(t, term_csi_arg(c, 0, t->rows), t->cols);
		return;
	default:
		if (!c->leader) {
			term_state_dec_setting(t, c);   /* DECSASD, DECSACE, DECSSDT: recorded */
			term_state_dec_csi(t, c);
		}
		return;
	}
}

static __attribute__((noinline)) void csi_other(struct term *t, const struct term_csi *c)
{
	if (c->ninter == 1) {
		csi_inter(t, c);
		return;
	}
	if (c->ninter)
		return;
	switch (c->leader) {
	case '?':
		switch (c->final) {
		case 'h': term_state_modes(t, c, true); break;
		case 'l': term_state_modes(t, c, false); break;
		case 'n': term_state_dsr(t, c); break;
		case 's': term_state_save_modes(t, c, true); break;
		case 'r': term_state_save_modes(t, c, false); break;
		case 'J': case 'K': term_state_selective_erase(t, c); break;
		default: break;
		}
		return;
	case '>': case '=':
		if (c->final == 'c')
			term_state_da(t, c);
		return;
	case 0:
		csi_plain(t, c);
		return;
	default:
		return;
	}
}

void term_state_csi(void *user, const struct term_csi *c)
{
	struct term *t = user;

	if (!c->leader && !c->ninter) {
		if (c->final == 'm') {
			if (!term_state_sgr_fast(t, c))
				term_state_sgr(t, c);
		} else if (c->final == 'H' && c->nargs <= 2 && !t->lrmm && !t->dwl_used) {
			/* CUP, the commonest sequence after SGR: no table lookups */
			int row = c->args[0] > 0 ? c->args[0] - 1 : 0;
			int col = c->nargs > 1 && c->args[1] > 0 ? c->args[1] - 1 : 0;
			int lo = t->origin ? t->top : 0, hi = t->origin ? t->bottom - 1 : t->rows - 1;
			row += lo;
			t->row = row > hi ? hi : row;
			t->col = col > t->cols - 1 ? t->cols - 1 : col;
			t->phantom = false;
		} else {
			csi_plain(t, c);
		}
		return;
	}
	csi_other(t, c);
}

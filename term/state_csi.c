/*
 * Frontend state, part 2: CSI sequences. Cursor movement (CUU/CUD/CUF/CUB/CNL/CPL/CHA/HPA/HPR/
 * VPA/VPR/CUP/HVP), erase and edit (ED/EL/ECH/ICH/DCH/IL/DL/SU/SD/REP), tabs (CHT/CBT/TBC),
 * margins (DECSTBM), modes (SM/RM, DECSET/DECRST), save/restore (CSI s/u), soft reset (DECSTR),
 * SGR and the queries (DA1/DA2/DSR/CPR/XTWINOPS). Unknown sequences are ignored.
 */
#include "term/state.h"

#include <string.h>

static void erase_rows(struct term *t, int r0, int r1)
{
	for (int r = r0; r < r1; r++) {
		term_screen_erase(&t->screen, r, 0, t->cols, &t->pen);
		term_screen_set_wrapped(&t->screen, r, false);
	}
}

static void erase_display(struct term *t, int mode)
{
	switch (mode) {
	case 0:
		term_screen_erase(&t->screen, t->row, t->col, t->cols, &t->pen);
		term_screen_set_wrapped(&t->screen, t->row, false);
		erase_rows(t, t->row + 1, t->rows);
		break;
	case 1:
		erase_rows(t, 0, t->row);
		term_screen_erase(&t->screen, t->row, 0, t->col + 1, &t->pen);
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
		term_screen_erase(&t->screen, t->row, t->col, t->cols, &t->pen);
		term_screen_set_wrapped(&t->screen, t->row, false);
		break;
	case 1:
		term_screen_erase(&t->screen, t->row, 0, t->col + 1, &t->pen);
		break;
	case 2:
		term_screen_erase(&t->screen, t->row, 0, t->cols, &t->pen);
		term_screen_set_wrapped(&t->screen, t->row, false);
		break;
	default:
		break;
	}
}

static void set_alt(struct term *t, bool on, bool clear)
{
	if (!t->alt_enabled)
		return;
	term_screen_set_alt(&t->screen, on);
	if (on && clear)
		erase_rows(t, 0, t->rows);
}

static void set_dec_mode(struct term *t, int mode, bool on)
{
	switch (mode) {
	case 1: t->app_cursor = on; break;
	case 6:
		t->origin = on;
		t->row = on ? t->top : 0;
		t->col = 0;
		t->phantom = false;
		break;
	case 7: t->autowrap = on; break;
	case 25: t->cursor_visible = on; break;
	case 47: case 1047: set_alt(t, on, true); break;
	case 1048: term_state_save_cursor(t, on); break;
	case 1049:
		if (on) {
			term_state_save_cursor(t, true);
			set_alt(t, true, true);
		} else {
			set_alt(t, false, false);
			term_state_save_cursor(t, false);
		}
		break;
	case 2004: t->bracketed_paste = on; break;
	default: break;
	}
}

static void set_modes(struct term *t, const struct term_csi *c, bool on)
{
	for (unsigned i = 0; i < c->nargs; i++) {
		int m = c->args[i];
		if (m == TERM_ARG_MISSING)
			continue;
		if (c->leader == '?')
			set_dec_mode(t, m, on);
		else if (m == 4)
			t->insert = on;
		else if (m == 20)
			t->newline = on;
	}
}

static void set_margins(struct term *t, const struct term_csi *c)
{
	int top = term_csi_arg(c, 0, 1) - 1;
	int bottom = term_csi_arg(c, 1, t->rows);

	if (top < 0)
		top = 0;
	if (bottom > t->rows)
		bottom = t->rows;
	if (top >= bottom) {
		top = 0;
		bottom = t->rows;
	}
	t->top = top;
	t->bottom = bottom;
	t->row = t->origin ? t->top : 0;
	t->col = 0;
	t->phantom = false;
}

static void report_cursor(struct term *t, bool dec)
{
	int nums[2] = { t->row + 1 - (t->origin ? t->top : 0), t->col + 1 };
	term_state_reply_csi(t, dec ? "?" : "", nums, 2, 'R');
}

static void device_status(struct term *t, const struct term_csi *c)
{
	int n = term_csi_arg(c, 0, 0);

	if (c->leader == '?') {
		if (n == 6)
			report_cursor(t, true);
		return;
	}
	if (n == 5) {
		int zero = 0;
		term_state_reply_csi(t, "", &zero, 1, 'n');
	} else if (n == 6) {
		report_cursor(t, false);
	}
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

static __attribute__((noinline)) void csi_plain(struct term *t, const struct term_csi *c)
{
	/* the cursor movements, which always end a pending wrap */
	static const uint8_t moves_tab[128] = {
		['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,
		['d'] = 1, ['f'] = 1, ['j'] = 1, ['k'] = 1, ['a'] = 1, ['e'] = 1, ['`'] = 1,
	};
	int n = term_csi_count(c, 0), row = t->row, col = t->col;
	bool moves = moves_tab[c->final & 0x7f];

	switch (c->final) {
	case '@':
		if (t->row >= t->top && t->row < t->bottom)
			term_screen_insert_cells(&t->screen, t->row, t->col, n, &t->pen);
		break;
	case 'A': case 'k': t->row -= n; break;
	case 'B': case 'e': t->row += n; break;
	case 'C': case 'a': t->col += n; break;
	case 'D': case 'j': t->col -= n; break;
	case 'E': t->col = 0; t->row += n; break;
	case 'F': t->col = 0; t->row -= n; break;
	case 'G': case '`': t->col = term_csi_arg(c, 0, 1) - 1; break;
	case 'H': case 'f':
		t->row = term_csi_arg(c, 0, 1) - 1 + (t->origin ? t->top : 0);
		t->col = term_csi_arg(c, 1, 1) - 1;
		break;
	case 'I': term_state_tab(t, n, 1); break;
	case 'J': erase_display(t, term_csi_arg(c, 0, 0)); return;
	case 'K': erase_line(t, term_csi_arg(c, 0, 0)); return;
	case 'L':
		if (t->row >= t->top && t->row < t->bottom)
			term_screen_scroll(&t->screen, t->row, t->bottom, -n, &t->pen, false);
		break;
	case 'M':
		if (t->row >= t->top && t->row < t->bottom)
			term_screen_scroll(&t->screen, t->row, t->bottom, n, &t->pen, false);
		break;
	case 'P':
		if (t->row >= t->top && t->row < t->bottom)
			term_screen_delete_cells(&t->screen, t->row, t->col, n, &t->pen);
		break;
	case 'S': term_screen_scroll(&t->screen, t->top, t->bottom, n, &t->pen, t->top == 0); break;
	case 'T':
		if (c->nargs <= 1)
			term_screen_scroll(&t->screen, t->top, t->bottom, -n, &t->pen, false);
		return;
	case 'X': term_screen_erase(&t->screen, t->row, t->col, t->col + n, &t->pen); return;
	case 'Z': term_state_tab(t, n, -1); break;
	case 'b': repeat_last(t, n); return;
	case 'c':
		if (term_csi_arg(c, 0, 0) == 0)
			term_state_reply(t, "\x1b[?1;2c", 7);
		return;
	case 'd': t->row = term_csi_arg(c, 0, 1) - 1 + (t->origin ? t->top : 0); break;
	case 'g':
		if (term_csi_arg(c, 0, 0) == 0)
			t->tabs[t->col >> 3] &= (uint8_t)~(1u << (t->col & 7));
		else if (term_csi_arg(c, 0, 0) == 3)
			memset(t->tabs, 0, (size_t)(t->cols + 7) / 8);
		return;
	case 'h': set_modes(t, c, true); return;
	case 'l': set_modes(t, c, false); return;
	case 'm': term_state_sgr(t, c); return;
	case 'n': device_status(t, c); return;
	case 'r': set_margins(t, c); return;
	case 's': term_state_save_cursor(t, true); return;
	case 'u': term_state_save_cursor(t, false); return;
	case 't':
		if (term_csi_arg(c, 0, 0) == 18) {
			int nums[3] = { 8, t->rows, t->cols };
			term_state_reply_csi(t, "", nums, 3, 't');
		}
		return;
	default:
		return;
	}
	term_state_clamp(t);
	if (moves || t->row != row || t->col != col)
		t->phantom = false;
}

static __attribute__((noinline)) void csi_other(struct term *t, const struct term_csi *c)
{
	if (c->ninter == 1 && c->inter[0] == '!' && c->final == 'p' && !c->leader) {
		term_state_reset(t, false);             /* DECSTR */
		return;
	}
	if (c->ninter)
		return;
	if (c->leader == '?') {
		switch (c->final) {
		case 'h': set_modes(t, c, true); break;
		case 'l': set_modes(t, c, false); break;
		case 'n': device_status(t, c); break;
		default: break;
		}
		return;
	}
	if (c->leader == '>') {
		if (c->final == 'c' && term_csi_arg(c, 0, 0) == 0)
			term_state_reply(t, "\x1b[>1;10;0c", 11);
		return;
	}
	if (c->leader)
		return;
	csi_plain(t, c);
}

void term_state_csi(void *user, const struct term_csi *c)
{
	struct term *t = user;

	if (!c->leader && !c->ninter) {
		if (c->final == 'm') {
			if (!term_state_sgr_fast(t, c))
				term_state_sgr(t, c);
		} else if (c->final == 'H' && c->nargs <= 2) {
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

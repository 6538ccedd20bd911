/*
 * Frontend state, part 5: modes. ANSI modes (SM/RM: IRM, LNM, and KAM/SRM which are recorded),
 * DEC private modes (DECSET/DECRST) including DECCOLM with its ?40 permission and ?95, DECSCNM,
 * DECLRMM, reverse wraparound, the alternate screens 47/1047/1049 with a saved cursor per screen,
 * DECRQM reports for both kinds, save/restore of DEC private modes (CSI ? s / CSI ? r), and the
 * DECSCL conformance level. Modes Keel records without acting on them (mouse reporting, DECSCLM,
 * DECNKM, ...) are reported as set or reset, so programs probing them see a consistent answer.
 */
#include "term/state.h"

#include <string.h>

/* Recorded DEC modes: a bit per mode; modes 1000..1063 live at bits 128..191. */
static int rec_bit(int mode)
{
	static const uint16_t low[] = { 4, 9, 12, 18, 19, 35, 41, 42, 66, 67 };

	for (size_t i = 0; i < sizeof(low) / sizeof(low[0]); i++)
		if (mode == low[i])
			return mode;
	switch (mode) {
	case 1000: case 1001: case 1002: case 1003: case 1004: case 1005: case 1006: case 1007:
	case 1015: case 1016: case 1034: case 1035: case 1036: case 1037: case 1039: case 1042:
	case 1043: case 1046:
		return mode - 1000 + 128;
	default:
		return -1;
	}
}

_Static_assert(1063 - 1000 + 128 < TERM_REC_MODES, "recorded mode bits fit");

static bool rec_get(const uint8_t *bits, int b)
{
	return bits[b >> 3] & (1u << (b & 7));
}

bool term_state_rec_mode(const struct term *t, int mode)
{
	int b = rec_bit(mode);
	return b >= 0 && rec_get(t->rec_modes, b);
}

static void rec_set(uint8_t *bits, int b, bool on)
{
	if (on)
		bits[b >> 3] |= (uint8_t)(1u << (b & 7));
	else
		bits[b >> 3] &= (uint8_t)~(1u << (b & 7));
}

void term_state_carriage_return(struct term *t)
{
	/* to the left margin, unless the cursor is left of it (then column 0) */
	t->col = t->lrmm && t->col >= t->left ? t->left : (t->origin && t->lrmm ? t->left : 0);
	t->phantom = false;
}

static void set_alt(struct term *t, bool on)
{
	if (!t->alt_enabled || t->screen.alt_active == on)
		return;
	term_screen_set_alt(&t->screen, on);
	t->saved = on ? &t->saved_alt : &t->saved_pri;
}

static void clear_screen(struct term *t)
{
	for (int r = 0; r < t->rows; r++) {
		term_screen_erase(&t->screen, r, 0, t->cols, &t->pen);
		term_screen_set_wrapped(&t->screen, r, false);
		t->screen.lines[r].flags &= (uint16_t)~TERM_LINE_SIZE_MASK;
	}
}

static void set_columns(struct term *t, bool wide)
{
	if (!t->allow_deccolm)
		return;
	t->deccolm = wide;
	term_state_resize(t, t->rows, wide ? 132 : 80);
	t->top = 0;
	t->bottom = t->rows;
	t->left = 0;
	t->right = t->cols;
	t->lrmm = false;
	if (!t->ncsm)
		clear_screen(t);
	t->row = t->col = 0;
	t->phantom = false;
}

static void set_dec_mode(struct term *t, int mode, bool on)
{
	int b;

	switch (mode) {
	case 1: t->app_cursor = on; break;
	case 2: break;                                  /* DECANM: no VT52 mode */
	case 3: set_columns(t, on); break;
	case 5:
		if (t->reverse_screen != on)
			term_screen_damage_all(&t->screen);
		t->reverse_screen = on;
		break;
	case 6:
		t->origin = on;
		t->row = on ? t->top : 0;
		t->col = on && t->lrmm ? t->left : 0;
		t->phantom = false;
		break;
	case 7: t->autowrap = on; break;
	case 25: t->cursor_visible = on; break;
	case 40: t->allow_deccolm = on; break;
	case 45: t->reverse_wrap = on; break;
	case 47: set_alt(t, on); break;
	case 69:
		if (t->vt_level < 4)
			break;                          /* DECLRMM is a VT420 feature */
		t->lrmm = on;
		t->left = 0;
		t->right = t->cols;
		break;
	case 95:
		if (t->vt_level >= 5)
			t->ncsm = on;                   /* DECNCSM is a VT510 feature */
		break;
	case 1047:
		if (!on && t->screen.alt_active)
			clear_screen(t);
		set_alt(t, on);
		break;
	case 1048: term_state_save_cursor(t, on); break;
	case 1049:
		/* as xterm: the cursor is saved on every set and restored on every reset; the
		 * alternate screen is cleared when it is entered */
		if (on) {
			term_state_save_cursor(t, true);
			if (t->alt_enabled && !t->screen.alt_active) {
				set_alt(t, true);
				clear_screen(t);
			}
		} else {
			set_alt(t, false);
			term_state_save_cursor(t, false);
		}
		break;
	case 2004: t->bracketed_paste = on; break;
	default:
		b = rec_bit(mode);
		if (b >= 0)
			rec_set(t->rec_modes, b, on);
		break;
	}
}

void term_state_modes(struct term *t, const struct term_csi *c, bool on)
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
		else if (m == 2 || m == 12)
			t->srm_kam = (uint8_t)(on ? t->srm_kam | (m == 2 ? 1 : 2) : t->srm_kam & ~(m == 2 ? 1 : 2));
	}
}

/* 1 set, 2 reset, 4 permanently reset, 0 unknown */
static int dec_mode_state(const struct term *t, int mode)
{
	bool v;

	switch (mode) {
	case 1: v = t->app_cursor; break;
	case 3: v = t->deccolm; break;
	case 5: v = t->reverse_screen; break;
	case 6: v = t->origin; break;
	case 7: v = t->autowrap; break;
	case 25: v = t->cursor_visible; break;
	case 40: v = t->allow_deccolm; break;
	case 45: v = t->reverse_wrap; break;
	case 47: case 1047: case 1049: v = t->screen.alt_active; break;
	case 8: case 60: return 4;                      /* DECARM, DECHCCM: as xterm */
	case 69: v = t->lrmm; break;
	case 95: v = t->ncsm; break;
	case 1048: v = false; break;
	case 2004: v = t->bracketed_paste; break;
	default: {
		int b = rec_bit(mode);
		if (b < 0)
			return 0;
		v = rec_get(t->rec_modes, b);
		break;
	}
	}
	return v ? 1 : 2;
}

static int ansi_mode_state(const struct term *t, int mode)
{
	switch (mode) {
	case 2: return t->srm_kam & 1 ? 1 : 2;
	case 4: return t->insert ? 1 : 2;
	case 12: return t->srm_kam & 2 ? 1 : 2;
	case 20: return t->newline ? 1 : 2;
	case 1: case 5: case 7: case 10: case 11: case 13: case 14: case 15: case 16: case 17:
	case 18: case 19:
		return 4;                               /* GATM, SRTM, VEM, HEM, PUM, FEAM, ... */
	default:
		return 0;
	}
}

/* DECRQM: CSI Ps $ p (ANSI) and CSI ? Ps $ p (DEC); reply CSI [?] Ps ; Pm $ y */
void term_state_rqm(struct term *t, const struct term_csi *c)
{
	int mode = term_csi_arg(c, 0, 0);
	char buf[32];
	size_t k = 0;

	if (t->vt_level < 3)
		return;
	int st = c->leader == '?' ? dec_mode_state(t, mode) : ansi_mode_state(t, mode);
	buf[k++] = 0x1b;
	buf[k++] = '[';
	if (c->leader == '?')
		buf[k++] = '?';
	k += term_state_put_num(buf + k, mode);
	buf[k++] = ';';
	k += term_state_put_num(buf + k, st);
	buf[k++] = '$';
	buf[k++] = 'y';
	term_state_reply(t, buf, k);
}

/* The functional modes CSI ? s / CSI ? r save, as bit positions in saved_flags. */
static const uint16_t saveable[] = { 1, 3, 5, 6, 7, 25, 40, 45, 47, 69, 95, 1047, 1049, 2004 };

void term_state_save_modes(struct term *t, const struct term_csi *c, bool save)
{
	for (unsigned i = 0; i < c->nargs; i++) {
		int m = c->args[i], b = rec_bit(m);
		if (m == TERM_ARG_MISSING)
			continue;
		if (b >= 0) {
			if (save)
				rec_set(t->saved_modes, b, rec_get(t->rec_modes, b));
			else
				rec_set(t->rec_modes, b, rec_get(t->saved_modes, b));
			continue;
		}
		for (unsigned k = 0; k < sizeof(saveable) / sizeof(saveable[0]); k++) {
			if (saveable[k] != m)
				continue;
			uint32_t bit = 1u << k;
			if (save) {
				t->saved_flags = (t->saved_flags & ~bit) | (dec_mode_state(t, m) == 1 ? bit : 0);
				t->saved_flags_valid |= bit;
			} else if (t->saved_flags_valid & bit) {
				bool on = t->saved_flags & bit;
				if ((dec_mode_state(t, m) == 1) != on)
					set_dec_mode(t, m, on);
			}
		}
	}
}

void term_state_modes_reset(struct term *t, bool hard)
{
	t->lrmm = false;
	t->left = 0;
	t->right = t->cols;
	t->reverse_wrap = false;
	t->srm_kam = 0;
	t->cursor_style = 0;
	t->protect_iso = false;
	memset(t->rec_modes, 0, sizeof(t->rec_modes));
	if (!hard)
		return;
	t->saved_flags = t->saved_flags_valid = 0;
	memset(t->saved_modes, 0, sizeof(t->saved_modes));
}

/* DECSCL: CSI Pl ; Pc " p. Level 61..65; a change of level is a soft reset as on a VT510. */
void term_state_set_level(struct term *t, const struct term_csi *c)
{
	int lvl = term_csi_arg(c, 0, 65);

	if (lvl < 61 || lvl > 65)
		return;
	term_state_reset(t, false);
	t->vt_level = (uint8_t)(lvl - 60);
}

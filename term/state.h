/*
 * The frontend state (internal to term/): struct term itself, i.e. cursor, pen, modes, margins,
 * tab stops, character sets, saved cursors, titles, colours, plus the parser and the screen it
 * drives. state.c handles text and controls, state_csi.c the CSI sequences, state_mode.c the
 * modes, state_sgr.c the pen and OSC/DCS dispatch, state_reply.c the replies, state_color.c the
 * colour queries, state_dec.c the DEC area operations.
 */
#ifndef TERM_STATE_H
#define TERM_STATE_H

#include "term/parser.h"
#include "term/screen.h"
#include "term/term.h"

#define TERM_TITLE_MAX 256
#define TERM_NO_GLYPH 0x7fffffffu

static inline uint32_t term_pos_key(int row, int col, bool phantom)
{
	return (uint32_t)row << 16 | (uint32_t)col | (phantom ? 1u << 31 : 0);
}

struct term_saved {
	int row, col;
	struct term_pen pen;
	bool origin;
	bool visible;
	uint8_t gset[4];
	uint8_t gl;
};

/* DEC private modes that are only recorded (reported by DECRQM, saved by CSI ? s), with no effect
 * on the screen in Keel: a bit each, modes 0..127 at their number and 1000..1063 at 128..191. */
#define TERM_REC_MODES 192
#define TERM_PALETTE_SIZE 256
#define TERM_SPECIAL_COLORS 5
#define TERM_TITLE_STACK 4
#define TERM_SETTINGS 3
#define TERM_SEQ_MAX_DIM 1024           /* largest size a control sequence may set */
/* dynamic colours of OSC 10/11/12 */
enum { TERM_DYN_FG, TERM_DYN_BG, TERM_DYN_CURSOR, TERM_DYN_COUNT };

struct term {
	struct term_alloc alloc;
	struct term_parser parser;
	struct term_screen screen;
	int rows, cols;

	int row, col;
	bool phantom;                   /* pending wrap: printed in the last column */
	struct term_pen pen;
	int top, bottom;                /* scroll region rows [top, bottom) */
	int left, right;                /* column margins [left, right) (full width unless DECLRMM) */

	bool insert, newline, autowrap, origin, cursor_visible, bracketed_paste;
	bool app_cursor, app_keypad, alt_enabled;
	bool lrmm;                      /* DECLRMM (?69): DECSLRM margins apply */
	bool reverse_wrap;              /* ?45: BS/CUB at the left margin go to the previous line */
	bool allow_deccolm;             /* ?40: DECCOLM may switch 80/132 columns */
	bool deccolm;                   /* ?3: 132-column mode */
	bool ncsm;                      /* ?95: DECCOLM does not clear the screen */
	bool reverse_screen;            /* ?5 DECSCNM */
	bool reflow;                    /* term_resize reflows (default) */
	bool bold_bright;               /* SGR 1 with 30-37 gives 90-97 */
	bool protect_iso;               /* protection set by SPA (erase honours it), not DECSCA */
	bool dwl_used;                  /* some line was made double-width since the last reset */
	bool no_program_resize;         /* term_set_program_resize(t, false) */
	uint8_t vt_level;               /* DECSCL conformance level 1..5 */
	uint8_t cursor_style;           /* DECSCUSR 0..6 */
	uint8_t gset[4];                /* 0 = ASCII, 1 = DEC special graphics */
	uint8_t gl;
	uint8_t srm_kam;                /* bit 0 KAM, bit 1 SRM (recorded ANSI modes) */
	uint8_t rec_modes[TERM_REC_MODES / 8];
	uint8_t saved_modes[TERM_REC_MODES / 8];       /* CSI ? s of the recorded modes */
	uint32_t saved_flags;                           /* CSI ? s of the functional modes */
	uint32_t saved_flags_valid;

	struct term_saved saved_pri, saved_alt;
	struct term_saved *saved;       /* the active screen's saved cursor */

	uint32_t palette[TERM_PALETTE_SIZE];            /* 0xRRGGBB, OSC 4 */
	uint32_t dyn[TERM_DYN_COUNT];                   /* OSC 10/11/12 */
	uint32_t special[TERM_SPECIAL_COLORS];          /* OSC 5: bold, underline, blink, reverse, italic */
	uint8_t title_depth;
	uint8_t title_what[TERM_TITLE_STACK];           /* per entry: bit 0 icon, bit 1 window pushed */
	char title_stack[TERM_TITLE_STACK][64];
	char icon_stack[TERM_TITLE_STACK][64];
	char icon[TERM_TITLE_MAX];                      /* OSC 0/1 icon label */
	uint16_t settings[TERM_SETTINGS];               /* recorded DECRQSS-only settings */

	/* where the last glyph went (row << 16 | col) and where the cursor was right after it
	 * (same, plus bit 31 for a pending wrap), for combining marks; TERM_NO_GLYPH when none */
	uint32_t glyph_pos, glyph_next;
	uint32_t last_cp;               /* for REP */

	uint8_t *tabs;                  /* one bit per column */
	char title[TERM_TITLE_MAX];
	uint32_t bells, bells_pending;

	term_output_fn output;
	void *output_user;
	const struct term_backend *backend;
	void *backend_ctx;
};

/* state.c */
extern const struct term_parser_ops term_state_parser_ops;
void term_state_reset(struct term *t, bool hard);
void term_state_linefeed(struct term *t);
void term_state_scroll(struct term *t, int n);
void term_state_backspace(struct term *t, int n);
void term_state_clamp(struct term *t);
void term_state_tab(struct term *t, int count, int dir);
/* Print code points (the parser's text callback; user is the struct term). */
void term_state_put_glyphs(void *user, const uint32_t *cps, size_t n);
void term_state_save_cursor(struct term *t, bool save);
void term_state_tabs_default(struct term *t);

/* state_csi.c */
void term_state_csi(void *user, const struct term_csi *c);

/* state_csi.c: the margins in effect for the cursor's column */
bool term_state_in_lr(const struct term *t);
int term_state_left(const struct term *t);   /* left margin if the cursor is inside them, else 0 */
int term_state_right(const struct term *t);  /* right margin (exclusive) likewise, else cols */

/* state_mode.c */
void term_state_modes(struct term *t, const struct term_csi *c, bool on);
void term_state_rqm(struct term *t, const struct term_csi *c);
void term_state_save_modes(struct term *t, const struct term_csi *c, bool save);
void term_state_modes_reset(struct term *t, bool hard);
void term_state_set_level(struct term *t, const struct term_csi *c);
void term_state_carriage_return(struct term *t);

/* state_reply.c */
void term_state_da(struct term *t, const struct term_csi *c);
void term_state_da1(struct term *t);
void term_state_dsr(struct term *t, const struct term_csi *c);
void term_state_winops(struct term *t, const struct term_csi *c);
void term_state_rqcra(struct term *t, const struct term_csi *c);
void term_state_rqss(struct term *t, const char *s, size_t n);
void term_state_reply_dcs(struct term *t, const char *body, size_t n);

/* state_color.c */
void term_state_colors_reset(struct term *t);
void term_state_osc_palette(struct term *t, bool special, const char *s, size_t n);
void term_state_tcap(struct term *t, const char *s, size_t n);
void term_state_osc_dynamic(struct term *t, int cmd, const char *s, size_t n);
void term_state_osc_reset_color(struct term *t, int cmd, const char *s, size_t n);

/* state_dec.c: DEC settings recorded for DECRQSS (DECSASD, DECSACE, DECSSDT): the slot of a
 * request's intermediate+final, or -1 */
int term_state_setting_slot(const char *s, size_t n);
void term_state_dec_setting(struct term *t, const struct term_csi *c);
/* ESC # 3/4/5/6 line sizes and ESC # 8 DECALN */
void term_state_line_size(struct term *t, char final);
/* DECBI (ESC 6) / DECFI (ESC 9) */
void term_state_index_cols(struct term *t, bool forward);
/* DECSED / DECSEL (CSI ? J / CSI ? K) */
void term_state_selective_erase(struct term *t, const struct term_csi *c);
/* Rectangle and column operations with one intermediate: DECIC, DECDC, DECFRA, DECERA,
 * DECSERA, DECCRA. */
void term_state_dec_csi(struct term *t, const struct term_csi *c);
bool term_state_rec_mode(const struct term *t, int mode);
enum term_erase {
	TERM_ERASE_PLAIN,       /* ED/EL/ECH/DECERA: only ISO (SPA) protection holds */
	TERM_ERASE_DEC,         /* DECSERA: only DECSCA protection holds */
	TERM_ERASE_ANY,         /* DECSED/DECSEL: any protection holds (xterm) */
};
void term_state_erase(struct term *t, int row, int c0, int c1, enum term_erase mode);
/* Resize from a control sequence (DECCOLM, DECSLPP, XTWINOPS 8); false if refused. */
bool term_state_resize(struct term *t, int rows, int cols);

/* state_sgr.c */
void term_state_sgr(struct term *t, const struct term_csi *c);
/* The SGR string of the pen (for DECRQSS), e.g. "0;1;38;5;9"; returns its length. */
size_t term_state_sgr_string(const struct term *t, char *buf, size_t max);

/* The commonest SGR in one step (38;5;N / 48;5;N); false if c is anything else. */
static inline bool term_state_sgr_fast(struct term *t, const struct term_csi *c)
{
	if (c->nargs == 3 && c->args[1] == 5 && !c->more[0] && (uint32_t)c->args[2] < 256) {
		if (c->args[0] == 38 && !t->bold_bright) {
			t->pen.fg = (t->pen.fg & ~TERM_COLOR_MASK) | TERM_COLOR_INDEX | (uint32_t)c->args[2];
			return true;
		}
		if (c->args[0] == 48) {
			t->pen.bg = (t->pen.bg & TERM_BG_PROTECTED) | TERM_COLOR_INDEX | (uint32_t)c->args[2];
			return true;
		}
	}
	return false;
}
void term_state_osc(void *user, const char *s, size_t n);
void term_state_dcs(void *user, const struct term_csi *hdr, const char *s, size_t n);
void term_state_reply(struct term *t, const char *s, size_t n);
void term_state_reply_csi(struct term *t, const char *prefix, const int *nums, int n, char final);
/* Decimal digits of v (>= 0) at p; returns how many. */
size_t term_state_put_num(char *p, int v);

#endif /* TERM_STATE_H */

/*
 * The frontend state (internal to term/): struct term itself, i.e. cursor, pen, modes, margins,
 * tab stops, character sets, saved cursor, title, plus the parser and the screen it drives.
 * state.c handles text and controls, state_csi.c the CSI sequences and modes, state_sgr.c the
 * pen, OSC and the replies.
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

struct term {
	struct term_alloc alloc;
	struct term_parser parser;
	struct term_screen screen;
	int rows, cols;

	int row, col;
	bool phantom;                   /* pending wrap: printed in the last column */
	struct term_pen pen;
	int top, bottom;                /* scroll region rows [top, bottom) */

	bool insert, newline, autowrap, origin, cursor_visible, bracketed_paste;
	bool app_cursor, app_keypad, alt_enabled;
	uint8_t gset[4];                /* 0 = ASCII, 1 = DEC special graphics */
	uint8_t gl;

	struct term_saved saved;

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
void term_state_clamp(struct term *t);
void term_state_tab(struct term *t, int count, int dir);
/* Print code points (the parser's text callback; user is the struct term). */
void term_state_put_glyphs(void *user, const uint32_t *cps, size_t n);
void term_state_save_cursor(struct term *t, bool save);
void term_state_tabs_default(struct term *t);

/* state_csi.c */
void term_state_csi(void *user, const struct term_csi *c);

/* state_sgr.c */
void term_state_sgr(struct term *t, const struct term_csi *c);

/* The commonest SGR in one step (38;5;N / 48;5;N); false if c is anything else. */
static inline bool term_state_sgr_fast(struct term *t, const struct term_csi *c)
{
	if (c->nargs == 3 && c->args[1] == 5 && !c->more[0] && (uint32_t)c->args[2] < 256) {
		if (c->args[0] == 38) {
			t->pen.fg = (t->pen.fg & ~TERM_COLOR_MASK) | TERM_COLOR_INDEX | (uint32_t)c->args[2];
			return true;
		}
		if (c->args[0] == 48) {
			t->pen.bg = TERM_COLOR_INDEX | (uint32_t)c->args[2];
			return true;
		}
	}
	return false;
}
void term_state_osc(void *user, const char *s, size_t n);
void term_state_dcs(void *user, const struct term_csi *hdr, const char *s, size_t n);
void term_state_reply(struct term *t, const char *s, size_t n);
void term_state_reply_csi(struct term *t, const char *prefix, const int *nums, int n, char final);

#endif /* TERM_STATE_H */

/*
 * The terminal object: creation with an injected allocator, term_write() feeding the parser,
 * queries, damage, and term_flush() which replays damage onto an attached backend.
 */
#include "term/term.h"

#include <string.h>

#include <keel/errno.h>

#include "term/backend.h"
#include "term/state.h"

struct term *term_new(const struct term_alloc *alloc, int rows, int cols)
{
	struct term *t;

	if (rows < 1 || cols < 1 || rows > TERM_MAX_DIM || cols > TERM_MAX_DIM)
		return NULL;
	t = alloc->alloc(alloc->ctx, sizeof(*t));
	if (!t)
		return NULL;
	memset(t, 0, sizeof(*t));
	t->alloc = *alloc;
	t->rows = rows;
	t->cols = cols;
	t->tabs = alloc->alloc(alloc->ctx, TERM_MAX_DIM / 8);
	if (!t->tabs)
		goto fail_tabs;
	if (term_screen_init(&t->screen, &t->alloc, rows, cols, TERM_SB_DEFAULT) < 0)
		goto fail_screen;
	term_parser_init(&t->parser, &term_state_parser_ops, t);
	t->alt_enabled = true;
	t->reflow = true;
	term_state_reset(t, true);
	return t;

fail_screen:
	alloc->free(alloc->ctx, t->tabs, TERM_MAX_DIM / 8);
fail_tabs:
	alloc->free(alloc->ctx, t, sizeof(*t));
	return NULL;
}

void term_free(struct term *t)
{
	struct term_alloc a;

	if (!t)
		return;
	a = t->alloc;
	term_screen_destroy(&t->screen);
	a.free(a.ctx, t->tabs, TERM_MAX_DIM / 8);
	a.free(a.ctx, t, sizeof(*t));
}

void term_set_output(struct term *t, term_output_fn fn, void *user)
{
	t->output = fn;
	t->output_user = user;
}

void term_set_scrollback(struct term *t, uint32_t lines)
{
	term_screen_clear_scrollback(&t->screen);
	t->screen.sb_limit = lines;
}

/* What term_new takes besides the screen. */
static size_t fixed_bytes(void)
{
	return sizeof(struct term) + TERM_MAX_DIM / 8;
}

int term_set_scrollback_budget(struct term *t, size_t bytes)
{
	if (bytes && bytes < fixed_bytes() + term_screen_grid_bytes(t->rows, t->cols))
		return -ENOMEM;
	t->screen.mem_budget = bytes ? bytes - fixed_bytes() : 0;
	term_screen_budget_fit(&t->screen, 0);
	return 0;
}

size_t term_memory_used(const struct term *t)
{
	return fixed_bytes() + t->screen.mem_used;
}

size_t term_memory_grid(int rows, int cols)
{
	return fixed_bytes() + term_screen_grid_bytes(rows, cols);
}

int term_scrollback_push(struct term *t, const struct term_cell *cells, int n)
{
	return term_screen_sb_append(&t->screen, cells, n);
}

void term_set_altscreen(struct term *t, bool enabled)
{
	t->alt_enabled = enabled;
}

void term_set_utf8(struct term *t, bool utf8)
{
	t->parser.utf8 = utf8;
	t->parser.utf8_need = 0;
}

void term_set_reflow(struct term *t, bool reflow)
{
	t->reflow = reflow;
}

void term_set_bold_bright(struct term *t, bool on)
{
	t->bold_bright = on;
}

void term_set_c1_utf8(struct term *t, bool on)
{
	t->parser.c1_utf8 = on;
}

void term_set_program_resize(struct term *t, bool allowed)
{
	t->no_program_resize = !allowed;
}

void term_get_pen(const struct term *t, struct term_pen *pen)
{
	*pen = t->pen;
}

void term_write(struct term *t, const void *buf, size_t len)
{
	term_parser_feed(&t->parser, buf, len);
}

int term_resize(struct term *t, int rows, int cols)
{
	int err, oldcols = t->cols;

	if (rows < 1 || cols < 1 || rows > TERM_MAX_DIM || cols > TERM_MAX_DIM)
		return -EINVAL;
	/* the cursor is reflowed as a position in the text: a pending wrap is the position just
	 * after the last glyph, and becomes a pending wrap again if it lands at the new width */
	int row = t->row, col = t->col + (t->phantom ? 1 : 0);
	err = term_screen_resize(&t->screen, rows, cols, &row, &col, t->reflow);
	if (err < 0)
		return err;
	t->row = row;
	t->col = col;
	if (t->col >= cols) {
		t->col = cols - 1;
		t->phantom = !t->screen.alt_active;
	} else {
		t->phantom = false;
	}
	t->rows = rows;
	t->cols = cols;
	t->top = 0;
	t->bottom = rows;
	t->left = 0;
	t->right = cols;
	t->glyph_next = TERM_NO_GLYPH;
	struct term_saved *sv[2] = { &t->saved_pri, &t->saved_alt };
	for (int i = 0; i < 2; i++) {
		if (sv[i]->row >= rows)
			sv[i]->row = rows - 1;
		if (sv[i]->col >= cols)
			sv[i]->col = cols - 1;
	}
	/* keep explicit tab stops that still fit, default ones for new columns */
	for (int c = oldcols; c < cols; c++) {
		if (c % 8 == 0)
			t->tabs[c >> 3] |= (uint8_t)(1u << (c & 7));
		else
			t->tabs[c >> 3] &= (uint8_t)~(1u << (c & 7));
	}
	term_state_clamp(t);
	return 0;
}

const struct term_screen *term_get_screen(const struct term *t)
{
	return &t->screen;
}

void term_get_size(const struct term *t, int *rows, int *cols)
{
	*rows = t->rows;
	*cols = t->cols;
}

void term_get_cursor(const struct term *t, int *row, int *col, bool *visible)
{
	*row = t->row;
	*col = t->col;
	if (visible)
		*visible = t->cursor_visible;
}

const char *term_get_title(const struct term *t)
{
	return t->title;
}

bool term_get_mode(const struct term *t, enum term_mode m)
{
	switch (m) {
	case TERM_MODE_INSERT: return t->insert;
	case TERM_MODE_NEWLINE: return t->newline;
	case TERM_MODE_AUTOWRAP: return t->autowrap;
	case TERM_MODE_ORIGIN: return t->origin;
	case TERM_MODE_CURSOR_VISIBLE: return t->cursor_visible;
	case TERM_MODE_ALTSCREEN: return t->screen.alt_active;
	case TERM_MODE_BRACKETED_PASTE: return t->bracketed_paste;
	case TERM_MODE_APP_CURSOR: return t->app_cursor;
	case TERM_MODE_APP_KEYPAD: return t->app_keypad;
	case TERM_MODE_REVERSE_SCREEN: return t->reverse_screen;
	case TERM_MODE_LEFT_RIGHT_MARGINS: return t->lrmm;
	}
	return false;
}

uint32_t term_get_bells(const struct term *t)
{
	return t->bells;
}

bool term_damage_row(const struct term *t, int row, int *c0, int *c1)
{
	const struct term_screen *s = &t->screen;

	if (row < 0 || row >= t->rows || s->dmg_lo[row] >= s->dmg_hi[row])
		return false;
	*c0 = s->dmg_lo[row];
	*c1 = s->dmg_hi[row];
	return true;
}

bool term_damage_scroll(const struct term *t, struct term_scroll_hint *hint)
{
	if (!t->screen.hint_valid)
		return false;
	*hint = t->screen.hint;
	return true;
}

void term_damage_clear(struct term *t)
{
	term_screen_damage_clear(&t->screen);
}

void term_attach(struct term *t, const struct term_backend *be, void *be_ctx)
{
	t->backend = be;
	t->backend_ctx = be_ctx;
	term_screen_damage_all(&t->screen);
}

#define FLUSH_CHUNK 64

static void flush_row(struct term *t, int row, int c0, int c1)
{
	const struct term_line *l = &t->screen.lines[row];
	struct term_cell buf[FLUSH_CHUNK];

	if (c0 > 0 && c0 < l->len && (l->cells[c0].ch & TERM_CH_CONT))
		c0--;
	if (c1 < l->len && (l->cells[c1].ch & TERM_CH_CONT))
		c1++;
	while (c0 < c1) {
		int n = c1 - c0;
		if (n > FLUSH_CHUNK)
			n = FLUSH_CHUNK;
		for (int i = 0; i < n; i++) {
			int c = c0 + i;
			if (c < l->len) {
				buf[i] = l->cells[c];
			} else {
				buf[i].ch = 0;
				buf[i].fg = 0;
				buf[i].bg = 0;
			}
		}
		if (n > 1 && n == FLUSH_CHUNK && (buf[n - 1].ch & TERM_CH_WIDE))
			n--;                    /* keep a wide character whole */
		if (t->reverse_screen)          /* DECSCNM: the whole screen in reverse video */
			for (int i = 0; i < n; i++)
				buf[i].ch ^= TERM_ATTR_INVERSE;
		term_backend_draw(t->backend, t->backend_ctx, &t->screen, row, c0, buf, n);
		c0 += n;
	}
}

int term_flush(struct term *t)
{
	struct term_screen *s = &t->screen;
	const struct term_backend *b = t->backend;
	int c0, c1;

	if (!b)
		return -ENODEV;
	if (s->hint_valid) {
		struct term_scroll_hint h = s->hint;
		s->hint_valid = false;
		if (term_backend_scroll(b, t->backend_ctx, h.top, h.bottom, h.n) < 0)
			for (int r = h.top; r < h.bottom; r++)
				term_screen_damage(s, r, 0, t->cols);
	}
	for (int r = 0; r < t->rows; r++)
		if (term_damage_row(t, r, &c0, &c1))
			flush_row(t, r, c0, c1);
	term_backend_move_cursor(b, t->backend_ctx, t->row, t->col, t->cursor_visible);
	for (; t->bells_pending; t->bells_pending--)
		term_backend_bell(b, t->backend_ctx);
	term_backend_flush(b, t->backend_ctx);
	term_screen_damage_clear(s);
	return 0;
}

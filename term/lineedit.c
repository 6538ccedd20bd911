/*
 * Line editor: key events to edits of the line buffer, history browsing, completion and
 * submission (see lineedit.h). Each edit changes the buffer and then redraws only from the
 * first changed byte (lineedit_draw.c); appending at the end, the common case when typing or
 * pasting, writes just the new character.
 */
#include "term/lineedit_priv.h"

#include <keel/compiler.h>
#include <keel/errno.h>
#include <string.h>

static const char msg_too_long[] = "line too long: at most 1024 bytes; further input refused";
static const char msg_discarded[] = "overlong line discarded";
static const char msg_eof[] = "Ctrl-D ignored: this console cannot be closed (type 'help')";
_Static_assert(TERM_LE_MAX_LINE == 1024, "msg_too_long names the limit");

void term_le_init(struct term_le *le, const struct term_le_ops *ops, void *user, unsigned cols)
{
	memset(le, 0, sizeof(*le));
	le->ops = ops;
	le->user = user;
	le->cols = cols == 0 ? 80 : cols < 4 ? 4 : cols;
	le->hist_pos = -1;
	term_le_set_prompt(le, "> ");
}

void term_le_set_prompt(struct term_le *le, const char *prompt)
{
	size_t n = strlen(prompt);

	if (n > TERM_LE_MAX_PROMPT)
		n = TERM_LE_MAX_PROMPT;
	le_erase(le);
	memcpy(le->prompt, prompt, n);
	le->prompt[n] = 0;
	le->prompt_len = n;
	le->lay_ok = false;
	le_redraw_all(le);
	le_flush(le);
}

void term_le_set_auto_prompt(struct term_le *le, bool on)
{
	le->auto_prompt = on;
}

void term_le_set_eof(struct term_le *le, bool on)
{
	le->eof_ends = on;
}

const char *term_le_line(const struct term_le *le, size_t *len)
{
	if (len)
		*len = le->len;
	return le->buf;
}

size_t term_le_cursor(const struct term_le *le)
{
	return le->pos;
}

static void notify(struct term_le *le, enum term_le_notice n)
{
	if (le->ops->notify)
		le->ops->notify(le->user, n);
}

static void message(struct term_le *le, const char *msg)
{
	le_erase(le);
	le_out_str(le, msg);
	le_out(le, "\r\n", 2);
	le_redraw_all(le);
}

/* ---------------------------------------------------------------- buffer edits */

/* Replace buf[from, to) by s[0, n); the cursor goes after the new text. False if too long. */
static bool replace(struct term_le *le, size_t from, size_t to, const char *s, size_t n)
{
	bool at_end = to == le->len;

	if (le->len - (to - from) + n > TERM_LE_MAX_LINE)
		return false;
	le_layout_changed(le, from);
	memmove(le->buf + from + n, le->buf + to, le->len - to);
	memcpy(le->buf + from, s, n);
	le->len = le->len - (to - from) + n;
	le->buf[le->len] = 0;
	le->pos = from + n;
	le_refresh_from(le, from, !(at_end && to == from));
	return true;
}

static void insert(struct term_le *le, const char *s, size_t n)
{
	if (le->too_long || !replace(le, le->pos, le->pos, s, n)) {
		if (!le->too_long) {
			le->too_long = true;
			message(le, msg_too_long);
			notify(le, TERM_LE_TOO_LONG);
		}
	}
}

static void insert_cp(struct term_le *le, uint32_t cp)
{
	char u[4];

	insert(le, u, term_utf8_encode(cp, u));
}

static void delete_range(struct term_le *le, size_t from, size_t to, bool keep)
{
	if (from >= to)
		return;
	if (keep) {
		le->kill_len = to - from;
		memcpy(le->kill, le->buf + from, le->kill_len);
	}
	le->too_long = false;
	replace(le, from, to, "", 0);
}

static void move(struct term_le *le, size_t pos)
{
	le->pos = pos;
	le_move_cursor(le);
}

static bool is_word(char c)
{
	unsigned char u = (unsigned char)c;

	return u >= 0x80 || (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') ||
	       u == '_';
}

static size_t word_left(const struct term_le *le, size_t p)
{
	while (p > 0 && !is_word(le->buf[p - 1]))
		p--;
	while (p > 0 && is_word(le->buf[p - 1]))
		p--;
	return p;
}

static size_t word_right(const struct term_le *le, size_t p)
{
	while (p < le->len && !is_word(le->buf[p]))
		p++;
	while (p < le->len && is_word(le->buf[p]))
		p++;
	return p;
}

static size_t space_word_left(const struct term_le *le, size_t p)
{
	while (p > 0 && (le->buf[p - 1] == ' ' || le->buf[p - 1] == '\t'))
		p--;
	while (p > 0 && le->buf[p - 1] != ' ' && le->buf[p - 1] != '\t')
		p--;
	return p;
}

static void set_line(struct term_le *le, const char *s, size_t n)
{
	le->lay_ok = false;
	memcpy(le->buf, s, n);
	le->len = n;
	le->buf[n] = 0;
	le->pos = n;
	le_refresh_from(le, 0, true);
}

static void history_move(struct term_le *le, int dir)
{
	size_t n;
	const char *s;

	if (le->hist_count == 0)
		return;
	/* The history may have changed under a browse (entries added or evicted): stay in range. */
	if (le->hist_pos >= (int)le->hist_count)
		le->hist_pos = (int)le->hist_count - 1;
	if (dir < 0) {
		if (le->hist_pos == 0)
			return;
		if (le->hist_pos < 0) {
			memcpy(le->saved, le->buf, le->len);
			le->saved_len = le->len;
			le->hist_pos = (int)le->hist_count;
		}
		le->hist_pos--;
	} else {
		if (le->hist_pos < 0)
			return;
		if (++le->hist_pos == (int)le->hist_count) {
			le->hist_pos = -1;
			set_line(le, le->saved, le->saved_len);
			return;
		}
	}
	s = term_le_history_get(le, (unsigned)le->hist_pos, &n);
	if (!s)
		return;
	set_line(le, s, n);
	le->too_long = false;
}

/* ---------------------------------------------------------------- whole-line actions */

static void reset_line(struct term_le *le)
{
	le->lay_ok = false;
	le->len = 0;
	le->pos = 0;
	le->buf[0] = 0;
	le->hist_pos = -1;
	le->too_long = false;
}

void term_le_discard(struct term_le *le)
{
	if (le->shown)
		term_le_hide(le);
	reset_line(le);
	le->pasting = false;
}

static void submit(struct term_le *le)
{
	bool was_shown = le->shown;

	if (le->shown) {
		le_move_to_end(le);
		le_out(le, "\r\n", 2);
		le->cur_row = 0;
		le->cur_col = 0;
	}
	if (le->too_long) {
		le_out_str(le, msg_discarded);
		le_out(le, "\r\n", 2);
		reset_line(le);
		notify(le, TERM_LE_DISCARDED);
		le_redraw_all(le);
		return;
	}
	le->shown = was_shown && le->auto_prompt;
	le_flush(le);
	term_le_history_add(le, le->buf, le->len);
	/* The editor is reset before the callback, which may call show() or print_above(); the
	 * line is handed over from `saved` (free: hist_pos was -1 or is reset here). */
	memcpy(le->saved, le->buf, le->len + 1);
	le->saved_len = le->len;
	reset_line(le);
	le->ops->submit(le->user, le->saved, le->saved_len);
	le->saved_len = 0;
	le_redraw_all(le);
}

static void cancel(struct term_le *le)
{
	if (!le->shown) {
		reset_line(le);
		notify(le, TERM_LE_INTERRUPT);
		return;
	}
	le_move_to_end(le);
	le_out(le, "^C\r\n", 4);
	le->cur_row = 0;
	le->cur_col = 0;
	reset_line(le);
	le_redraw_all(le);
	notify(le, TERM_LE_CANCELLED);
}

static void clear_screen(struct term_le *le)
{
	if (!le->shown)
		return;
	le_out(le, "\x1b[H\x1b[2J", 7);
	le->cur_row = 0;
	le->cur_col = 0;
	le_redraw_all(le);
}

/* ---------------------------------------------------------------- completion */

int term_le_comp_add(struct term_le_completions *c, const char *s, size_t len)
{
	if (c->count == TERM_LE_COMP_MAX || len > sizeof(c->pool) - c->used || len > 0xFFFF) {
		c->dropped++;
		return -ENOSPC;
	}
	memcpy(c->pool + c->used, s, len);
	c->off[c->count] = (uint16_t)c->used;
	c->len[c->count] = (uint16_t)len;
	c->used += len;
	c->count++;
	return 0;
}

static void list_candidates(struct term_le *le, const struct term_le_completions *c)
{
	size_t widest = 0, colw, ncol;
	char pad[64];

	memset(pad, ' ', sizeof(pad));
	for (unsigned i = 0; i < c->count; i++) /* in columns: a name may be UTF-8 (or wide) */
		widest = KEEL_MAX(widest, le_span_width(le, c->pool + c->off[i], c->len[i]));
	colw = widest + 2;
	ncol = colw > le->cols ? 1 : le->cols / colw;
	le_move_to_end(le);
	le_out(le, "\r\n", 2);
	for (unsigned i = 0; i < c->count; i++) {
		bool last = (i + 1) % ncol == 0 || i + 1 == c->count;

		le_out(le, c->pool + c->off[i], c->len[i]);
		if (last) {
			le_out(le, "\r\n", 2);
		} else {
			for (size_t p = colw - le_span_width(le, c->pool + c->off[i], c->len[i]); p;) {
				size_t k = p < sizeof(pad) ? p : sizeof(pad);

				le_out(le, pad, k);
				p -= k;
			}
		}
	}
	if (c->dropped) {
		char num[24];
		size_t n = 0;
		unsigned v = c->dropped;

		do {
			num[sizeof(num) - 1 - n++] = (char)('0' + v % 10);
			v /= 10;
		} while (v);
		le_out(le, "... and ", 8);
		le_out(le, num + sizeof(num) - n, n);
		le_out(le, " more\r\n", 7);
	}
	le->cur_row = 0;
	le->cur_col = 0;
	le_redraw_all(le);
}

static void complete(struct term_le *le)
{
	struct term_le_completions *c = &le->comp;
	size_t word, common;

	if (!le->ops->complete) {
		le_out(le, "\a", 1);
		return;
	}
	memset(c, 0, offsetof(struct term_le_completions, off));
	c->start = le->pos;
	le->ops->complete(le->user, le->buf, le->len, le->pos, c);
	if (c->start > le->pos)
		c->start = le->pos;
	word = le->pos - c->start;
	if (c->count == 0) {
		le_out(le, "\a", 1);
		return;
	}
	if (c->count == 1 && c->dropped == 0) {
		size_t n = c->len[0];
		bool ok = replace(le, c->start, le->pos, c->pool + c->off[0], n);

		if (ok && !c->no_space && (le->pos == le->len || le->buf[le->pos] != ' '))
			ok = replace(le, le->pos, le->pos, " ", 1);
		if (!ok)
			le_out(le, "\a", 1);
		return;
	}
	common = c->len[0];
	for (unsigned i = 1; i < c->count; i++) {
		size_t k = 0;

		while (k < common && k < c->len[i] && c->pool[c->off[0] + k] == c->pool[c->off[i] + k])
			k++;
		common = k;
	}
	while (common > 0 && common < c->len[0] && ((unsigned char)c->pool[c->off[0] + common] & 0xC0) == 0x80)
		common--; /* never split a UTF-8 character */
	if (common > word || (common == word && memcmp(c->pool + c->off[0], le->buf + c->start, word) != 0)) {
		if (!replace(le, c->start, le->pos, c->pool + c->off[0], common))
			le_out(le, "\a", 1);
		return;
	}
	if (le->shown)
		list_candidates(le, c);
}

/* ---------------------------------------------------------------- keys */

static void ctrl_key(struct term_le *le, uint32_t c)
{
	switch (c) {
	case 'a': move(le, 0); break;
	case 'b': move(le, le_prev_char(le, le->pos)); break;
	case 'c': cancel(le); break;
	case 'd':
		if (le->len == 0 && le->eof_ends) {
			le_erase(le); /* nothing typed: the line leaves no trace, as on a tty */
			le->shown = false;
			reset_line(le);
			notify(le, TERM_LE_EOF);
		} else if (le->len == 0) {
			if (le->shown)
				message(le, msg_eof);
			notify(le, TERM_LE_EOF_IGNORED);
		} else {
			delete_range(le, le->pos, le_next_char(le, le->pos), false);
		}
		break;
	case 'e': move(le, le->len); break;
	case 'f': move(le, le_next_char(le, le->pos)); break;
	case 'k': delete_range(le, le->pos, le->len, true); break;
	case 'l': clear_screen(le); break;
	case 'n': history_move(le, 1); break;
	case 'p': history_move(le, -1); break;
	case 'u': delete_range(le, 0, le->pos, true); break;
	case 'w': delete_range(le, space_word_left(le, le->pos), le->pos, true); break;
	case 'y':
		if (le->kill_len)
			insert(le, le->kill, le->kill_len);
		break;
	default: break;
	}
}

static void alt_char(struct term_le *le, uint32_t c)
{
	switch (c) {
	case 'b': move(le, word_left(le, le->pos)); break;
	case 'f': move(le, word_right(le, le->pos)); break;
	case 'd': delete_range(le, le->pos, word_right(le, le->pos), true); break;
	default: break;
	}
}

static void special_key(struct term_le *le, enum term_key key, uint8_t mods)
{
	bool word = (mods & (TERM_MOD_CTRL | TERM_MOD_ALT)) != 0;

	switch (key) {
	case TERM_KEY_ENTER: submit(le); break;
	case TERM_KEY_TAB:
		if (!mods)
			complete(le);
		break;
	case TERM_KEY_BACKSPACE:
		if (word)
			delete_range(le, word_left(le, le->pos), le->pos, true);
		else
			delete_range(le, le_prev_char(le, le->pos), le->pos, false);
		break;
	case TERM_KEY_DELETE: delete_range(le, le->pos, le_next_char(le, le->pos), false); break;
	case TERM_KEY_LEFT: move(le, word ? word_left(le, le->pos) : le_prev_char(le, le->pos)); break;
	case TERM_KEY_RIGHT: move(le, word ? word_right(le, le->pos) : le_next_char(le, le->pos)); break;
	case TERM_KEY_HOME: move(le, 0); break;
	case TERM_KEY_END: move(le, le->len); break;
	case TERM_KEY_UP: history_move(le, -1); break;
	case TERM_KEY_DOWN: history_move(le, 1); break;
	default: break;
	}
}

void term_le_key(struct term_le *le, const struct term_key_event *ev)
{
	switch (ev->type) {
	case TERM_KEV_CHAR:
		if (ev->mods & TERM_MOD_CTRL)
			ctrl_key(le, ev->cp);
		else if (ev->mods & TERM_MOD_ALT)
			alt_char(le, ev->cp);
		else if (ev->cp >= 0x20 && ev->cp != 0x7F && !(ev->cp >= 0x80 && ev->cp < 0xA0))
			insert_cp(le, ev->cp);
		break;
	case TERM_KEV_KEY:
		special_key(le, ev->key, ev->mods);
		break;
	case TERM_KEV_PASTE_BEGIN:
		le->pasting = true;
		break;
	case TERM_KEV_PASTE:
		if (ev->cp == '\n')
			submit(le);
		else
			insert_cp(le, ev->cp);
		break;
	case TERM_KEV_PASTE_END:
		le->pasting = false;
		break;
	case TERM_KEV_CPR:
		break;
	}
	le_flush(le);
}

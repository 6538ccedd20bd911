/*
 * Key decoder (see keys.h): a byte-at-a-time state machine over ground (text and C0
 * controls, with UTF-8 decoding), ESC (Alt prefix or sequence introducer), CSI, SS3, the Linux
 * console's ESC[[A..E function keys, and bracketed paste. Every state is bounded: a CSI longer
 * than TERM_KEYS_MAX_SEQ is consumed and dropped at its final byte, a control byte or ESC inside
 * a sequence aborts it and is then decoded afresh, and term_keys_timeout() resolves whatever
 * is still pending after a quiet period.
 */
#include "term/keys_priv.h"

#include <string.h>

enum { ST_GROUND, ST_ESC, ST_CSI, ST_SS3, ST_LINUXF, ST_PASTE };

#define REPLACEMENT 0xFFFDu

static const char paste_end[] = "\x1b[201~";
#define PASTE_END_LEN (sizeof(paste_end) - 1)

void term_keys_reset(struct term_keys *k)
{
	term_key_cb cb = k->cb;
	void *user = k->user;
	unsigned cpr = k->cpr_expected;

	memset(k, 0, sizeof(*k));
	k->cb = cb;
	k->user = user;
	k->cpr_expected = cpr;
	k->state = ST_GROUND;
}

void term_keys_init(struct term_keys *k, term_key_cb cb, void *user)
{
	memset(k, 0, sizeof(*k));
	k->cb = cb;
	k->user = user;
	k->state = ST_GROUND;
}

void term_keys_expect_cpr(struct term_keys *k)
{
	if (k->cpr_expected < 16)
		k->cpr_expected++;
}

static void emit(struct term_keys *k, struct term_key_event *ev)
{
	if (k->pending_alt && (ev->type == TERM_KEV_CHAR || ev->type == TERM_KEV_KEY))
		ev->mods |= TERM_MOD_ALT;
	k->pending_alt = 0;
	k->cb(k->user, ev);
}

static void emit_key(struct term_keys *k, enum term_key key, uint8_t mods)
{
	struct term_key_event ev = { .type = TERM_KEV_KEY, .key = key, .mods = mods };

	emit(k, &ev);
}

static void emit_char(struct term_keys *k, uint32_t cp, uint8_t mods)
{
	struct term_key_event ev = { .type = TERM_KEV_CHAR, .cp = cp, .mods = mods };

	emit(k, &ev);
}

static void emit_simple(struct term_keys *k, enum term_key_type type, uint32_t cp)
{
	struct term_key_event ev = { .type = type, .cp = cp };

	emit(k, &ev);
}

/* ---------------------------------------------------------------- UTF-8 */

enum { U8_MORE, U8_DONE, U8_ASCII, U8_BAD, U8_BAD_RETRY };

/* One byte of UTF-8. U8_BAD: *cp = U+FFFD, byte consumed. U8_BAD_RETRY: *cp = U+FFFD for an
 * unfinished character, and the byte must be decoded again. Follows the "maximal subpart"
 * practice: each invalid prefix is one U+FFFD. */
static int u8_byte(struct term_keys *k, uint8_t b, uint32_t *cp)
{
	if (k->u8_need) {
		if (b >= k->u8_lo && b <= k->u8_hi) {
			k->u8_cp = (k->u8_cp << 6) | (b & 0x3Fu);
			k->u8_lo = 0x80;
			k->u8_hi = 0xBF;
			if (--k->u8_need)
				return U8_MORE;
			*cp = k->u8_cp;
			return U8_DONE;
		}
		k->u8_need = 0;
		*cp = REPLACEMENT;
		return U8_BAD_RETRY;
	}
	if (b < 0x80)
		return U8_ASCII;
	k->u8_lo = 0x80;
	k->u8_hi = 0xBF;
	if (b >= 0xC2 && b <= 0xDF) {
		k->u8_need = 1;
		k->u8_cp = b & 0x1Fu;
	} else if (b >= 0xE0 && b <= 0xEF) {
		k->u8_need = 2;
		k->u8_cp = b & 0x0Fu;
		if (b == 0xE0)
			k->u8_lo = 0xA0; /* no overlongs */
		if (b == 0xED)
			k->u8_hi = 0x9F; /* no surrogates */
	} else if (b >= 0xF0 && b <= 0xF4) {
		k->u8_need = 3;
		k->u8_cp = b & 0x07u;
		if (b == 0xF0)
			k->u8_lo = 0x90;
		if (b == 0xF4)
			k->u8_hi = 0x8F; /* nothing above U+10FFFF */
	} else {
		*cp = REPLACEMENT;
		return U8_BAD;
	}
	return U8_MORE;
}

/* ---------------------------------------------------------------- ground */

static void ground_control(struct term_keys *k, uint8_t b)
{
	static const char c0_tail[4] = { '\\', ']', '^', '_' };

	switch (b) {
	case '\r':
		emit_key(k, TERM_KEY_ENTER, 0);
		k->after_cr = 1;
		return;
	case '\n':
		emit_key(k, TERM_KEY_ENTER, 0);
		return;
	case '\t':
		emit_key(k, TERM_KEY_TAB, 0);
		return;
	case 0x08:
	case 0x7F:
		emit_key(k, TERM_KEY_BACKSPACE, 0);
		return;
	case 0x00:
		emit_char(k, ' ', TERM_MOD_CTRL);
		return;
	default:
		break;
	}
	if (b <= 0x1A)
		emit_char(k, 'a' + b - 1, TERM_MOD_CTRL);
	else if (b >= 0x1C && b <= 0x1F)
		emit_char(k, (uint8_t)c0_tail[b - 0x1C], TERM_MOD_CTRL);
}

static void ground_byte(struct term_keys *k, uint8_t b)
{
	uint32_t cp = 0;

	if (k->after_cr) {
		k->after_cr = 0;
		if (b == '\n')
			return; /* CRLF is one Enter */
	}
	for (;;) {
		switch (u8_byte(k, b, &cp)) {
		case U8_MORE:
			return;
		case U8_DONE:
		case U8_BAD:
			emit_char(k, cp, 0);
			return;
		case U8_BAD_RETRY:
			emit_char(k, cp, 0);
			continue;
		default: /* U8_ASCII */
			break;
		}
		break;
	}
	if (b == 0x1B) {
		k->state = ST_ESC;
		return;
	}
	if (b < 0x20 || b == 0x7F)
		ground_control(k, b);
	else
		emit_char(k, b, 0);
}

/* ---------------------------------------------------------------- sequences */

static void seq_start(struct term_keys *k, uint8_t state)
{
	k->state = state;
	k->seq_len = 0;
	k->nparams = 0;
	k->intermediate = 0;
	k->overflow = 0;
	memset(k->params, 0, sizeof(k->params));
}

static void emit_cpr(struct term_keys *k)
{
	struct term_key_event ev = { .type = TERM_KEV_CPR };

	ev.row = (uint16_t)(k->params[0] ? k->params[0] : 1);
	ev.col = (uint16_t)(k->params[1] ? k->params[1] : 1);
	if (k->cpr_expected)
		k->cpr_expected--;
	k->pending_alt = 0;
	k->cb(k->user, &ev);
}

static void csi_dispatch(struct term_keys *k, uint8_t f)
{
	uint8_t mods = k->nparams >= 2 ? term_keys_mods(k->params[1]) : 0;
	enum term_key key;

	if (k->overflow)
		return;
	if (k->intermediate) {
		if (k->intermediate == '?' && f == 'R' && k->nparams >= 2)
			emit_cpr(k); /* DECXCPR */
		return;          /* DA replies, anything else private: ignored */
	}
	if (f == 'R' && k->nparams == 2 &&
	    (k->cpr_expected || k->params[0] != 1 || k->params[1] < 2 || k->params[1] > 16)) {
		emit_cpr(k);
		return;
	}
	if (f == '~') {
		if (k->params[0] == 200) {
			k->pending_alt = 0;
			k->state = ST_PASTE;
			k->paste_match = 0;
			k->paste_cr = 0;
			emit_simple(k, TERM_KEV_PASTE_BEGIN, 0);
			return;
		}
		key = term_keys_tilde(k->params[0]);
		if (key != TERM_KEY_NONE)
			emit_key(k, key, mods);
		return;
	}
	if (f == 'Z') {
		emit_key(k, TERM_KEY_TAB, TERM_MOD_SHIFT);
		return;
	}
	if (f == 'u' && k->nparams >= 1) { /* CSI codepoint;mods u (fixterms / kitty) */
		uint32_t cp = k->params[0];

		if (cp == 13)
			emit_key(k, TERM_KEY_ENTER, mods);
		else if (cp == 9)
			emit_key(k, TERM_KEY_TAB, mods);
		else if (cp == 127 || cp == 8)
			emit_key(k, TERM_KEY_BACKSPACE, mods);
		else if (cp == 27)
			emit_key(k, TERM_KEY_ESCAPE, mods);
		else if (cp >= 0x20 && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF))
			emit_char(k, cp, mods);
		return;
	}
	key = term_keys_letter(f);
	if (key != TERM_KEY_NONE)
		emit_key(k, key, mods);
}

static void ss3_dispatch(struct term_keys *k, uint8_t f)
{
	static const char keypad[] = "*+,-./0123456789"; /* SS3 j .. y */
	uint8_t mods = k->nparams ? term_keys_mods(k->params[0]) : 0;
	enum term_key key = term_keys_letter(f);

	if (k->overflow)
		return;
	if (key != TERM_KEY_NONE)
		emit_key(k, key, mods);
	else if (f == 'M')
		emit_key(k, TERM_KEY_ENTER, mods);
	else if (f >= 'j' && f <= 'y')
		emit_char(k, (uint8_t)keypad[f - 'j'], mods);
	else if (f == 'X')
		emit_char(k, '=', mods);
}

/* A byte that cannot continue the sequence: drop the sequence, decode the byte afresh. */
static void seq_abort(struct term_keys *k, uint8_t b)
{
	k->state = ST_GROUND;
	k->pending_alt = 0;
	ground_byte(k, b);
}

static void param_byte(struct term_keys *k, uint8_t b)
{
	if (b >= '0' && b <= '9') {
		uint32_t *p;

		if (k->nparams == 0)
			k->nparams = 1;
		p = &k->params[k->nparams - 1];
		*p = *p * 10 + (uint32_t)(b - '0');
		if (*p > 65535)
			*p = 65535;
	} else if (b == ';') {
		if (k->nparams == 0)
			k->nparams = 1;
		if (k->nparams < TERM_KEYS_MAX_PARAMS)
			k->nparams++;
		else
			k->overflow = 1;
	} else if (b >= 0x3C && b <= 0x3F && k->seq_len == 1) {
		k->intermediate = b;
	} else {
		k->overflow = 1; /* ':' sub-parameters, misplaced markers: not a key we know */
	}
}

static void csi_byte(struct term_keys *k, uint8_t b)
{
	if (b == 0x1B || b < 0x20 || b >= 0x80) {
		seq_abort(k, b);
		return;
	}
	if (k->seq_len < 255)
		k->seq_len++;
	if (k->seq_len > TERM_KEYS_MAX_SEQ)
		k->overflow = 1;
	if (b >= 0x30 && b <= 0x3F) {
		param_byte(k, b);
	} else if (b < 0x30) { /* intermediate 0x20..0x2F */
		if (k->intermediate)
			k->overflow = 1;
		k->intermediate = b;
	} else if (b == '[' && k->seq_len == 1) {
		k->state = ST_LINUXF;
	} else {
		k->state = ST_GROUND;
		csi_dispatch(k, b);
	}
}

static void ss3_byte(struct term_keys *k, uint8_t b)
{
	if (b == 0x1B || b < 0x20 || b >= 0x80) {
		seq_abort(k, b);
		return;
	}
	if (k->seq_len < 255)
		k->seq_len++;
	if (k->seq_len > TERM_KEYS_MAX_SEQ)
		k->overflow = 1;
	if (b >= '0' && b <= '9') {
		param_byte(k, b);
	} else if (b >= 0x40 && b <= 0x7E) {
		k->state = ST_GROUND;
		ss3_dispatch(k, b);
	} else {
		seq_abort(k, b); /* SS3 takes no intermediates: the byte is text */
	}
}

static void esc_byte(struct term_keys *k, uint8_t b)
{
	if (b == '[') {
		seq_start(k, ST_CSI);
	} else if (b == 'O') {
		seq_start(k, ST_SS3);
	} else if (b == 0x1B) {
		if (k->pending_alt)
			emit_key(k, TERM_KEY_ESCAPE, 0); /* ESC ESC ESC: Alt-Escape, then a new ESC */
		else
			k->pending_alt = 1; /* ESC ESC: Alt + whatever the second ESC starts */
	} else {
		k->state = ST_GROUND;
		k->pending_alt = 1;
		k->after_cr = 0;
		ground_byte(k, b);
	}
}

/* ---------------------------------------------------------------- paste */

static void paste_content(struct term_keys *k, uint8_t b)
{
	uint32_t cp = 0;

	if (k->paste_cr) {
		k->paste_cr = 0;
		if (b == '\n')
			return;
	}
	if (b == '\r') {
		k->paste_cr = 1;
		b = '\n';
	}
	for (;;) {
		switch (u8_byte(k, b, &cp)) {
		case U8_MORE:
			return;
		case U8_DONE:
		case U8_BAD:
			emit_simple(k, TERM_KEV_PASTE, cp);
			return;
		case U8_BAD_RETRY:
			emit_simple(k, TERM_KEV_PASTE, cp);
			continue;
		default:
			emit_simple(k, TERM_KEV_PASTE, b);
			return;
		}
	}
}

static void paste_finish(struct term_keys *k)
{
	if (k->u8_need) {
		k->u8_need = 0;
		emit_simple(k, TERM_KEV_PASTE, REPLACEMENT);
	}
	k->state = ST_GROUND;
	k->paste_match = 0;
	emit_simple(k, TERM_KEV_PASTE_END, 0);
}

static void paste_byte(struct term_keys *k, uint8_t b)
{
	if ((char)b == paste_end[k->paste_match]) {
		if (++k->paste_match == PASTE_END_LEN)
			paste_finish(k);
		return;
	}
	if (k->paste_match) {
		uint8_t n = k->paste_match;

		k->paste_match = 0;
		for (uint8_t i = 0; i < n; i++)
			paste_content(k, (uint8_t)paste_end[i]);
		if ((char)b == paste_end[0]) {
			k->paste_match = 1;
			return;
		}
	}
	paste_content(k, b);
}

/* ---------------------------------------------------------------- entry points */

void term_keys_feed(struct term_keys *k, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	for (size_t i = 0; i < len; i++) {
		uint8_t b = p[i];

		switch (k->state) {
		case ST_ESC:
			esc_byte(k, b);
			break;
		case ST_CSI:
			csi_byte(k, b);
			break;
		case ST_SS3:
			ss3_byte(k, b);
			break;
		case ST_LINUXF:
			if (b == 0x1B || b < 0x20 || b >= 0x80) {
				seq_abort(k, b);
			} else {
				k->state = ST_GROUND;
				if (b >= 'A' && b <= 'E')
					emit_key(k, TERM_KEY_F1 + (b - 'A'), 0);
			}
			break;
		case ST_PASTE:
			paste_byte(k, b);
			break;
		default:
			ground_byte(k, b);
			break;
		}
	}
}

bool term_keys_pending(const struct term_keys *k)
{
	return k->state != ST_GROUND || k->u8_need != 0;
}

bool term_keys_in_sequence(const struct term_keys *k)
{
	return (k->state == ST_CSI || k->state == ST_SS3) && k->seq_len > 0;
}

void term_keys_timeout(struct term_keys *k)
{
	uint8_t state = k->state;

	k->after_cr = 0;
	if (state == ST_PASTE) {
		uint8_t n = k->paste_match;

		k->paste_match = 0;
		for (uint8_t i = 0; i < n; i++)
			paste_content(k, (uint8_t)paste_end[i]);
		paste_finish(k);
		return;
	}
	k->state = ST_GROUND;
	if (state == ST_ESC) {
		emit_key(k, TERM_KEY_ESCAPE, 0); /* pending_alt (ESC ESC) makes it Alt-Escape */
	} else if ((state == ST_CSI || state == ST_SS3) && k->seq_len == 0) {
		emit_char(k, state == ST_CSI ? '[' : 'O', TERM_MOD_ALT);
	} else if (state != ST_GROUND) {
		k->pending_alt = 0; /* partial sequence: dropped */
	}
	if (k->u8_need) {
		k->u8_need = 0;
		emit_char(k, REPLACEMENT, 0);
	}
}

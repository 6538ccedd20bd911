/*
 * Key decoder: the bytes a serial terminal sends (xterm, tmux, screen, the Linux console, as
 * seen through picocom/screen/minicom) turned into key events. Printable text becomes one
 * event per code point (invalid UTF-8 becomes U+FFFD); C0 controls become Ctrl+letter or the
 * Enter/Tab/Backspace/Escape keys; CSI/SS3 sequences become cursor, editing and function keys
 * with Shift/Alt/Ctrl flags; ESC before a key means Alt; bracketed paste (ESC[200~ .. ESC[201~)
 * arrives as paste events, never as keys; cursor-position reports (CSI row;col R) arrive as
 * their own event. A lone ESC cannot be told from the start of a sequence by bytes alone, so
 * the caller calls term_keys_timeout() after a short quiet period (~50 ms) while
 * term_keys_pending() is true. Fixed-size state, no allocation, never stuck: every byte
 * either completes, extends (within bounds) or aborts what is pending.
 */
#ifndef KEEL_TERM_KEYS_H
#define KEEL_TERM_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum term_key_type {
	TERM_KEV_CHAR,        /* cp: a character; mods may hold CTRL (Ctrl-A = 'a'+CTRL) or ALT */
	TERM_KEV_KEY,         /* key: a non-character key, with mods */
	TERM_KEV_PASTE_BEGIN, /* bracketed paste starts */
	TERM_KEV_PASTE,       /* cp: one pasted code point; line ends (CR, LF, CRLF) arrive as '\n' */
	TERM_KEV_PASTE_END,   /* bracketed paste ends */
	TERM_KEV_CPR,         /* row, col: a cursor-position report (1-based) */
};

enum term_key {
	TERM_KEY_NONE = 0,
	TERM_KEY_ENTER,
	TERM_KEY_TAB,
	TERM_KEY_BACKSPACE,
	TERM_KEY_ESCAPE,
	TERM_KEY_UP,
	TERM_KEY_DOWN,
	TERM_KEY_RIGHT,
	TERM_KEY_LEFT,
	TERM_KEY_HOME,
	TERM_KEY_END,
	TERM_KEY_INSERT,
	TERM_KEY_DELETE,
	TERM_KEY_PGUP,
	TERM_KEY_PGDN,
	TERM_KEY_BEGIN, /* keypad 5 (CSI E / SS3 E) */
	TERM_KEY_F1,    /* F1..F12 are consecutive */
	TERM_KEY_F12 = TERM_KEY_F1 + 11,
};

#define TERM_MOD_SHIFT 0x1u
#define TERM_MOD_ALT 0x2u
#define TERM_MOD_CTRL 0x4u

struct term_key_event {
	enum term_key_type type;
	enum term_key key; /* TERM_KEV_KEY */
	uint32_t cp;       /* TERM_KEV_CHAR, TERM_KEV_PASTE */
	uint8_t mods;      /* TERM_MOD_* */
	uint16_t row, col; /* TERM_KEV_CPR */
};

typedef void (*term_key_cb)(void *user, const struct term_key_event *ev);

#define TERM_KEYS_MAX_PARAMS 4
#define TERM_KEYS_MAX_SEQ 32 /* bytes of one CSI/SS3 sequence before it is discarded */

/* Decoder state: embed it anywhere; initialise with term_keys_init(). Fields are private. */
struct term_keys {
	term_key_cb cb;
	void *user;
	uint8_t state;
	uint8_t pending_alt; /* ESC seen before a key: next key gets TERM_MOD_ALT */
	uint8_t after_cr;    /* last byte was CR: a following LF is the same Enter */
	uint8_t overflow;    /* current sequence too long: discard it at its final byte */
	uint8_t seq_len;
	uint8_t nparams;
	uint8_t intermediate; /* first private/intermediate byte of a CSI (e.g. '?', '$') */
	uint8_t paste_match;  /* bytes of ESC[201~ matched inside a paste */
	uint8_t paste_cr;
	uint32_t params[TERM_KEYS_MAX_PARAMS];
	/* UTF-8 decoding (ground and paste share it: a paste starts between characters) */
	uint32_t u8_cp;
	uint8_t u8_need, u8_lo, u8_hi;
	unsigned cpr_expected; /* CPRs the caller asked for and not yet received */
};

void term_keys_init(struct term_keys *k, term_key_cb cb, void *user);
/* Decode bytes; events are delivered synchronously through the callback. */
void term_keys_feed(struct term_keys *k, const void *buf, size_t len);
/* True while bytes are held back waiting for more (a lone ESC, a partial sequence or
 * character): the caller should call term_keys_timeout() after a quiet period. */
bool term_keys_pending(const struct term_keys *k);
/* True while the bytes held back are a sequence past its introducer (ESC [ 40;16 ...): no key
 * a person presses stops there, so a pause is the line's (a loaded host, a slow link) and the
 * caller should wait longer than for a lone ESC before giving up on it. */
bool term_keys_in_sequence(const struct term_keys *k);
/* The quiet period passed: a pending lone ESC becomes the Escape key, ESC[ / ESC O alone
 * become Alt-[ / Alt-O, a partial character becomes U+FFFD, a partial sequence is dropped, and
 * an unfinished bracketed paste ends (its partial end marker delivered as text). */
void term_keys_timeout(struct term_keys *k);
/* The caller sent a cursor-position request (ESC[6n): the next CSI 1;m R is a report, not
 * Shift/Ctrl-F3 (the two are byte-identical). */
void term_keys_expect_cpr(struct term_keys *k);
/* Forget everything pending (no events). */
void term_keys_reset(struct term_keys *k);

/* Short English name of a key ("Up", "F5"), for diagnostics. */
const char *term_key_name(enum term_key key);
/* Encode a code point as UTF-8 into out (4 bytes room); returns its length (invalid -> U+FFFD). */
size_t term_utf8_encode(uint32_t cp, char out[4]);

#endif /* KEEL_TERM_KEYS_H */

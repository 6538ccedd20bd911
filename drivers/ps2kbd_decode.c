/*
 * PS/2 scancode decoding (see ps2kbd_decode.h). Everything is first turned into a keycode: the
 * set-1 make code, with 0x80 added for E0-prefixed keys; set 2 is converted through a table
 * (the E0-prefixed keys use the same second byte in both sets once converted). Break codes
 * (set 1: bit 7; set 2: F0 prefix) only release modifiers. Pause (E1 ...) is dropped whole.
 */
#include "drivers/ps2kbd_decode.h"

#include <string.h>

/* Set 2 code -> set 1 code (0: none). */
static const uint8_t set2_to_1[0x84] = {
	[0x76] = 0x01, [0x16] = 0x02, [0x1e] = 0x03, [0x26] = 0x04, [0x25] = 0x05, [0x2e] = 0x06,
	[0x36] = 0x07, [0x3d] = 0x08, [0x3e] = 0x09, [0x46] = 0x0a, [0x45] = 0x0b, [0x4e] = 0x0c,
	[0x55] = 0x0d, [0x66] = 0x0e, [0x0d] = 0x0f, [0x15] = 0x10, [0x1d] = 0x11, [0x24] = 0x12,
	[0x2d] = 0x13, [0x2c] = 0x14, [0x35] = 0x15, [0x3c] = 0x16, [0x43] = 0x17, [0x44] = 0x18,
	[0x4d] = 0x19, [0x54] = 0x1a, [0x5b] = 0x1b, [0x5a] = 0x1c, [0x14] = 0x1d, [0x1c] = 0x1e,
	[0x1b] = 0x1f, [0x23] = 0x20, [0x2b] = 0x21, [0x34] = 0x22, [0x33] = 0x23, [0x3b] = 0x24,
	[0x42] = 0x25, [0x4b] = 0x26, [0x4c] = 0x27, [0x52] = 0x28, [0x0e] = 0x29, [0x12] = 0x2a,
	[0x5d] = 0x2b, [0x1a] = 0x2c, [0x22] = 0x2d, [0x21] = 0x2e, [0x2a] = 0x2f, [0x32] = 0x30,
	[0x31] = 0x31, [0x3a] = 0x32, [0x41] = 0x33, [0x49] = 0x34, [0x4a] = 0x35, [0x59] = 0x36,
	[0x7c] = 0x37, [0x11] = 0x38, [0x29] = 0x39, [0x58] = 0x3a, [0x05] = 0x3b, [0x06] = 0x3c,
	[0x04] = 0x3d, [0x0c] = 0x3e, [0x03] = 0x3f, [0x0b] = 0x40, [0x83] = 0x41, [0x0a] = 0x42,
	[0x01] = 0x43, [0x09] = 0x44, [0x77] = 0x45, [0x7e] = 0x46, [0x6c] = 0x47, [0x75] = 0x48,
	[0x7d] = 0x49, [0x7b] = 0x4a, [0x6b] = 0x4b, [0x73] = 0x4c, [0x74] = 0x4d, [0x79] = 0x4e,
	[0x69] = 0x4f, [0x72] = 0x50, [0x7a] = 0x51, [0x70] = 0x52, [0x71] = 0x53, [0x78] = 0x57,
	[0x07] = 0x58, [0x1f] = 0x5b, [0x27] = 0x5c, [0x2f] = 0x5d,
};

/* US layout, set-1 codes 0x00..0x39: unshifted and shifted characters. */
static const char us_plain[0x3a] = {
	0, 0, '1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '-', '=', 0, 0,
	'q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p', '[', ']', 0, 0, 'a', 's',
	'd', 'f', 'g', 'h', 'j', 'k', 'l', ';', '\'', '`', 0, '\\', 'z', 'x', 'c', 'v',
	'b', 'n', 'm', ',', '.', '/', 0, '*', 0, ' ',
};
static const char us_shift[0x3a] = {
	0, 0, '!', '@', '#', '$', '%', '^', '&', '*', '(', ')', '_', '+', 0, 0,
	'Q', 'W', 'E', 'R', 'T', 'Y', 'U', 'I', 'O', 'P', '{', '}', 0, 0, 'A', 'S',
	'D', 'F', 'G', 'H', 'J', 'K', 'L', ':', '"', '~', 0, '|', 'Z', 'X', 'C', 'V',
	'B', 'N', 'M', '<', '>', '?', 0, '*', 0, ' ',
};

/* Keypad 0x47..0x53 with Num Lock on, and the navigation keys they are without it. */
static const char kp_num[13] = { '7', '8', '9', '-', '4', '5', '6', '+', '1', '2', '3', '0', '.' };
static const uint8_t kp_nav[13] = {
	TERM_KEY_HOME, TERM_KEY_UP, TERM_KEY_PGUP, 0, TERM_KEY_LEFT, TERM_KEY_BEGIN, TERM_KEY_RIGHT, 0,
	TERM_KEY_END, TERM_KEY_DOWN, TERM_KEY_PGDN, TERM_KEY_INSERT, TERM_KEY_DELETE,
};

#define K_LSHIFT 0x2a
#define K_RSHIFT 0x36
#define K_LCTRL 0x1d
#define K_RCTRL 0x9d
#define K_LALT 0x38
#define K_RALT 0xb8
#define K_CAPS 0x3a
#define K_NUM 0x45

void ps2kbd_dec_init(struct ps2kbd_dec *d, unsigned set)
{
	memset(d, 0, sizeof(*d));
	d->set = set == 2 ? 2 : 1;
}

static bool is_down(const struct ps2kbd_dec *d, uint8_t k)
{
	return (d->down[k >> 3] >> (k & 7)) & 1;
}

uint8_t ps2kbd_dec_mods(const struct ps2kbd_dec *d)
{
	uint8_t m = 0;

	if (is_down(d, K_LSHIFT) || is_down(d, K_RSHIFT))
		m |= TERM_MOD_SHIFT;
	if (is_down(d, K_LCTRL) || is_down(d, K_RCTRL))
		m |= TERM_MOD_CTRL;
	if (is_down(d, K_LALT) || is_down(d, K_RALT))
		m |= TERM_MOD_ALT;
	return m;
}

uint8_t ps2kbd_dec_leds(const struct ps2kbd_dec *d)
{
	return (uint8_t)((d->caps ? PS2KBD_LED_CAPS : 0) | (d->num ? PS2KBD_LED_NUM : 0));
}

static bool key_event(struct term_key_event *ev, enum term_key key, uint8_t mods)
{
	memset(ev, 0, sizeof(*ev));
	ev->type = TERM_KEV_KEY;
	ev->key = key;
	ev->mods = mods;
	return true;
}

static bool char_event(struct term_key_event *ev, uint32_t cp, uint8_t mods)
{
	memset(ev, 0, sizeof(*ev));
	ev->type = TERM_KEV_CHAR;
	ev->cp = cp;
	ev->mods = mods;
	return true;
}

/* A key went down (or repeated). */
static bool press(struct ps2kbd_dec *d, uint8_t k, bool repeat, struct term_key_event *ev)
{
	uint8_t mods = ps2kbd_dec_mods(d);
	bool shift = mods & TERM_MOD_SHIFT;

	switch (k) {
	case K_LSHIFT: case K_RSHIFT: case K_LCTRL: case K_RCTRL: case K_LALT: case K_RALT:
		return false;
	case K_CAPS:
		if (!repeat) {
			d->caps = !d->caps;
			d->leds_changed = true;
		}
		return false;
	case K_NUM:
		if (!repeat) {
			d->num = !d->num;
			d->leds_changed = true;
		}
		return false;
	case 0x01: return key_event(ev, TERM_KEY_ESCAPE, mods);
	case 0x0e: return key_event(ev, TERM_KEY_BACKSPACE, mods);
	case 0x0f: return key_event(ev, TERM_KEY_TAB, mods);
	case 0x1c: case 0x9c: return key_event(ev, TERM_KEY_ENTER, mods);
	case 0xc8: return key_event(ev, TERM_KEY_UP, mods);
	case 0xd0: return key_event(ev, TERM_KEY_DOWN, mods);
	case 0xcb: return key_event(ev, TERM_KEY_LEFT, mods);
	case 0xcd: return key_event(ev, TERM_KEY_RIGHT, mods);
	case 0xc7: return key_event(ev, TERM_KEY_HOME, mods);
	case 0xcf: return key_event(ev, TERM_KEY_END, mods);
	case 0xc9: return key_event(ev, TERM_KEY_PGUP, mods);
	case 0xd1: return key_event(ev, TERM_KEY_PGDN, mods);
	case 0xd2: return key_event(ev, TERM_KEY_INSERT, mods);
	case 0xd3: return key_event(ev, TERM_KEY_DELETE, mods);
	case 0xb5: return char_event(ev, '/', mods & (uint8_t)~TERM_MOD_SHIFT);
	case 0x57: return key_event(ev, TERM_KEY_F1 + 10, mods);
	case 0x58: return key_event(ev, TERM_KEY_F12, mods);
	default:
		break;
	}
	if (k >= 0x3b && k <= 0x44)
		return key_event(ev, (enum term_key)(TERM_KEY_F1 + (k - 0x3b)), mods);
	if (k >= 0x47 && k <= 0x53) {
		unsigned i = k - 0x47u;
		if (kp_num[i] == '-' || kp_num[i] == '+')
			return char_event(ev, (uint32_t)kp_num[i], mods & (uint8_t)~TERM_MOD_SHIFT);
		if (d->num != shift)             /* Shift inverts Num Lock, as on PCs */
			return char_event(ev, (uint32_t)kp_num[i], mods & (uint8_t)~TERM_MOD_SHIFT);
		return key_event(ev, (enum term_key)kp_nav[i], mods & (uint8_t)~TERM_MOD_SHIFT);
	}
	if (k < sizeof(us_plain) && us_plain[k]) {
		char c = us_plain[k];
		bool letter = c >= 'a' && c <= 'z';
		bool up = letter ? shift != d->caps : shift;
		if (mods & TERM_MOD_CTRL)
			return char_event(ev, (uint32_t)c, mods & (uint8_t)~TERM_MOD_SHIFT);
		return char_event(ev, (uint32_t)(up ? us_shift[k] : c), mods & (uint8_t)~TERM_MOD_SHIFT);
	}
	return false;
}

bool ps2kbd_dec_byte(struct ps2kbd_dec *d, uint8_t b, struct term_key_event *ev)
{
	uint8_t k;
	bool rel, repeat;

	if (d->skip) {
		d->skip--;
		return false;
	}
	if (b == 0xe0) {
		d->e0 = true;
		return false;
	}
	if (b == 0xe1) {
		d->skip = d->set == 2 ? 7 : 5;
		d->e0 = d->release = false;
		return false;
	}
	if (d->set == 2) {
		if (b == 0xf0) {
			d->release = true;
			return false;
		}
		if (b == 0x00 || b == 0xaa || b == 0xee || b == 0xfa || b == 0xfc || b == 0xfe || b == 0xff ||
		    b >= sizeof(set2_to_1) || !set2_to_1[b]) {
			d->e0 = d->release = false;
			return false;
		}
		k = set2_to_1[b];
		rel = d->release;
	} else {
		if (b == 0x00 || b == 0xee || b == 0xfa || b == 0xfc || b == 0xfe || b == 0xff) {
			d->e0 = false;
			return false;
		}
		k = b & 0x7f;
		rel = b & 0x80;
	}
	if (d->e0)
		k |= 0x80;
	d->e0 = d->release = false;
	if (k == 0xaa || k == 0xb6)
		return false;                  /* the fake shifts around Print Screen */
	if (rel) {
		d->down[k >> 3] &= (uint8_t)~(1u << (k & 7));
		return false;
	}
	repeat = is_down(d, k);
	d->down[k >> 3] |= (uint8_t)(1u << (k & 7));
	return press(d, k, repeat, ev);
}

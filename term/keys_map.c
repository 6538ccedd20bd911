/*
 * Key decoder tables: which key a CSI/SS3 final letter or a CSI n~ number means, the xterm
 * modifier parameter, key names, and UTF-8 encoding (shared with the line editor).
 */
#include "term/keys_priv.h"

/* xterm modifier parameter: 1 + (shift 1, alt 2, ctrl 4, meta 8; meta counts as alt). */
uint8_t term_keys_mods(uint32_t p)
{
	uint8_t m = 0;

	if (p < 2 || p > 16)
		return 0;
	p -= 1;
	if (p & 1)
		m |= TERM_MOD_SHIFT;
	if (p & (2 | 8))
		m |= TERM_MOD_ALT;
	if (p & 4)
		m |= TERM_MOD_CTRL;
	return m;
}

enum term_key term_keys_letter(uint8_t f)
{
	switch (f) {
	case 'A': return TERM_KEY_UP;
	case 'B': return TERM_KEY_DOWN;
	case 'C': return TERM_KEY_RIGHT;
	case 'D': return TERM_KEY_LEFT;
	case 'H': return TERM_KEY_HOME;
	case 'F': return TERM_KEY_END;
	case 'E': return TERM_KEY_BEGIN;
	case 'P': return TERM_KEY_F1;
	case 'Q': return TERM_KEY_F1 + 1;
	case 'R': return TERM_KEY_F1 + 2;
	case 'S': return TERM_KEY_F1 + 3;
	default: return TERM_KEY_NONE;
	}
}

enum term_key term_keys_tilde(uint32_t n)
{
	switch (n) {
	case 1: case 7: return TERM_KEY_HOME;
	case 2: return TERM_KEY_INSERT;
	case 3: return TERM_KEY_DELETE;
	case 4: case 8: return TERM_KEY_END;
	case 5: return TERM_KEY_PGUP;
	case 6: return TERM_KEY_PGDN;
	case 11: case 12: case 13: case 14: case 15: return TERM_KEY_F1 + (n - 11);
	case 17: case 18: case 19: case 20: case 21: return TERM_KEY_F1 + 5 + (n - 17);
	case 23: case 24: return TERM_KEY_F1 + 10 + (n - 23);
	default: return TERM_KEY_NONE;
	}
}

size_t term_utf8_encode(uint32_t cp, char out[4])
{
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFDu;
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

const char *term_key_name(enum term_key key)
{
	static const char *const names[] = {
		"None", "Enter", "Tab", "Backspace", "Escape", "Up", "Down", "Right", "Left", "Home",
		"End", "Insert", "Delete", "PageUp", "PageDown", "Begin", "F1", "F2", "F3", "F4",
		"F5", "F6", "F7", "F8", "F9", "F10", "F11", "F12",
	};

	if ((unsigned)key >= sizeof(names) / sizeof(names[0]))
		return "?";
	return names[key];
}

/*
 * Frontend state, part 7: colours kept for the programs that ask. The 256-entry palette (OSC 4,
 * reset by OSC 104), the special colours for bold/underline/blink/reverse/italic (OSC 5, or OSC 4
 * past index 255; reset by OSC 105), the dynamic foreground/background/cursor colours (OSC
 * 10/11/12, reset by 110-112), in X11 colour syntax ("rgb:R/G/B" scaled, "#RGB" high bits),
 * answered as rgb:RRRR/GGGG/BBBB; and XTGETTCAP for the number of colours. The backends draw with
 * their own fixed palette (docs/terminal.md).
 */
#include "term/state.h"

#include <string.h>

#include "term/palette.h"

void term_state_colors_reset(struct term *t)
{
	for (int i = 0; i < TERM_PALETTE_SIZE; i++)
		t->palette[i] = term_palette_index_rgb((uint8_t)i);
	t->dyn[TERM_DYN_FG] = TERM_RGB_DEFAULT_FG;
	t->dyn[TERM_DYN_BG] = TERM_RGB_DEFAULT_BG;
	t->dyn[TERM_DYN_CURSOR] = TERM_RGB_DEFAULT_FG;
	for (int i = 0; i < TERM_SPECIAL_COLORS; i++)
		t->special[i] = TERM_RGB_DEFAULT_FG;
}

/* XTGETTCAP (DCS + q hex-name ; ... ST): only "Co" (colours: 256) is known; an unknown name
 * ends the reply with DCS 0 + r as xterm does. */
void term_state_tcap(struct term *t, const char *s, size_t n)
{
	char body[64];

	if (n == 4 && (memcmp(s, "436F", 4) == 0 || memcmp(s, "436f", 4) == 0)) {
		memcpy(body, "1+r436F=323536", 14);
		term_state_reply_dcs(t, body, 14);
		return;
	}
	term_state_reply_dcs(t, "0+r", 3);
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* One component of 1-4 hex digits as 8 bits; -1 if malformed. As X11 parses colours, "rgb:"
 * components are scaled (f = ff), "#" components are the high bits (#f = f0). */
static int hex_component(const char *s, size_t n, bool scale)
{
	uint32_t v = 0;

	if (n < 1 || n > 4)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int h = hexval(s[i]);
		if (h < 0)
			return -1;
		v = v * 16 + (uint32_t)h;
	}
	if (scale)
		return (int)(v * 255 / ((1u << (4 * n)) - 1));
	return (int)((v << (16 - 4 * n)) >> 8);
}

/* "rgb:R/G/B" or "#RGB" / "#RRGGBB" / "#RRRRGGGGBBBB"; -1 if neither. */
static int64_t parse_color(const char *s, size_t n)
{
	int rgb[3];

	if (n > 4 && memcmp(s, "rgb:", 4) == 0) {
		size_t i = 4;
		for (int k = 0; k < 3; k++) {
			size_t j = i;
			while (j < n && s[j] != '/')
				j++;
			if ((k < 2) != (j < n))
				return -1;
			rgb[k] = hex_component(s + i, j - i, true);
			if (rgb[k] < 0)
				return -1;
			i = j + 1;
		}
	} else if (n > 1 && s[0] == '#' && (n - 1) % 3 == 0 && n - 1 <= 12) {
		size_t d = (n - 1) / 3;
		for (int k = 0; k < 3; k++) {
			rgb[k] = hex_component(s + 1 + (size_t)k * d, d, false);
			if (rgb[k] < 0)
				return -1;
		}
	} else {
		return -1;
	}
	return (int64_t)((uint32_t)rgb[0] << 16 | (uint32_t)rgb[1] << 8 | (uint32_t)rgb[2]);
}

/* ESC ] prefix ; rgb:RRRR/GGGG/BBBB ESC \ */
static void report_color(struct term *t, const char *prefix, size_t pn, uint32_t rgb)
{
	char buf[64];
	size_t k = 0;

	buf[k++] = 0x1b;
	buf[k++] = ']';
	memcpy(buf + k, prefix, pn);
	k += pn;
	memcpy(buf + k, ";rgb:", 5);
	k += 5;
	for (int c = 2; c >= 0; c--) {
		uint32_t v = (rgb >> (8 * c)) & 0xff;
		for (int i = 0; i < 4; i++)
			buf[k++] = "0123456789abcdef"[(i & 1 ? v : v >> 4) & 15];
		if (c)
			buf[k++] = '/';
	}
	buf[k++] = 0x1b;
	buf[k++] = '\\';
	term_state_reply(t, buf, k);
}

/* Set or query *slot from one OSC field ("?" queries). */
static void color_field(struct term *t, uint32_t *slot, const char *prefix, size_t pn, const char *s, size_t n)
{
	if (n == 1 && s[0] == '?') {
		report_color(t, prefix, pn, *slot);
		return;
	}
	int64_t v = parse_color(s, n);
	if (v >= 0)
		*slot = (uint32_t)v;
}

/* OSC 4 ; index ; spec [; index ; spec ...] (indices past 255 are the special colours) and
 * OSC 5 ; special ; spec [...] */
void term_state_osc_palette(struct term *t, bool special, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t j = i;
		int idx = 0;
		while (j < n && s[j] >= '0' && s[j] <= '9' && idx < 1000)
			idx = idx * 10 + (s[j++] - '0');
		if (j == i || j >= n || s[j] != ';')
			return;
		size_t spec = j + 1, e = spec;
		while (e < n && s[e] != ';')
			e++;
		if (special ? idx < TERM_SPECIAL_COLORS : idx < TERM_PALETTE_SIZE + TERM_SPECIAL_COLORS) {
			char prefix[8] = { special ? '5' : '4', ';' };
			size_t pn = 2 + term_state_put_num(prefix + 2, idx);
			uint32_t *slot = special ? &t->special[idx]
				       : idx < TERM_PALETTE_SIZE ? &t->palette[idx] : &t->special[idx - TERM_PALETTE_SIZE];
			color_field(t, slot, prefix, pn, s + spec, e - spec);
		}
		i = e + 1;
	}
}

/* OSC 10/11/12 ; spec [; spec ...]: each further field is the next dynamic colour */
void term_state_osc_dynamic(struct term *t, int cmd, const char *s, size_t n)
{
	size_t i = 0;

	while (cmd >= 10 && cmd <= 12 && i <= n) {
		size_t e = i;
		while (e < n && s[e] != ';')
			e++;
		char prefix[4] = { '1', (char)('0' + cmd - 10), 0, 0 };
		color_field(t, &t->dyn[cmd - 10], prefix, 2, s + i, e - i);
		i = e + 1;
		cmd++;
	}
}

static bool special_listed(const char *s, size_t n, int idx)
{
	for (size_t i = 0; i < n;) {
		int v = 0;
		size_t j = i;
		while (j < n && s[j] >= '0' && s[j] <= '9' && v < 1000)
			v = v * 10 + (s[j++] - '0');
		if (j > i && v == idx)
			return true;
		i = j + 1;
	}
	return false;
}

/* OSC 104 [; index ...] resets palette entries (all without an argument); 110-112 dynamic ones. */
void term_state_osc_reset_color(struct term *t, int cmd, const char *s, size_t n)
{
	if (cmd == 105) {
		for (int i = 0; i < TERM_SPECIAL_COLORS; i++)
			if (n == 0 || special_listed(s, n, i))
				t->special[i] = TERM_RGB_DEFAULT_FG;
		return;
	}
	if (cmd >= 110 && cmd <= 112) {
		uint32_t dflt[TERM_DYN_COUNT] = { TERM_RGB_DEFAULT_FG, TERM_RGB_DEFAULT_BG, TERM_RGB_DEFAULT_FG };
		t->dyn[cmd - 110] = dflt[cmd - 110];
		return;
	}
	if (n == 0) {
		for (int i = 0; i < TERM_PALETTE_SIZE; i++)
			t->palette[i] = term_palette_index_rgb((uint8_t)i);
		return;
	}
	for (size_t i = 0; i < n;) {
		int idx = 0;
		size_t j = i;
		while (j < n && s[j] >= '0' && s[j] <= '9' && idx < 1000)
			idx = idx * 10 + (s[j++] - '0');
		if (j > i && idx < TERM_PALETTE_SIZE)
			t->palette[idx] = term_palette_index_rgb((uint8_t)idx);
		i = j + 1;
	}
}

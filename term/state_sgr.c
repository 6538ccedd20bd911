/*
 * Frontend state, part 3: the pen (SGR: bold, faint, italic, underline styles, blink, inverse,
 * hidden, strike, 16/256/24-bit colours in both the ';' and the ':' sub-parameter forms, 39/49
 * defaults, SGR 10-19 fonts kept as a cell attribute), the pen as an SGR string for DECRQSS, and
 * OSC (window title, colours) and DCS dispatch.
 */
#include "term/state.h"

#include <string.h>

/* An extended colour at args[*i] (the argument after 38/48/58); advances *i past it.
 * Returns false if malformed (the colour is left alone). */
static bool ext_color(const struct term_csi *c, unsigned *i, uint32_t *out)
{
	unsigned k = *i;
	bool colon = k > 0 && c->more[k - 1];
	int32_t kind = term_csi_arg(c, k, -1);

	if (kind == 5) {
		if (k + 1 >= c->nargs)
			return false;
		*i = k + 1;
		int32_t v = c->args[k + 1];
		if (v == TERM_ARG_MISSING || v > 255)
			return false;
		*out = term_color_index((uint32_t)v);
		return true;
	}
	if (kind == 2) {
		unsigned first = k + 1;
		/* 38:2:CS:R:G:B carries a colour space id; 38:2:R:G:B and 38;2;R;G;B do not */
		if (colon) {
			unsigned subs = 0;
			for (unsigned j = k; j < c->nargs && c->more[j]; j++)
				subs++;
			if (subs >= 4)
				first = k + 2;
		}
		if (first + 2 >= c->nargs) {
			*i = c->nargs;
			return false;
		}
		*i = first + 2;
		uint32_t rgb[3];
		for (int j = 0; j < 3; j++) {
			int32_t v = c->args[first + (unsigned)j];
			rgb[j] = v == TERM_ARG_MISSING ? 0 : (uint32_t)(v > 255 ? 255 : v);
		}
		*out = term_color_rgb(rgb[0], rgb[1], rgb[2]);
		return true;
	}
	return false;
}

static __attribute__((noinline)) void sgr_slow(struct term *t, const struct term_csi *c)
{
	struct term_pen *p = &t->pen;

	for (unsigned i = 0; i < c->nargs; i++) {
		int32_t a = c->args[i];
		uint32_t col;

		if (a == TERM_ARG_MISSING)
			a = 0;
		switch (a) {
		case 0:
			/* DECSCA protection is not an SGR attribute: SGR 0 keeps it */
			p->attr = 0;
			p->fg = 0;
			p->bg &= TERM_BG_PROTECTED;
			break;
		case 1: p->attr |= TERM_ATTR_BOLD; break;
		case 2: p->attr |= TERM_ATTR_FAINT; break;
		case 3: p->attr |= TERM_ATTR_ITALIC; break;
		case 4: {
			uint32_t ul = 1;
			if (c->more[i] && i + 1 < c->nargs) {
				int32_t s = c->args[++i];
				ul = s == TERM_ARG_MISSING ? 0 : (uint32_t)(s > 3 ? 1 : s);
			}
			p->fg = (p->fg & ~TERM_UL_MASK) | (ul << TERM_UL_SHIFT);
			break;
		}
		case 5: case 6: p->attr |= TERM_ATTR_BLINK; break;
		case 7: p->attr |= TERM_ATTR_INVERSE; break;
		case 8: p->attr |= TERM_ATTR_HIDDEN; break;
		case 9: p->attr |= TERM_ATTR_STRIKE; break;
		case 21: p->fg = (p->fg & ~TERM_UL_MASK) | (2u << TERM_UL_SHIFT); break;
		case 22: p->attr &= ~(TERM_ATTR_BOLD | TERM_ATTR_FAINT); break;
		case 23: p->attr &= ~TERM_ATTR_ITALIC; break;
		case 24: p->fg &= ~TERM_UL_MASK; break;
		case 25: p->attr &= ~TERM_ATTR_BLINK; break;
		case 27: p->attr &= ~TERM_ATTR_INVERSE; break;
		case 28: p->attr &= ~TERM_ATTR_HIDDEN; break;
		case 29: p->attr &= ~TERM_ATTR_STRIKE; break;
		case 30: case 31: case 32: case 33: case 34: case 35: case 36: case 37:
			p->fg = (p->fg & ~TERM_COLOR_MASK) | term_color_index((uint32_t)(a - 30));
			break;
		case 38: case 48: case 58: {
			if (!c->more[i] && i + 2 < c->nargs && c->args[i + 1] == 5 && !c->more[i + 1] &&
			    (uint32_t)c->args[i + 2] < 256) {
				/* the common 256-colour form, without the general parser below */
				col = term_color_index((uint32_t)c->args[i + 2]);
				if (a == 38)
					p->fg = (p->fg & ~TERM_COLOR_MASK) | col;
				else if (a == 48)
					p->bg = (p->bg & ~TERM_COLOR_MASK) | col;
				i += 2;
				break;
			}
			unsigned j = i + 1;
			bool ok = ext_color(c, &j, &col);
			if (ok && a == 38)
				p->fg = (p->fg & ~TERM_COLOR_MASK) | col;
			else if (ok && a == 48)
				p->bg = (p->bg & ~TERM_COLOR_MASK) | col;
			i = j < c->nargs ? j : c->nargs - 1u;
			break;
		}
		case 39: p->fg &= ~TERM_COLOR_MASK; break;
		case 40: case 41: case 42: case 43: case 44: case 45: case 46: case 47:
			p->bg = (p->bg & ~TERM_COLOR_MASK) | term_color_index((uint32_t)(a - 40));
			break;
		case 49: p->bg &= ~TERM_COLOR_MASK; break;
		case 90: case 91: case 92: case 93: case 94: case 95: case 96: case 97:
			p->fg = (p->fg & ~TERM_COLOR_MASK) | term_color_index((uint32_t)(a - 90 + 8));
			break;
		case 100: case 101: case 102: case 103: case 104: case 105: case 106: case 107:
			p->bg = (p->bg & ~TERM_COLOR_MASK) | term_color_index((uint32_t)(a - 100 + 8));
			break;
		case 73: case 74: case 75:
			p->bg = (p->bg & ~TERM_BG_BASELINE_MASK) |
				(a == 75 ? 0 : (uint32_t)(a - 72) << TERM_BG_BASELINE_SHIFT);
			break;
		case 10: case 11: case 12: case 13: case 14: case 15: case 16: case 17: case 18: case 19:
			p->fg = (p->fg & ~TERM_FONT_MASK) | (uint32_t)(a - 10) << TERM_FONT_SHIFT;
			break;
		default:
			break;
		}
		while (i < c->nargs && c->more[i])
			i++;        /* sub-parameters not consumed above */
	}
}

void term_state_sgr(struct term *t, const struct term_csi *c)
{
	if (!term_state_sgr_fast(t, c))
		sgr_slow(t, c);
	if (t->bold_bright && (t->pen.attr & TERM_ATTR_BOLD) &&
	    (t->pen.fg & TERM_COLOR_MASK) >= TERM_COLOR_INDEX && (t->pen.fg & TERM_COLOR_MASK) < TERM_COLOR_INDEX + 8)
		t->pen.fg += 8;                 /* SGR 1 with 30-37: the bright colour */
}

static size_t put_code(char *buf, size_t n, size_t max, int v)
{
	char tmp[12];
	size_t k = term_state_put_num(tmp, v);

	if (n + k + 1 > max)
		return n;
	if (n)
		buf[n++] = ';';
	memcpy(buf + n, tmp, k);
	return n + k;
}

static size_t put_color(char *buf, size_t n, size_t max, uint32_t c, int base)
{
	uint32_t v = c & TERM_COLOR_VALUE_MASK;

	switch (c & TERM_COLOR_KIND_MASK) {
	case TERM_COLOR_INDEX:
		if (v < 8)
			return put_code(buf, n, max, base + (int)v);
		if (v < 16)
			return put_code(buf, n, max, base + 60 + (int)v - 8);
		n = put_code(buf, n, max, base + 8);
		n = put_code(buf, n, max, 5);
		return put_code(buf, n, max, (int)v);
	case TERM_COLOR_RGB:
		n = put_code(buf, n, max, base + 8);
		n = put_code(buf, n, max, 2);
		n = put_code(buf, n, max, (int)(v >> 16));
		n = put_code(buf, n, max, (int)(v >> 8 & 0xff));
		return put_code(buf, n, max, (int)(v & 0xff));
	default:
		return n;
	}
}

size_t term_state_sgr_string(const struct term *t, char *buf, size_t max)
{
	static const struct { uint32_t bit; int code; } attrs[] = {
		{ TERM_ATTR_BOLD, 1 }, { TERM_ATTR_FAINT, 2 }, { TERM_ATTR_ITALIC, 3 }, { TERM_ATTR_BLINK, 5 },
		{ TERM_ATTR_INVERSE, 7 }, { TERM_ATTR_HIDDEN, 8 }, { TERM_ATTR_STRIKE, 9 },
	};
	const struct term_pen *p = &t->pen;
	uint32_t ul = (p->fg & TERM_UL_MASK) >> TERM_UL_SHIFT, font = (p->fg & TERM_FONT_MASK) >> TERM_FONT_SHIFT;
	size_t n = put_code(buf, 0, max, 0);

	for (size_t i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
		if (p->attr & attrs[i].bit)
			n = put_code(buf, n, max, attrs[i].code);
		if (attrs[i].code == 3 && ul)
			n = put_code(buf, n, max, ul == 2 ? 21 : 4);
	}
	if (font)
		n = put_code(buf, n, max, 10 + (int)font);
	if (p->bg & TERM_BG_BASELINE_MASK)
		n = put_code(buf, n, max, 72 + (int)((p->bg & TERM_BG_BASELINE_MASK) >> TERM_BG_BASELINE_SHIFT));
	n = put_color(buf, n, max, p->fg & TERM_COLOR_MASK, 30);
	return put_color(buf, n, max, p->bg & TERM_COLOR_MASK, 40);
}

static void set_title(char *dst, const char *s, size_t len)
{
	if (len > TERM_TITLE_MAX - 1)
		len = TERM_TITLE_MAX - 1;
	memcpy(dst, s, len);
	dst[len] = 0;
}

void term_state_osc(void *user, const char *s, size_t n)
{
	struct term *t = user;
	size_t i = 0;
	int cmd = 0;

	while (i < n && s[i] >= '0' && s[i] <= '9' && cmd < 10000)
		cmd = cmd * 10 + (s[i++] - '0');
	if (i == 0 || (i < n && s[i] != ';'))
		return;
	if (i == n) {
		if (cmd == 104 || cmd == 105 || (cmd >= 110 && cmd <= 112))
			term_state_osc_reset_color(t, cmd, s + i, 0);
		return;
	}
	i++;
	switch (cmd) {
	case 0: set_title(t->title, s + i, n - i); set_title(t->icon, s + i, n - i); break;
	case 1: set_title(t->icon, s + i, n - i); break;
	case 2: set_title(t->title, s + i, n - i); break;
	case 4: case 5: term_state_osc_palette(t, cmd == 5, s + i, n - i); break;
	case 10: case 11: case 12: term_state_osc_dynamic(t, cmd, s + i, n - i); break;
	case 104: case 105: case 110: case 111: case 112: term_state_osc_reset_color(t, cmd, s + i, n - i); break;
	default: break;
	}
}

void term_state_dcs(void *user, const struct term_csi *hdr, const char *s, size_t n)
{
	struct term *t = user;

	/* DECRQSS (DCS $ q Pt ST); other DCS strings (sixel, DECUDK, XTGETTCAP) are ignored */
	if (!hdr->leader && hdr->ninter == 1 && hdr->inter[0] == '$' && hdr->final == 'q' && t->vt_level >= 3)
		term_state_rqss(t, s, n);
	else if (!hdr->leader && hdr->ninter == 1 && hdr->inter[0] == '+' && hdr->final == 'q')
		term_state_tcap(t, s, n);
}

/*
 * Frontend state, part 3: the pen (SGR: bold, faint, italic, underline styles, blink, inverse,
 * hidden, strike, 16/256/24-bit colours in both the ';' and the ':' sub-parameter forms, 39/49
 * defaults), OSC (window title) and the replies written to the output callback.
 */
#include "term/state.h"

#include <string.h>

void term_state_reply(struct term *t, const char *s, size_t n)
{
	if (t->output)
		t->output(t->output_user, s, n);
}

static size_t put_num(char *p, int v)
{
	char tmp[12];
	size_t n = 0, i = 0;

	if (v < 0)
		v = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		p[i++] = tmp[--n];
	return i;
}

void term_state_reply_csi(struct term *t, const char *prefix, const int *nums, int n, char final)
{
	char buf[64];
	size_t len = 0, pl = strlen(prefix);

	buf[len++] = 0x1b;
	buf[len++] = '[';
	memcpy(buf + len, prefix, pl);
	len += pl;
	for (int i = 0; i < n && i < 4; i++) {
		if (i)
			buf[len++] = ';';
		len += put_num(buf + len, nums[i]);
	}
	buf[len++] = final;
	term_state_reply(t, buf, len);
}

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
			memset(p, 0, sizeof(*p));
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
			unsigned j = i + 1;
			bool ok = ext_color(c, &j, &col);
			if (ok && a == 38)
				p->fg = (p->fg & ~TERM_COLOR_MASK) | col;
			else if (ok && a == 48)
				p->bg = col;
			i = j < c->nargs ? j : c->nargs - 1u;
			break;
		}
		case 39: p->fg &= ~TERM_COLOR_MASK; break;
		case 40: case 41: case 42: case 43: case 44: case 45: case 46: case 47:
			p->bg = term_color_index((uint32_t)(a - 40));
			break;
		case 49: p->bg = 0; break;
		case 90: case 91: case 92: case 93: case 94: case 95: case 96: case 97:
			p->fg = (p->fg & ~TERM_COLOR_MASK) | term_color_index((uint32_t)(a - 90 + 8));
			break;
		case 100: case 101: case 102: case 103: case 104: case 105: case 106: case 107:
			p->bg = term_color_index((uint32_t)(a - 100 + 8));
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
}

void term_state_osc(void *user, const char *s, size_t n)
{
	struct term *t = user;
	size_t i = 0;
	int cmd = 0;

	while (i < n && s[i] >= '0' && s[i] <= '9' && cmd < 10000)
		cmd = cmd * 10 + (s[i++] - '0');
	if (i == 0 || i >= n || s[i] != ';')
		return;
	i++;
	if (cmd == 0 || cmd == 2) {
		size_t len = n - i;
		if (len > TERM_TITLE_MAX - 1)
			len = TERM_TITLE_MAX - 1;
		memcpy(t->title, s + i, len);
		t->title[len] = 0;
	}
}

void term_state_dcs(void *user, const struct term_csi *hdr, const char *s, size_t n)
{
	(void)user;
	(void)hdr;
	(void)s;
	(void)n;
	/* no DCS requests (DECRQSS, sixel) are supported: ignored safely */
}

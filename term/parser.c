/*
 * The escape sequence state machine (see parser.h). Follows the DEC VT500 parser model: C0
 * controls execute even in the middle of a sequence, ESC restarts, CAN and SUB abort, DEL is
 * ignored. Strings (OSC, DCS, SOS/PM/APC) end at ST (ESC \ or 8-bit 0x9c) or, for OSC, BEL.
 * UTF-8 is decoded here so the state layer sees code points: bad or overlong sequences and
 * surrogates become U+FFFD, one per sequence, like libvterm.
 */
#include "term/parser.h"

#include <string.h>

enum {
	PS_GROUND,
	PS_ESC,
	PS_ESC_INTER,
	PS_CSI_ENTRY,
	PS_CSI_PARAM,
	PS_CSI_INTER,
	PS_CSI_IGNORE,
	PS_OSC,
	PS_DCS_ENTRY,
	PS_DCS_PARAM,
	PS_DCS_INTER,
	PS_DCS_PASS,
	PS_DCS_IGNORE,
	PS_SOS,
};

#define REPLACEMENT 0xFFFDu

void term_parser_init(struct term_parser *p, const struct term_parser_ops *ops, void *user)
{
	memset(p, 0, sizeof(*p));
	p->ops = ops;
	p->user = user;
	p->utf8 = true;
	p->state = PS_GROUND;
}

void term_parser_reset(struct term_parser *p)
{
	p->state = PS_GROUND;
	p->str_esc = false;
	p->utf8_need = 0;
	p->ntext = 0;
}

static void flush_text(struct term_parser *p)
{
	if (p->ntext) {
		if (p->ops->text)
			p->ops->text(p->user, p->text, p->ntext);
		p->ntext = 0;
	}
}

static void put_text(struct term_parser *p, uint32_t cp)
{
	if (p->ntext == TERM_PARSER_TEXT_MAX)
		flush_text(p);
	p->text[p->ntext++] = cp;
}

static void do_control(struct term_parser *p, uint8_t c)
{
	flush_text(p);
	if (p->ops->control)
		p->ops->control(p->user, c);
}

static void clear_seq(struct term_parser *p)
{
	p->csi.leader = 0;
	p->csi.final = 0;
	p->csi.nargs = 1;
	p->csi.ninter = 0;
	p->csi.args[0] = TERM_ARG_MISSING;
	p->csi.more[0] = false;
	p->overflow = false;
	p->slen = 0;
	p->str_esc = false;
}

static void enter(struct term_parser *p, uint8_t state)
{
	flush_text(p);
	if (state != PS_GROUND)
		clear_seq(p);
	p->state = state;
}

static void collect_inter(struct term_parser *p, uint8_t b)
{
	if (p->csi.ninter < TERM_PARSER_MAX_INTER)
		p->csi.inter[p->csi.ninter++] = (char)b;
	else
		p->overflow = true;
}

static void param_byte(struct term_parser *p, uint8_t b)
{
	struct term_csi *c = &p->csi;
	unsigned i = c->nargs - 1u;

	if (b >= '0' && b <= '9') {
		int32_t v = c->args[i] == TERM_ARG_MISSING ? 0 : c->args[i];
		v = v * 10 + (b - '0');
		c->args[i] = v > TERM_ARG_MAX ? TERM_ARG_MAX : v;
		return;
	}
	/* ';' or ':' starts a new argument; extra arguments beyond the buffer are dropped */
	if (c->nargs == TERM_PARSER_MAX_ARGS) {
		p->overflow = true;
		return;
	}
	c->more[i] = (b == ':');
	c->args[c->nargs] = TERM_ARG_MISSING;
	c->more[c->nargs] = false;
	c->nargs++;
}

static void str_byte(struct term_parser *p, uint8_t b)
{
	if (p->slen < TERM_PARSER_STR_MAX)
		p->str[p->slen++] = (char)b;
}

static void dispatch_string(struct term_parser *p)
{
	if (p->state == PS_OSC && p->ops->osc)
		p->ops->osc(p->user, p->str, p->slen);
	else if (p->state == PS_DCS_PASS && p->ops->dcs)
		p->ops->dcs(p->user, &p->csi, p->str, p->slen);
	p->state = PS_GROUND;
}

static bool in_string(uint8_t s)
{
	return s == PS_OSC || s == PS_DCS_PASS || s == PS_DCS_IGNORE || s == PS_SOS;
}

static void step(struct term_parser *p, uint8_t b);

/* An 8-bit C1 control (only reached in 8-bit mode, or via ESC Fe). */
static void c1(struct term_parser *p, uint8_t b)
{
	switch (b) {
	case 0x9b: enter(p, PS_CSI_ENTRY); break;
	case 0x9d: enter(p, PS_OSC); break;
	case 0x90: enter(p, PS_DCS_ENTRY); break;
	case 0x98: case 0x9e: case 0x9f: enter(p, PS_SOS); break;
	case 0x9c: enter(p, PS_GROUND); break;
	default:
		p->state = PS_GROUND;
		do_control(p, b);
		break;
	}
}

static void escape_final(struct term_parser *p, uint8_t b)
{
	if (p->state == PS_ESC && b >= 0x40 && b <= 0x5f) {
		/* ESC Fe is the 7-bit form of a C1 control */
		c1(p, (uint8_t)(b + 0x40));
		return;
	}
	p->state = PS_GROUND;
	if (!p->overflow && p->ops->escape)
		p->ops->escape(p->user, p->csi.inter, p->csi.ninter, (char)b);
}

static void csi_final(struct term_parser *p, uint8_t b)
{
	bool dcs = p->state >= PS_DCS_ENTRY;

	p->csi.final = (char)b;
	if (dcs) {
		p->state = PS_DCS_PASS;
		p->slen = 0;
		return;
	}
	p->state = PS_GROUND;
	if (p->ops->csi)
		p->ops->csi(p->user, &p->csi);
}

/* CSI and DCS headers share the entry/param/intermediate logic. */
static void header_byte(struct term_parser *p, uint8_t b)
{
	bool dcs = p->state >= PS_DCS_ENTRY;
	uint8_t s_param = dcs ? PS_DCS_PARAM : PS_CSI_PARAM;
	uint8_t s_inter = dcs ? PS_DCS_INTER : PS_CSI_INTER;
	uint8_t s_ignore = dcs ? PS_DCS_IGNORE : PS_CSI_IGNORE;
	bool entry = p->state == PS_CSI_ENTRY || p->state == PS_DCS_ENTRY;
	bool inter = p->state == PS_CSI_INTER || p->state == PS_DCS_INTER;

	if (b >= 0x40 && b <= 0x7e) {
		csi_final(p, b);
	} else if (b >= 0x20 && b <= 0x2f) {
		collect_inter(p, b);
		p->state = s_inter;
	} else if (inter) {
		p->state = s_ignore;             /* parameter byte after an intermediate */
	} else if (b >= 0x3c && b <= 0x3f) {
		if (entry) {
			p->csi.leader = (char)b;
			p->state = s_param;
		} else {
			p->state = s_ignore;
		}
	} else {
		param_byte(p, b);               /* digits, ';' and ':' */
		p->state = s_param;
	}
}

static void utf8_byte(struct term_parser *p, uint8_t b)
{
	if (p->utf8_need) {
		if ((b & 0xc0) == 0x80) {
			p->utf8_cp = (p->utf8_cp << 6) | (b & 0x3f);
			if (--p->utf8_need)
				return;
			uint32_t cp = p->utf8_cp;
			if ((p->utf8_len == 2 && cp < 0x80) || (p->utf8_len == 3 && cp < 0x800) ||
			    (p->utf8_len == 4 && cp < 0x10000) || cp > 0x10ffff ||
			    (cp >= 0xd800 && cp <= 0xdfff))
				cp = REPLACEMENT;
			if (cp >= 0x80 && cp < 0xa0)
				return;         /* C1 code points as UTF-8 are dropped */
			put_text(p, cp);
			return;
		}
		/* an interrupted sequence: one replacement, then the byte on its own */
		p->utf8_need = 0;
		put_text(p, REPLACEMENT);
		if (b < 0x80) {
			step(p, b);
			return;
		}
	}
	if (b >= 0xc2 && b <= 0xdf) {
		p->utf8_need = 1;
		p->utf8_cp = b & 0x1f;
	} else if (b >= 0xe0 && b <= 0xef) {
		p->utf8_need = 2;
		p->utf8_cp = b & 0x0f;
	} else if (b >= 0xf0 && b <= 0xf4) {
		p->utf8_need = 3;
		p->utf8_cp = b & 0x07;
	} else {
		put_text(p, REPLACEMENT);       /* stray continuation, C0/C1, F5-FF */
		return;
	}
	p->utf8_len = (uint8_t)(p->utf8_need + 1);
}

static void step(struct term_parser *p, uint8_t b)
{
	uint8_t s = p->state;

	if (s == PS_GROUND && p->utf8_need && b >= 0x20) {
		utf8_byte(p, b);
		return;
	}
	if (p->utf8_need) {
		/* a control interrupts a partial UTF-8 sequence */
		p->utf8_need = 0;
		put_text(p, REPLACEMENT);
	}

	if (in_string(s)) {
		if (p->str_esc) {
			p->str_esc = false;
			if (b == '\\') {
				dispatch_string(p);
				return;
			}
			/* ESC then something else: the string ends, the escape continues */
			dispatch_string(p);
			enter(p, PS_ESC);
			step(p, b);
			return;
		}
		if (b == 0x1b) {
			p->str_esc = true;
		} else if (b == 0x18 || b == 0x1a) {
			p->state = PS_GROUND;
		} else if (b == 0x07 && s == PS_OSC) {
			dispatch_string(p);
		} else if (b == 0x9c && !p->utf8) {
			dispatch_string(p);
		} else if (b >= 0x20 || (b >= 0x08 && b <= 0x0d && s == PS_DCS_PASS)) {
			if (s == PS_OSC || s == PS_DCS_PASS)
				str_byte(p, b);
		}
		return;
	}

	/* C0 controls act anywhere outside strings */
	if (b < 0x20) {
		if (b == 0x1b)
			enter(p, PS_ESC);
		else if (b == 0x18 || b == 0x1a)
			enter(p, PS_GROUND);
		else
			do_control(p, b);
		return;
	}
	if (b == 0x7f)
		return;
	if (b >= 0x80) {
		if (!p->utf8 && b < 0xa0) {
			c1(p, b);
			return;
		}
		if (s != PS_GROUND) {
			/* non-ASCII inside a sequence: abandon the sequence */
			p->state = PS_GROUND;
		}
		if (p->utf8)
			utf8_byte(p, b);
		else
			put_text(p, b);
		return;
	}

	switch (s) {
	case PS_GROUND:
		put_text(p, b);
		break;
	case PS_ESC:
		if (b == '[')
			enter(p, PS_CSI_ENTRY);
		else if (b == ']')
			enter(p, PS_OSC);
		else if (b == 'P')
			enter(p, PS_DCS_ENTRY);
		else if (b == 'X' || b == '^' || b == '_')
			enter(p, PS_SOS);
		else if (b <= 0x2f) {
			collect_inter(p, b);
			p->state = PS_ESC_INTER;
		} else
			escape_final(p, b);
		break;
	case PS_ESC_INTER:
		if (b <= 0x2f)
			collect_inter(p, b);
		else
			escape_final(p, b);
		break;
	case PS_CSI_IGNORE:
		if (b >= 0x40)
			p->state = PS_GROUND;
		break;
	default:
		if (p->overflow && b >= 0x40 && (s == PS_CSI_INTER || s == PS_DCS_INTER)) {
			p->state = s >= PS_DCS_ENTRY ? PS_DCS_IGNORE : PS_GROUND;
			break;
		}
		header_byte(p, b);
		break;
	}
}

/* Up to four leading decimal digits of q (4 readable bytes) at once: returns how many there
 * are and their value (SWAR: no branch per digit). */
static inline unsigned swar_digits(const uint8_t *q, uint32_t *val)
{
	uint32_t w, x, nondigit;
	unsigned n;

	memcpy(&w, q, 4);
	x = w ^ 0x30303030u;                    /* digits become 0..9 */
	nondigit = (((x & 0x7f7f7f7fu) + 0x76767676u) | x) & 0x80808080u;
	n = nondigit ? (unsigned)__builtin_ctz(nondigit) >> 3 : 4;
	if (n == 0) {
		*val = 0;
		return 0;
	}
	x <<= 8 * (4 - n);                      /* right-align: missing digits are leading zeros */
	x = ((x & 0x0f0f0f0fu) * 2561u) >> 8;   /* pairs of digits */
	x = ((x & 0x00ff00ffu) * 6553601u) >> 16;
	*val = x;
	return n;
}

/* The parameters and final byte of a CSI, if they lie within the 8 bytes at q, parsed from one
 * 64-bit load: the non-digit bytes are found all at once (SWAR), so no load waits on the length
 * of the previous number. Fills c->args/more from *nargs on; returns the bytes consumed through
 * the final byte, or 0 if the final byte is not there or anything unusual shows up. */
static inline size_t csi_window(const uint8_t *q, struct term_csi *c, unsigned *nargs, uint8_t *final)
{
	uint64_t w, x, nondigit;
	unsigned start = 0, na = *nargs;

	memcpy(&w, q, 8);
	x = w ^ 0x3030303030303030ull;
	nondigit = (((x & 0x7f7f7f7f7f7f7f7full) + 0x7676767676767676ull) | x) & 0x8080808080808080ull;
	while (nondigit) {
		unsigned pos = (unsigned)__builtin_ctzll(nondigit) >> 3;
		unsigned n = pos - start;
		uint8_t sep = (uint8_t)(w >> (8 * pos));
		int32_t arg = TERM_ARG_MISSING;

		if (n > 4)
			return 0;
		if (n) {
			uint32_t d = (uint32_t)(x >> (8 * start)) << (8 * (4 - n));
			d = ((d & 0x0f0f0f0fu) * 2561u) >> 8;
			d = ((d & 0x00ff00ffu) * 6553601u) >> 16;
			arg = (int32_t)d;
		}
		if (sep == ';' || sep == ':') {
			if (na == TERM_PARSER_MAX_ARGS - 1)
				return 0;
			c->args[na] = arg;
			c->more[na++] = sep == ':';
		} else if (sep >= 0x40 && sep <= 0x7e) {
			c->args[na] = arg;
			c->more[na] = false;
			*nargs = na + 1;
			*final = sep;
			return pos + 1;
		} else {
			return 0;
		}
		start = pos + 1;
		nondigit &= nondigit - 1;
	}
	return 0;
}

/* Hot path for a complete "ESC [ [leader] params final" inside buf: parsed and dispatched in
 * one tight loop. Returns the bytes consumed, or 0 to let the byte-wise machine handle it
 * (intermediates, controls inside, too many arguments, or the sequence not complete). */
static size_t fast_csi(struct term_parser *p, const uint8_t *b, size_t len)
{
	struct term_csi *c = &p->csi;
	unsigned nargs = 0;
	size_t i = 2;
	char leader = 0;

	if (len < 3 || b[1] != '[')
		return 0;
	if (b[2] >= 0x3c && b[2] <= 0x3f)
		leader = (char)b[i++];
	/* 256-colour SGR prefixes ("38;5;" / "48;5;") are common enough to match whole */
	if (len - i >= 8 && (b[i] == '3' || b[i] == '4') && memcmp(b + i + 1, "8;5;", 4) == 0) {
		c->args[0] = b[i] == '3' ? 38 : 48;
		c->args[1] = 5;
		c->more[0] = c->more[1] = false;
		nargs = 2;
		i += 5;
	}
	if (len - i >= 8) {
		unsigned na = nargs;
		uint8_t fin;
		size_t k = csi_window(b + i, c, &na, &fin);
		if (k) {
			c->nargs = (uint8_t)na;
			c->leader = leader;
			c->ninter = 0;
			c->final = (char)fin;
			flush_text(p);
			if (p->ops->csi)
				p->ops->csi(p->user, c);
			return i + k;
		}
	}
	for (;;) {
		uint32_t v = 0, d;
		unsigned nd = 0;
		bool swar = len - i >= 4;

		if (swar) {
			nd = swar_digits(b + i, &v);
			i += nd;
		}
		if (!swar || nd == 4) {
			while (i < len && (d = (uint32_t)b[i] - '0') < 10) {
				if (nd < 9)
					v = v * 10 + d;
				nd++;
				i++;
			}
			if (nd > 5 || v > TERM_ARG_MAX)
				v = TERM_ARG_MAX;
		}
		if (i >= len)
			return 0;
		uint8_t x = b[i++];
		int32_t arg = nd ? (int32_t)v : TERM_ARG_MISSING;  /* SWAR alone: at most 9999 */
		if (x == ';' || x == ':') {
			if (nargs == TERM_PARSER_MAX_ARGS - 1)
				return 0;
			c->args[nargs] = arg;
			c->more[nargs++] = x == ':';
		} else if (x >= 0x40 && x <= 0x7e) {
			c->args[nargs] = arg;
			c->more[nargs] = false;
			c->nargs = (uint8_t)(nargs + 1);
			c->leader = leader;
			c->ninter = 0;
			c->final = (char)x;
			flush_text(p);
			if (p->ops->csi)
				p->ops->csi(p->user, c);
			return i;
		} else {
			return 0;
		}
	}
}

/* Hot path for one complete, valid UTF-8 sequence at b; returns its length or 0. */
static size_t fast_utf8(struct term_parser *p, const uint8_t *b, size_t len)
{
	uint8_t x = b[0];
	uint32_t cp;

	if (x >= 0xc2 && x <= 0xdf) {
		if (len < 2 || (b[1] & 0xc0) != 0x80)
			return 0;
		cp = ((uint32_t)(x & 0x1f) << 6) | (b[1] & 0x3f);
		if (cp >= 0xa0)
			put_text(p, cp);
		return 2;
	}
	if (x >= 0xe0 && x <= 0xef) {
		if (len < 3 || (b[1] & 0xc0) != 0x80 || (b[2] & 0xc0) != 0x80)
			return 0;
		cp = ((uint32_t)(x & 0x0f) << 12) | ((uint32_t)(b[1] & 0x3f) << 6) | (b[2] & 0x3f);
		if (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		put_text(p, cp);
		return 3;
	}
	if (x >= 0xf0 && x <= 0xf4) {
		if (len < 4 || (b[1] & 0xc0) != 0x80 || (b[2] & 0xc0) != 0x80 || (b[3] & 0xc0) != 0x80)
			return 0;
		cp = ((uint32_t)(x & 0x07) << 18) | ((uint32_t)(b[1] & 0x3f) << 12) |
		     ((uint32_t)(b[2] & 0x3f) << 6) | (b[3] & 0x3f);
		if (cp < 0x10000 || cp > 0x10ffff)
			return 0;
		put_text(p, cp);
		return 4;
	}
	return 0;
}

void term_parser_feed(struct term_parser *p, const uint8_t *buf, size_t len)
{
	size_t i = 0;

	while (i < len) {
		if (p->state != PS_GROUND || p->utf8_need) {
			step(p, buf[i++]);
			continue;
		}
		/* ground state hot loop: ASCII runs, whole CSIs, whole UTF-8 sequences, C0 */
		for (;;) {
			size_t n = p->ntext;
			while (i < len && buf[i] >= 0x20 && buf[i] < 0x7f) {
				if (n == TERM_PARSER_TEXT_MAX) {
					p->ntext = n;
					flush_text(p);
					n = 0;
				}
				p->text[n++] = buf[i++];
			}
			p->ntext = n;
			if (i == len)
				goto done;
			uint8_t x = buf[i];
			size_t k = 0;
			if (x == 0x1b) {
				k = fast_csi(p, buf + i, len - i);
			} else if (x < 0x20 && x != 0x18 && x != 0x1a) {
				do_control(p, x);
				k = 1;
			} else if (x >= 0xc2 && p->utf8) {
				k = fast_utf8(p, buf + i, len - i);
			}
			if (!k)
				break;
			i += k;
		}
		step(p, buf[i++]);
	}
done:
	flush_text(p);
}

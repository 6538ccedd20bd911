/*
 * The escape sequence state machine (see parser.h). Follows the DEC VT500 parser model: C0
 * controls execute even in the middle of a sequence, ESC restarts, CAN and SUB abort, DEL is
 * ignored. Strings (OSC, DCS, SOS/PM/APC) end at ST (ESC \ or 8-bit 0x9c) or, for OSC, BEL.
 * UTF-8 is decoded here so the state layer sees code points: bad or overlong sequences and
 * surrogates become U+FFFD, one per sequence, like libvterm.
 */
#include "term/parser_internal.h"

#include <string.h>

void term_parser_init(struct term_parser *p, const struct term_parser_ops *ops, void *user)
{
	memset(p, 0, sizeof(*p));
	p->ops = ops;
	p->user = user;
	p->utf8 = true;
	p->c1_utf8 = true;
	p->state = PS_GROUND;
}

void term_parser_reset(struct term_parser *p)
{
	p->state = PS_GROUND;
	p->str_esc = false;
	p->utf8_need = 0;
	p->drop_utf8 = false;
	p->ntext = 0;
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
	term_parser_flush_text(p);
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
		term_parser_control(p, b);
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
			if (p->drop_utf8) {
				p->drop_utf8 = false;   /* arrived inside a sequence: not text */
				return;
			}
			if (cp >= 0x80 && cp < 0xa0) {
				if (p->c1_utf8)
					c1(p, (uint8_t)cp);     /* as xterm: U+0080-U+009F are the C1 controls */
				return;
			}
			term_parser_put_text(p, cp);
			return;
		}
		/* an interrupted sequence: one replacement, then the byte on its own */
		p->utf8_need = 0;
		p->drop_utf8 = false;
		term_parser_put_text(p, REPLACEMENT);
		if (b < 0x80) {
			term_parser_step(p, b);
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
		term_parser_put_text(p, REPLACEMENT);       /* stray continuation, C0/C1, F5-FF */
		return;
	}
	p->utf8_len = (uint8_t)(p->utf8_need + 1);
}

void term_parser_step(struct term_parser *p, uint8_t b)
{
	uint8_t s = p->state;

	if (s == PS_GROUND && p->utf8_need && b >= 0x20) {
		utf8_byte(p, b);
		return;
	}
	if (p->utf8_need) {
		/* a control interrupts a partial UTF-8 sequence */
		p->utf8_need = 0;
		if (!p->drop_utf8)
			term_parser_put_text(p, REPLACEMENT);
		p->drop_utf8 = false;
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
			term_parser_step(p, b);
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
			term_parser_control(p, b);
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
			/* non-ASCII inside a sequence: abandon the sequence; the character is not
			 * printed either (a UTF-8 lead byte's whole character is dropped) */
			p->state = PS_GROUND;
			if (p->utf8 && b >= 0xc2 && b <= 0xf4) {
				p->drop_utf8 = true;
				utf8_byte(p, b);
			}
			return;
		}
		if (p->utf8)
			utf8_byte(p, b);
		else
			term_parser_put_text(p, b);
		return;
	}

	switch (s) {
	case PS_GROUND:
		term_parser_put_text(p, b);
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

/*
 * The parser's hot paths (see parser.h): while in the ground state, runs of printable ASCII, C0
 * controls, complete UTF-8 sequences (a run of mixed text decoded with no branch on each
 * sequence's length) and complete CSI sequences are handled here without going
 * through the byte-wise state machine (parser.c), which takes over for everything else, including
 * sequences split across writes. CSI parameters are parsed 8 bytes at a time (each window's
 * separators found at once, its numbers converted without a branch per digit); elsewhere numbers
 * are read four digits at a time (SWAR). test_term_parser checks that these paths and the state machine agree.
 */
#include "term/parser_internal.h"

#include <string.h>

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

/* The parameters and final byte of a CSI of any length at q (len readable bytes), read one
 * 8-byte window at a time: each window's separators are found at once (SWAR) and its numbers
 * converted without a branch per digit; a number cut by the window end is read again from the
 * next window, which starts where it does. Returns the bytes consumed through the final byte, or
 * 0 (a number of more than 4 digits, an unusual byte, too many arguments, or too close to the
 * end of the buffer: the caller's loop handles those). */
static inline size_t csi_params(const uint8_t *q, size_t len, struct term_csi *c, unsigned *nargs,
				uint8_t *final)
{
	size_t base = 0;
	unsigned na = *nargs;

	while (base + 8 <= len) {
		uint64_t w, x, nondigit;
		unsigned start = 0;

		memcpy(&w, q + base, 8);
		x = w ^ 0x3030303030303030ull;
		nondigit = (((x & 0x7f7f7f7f7f7f7f7full) + 0x7676767676767676ull) | x) & 0x8080808080808080ull;
		if (!nondigit)
			return 0;
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
				return base + pos + 1;
			} else {
				return 0;
			}
			start = pos + 1;
			nondigit &= nondigit - 1;
		}
		base += start;
	}
	return 0;
}

/* "digits ; digits H" (CUP with both arguments, each 1-4 digits) within the 8 bytes at q, the
 * commonest CSI with arguments: both numbers are converted at once in one 64-bit SWAR pass.
 * Returns the bytes consumed through the 'H', or 0 if q holds anything else. */
static inline size_t csi_cup(const uint8_t *q, int32_t *row, int32_t *col)
{
	uint64_t w, x, nondigit, v;
	unsigned p1, p2, n1, n2;

	memcpy(&w, q, 8);
	x = w ^ 0x3030303030303030ull;
	nondigit = (((x & 0x7f7f7f7f7f7f7f7full) + 0x7676767676767676ull) | x) & 0x8080808080808080ull;
	if (!nondigit)
		return 0;
	p1 = (unsigned)__builtin_ctzll(nondigit) >> 3;
	nondigit &= nondigit - 1;
	if (!nondigit)
		return 0;
	p2 = (unsigned)__builtin_ctzll(nondigit) >> 3;
	n1 = p1;
	n2 = p2 - p1 - 1;
	if (n1 - 1 > 3 || n2 - 1 > 3 || (uint8_t)(w >> (8 * p1)) != ';' || (uint8_t)(w >> (8 * p2)) != 'H')
		return 0;
	/* right-align each number in its 32-bit half (missing digits are leading zeros) */
	v = (uint64_t)((uint32_t)x << (8 * (4 - n1))) |
	    (uint64_t)((uint32_t)(x >> (8 * (p1 + 1))) << (8 * (4 - n2))) << 32;
	v = ((v & 0x0f0f0f0f0f0f0f0full) * 2561u) >> 8;                 /* pairs of digits */
	v = ((v & 0x00ff00ff00ff00ffull) * 6553601u) >> 16;             /* four digits */
	*row = (int32_t)(v & 0xffff);
	*col = (int32_t)((v >> 32) & 0xffff);
	return p2 + 1;
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
	/* CUP with both arguments is as common: checked first (but not over an SGR "38;5;") */
	if (len >= 10 && memcmp(b + 3, "8;5;", 4) != 0) {
		int32_t row, col;
		size_t k = csi_cup(b + 2, &row, &col);
		if (k) {
			c->args[0] = row;
			c->args[1] = col;
			c->more[0] = c->more[1] = false;
			c->nargs = 2;
			c->leader = 0;
			c->ninter = 0;
			c->final = 'H';
			term_parser_flush_text(p);
			if (p->ops->csi)
				p->ops->csi(p->user, c);
			return 2 + k;
		}
	}
	if (b[2] >= 0x3c && b[2] <= 0x3f)
		leader = (char)b[i++];
	/* 256-colour SGR prefixes ("38;5;" / "48;5;") are common enough to match whole, and so is
	 * "38;5;N;48;5;M;..." (fg and bg in one SGR): each "[34]8;5;N;" is taken in one step */
	while (len - i >= 8 && (b[i] == '3' || b[i] == '4') && memcmp(b + i + 1, "8;5;", 4) == 0 &&
	       nargs < TERM_PARSER_MAX_ARGS - 4) {
		uint32_t v;
		unsigned nd;
		c->args[nargs] = b[i] == '3' ? 38 : 48;
		c->args[nargs + 1] = 5;
		c->more[nargs] = c->more[nargs + 1] = false;
		nargs += 2;
		i += 5;
		if (len - i < 8)
			break;
		nd = swar_digits(b + i, &v);
		if (nd == 0 || nd == 4 || b[i + nd] != ';')
			break;                  /* the number ends the sequence: parsed below */
		c->args[nargs] = (int32_t)v;
		c->more[nargs++] = false;
		i += nd + 1;
	}
	if (len - i >= 8) {
		unsigned na = nargs;
		uint8_t fin;
		size_t k = csi_params(b + i, len - i, c, &na, &fin);
		if (k) {
			c->nargs = (uint8_t)na;
			c->leader = leader;
			c->ninter = 0;
			c->final = (char)fin;
			term_parser_flush_text(p);
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
			/* Saturate on the value, as the byte-wise parser does: leading zeros are no
			 * reason to clamp ("012345" is 12345 however the bytes arrive). */
			while (i < len && (d = (uint32_t)b[i] - '0') < 10) {
				v = v * 10 + d;
				if (v > TERM_ARG_MAX)
					v = TERM_ARG_MAX;
				nd++;
				i++;
			}
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
			term_parser_flush_text(p);
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
		if (cp < 0xa0 && p->c1_utf8)
			return 0;               /* a C1 control: the state machine acts on it */
		if (cp >= 0xa0)
			term_parser_put_text(p, cp);
		return 2;
	}
	if (x >= 0xe0 && x <= 0xef) {
		if (len < 3 || (b[1] & 0xc0) != 0x80 || (b[2] & 0xc0) != 0x80)
			return 0;
		cp = ((uint32_t)(x & 0x0f) << 12) | ((uint32_t)(b[1] & 0x3f) << 6) | (b[2] & 0x3f);
		if (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		term_parser_put_text(p, cp);
		return 3;
	}
	if (x >= 0xf0 && x <= 0xf4) {
		if (len < 4 || (b[1] & 0xc0) != 0x80 || (b[2] & 0xc0) != 0x80 || (b[3] & 0xc0) != 0x80)
			return 0;
		cp = ((uint32_t)(x & 0x07) << 18) | ((uint32_t)(b[1] & 0x3f) << 12) |
		     ((uint32_t)(b[2] & 0x3f) << 6) | (b[3] & 0x3f);
		if (cp < 0x10000 || cp > 0x10ffff)
			return 0;
		term_parser_put_text(p, cp);
		return 4;
	}
	return 0;
}

/* Decoding of one UTF-8 sequence by its length n (0: not a lead byte): the lead byte's payload
 * mask and shift, the continuation bytes' shift, their required pattern, and the range of code
 * points it may encode here (printable ASCII; U+00A0 up, the C1 range being the state
 * machine's; no overlong forms; surrogates are excluded separately). */
struct utf8_form {
	uint8_t lmask, lshift, cshift;
	uint32_t cmask, cval, min, max;
};

static const struct utf8_form utf8_forms[5] = {
	{ 0, 0, 0, 0xffffffffu, 0, 0, 0 },     /* never matches: b0 >= 0x80 makes the word nonzero */
	{ 0x7f, 0, 18, 0, 0, 0x20, 0x7e },
	{ 0x1f, 6, 12, 0x00c00000u, 0x00800000u, 0xa0, 0x7ff },
	{ 0x0f, 12, 6, 0x00c0c000u, 0x00808000u, 0x800, 0xffff },
	{ 0x07, 18, 0, 0x00c0c0c0u, 0x00808080u, 0x10000, 0x10ffff },
};

/* Length of a sequence by its first byte's top 5 bits. */
static const uint8_t utf8_len[32] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 3, 3, 4, 0,
};

/* Mixed text (printable ASCII and valid UTF-8 of any length) at b, decoded with no branch on the
 * sequence length, while 4 bytes can be read. Stops at anything else (controls, ESC, invalid or
 * C1 sequences, the last 3 bytes) and returns the bytes consumed. */
static size_t fast_text(struct term_parser *p, const uint8_t *b, size_t len)
{
	size_t i = 0, n = p->ntext;

	while (i + 4 <= len) {
		uint32_t w, be, cont, cp;
		memcpy(&w, b + i, 4);
		be = __builtin_bswap32(w);
		unsigned k = utf8_len[(w & 0xff) >> 3];
		const struct utf8_form *f = &utf8_forms[k];
		cont = (be >> 16 & 0x3f) << 12 | (be >> 8 & 0x3f) << 6 | (be & 0x3f);
		cp = (w & f->lmask) << f->lshift | cont >> f->cshift;
		if ((be & f->cmask) != f->cval || cp - f->min > f->max - f->min || cp - 0xd800u < 0x800u)
			break;
		if (n == TERM_PARSER_TEXT_MAX) {
			p->ntext = n;
			term_parser_flush_text(p);
			n = 0;
		}
		p->text[n++] = cp;
		i += k;
	}
	p->ntext = n;
	return i;
}

void term_parser_feed(struct term_parser *p, const uint8_t *buf, size_t len)
{
	size_t i = 0;

	while (i < len) {
		if (p->state != PS_GROUND || p->utf8_need) {
			term_parser_step(p, buf[i++]);
			continue;
		}
		/* ground state hot loop: ASCII runs, whole CSIs, whole UTF-8 sequences, C0 */
		for (;;) {
			size_t n = p->ntext;
			while (i < len && buf[i] >= 0x20 && buf[i] < 0x7f) {
				if (n == TERM_PARSER_TEXT_MAX) {
					p->ntext = n;
					term_parser_flush_text(p);
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
				term_parser_control(p, x);
				k = 1;
			} else if (x >= 0xc2 && p->utf8) {
				k = fast_text(p, buf + i, len - i);
				if (!k)
					k = fast_utf8(p, buf + i, len - i);
			}
			if (!k)
				break;
			i += k;
		}
		term_parser_step(p, buf[i++]);
	}
done:
	term_parser_flush_text(p);
}


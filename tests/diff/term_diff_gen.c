/*
 * Generator for the differential tests (see term_diff_gen.h). Inputs known to crash or hang
 * libvterm 0.1.4 are never produced: no CSI with more than 16 parameters, no REP before any
 * printable character before it (each REP token starts with its own character).
 */
#include "tests/diff/term_diff_gen.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

uint32_t gen_rand(struct gen_rng *r, uint32_t n)
{
	r->s ^= r->s << 13;
	r->s ^= r->s >> 7;
	r->s ^= r->s << 17;
	return n ? (uint32_t)(r->s % n) : 0;
}

static int utf8_enc(uint32_t cp, char *o)
{
	if (cp < 0x80) { o[0] = (char)cp; return 1; }
	if (cp < 0x800) { o[0] = (char)(0xc0 | (cp >> 6)); o[1] = (char)(0x80 | (cp & 0x3f)); return 2; }
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | (cp >> 12)); o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f)); return 3;
	}
	o[0] = (char)(0xf0 | (cp >> 18)); o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3f)); o[3] = (char)(0x80 | (cp & 0x3f)); return 4;
}

/* A CSI parameter: mostly small, sometimes missing or 0. */
static int param(struct gen_rng *r, char *o, int max)
{
	uint32_t k = gen_rand(r, 10);
	if (k == 0)
		return 0;
	return sprintf(o, "%u", k == 1 ? 0 : gen_rand(r, (uint32_t)max) + 1);
}

static int csi1(struct gen_rng *r, char *o, const char *lead, char final, int max)
{
	int n = sprintf(o, "\x1b[%s", lead);
	n += param(r, o + n, max);
	o[n++] = final;
	return n;
}

static int gen_text(struct gen_rng *r, char *o, bool *printed)
{
	int n = 1 + (int)gen_rand(r, 30);
	for (int i = 0; i < n; i++)
		o[i] = (char)(0x20 + gen_rand(r, 95));
	*printed = true;
	return n;
}

static int gen_utf8(struct gen_rng *r, char *o, bool *printed, bool insert)
{
	static const uint32_t ranges[][2] = {
		{ 0xc0, 0xff }, { 0x391, 0x3c9 }, { 0x410, 0x44f }, { 0x4e00, 0x9fff },
		{ 0xac00, 0xd7a3 }, { 0xff01, 0xff5e }, { 0x2500, 0x257f }, { 0x3041, 0x3096 },
	};
	int n = 0, k = 1 + (int)gen_rand(r, 5);
	for (int i = 0; i < k; i++) {
		const uint32_t *rg = ranges[gen_rand(r, sizeof(ranges) / sizeof(ranges[0]))];
		/* in insert mode or without autowrap only narrow characters: libvterm 0.1.4
		 * inserts one column for a wide character (Keel two), and wraps a wide character
		 * that does not fit even with autowrap off (Keel puts it in the last two columns) */
		if (insert && rg[0] >= 0x3000 && rg[0] < 0xff60)
			rg = ranges[0];
		n += utf8_enc(rg[0] + gen_rand(r, rg[1] - rg[0] + 1), o + n);
		/* combining marks only right after their base (a lone mark is an intended
		 * divergence, see docs/terminal.md) */
		for (int m = (int)gen_rand(r, 8) - 5; m > 0; m--)
			n += utf8_enc(0x300 + gen_rand(r, 0x70), o + n);
	}
	*printed = true;
	return n;
}

static int gen_ctrl(struct gen_rng *r, char *o)
{
	static const char c[] = "\r\n\b\t\v\f\a\r\n\b\t";
	o[0] = c[gen_rand(r, sizeof(c) - 1)];
	return 1;
}

static int gen_cursor(struct gen_rng *r, char *o)
{
	static const char finals[] = "ABCDEFGHfd`aeIZ";
	char f = finals[gen_rand(r, sizeof(finals) - 1)];
	if (f == 'H' || f == 'f') {
		int n = sprintf(o, "\x1b[");
		n += param(r, o + n, 30);
		if (gen_rand(r, 4)) {
			o[n++] = ';';
			n += param(r, o + n, 90);
		}
		o[n++] = f;
		return n;
	}
	return csi1(r, o, "", f, 40);
}

static int gen_edit(struct gen_rng *r, char *o)
{
	static const char finals[] = "JKX@PLMSTJK";
	char f = finals[gen_rand(r, sizeof(finals) - 1)];
	if (f == 'J' || f == 'K')
		return f == 'J' ? sprintf(o, "\x1b[%uJ", gen_rand(r, 3))
				: sprintf(o, "\x1b[%uK", gen_rand(r, 3));
	return csi1(r, o, "", f, 12);
}

static int gen_sgr(struct gen_rng *r, char *o)
{
	static const int simple[] = { 0, 1, 3, 4, 5, 7, 9, 21, 22, 23, 24, 25, 27, 29, 39, 49 };
	int n = sprintf(o, "\x1b[");
	int k = 1 + (int)gen_rand(r, 3);
	for (int i = 0; i < k; i++) {
		if (i)
			o[n++] = ';';
		switch (gen_rand(r, 8)) {
		case 0: n += sprintf(o + n, "%u", 30 + gen_rand(r, 8) + (gen_rand(r, 2) ? 10 : 0)); break;
		case 1: n += sprintf(o + n, "%u", 90 + gen_rand(r, 8) + (gen_rand(r, 2) ? 10 : 0)); break;
		case 2: n += sprintf(o + n, "%u;5;%u", gen_rand(r, 2) ? 38 : 48, gen_rand(r, 256)); break;
		case 3: n += sprintf(o + n, "%u;2;%u;%u;%u", gen_rand(r, 2) ? 38 : 48, gen_rand(r, 256),
				     gen_rand(r, 256), gen_rand(r, 256)); break;
		case 4: n += sprintf(o + n, "4:%u", gen_rand(r, 4)); break;
		default: n += sprintf(o + n, "%d", simple[gen_rand(r, sizeof(simple) / sizeof(simple[0]))]); break;
		}
	}
	o[n++] = 'm';
	return n;
}

static int gen_modes(struct gen_rng *r, char *o)
{
	/* no mode 47: libvterm 0.1.4 does not implement it (Keel does) */
	static const char *m[] = { "?7", "4", "20", "?6", "?25", "?1049", "?1047", "?7", "4" };
	const char *mode = m[gen_rand(r, sizeof(m) / sizeof(m[0]))];
	if (strcmp(mode, "?1049") == 0 || strcmp(mode, "?1047") == 0) {
		/* the alternate screen as a whole token: Keel clears it as xterm does (1049 on entry,
		 * 1047 on exit; a second 1049h does not clear), libvterm 0.1.4 on every entry */
		int n = sprintf(o, "\x1b[%sh", mode);
		n += gen_cursor(r, o + n);
		return n + sprintf(o + n, "x\x1b[%sl", mode);
	}
	if (strcmp(mode, "?6") == 0) {
		/* origin mode as a whole token: DECRC restoring it is an intended divergence
		 * (libvterm 0.1.4 does not save it) */
		int n = sprintf(o, "\x1b[?6h");
		n += gen_cursor(r, o + n);
		return n + sprintf(o + n, "x\x1b[?6l");
	}
	return sprintf(o, "\x1b[%s%c", mode, gen_rand(r, 2) ? 'h' : 'l');
}

/* A scroll region as a whole token, reset at its end: ICH/DCH outside the top/bottom margins
 * act in Keel (as xterm) but not in libvterm 0.1.4, so they only ever meet full margins; and
 * regions are valid ones (xterm ignores a region of fewer than two lines, libvterm 0.1.4
 * resets the margins). */
static int gen_margins(struct gen_rng *r, char *o)
{
	/* no CUU/CUD inside: they stop at the margins in Keel (as xterm), not in libvterm 0.1.4 */
	static const char *inner[] = { "\x1b" "D", "\x1b" "E", "\x1b" "M", "\n", "ab", "\x1b[2L",
				       "\x1b[M", "\x1b[S", "\x1b[2T", "\x1b[9G", "\x1b[3d" };
	int top = 1 + (int)gen_rand(r, 2);          /* valid on every screen of 3 rows or more */
	int n = sprintf(o, "\x1b[%u;%ur", top, top + 1 + gen_rand(r, 20));
	for (int k = (int)gen_rand(r, 6); k >= 0; k--)
		n += sprintf(o + n, "%s", inner[gen_rand(r, sizeof(inner) / sizeof(inner[0]))]);
	return n + sprintf(o + n, "\x1b[r");
}

static int gen_misc(struct gen_rng *r, char *o)
{
	switch (gen_rand(r, 14)) {
	case 0: return sprintf(o, "\x1b" "7");
	case 1: return sprintf(o, "\x1b" "8");
	case 2: return sprintf(o, "\x1b" "7");    /* not CSI s: libvterm 0.1.4 takes it as DECSLRM */
	case 3: return sprintf(o, "\x1b" "8");    /* not CSI u: libvterm 0.1.4 ignores it */
	case 4: return sprintf(o, "\x1b" "H");
	case 5: return sprintf(o, "\x1b[%ug", gen_rand(r, 2) * 3);
	/* line drawing comes as a whole token: DECRC restoring the character sets is an
	 * intended divergence (libvterm 0.1.4 does not save them) */
	case 6: {
		int n = sprintf(o, "\x1b(0");
		for (int k = (int)gen_rand(r, 12); k >= 0; k--)
			o[n++] = (char)(0x5f + gen_rand(r, 32));
		return n + sprintf(o + n, "\x1b(B");
	}
	case 7: {
		int n = sprintf(o, "\x1b)0\x0e");
		for (int k = (int)gen_rand(r, 12); k >= 0; k--)
			o[n++] = (char)(0x5f + gen_rand(r, 32));
		return n + sprintf(o + n, "\x0f\x1b)B");
	}
	case 8: return sprintf(o, "\x1b#8\x1b[H");    /* DECALN homes the cursor in Keel (xterm) */
	/* RIS leaves the alternate screen in Keel (as xterm), not in libvterm 0.1.4 */
	case 9: return sprintf(o, "\x1b[?1047l\x1b" "c\x1b" "7");
	case 10: return sprintf(o, "\x1b[3g");    /* not DECSTR: broken in libvterm 0.1.4 */
	case 11:
		/* no REP: libvterm 0.1.4 clips it at the line end (and hangs with no character);
		 * Keel prints like xterm, see docs/terminal.md and test_term_edit */
		return sprintf(o, "\x1b[0g");
	case 12: return sprintf(o, "\x1b]%u;title %u\a", gen_rand(r, 2) * 2, gen_rand(r, 100));
	default: return sprintf(o, "\x1b(B");
	}
}

void gen_stream(struct gen_rng *r, unsigned families, int ntok, struct gen_stream *g)
{
	bool printed = false, insert = false, nowrap = false;

	if (ntok > GEN_MAX_TOKENS - 1)
		ntok = GEN_MAX_TOKENS - 1;
	/* a save first: restoring a never-saved cursor is an intended divergence */
	strcpy(g->tok[0], "\x1b" "7");
	g->len[0] = 2;
	g->ntok = ntok + 1;
	for (int i = 1; i <= ntok; i++) {
		char *o = g->tok[i];
		int n = 0;
		while (n == 0) {
			unsigned f = 1u << gen_rand(r, 9);
			if (!(families & f))
				continue;
			switch (f) {
			case GEN_TEXT: n = gen_text(r, o, &printed); break;
			case GEN_UTF8: n = gen_utf8(r, o, &printed, insert || nowrap); break;
			case GEN_CTRL: n = gen_ctrl(r, o); break;
			case GEN_CURSOR: n = gen_cursor(r, o); break;
			case GEN_EDIT: n = gen_edit(r, o); break;
			case GEN_SGR: n = gen_sgr(r, o); break;
			case GEN_MODES: n = gen_modes(r, o); break;
			case GEN_MARGINS: n = gen_margins(r, o); break;
			default: n = gen_misc(r, o); break;
			}
		}
		g->len[i] = (uint8_t)n;
		o[n] = 0;
		if (strcmp(o, "\x1b[4h") == 0)
			insert = true;
		else if (strcmp(o, "\x1b[4l") == 0)
			insert = false;
		else if (strcmp(o, "\x1b[?7l") == 0)
			nowrap = true;
		else if (strcmp(o, "\x1b[?7h") == 0)
			nowrap = false;
		else if (strcmp(o, "\x1b[?1047l\x1b" "c\x1b" "7") == 0)
			insert = nowrap = false;
	}
}

size_t gen_join(const struct gen_stream *g, int skip, char *buf, size_t cap)
{
	size_t n = 0;
	for (int i = 0; i < g->ntok; i++) {
		if (i == skip || n + g->len[i] > cap)
			continue;
		memcpy(buf + n, g->tok[i], g->len[i]);
		n += g->len[i];
	}
	return n;
}

/*
 * Parser unit tests: every state of the machine, parameters (missing, sub-parameters,
 * overflow), intermediates, strings and their terminators, C0 inside sequences, CAN/SUB and
 * ESC aborts, UTF-8 decoding (invalid, overlong, surrogates, split across writes), 8-bit C1.
 */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "term/parser.h"
#include "tools/term_host_util.h"

static struct strbuf log_;

static void on_text(void *u, const uint32_t *cps, size_t n)
{
	(void)u;
	sb_puts(&log_, "T:");
	for (size_t i = 0; i < n; i++)
		sb_printf(&log_, i ? ",%x" : "%x", cps[i]);
	sb_putc(&log_, ' ');
}

static void on_control(void *u, uint8_t c)
{
	(void)u;
	sb_printf(&log_, "C:%02x ", c);
}

static void on_escape(void *u, const char *inter, size_t n, char final)
{
	(void)u;
	sb_printf(&log_, "E:%.*s%c ", (int)n, inter, final);
}

static void fmt_hdr(const struct term_csi *c)
{
	if (c->leader)
		sb_putc(&log_, c->leader);
	for (unsigned i = 0; i < c->nargs; i++) {
		if (c->args[i] == TERM_ARG_MISSING)
			sb_putc(&log_, '_');
		else
			sb_printf(&log_, "%d", c->args[i]);
		if (i + 1 < c->nargs)
			sb_putc(&log_, c->more[i] ? ':' : ';');
	}
	sb_printf(&log_, "%.*s%c ", c->ninter, c->inter, c->final);
}

static void on_csi(void *u, const struct term_csi *c)
{
	(void)u;
	sb_puts(&log_, "CSI:");
	fmt_hdr(c);
}

static void on_osc(void *u, const char *s, size_t n)
{
	(void)u;
	sb_puts(&log_, "OSC:");
	for (size_t i = 0; i < n; i++)
		sb_putc(&log_, s[i]);
	sb_putc(&log_, ' ');
}

static void on_dcs(void *u, const struct term_csi *h, const char *s, size_t n)
{
	(void)u;
	sb_puts(&log_, "DCS:");
	fmt_hdr(h);
	sb_printf(&log_, "[%.*s] ", (int)n, s);
}

/* Merge consecutive text callbacks ("T:61 T:62" -> "T:61,62"): runs may be split anywhere. */
static void canon_into(const char *in, char *out, size_t cap)
{
	size_t o = 0;

	for (const char *q = in; *q && o + 2 < cap; q++) {
		if (q[0] == ' ' && strncmp(q + 1, "T:", 2) == 0 && o >= 1) {
			/* is the previous token a text token? find its start */
			size_t k = o;
			while (k > 0 && out[k - 1] != ' ')
				k--;
			if (strncmp(out + k, "T:", 2) == 0) {
				out[o++] = ',';
				q += 2;         /* skip " T:" (the loop skips ':') */
				continue;
			}
		}
		out[o++] = *q;
	}
	out[o] = 0;
}

static const char *canon(const char *in)
{
	static char buf[1 << 16];
	canon_into(in, buf, sizeof(buf));
	return buf;
}

static const char *canon2(const char *in)
{
	static char buf[1 << 16];
	canon_into(in, buf, sizeof(buf));
	return buf;
}

static const struct term_parser_ops ops = { on_text, on_control, on_escape, on_csi, on_osc, on_dcs };

static const char *parse(const char *in)
{
	static char out[4096];
	struct term_parser p;

	term_parser_init(&p, &ops, NULL);
	sb_free(&log_);
	sb_puts(&log_, "");
	term_parser_feed(&p, (const uint8_t *)in, strlen(in));
	snprintf(out, sizeof(out), "%s", log_.s ? log_.s : "");
	return out;
}

TEST(text_and_controls)
{
	CHECK_EQ_STR(parse("ab\r\n"), "T:61,62 C:0d C:0a ");
	CHECK_EQ_STR(parse("a\x7f" "b"), "T:61,62 ");           /* DEL ignored */
}

TEST(csi_params)
{
	CHECK_EQ_STR(parse("\x1b[m"), "CSI:_m ");
	CHECK_EQ_STR(parse("\x1b[1;2H"), "CSI:1;2H ");
	CHECK_EQ_STR(parse("\x1b[;5H"), "CSI:_;5H ");
	CHECK_EQ_STR(parse("\x1b[?25l"), "CSI:?25l ");
	CHECK_EQ_STR(parse("\x1b[>c"), "CSI:>_c ");
	CHECK_EQ_STR(parse("\x1b[38:2::1:2:3m"), "CSI:38:2:_:1:2:3m ");
	CHECK_EQ_STR(parse("\x1b[!p"), "CSI:_!p ");
	CHECK_EQ_STR(parse("\x1b[99999999A"), "CSI:65535A ");
	/* every number length, through the fast path and at the end of the buffer */
	CHECK_EQ_STR(parse("\x1b[1;12;123;1234;12345;123456;0012;7m"),
		     "CSI:1;12;123;1234;12345;65535;12;7m ");
	CHECK_EQ_STR(parse("\x1b[5;9999999999999H"), "CSI:5;65535H ");
	CHECK_EQ_STR(parse("\x1b[12H"), "CSI:12H ");
	CHECK_EQ_STR(parse("\x1b[1234H"), "CSI:1234H ");
	/* the 256-colour prefix fast path, and its near misses */
	CHECK_EQ_STR(parse("\x1b[38;5;123mx"), "CSI:38;5;123m T:78 ");
	CHECK_EQ_STR(parse("\x1b[48;5;7;1mx"), "CSI:48;5;7;1m T:78 ");
	CHECK_EQ_STR(parse("\x1b[38;5;m"), "CSI:38;5;_m ");
	CHECK_EQ_STR(parse("\x1b[38;5:1m"), "CSI:38;5:1m ");
	CHECK_EQ_STR(parse("\x1b[?38;5;1h"), "CSI:?38;5;1h ");
	CHECK_EQ_STR(parse("\x1b[28;5;1m"), "CSI:28;5;1m ");
}

TEST(csi_window_path)
{
	/* followed by enough bytes for the 8-byte window */
	CHECK_EQ_STR(parse("\x1b[1;2Habcdefgh"), "CSI:1;2H T:61,62,63,64,65,66,67,68 ");
	CHECK_EQ_STR(parse("\x1b[;Habcdefgh"), "CSI:_;_H T:61,62,63,64,65,66,67,68 ");
	CHECK_EQ_STR(parse("\x1b[1;2;3;4mxxxxxxxx"), "CSI:1;2;3;4m T:78,78,78,78,78,78,78,78 ");
	CHECK_EQ_STR(parse("\x1b[12345;1Hxxxxxxxx"), "CSI:12345;1H T:78,78,78,78,78,78,78,78 ");
	CHECK_EQ_STR(parse("\x1b[1:2:3mxxxxxxxx"), "CSI:1:2:3m T:78,78,78,78,78,78,78,78 ");
	CHECK_EQ_STR(parse("\x1b[?1;25hxxxxxxxx"), "CSI:?1;25h T:78,78,78,78,78,78,78,78 ");
	CHECK_EQ_STR(parse("\x1b[1;2 qxxxxxxxx"), "CSI:1;2 q T:78,78,78,78,78,78,78,78 ");
	CHECK_EQ_STR(parse("\x1b[1;2\nHxxxxxxxx"), "C:0a CSI:1;2H T:78,78,78,78,78,78,78,78 ");
	CHECK_EQ_STR(parse("\x1b[0012;9999Hxxxxxxxx"), "CSI:12;9999H T:78,78,78,78,78,78,78,78 ");
}

TEST(csi_split_everywhere)
{
	const char *seq = "\x1b[?12;3456:7mX";
	size_t n = strlen(seq);

	for (size_t cut = 0; cut <= n; cut++) {
		struct term_parser p;
		term_parser_init(&p, &ops, NULL);
		sb_free(&log_);
		term_parser_feed(&p, (const uint8_t *)seq, cut);
		term_parser_feed(&p, (const uint8_t *)seq + cut, n - cut);
		CHECK_EQ_STR(log_.s, "CSI:?12;3456:7m T:58 ");
	}
}

TEST(csi_c0_and_aborts)
{
	CHECK_EQ_STR(parse("\x1b[1\n2H"), "C:0a CSI:12H ");     /* C0 executes inside CSI */
	CHECK_EQ_STR(parse("\x1b[12\x18x"), "T:78 ");           /* CAN aborts */
	CHECK_EQ_STR(parse("\x1b[12\x1ax"), "T:78 ");           /* SUB aborts */
	CHECK_EQ_STR(parse("\x1b[12\x1b[3A"), "CSI:3A ");       /* ESC restarts */
	CHECK_EQ_STR(parse("\x1b[1?2hx"), "T:78 ");             /* leader late: ignored */
	CHECK_EQ_STR(parse("\x1b[1 2px"), "T:78 ");             /* param after intermediate */
}

TEST(csi_overflow)
{
	char buf[512];
	int n = sprintf(buf, "\x1b[");
	for (int i = 0; i < 40; i++)
		n += sprintf(buf + n, "%d;", i);
	sprintf(buf + n, "mX");
	const char *r = parse(buf);
	CHECK(strncmp(r, "CSI:0;1;2;", 10) == 0);
	CHECK(strstr(r, "T:58 ") != NULL);                    /* back in ground */
	CHECK_EQ_STR(parse("\x1b[1 !\"#$%pX"), "T:58 ");        /* too many intermediates */
}

TEST(escape)
{
	CHECK_EQ_STR(parse("\x1b" "7\x1b(0\x1b#8"), "E:7 E:(0 E:#8 ");
	CHECK_EQ_STR(parse("\x1b" "D\x1b" "E\x1b" "M\x1b" "H"), "C:84 C:85 C:8d C:88 ");
	CHECK_EQ_STR(parse("\x1b\x1b" "c"), "E:c ");
}

TEST(osc)
{
	CHECK_EQ_STR(parse("\x1b]0;title\x07x"), "OSC:0;title T:78 ");
	CHECK_EQ_STR(parse("\x1b]2;t\x1b\\x"), "OSC:2;t T:78 ");
	CHECK_EQ_STR(parse("\x1b]2;a\x18x"), "T:78 ");           /* CAN: no dispatch */
	CHECK_EQ_STR(parse("\x1b]2;a\x1b[1m"), "OSC:2;a CSI:1m ");
	char big[2000];
	memset(big, 'a', sizeof(big));
	memcpy(big, "\x1b]0;", 4);
	strcpy(big + 1990, "\x07Z");
	const char *r = parse(big);
	CHECK(strlen(r) == 4 + TERM_PARSER_STR_MAX + 1 + 5);   /* truncated, then text */
}

TEST(dcs_and_strings)
{
	CHECK_EQ_STR(parse("\x1bP1$qm\x1b\\x"), "DCS:1$q [m] T:78 ");
	CHECK_EQ_STR(parse("\x1b_apc\x07stuff\x1b\\x"), "T:78 ");  /* APC ends at ST only */
	CHECK_EQ_STR(parse("\x1b^pm\x1b\\\x1bXsos\x1b\\y"), "T:79 ");
	CHECK_EQ_STR(parse("\x1bP?1;2;3 |data\x1b\\"), "DCS:?1;2;3 | [data] ");
}

TEST(utf8)
{
	CHECK_EQ_STR(parse("\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80"), "T:e9,4e2d,1f600 ");
	CHECK_EQ_STR(parse("\xc0\xaf"), "T:fffd,fffd ");        /* C0 lead, stray continuation */
	CHECK_EQ_STR(parse("\xe0\x80\xaf"), "T:fffd ");         /* overlong */
	CHECK_EQ_STR(parse("\xed\xa0\x80"), "T:fffd ");         /* surrogate */
	CHECK_EQ_STR(parse("\xf4\x90\x80\x80"), "T:fffd ");     /* > U+10FFFF */
	CHECK_EQ_STR(parse("\xe4\xb8x"), "T:fffd,78 ");         /* truncated */
	CHECK_EQ_STR(parse("\xe4\xb8\n"), "T:fffd C:0a ");      /* control interrupts */
	CHECK_EQ_STR(parse("\xff\xfe"), "T:fffd,fffd ");
	CHECK_EQ_STR(parse("\xc2\x85z"), "C:85 T:7a ");         /* C1 as UTF-8 acts (xterm) */
}

static const char *parse_opt(const char *in, bool c1_utf8)
{
	static char out[4096];
	struct term_parser p;

	term_parser_init(&p, &ops, NULL);
	p.c1_utf8 = c1_utf8;
	sb_free(&log_);
	sb_puts(&log_, "");
	for (size_t i = 0; in[i]; i++)              /* byte by byte: the state machine path */
		term_parser_feed(&p, (const uint8_t *)in + i, 1);
	snprintf(out, sizeof(out), "%s", log_.s ? log_.s : "");
	return out;
}

TEST(c1_as_utf8)
{
	/* U+009B is CSI, U+009D OSC, U+0084 IND, as xterm takes them */
	CHECK_EQ_STR(parse("\xc2\x9b" "5A"), "CSI:5A ");
	CHECK_EQ_STR(parse_opt("\xc2\x9b" "5A", true), "CSI:5A ");
	CHECK_EQ_STR(parse("a\xc2\x84" "b"), "T:61 C:84 T:62 ");
	CHECK_EQ_STR(parse("\xc2\x9d" "2;t\x07"), "OSC:2;t ");
	/* switched off: dropped, as before */
	CHECK_EQ_STR(parse_opt("\xc2\x9b" "5A", false), "T:35 T:41 ");
}

TEST(non_ascii_inside_sequences)
{
	/* the sequence is abandoned and the character is not printed */
	CHECK_EQ_STR(parse("\x1b[1\xc3\xa9" "A"), "T:41 ");
	CHECK_EQ_STR(parse_opt("\x1b[1\xc3\xa9" "A", true), "T:41 ");
	CHECK_EQ_STR(parse("\x1b(\xe4\xb8\xad" "x"), "T:78 ");
	CHECK_EQ_STR(parse("\x1b\xc3\xa9z"), "T:7a ");
	/* a control interrupting it still acts */
	CHECK_EQ_STR(parse_opt("\x1b[\xc3\n", true), "C:0a ");
}

TEST(utf8_split_writes)
{
	struct term_parser p;
	const uint8_t a[] = { 0xe4, 0xb8 }, b[] = { 0xad, 'x' };

	term_parser_init(&p, &ops, NULL);
	sb_free(&log_);
	term_parser_feed(&p, a, sizeof(a));
	term_parser_feed(&p, b, sizeof(b));
	CHECK_EQ_STR(log_.s, "T:4e2d,78 ");
}

TEST(eight_bit_c1)
{
	struct term_parser p;
	const uint8_t in[] = { 0x9b, '2', 'J', 0x84, 0xe9, 0x9d, '0', ';', 'x', 0x9c };

	term_parser_init(&p, &ops, NULL);
	p.utf8 = false;
	sb_free(&log_);
	term_parser_feed(&p, in, sizeof(in));
	CHECK_EQ_STR(log_.s, "CSI:2J C:84 T:e9 OSC:0;x ");
}

/* The hot paths (ASCII runs, whole CSIs, the 8-byte window, whole UTF-8, mixed text, C0) must agree with the
 * byte-at-a-time state machine, which is all a one-byte write can use. */
TEST(fast_paths_match_bytewise)
{
	static const char *pieces[] = {
		"\x1b[", "1", "23", "4567", ";", ":", "?", ">", " ", "m", "H", "J", "\x1b", "a", "xyz",
		"\r\n", "\t", "\xc3\xa9", "\xe4\xb8\xad", "\xf0\x9f\x98\x80", "\xe4", "\x80", "\x18",
		"\x1b]0;t\x07", "\x1bP1q\x1b\\", "38;5;", "48;5;", "\x7f", "\x00",
		/* every UTF-8 form at its edges, valid and not (the length-blind decoder's cases) */
		"\xc0\xaf", "\xe0\x80\xaf", "\xf0\x80\x80\xaf", "\xed\xa0\x80", "\xed\x9f\xbf",
		"\xf4\x8f\xbf\xbf", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\xc2\x85", "\xc2\xa0",
		"\xdf\xbf", "\xe0\xa0\x80", "\xef\xbf\xbf", "\xf0\x90\x80\x80", "\xcc\x81", "e\xcc\x81",
	};
	uint64_t s = check_seed() | 1;
	char in[512];
	struct strbuf whole = { 0 };

	for (int round = 0; round < 3000; round++) {
		size_t n = 0;
		while (n < 400) {
			s ^= s << 13, s ^= s >> 7, s ^= s << 17;
			const char *pc = pieces[s % (sizeof(pieces) / sizeof(pieces[0]))];
			size_t l = strlen(pc);
			if (pc[0] == 0)
				l = 1;                  /* the NUL piece */
			memcpy(in + n, pc, l);
			n += l;
		}
		struct term_parser p;
		term_parser_init(&p, &ops, NULL);
		sb_free(&log_);
		sb_puts(&log_, "");
		term_parser_feed(&p, (const uint8_t *)in, n);
		sb_free(&whole);
		sb_puts(&whole, log_.s);
		term_parser_init(&p, &ops, NULL);
		sb_free(&log_);
		sb_puts(&log_, "");
		for (size_t i = 0; i < n; i++)
			term_parser_feed(&p, (const uint8_t *)in + i, 1);
		if (strcmp(canon(whole.s), canon2(log_.s)) != 0) {
			CHECK_EQ_STR(canon(whole.s), canon2(log_.s));
			break;
		}
	}
	sb_free(&whole);
}

TEST(never_stuck)
{
	struct term_parser p;
	uint64_t s = check_seed();
	uint8_t buf[4096];

	term_parser_init(&p, &ops, NULL);
	for (int round = 0; round < 200; round++) {
		for (size_t i = 0; i < sizeof(buf); i++) {
			s ^= s << 13, s ^= s >> 7, s ^= s << 17;
			buf[i] = (uint8_t)s;
		}
		term_parser_feed(&p, buf, sizeof(buf));
		/* any state: CAN then text must come out as text */
		sb_free(&log_);
		term_parser_feed(&p, (const uint8_t *)"\x18ok", 3);
		CHECK(log_.s && strstr(log_.s, "T:6f,6b") != NULL);
	}
}

CHECK_MAIN("test_term_parser")

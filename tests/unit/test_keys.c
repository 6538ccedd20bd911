/*
 * Key decoder tests, one per sequence family. Every case is fed whole, byte by byte and in
 * random chunks (several seeds), and must give the same events each way: the decoder may
 * never depend on how the serial driver happened to split the input. Events are rendered as
 * short strings ("C:a+C" = Ctrl-A, "K:Up+S" = Shift-Up, "P:x" pasted x, "R:24,80" a CPR).
 */
#include "check.h"

#include <stdio.h>
#include <stdlib.h>

#include "term/keys.h"

struct rec {
	char buf[4096];
	size_t len;
};

static void rec_add(struct rec *r, const char *s)
{
	size_t n = strlen(s);

	if (r->len + n + 2 >= sizeof(r->buf))
		return;
	if (r->len)
		r->buf[r->len++] = ' ';
	memcpy(r->buf + r->len, s, n);
	r->len += n;
	r->buf[r->len] = 0;
}

static void on_event(void *user, const struct term_key_event *ev)
{
	struct rec *r = user;
	char s[64], m[8] = "";
	size_t ml = 0;

	if (ev->mods) {
		m[ml++] = '+';
		if (ev->mods & TERM_MOD_SHIFT)
			m[ml++] = 'S';
		if (ev->mods & TERM_MOD_ALT)
			m[ml++] = 'A';
		if (ev->mods & TERM_MOD_CTRL)
			m[ml++] = 'C';
		m[ml] = 0;
	}
	switch (ev->type) {
	case TERM_KEV_CHAR:
		if (ev->cp > 0x20 && ev->cp < 0x7F)
			snprintf(s, sizeof(s), "C:%c%s", (char)ev->cp, m);
		else
			snprintf(s, sizeof(s), "C:U+%04X%s", ev->cp, m);
		break;
	case TERM_KEV_KEY:
		snprintf(s, sizeof(s), "K:%s%s", term_key_name(ev->key), m);
		break;
	case TERM_KEV_PASTE_BEGIN:
		snprintf(s, sizeof(s), "PB");
		break;
	case TERM_KEV_PASTE:
		if (ev->cp > 0x20 && ev->cp < 0x7F)
			snprintf(s, sizeof(s), "P:%c", (char)ev->cp);
		else
			snprintf(s, sizeof(s), "P:U+%04X", ev->cp);
		break;
	case TERM_KEV_PASTE_END:
		snprintf(s, sizeof(s), "PE");
		break;
	case TERM_KEV_CPR:
		snprintf(s, sizeof(s), "R:%u,%u", ev->row, ev->col);
		break;
	}
	rec_add(r, s);
}

static uint64_t rng_state;
static uint32_t rng(void)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(rng_state >> 33);
}

/* Feed `in` with chunking mode (0 whole, 1 bytewise, 2+ random seed), then a timeout if asked. */
static void run(const char *in, size_t len, int mode, int timeout, struct rec *r)
{
	struct term_keys k;

	memset(r, 0, sizeof(*r));
	term_keys_init(&k, on_event, r);
	if (mode == 0) {
		term_keys_feed(&k, in, len);
	} else if (mode == 1) {
		for (size_t i = 0; i < len; i++)
			term_keys_feed(&k, in + i, 1);
	} else {
		rng_state = check_seed() + (uint64_t)mode * 7919;
		for (size_t i = 0; i < len;) {
			size_t n = 1 + rng() % 5;

			if (n > len - i)
				n = len - i;
			term_keys_feed(&k, in + i, n);
			i += n;
		}
	}
	if (timeout && term_keys_pending(&k))
		term_keys_timeout(&k);
	if (!timeout)
		CHECK(!term_keys_pending(&k));
}

#define EXPECT_N(in, len, timeout, want) \
	do { \
		struct rec r_; \
		for (int mode_ = 0; mode_ < 8; mode_++) { \
			run(in, len, mode_, timeout, &r_); \
			if (strcmp(r_.buf, want) != 0) \
				check_fail(__FILE__, __LINE__, "mode %d: got \"%s\" want \"%s\"", mode_, r_.buf, \
					   want); \
		} \
	} while (0)
#define EXPECT(in, want) EXPECT_N(in, sizeof(in) - 1, 0, want)
#define EXPECT_T(in, want) EXPECT_N(in, sizeof(in) - 1, 1, want)

TEST(printable_ascii)
{
	EXPECT("ab Z~", "C:a C:b C:U+0020 C:Z C:~");
}

TEST(utf8_valid)
{
	EXPECT("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xe4\xb8\xad", "C:U+00E9 C:U+20AC C:U+1F600 C:U+4E2D");
}

TEST(utf8_invalid)
{
	/* stray continuation, overlong, surrogate, > U+10FFFF, truncated then ASCII, bad lead */
	EXPECT("\x80", "C:U+FFFD");
	EXPECT("\xc0\xaf", "C:U+FFFD C:U+FFFD");
	EXPECT("\xe0\x80\x80", "C:U+FFFD C:U+FFFD C:U+FFFD");
	EXPECT("\xed\xa0\x80", "C:U+FFFD C:U+FFFD C:U+FFFD");
	EXPECT("\xf4\x90\x80\x80", "C:U+FFFD C:U+FFFD C:U+FFFD C:U+FFFD");
	EXPECT("\xe2\x82x", "C:U+FFFD C:x");
	EXPECT("\xff\xfe", "C:U+FFFD C:U+FFFD");
	EXPECT("\xe2\x82\x1b[A", "C:U+FFFD K:Up");
	EXPECT_T("\xf0\x9f\x98", "C:U+FFFD"); /* truncated at a quiet period */
}

TEST(c0_controls)
{
	EXPECT("\x01\x05\x0b\x15\x17\x0c\x03\x04\x1a", "C:a+C C:e+C C:k+C C:u+C C:w+C C:l+C C:c+C C:d+C C:z+C");
	EXPECT("\x00\x1c\x1d\x1e\x1f", "C:U+0020+C C:\\+C C:]+C C:^+C C:_+C");
	EXPECT("\x7f\x08\t", "K:Backspace K:Backspace K:Tab");
}

TEST(enter_variants)
{
	EXPECT("\r", "K:Enter");
	EXPECT("\n", "K:Enter");
	EXPECT("\r\n", "K:Enter");
	EXPECT("a\r\nb\nc\rd", "C:a K:Enter C:b K:Enter C:c K:Enter C:d");
	EXPECT("\r\r\n\n", "K:Enter K:Enter K:Enter");
	EXPECT("\n\r", "K:Enter K:Enter");
}

TEST(arrows_csi_ss3)
{
	EXPECT("\x1b[A\x1b[B\x1b[C\x1b[D", "K:Up K:Down K:Right K:Left");
	EXPECT("\x1bOA\x1bOB\x1bOC\x1bOD", "K:Up K:Down K:Right K:Left");
}

TEST(home_end_variants)
{
	EXPECT("\x1b[H\x1b[F\x1bOH\x1bOF", "K:Home K:End K:Home K:End");
	EXPECT("\x1b[1~\x1b[4~\x1b[7~\x1b[8~", "K:Home K:End K:Home K:End");
}

TEST(editing_keys)
{
	EXPECT("\x1b[2~\x1b[3~\x1b[5~\x1b[6~", "K:Insert K:Delete K:PageUp K:PageDown");
	EXPECT("\x1b[3;5~", "K:Delete+C");
}

TEST(function_keys)
{
	EXPECT("\x1bOP\x1bOQ\x1bOR\x1bOS", "K:F1 K:F2 K:F3 K:F4");
	EXPECT("\x1b[11~\x1b[12~\x1b[13~\x1b[14~\x1b[15~", "K:F1 K:F2 K:F3 K:F4 K:F5");
	EXPECT("\x1b[17~\x1b[18~\x1b[19~\x1b[20~\x1b[21~\x1b[23~\x1b[24~",
	       "K:F6 K:F7 K:F8 K:F9 K:F10 K:F11 K:F12");
	EXPECT("\x1b[[A\x1b[[B\x1b[[C\x1b[[D\x1b[[E", "K:F1 K:F2 K:F3 K:F4 K:F5"); /* Linux console */
	EXPECT("\x1b[1;2P\x1b[1;5S\x1b[15;3~", "K:F1+S K:F4+C K:F5+A");
}

TEST(modifiers)
{
	EXPECT("\x1b[1;5C\x1b[1;5D\x1b[1;3C\x1b[1;2A\x1b[1;6B\x1b[1;8H",
	       "K:Right+C K:Left+C K:Right+A K:Up+S K:Down+SC K:Home+SAC");
	EXPECT("\x1b[1;9D", "K:Left+A"); /* meta counts as alt */
	EXPECT("\x1bO5C", "K:Right+C");
	EXPECT("\x1b[Z", "K:Tab+S");
	EXPECT("\x1b[97;5u\x1b[13;2u", "C:a+C K:Enter+S");
}

TEST(alt_prefix)
{
	EXPECT("\x1b" "b\x1b" "f\x1b\x7f\x1b\r", "C:b+A C:f+A K:Backspace+A K:Enter+A");
	EXPECT("\x1b\xc3\xa9", "C:U+00E9+A");
	EXPECT("\x1b\x1b[A", "K:Up+A");
	EXPECT("\x1b\x01", "C:a+AC");
}

TEST(lone_escape_timeout)
{
	EXPECT_T("\x1b", "K:Escape");
	EXPECT_T("a\x1b", "C:a K:Escape");
	EXPECT_T("\x1b\x1b", "K:Escape+A");
	EXPECT_T("\x1b[", "C:[+A");
	EXPECT_T("\x1bO", "C:O+A");
	EXPECT_T("\x1b[1;5", ""); /* partial sequence dropped */
	EXPECT_T("\x1b[1;5Cx", "K:Right+C C:x");
}

/* A size report split by a slow link: the decoder says it is inside a sequence (the console then
 * waits longer before dropping it), and the rest completes it. A lone ESC or ESC [ is not. */
TEST(split_report_is_in_sequence)
{
	struct rec r;
	struct term_keys k;

	memset(&r, 0, sizeof(r));
	term_keys_init(&k, on_event, &r);
	term_keys_feed(&k, "\x1b", 1);
	CHECK(term_keys_pending(&k) && !term_keys_in_sequence(&k));
	term_keys_feed(&k, "[", 1);
	CHECK(term_keys_pending(&k) && !term_keys_in_sequence(&k));
	term_keys_feed(&k, "40;16", 5);
	CHECK(term_keys_pending(&k) && term_keys_in_sequence(&k));
	term_keys_feed(&k, "0R", 2);
	CHECK(!term_keys_pending(&k) && !term_keys_in_sequence(&k));
	CHECK_EQ_STR(r.buf, "R:40,160");
}

TEST(escape_then_key_without_timeout_is_alt)
{
	/* Without a quiet period, ESC x is Alt-x, which is what terminals send for Meta. */
	EXPECT("\x1bx", "C:x+A");
}

TEST(cpr)
{
	EXPECT("\x1b[24;80R", "R:24,80");
	EXPECT("\x1b[999;132R", "R:999,132");
	EXPECT("\x1b[?12;40R", "R:12,40");
	EXPECT("\x1b[1;5R", "K:F3+C"); /* byte-identical to Ctrl-F3 when no CPR was asked for */
	{
		struct rec r;
		struct term_keys k;

		memset(&r, 0, sizeof(r));
		term_keys_init(&k, on_event, &r);
		term_keys_expect_cpr(&k);
		term_keys_feed(&k, "\x1b[1;5R\x1b[1;5R", 12);
		CHECK_EQ_STR(r.buf, "R:1,5 K:F3+C");
	}
}

TEST(bracketed_paste)
{
	EXPECT("\x1b[200~ab\x1b[201~", "PB P:a P:b PE");
	EXPECT("\x1b[200~a\r\nb\rc\nd\x1b[201~", "PB P:a P:U+000A P:b P:U+000A P:c P:U+000A P:d PE");
	/* keys inside a paste are text, not keys */
	EXPECT("\x1b[200~\x1b[A\x03\x1b[201~", "PB P:U+001B P:[ P:A P:U+0003 PE");
	/* partial end markers are content */
	EXPECT("\x1b[200~\x1b[20x\x1b[2\x1b[201~", "PB P:U+001B P:[ P:2 P:0 P:x P:U+001B P:[ P:2 PE");
	EXPECT("\x1b[200~\xc3\xa9\xe2\x1b[201~", "PB P:U+00E9 P:U+FFFD PE");
	EXPECT("x\x1b[201~y", "C:x C:y"); /* stray end marker outside a paste: ignored */
	EXPECT_T("\x1b[200~ab\x1b[20", "PB P:a P:b P:U+001B P:[ P:2 P:0 PE"); /* unfinished paste */
}

TEST(malformed_sequences)
{
	EXPECT("\x1b[99~\x1b[?1;2c\x1b[>0;1;2cz", "C:z");   /* unknown key, DA replies: ignored */
	EXPECT("\x1b[1\rA", "K:Enter C:A");                    /* control aborts a sequence */
	EXPECT("\x1b[1\x1b[B", "K:Down");                      /* ESC restarts */
	EXPECT("\x1b[1;2;3;4;5;6A", "");                        /* too many params: dropped */
	EXPECT("\x1b[1:2A\x1bO!x", "C:! C:x");
	EXPECT("\x1b[1\xc3\xa9", "C:U+00E9");
	EXPECT("\x1b[99999999999999999999~q", "C:q");
}

TEST(long_sequence_bounded)
{
	char buf[2000];
	struct rec r;

	buf[0] = 0x1b;
	buf[1] = '[';
	for (int i = 2; i < 1998; i++)
		buf[i] = '1';
	buf[1998] = 'A';
	buf[1999] = 'q';
	run(buf, sizeof(buf), 0, 0, &r);
	CHECK_EQ_STR(r.buf, "C:q");
}

TEST(key_names)
{
	CHECK_EQ_STR(term_key_name(TERM_KEY_F12), "F12");
	CHECK_EQ_STR(term_key_name(TERM_KEY_PGDN), "PageDown");
	CHECK_EQ_STR(term_key_name((enum term_key)999), "?");
}

TEST(utf8_encode)
{
	char o[4];

	CHECK_EQ_INT(term_utf8_encode('a', o), 1);
	CHECK_EQ_INT(term_utf8_encode(0xE9, o), 2);
	CHECK(memcmp(o, "\xc3\xa9", 2) == 0);
	CHECK_EQ_INT(term_utf8_encode(0x20AC, o), 3);
	CHECK_EQ_INT(term_utf8_encode(0x1F600, o), 4);
	CHECK(memcmp(o, "\xf0\x9f\x98\x80", 4) == 0);
	CHECK_EQ_INT(term_utf8_encode(0xD800, o), 3);
	CHECK(memcmp(o, "\xef\xbf\xbd", 3) == 0);
}

CHECK_MAIN("keys")

/*
 * shell_regex tests: the syntax against expected results (literals, '.', '*', anchors, brackets
 * with ranges and negation, escapes, the BRE rules for a leading '*' and for '^' / '$' in the
 * middle, -i, -F), compile errors, linear time on the patterns that blow backtracking up, and a
 * randomized comparison with the independent backtracking reference (regex_ref.c).
 */
#include "check.h"

#include <keel/errno.h>
#include <stdlib.h>

#include "kernel/shell/shell_regex.h"
#include "regex_ref.h"

static struct shell_re re;

static void expect(const char *pat, unsigned flags, const char *line, bool want, int at)
{
	const char *err;
	int rc = shell_re_compile(&re, pat, strlen(pat), flags, &err);

	if (rc) {
		check_fail(__FILE__, at, "compile(%s) = %d (%s)", pat, rc, err);
		return;
	}
	if (shell_re_match(&re, line, strlen(line)) != want)
		check_fail(__FILE__, at, "match(%s, \"%s\") != %d", pat, line, want);
}
#define M(p, l) expect(p, 0, l, true, __LINE__)
#define N(p, l) expect(p, 0, l, false, __LINE__)
#define MI(p, l) expect(p, SHELL_RE_ICASE, l, true, __LINE__)
#define NI(p, l) expect(p, SHELL_RE_ICASE, l, false, __LINE__)

TEST(literals_and_dot)
{
	M("", "");
	M("", "anything");
	M("abc", "xxabcxx");
	N("abc", "ab");
	N("abc", "acb");
	M("a.c", "abc");
	M("a.c", "a.c");
	N("a.c", "ac");
	M("...", "abc");
	N("....", "abc");
	M("serial", "[0.1] info serial: COM1");
}

TEST(star)
{
	M("ab*c", "ac");
	M("ab*c", "abbbbc");
	N("ab*c", "abxc");
	M("a*", "");
	M(".*", "whatever");
	M("x*y", "y");
	M("a**b", "aaab");  /* ** is * */
	M("*a", "*a");      /* a leading * is literal */
	N("*a", "a");
	M("^*a", "*a");
	N("^*a", "x*a");
	M("a.*b", "a---b");
	N("a.*b", "b---a");
}

TEST(anchors)
{
	M("^abc", "abcd");
	N("^abc", "xabc");
	M("abc$", "xabc");
	N("abc$", "abcx");
	M("^$", "");
	N("^$", "x");
	M("^", "x");
	M("$", "x");
	M("^a*$", "aaaa");
	N("^a*$", "aaab");
	M("a^b", "a^b");    /* '^' not at the start is literal */
	M("a$b", "a$b");    /* '$' not at the end is literal */
	M("\\$$", "cost$");
	N("\\$$", "cost");
	M("x\\$", "x$y");
}

TEST(brackets)
{
	M("[abc]", "xbx");
	N("[abc]", "xyz");
	M("[a-z]x", "qx");
	N("[a-z]x", "Qx");
	M("[^a-z]", "abcD");
	N("[^a-z]", "abcd");
	M("[]]", "]");
	M("[]a]", "a");
	M("[^]]", "a");
	N("[^]]", "]");
	M("[a-]", "-");
	M("[-a]", "-");
	M("[\\]", "\\");    /* a backslash is literal inside brackets */
	M("[.*]", "*");
	N("[.*]", "x");
	M("[0-9][0-9]*", "port 8042");
	N("^[0-9][0-9]*$", "80a2");
	M("[a-cx-z]", "y");
	N("[a-cx-z]", "m");
	M("[$]", "$");
	M("[^^]", "a");
	N("[^^]", "^");
}

TEST(escapes)
{
	M("a\\.c", "a.c");
	N("a\\.c", "abc");
	M("\\*", "*");
	M("\\[x", "[x");
	M("\\\\", "a\\b");
	M("\\q", "q");      /* other escaped bytes are themselves */
}

TEST(icase)
{
	MI("serial", "SERIAL port");
	MI("SeRiAl", "serial");
	NI("serial", "seria");
	MI("[a-c]", "B");
	NI("[^a-c]", "B");
	MI("[^a-c]", "D");
	N("serial", "SERIAL");
	MI("x.Y", "XzY");
	MI("[_]", "_");
}

TEST(fixed)
{
	expect("a.c", SHELL_RE_FIXED, "a.c", true, __LINE__);
	expect("a.c", SHELL_RE_FIXED, "abc", false, __LINE__);
	expect("[x*", SHELL_RE_FIXED, "a[x*b", true, __LINE__);
	expect("", SHELL_RE_FIXED, "", true, __LINE__);
	expect("aab", SHELL_RE_FIXED, "aaab", true, __LINE__);
	expect("abab", SHELL_RE_FIXED, "abaabab", true, __LINE__);
	expect("abab", SHELL_RE_FIXED, "abaaba", false, __LINE__);
	expect("ABC", SHELL_RE_FIXED | SHELL_RE_ICASE, "xabcx", true, __LINE__);
	expect("\\", SHELL_RE_FIXED, "a\\b", true, __LINE__);
}

static void compile_err(const char *pat, unsigned flags, int want_rc, const char *want_msg, int at)
{
	const char *err = NULL;
	int rc = shell_re_compile(&re, pat, strlen(pat), flags, &err);

	if (rc != want_rc || !err || !strstr(err, want_msg))
		check_fail(__FILE__, at, "compile(%s) = %d \"%s\", want %d \"%s\"", pat, rc, err ? err : "(null)",
			   want_rc, want_msg);
}

TEST(errors)
{
	static char big[2000];

	compile_err("[abc", 0, -EINVAL, "unterminated [", __LINE__);
	compile_err("[", 0, -EINVAL, "unterminated [", __LINE__);
	compile_err("[]", 0, -EINVAL, "unterminated [", __LINE__);
	compile_err("[^]", 0, -EINVAL, "unterminated [", __LINE__);
	compile_err("ab\\", 0, -EINVAL, "trailing backslash", __LINE__);
	compile_err("\\", 0, -EINVAL, "trailing backslash", __LINE__);
	compile_err("[z-a]", 0, -EINVAL, "invalid range", __LINE__);
	memset(big, 'W', 129);
	compile_err(big, 0, -E2BIG, "pattern too long", __LINE__);
	memset(big, 'W', 128);
	big[128] = 0;
	CHECK_EQ_INT(shell_re_compile(&re, big, 128, 0, NULL), 0);
	memset(big, '*', 300); /* one literal '*' then stars: one atom */
	big[300] = 0;
	CHECK_EQ_INT(shell_re_compile(&re, big, 300, 0, NULL), 0);
	CHECK(shell_re_match(&re, "", 0));
	memset(big, 'x', 1025);
	big[1025] = 0;
	compile_err(big, SHELL_RE_FIXED, -E2BIG, "pattern too long", __LINE__);
	CHECK_EQ_INT(shell_re_compile(&re, big, 1024, SHELL_RE_FIXED, NULL), 0);
	CHECK(shell_re_match(&re, big, 1025));
	/* fixed strings have no syntax: nothing else is an error */
	CHECK_EQ_INT(shell_re_compile(&re, "[\\", 2, SHELL_RE_FIXED, NULL), 0);
}

/* Patterns that take a backtracking matcher exponential or quadratic time per line: the state
 * set does one pass. (A slow matcher would show as this suite never finishing.) */
TEST(worst_patterns_linear)
{
	static char line[64 * 1024];
	static const char *const pats[] = { "a*a*a*a*a*b", "a*a*a*a*a*a*a*a*a*a*a*a*$x", "^.*.*.*.*.*.*.*b",
					    "[a-z]*[a-z]*[a-z]*[a-z]*c$" };

	memset(line, 'a', sizeof(line));
	for (size_t k = 0; k < sizeof(pats) / sizeof(pats[0]); k++) {
		CHECK_EQ_INT(shell_re_compile(&re, pats[k], strlen(pats[k]), 0, NULL), 0);
		for (int rep = 0; rep < 4; rep++)
			CHECK(!shell_re_match(&re, line, sizeof(line)));
	}
	CHECK_EQ_INT(shell_re_compile(&re, "a*a*a*a*a*b", 11, 0, NULL), 0);
	line[sizeof(line) - 1] = 'b';
	CHECK(shell_re_match(&re, line, sizeof(line)));
	memset(line, 'a', sizeof(line));
	CHECK_EQ_INT(shell_re_compile(&re, "aaaaaaaaaaaaaaaaaaaab", 21, SHELL_RE_FIXED, NULL), 0);
	CHECK(!shell_re_match(&re, line, sizeof(line)));
}

static uint64_t rng;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* Random short patterns over the syntax's bytes and random lines over a few letters, matched
 * by both; the compile errors must agree too. */
TEST(random_vs_reference)
{
	static const char pat_alpha[] = "abAB.*^$[]-\\c";
	static const char txt_alpha[] = "abcAB-]^*$.\\";
	unsigned compared = 0, matched = 0;

	rng = check_seed() | 1;
	for (int iter = 0; iter < 200000; iter++) {
		char pat[12], txt[16];
		size_t plen = rnd(sizeof(pat)), tlen = rnd(sizeof(txt));
		unsigned flags = rnd(4) == 0 ? SHELL_RE_ICASE : 0;
		int ref, rc;

		for (size_t i = 0; i < plen; i++)
			pat[i] = pat_alpha[rnd(sizeof(pat_alpha) - 1)];
		for (size_t i = 0; i < tlen; i++)
			txt[i] = txt_alpha[rnd(sizeof(txt_alpha) - 1)];
		if (rnd(8) == 0)
			flags |= SHELL_RE_FIXED;
		rc = shell_re_compile(&re, pat, plen, flags, NULL);
		ref = regex_ref_match(pat, plen, txt, tlen, flags & SHELL_RE_ICASE, flags & SHELL_RE_FIXED);
		if ((rc != 0) != (ref < 0)) {
			check_fail(__FILE__, __LINE__, "pattern \"%.*s\": compile %d, reference %d", (int)plen, pat, rc,
				   ref);
			return;
		}
		if (rc)
			continue;
		compared++;
		if (shell_re_match(&re, txt, tlen) != (ref == 1)) {
			check_fail(__FILE__, __LINE__, "pattern \"%.*s\" flags %u line \"%.*s\": match %d, reference %d",
				   (int)plen, pat, flags, (int)tlen, txt, !ref, ref);
			return;
		}
		matched += ref == 1;
	}
	/* the generator must exercise both outcomes */
	CHECK(compared > 50000);
	CHECK(matched > 5000 && matched < compared - 5000);
}

CHECK_MAIN("shell_regex")

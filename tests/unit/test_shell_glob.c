/*
 * Pathname expansion tests: the matcher (stars, '?', bracket sets and ranges, escapes, case, the
 * leading '.', UTF-8, a star-heavy pattern's cost), the pattern built from a parsed word (quoted
 * characters stay literal), and the walk over a fake directory tree (typed prefixes, several
 * pattern parts, directories only where a '/' follows, sorting, the bounds).
 */
#include "check.h"

#include <keel/errno.h>

#include "kernel/shell/shell_glob.h"
#include "kernel/shell/shell_parse.h"
#include "tests/unit/glob_fake.h"

static bool m(const char *pat, const char *name)
{
	return shell_glob_match(pat, strlen(pat), name);
}

TEST(match_basics)
{
	CHECK(m("*", "abc"));
	CHECK(m("*", ""));
	CHECK(m("a*", "abc"));
	CHECK(!m("b*", "abc"));
	CHECK(m("*.txt", "notes.txt"));
	CHECK(!m("*.txt", "notes.txt.bak"));
	CHECK(m("*.txt*", "notes.txt.bak"));
	CHECK(m("a*b*c", "aXXbYYc"));
	CHECK(!m("a*b*c", "aXXbYY"));
	CHECK(m("?", "x"));
	CHECK(!m("?", ""));
	CHECK(!m("?", "xy"));
	CHECK(m("chapter?.txt", "chapter1.txt"));
	CHECK(!m("chapter?.txt", "chapter10.txt"));
	CHECK(m("**a**", "bab"));
	CHECK(m("abc", "abc"));
	CHECK(!m("abc", "abcd"));
	CHECK(!m("abcd", "abc"));
}

TEST(match_case_and_dots)
{
	CHECK(m("*.TXT", "readme.txt"));
	CHECK(m("read*", "README.TXT"));
	CHECK(m("[a-c]*", "Banana"));
	CHECK(m("[A-C]*", "banana"));
	CHECK(m("[Z-a]", "z"));  /* the other case of 'z', 'Z', is in the range */
	CHECK(m("[Z-a]", "_"));
	CHECK(!m("[Z-a]", "y"));
	CHECK(!m("*", ".hidden"));
	CHECK(!m("?hidden", ".hidden"));
	CHECK(!m("[.]hidden", ".hidden"));
	CHECK(m(".*", ".hidden"));
	CHECK(m("\\.h*", ".hidden"));
	CHECK(m("a*", "a.b")); /* only a leading '.' is special */
}

TEST(match_brackets)
{
	CHECK(m("[abc]", "b"));
	CHECK(!m("[abc]", "d"));
	CHECK(m("[!abc]", "d"));
	CHECK(m("[^abc]", "d"));
	CHECK(!m("[!abc]", "a"));
	CHECK(m("[a-z]x", "qx"));
	CHECK(!m("[a-z]x", "1x"));
	CHECK(m("[]a]", "]"));
	CHECK(m("[!]a]", "b"));
	CHECK(m("[a-]", "-"));
	CHECK(m("[\\]]", "]"));
	CHECK(m("[", "["));       /* not closed: an ordinary '[' */
	CHECK(m("[ab", "[ab"));
	CHECK(!m("[ab", "a"));
	CHECK(m("x[*]", "x*"));
	CHECK(!m("x[*]", "xy"));
}

TEST(match_escapes_and_utf8)
{
	CHECK(m("\\*", "*"));
	CHECK(!m("\\*", "a"));
	CHECK(m("a\\?", "a?"));
	CHECK(!m("a\\?", "ab"));
	CHECK(m("a\\", "a\\")); /* a trailing backslash is itself */
	CHECK(m("Gr??e*", "Grüße — 日本語.txt")); /* '?' is one character, not one byte */
	CHECK(m("?", "日"));
	CHECK(!m("??", "日"));
	CHECK(m("[!a]", "ü"));
	CHECK(!m("[ü]", "ü")); /* sets hold ASCII characters */
	CHECK(m("*語.txt", "Grüße — 日本語.txt"));
}

TEST(match_worst_case_is_bounded)
{
	char pat[1100], name[800];
	size_t n = 0;

	for (int i = 0; i < 500; i++) {
		pat[n++] = '*';
		pat[n++] = 'a';
	}
	pat[n++] = 'b';
	pat[n] = '\0';
	memset(name, 'a', 767);
	name[767] = '\0';
	CHECK(!shell_glob_match(pat, n, name)); /* returns (quadratically, not exponentially) */
	memset(name, 'a', 300);
	name[300] = 'b';
	name[301] = '\0';
	CHECK(!shell_glob_match(pat, n, name)); /* 300 a's cannot fill 500 "a"s */
	memset(name, 'a', 600);
	name[600] = 'b';
	name[601] = '\0';
	CHECK(shell_glob_match(pat, n, name));
}

TEST(name_order_is_ls_order)
{
	CHECK(shell_name_cmp("alpha", "Beta") < 0); /* case folded */
	CHECK(shell_name_cmp("Beta", "alpha") > 0);
	CHECK(shell_name_cmp("A", "a") < 0);         /* a tie broken by the bytes */
	CHECK(shell_name_cmp("abc", "abc") == 0);
	CHECK(shell_name_cmp("ab", "abc") < 0);
	CHECK(shell_name_cmp("zeta.txt", "\xc3\x89mile.txt") < 0); /* UTF-8 after ASCII */
}

/* ---------------------------------------------------------------- patterns from parsed words */

static void pattern_of(const char *line_in, int stage, int word, const char *want, int line)
{
	char buf[256], *words[16], out[256];
	uint8_t meta[256];
	struct shell_pipeline p;
	struct shell_parse_error err;
	int n;

	snprintf(buf, sizeof(buf), "%s", line_in);
	n = shell_parse_pipeline_meta(buf, meta, words, 16, &p, &err);
	if (n <= stage || word >= p.stage[stage].argc) {
		check_fail(__FILE__, line, "parse(%s) = %d", line_in, n);
		return;
	}
	{
		const char *w = p.stage[stage].argv[word];
		const uint8_t *wm = meta + (w - buf);

		if (!want) {
			if (shell_glob_wanted(w, wm))
				check_fail(__FILE__, line, "%s: word %d wants expansion", line_in, word);
			return;
		}
		if (!shell_glob_wanted(w, wm))
			check_fail(__FILE__, line, "%s: word %d does not want expansion", line_in, word);
		if (shell_glob_pattern(w, wm, out, sizeof(out)) != 0 || strcmp(out, want) != 0)
			check_fail(__FILE__, line, "%s: pattern \"%s\", want \"%s\"", line_in, out, want);
	}
}
#define PATTERN(l, w, want) pattern_of(l, 0, w, want, __LINE__)
#define PATTERN_IN(l, st, w, want) pattern_of(l, st, w, want, __LINE__)

TEST(patterns_from_words)
{
	PATTERN("ls *.txt", 1, "*.txt");
	PATTERN("ls '*.txt'", 1, NULL);
	PATTERN("ls \"*.txt\"", 1, NULL);
	PATTERN("ls \\*.txt", 1, NULL);
	PATTERN("ls plain", 1, NULL);
	PATTERN("ls a-b!c^d]", 1, NULL); /* no * ? or [: nothing to expand */
	PATTERN("ls '*'*", 1, "\\**");
	PATTERN("ls \"a?\"?", 1, "a\\??");
	PATTERN("ls '[x]'[y]", 1, "\\[x\\][y]");
	PATTERN("ls [!a-z]*", 1, "[!a-z]*");
	PATTERN("ls '\\'*", 1, "\\\\*");
	PATTERN("ls 'x-'*", 1, "x\\-*");
	PATTERN_IN("echo a|ls b*", 0, 1, NULL);
	PATTERN_IN("echo a|ls b*", 1, 1, "b*");
	PATTERN_IN("ls *|cat", 0, 1, "*");
	PATTERN_IN("ls *|cat", 1, 0, NULL);
	PATTERN_IN("cat<*.txt", 0, 0, NULL);
}

TEST(pattern_too_long)
{
	uint8_t meta[8] = { 1, 0, 0, 0, 0, 0, 0, 0 };
	char out[4];

	CHECK_EQ_INT(shell_glob_pattern("*abc", meta, out, sizeof(out)), -ENAMETOOLONG);
	CHECK_EQ_INT(shell_glob_pattern("*a", meta, out, sizeof(out)), 0);
	CHECK_EQ_INT(shell_glob_pattern("", meta, out, 0), -ENAMETOOLONG);
}

/* ---------------------------------------------------------------- the walk over a fake tree */

/* The tree (tests/unit/glob_fake.h): "d/" is a directory. */
static const char *const tree[] = {
	"README.TXT", "empty.txt", "A long name.txt", "ramp.bin", ".hidden",
	"docs/", "docs/guide/", "docs/guide/chapter1.txt", "docs/guide/chapter2.txt", "docs/guide/deeper/",
	"docs/guide/deeper/bottom.txt", "src/", "src/hello.c", "src/main.c", "Unicode ✓/", "Unicode ✓/Ελληνικά.txt",
	"zz.txt/", "zz.txt/inner",
};

static struct glob_fake fake = { tree, sizeof(tree) / sizeof(tree[0]), 0, 0, 0 };

static char scratch[SHELL_GLOB_SCRATCH], buf[4096];
static char *words[64];

static struct shell_glob_out fresh(size_t max, unsigned dirs_max)
{
	fake.opens = 0;
	return (struct shell_glob_out){ .scratch = scratch, .buf = buf, .cap = sizeof(buf), .words = words,
					.max = max, .dirs_max = dirs_max };
}

static void expand_expect(const char *pattern, const char *want, int line)
{
	struct shell_glob_out o = fresh(64, 64);
	char joined[2048] = "";
	int n = shell_glob_expand(&glob_fake_ops, &fake, pattern, &o);

	if (n < 0) {
		check_fail(__FILE__, line, "expand(%s) = %d", pattern, n);
		return;
	}
	for (int i = 0; i < n; i++) {
		if (i)
			strcat(joined, "|");
		strcat(joined, o.words[i]);
	}
	if (strcmp(joined, want) != 0)
		check_fail(__FILE__, line, "expand(%s) = \"%s\", want \"%s\"", pattern, joined, want);
	if (fake.open_now != 0)
		check_fail(__FILE__, line, "expand(%s) left %u directories open", pattern, fake.open_now);
}
#define EXPAND(p, w) expand_expect(p, w, __LINE__)

TEST(expand_tree)
{
	EXPAND("*", "A long name.txt|docs|empty.txt|ramp.bin|README.TXT|src|Unicode ✓|zz.txt");
	EXPAND("*.txt", "A long name.txt|empty.txt|README.TXT|zz.txt");
	EXPAND("*/", "docs/|src/|Unicode ✓/|zz.txt/");
	EXPAND("*/*.c", "src/hello.c|src/main.c");
	EXPAND("docs/*/chapter?.txt", "docs/guide/chapter1.txt|docs/guide/chapter2.txt");
	EXPAND("d*/g*/d*/*", "docs/guide/deeper/bottom.txt");
	EXPAND("/ram0/s*/m*", "/ram0/src/main.c");
	EXPAND("/ram0/src/*.c", "/ram0/src/hello.c|/ram0/src/main.c");
	EXPAND("docs//gu*", "docs//guide");
	EXPAND("src/../s*", "src/../src");
	EXPAND("./RE*", "./README.TXT");
	EXPAND("./R*", "./ramp.bin|./README.TXT"); /* case ignored, as FAT does */
	EXPAND("*/inner", "zz.txt/inner");
	EXPAND("*/INNER", "zz.txt/inner"); /* as stored */
	EXPAND(".*", ".hidden");
	EXPAND("[r]*", "ramp.bin|README.TXT");
	EXPAND("nothing*", "");
	EXPAND("nodir/*", "");
	EXPAND("README.TXT/*", "");
	EXPAND("Uni*/*", "Unicode ✓/Ελληνικά.txt");
	EXPAND("\\*", ""); /* only the typed name "*", which is not there */
}

TEST(expand_bounds)
{
	struct shell_glob_out o = fresh(3, 64);

	CHECK_EQ_INT(shell_glob_expand(&glob_fake_ops, &fake, "*", &o), -E2BIG);
	CHECK_EQ_INT((int)o.n, 0);
	CHECK_EQ_INT((int)o.used, 0);
	CHECK_EQ_INT((int)fake.open_now, 0);
	o = fresh(64, 2);
	CHECK_EQ_INT(shell_glob_expand(&glob_fake_ops, &fake, "*/*/*", &o), -E2BIG);
	CHECK_EQ_INT((int)fake.open_now, 0);
	o = fresh(64, 64);
	CHECK_EQ_INT(shell_glob_expand(&glob_fake_ops, &fake, "src/*", &o), 2);
	CHECK_EQ_INT(shell_glob_expand(&glob_fake_ops, &fake, "*.bin", &o), 1); /* appends, keeps the first */
	CHECK_EQ_STR(o.words[0], "src/hello.c");
	CHECK_EQ_STR(o.words[2], "ramp.bin");
	{
		char deep[200] = "";

		strcat(deep, "*");
		for (int i = 0; i < SHELL_GLOB_DEPTH_MAX; i++)
			strcat(deep, "/..");
		o = fresh(64, 1000);
		CHECK_EQ_INT(shell_glob_expand(&glob_fake_ops, &fake, deep, &o), -E2BIG);
	}
	o = fresh(64, 64);
	fake.fail_next = 1; /* a directory that fails to read matches nothing */
	CHECK_EQ_INT(shell_glob_expand(&glob_fake_ops, &fake, "*", &o), 0);
	CHECK_EQ_INT((int)fake.open_now, 0);
}

TEST(expand_small_buffer)
{
	struct shell_glob_out o = fresh(64, 64);

	o.cap = 12;
	CHECK_EQ_INT(shell_glob_expand(&glob_fake_ops, &fake, "src/*", &o), -E2BIG); /* "src/hello.c" + NUL fits, then no room */
	CHECK_EQ_INT((int)o.n, 0);
	o = fresh(64, 64);
	o.cap = 24;
	CHECK_EQ_INT(shell_glob_expand(&glob_fake_ops, &fake, "src/*", &o), 2);
}

CHECK_MAIN("shell_glob")

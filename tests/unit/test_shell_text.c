/*
 * The filters' core logic: wc counts in any split of the input and coreutils' column widths,
 * sort's byte and numeric comparisons (signs, leading zeros, fractions, numbers longer than any
 * integer type, lines without numbers), -r, and the merge sort: sorted, stable, checked against
 * insertion sort on random inputs.
 */
#include "check.h"

#include <stdlib.h>

#include "kernel/shell/shell_text.h"

TEST(wc_counts)
{
	static const char text[] = "  hello world\n\tfoo\n\nbar baz qux";
	struct shell_wc whole = { 0 };

	shell_wc_feed(&whole, text, sizeof(text) - 1);
	CHECK_EQ_U64(whole.lines, 3);
	CHECK_EQ_U64(whole.words, 6);
	CHECK_EQ_U64(whole.bytes, sizeof(text) - 1);
	for (size_t cut = 0; cut <= sizeof(text) - 1; cut++) { /* a word split across two feeds counts once */
		struct shell_wc w = { 0 };

		shell_wc_feed(&w, text, cut);
		shell_wc_feed(&w, text + cut, sizeof(text) - 1 - cut);
		CHECK(w.lines == whole.lines && w.words == whole.words && w.bytes == whole.bytes);
	}
	struct shell_wc e = { 0 };

	shell_wc_feed(&e, "", 0);
	CHECK(e.lines == 0 && e.words == 0 && e.bytes == 0);
	shell_wc_feed(&e, "\xc3\xa9t\xc3\xa9\v\f\rx", 9); /* non-ASCII bytes are word bytes */
	CHECK_EQ_U64(e.words, 2);
}

TEST(wc_width)
{
	CHECK_EQ_INT(shell_wc_width(1, 1, 0, true), 1);          /* wc -l on stdin: "3" */
	CHECK_EQ_INT(shell_wc_width(3, 1, 0, true), 7);          /* wc on stdin: "      2       3      12" */
	CHECK_EQ_INT(shell_wc_width(3, 1, 12345, false), 5);     /* a file of 12345 bytes */
	CHECK_EQ_INT(shell_wc_width(1, 2, 5, false), 1);
	CHECK_EQ_INT(shell_wc_width(2, 2, 123456789, true), 9);
}

static int cmp(const char *a, const char *b, unsigned flags)
{
	struct shell_text_line x = { a, strlen(a) }, y = { b, strlen(b) };
	int c = shell_sort_cmp(&x, &y, flags);

	return c < 0 ? -1 : c > 0;
}

TEST(sort_compare)
{
	CHECK_EQ_INT(cmp("a", "b", 0), -1);
	CHECK_EQ_INT(cmp("ab", "a", 0), 1);
	CHECK_EQ_INT(cmp("", "a", 0), -1);
	CHECK_EQ_INT(cmp("B", "a", 0), -1);            /* bytes: capitals first */
	CHECK_EQ_INT(cmp("\xff", "a", 0), 1);          /* unsigned */
	CHECK_EQ_INT(cmp("abc", "abc", 0), 0);
	CHECK_EQ_INT(cmp("a", "b", SHELL_SORT_REVERSE), 1);

	const unsigned n = SHELL_SORT_NUMERIC;

	CHECK_EQ_INT(cmp("9", "10", n), -1);
	CHECK_EQ_INT(cmp("10", "9", 0), -1);
	CHECK_EQ_INT(cmp("-5", "3", n), -1);
	CHECK_EQ_INT(cmp("-5", "-3", n), -1);
	CHECK_EQ_INT(cmp("007", "7", n), 0);
	CHECK_EQ_INT(cmp("  42 apples", "42 pears", n), 0);
	CHECK_EQ_INT(cmp("1.5", "1.25", n), 1);
	CHECK_EQ_INT(cmp("1.50", "1.5", n), 0);
	CHECK_EQ_INT(cmp("-0", "0", n), 0);
	CHECK_EQ_INT(cmp("abc", "0", n), 0);           /* no number: zero */
	CHECK_EQ_INT(cmp("abc", "-1", n), 1);
	CHECK_EQ_INT(cmp(".5", "0.4", n), 1);
	CHECK_EQ_INT(cmp("123456789012345678901234567890", "123456789012345678901234567889", n), 1);
	CHECK_EQ_INT(cmp("-123456789012345678901234567890", "-99", n), -1);
	CHECK_EQ_INT(cmp("2", "10", n | SHELL_SORT_REVERSE), 1);
}

static uint64_t rng;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* Random lines from a few keys (many equal ones), each its own object: the merge sort must put
 * the very objects where a stable insertion sort puts them. */
TEST(merge_sort_stable)
{
	static const char *const keys[] = { "1", "2", "10", "-3", "abc", "abd", "", "1.5", "01" };
	enum { MAX = 300 };

	rng = check_seed() | 1;
	for (int iter = 0; iter < 400; iter++) {
		struct shell_text_line v[MAX], tmp[MAX], ref[MAX];
		char store[MAX][16];
		size_t n = rnd(MAX);
		unsigned flags = rnd(4);

		for (size_t i = 0; i < n; i++) {
			snprintf(store[i], sizeof(store[i]), "%s", keys[rnd(sizeof(keys) / sizeof(keys[0]))]);
			v[i] = (struct shell_text_line){ store[i], strlen(store[i]) };
			ref[i] = v[i];
		}
		for (size_t i = 1; i < n; i++) { /* insertion sort: stable by construction */
			struct shell_text_line x = ref[i];
			size_t j = i;

			while (j > 0 && shell_sort_cmp(&ref[j - 1], &x, flags) > 0) {
				ref[j] = ref[j - 1];
				j--;
			}
			ref[j] = x;
		}
		shell_sort_lines(v, tmp, n, flags);
		for (size_t i = 0; i < n; i++)
			if (v[i].p != ref[i].p) { /* the same line object: order and stability */
				check_fail(__FILE__, __LINE__, "n %zu flags %u: position %zu differs", n, flags, i);
				break;
			}
	}
}

CHECK_MAIN("shell_text")

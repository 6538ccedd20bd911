/*
 * Shell parsing tests: word splitting with quotes and escapes, its errors and bounds, the
 * getopt helper and number parsing.
 */
#include "check.h"

#include <keel/errno.h>

#include "kernel/shell/shell_parse.h"

/* Split `in`; expect the words joined by '|' (or the error code and message). */
static void split_expect(const char *in, int want_rc, const char *want, int line)
{
	char buf[512], joined[512] = "";
	char *argv[SHELL_MAX_ARGS + 1];
	struct shell_parse_error err;
	int rc;

	snprintf(buf, sizeof(buf), "%s", in);
	rc = shell_split(buf, argv, SHELL_MAX_ARGS + 1, &err);
	if (rc != want_rc) {
		check_fail(__FILE__, line, "split(%s) = %d, want %d", in, rc, want_rc);
		return;
	}
	if (rc < 0) {
		if (!err.msg || strcmp(err.msg, want) != 0)
			check_fail(__FILE__, line, "split(%s) error \"%s\", want \"%s\"", in,
				   err.msg ? err.msg : "(null)", want);
		return;
	}
	for (int i = 0; i < rc; i++) {
		if (i)
			strcat(joined, "|");
		strcat(joined, argv[i]);
	}
	if (argv[rc] != NULL)
		check_fail(__FILE__, line, "argv[argc] not NULL");
	if (strcmp(joined, want) != 0)
		check_fail(__FILE__, line, "split(%s) = \"%s\", want \"%s\"", in, joined, want);
}
#define SPLIT(in, n, want) split_expect(in, n, want, __LINE__)

TEST(split_words)
{
	SPLIT("", 0, "");
	SPLIT("   \t ", 0, "");
	SPLIT("echo", 1, "echo");
	SPLIT("  echo  a\tb  c ", 4, "echo|a|b|c");
}

TEST(split_quotes)
{
	SPLIT("echo 'a  b' \"c  d\"", 3, "echo|a  b|c  d");
	SPLIT("echo ''", 2, "echo|");
	SPLIT("echo \"\" x", 3, "echo||x");
	SPLIT("a'b'\"c\"d", 1, "abcd");
	SPLIT("'a\"b' \"a'b\"", 2, "a\"b|a'b");
	SPLIT("'a\\b'", 1, "a\\b");
	SPLIT("\"a\\\"b\\\\c\\d\\$\"", 1, "a\"b\\c\\d$");
}

TEST(split_escapes)
{
	SPLIT("a\\ b c", 2, "a b|c");
	SPLIT("\\'x\\\"", 1, "'x\"");
	SPLIT("\\\\", 1, "\\");
}

TEST(split_errors)
{
	char buf[64], *argv[4];
	struct shell_parse_error err;

	SPLIT("echo 'abc", -EINVAL, "unterminated single quote");
	SPLIT("echo \"abc", -EINVAL, "unterminated double quote");
	SPLIT("echo abc\\", -EINVAL, "backslash at end of line");
	SPLIT("echo \"a\\\"", -EINVAL, "unterminated double quote");
	strcpy(buf, "x 'oops");
	CHECK_EQ_INT(shell_split(buf, argv, 4, &err), -EINVAL);
	CHECK_EQ_INT(err.pos, 2);
	strcpy(buf, "a b c");
	CHECK_EQ_INT(shell_split(buf, argv, 4, &err), 3);
	strcpy(buf, "a b c d");
	CHECK_EQ_INT(shell_split(buf, argv, 4, &err), -E2BIG);
	CHECK_EQ_STR(err.msg, "too many arguments");
	CHECK_EQ_INT(err.pos, 6);
	CHECK_EQ_INT(shell_split(buf, argv, 0, NULL), -E2BIG);
}

TEST(split_max_args)
{
	char buf[256] = "", *argv[SHELL_MAX_ARGS + 1];

	for (int i = 0; i < SHELL_MAX_ARGS; i++)
		strcat(buf, "w ");
	CHECK_EQ_INT(shell_split(buf, argv, SHELL_MAX_ARGS + 1, NULL), SHELL_MAX_ARGS);
	strcpy(buf, "");
	for (int i = 0; i < SHELL_MAX_ARGS + 1; i++)
		strcat(buf, "w ");
	CHECK_EQ_INT(shell_split(buf, argv, SHELL_MAX_ARGS + 1, NULL), -E2BIG);
}

TEST(getopt_basic)
{
	char *argv[] = { "cmd", "-a", "-bc", "-n5", "-n", "7", "file", "-z", NULL };
	struct shell_getopt g;

	shell_getopt_init(&g);
	CHECK_EQ_INT(shell_getopt(&g, 8, argv, "abcn:"), 'a');
	CHECK_EQ_INT(shell_getopt(&g, 8, argv, "abcn:"), 'b');
	CHECK_EQ_INT(shell_getopt(&g, 8, argv, "abcn:"), 'c');
	CHECK_EQ_INT(shell_getopt(&g, 8, argv, "abcn:"), 'n');
	CHECK_EQ_STR(g.arg, "5");
	CHECK_EQ_INT(shell_getopt(&g, 8, argv, "abcn:"), 'n');
	CHECK_EQ_STR(g.arg, "7");
	CHECK_EQ_INT(shell_getopt(&g, 8, argv, "abcn:"), -1);
	CHECK_EQ_INT(g.ind, 6);
	CHECK_EQ_STR(argv[g.ind], "file");
}

TEST(getopt_errors_and_end)
{
	char *a1[] = { "cmd", "-x", NULL };
	char *a2[] = { "cmd", "-n", NULL };
	char *a3[] = { "cmd", "-a", "--", "-b", NULL };
	char *a4[] = { "cmd", "-", "-a", NULL };
	char *a5[] = { "cmd", "-a:", NULL };
	struct shell_getopt g;

	shell_getopt_init(&g);
	CHECK_EQ_INT(shell_getopt(&g, 2, a1, "n:"), '?');
	CHECK_EQ_STR(g.err, "unknown option -x");
	CHECK_EQ_INT(shell_getopt(&g, 2, a1, "n:"), -1);
	shell_getopt_init(&g);
	CHECK_EQ_INT(shell_getopt(&g, 2, a2, "n:"), '?');
	CHECK_EQ_STR(g.err, "option -n needs an argument");
	shell_getopt_init(&g);
	CHECK_EQ_INT(shell_getopt(&g, 4, a3, "ab"), 'a');
	CHECK_EQ_INT(shell_getopt(&g, 4, a3, "ab"), -1);
	CHECK_EQ_INT(g.ind, 3);
	shell_getopt_init(&g);
	CHECK_EQ_INT(shell_getopt(&g, 3, a4, "a"), -1);
	CHECK_EQ_INT(g.ind, 1);
	shell_getopt_init(&g);
	CHECK_EQ_INT(shell_getopt(&g, 2, a5, "a:"), 'a');
	CHECK_EQ_STR(g.arg, ":");
	shell_getopt_init(&g);
	CHECK_EQ_INT(shell_getopt(&g, 1, a5, "a"), -1);
}

TEST(parse_u64)
{
	uint64_t v = 0;

	CHECK_EQ_INT(shell_parse_u64("0", &v), 0);
	CHECK_EQ_U64(v, 0);
	CHECK_EQ_INT(shell_parse_u64("12345", &v), 0);
	CHECK_EQ_U64(v, 12345);
	CHECK_EQ_INT(shell_parse_u64("0x1F", &v), 0);
	CHECK_EQ_U64(v, 31);
	CHECK_EQ_INT(shell_parse_u64("0b101", &v), 0);
	CHECK_EQ_U64(v, 5);
	CHECK_EQ_INT(shell_parse_u64("4K", &v), 0);
	CHECK_EQ_U64(v, 4096);
	CHECK_EQ_INT(shell_parse_u64("2m", &v), 0);
	CHECK_EQ_U64(v, 2u << 20);
	CHECK_EQ_INT(shell_parse_u64("18446744073709551615", &v), 0);
	CHECK_EQ_U64(v, UINT64_MAX);
	CHECK_EQ_INT(shell_parse_u64("18446744073709551616", &v), -ERANGE);
	CHECK_EQ_INT(shell_parse_u64("0xFFFFFFFFFFFFFFFFF", &v), -ERANGE);
	CHECK_EQ_INT(shell_parse_u64("17179869184G", &v), -ERANGE);
	CHECK_EQ_INT(shell_parse_u64("", &v), -EINVAL);
	CHECK_EQ_INT(shell_parse_u64("0x", &v), -EINVAL);
	CHECK_EQ_INT(shell_parse_u64("12a", &v), -EINVAL);
	CHECK_EQ_INT(shell_parse_u64("-1", &v), -EINVAL);
	CHECK_EQ_INT(shell_parse_u64("4KB", &v), -EINVAL);
}

CHECK_MAIN("shell_parse")

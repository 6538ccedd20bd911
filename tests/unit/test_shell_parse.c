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

/* Parse `in` as a pipeline; expect its stages as "w1 w2 <file" joined by " | " (or an error). */
static void pipe_expect(const char *in, int want_rc, const char *want, int line)
{
	char buf[512], joined[512] = "";
	char *words[SHELL_MAX_ARGS + SHELL_MAX_STAGES + 1];
	struct shell_pipeline p;
	struct shell_parse_error err;
	int rc;

	snprintf(buf, sizeof(buf), "%s", in);
	rc = shell_parse_pipeline(buf, words, sizeof(words) / sizeof(words[0]), &p, &err);
	if (rc != want_rc) {
		check_fail(__FILE__, line, "pipeline(%s) = %d, want %d (%s)", in, rc, want_rc, err.msg ? err.msg : "");
		return;
	}
	if (rc < 0) {
		if (!err.msg || strcmp(err.msg, want) != 0)
			check_fail(__FILE__, line, "pipeline(%s) error \"%s\", want \"%s\"", in,
				   err.msg ? err.msg : "(null)", want);
		return;
	}
	for (int i = 0; i < p.n; i++) {
		if (i)
			strcat(joined, " | ");
		for (int k = 0; k < p.stage[i].argc; k++) {
			if (k)
				strcat(joined, " ");
			strcat(joined, "[");
			strcat(joined, p.stage[i].argv[k]);
			strcat(joined, "]");
		}
		if (p.stage[i].argv[p.stage[i].argc] != NULL)
			check_fail(__FILE__, line, "stage %d argv not NULL-terminated", i);
		if (p.stage[i].in_file) {
			strcat(joined, " <");
			strcat(joined, p.stage[i].in_file);
		}
	}
	if (strcmp(joined, want) != 0)
		check_fail(__FILE__, line, "pipeline(%s) = \"%s\", want \"%s\"", in, joined, want);
}
#define PIPE_OK(in, n, want) pipe_expect(in, n, want, __LINE__)
#define PIPE_ERR(in, rc, msg) pipe_expect(in, rc, msg, __LINE__)
#define FD_MSG "N> (2>&1, 2>file) is not supported: error lines always go to the console"

TEST(pipeline_split)
{
	PIPE_OK("", 0, "");
	PIPE_OK("   ", 0, "");
	PIPE_OK("echo a", 1, "[echo] [a]");
	PIPE_OK("echo a | cat", 2, "[echo] [a] | [cat]");
	PIPE_OK("echo a|cat|wc -l", 3, "[echo] [a] | [cat] | [wc] [-l]");
	PIPE_OK("dmesg | grep serial | wc -l", 3, "[dmesg] | [grep] [serial] | [wc] [-l]");
	PIPE_OK("head -n 3 < /ram0/f", 1, "[head] [-n] [3] </ram0/f");
	PIPE_OK("head<f", 1, "[head] <f");
	PIPE_OK("<f head", 1, "[head] <f");
	PIPE_OK("cat <f | wc", 2, "[cat] <f | [wc]");
	PIPE_OK("a | b <f", 2, "[a] | [b] <f");
	PIPE_OK("cat < 'a file|x'", 1, "[cat] <a file|x");
}

TEST(pipeline_quoting)
{
	PIPE_OK("echo '|'", 1, "[echo] [|]");
	PIPE_OK("echo \"a | b\" | cat", 2, "[echo] [a | b] | [cat]");
	PIPE_OK("echo a\\|b", 1, "[echo] [a|b]");
	PIPE_OK("echo \\< \\>", 1, "[echo] [<] [>]");
	PIPE_OK("echo '<'x\">\"", 1, "[echo] [<x>]");
	PIPE_OK("grep 'a|b'|cat", 2, "[grep] [a|b] | [cat]");
	PIPE_OK("echo x''|cat", 2, "[echo] [x] | [cat]");
	PIPE_OK("echo ''|cat", 2, "[echo] [] | [cat]");
	PIPE_OK("cat<\"f g\"|wc", 2, "[cat] <f g | [wc]");
	PIPE_OK("a|b|c|d|e|f|g|h", 8, "[a] | [b] | [c] | [d] | [e] | [f] | [g] | [h]");
}

TEST(pipeline_errors)
{
	PIPE_ERR("| cat", -EINVAL, "a command is missing before |");
	PIPE_ERR("echo a |", -EINVAL, "a command is missing after |");
	PIPE_ERR("echo a || cat", -EINVAL, "a command is missing before |");
	PIPE_ERR("cat <", -EINVAL, "< needs a file name");
	PIPE_ERR("cat < | wc", -EINVAL, "< needs a file name");
	PIPE_ERR("cat < < f", -EINVAL, "< needs a file name");
	PIPE_ERR("cat <a <b", -EINVAL, "more than one < for one command");
	PIPE_ERR("echo a > f", -EROFS, "> cannot write files: the volumes are read-only");
	PIPE_ERR("echo a>f", -EROFS, "> cannot write files: the volumes are read-only");
	PIPE_ERR("echo a 2>&1", -EINVAL, FD_MSG);
	PIPE_ERR("ls x 2>/dev/null | wc", -EINVAL, FD_MSG);
	PIPE_ERR("echo 12>f", -EINVAL, FD_MSG);
	PIPE_ERR("echo a 1>f", -EROFS, "> cannot write files: the volumes are read-only");
	PIPE_ERR("echo a 2 > f", -EROFS, "> cannot write files: the volumes are read-only");
	PIPE_ERR("echo a2>f", -EROFS, "> cannot write files: the volumes are read-only");
	PIPE_ERR("echo 'a | b", -EINVAL, "unterminated single quote");
	PIPE_ERR("echo a | b\\", -EINVAL, "backslash at end of line");
	PIPE_ERR("a|b|c|d|e|f|g|h|i", -E2BIG, "too many commands in the pipeline");
	PIPE_ERR("< f", -EINVAL, "a command is missing for <");
	PIPE_ERR("a | < f", -EINVAL, "a command is missing for <");
}

TEST(pipeline_word_bound)
{
	char buf[4096];
	char *words[8];
	struct shell_pipeline p;
	struct shell_parse_error err;
	size_t n = 0;

	for (int i = 0; i < 20; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "w%d | ", i % 3);
	buf[n - 3] = '\0';
	CHECK_EQ_INT(shell_parse_pipeline(buf, words, 8, &p, &err), -E2BIG);
	snprintf(buf, sizeof(buf), "a b c d e | f g");
	CHECK_EQ_INT(shell_parse_pipeline(buf, words, 8, &p, &err), -E2BIG); /* 7 words + 2 NULLs > 8 */
	snprintf(buf, sizeof(buf), "a b c d | e f");
	CHECK_EQ_INT(shell_parse_pipeline(buf, words, 8, &p, &err), 2); /* exactly 8 */
	snprintf(buf, sizeof(buf), "a b c | e f");
	CHECK_EQ_INT(shell_parse_pipeline(buf, words, 8, &p, &err), 2);
}

CHECK_MAIN("shell_parse")

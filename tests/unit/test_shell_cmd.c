/*
 * Shell command table tests: SHELL_COMMAND descriptors reached through their section pointers,
 * lookup, the sortedness/uniqueness check, prefix completion, and the line-editor completion
 * hook driving a real editor (Tab on "he" lists help/hexdump, "hi" completes "history ").
 */
#include "check.h"

#include <keel/errno.h>

#include "kernel/shell/shell_cmd.h"
#include "kernel/shell/shell_parse.h"
#include "le_fixture.h"

static int ran;
static int cmd_echo(struct shell_ctx *sh, int argc, char **argv)
{
	(void)sh;
	(void)argv;
	ran = argc;
	return 0;
}

SHELL_COMMAND(echo, "echo [words] -- print the words", cmd_echo);
SHELL_COMMAND(help, "help -- list commands", cmd_echo);
SHELL_COMMAND(hexdump, "hexdump addr len -- dump memory", cmd_echo);
SHELL_COMMAND(history, "history -- show the line history", cmd_echo);

/* What the linker does with SORT(.shellcmd.*): a sorted array of the pointers. */
static const struct shell_command *const table_ptrs[] = {
	shell_cmd_ptr_echo, shell_cmd_ptr_help, shell_cmd_ptr_hexdump, shell_cmd_ptr_history,
};
static const struct shell_cmd_table table = { table_ptrs, 4 };

TEST(descriptor_via_pointer)
{
	CHECK_EQ_STR(shell_cmd_ptr_echo->name, "echo");
	CHECK_EQ_STR(shell_cmd_ptr_hexdump->help, "hexdump addr len -- dump memory");
	CHECK(_Alignof(const struct shell_command *) == 8);
	CHECK_EQ_INT(shell_cmd_ptr_echo->fn(NULL, 3, NULL), 0);
	CHECK_EQ_INT(ran, 3);
}

TEST(find_and_at)
{
	CHECK(shell_cmd_find(&table, "help") == shell_cmd_ptr_help);
	CHECK(shell_cmd_find(&table, "hel") == NULL);
	CHECK(shell_cmd_find(&table, "helpx") == NULL);
	CHECK(shell_cmd_find(&table, "") == NULL);
	CHECK(shell_cmd_at(&table, 3) == shell_cmd_ptr_history);
	CHECK(shell_cmd_at(&table, 4) == NULL);
}

TEST(check_table)
{
	size_t bad = 99;
	const struct shell_command *unsorted[] = { shell_cmd_ptr_help, shell_cmd_ptr_echo };
	const struct shell_command *dup[] = { shell_cmd_ptr_help, shell_cmd_ptr_help };
	static const struct shell_command nofn = { "zz", "", NULL };
	const struct shell_command *broken[] = { shell_cmd_ptr_help, &nofn };
	struct shell_cmd_table t;

	CHECK_EQ_INT(shell_cmd_check(&table, &bad), 0);
	t = (struct shell_cmd_table){ unsorted, 2 };
	CHECK_EQ_INT(shell_cmd_check(&t, &bad), -EINVAL);
	CHECK_EQ_INT(bad, 1);
	t = (struct shell_cmd_table){ dup, 2 };
	CHECK_EQ_INT(shell_cmd_check(&t, NULL), -EINVAL);
	t = (struct shell_cmd_table){ broken, 2 };
	CHECK_EQ_INT(shell_cmd_check(&t, &bad), -EINVAL);
	CHECK_EQ_INT(bad, 1);
	t = (struct shell_cmd_table){ NULL, 0 };
	CHECK_EQ_INT(shell_cmd_check(&t, NULL), 0);
	CHECK(shell_cmd_find(&t, "help") == NULL);
}

static void collect(void *user, const struct shell_command *c)
{
	strcat(user, c->name);
	strcat(user, ",");
}

TEST(complete_prefix)
{
	char got[128] = "";

	CHECK_EQ_INT(shell_cmd_complete(&table, "h", 1, collect, got), 3);
	CHECK_EQ_STR(got, "help,hexdump,history,");
	CHECK_EQ_INT(shell_cmd_complete(&table, "", 0, NULL, NULL), 4);
	CHECK_EQ_INT(shell_cmd_complete(&table, "hexdumpx", 8, NULL, NULL), 0);
	CHECK_EQ_INT(shell_cmd_complete(&table, "echo", 4, NULL, NULL), 1);
}

static void ctx_expect(const char *line, bool cmd, size_t start, int lineno)
{
	size_t got = 999;
	bool is_cmd = shell_complete_context(line, strlen(line), &got);

	if (is_cmd != cmd || got != start)
		printf("  line %d: \"%s\": command %d start %zu, want %d %zu\n", lineno, line, is_cmd, got, cmd, start);
	CHECK(is_cmd == cmd && got == start);
}
#define CTX(line, cmd, start) ctx_expect(line, cmd, start, __LINE__)

TEST(complete_context)
{
	CTX("", true, 0);
	CTX("  he", true, 2);
	CTX("cat RE", false, 4);
	CTX("cat ", false, 4);
	CTX("echo a|he", true, 7);
	CTX("echo a | he", true, 9);
	CTX("echo a | ", true, 9);
	CTX("echo a |", true, 8);
	CTX("cat</ram0/REA", false, 4);
	CTX("cat < /ram0/REA", false, 6);
	CTX("cat <", false, 5);
	CTX("<f he", true, 3);
	CTX("< f", false, 2);
	CTX("cat <f x", false, 7);
	CTX("echo 'a|b' c", false, 11);
	CTX("echo 'a|b", false, 5);
	CTX("echo a\\|he", false, 5);
	CTX("echo a\\ b", false, 5);
	CTX("echo \"x | y\" | w", true, 15);
	CTX("a|b|c", true, 4);
}

static void le_complete(void *user, const char *line, size_t len, size_t cursor,
			struct term_le_completions *out)
{
	(void)user;
	shell_cmd_complete_line(&table, line, len, cursor, out);
}

TEST(editor_completion_hook)
{
	struct fix *f = fix_new(80, 24, "keel> ");

	f->ops.complete = le_complete;
	fix_type(f, "  hi\t");
	FIX_EXPECT(f, 0, 16, "keel>   history ");
	fix_type(f, "e\t");
	FIX_EXPECT(f, 0, 17, "keel>   history e"); /* not the first word: nothing */
	fix_type(f, "\x15" "he\t");
	FIX_EXPECT(f, 2, 8, "keel> he", "help     hexdump", "keel> he");
	fix_type(f, "x\t\r");
	CHECK_EQ_STR(f->lines[0], "hexdump ");
	fix_type(f, "ls|hi\t\r");
	CHECK_EQ_STR(f->lines[1], "ls|history "); /* a pipeline stage's command, with no blank before it */
	fix_free(f);
}

CHECK_MAIN("shell_cmd")

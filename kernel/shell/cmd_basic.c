/*
 * Basic shell commands: help, echo, clear, history, sleep, version, cmdline, resize.
 */
#include <keel/cmdline.h>
#include <keel/errno.h>
#include <keel/task.h>
#include <keel/time.h>
#include <keel/timer.h>
#include <string.h>

#include "kernel/console/console.h"
#include "kernel/shell/shell.h"
#include "kernel/shell/shell_parse.h"
#include "term/term.h"

#define KEEL_VERSION_STRING "Keel 0.1 (x86_64)"

static int cmd_help(struct shell_ctx *sh, int argc, char **argv)
{
	struct shell_cmd_table t = shell_cmd_kernel_table();
	const struct shell_command *c;

	if (argc > 2)
		return shell_usage(sh, "help");
	if (argc == 2) {
		c = shell_cmd_find(&t, argv[1]);
		if (!c)
			return shell_error(sh, -ENOENT, "no command '%s'", argv[1]);
		shell_printf(sh, "%s\n", c->help);
		return 0;
	}
	for (size_t i = 0; (c = shell_cmd_at(&t, i)) != NULL; i++)
		shell_printf(sh, "  %s\n", c->help);
	return 0;
}
SHELL_COMMAND(help, "help [command] -- list the commands, or show one's usage", cmd_help);

static int cmd_echo(struct shell_ctx *sh, int argc, char **argv)
{
	bool newline = true;
	int i = 1;

	if (argc > 1 && strcmp(argv[1], "-n") == 0) {
		newline = false;
		i++;
	}
	for (; i < argc; i++)
		shell_printf(sh, "%s%s", argv[i], i + 1 < argc ? " " : "");
	if (newline)
		shell_write(sh, "\n", 1);
	return 0;
}
SHELL_COMMAND(echo, "echo [-n] [words...] -- print the words", cmd_echo);

static int cmd_clear(struct shell_ctx *sh, int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return shell_usage(sh, "clear");
	shell_write(sh, "\033[H\033[2J\033[3J", 11);
	console_repaint(sh->con); /* from scratch: text the console never drew goes too */
	return 0;
}
SHELL_COMMAND(clear, "clear -- clear the screen", cmd_clear);

static int cmd_history(struct shell_ctx *sh, int argc, char **argv)
{
	char buf[TERM_LE_MAX_LINE + 1];
	int len;

	(void)argv;
	if (argc != 1)
		return shell_usage(sh, "history");
	for (unsigned i = 0; (len = console_history(sh->con, i, buf, sizeof(buf))) >= 0; i++)
		shell_printf(sh, "%4u  %s\n", i + 1, buf);
	return 0;
}
SHELL_COMMAND(history, "history -- list the lines entered so far", cmd_history);

static int cmd_sleep(struct shell_ctx *sh, int argc, char **argv)
{
	uint64_t ms;

	if (argc != 2 || shell_parse_u64(argv[1], &ms) != 0)
		return shell_usage(sh, "sleep");
	task_sleep_ms(ms); /* Ctrl-C kills the command's task, ending the sleep */
	return 0;
}
SHELL_COMMAND(sleep, "sleep MS -- wait MS milliseconds (Ctrl-C stops it)", cmd_sleep);

static int cmd_version(struct shell_ctx *sh, int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return shell_usage(sh, "version");
	shell_printf(sh, "%s, built %s %s\n", KEEL_VERSION_STRING, __DATE__, __TIME__);
	return 0;
}
SHELL_COMMAND(version, "version -- Keel's version and build time", cmd_version);

static int cmd_cmdline(struct shell_ctx *sh, int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return shell_usage(sh, "cmdline");
	shell_printf(sh, "%s\n", cmdline_get());
	return 0;
}
SHELL_COMMAND(cmdline, "cmdline -- the kernel command line", cmd_cmdline);

static int cmd_resize(struct shell_ctx *sh, int argc, char **argv)
{
	int ret, rows, cols;

	(void)argv;
	if (argc != 1)
		return shell_usage(sh, "resize");
	ret = console_query_size(sh->con);
	console_get_size(sh->con, &rows, &cols);
	if (ret == -ENOTTY)
		return shell_error(sh, ret, "%s is a display: its size is the screen's (%d x %d)", console_name(sh->con),
				   cols, rows);
	if (ret == -EOPNOTSUPP)
		return shell_error(sh, ret, "%s: the device reports no size (and is never asked); keeping %d x %d",
				   console_name(sh->con), cols, rows);
	if (ret < 0)
		return shell_error(sh, ret, "the terminal did not answer; keeping %d x %d", cols, rows);
	shell_printf(sh, "terminal is %d columns x %d rows\n", cols, rows);
	return 0;
}
SHELL_COMMAND(resize, "resize -- ask the terminal for its size again", cmd_resize);

static int cmd_yes(struct shell_ctx *sh, int argc, char **argv)
{
	const char *text = argc > 1 ? argv[1] : "y";

	if (argc > 2)
		return shell_usage(sh, "yes");
	while (!shell_interrupted(sh)) /* Ctrl-C, or the reader of a pipe has gone */
		shell_printf(sh, "%s\n", text);
	return 0;
}
SHELL_COMMAND(yes, "yes [TEXT] -- print TEXT (or y) forever, until Ctrl-C", cmd_yes);

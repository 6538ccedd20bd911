/*
 * The shell: one task per console. It sizes the console, shows the prompt, takes submitted lines,
 * splits them into words (quotes and escapes as in shell_parse.c), and runs the named command in
 * a task of its own, waiting for it; Ctrl-C kills that task (console.c), so even a blocked command
 * can be stopped. Unknown commands and bad quoting get a clear message.
 */
#include <keel/errno.h>
#include <keel/format.h>
#include <keel/heap.h>
#include <keel/log.h>
#include <keel/task.h>
#include <string.h>

#include "kernel/console/console.h"
#include "kernel/console/console_priv.h"
#include "kernel/shell/shell.h"
#include "kernel/shell/shell_fs.h"
#include "kernel/shell/shell_parse.h"
#include "term/term.h"

#define SHELL_ARGS 64
#define SHELL_PROMPT "keel> "

struct shell_job {
	struct shell_ctx *sh;
	const struct shell_command *cmd;
	int argc;
	char **argv;
};

void shell_write(struct shell_ctx *sh, const char *buf, size_t n)
{
	console_write(sh->con, buf, n);
}

void shell_printf(struct shell_ctx *sh, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	console_vprintf(sh->con, fmt, ap);
	va_end(ap);
}

int shell_read_line(struct shell_ctx *sh, char *buf, size_t size)
{
	return console_read_line(sh->con, "", buf, size);
}

bool shell_interrupted(struct shell_ctx *sh)
{
	return console_interrupted(sh->con);
}

int shell_usage(struct shell_ctx *sh, const char *cmd)
{
	struct shell_cmd_table t = shell_cmd_kernel_table();
	const struct shell_command *c = shell_cmd_find(&t, cmd);

	shell_printf(sh, "usage: %s\n", c ? c->help : cmd);
	return -EINVAL;
}

/* Each console's shell, for completion (which runs in the console's input task). */
static struct shell_ctx *volatile shell_ctxs[CONSOLE_MAX];

void shell_complete(struct console *c, const char *line, size_t len, size_t cursor,
		    struct term_le_completions *out)
{
	struct shell_cmd_table t = shell_cmd_kernel_table();
	struct shell_ctx *sh = c->index < CONSOLE_MAX ? shell_ctxs[c->index] : NULL;

	if (!shell_fs_complete(sh ? sh->cwd : NULL, line, len, cursor, out))
		shell_cmd_complete_line(&t, line, len, cursor, out);
}

static int shell_job_main(void *arg)
{
	struct shell_job *j = arg;

	return j->cmd->fn(j->sh, j->argc, j->argv);
}

static void shell_run(struct shell_ctx *sh, char *line)
{
	struct shell_cmd_table table = shell_cmd_kernel_table();
	struct shell_parse_error err;
	struct shell_job job;
	char *argv[SHELL_ARGS + 1];
	struct task *t;
	int argc, value = 0;

	argc = shell_split(line, argv, SHELL_ARGS, &err);
	if (argc < 0) {
		shell_printf(sh, "keel: %s (at column %zu)\n", err.msg, err.pos + 1);
		sh->last_status = argc;
		return;
	}
	if (argc == 0)
		return;
	argv[argc] = NULL;
	job = (struct shell_job){ sh, shell_cmd_find(&table, argv[0]), argc, argv };
	if (!job.cmd) {
		shell_printf(sh, "keel: unknown command '%s' (type 'help' for the list)\n", argv[0]);
		sh->last_status = -ENOENT;
		return;
	}
	t = task_spawn(job.cmd->name, shell_job_main, &job);
	if (!t) {
		shell_printf(sh, "keel: cannot start '%s': out of memory\n", argv[0]);
		sh->last_status = -ENOMEM;
		return;
	}
	console_set_running(sh->con, t);
	task_join(t, &value);
	console_set_running(sh->con, NULL);
	if (value == TASK_EXIT_KILLED) {
		shell_printf(sh, "^C (%s interrupted)\n", argv[0]);
	} else if (value < 0) {
		shell_printf(sh, "%s: %s\n", argv[0], keel_strerror(value));
	}
	sh->last_status = value;
}

int shell_main(void *arg)
{
	struct console *c = arg;
	struct shell_ctx sh = { c, 0, shell_cwd_create() };
	char *line = kmalloc(TERM_LE_MAX_LINE + 1);

	if (!line)
		return -ENOMEM;
	if (c->index < CONSOLE_MAX)
		shell_ctxs[c->index] = &sh;
	if (console_query_size(c) != 0)
		pr_info("console", "%s: the terminal did not report its size; using %dx%d", c->name, c->cols, c->rows);
	shell_printf(&sh, "\nKeel console on %s (%dx%d). Type 'help' for commands; Tab completes.\n", c->name,
		     c->cols, c->rows);
	for (;;) {
		int n;

		n = console_read_line(c, SHELL_PROMPT, line, TERM_LE_MAX_LINE + 1);
		if (n < 0)
			continue;
		shell_run(&sh, line); /* the editor has already put the line in its history */
	}
	return 0;
}

/*
 * The shell: the session the console manager runs on every console (it installs itself as the
 * consoles' client: console_set_client). It shows the prompt, takes submitted lines, splits them
 * into words (quotes and escapes as in shell_parse.c), and runs the named command in a task of its
 * own, waiting for it. While a command runs the console is in the foreground state: Ctrl-C
 * reaches shell_interrupt() at the moment it is received, which kills that task (so even a
 * blocked command stops). Every failure gets exactly one error line.
 */
#include <keel/context.h>
#include <keel/errno.h>
#include <keel/format.h>
#include <keel/heap.h>
#include <keel/log.h>
#include <keel/module.h>
#include <keel/settle.h>
#include <keel/task.h>
#include <string.h>

#include "kernel/console/console.h"
#include "kernel/shell/shell.h"
#include "kernel/shell/shell_fs.h"
#include "kernel/shell/shell_parse.h"
#include "term/lineedit.h"

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
	io_stream_write_all(sh->out, buf, n);
}

struct shell_fmt {
	struct shell_ctx *sh;
	size_t n;
	char buf[256];
};

static void shell_fmt_sink(void *ctx, const char *s, size_t n)
{
	struct shell_fmt *f = ctx;

	while (n) {
		size_t k = sizeof(f->buf) - f->n < n ? sizeof(f->buf) - f->n : n;

		memcpy(f->buf + f->n, s, k);
		f->n += k;
		s += k;
		n -= k;
		if (f->n == sizeof(f->buf)) {
			shell_write(f->sh, f->buf, f->n);
			f->n = 0;
		}
	}
}

static void shell_vprintf(struct shell_ctx *sh, const char *fmt, va_list ap)
{
	struct shell_fmt f;

	f.sh = sh;
	f.n = 0;
	keel_vformat(shell_fmt_sink, &f, fmt, ap);
	if (f.n)
		shell_write(sh, f.buf, f.n);
}

void shell_printf(struct shell_ctx *sh, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	shell_vprintf(sh, fmt, ap);
	va_end(ap);
}

int shell_error(struct shell_ctx *sh, int err, const char *fmt, ...)
{
	va_list ap;

	shell_printf(sh, "%s: ", sh->cmd ? sh->cmd : "keel");
	va_start(ap, fmt);
	shell_vprintf(sh, fmt, ap);
	va_end(ap);
	shell_write(sh, "\n", 1);
	sh->reported = true;
	return err;
}

int shell_read_line(struct shell_ctx *sh, char *buf, size_t size)
{
	size_t n = 0;
	char ch;

	for (;;) {
		int64_t r = io_stream_read(sh->in, &ch, 1);

		if (r < 0)
			return (int)r;
		if (r == 0) {
			if (n == 0)
				return -ENODATA;
			break;
		}
		if (ch == '\n')
			break;
		if (n + 1 < size)
			buf[n++] = ch;
	}
	buf[n] = '\0';
	return (int)n;
}

bool shell_interrupted(struct shell_ctx *sh)
{
	(void)sh;
	return atomic_load(&task_current()->kill_requested);
}

int shell_usage(struct shell_ctx *sh, const char *cmd)
{
	struct shell_cmd_table t = shell_cmd_kernel_table();
	const struct shell_command *c = shell_cmd_find(&t, cmd);

	shell_printf(sh, "usage: %s\n", c ? c->help : cmd);
	sh->reported = true;
	return -EINVAL;
}

/* ---------------------------------------------------------------- the console's client */

static void *shell_attach(struct console *c)
{
	struct shell_ctx *sh = kzalloc(sizeof(*sh));

	if (!sh)
		return NULL;
	sh->con = c;
	sh->in = console_stdin(c);
	sh->out = console_stdout(c);
	sh->job_lock = (struct spinlock)SPINLOCK_INIT("shell-job");
	mutex_init(&sh->run_mutex, "shell-run");
	return sh; /* the current directory comes with the first command (shell_settle) */
}

static void shell_complete(void *session, const char *line, size_t len, size_t cursor,
			   struct term_le_completions *out)
{
	struct shell_ctx *sh = session;
	struct shell_cmd_table t = shell_cmd_kernel_table();

	if (!shell_fs_complete(sh->cwd, line, len, cursor, out))
		shell_cmd_complete_line(&t, line, len, cursor, out);
}

/* Ctrl-C while a command runs. Context: the console's input path; does not block. */
static void shell_interrupt(void *session)
{
	struct shell_ctx *sh = session;
	uint64_t f = spin_lock_irqsave(&sh->job_lock);

	if (sh->job)
		task_kill(sh->job);
	else
		sh->int_pending = true; /* between the foreground switch and the spawn */
	spin_unlock_irqrestore(&sh->job_lock, f);
}

static int shell_job_main(void *arg)
{
	struct shell_job *j = arg;

	return j->cmd->fn(j->sh, j->argc, j->argv);
}

static void shell_set_job(struct shell_ctx *sh, struct task *t)
{
	uint64_t f = spin_lock_irqsave(&sh->job_lock);

	sh->job = t;
	if (t && sh->int_pending)
		task_kill(t);
	sh->int_pending = false;
	spin_unlock_irqrestore(&sh->job_lock, f);
}

/* Before the first command: the deferred device work (keel/settle.h) must be done, so that no
 * command shows a device not yet probed or a volume not yet mounted; then the current directory
 * (the first mounted volume). A wait longer than SHELL_SETTLE_NOTE_MS is announced. */
#define SHELL_SETTLE_NOTE_MS 100

static void shell_settle(struct shell_ctx *sh)
{
	if (!devices_settle_wait(SHELL_SETTLE_NOTE_MS)) {
		shell_printf(sh, "(devices are still being probed and volumes mounted: waiting)\n");
		(void)devices_settle_wait(0);
	}
	sh->cwd = shell_cwd_create();
	sh->settled = true;
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
	sh->cmd = NULL;
	if (argc < 0) {
		sh->last_status = shell_error(sh, argc, "%s (at column %zu)", err.msg, err.pos + 1);
		return;
	}
	if (argc == 0)
		return;
	argv[argc] = NULL;
	job = (struct shell_job){ sh, shell_cmd_find(&table, argv[0]), argc, argv };
	if (!job.cmd) {
		sh->last_status = shell_error(sh, -ENOENT, "unknown command '%s' (type 'help' for the list)", argv[0]);
		return;
	}
	if (!sh->settled)
		shell_settle(sh);
	sh->cmd = job.cmd->name;
	sh->reported = false;
	shell_set_job(sh, NULL);
	console_set_foreground(sh->con, true);
	t = task_spawn(job.cmd->name, shell_job_main, &job);
	if (!t) {
		console_set_foreground(sh->con, false);
		sh->last_status = shell_error(sh, -ENOMEM, "cannot start the command: out of memory");
		return;
	}
	shell_set_job(sh, t);
	/* Held across the join: if the command kills this shell, the kill waits until the join
	 * has released the command's task, so nothing is left behind. */
	mutex_lock(&sh->run_mutex);
	task_join(t, &value);
	mutex_unlock(&sh->run_mutex);
	shell_set_job(sh, NULL);
	console_set_foreground(sh->con, false);
	if (value == TASK_EXIT_KILLED)
		shell_printf(sh, "^C (%s interrupted)\n", argv[0]);
	else if (value < 0 && !sh->reported)
		shell_error(sh, value, "%s", keel_strerror(value));
	sh->last_status = value;
	sh->cmd = NULL;
}

static int shell_main(void *session)
{
	struct shell_ctx *sh = session;
	char *line = kmalloc(TERM_LE_MAX_LINE + 1);
	int rows, cols;

	if (!line)
		return -ENOMEM;
	console_get_size(sh->con, &rows, &cols);
	shell_printf(sh, "\nKeel console on %s (%dx%d). Type 'help' for commands; Tab completes.\n",
		     console_name(sh->con), cols, rows);
	for (;;) {
		int n;

		/* Settled already (the usual case: a console starts on a key pressed after the boot):
		 * the current directory now, so Tab completes file names from the first prompt on. */
		if (!sh->settled && devices_settled())
			shell_settle(sh);
		n = console_read_line(sh->con, SHELL_PROMPT, line, TERM_LE_MAX_LINE + 1);
		if (n < 0)
			continue;
		shell_run(sh, line); /* the editor has already put the line in its history */
	}
	return 0;
}

static const struct console_client_ops shell_client = {
	.attach = shell_attach,
	.run = shell_main,
	.complete = shell_complete,
	.interrupt = shell_interrupt,
};

static int shell_init(void)
{
	console_set_client(&shell_client);
	return 0;
}

/* Before the console manager and the display console (SERVICE) create any console. */
MODULE_INIT(shell, FS, shell_init);

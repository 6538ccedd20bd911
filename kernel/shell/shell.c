/*
 * The shell: the session the console manager runs on every console (it installs itself as the
 * consoles' client: console_set_client). It shows the prompt, takes submitted lines, parses them
 * into a pipeline (quotes and escapes as in shell_parse.c; '|' and '<'), and runs each command in
 * a task of its own (shell_pipe.c), waiting for them. While a pipeline runs the console is in the
 * foreground state: Ctrl-C reaches shell_interrupt() at the moment it is received, which kills
 * every task of it (so even a blocked command stops). Every failure gets exactly one error line.
 */
#include <keel/assert.h>
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
#include "kernel/shell/shell_expand.h"
#include "kernel/shell/shell_fs.h"
#include "kernel/shell/shell_pipe.h"
#include "kernel/shell/shell_parse.h"
#include "term/lineedit.h"

#define SHELL_ERROR_MAX 512
#define SHELL_PROMPT "keel> "


void shell_write(struct shell_ctx *sh, const char *buf, size_t n)
{
	int ret;

	if (sh->out_err || n == 0)
		return;
	ret = io_stream_write_all(sh->out, buf, n);
	if (ret)
		sh->out_err = ret;
}

int shell_output_error(struct shell_ctx *sh)
{
	return sh->out_err;
}

struct shell_fmt {
	struct shell_ctx *sh;
	const struct io_stream *to;  /* NULL: sh->out through shell_write */
	size_t n;
	char buf[256];
};

static void shell_fmt_out(struct shell_fmt *f)
{
	if (f->to)
		io_stream_write_all(f->to, f->buf, f->n);
	else
		shell_write(f->sh, f->buf, f->n);
	f->n = 0;
}

static void shell_fmt_sink(void *ctx, const char *s, size_t n)
{
	struct shell_fmt *f = ctx;

	while (n) {
		size_t k = sizeof(f->buf) - f->n < n ? sizeof(f->buf) - f->n : n;

		memcpy(f->buf + f->n, s, k);
		f->n += k;
		s += k;
		n -= k;
		if (f->n == sizeof(f->buf))
			shell_fmt_out(f);
	}
}

static void shell_vprintf_to(struct shell_ctx *sh, const struct io_stream *to, const char *fmt, va_list ap)
{
	struct shell_fmt f;

	f.sh = sh;
	f.to = to;
	f.n = 0;
	keel_vformat(shell_fmt_sink, &f, fmt, ap);
	if (f.n)
		shell_fmt_out(&f);
}

static void shell_vprintf(struct shell_ctx *sh, const char *fmt, va_list ap)
{
	shell_vprintf_to(sh, NULL, fmt, ap);
}

/* An error line: to err, as one write (so lines of two commands do not interleave mid-line). */
static void shell_eprintf(struct shell_ctx *sh, const char *fmt, ...) KEEL_PRINTF(2, 3);
static void shell_eprintf(struct shell_ctx *sh, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	shell_vprintf_to(sh, sh->err, fmt, ap);
	va_end(ap);
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
	char line[SHELL_ERROR_MAX];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = keel_vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* Formatted whole first, then written in as few pieces as the formatter makes (one up to 256
	 * bytes), so the error lines of two commands of a pipeline do not interleave mid-line. */
	shell_eprintf(sh, "%s: %.*s\n", sh->cmd ? sh->cmd : "keel", (int)KEEL_MIN(n, sizeof(line) - 1), line);
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
	return sh->out_err || atomic_load(&task_current()->kill_requested);
}

int shell_usage(struct shell_ctx *sh, const char *cmd)
{
	struct shell_cmd_table t = shell_cmd_kernel_table();
	const struct shell_command *c = shell_cmd_find(&t, cmd);

	shell_eprintf(sh, "usage: %s\n", c ? c->help : cmd);
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
	sh->err = sh->out;
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

/* Ctrl-C while a pipeline runs. Context: the console's input path; does not block. */
static void shell_interrupt(void *session)
{
	struct shell_ctx *sh = session;
	uint64_t f = spin_lock_irqsave(&sh->job_lock);

	if (sh->njobs == 0)
		sh->int_pending = true; /* between the foreground switch and the spawns */
	else
		sh->int_sent = true;
	for (unsigned i = 0; i < sh->njobs; i++)
		task_kill(sh->jobs[i]);
	spin_unlock_irqrestore(&sh->job_lock, f);
}

bool shell_int_sent(struct shell_ctx *sh)
{
	uint64_t f = spin_lock_irqsave(&sh->job_lock);
	bool sent = sh->int_sent;

	spin_unlock_irqrestore(&sh->job_lock, f);
	return sent;
}

void shell_set_jobs(struct shell_ctx *sh, struct task *const *tasks, unsigned n)
{
	uint64_t f = spin_lock_irqsave(&sh->job_lock);

	ASSERT(n <= SHELL_MAX_JOBS);
	for (unsigned i = 0; i < n; i++) {
		sh->jobs[i] = tasks[i];
		if (sh->int_pending)
			task_kill(tasks[i]);
	}
	sh->njobs = n;
	if (n) {
		sh->int_sent = sh->int_pending;
		sh->int_pending = false;
	}
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
	struct shell_parse_error err;
	struct shell_pipeline *p = kmalloc(sizeof(*p));
	char **words = kmalloc((SHELL_LINE_WORDS + SHELL_MAX_STAGES + 1) * sizeof(char *));
	uint8_t *meta = kmalloc(strlen(line) + 1);
	struct shell_expansion *x = NULL;
	int n;

	sh->cmd = NULL;
	if (!p || !words || !meta) {
		sh->last_status = shell_error(sh, -ENOMEM, "out of memory");
		goto free_bufs;
	}
	n = shell_parse_pipeline_meta(line, meta, words, SHELL_LINE_WORDS + SHELL_MAX_STAGES + 1, p, &err);
	if (n < 0)
		sh->last_status = shell_error(sh, n, "%s (at column %zu)", err.msg, err.pos + 1);
	else if (n > 0) {
		if (!sh->settled)
			shell_settle(sh); /* before patterns are expanded, '<' files opened and commands run */
		sh->last_status = shell_expand_pipeline(sh, line, meta, p, &x);
		if (sh->last_status == 0)
			sh->last_status = shell_pipe_run(sh, p);
	}
free_bufs:
	shell_expand_free(x);
	kfree(meta);
	kfree(p);
	kfree(words);
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

/*
 * Pipelines: `a | b < f | c` runs each command in a task of its own with a context of its own (a
 * copy of the shell's, with its in/out streams): stage i writes into a pipe (keel/pipe.h) that
 * stage i + 1 reads; '<' gives a stage a file (through the VFS) instead. When a command returns
 * its task closes its ends at once: the next command sees end of input, the previous one -EPIPE
 * (and stops). The shell joins the commands as they end (a task_exit_watch) and closes each
 * one's ends after joining it too, so a command killed from another console (whose task never
 * returned) releases its pipes at once and the rest of the pipeline goes on.
 * Ctrl-C kills every task of the pipeline; the exit status is the last command's. In a pipeline
 * of two or more each command has its own current directory (a copy of the shell's), as in sh.
 */
#include <keel/errno.h>
#include <keel/format.h>
#include <keel/heap.h>
#include <keel/pipe.h>
#include <keel/task.h>
#include <string.h>

#include "kernel/console/console.h"
#include "kernel/fs/vfs.h"
#include "kernel/shell/shell_fs.h"
#include "kernel/shell/shell_pipe.h"

struct stage_run {
	struct shell_ctx ctx;             /* the command's own context */
	const struct shell_command *cmd;
	const struct shell_stage *st;
	struct task *task;
	struct vfs_file *file;            /* after '<' */
	const struct io_stream *in_end;   /* pipe ends this stage closes (NULL: none) */
	const struct io_stream *out_end;
	struct shell_cwd *cwd;            /* its own current directory, in a pipeline of two or more */
	int value;
};

/* Context: the stage's task when its command returns, or the shell after joining it (then the
 * task is gone): never both at once. An end is closed once (the pipe is freed with its last). */
static void stage_close_ends(struct stage_run *r)
{
	if (r->out_end)
		io_stream_close(r->out_end); /* the reader sees the end */
	if (r->in_end)
		io_stream_close(r->in_end);  /* the writer gets -EPIPE */
	r->out_end = r->in_end = NULL;
}

static int stage_main(void *arg)
{
	struct stage_run *r = arg;
	int ret = r->cmd->fn(&r->ctx, r->st->argc, r->st->argv);

	if (ret == 0 && r->ctx.out_err && r->ctx.out_err != -EPIPE)
		ret = r->ctx.out_err;
	stage_close_ends(r);
	return ret;
}

/* Look every command up and open the '<' files: 0, or the error line's code. */
static int stages_prepare(struct shell_ctx *sh, const struct shell_pipeline *p, struct stage_run *runs)
{
	struct shell_cmd_table table = shell_cmd_kernel_table();
	struct vfs_err *e = NULL;
	char *cwd = NULL;
	int ret = 0;

	for (int i = 0; i < p->n; i++) {
		runs[i].st = &p->stage[i];
		runs[i].cmd = shell_cmd_find(&table, p->stage[i].argv[0]);
		if (!runs[i].cmd)
			return shell_error(sh, -ENOENT, "unknown command '%s' (type 'help' for the list)",
					   p->stage[i].argv[0]);
	}
	for (int i = 0; i < p->n && ret == 0; i++) {
		if (!p->stage[i].in_file)
			continue;
		if (!e) {
			e = kmalloc(sizeof(*e));
			cwd = kmalloc(VFS_PATH_MAX);
			if (!e || !cwd) {
				ret = shell_error(sh, -ENOMEM, "out of memory");
				break;
			}
			shell_cwd_get(sh, cwd);
		}
		ret = vfs_open(vfs_kernel(), cwd, p->stage[i].in_file, &runs[i].file, NULL, e);
		if (ret)
			ret = shell_error(sh, ret, "%s: %s", p->stage[i].in_file, vfs_strerror(e));
	}
	kfree(e);
	kfree(cwd);
	return ret;
}

/* Connect the stages: pipes between them, files, the console at both ends. */
static int stages_connect(struct shell_ctx *sh, const struct shell_pipeline *p, struct stage_run *runs)
{
	for (int i = 0; i < p->n; i++) {
		runs[i].ctx = *sh;
		runs[i].ctx.cmd = runs[i].cmd->name;
		runs[i].ctx.reported = false;
		runs[i].ctx.out_err = 0;
		runs[i].ctx.njobs = 0;
		if (p->n == 1 || !sh->cwd)
			continue;
		/* As in sh, where each command of a pipeline runs in a subshell: `cd x | cat` leaves
		 * the shell's directory alone, and each command starts from the shell's. */
		runs[i].ctx.cwd = runs[i].cwd = shell_cwd_copy(sh);
		if (!runs[i].cwd)
			return shell_error(sh, -ENOMEM, "out of memory");
	}
	for (int i = 0; i + 1 < p->n; i++) {
		struct pipe *pp = pipe_new();

		if (!pp)
			return shell_error(sh, -ENOMEM, "no memory for a pipe");
		runs[i].ctx.out = runs[i].out_end = pipe_writer(pp);
		runs[i + 1].ctx.in = runs[i + 1].in_end = pipe_reader(pp);
	}
	for (int i = 0; i < p->n; i++) {
		if (!runs[i].file)
			continue;
		if (runs[i].in_end) {
			/* '<' wins over the pipe, as in sh: the previous command writes to nobody. */
			io_stream_close(runs[i].in_end);
			runs[i].in_end = NULL;
		}
		runs[i].ctx.in = vfs_file_stream(runs[i].file);
	}
	return 0;
}

static void report_end(struct shell_ctx *sh, const struct shell_pipeline *p, struct stage_run *runs)
{
	bool killed = false;

	for (int i = 0; i < p->n; i++)
		killed |= runs[i].value == TASK_EXIT_KILLED;
	if (killed && shell_int_sent(sh)) {
		shell_printf(sh, "^C (");
		for (int i = 0; i < p->n; i++)
			shell_printf(sh, "%s%s", i ? " | " : "", p->stage[i].argv[0]);
		shell_printf(sh, " interrupted)\n");
		return;
	}
	for (int i = 0; i < p->n; i++) {
		struct stage_run *r = &runs[i];

		if (r->value == TASK_EXIT_KILLED) {
			shell_error(&r->ctx, r->value, "killed"); /* by `kill` on another console */
			continue;
		}
		/* A command stopped by its reader going away ended as it should (SIGPIPE in Unix),
		 * whatever it returned for it (-EPIPE, or -EINTR from shell_interrupted). */
		bool reader_gone = i + 1 < p->n && (r->value == -EPIPE || r->ctx.out_err == -EPIPE);

		if (r->value < 0 && !r->ctx.reported && !reader_gone)
			shell_error(&r->ctx, r->value, "%s", keel_strerror(r->value));
	}
}

int shell_pipe_run(struct shell_ctx *sh, const struct shell_pipeline *p)
{
	struct task *tasks[SHELL_MAX_STAGES];
	bool joined[SHELL_MAX_STAGES] = { false };
	struct task_exit_watch watch;
	struct stage_run *runs = kzalloc((size_t)p->n * sizeof(*runs));
	int ret, spawned = 0;

	if (!runs)
		return shell_error(sh, -ENOMEM, "out of memory");
	ret = stages_prepare(sh, p, runs);
	if (ret == 0)
		ret = stages_connect(sh, p, runs);
	if (ret)
		goto close_all;
	shell_set_jobs(sh, NULL, 0);
	task_exit_watch_init(&watch);
	console_set_foreground(sh->con, true);
	for (; spawned < p->n; spawned++) {
		runs[spawned].task = task_spawn_watched(runs[spawned].cmd->name, stage_main, &runs[spawned], &watch);
		if (!runs[spawned].task)
			break;
		tasks[spawned] = runs[spawned].task;
	}
	if (spawned < p->n) {
		ret = shell_error(sh, -ENOMEM, "cannot start %s: out of memory", p->stage[spawned].argv[0]);
		for (int i = 0; i < spawned; i++)
			task_kill(runs[i].task);
	}
	shell_set_jobs(sh, tasks, (unsigned)spawned);
	/* Held across the joins: if a command kills this shell, the kill waits until the joins have
	 * released the commands' tasks, so nothing is left behind. */
	mutex_lock(&sh->run_mutex);
	for (int i; (i = task_wait_any(&watch, tasks, joined, (unsigned)spawned)) >= 0;) {
		/* In the order they end: a command killed by `kill` releases its pipes at once, so
		 * the commands after it see the end of their input instead of waiting for it. */
		task_join(runs[i].task, &runs[i].value);
		stage_close_ends(&runs[i]);
		joined[i] = true;
	}
	mutex_unlock(&sh->run_mutex);
	shell_set_jobs(sh, NULL, 0);
	console_set_foreground(sh->con, false);
	if (spawned == p->n) {
		report_end(sh, p, runs);
		ret = runs[p->n - 1].value;
	}
close_all:
	for (int i = 0; i < p->n; i++) {
		if (!runs[i].task)
			stage_close_ends(&runs[i]);
		vfs_close(runs[i].file);
		kfree(runs[i].cwd);
	}
	kfree(runs);
	return ret;
}

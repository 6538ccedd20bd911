/*
 * What shell commands use: the shell context handed to every command (SHELL_COMMAND in
 * shell_cmd.h). A command reads its input from `in` and writes its output to `out` (streams: the
 * console's stdin and stdout, a pipe, or a file after '<'); its error lines go to `err` (always
 * the console). It never reaches into the console. Each command of a pipeline runs in a task of
 * its own, so Ctrl-C (which kills them all) can stop even one that is blocked. Errors: a command
 * returns 0 or a negative E* code; shell_error() prints the one line that says why (the shell
 * prints "<command>: <strerror>" itself when the command printed nothing). A write to a pipe whose
 * reader has gone fails with -EPIPE: from then on output is dropped and shell_interrupted() is
 * true, so the command ends (as a Unix command ends on SIGPIPE).
 */
#ifndef KEEL_SHELL_H
#define KEEL_SHELL_H

#include <stdbool.h>
#include <stddef.h>

#include <keel/compiler.h>
#include <keel/mutex.h>
#include <keel/spinlock.h>

#include "io/stream.h"
#include "kernel/shell/shell_cmd.h"

struct console;
struct shell_cwd;
struct task;

#define SHELL_MAX_JOBS 8  /* commands of one pipeline (SHELL_MAX_STAGES) */

struct shell_ctx {
	struct console *con;           /* the console this shell runs on (for console requests) */
	const struct io_stream *in, *out, *err;
	int out_err;                   /* the first error writing out (-EPIPE: its reader is gone) */
	int last_status;               /* of the previous command */
	struct shell_cwd *cwd;         /* current directory (shell_fs.h); NULL before the first command
	                                * (shell_settle) or if it could not be allocated */
	bool settled;                  /* the deferred device work was waited for, cwd created */
	const char *cmd;               /* the command running now */
	bool reported;                 /* it printed its error line */
	/* The shell's own context only (a command's context is a copy for its stage): */
	struct spinlock job_lock;
	struct task *jobs[SHELL_MAX_JOBS]; /* the pipeline's tasks while it runs */
	unsigned njobs;
	bool int_pending;              /* Ctrl-C came before the jobs' tasks existed */
	bool int_sent;                 /* Ctrl-C killed the jobs (not a `kill` from elsewhere) */
	struct mutex run_mutex;        /* held while waiting for the jobs */
};

void shell_printf(struct shell_ctx *sh, const char *fmt, ...) KEEL_PRINTF(2, 3);
void shell_write(struct shell_ctx *sh, const char *buf, size_t n);
/* 0, or the error that ended the output (-EPIPE when the reader of a pipe has gone). */
int shell_output_error(struct shell_ctx *sh);
/* Next input line from `in` (NUL-terminated, without its newline; a longer line is cut to fit):
 * its length, -ENODATA at the end of the input, or another negative error. */
int shell_read_line(struct shell_ctx *sh, char *buf, size_t size);
/* Has Ctrl-C asked this command to stop, or has its output gone? Commands that loop check it to
 * stop early. */
bool shell_interrupted(struct shell_ctx *sh);
/* Print "<command>: <message>" as the command's one error line; returns err. */
int shell_error(struct shell_ctx *sh, int err, const char *fmt, ...) KEEL_PRINTF(3, 4);
/* Print "usage: <the command's help line>" and return -EINVAL. */
int shell_usage(struct shell_ctx *sh, const char *cmd);

#endif /* KEEL_SHELL_H */

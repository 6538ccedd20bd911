/*
 * What shell commands use: the shell context handed to every command (SHELL_COMMAND in
 * shell_cmd.h). A command reads its input from `in` and writes its output to `out` (streams: the
 * console's stdin and stdout today); it never reaches into the console. Each command runs in its
 * own task, so Ctrl-C (which kills that task) can stop even one that is blocked. Errors: a command
 * returns 0 or a negative E* code; shell_error() prints the one line that says why (the shell
 * prints "<command>: <strerror>" itself when the command printed nothing).
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

struct shell_ctx {
	struct console *con;           /* the console this shell runs on (for console requests) */
	const struct io_stream *in, *out;
	int last_status;               /* of the previous command */
	struct shell_cwd *cwd;         /* current directory (shell_fs.h); NULL before the first command
	                                * (shell_settle) or if it could not be allocated */
	bool settled;                  /* the deferred device work was waited for, cwd created */
	const char *cmd;               /* the command running now */
	bool reported;                 /* it printed its error line */
	struct spinlock job_lock;
	struct task *job;              /* the command's task while it runs */
	bool int_pending;              /* Ctrl-C came before the job's task existed */
	struct mutex run_mutex;        /* held while waiting for the job */
};

void shell_printf(struct shell_ctx *sh, const char *fmt, ...) KEEL_PRINTF(2, 3);
void shell_write(struct shell_ctx *sh, const char *buf, size_t n);
/* Next input line from `in` (NUL-terminated, without its newline; a longer line is cut to fit):
 * its length, -ENODATA at the end of the input, or another negative error. */
int shell_read_line(struct shell_ctx *sh, char *buf, size_t size);
/* Has Ctrl-C asked this command to stop? Commands that hold a lock across a long loop (which
 * defers the kill until it is released) check it to stop early. */
bool shell_interrupted(struct shell_ctx *sh);
/* Print "<command>: <message>" as the command's one error line; returns err. */
int shell_error(struct shell_ctx *sh, int err, const char *fmt, ...) KEEL_PRINTF(3, 4);
/* Print "usage: <the command's help line>" and return -EINVAL. */
int shell_usage(struct shell_ctx *sh, const char *cmd);

#endif /* KEEL_SHELL_H */

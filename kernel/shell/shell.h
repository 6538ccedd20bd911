/*
 * What shell commands use: the shell context handed to every command (SHELL_COMMAND in
 * shell_cmd.h), with output, input lines and Ctrl-C status of the console the command runs in.
 * Each command runs in its own task, so Ctrl-C can stop even one that is blocked.
 */
#ifndef KEEL_SHELL_H
#define KEEL_SHELL_H

#include <stdbool.h>
#include <stddef.h>

#include <keel/compiler.h>

#include "kernel/shell/shell_cmd.h"

struct console;
struct shell_cwd;

struct shell_ctx {
	struct console *con;
	int last_status; /* of the previous command */
	struct shell_cwd *cwd; /* current directory (shell_fs.h); NULL if it could not be allocated */
};

void shell_printf(struct shell_ctx *sh, const char *fmt, ...) KEEL_PRINTF(2, 3);
void shell_write(struct shell_ctx *sh, const char *buf, size_t n);
/* Next input line (NUL-terminated); its length, or -EINTR after Ctrl-C. */
int shell_read_line(struct shell_ctx *sh, char *buf, size_t size);
bool shell_interrupted(struct shell_ctx *sh);
/* Print "usage: <the command's help line>" and return -EINVAL. */
int shell_usage(struct shell_ctx *sh, const char *cmd);

#endif /* KEEL_SHELL_H */

/*
 * Running a parsed pipeline (shell_pipe.c): one task per command, joined by pipes, with the
 * first command's input from '<' or the console and the last one's output to the console.
 * Private to the shell (shell.c calls it; it registers the tasks for Ctrl-C through
 * shell_set_jobs).
 */
#ifndef KEEL_SHELL_PIPE_H
#define KEEL_SHELL_PIPE_H

#include "kernel/shell/shell.h"
#include "kernel/shell/shell_parse.h"

/* Run p on sh's console and wait for it; the exit status is the last command's. */
int shell_pipe_run(struct shell_ctx *sh, const struct shell_pipeline *p);
/* The tasks Ctrl-C must kill now (n = 0: none). A Ctrl-C that came before is applied at once. */
void shell_set_jobs(struct shell_ctx *sh, struct task *const *tasks, unsigned n);
/* Did Ctrl-C kill the jobs of the pipeline that ran last (rather than `kill` from elsewhere)? */
bool shell_int_sent(struct shell_ctx *sh);

#endif /* KEEL_SHELL_PIPE_H */

/*
 * Internal interfaces between the console, the console manager and the shell.
 */
#ifndef KEEL_CONSOLE_PRIV_H
#define KEEL_CONSOLE_PRIV_H

#include <stddef.h>

#include "kernel/console/console.h"

struct term_le_completions;
struct term_alloc;

/* The kernel heap as the terminal core's injected allocator (all consoles and backends). */
extern const struct term_alloc console_term_alloc;

/* Terminal output with "\n" -> CR LF; the console mutex must be held. */
void console_term_write_locked(struct console *c, const char *buf, size_t n);
/* Escape timeout and log lines; called periodically by the manager. */
void console_tick(struct console *c);
/* The command now running in c (NULL when none); clears the interrupt flag. */
void console_set_running(struct console *c, struct task *t);

/* Construction shared by serial and display consoles (console.c). */
int console_init_common(struct console *c, const char *name, int rows, int cols);
void console_destroy_common(struct console *c);
int console_register(struct console *c);
/* Wait until the line queue has room for `bytes` more; no locks held. Context: task. */
void console_wait_room(struct console *c, uint32_t bytes);

/* The shell task of a console (kernel/shell/shell.c). */
int shell_main(void *console);
/* Command-name and file-name completion for the line editor of console c. */
void shell_complete(struct console *c, const char *line, size_t len, size_t cursor,
		    struct term_le_completions *out);

#endif /* KEEL_CONSOLE_PRIV_H */

/*
 * Consoles: a tty-like object per input source (a serial port, or a display with its keyboard).
 * Each console is owned by one task, the console task, which alone touches its terminal, key
 * decoder, line editor and renderer. Everything else talks to it through queues:
 *  - the port's receive path only queues bytes into the console's input queue (and acts on
 *    Ctrl-C at once while a job runs, as a tty's line discipline does);
 *  - commands write their output to the console's stdout stream (queued; the writer blocks when
 *    the queue is full) and read their input from its stdin stream (lines from the line editor;
 *    Ctrl-D on an empty line is end of input);
 *  - the session (a shell) asks for lines with a prompt through console_read_line().
 * The console knows nothing of the shell: it reaches its session through the client ops table
 * that the session's module installs with console_set_client(). struct console is opaque.
 */
#ifndef KEEL_CONSOLE_H
#define KEEL_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "io/stream.h"

struct console;
struct term_backend;
struct term_key_event;
struct term_le_completions;

#define CONSOLE_MAX_SERIAL 8     /* serial consoles (ISA, later PCI and virtio ports) */
#define CONSOLE_MAX_DISPLAY 2    /* display consoles, counted apart: a screen never takes a port's slot */
#define CONSOLE_MAX (CONSOLE_MAX_SERIAL + CONSOLE_MAX_DISPLAY)
#define CONSOLE_DEFAULT_ROWS 24
#define CONSOLE_DEFAULT_COLS 80

/* What runs on a console (the shell), installed once by its module. */
struct console_client_ops {
	/* The session state for a new console (kept for the console's life). NULL: out of memory. */
	void *(*attach)(struct console *c);
	/* The session itself, in a task of its own; started again whenever it ends (killed). */
	int (*run)(void *session);
	/* Completion candidates for the line being edited. Context: the console task. */
	void (*complete)(void *session, const char *line, size_t len, size_t cursor,
			 struct term_le_completions *out);
	/* Ctrl-C arrived while the session runs a job (console_set_foreground). Context: the
	 * input path (a port's bottom-half task); must not block. */
	void (*interrupt)(void *session);
};
void console_set_client(const struct console_client_ops *ops);

/* What a line console runs on: a byte port (a UART, a virtio-console port) behind this ops
 * table, filled in by the console manager's adapter for each kind of port. */
struct console_port_ops {
	/* Write all n bytes in order; may block while the port is busy. Context: the console task. */
	void (*write)(void *port, const void *buf, uint32_t n);
	/* The console has room again for the input it refused: offer the rest. Context: task or IRQ. */
	void (*resume_input)(void *port);
	/* The terminal size when the port itself knows it (virtio-console): true and *rows, *cols.
	 * NULL or false: unknown. */
	bool (*known_size)(void *port, int *rows, int *cols);
	/* Never send the size query (CPR) on this port: its size comes from known_size or stays
	 * 80x24 (virtio-console: the device reports the size, or nothing does). */
	bool no_size_query;
};

/* A console on a port: rows x cols when given (keel.console=NAME:COLSxROWS), else the port's
 * known size, else (0 x 0) ask the remote terminal, 80x24 if it does not answer within 100 ms.
 * NULL with *err set (-ENOMEM, -ENOSPC). The port's driver then hands received bytes to
 * console_port_input(). Context: task. */
struct console *console_create_port(const char *name, const struct console_port_ops *ops, void *port, int rows,
				    int cols, int *err);
/* Bytes the port received: returns how many the console took (0..n); the port keeps the rest
 * until resume_input. Ctrl-C while a job runs interrupts it here. Context: the port's receive
 * task; never blocks. */
uint32_t console_port_input(struct console *c, const uint8_t *buf, uint32_t n);
/* The port's known size changed (a virtio-console resize): applied by the console task. Context:
 * any. */
void console_port_resized(struct console *c);
/* A console on a screen backend of rows x cols cells; keys come through console_key_input(). */
struct console *console_create_display(const char *name, const struct term_backend *be, void *be_ctx,
				       int rows, int cols);
/* One key from a keyboard for a display console. Context: task (the keyboard's bottom half). */
void console_key_input(struct console *c, const struct term_key_event *ev);

const char *console_name(const struct console *c);
void console_get_size(const struct console *c, int *rows, int *cols);
bool console_is_serial(const struct console *c);

/* The streams commands use. Reading stdin shows the line editor without a prompt and returns a
 * line with its '\n', or 0 at end of input (Ctrl-D on an empty line). */
const struct io_stream *console_stdout(struct console *c);
const struct io_stream *console_stdin(struct console *c);

/* The session's next line, after showing `prompt` (on a fresh line when output left the cursor
 * mid-line). Copies it NUL-terminated into buf; returns its length, or -EINTR when the calling
 * task is being killed. Context: task. */
int console_read_line(struct console *c, const char *prompt, char *buf, size_t size);

/* The session runs a job (on) or waits at its prompt (off): while on, Ctrl-C interrupts the job
 * through the client's interrupt op at the moment it is received, and discards typed-ahead input. */
void console_set_foreground(struct console *c, bool job_running);

/* Ask the remote terminal for its size now and wait for the answer (at most 1 s): 0, or
 * -ETIMEDOUT (size kept), or -ENOTTY for a display console. On a port that knows its size, the
 * port's size is read again instead: 0, or -EOPNOTSUPP when it reports none. */
int console_query_size(struct console *c);
/* Repaint the remote screen from scratch (not as a difference), wiping foreign text. */
void console_repaint(struct console *c);
/* Copy history entry i (oldest first) into buf: its length, or -ENOENT past the end. */
int console_history(struct console *c, unsigned i, char *buf, size_t size);
/* Tests: write the screen in termdump format to QEMU's debug console (port 0xE9). */
void console_dump_screen(struct console *c);

/* The bytes the console's terminal holds (after its last round) and its budget. */
void console_memory(struct console *c, size_t *used, size_t *budget);
/* One line describing the console's state (size, queues, flow control, counters) for `consoles`. */
void console_describe(struct console *c, char *buf, size_t size);

/* New kernel log lines exist: every console shows them. Context: any. */
void console_log_notify(void);

unsigned console_count(void);
struct console *console_get(unsigned i);

#endif /* KEEL_CONSOLE_H */

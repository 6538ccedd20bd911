/*
 * Consoles: one terminal (core + serial renderer) with a key decoder, a line editor and a shell
 * task, per input source. The console manager spawns one on a serial port the first time that
 * port receives input (so a machine with no display is fully usable over its serial ports), sizes
 * it by asking the remote terminal for a cursor-position report (80x24 when it does not answer),
 * and shows kernel log lines above the prompt without corrupting the screen.
 *
 * Locking: con->lock (a mutex) serialises the terminal, the renderer and the line editor. Input
 * is processed in the port's bottom-half task, commands run in their own tasks; both take the
 * mutex around every terminal update.
 */
#ifndef KEEL_CONSOLE_H
#define KEEL_CONSOLE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include <keel/compiler.h>
#include <keel/mutex.h>
#include <keel/spinlock.h>
#include <keel/waitqueue.h>

#include "io/stream.h"
#include "term/keys.h"
#include "term/lineedit.h"

struct term;
struct term_serial;
struct term_backend;
struct serial_port;
struct task;

#define CONSOLE_MAX 4
#define CONSOLE_LINEQ_BYTES (128 * 1024)
#define CONSOLE_DEFAULT_ROWS 24
#define CONSOLE_DEFAULT_COLS 80

struct console {
	unsigned index;
	char name[16];
	struct serial_port *port;  /* NULL for a display console */
	/* Display consoles: the screen backend, and how many lines back the view is scrolled. */
	const struct term_backend *display;
	void *display_ctx;
	unsigned view;
	struct mutex lock; /* terminal, renderer, editor */
	struct term *term;
	struct term_serial *ser;
	struct term_keys keys;
	struct term_le le;
	int rows, cols;
	/* Cursor-position reports (size queries). */
	volatile bool cpr_seen;
	volatile uint16_t cpr_row, cpr_col;
	/* Submitted lines, waiting for the shell or a command reading input: length-prefixed. */
	struct spinlock qlock;
	struct waitqueue qwait;   /* readers wait for lines */
	struct waitqueue qspace;  /* the input task waits for room */
	uint8_t *lineq;
	uint32_t qhead, qtail;
	/* The command running in this console, if any (Ctrl-C kills it). */
	struct task *volatile running;
	volatile bool interrupted;
	uint64_t log_seq;  /* next kernel log line to show */
	uint64_t esc_since; /* when a lone ESC started waiting (ns), 0 if none */
	struct io_stream out; /* stdout of commands: terminal output */
	uint64_t bytes_in;
};

/* Create a console on a serial port and start its shell. Context: task. */
struct console *console_create_serial(struct serial_port *p);

/* Create a console on a screen backend of rows x cols cells and start its shell; keys come in
 * through console_key_input(). Context: task. */
struct console *console_create_display(const char *name, const struct term_backend *be, void *be_ctx,
				       int rows, int cols);
/* One key from a keyboard for a display console (Shift+PgUp/PgDn scroll the view back and
 * forth). Context: task (the keyboard's bottom half). */
void console_key_input(struct console *c, const struct term_key_event *ev);

/* Output to the console's terminal (Context: task; takes the console mutex). */
void console_write(struct console *c, const char *buf, size_t n);
void console_printf(struct console *c, const char *fmt, ...) KEEL_PRINTF(2, 3);
void console_vprintf(struct console *c, const char *fmt, va_list ap);

/* Wait for the next submitted line (the shell prompt, or a command reading input), showing the
 * line editor with `prompt` first unless prompt is NULL. Copies the line NUL-terminated into buf;
 * returns its length, or -EINTR when Ctrl-C interrupted the command. */
int console_read_line(struct console *c, const char *prompt, char *buf, size_t size);

/* Re-ask the remote terminal for its size; returns 0 (size updated) or -ETIMEDOUT. */
int console_query_size(struct console *c);

/* Has the running command been interrupted (Ctrl-C)? Long-running commands check this. */
bool console_interrupted(const struct console *c);

unsigned console_count(void);
struct console *console_get(unsigned i);

/* Debugging/tests: write the terminal's screen in termdump format to QEMU's debug console. */
void console_dump_screen(struct console *c);

#endif /* KEEL_CONSOLE_H */

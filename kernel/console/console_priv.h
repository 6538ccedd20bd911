/*
 * The inside of a console (console.h), shared by the files of kernel/console/ only.
 *
 * Ownership: fields under "console task" are touched by the console task alone, with no lock.
 * Fields under "c->lock" (an IRQ-safe spinlock: the log notification may come from an interrupt
 * handler) are the queues and requests that other tasks hand to it; whoever changes one of them
 * sets `kick` and wakes the console task, which clears `kick` before looking, so no request is
 * missed. The console task never holds c->lock while it calls the terminal, the renderer, the
 * serial driver or the client: those may block or log.
 */
#ifndef KEEL_CONSOLE_PRIV_H
#define KEEL_CONSOLE_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <keel/mutex.h>
#include <keel/ring.h>
#include <keel/spinlock.h>
#include <keel/waitqueue.h>

#include "io/stream.h"
#include "kernel/console/console.h"
#include "term/keys.h"
#include "term/lineedit.h"

struct term;
struct term_serial;
struct term_alloc;
struct task;

#define CONSOLE_INQ_BYTES (16 * 1024)  /* received bytes waiting for the line editor */
#define CONSOLE_OUTQ_BYTES (16 * 1024) /* command output waiting for the terminal */
#define CONSOLE_KEYQ 64                /* display consoles: keyboard events */
#define CONSOLE_ESC_MS 50              /* a lone ESC is the Escape key after this */
#define CONSOLE_SEQ_MS 1000            /* a sequence cut after its parameters began (a size report split by a
					* loaded host) is dropped only after this */
#define CONSOLE_PROBE_MS 100           /* the first size query waits this long */
#define CONSOLE_MEM_SHARE 16           /* all consoles' terminals: at most 1/16 of RAM ... */
#define CONSOLE_MEM_CAP (64u << 20)    /* ... and at most 64 MiB, split over the serial slots */
#define CONSOLE_ECHO_QUIET_MS 1000     /* an echoing peer is ignored until quiet this long */
#define CONSOLE_ECHO_TAIL 11           /* the longest own sequence, less one */

/* A task waiting for a line (the session's prompt, or a command reading stdin). */
struct console_reader {
	const char *prompt; /* shown before the line */
	bool eof_ok;        /* Ctrl-D on an empty line ends the input */
	char *buf;
	size_t size;
	int result;         /* length, or CONSOLE_EOF */
	bool done;
};
#define CONSOLE_EOF (-1)

/* A call run by the console task on behalf of another task (console_call). */
struct console_call {
	void (*fn)(struct console *c, void *arg);
	void *arg;
	bool done;
};

struct console {
	/* Immutable after creation. */
	unsigned index;
	char name[16];
	const struct console_port_ops *port_ops;
	void *port;                          /* NULL for a display console */
	const struct term_backend *display;  /* display consoles: the screen */
	void *display_ctx;
	struct task *task;
	void *session;
	struct io_stream out, in;

	/* Under c->lock. */
	struct spinlock lock;
	struct waitqueue wake;      /* the console task */
	struct waitqueue out_space; /* writers waiting for room in outq */
	struct waitqueue done;      /* readers and callers waiting for the console task */
	bool kick;
	bool foreground;            /* a job runs: Ctrl-C interrupts it at receive time */
	bool rx_full;               /* the port was left with bytes: resume it when there is room */
	bool log_pending;
	bool repaint;
	bool port_resized;          /* the port's known size changed */
	struct byte_ring inq, outq;
	uint32_t inq_flushes;       /* times the input queue was emptied (Ctrl-C, an echoing peer) */
	uint32_t cpr_scan;          /* inq position up to which no size report was found */
	uint64_t cpr_answers;       /* size reports applied so far (console_query_size waits on it) */
	struct term_key_event keyq[CONSOLE_KEYQ];
	uint32_t keyq_head, keyq_tail;
	struct console_reader *reader;
	struct console_call *call;
	uint64_t interrupts, keys_dropped;
	uint64_t out_flushed;       /* bytes of a job's queued output dropped by Ctrl-C */
	bool out_cancel;            /* ... and the terminal may hold a sequence cut short by that */
	bool echo_muted;            /* the peer echoes our output: its input is ignored */
	bool discard_line;          /* ... and the line being edited from its echo is dropped */
	uint64_t echo_quiet_at, echo_ignored;
	uint8_t echo_tail[CONSOLE_ECHO_TAIL]; /* the last bytes received, for sequences split in two */
	uint32_t echo_tail_len;

	/* Serialise readers of stdin, and callers of console_call. */
	struct mutex read_mutex, call_mutex;
	char in_line[TERM_LE_MAX_LINE + 2]; /* stdin: the rest of the current line (read_mutex) */
	size_t in_pos, in_len;

	/* Console task. */
	struct term *term;
	struct term_serial *ser;
	struct term_keys keys;
	struct term_le le;
	int rows, cols;                /* written by the console task, read by anyone */
	unsigned view;                 /* display consoles: lines scrolled back */
	bool serving;                  /* the editor is shown for c->reader */
	bool line_ready, line_eof;     /* the editor submitted a line (or end of input) */
	char line[TERM_LE_MAX_LINE + 1];
	size_t line_len;
	bool probing;                  /* the first size query is outstanding */
	bool cpr_ok;                   /* the remote answers size queries: ask at every prompt */
	bool size_fixed;               /* the size was given (keel.console=com1:120x40) or the port's */
	bool size_from_port;           /* ... and it is the port's (virtio-console) */
	unsigned cpr_pending;          /* queries sent and not answered */
	uint64_t probe_deadline, esc_deadline; /* ns, 0 when none */
	bool paste_mode;               /* bracketed paste is enabled on the remote */
	size_t budget;                 /* the terminal's memory budget (bytes) */
	size_t mem_used;               /* what the terminal held after the last round */
	bool size_clamped_said;        /* "the size was clamped" was logged */
	bool session_started;
	uint64_t log_seq;              /* next kernel log line to show */
	uint8_t *obuf;                 /* output chunk being fed to the terminal */
};

/* The kernel heap as the terminal core's injected allocator (all consoles and backends). */
extern const struct term_alloc console_term_alloc;

/* console.c */
size_t console_budget(void);
int console_init_common(struct console *c, const char *name, int rows, int cols);
void console_destroy_common(struct console *c);
int console_register(struct console *c);
int console_start(struct console *c);
/* Wake the console task. c->lock held. */
void console_kick_locked(struct console *c);
/* Run fn(c, arg) in the console task and wait for it. Context: task, not the console task. */
void console_call(struct console *c, void (*fn)(struct console *c, void *arg), void *arg);
const struct console_client_ops *console_client(void);

/* console_input.c (console task, except where noted) */
void console_process_input(struct console *c);
void console_take_cpr(struct console *c);
void console_key(void *user, const struct term_key_event *ev);
extern const struct term_le_ops console_le_ops;
/* Offer the port its held-back input again (c->lock not held). */
void console_port_resume(struct console *c);

/* console_mgr.c: may the display `name` ("vga", "fb") have a console (keel.console=)? */
bool console_display_allowed(const char *name, int *rows, int *cols);

/* console_display.c: Shift+PgUp/PgDn scroll a display console's view (at any time); any other
 * key brings the live screen back first. Console task. */
bool console_view_key(const struct term_key_event *ev);
void console_view_scroll(struct console *c, const struct term_key_event *ev);
void console_view_live(struct console *c);

/* console_out.c */
void console_process_output(struct console *c);
void console_term_text(struct console *c, const char *buf, size_t n);
void console_fresh_line(struct console *c);
void console_raw(struct console *c, const char *s);
void console_send_size_query(struct console *c);
void console_apply_size(struct console *c, int rows, int cols);
void console_repaint_remote(struct console *c);
extern const struct io_stream_ops console_stdout_ops, console_stdin_ops;

#endif /* KEEL_CONSOLE_PRIV_H */

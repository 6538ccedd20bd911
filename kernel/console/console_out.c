/*
 * A console's output side. Commands write to the stdout stream, which copies into the output
 * queue and wakes the console task (a writer waits while the queue is full, so a flood of output
 * is paced by the line, and Ctrl-C still gets through: it is acted on at receive time). The
 * console task moves the queue into the terminal with "\n" as CR LF (a tty's output processing,
 * done here so the serial renderer never depends on any translation by the host), and the
 * renderer brings the remote screen up to date at the end of each round. Also here: the size
 * query and resizing, and the calls other tasks make into the console task (history, screen
 * dumps, re-asking the size).
 */
#include <keel/context.h>
#include <keel/cpu.h>
#include <keel/errno.h>
#include <keel/format.h>
#include <keel/heap.h>
#include <keel/log.h>
#include <keel/task.h>
#include <keel/time.h>
#include <string.h>

#include "kernel/console/console.h"
#include "kernel/console/console_priv.h"
#include "term/backend_serial.h"
#include "term/term.h"

#define CONSOLE_OUT_ROUND 4096 /* bytes of output per round of the console task */

static int64_t console_stdout_write(void *ctx, const void *buf, size_t len)
{
	struct console *c = ctx;
	const uint8_t *b = buf;
	size_t done = 0;
	uint64_t f;

	might_sleep();
	f = spin_lock_irqsave(&c->lock);
	while (done < len) {
		uint32_t want = len - done > UINT32_MAX ? UINT32_MAX : (uint32_t)(len - done);
		uint32_t k = byte_ring_write(&c->outq, b + done, want);

		done += k;
		if (k)
			console_kick_locked(c);
		if (done < len)
			waitqueue_wait(&c->out_space, &c->lock, &f);
	}
	spin_unlock_irqrestore(&c->lock, f);
	return (int64_t)len;
}

const struct io_stream_ops console_stdout_ops = { .write = console_stdout_write };

/* Text into the terminal with "\n" as CR LF. Console task. */
void console_term_text(struct console *c, const char *buf, size_t n)
{
	size_t start = 0;

	for (size_t i = 0; i < n; i++) {
		if (buf[i] != '\n')
			continue;
		term_write(c->term, buf + start, i - start);
		term_write(c->term, "\r\n", 2);
		start = i + 1;
	}
	term_write(c->term, buf + start, n - start);
}

/* Start a new line unless the cursor is already at the start of one (a prompt or a log line
 * after output that did not end its line). Console task. */
void console_fresh_line(struct console *c)
{
	int row, col;
	bool vis;

	term_get_cursor(c->term, &row, &col, &vis);
	if (col != 0)
		console_term_text(c, "\n", 1);
}

/* Bytes straight to the remote terminal (mode changes and queries the terminal core does not
 * model), after the renderer's own. Console task. */
void console_raw(struct console *c, const char *s)
{
	if (c->port)
		c->port_ops->write(c->port, s, (uint32_t)strlen(s));
}

void console_process_output(struct console *c)
{
	uint32_t total = 0, n;
	bool was_serving = c->serving;

	do {
		uint64_t f = spin_lock_irqsave(&c->lock);
		bool cancel = c->out_cancel;

		c->out_cancel = false;
		n = byte_ring_read(&c->outq, c->obuf, 4096);
		if (n)
			waitqueue_wake_all(&c->out_space);
		spin_unlock_irqrestore(&c->lock, f);
		if (cancel)
			term_write(c->term, "\x18", 1); /* CAN: a sequence the flush cut short ends here */
		if (n && c->serving) {
			term_le_hide(&c->le); /* output while a line is edited goes above it */
			c->serving = false;
		}
		console_term_text(c, (const char *)c->obuf, n);
		total += n;
	} while (n && total < CONSOLE_OUT_ROUND);
	if (was_serving && !c->serving) {
		console_fresh_line(c); /* output without a final newline stays visible */
		term_le_show(&c->le);
		c->serving = true;
	}
	if (total) {
		uint64_t f = spin_lock_irqsave(&c->lock);

		if (byte_ring_used(&c->outq))
			console_kick_locked(c); /* more next round, after the other work */
		spin_unlock_irqrestore(&c->lock, f);
	}
}

/* Forget what the remote holds and damage every cell: the next flush clears the remote screen
 * and draws all of it again (Ctrl-L, clear, a new size). Console task. */
void console_repaint_remote(struct console *c)
{
	if (!c->ser)
		return;
	term_serial_invalidate(c->ser);
	term_attach(c->term, &term_serial_backend, c->ser); /* attaching damages everything */
}

/* ---------------------------------------------------------------- size */

/* Save the cursor, go as far down and right as the terminal allows, ask where that is, restore:
 * the answer (a CPR) is the size. Asynchronous: the answer arrives as input. Console task. */
void console_send_size_query(struct console *c)
{
	term_flush(c->term); /* the renderer's cursor first, then the query around it */
	if (c->cpr_pending < 4)
		c->cpr_pending++;
	console_raw(c, "\0337\033[999;999H\033[6n\0338");
}

/* A size the memory budget allows: the grid may take at most half of it (the rest is
 * scrollback); rows go first, then columns, keeping at least 4 x 10. */
static void console_fit_size(struct console *c, int *rows, int *cols)
{
	int want_r = *rows, want_c = *cols;

	while (*rows > 24 && term_memory_grid(*rows, *cols) > c->budget / 2)
		(*rows)--;
	while (*cols > 80 && term_memory_grid(*rows, *cols) > c->budget / 2)
		(*cols)--;
	while (*rows > 4 && term_memory_grid(*rows, *cols) > c->budget / 2)
		(*rows)--;
	if ((*rows != want_r || *cols != want_c) && !c->size_clamped_said) {
		c->size_clamped_said = true;
		pr_warn("console", "%s: the terminal reports %dx%d; this console's memory budget (%zu KiB) allows "
			"%dx%d", c->name, want_c, want_r, c->budget / 1024, *cols, *rows);
	}
}

void console_apply_size(struct console *c, int rows, int cols)
{
	int remote_rows;
	bool margins;

	rows = rows < 4 ? 4 : rows > 500 ? 500 : rows;
	cols = cols < 10 ? 10 : cols > 1000 ? 1000 : cols;
	remote_rows = rows;
	console_fit_size(c, &rows, &cols);
	/* A clamped console keeps to its rows of the remote screen (margins around them). */
	margins = c->ser && term_serial_set_remote_rows(c->ser, remote_rows > rows ? remote_rows : 0);
	if (rows == c->rows && cols == c->cols) {
		if (margins)
			console_repaint_remote(c);
		return;
	}
	if (term_resize(c->term, rows, cols) != 0)
		return; /* out of memory: keep the old size */
	__atomic_store_n(&c->rows, rows, __ATOMIC_RELAXED);
	__atomic_store_n(&c->cols, cols, __ATOMIC_RELAXED);
	term_le_resize(&c->le, (unsigned)cols);
	if (c->ser)
		console_repaint_remote(c); /* the remote reflowed its own way: repaint */
}

static void query_call(struct console *c, void *arg)
{
	console_send_size_query(c);
	(void)arg;
}

static void query_call_noop(struct console *c, void *arg)
{
	(void)c;
	(void)arg;
}

/* Any size report after the query counts: the console task applies it before it wakes us. */
int console_query_size(struct console *c)
{
	uint64_t before, f, deadline;

	if (!c->port)
		return -ENOTTY;
	if (c->port_ops->no_size_query) {
		int rows, cols;

		if (!c->port_ops->known_size || !c->port_ops->known_size(c->port, &rows, &cols))
			return -EOPNOTSUPP;
		console_port_resized(c);
		console_call(c, query_call_noop, NULL); /* the console task has applied it when this returns */
		return 0;
	}
	f = spin_lock_irqsave(&c->lock);
	before = c->cpr_answers;
	spin_unlock_irqrestore(&c->lock, f);
	console_call(c, query_call, NULL);
	deadline = time_ns() + 1000000000ull;
	f = spin_lock_irqsave(&c->lock);
	while (c->cpr_answers == before && time_ns() < deadline)
		waitqueue_wait_timeout(&c->done, &c->lock, &f, (deadline - time_ns()) / 1000000 + 1);
	before = c->cpr_answers - before;
	spin_unlock_irqrestore(&c->lock, f);
	return before ? 0 : -ETIMEDOUT;
}

/* ---------------------------------------------------------------- calls */

struct history_call {
	unsigned i;
	char *buf;
	size_t size;
	int ret;
};

static void history_call(struct console *c, void *arg)
{
	struct history_call *h = arg;
	size_t len;
	const char *l = term_le_history_get(&c->le, h->i, &len);

	if (!l) {
		h->ret = -ENOENT;
		return;
	}
	if (len > h->size - 1)
		len = h->size - 1;
	memcpy(h->buf, l, len);
	h->buf[len] = '\0';
	h->ret = (int)len;
}

int console_history(struct console *c, unsigned i, char *buf, size_t size)
{
	struct history_call h = { i, buf, size, 0 };

	if (size == 0)
		return -EINVAL;
	console_call(c, history_call, &h);
	return h.ret;
}

static void dump_out(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		outb(0xE9, (uint8_t)s[i]);
}

/* The screen as tools/termdump prints it: size, cursor, then "row NN |text|" per row with
 * trailing blanks trimmed, each wide character once. Ends with "end". Console task. */
static void dump_call(struct console *c, void *arg)
{
	char line[64];
	char *text = arg;
	int rows, cols, crow, ccol;
	bool vis;
	const struct term_screen *s;
	size_t n;

	term_get_size(c->term, &rows, &cols);
	term_get_cursor(c->term, &crow, &ccol, &vis);
	s = term_get_screen(c->term);
	n = keel_snprintf(line, sizeof(line), "size %d %d\ncursor %d %d visible=%d\n", rows, cols, crow, ccol, vis);
	dump_out(line, n);
	for (int r = 0; r < rows; r++) {
		size_t len = 0, keep = 0;

		for (int col = 0; col < cols; col++) {
			struct term_cell cell = term_screen_cell(s, r, col);
			uint32_t cps[TERM_CLUSTER_CPS];
			int k;

			if (cell.ch & TERM_CH_CONT)
				continue;
			k = term_screen_chars(s, &cell, cps, TERM_CLUSTER_CPS);
			if (k <= 0) {
				text[len++] = ' ';
				continue;
			}
			for (int i = 0; i < k; i++)
				len += term_utf8_encode(cps[i], text + len);
			keep = len;
		}
		n = keel_snprintf(line, sizeof(line), "row %2d |", r);
		dump_out(line, n);
		dump_out(text, keep);
		dump_out("|\n", 2);
	}
	dump_out("end\n", 4);
}

void console_dump_screen(struct console *c)
{
	char *text = kmalloc(4u * (unsigned)TERM_MAX_DIM + 8);

	if (!text)
		return;
	console_call(c, dump_call, text);
	kfree(text);
}

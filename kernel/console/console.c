/*
 * A console (see console.h): a serial port's bytes go through the key decoder into the line
 * editor, whose drawing goes into the terminal core; the serial renderer brings the remote
 * screen up to date after every batch. Submitted lines queue for the shell (or for a command
 * reading input). Input is processed in the port's bottom-half task: before each chunk it waits,
 * without holding the console mutex, until the line queue has room for whatever the chunk can
 * produce, so a long paste is throttled instead of lost and no lock is held while waiting.
 */
#include <keel/cpu.h>
#include <keel/errno.h>
#include <keel/format.h>
#include <keel/heap.h>
#include <keel/log.h>
#include <keel/logring.h>
#include <keel/task.h>
#include <keel/time.h>
#include <string.h>

#include "drivers/serial.h"
#include "kernel/console/console.h"
#include "kernel/console/console_priv.h"
#include "term/backend_serial.h"
#include "term/term.h"

#define CONSOLE_CHUNK 256

static struct console *consoles[CONSOLE_MAX];
static unsigned console_n;

unsigned console_count(void)
{
	return __atomic_load_n(&console_n, __ATOMIC_ACQUIRE);
}

struct console *console_get(unsigned i)
{
	return i < console_count() ? consoles[i] : NULL;
}

/* ---------------------------------------------------------------- allocator for term/ */

static void *console_alloc(void *ctx, size_t size)
{
	(void)ctx;
	return kmalloc(size);
}

static void console_free(void *ctx, void *ptr, size_t size)
{
	(void)ctx;
	(void)size;
	kfree(ptr);
}

const struct term_alloc console_term_alloc = { console_alloc, console_free, NULL };

/* ---------------------------------------------------------------- output */

/* The renderer's bytes go to the wire. */
static void console_ser_out(void *user, const char *buf, size_t len)
{
	struct console *c = user;

	serial_write(c->port, buf, (uint32_t)len);
}

/* Replies the terminal core makes to queries inside command output are for the kernel, which
 * asks none: dropped. */
static void console_term_reply(void *user, const char *buf, size_t len)
{
	(void)user;
	(void)buf;
	(void)len;
}

/* Terminal text with "\n" as CR LF, as a tty's output processing would. Mutex held. */
void console_term_write_locked(struct console *c, const char *buf, size_t n)
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

void console_write(struct console *c, const char *buf, size_t n)
{
	mutex_lock(&c->lock);
	console_term_write_locked(c, buf, n);
	term_flush(c->term);
	mutex_unlock(&c->lock);
}

struct console_fmt {
	struct console *c;
	char buf[256];
	size_t n;
};

static void console_fmt_sink(void *ctx, const char *s, size_t n)
{
	struct console_fmt *f = ctx;

	while (n) {
		size_t k = sizeof(f->buf) - f->n < n ? sizeof(f->buf) - f->n : n;

		memcpy(f->buf + f->n, s, k);
		f->n += k;
		s += k;
		n -= k;
		if (f->n == sizeof(f->buf)) {
			console_term_write_locked(f->c, f->buf, f->n);
			f->n = 0;
		}
	}
}

void console_vprintf(struct console *c, const char *fmt, va_list ap)
{
	struct console_fmt *f = kmalloc(sizeof(*f));

	if (!f)
		return;
	f->c = c;
	f->n = 0;
	mutex_lock(&c->lock);
	keel_vformat(console_fmt_sink, f, fmt, ap);
	console_term_write_locked(c, f->buf, f->n);
	term_flush(c->term);
	mutex_unlock(&c->lock);
	kfree(f);
}

void console_printf(struct console *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	console_vprintf(c, fmt, ap);
	va_end(ap);
}

static int64_t console_stream_write(void *ctx, const void *buf, size_t len)
{
	console_write(ctx, buf, len);
	return (int64_t)len;
}

static const struct io_stream_ops console_stream_ops = { .write = console_stream_write };

/* ---------------------------------------------------------------- line queue */

static uint32_t lineq_used(const struct console *c)
{
	return c->qtail - c->qhead;
}

static void lineq_put_byte(struct console *c, uint8_t b)
{
	c->lineq[c->qtail++ % CONSOLE_LINEQ_BYTES] = b;
}

/* The editor submitted a line. Room was reserved before the input chunk was fed. Mutex held. */
static void console_le_submit(void *user, const char *line, size_t len)
{
	struct console *c = user;
	uint64_t flags = spin_lock_irqsave(&c->qlock);

	if (len > 0xFFFF)
		len = 0xFFFF;
	if (CONSOLE_LINEQ_BYTES - lineq_used(c) >= len + 2) {
		lineq_put_byte(c, (uint8_t)len);
		lineq_put_byte(c, (uint8_t)(len >> 8));
		for (size_t i = 0; i < len; i++)
			lineq_put_byte(c, (uint8_t)line[i]);
		waitqueue_wake_all(&c->qwait);
	}
	spin_unlock_irqrestore(&c->qlock, flags);
}

int console_read_line(struct console *c, const char *prompt, char *buf, size_t size)
{
	uint64_t flags;
	uint32_t len, n;

	if (prompt) {
		mutex_lock(&c->lock);
		term_le_set_prompt(&c->le, prompt);
		if (!term_le_shown(&c->le))
			term_le_show(&c->le);
		term_flush(c->term);
		mutex_unlock(&c->lock);
	}
	flags = spin_lock_irqsave(&c->qlock);
	while (lineq_used(c) == 0 && !c->interrupted)
		waitqueue_wait(&c->qwait, &c->qlock, &flags);
	if (lineq_used(c) == 0) {
		spin_unlock_irqrestore(&c->qlock, flags);
		return -EINTR;
	}
	len = c->lineq[c->qhead % CONSOLE_LINEQ_BYTES] | (uint32_t)c->lineq[(c->qhead + 1) % CONSOLE_LINEQ_BYTES] << 8;
	c->qhead += 2;
	n = size ? (len < size - 1 ? len : (uint32_t)size - 1) : 0;
	for (uint32_t i = 0; i < n; i++)
		buf[i] = (char)c->lineq[(c->qhead + i) % CONSOLE_LINEQ_BYTES];
	c->qhead += len;
	if (size)
		buf[n] = '\0';
	waitqueue_wake_all(&c->qspace);
	spin_unlock_irqrestore(&c->qlock, flags);
	return (int)n;
}

bool console_interrupted(const struct console *c)
{
	return c->interrupted;
}

/* ---------------------------------------------------------------- input */

static void console_le_write(void *user, const char *buf, size_t len)
{
	struct console *c = user;

	term_write(c->term, buf, len);
}

static void console_le_notify(void *user, enum term_le_notice n)
{
	struct console *c = user;
	uint64_t flags;

	if (n != TERM_LE_INTERRUPT)
		return;
	flags = spin_lock_irqsave(&c->qlock);
	if (c->running) {
		c->interrupted = true;
		task_kill(c->running);
		waitqueue_wake_all(&c->qwait);
	}
	spin_unlock_irqrestore(&c->qlock, flags);
}

static void console_le_complete(void *user, const char *line, size_t len, size_t cursor,
				struct term_le_completions *out)
{
	shell_complete(user, line, len, cursor, out);
}

static const struct term_le_ops console_le_ops = {
	.write = console_le_write,
	.submit = console_le_submit,
	.complete = console_le_complete,
	.notify = console_le_notify,
};

static void console_key(void *user, const struct term_key_event *ev)
{
	struct console *c = user;

	if (ev->type == TERM_KEV_CPR) {
		c->cpr_row = ev->row;
		c->cpr_col = ev->col;
		c->cpr_seen = true;
		return;
	}
	term_le_key(&c->le, ev);
}

/* Wait (without the console mutex) until the line queue has room for `bytes` more. */
void console_wait_room(struct console *c, uint32_t bytes)
{
	uint64_t flags = spin_lock_irqsave(&c->qlock);

	while (CONSOLE_LINEQ_BYTES - lineq_used(c) < bytes)
		waitqueue_wait(&c->qspace, &c->qlock, &flags);
	spin_unlock_irqrestore(&c->qlock, flags);
}

/* Bytes from the port. Context: the port's bottom-half task. */
static void console_input(struct serial_port *p, const uint8_t *buf, uint32_t n, void *ctx)
{
	struct console *c = ctx;

	(void)p;
	while (n) {
		uint32_t k = n < CONSOLE_CHUNK ? n : CONSOLE_CHUNK;

		/* Worst case every byte ends a line: 2 bytes of length each, plus the text. */
		console_wait_room(c, 3 * k + 8);

		mutex_lock(&c->lock);
		term_keys_feed(&c->keys, buf, k);
		c->esc_since = term_keys_pending(&c->keys) ? time_ns() : 0;
		term_flush(c->term);
		mutex_unlock(&c->lock);
		c->bytes_in += k;
		buf += k;
		n -= k;
	}
}

/* Periodic work (the console manager calls it): a lone ESC becomes the Escape key after a
 * quiet period, and new kernel log lines are shown above the prompt. Context: task. */
void console_tick(struct console *c)
{
	char line[LOG_LINE_MAX + 2];
	uint64_t next = logring_next();

	if (!c->esc_since && c->log_seq == next)
		return;
	mutex_lock(&c->lock);
	if (c->esc_since && time_ns() - c->esc_since > 50000000ull) {
		term_keys_timeout(&c->keys);
		c->esc_since = 0;
	}
	while (c->log_seq < next) {
		uint64_t first;
		int len = logring_read(c->log_seq, line, sizeof(line) - 2, NULL, &first);

		if (len == -ERANGE) {
			c->log_seq = first;
			continue;
		}
		c->log_seq++;
		if (len < 0)
			break;
		if (term_le_shown(&c->le)) {
			term_le_print_above(&c->le, line, (size_t)len);
		} else {
			line[len++] = '\n';
			console_term_write_locked(c, line, (size_t)len);
		}
	}
	term_flush(c->term);
	mutex_unlock(&c->lock);
}

/* ---------------------------------------------------------------- size */

int console_query_size(struct console *c)
{
	static const char query[] = "\0337\033[999;999H\033[6n\0338";
	int rows, cols;

	if (!c->port)
		return 0;       /* a display console: its size is the screen's */
	mutex_lock(&c->lock);
	c->cpr_seen = false;
	term_keys_expect_cpr(&c->keys);
	mutex_unlock(&c->lock);
	serial_write(c->port, query, sizeof(query) - 1);
	for (int i = 0; i < 50 && !c->cpr_seen; i++)
		task_sleep_ms(10);
	if (!c->cpr_seen)
		return -ETIMEDOUT;
	rows = c->cpr_row < 4 ? 4 : c->cpr_row > 500 ? 500 : c->cpr_row;
	cols = c->cpr_col < 10 ? 10 : c->cpr_col > 1000 ? 1000 : c->cpr_col;
	mutex_lock(&c->lock);
	if (rows != c->rows || cols != c->cols) {
		if (term_resize(c->term, rows, cols) == 0) {
			c->rows = rows;
			c->cols = cols;
			term_le_resize(&c->le, (unsigned)cols);
		}
	}
	term_serial_invalidate(c->ser);
	term_flush(c->term);
	mutex_unlock(&c->lock);
	return 0;
}

/* ---------------------------------------------------------------- creation */

/* Everything but the output side: line queue, terminal, locks, key decoder, line editor. */
int console_init_common(struct console *c, const char *name, int rows, int cols)
{
	c->lineq = kmalloc(CONSOLE_LINEQ_BYTES);
	if (!c->lineq)
		return -ENOMEM;
	c->term = term_new(&console_term_alloc, rows, cols);
	if (!c->term) {
		kfree(c->lineq);
		return -ENOMEM;
	}
	keel_snprintf(c->name, sizeof(c->name), "%s", name);
	c->rows = rows;
	c->cols = cols;
	mutex_init(&c->lock, "console");
	c->qlock = (struct spinlock)SPINLOCK_INIT("console-q");
	waitqueue_init(&c->qwait);
	waitqueue_init(&c->qspace);
	c->out = (struct io_stream){ &console_stream_ops, c };
	c->log_seq = logring_next();
	term_set_output(c->term, console_term_reply, c);
	term_keys_init(&c->keys, console_key, c);
	term_le_init(&c->le, &console_le_ops, c, (unsigned)cols);
	return 0;
}

void console_destroy_common(struct console *c)
{
	term_free(c->term);
	kfree(c->lineq);
}

static struct spinlock console_reg_lock = SPINLOCK_INIT("console-reg");

/* Give c the next index and publish it: 0, or -ENOSPC when CONSOLE_MAX are running. */
int console_register(struct console *c)
{
	uint64_t flags = spin_lock_irqsave(&console_reg_lock);
	unsigned idx = console_n;

	if (idx >= CONSOLE_MAX) {
		spin_unlock_irqrestore(&console_reg_lock, flags);
		return -ENOSPC;
	}
	c->index = idx;
	consoles[idx] = c;
	__atomic_store_n(&console_n, idx + 1, __ATOMIC_RELEASE);
	spin_unlock_irqrestore(&console_reg_lock, flags);
	return 0;
}

struct console *console_create_serial(struct serial_port *p)
{
	struct console *c;

	if (console_count() >= CONSOLE_MAX)
		return NULL;
	c = kzalloc(sizeof(*c));
	if (!c)
		return NULL;
	if (console_init_common(c, p->name, CONSOLE_DEFAULT_ROWS, CONSOLE_DEFAULT_COLS) < 0)
		goto free_console;
	c->ser = term_serial_new(&console_term_alloc, console_ser_out, c);
	if (!c->ser)
		goto free_common;
	c->port = p;
	term_attach(c->term, &term_serial_backend, c->ser);
	if (console_register(c) < 0)
		goto free_ser;
	serial_set_consumer(p, console_input, c);
	return c;

free_ser:
	term_serial_free(c->ser);
free_common:
	console_destroy_common(c);
free_console:
	kfree(c);
	return NULL;
}

void console_set_running(struct console *c, struct task *t)
{
	uint64_t flags = spin_lock_irqsave(&c->qlock);

	c->running = t;
	c->interrupted = false;
	spin_unlock_irqrestore(&c->qlock, flags);
}

/* ---------------------------------------------------------------- test support */

static void dump_out(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		outb(0xE9, (uint8_t)s[i]);
}

/* The screen as tools/termdump prints it: size, cursor, then "row NN |text|" per row with
 * trailing blanks trimmed, each wide character once. Ends with "end". */
void console_dump_screen(struct console *c)
{
	char line[64];
	char *text = kmalloc(4u * (unsigned)TERM_MAX_DIM + 8);
	int rows, cols, crow, ccol;
	bool vis;
	const struct term_screen *s;
	size_t n;

	if (!text)
		return;
	mutex_lock(&c->lock);
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
	mutex_unlock(&c->lock);
	kfree(text);
}

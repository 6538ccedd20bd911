/*
 * A console's input side. The receive path (a port's receive task: a serial port's bottom half or
 * a virtio-console's receive task, or the keyboard's)
 * only queues: bytes into the input queue, keyboard events into the key queue. It recognises
 * Ctrl-C as it arrives while a job runs (the session's interrupt op runs at once, typed-ahead
 * input is discarded, as a tty's line discipline does) and otherwise never looks at the bytes.
 * A full queue makes the port keep its bytes (its resume_input op when there is room again), so a
 * sender is held back and nothing is lost. The console task feeds the queue through the key
 * decoder into the line editor only while a reader waits, stopping after each submitted line:
 * typed-ahead and pasted lines appear after their own prompt, in order. Size reports (CPR) that
 * arrive while nobody reads are picked out of the queue so a resize is never held up.
 */
#include <keel/assert.h>
#include <keel/context.h>
#include <keel/log.h>
#include <keel/time.h>
#include <string.h>

#include "kernel/console/console.h"
#include "kernel/console/console_priv.h"
#include "term/backend_serial.h"
#include "term/term.h"

#define CTRL_C 0x03

/* Bytes left the input queue: true if the port was refused earlier and should be offered again
 * now (the caller calls console_port_resume() once c->lock is released). c->lock held. */
static bool console_inq_drained_locked(struct console *c)
{
	spin_assert_held(&c->lock);
	if (c->rx_full && byte_ring_free(&c->inq) >= CONSOLE_INQ_BYTES / 4) {
		c->rx_full = false;
		return true;
	}
	return false;
}

/* Drop everything queued. A reader feeding a peeked chunk to the editor (console_process_input)
 * sees the count change and does not take its chunk out again. c->lock held. */
static void console_inq_flush_locked(struct console *c)
{
	spin_assert_held(&c->lock);
	byte_ring_skip(&c->inq, byte_ring_used(&c->inq));
	c->inq_flushes++;
}

/* The job's output not yet in the terminal is dropped, as a tty's INTR flushes its output
 * queue (POSIX, unless NOFLSH): every line reaches the terminal, so without this the prompt
 * would come back only after up to 16 KiB had drained at line speed. The writer is woken (it is
 * being killed). c->lock held. */
static void console_outq_flush_locked(struct console *c)
{
	uint32_t n;

	spin_assert_held(&c->lock);
	n = byte_ring_used(&c->outq);
	if (!n)
		return;
	byte_ring_skip(&c->outq, n);
	c->out_flushed += n;
	c->out_cancel = true;
	waitqueue_wake_all(&c->out_space);
	console_kick_locked(c);
}

/* Ctrl-C while a job runs: interrupt it, drop what was typed ahead and what it had queued for
 * output. c->lock held; the client is called (and the port resumed) after it is released.
 * Returns whether to resume the port. */
static bool console_interrupt_locked(struct console *c)
{
	spin_assert_held(&c->lock);
	console_inq_flush_locked(c);
	console_outq_flush_locked(c);
	c->keyq_head = c->keyq_tail;
	c->interrupts++;
	return console_inq_drained_locked(c);
}

static void console_interrupt_client(struct console *c, bool resume)
{
	const struct console_client_ops *ops = console_client();

	if (resume && c->port)
		console_port_resume(c);
	if (ops && c->session)
		ops->interrupt(c->session);
}

/* ---------------------------------------------------------------- echoing peers */

/* Sequences Keel sends and a terminal never sends back: the size query and the bracketed-paste
 * switches. Arriving as input, they mean the peer echoes (a loopback plug, a modem, a console
 * wired to another console); executing its echo would make the console talk to itself. */
/* An own sequence in buf[0, n) that ends after byte `min_end` (so one already counted in the
 * previous piece is not counted again). */
static bool console_own_output_in(const uint8_t *buf, uint32_t n, uint32_t min_end)
{
	static const char *const own[] = { "\033[6n", "\033[?2004h", "\033[?2004l", "\033[999;999H" };

	for (const uint8_t *e = memchr(buf, 0x1b, n); e; e = memchr(e + 1, 0x1b, n - (uint32_t)(e + 1 - buf))) {
		for (unsigned i = 0; i < sizeof(own) / sizeof(own[0]); i++) {
			size_t len = strlen(own[i]);

			if ((uint32_t)(e - buf) + len <= n && (uint32_t)(e - buf) + len > min_end &&
			    memcmp(e, own[i], len) == 0)
				return true;
		}
		if (e + 1 >= buf + n)
			break;
	}
	return false;
}

/* The port hands input over in pieces of any size: a sequence split between two pieces counts
 * too (the last bytes of each piece are kept and looked at with the start of the next). */
static bool console_own_output(struct console *c, const uint8_t *buf, uint32_t n)
{
	uint8_t joint[2 * CONSOLE_ECHO_TAIL];
	uint32_t head = n < CONSOLE_ECHO_TAIL ? n : CONSOLE_ECHO_TAIL, keep;
	bool hit;

	memcpy(joint, c->echo_tail, c->echo_tail_len);
	memcpy(joint + c->echo_tail_len, buf, head);
	hit = console_own_output_in(joint, c->echo_tail_len + head, c->echo_tail_len) ||
	      console_own_output_in(buf, n, 0);
	if (n >= CONSOLE_ECHO_TAIL) {
		memcpy(c->echo_tail, buf + n - CONSOLE_ECHO_TAIL, CONSOLE_ECHO_TAIL);
		c->echo_tail_len = CONSOLE_ECHO_TAIL;
	} else {
		keep = c->echo_tail_len + n > CONSOLE_ECHO_TAIL ? CONSOLE_ECHO_TAIL - n : c->echo_tail_len;
		memmove(c->echo_tail, c->echo_tail + c->echo_tail_len - keep, keep);
		memcpy(c->echo_tail + keep, buf, n);
		c->echo_tail_len = keep + n;
	}
	return hit;
}

/* An echoing peer's input is ignored until it has been quiet for CONSOLE_ECHO_QUIET_MS. True if
 * this input is to be ignored. c->lock held; *log says which line to log after unlocking. */
static bool console_echo_filter(struct console *c, const uint8_t *buf, uint32_t n, int *log)
{
	uint64_t now = time_ns();

	spin_assert_held(&c->lock);
	if (c->echo_muted) {
		if (now < c->echo_quiet_at) {
			c->echo_quiet_at = now + CONSOLE_ECHO_QUIET_MS * 1000000ull;
			c->echo_ignored += n;
			return true;
		}
		c->echo_muted = false; /* quiet long enough: this is new input */
		*log = 2;
	}
	if (!console_own_output(c, buf, n))
		return false; /* one is enough: a terminal never sends any of them */
	c->echo_muted = true;
	c->echo_quiet_at = now + CONSOLE_ECHO_QUIET_MS * 1000000ull;
	c->echo_ignored += n + byte_ring_used(&c->inq);
	console_inq_flush_locked(c); /* what it echoed so far goes too */
	c->discard_line = true;                               /* and the line it was typing */
	console_kick_locked(c);
	*log = 1;
	return true;
}

/* Logged with c->lock released (a log line notifies every console, taking its lock). */
static void console_echo_log_quiet(struct console *c, int log)
{
	if (log == 2)
		pr_info("console", "%s: the echoing peer went quiet; input is taken again", c->name);
}

void console_port_resume(struct console *c)
{
	c->port_ops->resume_input(c->port);
}

uint32_t console_port_input(struct console *c, const uint8_t *buf, uint32_t n)
{
	uint64_t f = spin_lock_irqsave(&c->lock);
	uint32_t k;
	int log = 0;
	bool resume;

	if (console_echo_filter(c, buf, n, &log)) {
		resume = console_inq_drained_locked(c);
		spin_unlock_irqrestore(&c->lock, f);
		if (log)
			pr_warn("console", "%s: the other end echoes Keel's output back (a loopback or an echoing device): "
				"input ignored until it is quiet for %u ms", c->name, CONSOLE_ECHO_QUIET_MS);
		if (resume)
			console_port_resume(c);
		return n;
	}
	if (c->foreground) {
		const uint8_t *cc = memchr(buf, CTRL_C, n);

		if (cc) {
			bool resume = console_interrupt_locked(c);

			spin_unlock_irqrestore(&c->lock, f);
			console_echo_log_quiet(c, log);
			console_interrupt_client(c, resume);
			return (uint32_t)(cc - buf) + 1; /* what came before it was typed ahead: dropped */
		}
	}
	k = byte_ring_write(&c->inq, buf, n);
	if (k < n)
		c->rx_full = true;
	if (k)
		console_kick_locked(c);
	spin_unlock_irqrestore(&c->lock, f);
	console_echo_log_quiet(c, log);
	return k;
}

void console_key_input(struct console *c, const struct term_key_event *ev)
{
	bool ctrl_c = ev->type == TERM_KEV_CHAR && (ev->mods & TERM_MOD_CTRL) && (ev->cp == 'c' || ev->cp == 'C');
	uint64_t f = spin_lock_irqsave(&c->lock);

	if (c->foreground && ctrl_c) {
		bool resume = console_interrupt_locked(c);

		spin_unlock_irqrestore(&c->lock, f);
		console_interrupt_client(c, resume);
		return;
	}
	if (c->keyq_tail - c->keyq_head < CONSOLE_KEYQ)
		c->keyq[c->keyq_tail++ % CONSOLE_KEYQ] = *ev;
	else
		c->keys_dropped++; /* 64 keys typed ahead of a busy console: a person cannot notice */
	console_kick_locked(c);
	spin_unlock_irqrestore(&c->lock, f);
}

/* ---------------------------------------------------------------- size reports */

/* A "ESC [ rows ; cols R" at buf[0..n): its length, or 0 (-1 when it may still be completing). */
static int cpr_match(const uint8_t *buf, uint32_t n, int *rows, int *cols)
{
	uint32_t i = 2;
	int v[2] = { 0, 0 };

	if (n < 2)
		return n == 1 && buf[0] == 0x1b ? -1 : 0;
	if (buf[0] != 0x1b || buf[1] != '[')
		return 0;
	for (int k = 0; k < 2; k++) {
		uint32_t start = i;

		while (i < n && buf[i] >= '0' && buf[i] <= '9' && i - start < 5)
			v[k] = v[k] * 10 + (buf[i++] - '0');
		if (i == n)
			return -1;
		if (i == start || buf[i] != (k == 0 ? ';' : 'R'))
			return 0;
		i++;
	}
	*rows = v[0];
	*cols = v[1];
	return (int)i;
}

/* Take a size report out of the input queue, keeping the other bytes in order. Bytes already
 * looked at are not looked at again (c->cpr_scan: absolute queue position). */
void console_take_cpr(struct console *c)
{
	uint8_t win[24];
	uint64_t f;
	int rows = 0, cols = 0, len = 0;
	uint32_t at, used;
	bool resume = false;

	if (!c->cpr_pending || !c->port)
		return;
	f = spin_lock_irqsave(&c->lock);
	used = byte_ring_used(&c->inq);
	at = c->cpr_scan - c->inq.head;
	if (at > used)
		at = 0; /* consumed past it */
	for (; at < used; at++) {
		uint32_t n;

		if (c->inq.buf[(c->inq.head + at) & (c->inq.size - 1)] != 0x1b)
			continue;
		n = byte_ring_peek(&c->inq, at, win, sizeof(win));
		len = cpr_match(win, n, &rows, &cols);
		if (len != 0)
			break; /* a report, or one still arriving: look again from here */
	}
	c->cpr_scan = c->inq.head + at;
	if (len > 0) {
		/* shift the bytes before it up over it, then drop the front */
		for (uint32_t i = at; i-- > 0;) {
			uint8_t b = 0;

			byte_ring_peek(&c->inq, i, &b, 1);
			c->inq.buf[(c->inq.head + i + (uint32_t)len) & (c->inq.size - 1)] = b;
		}
		byte_ring_skip(&c->inq, (uint32_t)len);
		c->cpr_scan = c->inq.head + at;
		resume = console_inq_drained_locked(c);
	}
	spin_unlock_irqrestore(&c->lock, f);
	if (resume)
		console_port_resume(c);
	if (len > 0) {
		struct term_key_event ev = { .type = TERM_KEV_CPR, .row = (uint16_t)rows, .col = (uint16_t)cols };

		console_key(c, &ev);
	}
}

/* ---------------------------------------------------------------- into the editor */

void console_key(void *user, const struct term_key_event *ev)
{
	struct console *c = user;

	if (ev->type == TERM_KEV_CPR) {
		uint64_t f;

		if (c->cpr_pending)
			c->cpr_pending--;
		c->cpr_ok = true;
		c->probing = false;
		console_apply_size(c, ev->row, ev->col);
		f = spin_lock_irqsave(&c->lock);
		c->cpr_answers++;
		waitqueue_wake_all(&c->done); /* console_query_size */
		spin_unlock_irqrestore(&c->lock, f);
		return;
	}
	if (ev->type == TERM_KEV_CHAR && (ev->mods & TERM_MOD_CTRL) && ev->cp == 'l' && c->ser) {
		console_repaint_remote(c); /* Ctrl-L repaints from scratch, wiping foreign text */
		if (c->cpr_ok && !c->size_fixed)
			console_send_size_query(c); /* and takes up a window resized since the prompt */
	}
	term_le_key(&c->le, ev);
}

static void console_feed_keys(struct console *c)
{
	for (;;) {
		struct term_key_event ev;
		uint64_t f = spin_lock_irqsave(&c->lock);
		bool have = c->keyq_head != c->keyq_tail;

		if (have)
			ev = c->keyq[c->keyq_head % CONSOLE_KEYQ];
		if (have && !console_view_key(&ev) && !(c->serving && !c->line_ready))
			have = false; /* it waits for a reader */
		else if (have)
			c->keyq_head++;
		spin_unlock_irqrestore(&c->lock, f);
		if (!have)
			return;
		if (console_view_key(&ev)) {
			console_view_scroll(c, &ev);
		} else {
			console_view_live(c);
			console_key(c, &ev);
		}
	}
}

/* Feed queued input while a reader waits, one byte at a time so it stops right after a line. The
 * chunk is fed with c->lock released; if the queue was emptied meanwhile (Ctrl-C, an echoing
 * peer found in what the port sent), the chunk's bytes are gone already and are not skipped again
 * (that skip would take bytes that came later, or run the head past the tail). */
void console_process_input(struct console *c)
{
	uint8_t chunk[128];
	bool resume = false;

	if (c->display) {
		console_feed_keys(c);
		return;
	}
	while (c->serving && !c->line_ready) {
		uint64_t f = spin_lock_irqsave(&c->lock);
		uint32_t n = byte_ring_peek(&c->inq, 0, chunk, sizeof(chunk)), used = 0;
		uint32_t flushes = c->inq_flushes;

		spin_unlock_irqrestore(&c->lock, f);
		if (n == 0)
			break;
		while (used < n && c->serving && !c->line_ready)
			term_keys_feed(&c->keys, &chunk[used++], 1);
		f = spin_lock_irqsave(&c->lock);
		if (c->inq_flushes == flushes)
			byte_ring_skip(&c->inq, used);
		resume |= console_inq_drained_locked(c);
		spin_unlock_irqrestore(&c->lock, f);
	}
	c->esc_deadline = !term_keys_pending(&c->keys) ? 0
			  : time_ns() + (term_keys_in_sequence(&c->keys) ? CONSOLE_SEQ_MS : CONSOLE_ESC_MS) * 1000000ull;
	if (resume)
		console_port_resume(c);
}

/* ---------------------------------------------------------------- line editor ops */

static void console_le_write(void *user, const char *buf, size_t len)
{
	struct console *c = user;

	term_write(c->term, buf, len);
}

static void console_le_submit(void *user, const char *line, size_t len)
{
	struct console *c = user;

	if (len > TERM_LE_MAX_LINE)
		len = TERM_LE_MAX_LINE;
	memcpy(c->line, line, len);
	c->line[len] = '\0';
	c->line_len = len;
	c->line_ready = true;
}

static void console_le_notify(void *user, enum term_le_notice n)
{
	struct console *c = user;

	if (n == TERM_LE_EOF) {
		c->line_len = 0;
		c->line_ready = c->line_eof = true;
	}
}

static void console_le_complete(void *user, const char *line, size_t len, size_t cursor,
				struct term_le_completions *out)
{
	struct console *c = user;
	const struct console_client_ops *ops = console_client();

	if (ops && ops->complete && c->session)
		ops->complete(c->session, line, len, cursor, out);
}

const struct term_le_ops console_le_ops = {
	.write = console_le_write,
	.submit = console_le_submit,
	.complete = console_le_complete,
	.notify = console_le_notify,
};

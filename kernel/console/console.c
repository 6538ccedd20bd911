/*
 * A console's life (see console.h and console_priv.h): creation, the console task's loop, the
 * requests other tasks hand it (lines to read, calls, repaints), and the session supervisor that
 * keeps a session (the shell) running on it. The loop, each time it is kicked or a deadline
 * passes: command output into the terminal; new kernel log lines; calls; the reader's prompt;
 * input through the key decoder into the line editor (only while a reader waits, so typed-ahead
 * lines appear after their own prompt, in order); escape and size-query deadlines; then one
 * renderer flush.
 */
#include <keel/assert.h>
#include <keel/context.h>
#include <keel/errno.h>
#include <keel/format.h>
#include <keel/heap.h>
#include <keel/log.h>
#include <keel/logring.h>
#include <keel/mm.h>
#include <keel/task.h>
#include <keel/time.h>
#include <string.h>

#include "drivers/serial.h"
#include "kernel/console/console.h"
#include "kernel/console/console_priv.h"
#include "term/backend_serial.h"
#include "term/term.h"

static struct console *consoles[CONSOLE_MAX];
static unsigned console_n;
static const struct console_client_ops *console_client_ops;

void console_set_client(const struct console_client_ops *ops)
{
	console_client_ops = ops;
}

const struct console_client_ops *console_client(void)
{
	return console_client_ops;
}

unsigned console_count(void)
{
	return __atomic_load_n(&console_n, __ATOMIC_ACQUIRE);
}

struct console *console_get(unsigned i)
{
	return i < console_count() ? consoles[i] : NULL;
}

const char *console_name(const struct console *c)
{
	return c->name;
}

void console_get_size(const struct console *c, int *rows, int *cols)
{
	*rows = __atomic_load_n(&c->rows, __ATOMIC_RELAXED);
	*cols = __atomic_load_n(&c->cols, __ATOMIC_RELAXED);
}

bool console_is_serial(const struct console *c)
{
	return c->port != NULL;
}

const struct io_stream *console_stdout(struct console *c)
{
	return &c->out;
}

const struct io_stream *console_stdin(struct console *c)
{
	return &c->in;
}

void console_describe(struct console *c, char *buf, size_t size)
{
	uint64_t f = spin_lock_irqsave(&c->lock);
	uint32_t in = byte_ring_used(&c->inq), out = byte_ring_used(&c->outq);
	bool fg = c->foreground, full = c->rx_full, rd = c->reader != NULL;
	uint64_t ints = c->interrupts, dropped = c->keys_dropped, flushed = c->out_flushed;
	int rows, cols;

	spin_unlock_irqrestore(&c->lock, f);
	console_get_size(c, &rows, &cols);
	keel_snprintf(buf, size, "%-5s %dx%d%s  input %u B%s  output %u B  %s%s%s  Ctrl-C %llu (%llu B of output dropped)  keys dropped %llu",
		      c->name, cols, rows,
		      c->size_from_port ? " (from the device)" : c->port && c->port_ops->no_size_query && !c->size_fixed
		      ? " (no size from the device)" : c->size_fixed ? " (fixed)" : c->cpr_ok ? "" : " (no size reports)",
		      in, full ? " (port held back)" : "", out, fg ? "job running" : "at prompt",
		      rd ? ", reading" : "", c->serving ? ", editing" : "", (unsigned long long)ints,
		      (unsigned long long)flushed, (unsigned long long)dropped);
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

/* ---------------------------------------------------------------- the console task */

/* The reader's prompt goes up, or a withdrawn reader's editor comes down. */
static void console_serve_reader(struct console *c)
{
	struct console_reader *r;
	char prompt[TERM_LE_MAX_PROMPT + 1] = "";
	bool eof_ok = false, out_waiting;
	uint64_t f = spin_lock_irqsave(&c->lock);

	r = c->reader;
	out_waiting = byte_ring_used(&c->outq) != 0;
	if (r && !c->serving && !out_waiting && !c->probing) {
		keel_snprintf(prompt, sizeof(prompt), "%s", r->prompt);
		eof_ok = r->eof_ok;
	}
	spin_unlock_irqrestore(&c->lock, f);

	if (!r && c->serving) { /* withdrawn (its task was killed) */
		term_le_discard(&c->le);
		c->serving = false;
		return;
	}
	if (!r || c->serving || out_waiting || c->probing)
		return;
	console_fresh_line(c); /* output without a final newline stays visible */
	term_le_set_prompt(&c->le, prompt);
	term_le_set_eof(&c->le, eof_ok);
	term_le_show(&c->le);
	c->serving = true;
	if (c->cpr_ok && !c->size_fixed && eof_ok == false)
		console_send_size_query(c); /* a resized window reflows at this prompt */
}

/* Hand the submitted line to its reader. */
static void console_deliver(struct console *c)
{
	uint64_t f;

	if (!c->line_ready)
		return;
	f = spin_lock_irqsave(&c->lock);
	if (c->reader) {
		struct console_reader *r = c->reader;

		if (c->line_eof) {
			r->result = CONSOLE_EOF;
		} else {
			size_t n = c->line_len < r->size - 1 ? c->line_len : r->size - 1;

			memcpy(r->buf, c->line, n);
			r->buf[n] = '\0';
			r->result = (int)n;
		}
		r->done = true;
		c->reader = NULL;
		waitqueue_wake_all(&c->done);
	}
	spin_unlock_irqrestore(&c->lock, f);
	c->line_ready = c->line_eof = false;
	c->serving = false;
}

static void console_show_log(struct console *c)
{
	char line[LOG_LINE_MAX + 2];
	uint64_t next = logring_next();

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
		if (c->serving) {
			term_le_print_above(&c->le, line, (size_t)len);
		} else {
			console_fresh_line(c); /* a log line never continues a command's unfinished line */
			line[len++] = '\n';
			console_term_text(c, line, (size_t)len);
		}
	}
}

static void console_run_call(struct console *c)
{
	uint64_t f = spin_lock_irqsave(&c->lock);
	struct console_call *call = c->call;

	spin_unlock_irqrestore(&c->lock, f);
	if (!call)
		return;
	call->fn(c, call->arg);
	f = spin_lock_irqsave(&c->lock);
	call->done = true;
	c->call = NULL;
	waitqueue_wake_all(&c->done);
	spin_unlock_irqrestore(&c->lock, f);
}

static void console_deadlines(struct console *c, uint64_t now)
{
	if (c->esc_deadline && now >= c->esc_deadline) {
		c->esc_deadline = 0;
		term_keys_timeout(&c->keys);
	}
	if (c->probing && now >= c->probe_deadline) {
		c->probing = false;
		pr_info("console", "%s: the terminal did not report its size; using %dx%d", c->name, c->cols, c->rows);
	}
}

/* Sleep until kicked or until the nearest deadline. */
static void console_wait(struct console *c)
{
	uint64_t now = time_ns(), next = 0, f;

	if (c->esc_deadline)
		next = c->esc_deadline;
	if (c->probing && (!next || c->probe_deadline < next))
		next = c->probe_deadline;
	f = spin_lock_irqsave(&c->lock);
	if (!c->kick) {
		if (next)
			waitqueue_wait_timeout(&c->wake, &c->lock, &f, next > now ? (next - now) / 1000000 + 1 : 1);
		else
			waitqueue_wait(&c->wake, &c->lock, &f);
	}
	c->kick = false;
	spin_unlock_irqrestore(&c->lock, f);
}

/* Keeps a session on the console: started when the size is known, started again if it ends. */
static int console_session_task(void *arg)
{
	struct console *c = arg;
	const struct console_client_ops *ops = console_client();
	char name[TASK_NAME_MAX];

	keel_snprintf(name, sizeof(name), "shell-%s", c->name);
	for (;;) {
		struct task *t = task_spawn(name, ops->run, c->session);
		int value = 0;

		if (!t) {
			pr_err("console", "%s: cannot start the shell: out of memory; retrying", c->name);
			task_sleep_ms(1000);
			continue;
		}
		task_join(t, &value);
		pr_warn("console", "%s: the shell ended (%s); starting a new one", c->name,
			value == TASK_EXIT_KILLED ? "killed" : keel_strerror(value));
		task_sleep_ms(50);
	}
	return 0;
}

static void console_start_session(struct console *c)
{
	const struct console_client_ops *ops = console_client();
	struct task *t;

	c->session_started = true;
	pr_info("console", "%s ready %dx%d", c->name, c->cols, c->rows);
	if (!ops || !c->session) {
		pr_warn("console", "%s: no shell to run", c->name);
		return;
	}
	t = task_spawn_system("console-session", console_session_task, c);
	if (!t) {
		pr_err("console", "%s: cannot start the shell: out of memory", c->name);
		return;
	}
	task_detach(t);
}

/* The port reported a new size (virtio-console): apply it. Console task. */
static void console_apply_port_size(struct console *c)
{
	int rows, cols;

	if (c->port && c->port_ops->known_size && c->port_ops->known_size(c->port, &rows, &cols)) {
		c->size_from_port = true;
		console_apply_size(c, rows, cols);
	}
}

void console_port_resized(struct console *c)
{
	uint64_t f = spin_lock_irqsave(&c->lock);

	c->port_resized = true;
	console_kick_locked(c);
	spin_unlock_irqrestore(&c->lock, f);
}

static int console_task_main(void *arg)
{
	struct console *c = arg;

	if (!c->size_fixed && c->port && !c->port_ops->no_size_query) {
		c->probing = true;
		c->probe_deadline = time_ns() + CONSOLE_PROBE_MS * 1000000ull;
		console_send_size_query(c);
	}
	for (;;) {
		bool repaint, log, discard, resized;
		uint64_t f;

		console_wait(c);
		f = spin_lock_irqsave(&c->lock);
		resized = c->port_resized;
		c->port_resized = false;
		repaint = c->repaint;
		log = c->log_pending;
		discard = c->discard_line;
		c->repaint = c->log_pending = c->discard_line = false;
		spin_unlock_irqrestore(&c->lock, f);
		if (discard && c->serving) {
			term_le_discard(&c->le); /* shown again, empty, below */
			c->serving = false;
		}

		if (resized)
			console_apply_port_size(c);
		console_process_output(c);
		if (log)
			console_show_log(c);
		console_run_call(c);
		if (c->probing || !c->serving)
			console_take_cpr(c);
		console_deadlines(c, time_ns());
		if (!c->probing && !c->session_started)
			console_start_session(c);
		console_serve_reader(c);
		console_process_input(c);
		console_deliver(c);
		if (repaint && c->ser)
			console_repaint_remote(c);
		term_flush(c->term);
		__atomic_store_n(&c->mem_used, term_memory_used(c->term), __ATOMIC_RELAXED);
		if (c->port && c->paste_mode != c->serving) {
			c->paste_mode = c->serving;
			console_raw(c, c->serving ? "\033[?2004h" : "\033[?2004l");
		}
	}
	return 0;
}

/* ---------------------------------------------------------------- creation */

/* Each console's share of memory for its terminal (grid, scrollback, marks): a fraction of the
 * machine's RAM split over every console slot, so no peer, whatever size it claims and however
 * much it prints, can take more; the oldest scrollback goes first when it is reached. */
size_t console_budget(void)
{
	uint64_t total = frames_total_count() * 4096 / CONSOLE_MEM_SHARE;

	if (total > CONSOLE_MEM_CAP)
		total = CONSOLE_MEM_CAP;
	return (size_t)(total / CONSOLE_MAX_SERIAL); /* displays are few and fixed-size: not counted */
}

void console_memory(struct console *c, size_t *used, size_t *budget)
{
	*used = __atomic_load_n(&c->mem_used, __ATOMIC_RELAXED);
	*budget = c->budget;
}

/* Everything but the output side: queues, terminal, locks, key decoder, line editor. */
int console_init_common(struct console *c, const char *name, int rows, int cols)
{
	uint8_t *inq = kmalloc(CONSOLE_INQ_BYTES), *outq = kmalloc(CONSOLE_OUTQ_BYTES), *obuf = kmalloc(4096);

	if (!inq || !outq || !obuf)
		goto free_bufs;
	c->term = term_new(&console_term_alloc, rows, cols);
	if (!c->term)
		goto free_bufs;
	keel_snprintf(c->name, sizeof(c->name), "%s", name);
	c->rows = rows;
	c->cols = cols;
	c->lock = (struct spinlock)SPINLOCK_INIT("console");
	waitqueue_init(&c->wake);
	waitqueue_init(&c->out_space);
	waitqueue_init(&c->done);
	mutex_init(&c->read_mutex, "console-read");
	mutex_init(&c->call_mutex, "console-call");
	byte_ring_init(&c->inq, inq, CONSOLE_INQ_BYTES);
	byte_ring_init(&c->outq, outq, CONSOLE_OUTQ_BYTES);
	c->obuf = obuf;
	c->out = (struct io_stream){ &console_stdout_ops, c };
	c->in = (struct io_stream){ &console_stdin_ops, c };
	c->log_seq = logring_next();
	term_set_program_resize(c->term, false); /* the size is the remote's (or the screen's) */
	c->budget = console_budget();
	if (term_set_scrollback_budget(c->term, c->budget) < 0)
		goto free_term;
	term_keys_init(&c->keys, console_key, c);
	term_le_init(&c->le, &console_le_ops, c, (unsigned)cols);
	return 0;

free_term:
	term_free(c->term);
free_bufs:
	kfree(inq);
	kfree(outq);
	kfree(obuf);
	return -ENOMEM;
}

void console_destroy_common(struct console *c)
{
	term_free(c->term);
	kfree(c->inq.buf);
	kfree(c->outq.buf);
	kfree(c->obuf);
}

static struct spinlock console_reg_lock = SPINLOCK_INIT("console-reg");

/* Give c the next index and publish it: 0, or -ENOSPC when its kind's slots (serial or display)
 * are all in use. */
int console_register(struct console *c)
{
	uint64_t flags = spin_lock_irqsave(&console_reg_lock);
	unsigned idx = console_n, same = 0;

	for (unsigned i = 0; i < idx; i++)
		same += (consoles[i]->port != NULL) == (c->port != NULL);
	if (same >= (c->port ? CONSOLE_MAX_SERIAL : CONSOLE_MAX_DISPLAY)) {
		spin_unlock_irqrestore(&console_reg_lock, flags);
		return -ENOSPC;
	}
	c->index = idx;
	consoles[idx] = c;
	__atomic_store_n(&console_n, idx + 1, __ATOMIC_RELEASE);
	spin_unlock_irqrestore(&console_reg_lock, flags);
	return 0;
}

/* Attach the session state and start the console task (the session follows once the size is
 * known). 0 or -ENOMEM. */
int console_start(struct console *c)
{
	const struct console_client_ops *ops = console_client();
	char name[TASK_NAME_MAX];

	if (ops && !(c->session = ops->attach(c)))
		return -ENOMEM;
	keel_snprintf(name, sizeof(name), "console-%s", c->name);
	c->task = task_spawn_system(name, console_task_main, c);
	if (!c->task)
		return -ENOMEM;
	task_detach(c->task); /* consoles live for ever: the pointer stays valid */
	return 0;
}

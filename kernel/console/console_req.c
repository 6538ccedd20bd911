/*
 * Requests other tasks hand a console (console.h): the kick that wakes its task, log-line
 * notifications, the foreground state, repaints, calls run by the console task, and readers: the
 * session's prompt (console_read_line) and commands' stdin. Every request is published under
 * c->lock and followed by a kick; a waiting requester holds a mutex (read_mutex, call_mutex) so a
 * kill never leaves a request published on a dead task's stack.
 */
#include <keel/assert.h>
#include <keel/context.h>
#include <keel/errno.h>
#include <keel/task.h>
#include <string.h>

#include "kernel/console/console.h"
#include "kernel/console/console_priv.h"

void console_kick_locked(struct console *c)
{
	spin_assert_held(&c->lock);
	c->kick = true;
	waitqueue_wake_all(&c->wake);
}

void console_log_notify(void)
{
	for (unsigned i = 0; i < console_count(); i++) {
		struct console *c = console_get(i);
		uint64_t f = spin_lock_irqsave(&c->lock);

		c->log_pending = true;
		console_kick_locked(c);
		spin_unlock_irqrestore(&c->lock, f);
	}
}

void console_set_foreground(struct console *c, bool job_running)
{
	uint64_t f = spin_lock_irqsave(&c->lock);

	c->foreground = job_running;
	spin_unlock_irqrestore(&c->lock, f);
}

void console_repaint(struct console *c)
{
	uint64_t f = spin_lock_irqsave(&c->lock);

	c->repaint = true;
	console_kick_locked(c);
	spin_unlock_irqrestore(&c->lock, f);
}

void console_call(struct console *c, void (*fn)(struct console *c, void *arg), void *arg)
{
	struct console_call call = { fn, arg, false };
	uint64_t f;

	ASSERT(task_current() != c->task);
	mutex_lock(&c->call_mutex); /* held while waiting: a kill waits until the call is done */
	f = spin_lock_irqsave(&c->lock);
	c->call = &call;
	console_kick_locked(c);
	while (!call.done)
		waitqueue_wait(&c->done, &c->lock, &f);
	spin_unlock_irqrestore(&c->lock, f);
	mutex_unlock(&c->call_mutex);
}

/* Wait for the console task to fill in r. The read mutex is held, so a kill makes the wait return
 * (instead of ending the task with r still published): the request is withdrawn first. */
static int console_wait_reader(struct console *c, struct console_reader *r)
{
	struct task *self = task_current();
	uint64_t f;
	int ret;

	mutex_assert_held(&c->read_mutex);
	f = spin_lock_irqsave(&c->lock);
	c->reader = r;
	console_kick_locked(c);
	while (!r->done && !atomic_load(&self->kill_requested))
		waitqueue_wait(&c->done, &c->lock, &f);
	if (!r->done) {
		c->reader = NULL;
		console_kick_locked(c);
		ret = -EINTR;
	} else {
		ret = r->result;
	}
	spin_unlock_irqrestore(&c->lock, f);
	return ret;
}

int console_read_line(struct console *c, const char *prompt, char *buf, size_t size)
{
	struct console_reader r = { prompt ? prompt : "", false, buf, size, 0, false };
	int ret;

	ASSERT(size > 0);
	mutex_lock(&c->read_mutex);
	ret = console_wait_reader(c, &r);
	mutex_unlock(&c->read_mutex);
	return ret == CONSOLE_EOF ? 0 : ret;
}

static int64_t console_stdin_read(void *ctx, void *buf, size_t len)
{
	struct console *c = ctx;
	struct console_reader r = { "", true, c->in_line, sizeof(c->in_line) - 1, 0, false };
	int64_t ret;

	mutex_lock(&c->read_mutex);
	if (c->in_pos == c->in_len) {
		int n = console_wait_reader(c, &r);

		if (n < 0) {
			mutex_unlock(&c->read_mutex);
			return n == CONSOLE_EOF ? 0 : n;
		}
		c->in_line[n] = '\n';
		c->in_pos = 0;
		c->in_len = (size_t)n + 1;
	}
	ret = (int64_t)(len < c->in_len - c->in_pos ? len : c->in_len - c->in_pos);
	memcpy(buf, c->in_line + c->in_pos, (size_t)ret);
	c->in_pos += (size_t)ret;
	mutex_unlock(&c->read_mutex);
	return ret;
}

const struct io_stream_ops console_stdin_ops = { .read = console_stdin_read };


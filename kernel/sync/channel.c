/*
 * Bounded MPMC channels (keel/channel.h): a ring buffer under one IRQ-safe spinlock with a wait
 * queue for each direction. Waiters re-check under the lock (keel/waitqueue.h), so a message or
 * a free slot is never missed; each successful operation wakes one waiter of the other side,
 * close wakes all.
 */
#include <keel/context.h>
#include <keel/channel.h>
#include <keel/errno.h>
#include <keel/heap.h>
#include <string.h>

int channel_init(struct channel *c, size_t elem_size, size_t capacity)
{
	memset(c, 0, sizeof(*c));
	if (!elem_size || !capacity || capacity > (1u << 24) || elem_size > (1u << 16))
		return -EINVAL;
	c->buf = kmalloc(elem_size * capacity);
	if (!c->buf)
		return -ENOMEM;
	c->lock = (struct spinlock)SPINLOCK_INIT("channel");
	c->elem_size = elem_size;
	c->capacity = capacity;
	waitqueue_init(&c->senders);
	waitqueue_init(&c->receivers);
	return 0;
}

void channel_destroy(struct channel *c)
{
	kfree(c->buf);
	c->buf = NULL;
}

/* Lock held; there is room. */
static void channel_put(struct channel *c, const void *msg)
{
	size_t tail = (c->head + c->count) % c->capacity;

	spin_assert_held(&c->lock);
	ASSERT(c->count < c->capacity);
	memcpy(c->buf + tail * c->elem_size, msg, c->elem_size);
	c->count++;
	c->sent++;
	waitqueue_wake_one(&c->receivers);
}

/* Lock held; not empty. */
static void channel_take(struct channel *c, void *out)
{
	spin_assert_held(&c->lock);
	ASSERT(c->count > 0);
	memcpy(out, c->buf + c->head * c->elem_size, c->elem_size);
	c->head = (c->head + 1) % c->capacity;
	c->count--;
	c->received++;
	waitqueue_wake_one(&c->senders);
}

int channel_send(struct channel *c, const void *msg)
{
	uint64_t f;
	int ret = 0;

	might_sleep();
	f = spin_lock_irqsave(&c->lock);
	while (!c->closed && c->count == c->capacity)
		waitqueue_wait(&c->senders, &c->lock, &f);
	if (c->closed)
		ret = -EPIPE;
	else
		channel_put(c, msg);
	spin_unlock_irqrestore(&c->lock, f);
	return ret;
}

int channel_try_send(struct channel *c, const void *msg)
{
	uint64_t f = spin_lock_irqsave(&c->lock);
	int ret = 0;

	if (c->closed)
		ret = -EPIPE;
	else if (c->count == c->capacity)
		ret = -EAGAIN;
	else
		channel_put(c, msg);
	spin_unlock_irqrestore(&c->lock, f);
	return ret;
}

int channel_recv(struct channel *c, void *out)
{
	uint64_t f;
	int ret = 0;

	might_sleep();
	f = spin_lock_irqsave(&c->lock);

	while (!c->closed && c->count == 0)
		waitqueue_wait(&c->receivers, &c->lock, &f);
	if (c->count)
		channel_take(c, out);
	else
		ret = -EPIPE;
	spin_unlock_irqrestore(&c->lock, f);
	return ret;
}

int channel_try_recv(struct channel *c, void *out)
{
	uint64_t f = spin_lock_irqsave(&c->lock);
	int ret = 0;

	if (c->count)
		channel_take(c, out);
	else
		ret = c->closed ? -EPIPE : -EAGAIN;
	spin_unlock_irqrestore(&c->lock, f);
	return ret;
}

void channel_close(struct channel *c)
{
	uint64_t f = spin_lock_irqsave(&c->lock);

	c->closed = true;
	waitqueue_wake_all(&c->senders);
	waitqueue_wake_all(&c->receivers);
	spin_unlock_irqrestore(&c->lock, f);
}

size_t channel_len(struct channel *c)
{
	uint64_t f = spin_lock_irqsave(&c->lock);
	size_t n = c->count;

	spin_unlock_irqrestore(&c->lock, f);
	return n;
}

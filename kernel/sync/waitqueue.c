/*
 * Wait queues (keel/waitqueue.h). Entries live on the waiters' stacks; the queue is FIFO. The
 * no-lost-wakeup argument is in the header: queueing and marking blocked happen under the
 * caller's lock, and a wakeup that arrives before the waiter has switched out only makes its
 * schedule() a yield.
 */
#include <keel/assert.h>
#include <keel/context.h>
#include <keel/sched.h>
#include <keel/task.h>
#include <keel/waitqueue.h>

#include "kernel/sched/sched_internal.h"

static void wq_remove(struct waitqueue *wq, struct wait_entry *e)
{
	if (e->prev)
		e->prev->next = e->next;
	else
		wq->head = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		wq->tail = e->prev;
	e->prev = e->next = NULL;
	e->queued = false;
}

/* Queue, block (and with `timed`, also sleep at most `ms`), then take the entry off whatever
 * woke us. True if woken through the queue. */
static bool wq_wait(struct waitqueue *wq, struct spinlock *lock, uint64_t *flags, bool timed, uint64_t ms)
{
	struct wait_entry e = { .task = task_current(), .prev = wq->tail, .next = NULL, .queued = true };
	bool woken;

	might_sleep_locked();
	spin_assert_held(lock);
	ASSERT(!e.task->is_idle);
	if (wq->tail)
		wq->tail->next = &e;
	else
		wq->head = &e;
	wq->tail = &e;
	if (timed)
		sched_sleep_arm(e.task, ms);
	task_block_current();
	spin_unlock_irqrestore(lock, *flags);
	schedule();
	*flags = spin_lock_irqsave(lock);
	if (timed)
		sched_sleep_disarm(e.task);
	woken = !e.queued;
	if (e.queued) /* not woken through the queue: a timeout, a kill, or a spurious wakeup */
		wq_remove(wq, &e);
	if (sched_kill_pending()) {
		spin_unlock_irqrestore(lock, *flags);
		sched_check_kill();
		*flags = spin_lock_irqsave(lock); /* a spinlock held outside `lock`: no kill here */
	}
	return woken;
}

void waitqueue_wait(struct waitqueue *wq, struct spinlock *lock, uint64_t *flags)
{
	wq_wait(wq, lock, flags, false, 0);
}

bool waitqueue_wait_timeout(struct waitqueue *wq, struct spinlock *lock, uint64_t *flags, uint64_t ms)
{
	return wq_wait(wq, lock, flags, true, ms);
}

static bool wq_wake_first(struct waitqueue *wq)
{
	struct wait_entry *e = wq->head;

	if (!e)
		return false;
	wq_remove(wq, e);
	task_unblock(e->task);
	return true;
}

unsigned waitqueue_wake_one(struct waitqueue *wq)
{
	return wq_wake_first(wq) ? 1 : 0;
}

unsigned waitqueue_wake_all(struct waitqueue *wq)
{
	unsigned n = 0;

	while (wq_wake_first(wq))
		n++;
	return n;
}

/*
 * Wait queues: tasks blocked until some condition protected by a spinlock becomes true. The
 * queue has no lock of its own: the caller's spinlock protects both the condition and the
 * queue, which is what makes wakeups impossible to lose. A waiter checks the condition, queues
 * itself and marks itself blocked all under that lock; a waker changes the condition and wakes
 * under the same lock, so it either runs before the check (the waiter sees the new condition) or
 * after the waiter is queued and blocked (the wakeup finds it). Typical use:
 *
 *	flags = spin_lock_irqsave(&obj->lock);
 *	while (!condition)
 *		waitqueue_wait(&obj->wq, &obj->lock, &flags);
 *	...
 *	spin_unlock_irqrestore(&obj->lock, flags);
 *
 * A kill request (task_kill) makes waitqueue_wait end the task instead of returning, unless it
 * holds a mutex (then the wait returns and the kill waits for the mutex to be released).
 */
#ifndef KEEL_WAITQUEUE_H
#define KEEL_WAITQUEUE_H

#include <stdbool.h>
#include <stdint.h>

#include <keel/spinlock.h>

struct task;

struct wait_entry {
	struct task *task;
	struct wait_entry *prev, *next;
	bool queued;
};

struct waitqueue {
	struct wait_entry *head, *tail;
};

#define WAITQUEUE_INIT { NULL, NULL }

static inline void waitqueue_init(struct waitqueue *wq)
{
	wq->head = wq->tail = NULL;
}

static inline bool waitqueue_empty(const struct waitqueue *wq)
{
	return wq->head == NULL;
}

/* Block the current task until woken. Called with `lock` held, taken by spin_lock_irqsave with
 * its flags in *flags; the lock is released while blocked and held again on return. Wakeups may
 * be spurious: re-check the condition. Context: task; not with any other spinlock held. */
void waitqueue_wait(struct waitqueue *wq, struct spinlock *lock, uint64_t *flags);

/* As waitqueue_wait, but also wakes after `ms` milliseconds (rounded up to whole ticks). Returns
 * true if woken through the queue, false on the timeout (or a spurious wakeup). */
bool waitqueue_wait_timeout(struct waitqueue *wq, struct spinlock *lock, uint64_t *flags, uint64_t ms);
/* Wake the longest waiter / every waiter; returns how many were woken. Called with the lock
 * protecting the queue held. Context: any, including IRQ. */
unsigned waitqueue_wake_one(struct waitqueue *wq);
unsigned waitqueue_wake_all(struct waitqueue *wq);

#endif /* KEEL_WAITQUEUE_H */

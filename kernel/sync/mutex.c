/*
 * Sleeping mutexes (keel/mutex.h) on a wait queue. Unlock hands the mutex straight to the
 * longest waiter (FIFO hand-off): without it, a task that unlocks and relocks in a loop (a
 * command printing to a console) would take the mutex again before the woken waiter runs, and
 * starve it (the console's input task: Ctrl-C took seconds). The handed-over task's mutex count
 * is raised by the unlocker, so a kill requested while it waits is deferred like any other
 * kill of a mutex holder, and the mutex can never end up owned by a task that died waiting.
 */
#include <keel/assert.h>
#include <keel/context.h>
#include <keel/irq.h>
#include <keel/mutex.h>
#include <keel/panic.h>
#include <keel/task.h>

#include "kernel/sched/sched_internal.h"

void mutex_init(struct mutex *m, const char *name)
{
	*m = (struct mutex)MUTEX_INIT(name);
}

/* Every call, contended or not: a mutex taken where sleeping is not allowed is caught the first
 * time, not only on the rare call that would have blocked. */
static void mutex_check_context(const struct mutex *m)
{
	if (!context_can_sleep(0))
		panic("mutex \"%s\" taken where it may not sleep (%s, %u spinlock(s) held)", m->name,
		      in_irq() ? "interrupt context" : "task", spinlock_held_count());
}

void mutex_lock(struct mutex *m)
{
	struct task *cur = task_current();
	uint64_t f;

	mutex_check_context(m);
	f = spin_lock_irqsave(&m->lock);
	if (m->owner == cur)
		panic("mutex \"%s\" locked twice by task \"%s\"", m->name, cur->name);
	if (!m->owner) {
		m->owner = cur;
		cur->mutexes_held++;
	} else {
		m->contended++;
		/* Woken only by a hand-off, which already made us the owner and counted it. */
		while (m->owner != cur)
			waitqueue_wait(&m->waiters, &m->lock, &f);
	}
	spin_unlock_irqrestore(&m->lock, f);
}

bool mutex_trylock(struct mutex *m)
{
	struct task *cur = task_current();
	bool taken = false;
	uint64_t f;

	mutex_check_context(m);
	f = spin_lock_irqsave(&m->lock);
	if (!m->owner) {
		m->owner = cur;
		cur->mutexes_held++;
		taken = true;
	}
	spin_unlock_irqrestore(&m->lock, f);
	return taken;
}

void mutex_unlock(struct mutex *m)
{
	struct task *cur = task_current();
	uint64_t f = spin_lock_irqsave(&m->lock);

	if (m->owner != cur)
		panic("mutex \"%s\" unlocked by task \"%s\" but owned by %s", m->name, cur->name,
		      m->owner ? m->owner->name : "nobody");
	cur->mutexes_held--;
	if (m->waiters.head) {
		struct task *next = m->waiters.head->task;

		m->owner = next;
		next->mutexes_held++;
		waitqueue_wake_one(&m->waiters);
	} else {
		m->owner = NULL;
	}
	spin_unlock_irqrestore(&m->lock, f);
	sched_check_kill(); /* a kill deferred while the mutex was held */
}

bool mutex_is_held_by_current(const struct mutex *m)
{
	return __atomic_load_n(&m->owner, __ATOMIC_RELAXED) == task_current();
}

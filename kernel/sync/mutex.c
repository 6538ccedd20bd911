/*
 * Sleeping mutexes (keel/mutex.h) on a wait queue. Unlock wakes one waiter, which re-checks;
 * a task arriving meanwhile may take the mutex first (no hand-off), which keeps the code simple
 * and costs nothing on one CPU. The owner's mutex count defers task_kill until the last unlock.
 */
#include <keel/assert.h>
#include <keel/irq.h>
#include <keel/mutex.h>
#include <keel/panic.h>
#include <keel/task.h>

#include "kernel/sched/sched_internal.h"

void mutex_init(struct mutex *m, const char *name)
{
	*m = (struct mutex)MUTEX_INIT(name);
}

static void mutex_check_context(const struct mutex *m)
{
	if (in_irq())
		panic("mutex \"%s\" taken in interrupt context", m->name);
	if (spinlock_held_count())
		panic("mutex \"%s\" taken with %u spinlock(s) held (it may sleep)", m->name, spinlock_held_count());
}

void mutex_lock(struct mutex *m)
{
	struct task *cur = task_current();
	uint64_t f;

	mutex_check_context(m);
	f = spin_lock_irqsave(&m->lock);
	if (m->owner == cur)
		panic("mutex \"%s\" locked twice by task \"%s\"", m->name, cur->name);
	if (m->owner)
		m->contended++;
	while (m->owner)
		waitqueue_wait(&m->waiters, &m->lock, &f);
	m->owner = cur;
	cur->mutexes_held++;
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
	m->owner = NULL;
	cur->mutexes_held--;
	waitqueue_wake_one(&m->waiters);
	spin_unlock_irqrestore(&m->lock, f);
	sched_check_kill(); /* a kill deferred while the mutex was held */
}

bool mutex_is_held_by_current(const struct mutex *m)
{
	return __atomic_load_n(&m->owner, __ATOMIC_RELAXED) == task_current();
}

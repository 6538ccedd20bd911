/*
 * In-kernel tests of mutexes and wait queues: mutual exclusion under contention from several
 * tasks (with yields and sleeps inside the critical section), trylock, kill deferred while a
 * mutex is held, wake_one/wake_all counts. KTEST_EXPLICIT: unlocking a mutex one does not own
 * must panic.
 */
#include <keel/ktest.h>
#include <keel/mutex.h>
#include <keel/sched.h>
#include <keel/task.h>

#define MUTEX_TASKS 4
#define MUTEX_ITERS 1500

struct mutex_test {
	struct mutex m;
	uint64_t counter; /* protected by m, updated non-atomically on purpose */
	int inside;
	unsigned violations;
};

static int mutex_worker(void *arg)
{
	struct mutex_test *mt = arg;

	for (int i = 0; i < MUTEX_ITERS; i++) {
		uint64_t v;

		mutex_lock(&mt->m);
		if (mt->inside++)
			mt->violations++;
		v = mt->counter;
		if (i % 7 == 0)
			task_yield(); /* let the others pile up on the mutex */
		if (i % 251 == 0)
			task_sleep_ms(1);
		mt->counter = v + 1;
		mt->inside--;
		mutex_unlock(&mt->m);
	}
	return 0;
}

KTEST(mutex_contention)
{
	static struct mutex_test mt;
	struct task *t[MUTEX_TASKS];

	mt = (struct mutex_test){ .m = MUTEX_INIT("ktest") };
	for (int i = 0; i < MUTEX_TASKS; i++)
		KT_ASSERT((t[i] = task_spawn("mutexer", mutex_worker, &mt)) != NULL);
	for (int i = 0; i < MUTEX_TASKS; i++)
		task_join(t[i], NULL);
	KT_EXPECT_EQ(mt.counter, MUTEX_TASKS * MUTEX_ITERS);
	KT_EXPECT_EQ(mt.violations, 0);
	KT_EXPECT(mt.m.contended > 0);
	KT_EXPECT(mt.m.owner == NULL && waitqueue_empty(&mt.m.waiters));
	KT_EXPECT(mutex_trylock(&mt.m));
	KT_EXPECT(mutex_is_held_by_current(&mt.m));
	mutex_unlock(&mt.m);
}

struct holder {
	struct mutex *m;
	volatile bool holding, release, after_unlock;
};

static int mutex_holder(void *arg)
{
	struct holder *h = arg;

	mutex_lock(h->m);
	h->holding = true;
	while (!h->release)
		task_yield(); /* a kill point, but the mutex defers the kill */
	mutex_unlock(h->m); /* the kill lands here */
	h->after_unlock = true;
	return 0;
}

KTEST(mutex_defers_kill)
{
	static struct mutex m = MUTEX_INIT("killdefer");
	static struct holder h;
	struct task *t;
	int v = 0;

	h = (struct holder){ .m = &m };
	KT_ASSERT((t = task_spawn("holder", mutex_holder, &h)) != NULL);
	while (!h.holding)
		task_yield();
	KT_EXPECT(task_kill(t) == 0);
	task_sleep_ms(20);
	KT_EXPECT(task_runstate(t) != TASK_EXITED); /* still holding the mutex */
	KT_EXPECT(!mutex_trylock(&m));
	h.release = true;
	task_join(t, &v);
	KT_EXPECT_EQ(v, TASK_EXIT_KILLED);
	KT_EXPECT(!h.after_unlock);
	KT_EXPECT(mutex_trylock(&m));
	mutex_unlock(&m);
}

struct wq_test {
	struct spinlock lock;
	struct waitqueue wq;
	unsigned generation;
	unsigned woke;
};

static int wq_waiter(void *arg)
{
	struct wq_test *w = arg;
	uint64_t f = spin_lock_irqsave(&w->lock);
	unsigned gen = w->generation;

	while (w->generation == gen)
		waitqueue_wait(&w->wq, &w->lock, &f);
	w->woke++;
	spin_unlock_irqrestore(&w->lock, f);
	return 0;
}

static unsigned wq_waiters(struct wq_test *w)
{
	uint64_t f = spin_lock_irqsave(&w->lock);
	unsigned n = 0;

	for (struct wait_entry *e = w->wq.head; e; e = e->next)
		n++;
	spin_unlock_irqrestore(&w->lock, f);
	return n;
}

KTEST(waitqueue_wake_one_all)
{
	static struct wq_test w;
	struct task *t[5];
	uint64_t f;
	unsigned woken;

	w = (struct wq_test){ .lock = SPINLOCK_INIT("wqtest"), .wq = WAITQUEUE_INIT };
	for (int i = 0; i < 5; i++)
		KT_ASSERT((t[i] = task_spawn("wqwaiter", wq_waiter, &w)) != NULL);
	for (int spins = 0; wq_waiters(&w) < 5 && spins < 1000; spins++)
		task_sleep_ms(1);
	KT_ASSERT(wq_waiters(&w) == 5);
	f = spin_lock_irqsave(&w.lock);
	woken = waitqueue_wake_one(&w.wq); /* condition unchanged: a spurious wakeup, re-queued */
	spin_unlock_irqrestore(&w.lock, f);
	KT_EXPECT_EQ(woken, 1);
	task_sleep_ms(5);
	KT_EXPECT_EQ(wq_waiters(&w), 5);
	KT_EXPECT_EQ(w.woke, 0);
	f = spin_lock_irqsave(&w.lock);
	w.generation++;
	woken = waitqueue_wake_all(&w.wq);
	spin_unlock_irqrestore(&w.lock, f);
	KT_EXPECT_EQ(woken, 5);
	for (int i = 0; i < 5; i++)
		task_join(t[i], NULL);
	KT_EXPECT_EQ(w.woke, 5);
}

KTEST_EXPLICIT(panic_mutex_unlock_not_owner)
{
	static struct mutex m = MUTEX_INIT("unowned");

	mutex_unlock(&m);
}

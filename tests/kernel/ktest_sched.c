/*
 * In-kernel tests of tasks and the scheduler: spawn/join with exit values and full cleanup,
 * preemption fairness between CPU-bound tasks (counted in ticks, generous bounds), sleeping,
 * lock-free block/unblock driven by a real interrupt, kill of running, sleeping and blocked
 * tasks, the task list. The KTEST_EXPLICIT ones must panic: a spinlock held across a switch, and
 * a task overflowing its stack into the guard page.
 */
#include <keel/errno.h>
#include <keel/heap.h>
#include <keel/irq.h>
#include <keel/ktest.h>
#include <keel/mm.h>
#include <keel/sched.h>
#include <keel/task.h>
#include <keel/timer.h>
#include <string.h>

static int ret_arg(void *arg)
{
	return (int)(intptr_t)arg;
}

KTEST(task_spawn_join_cleanup)
{
	struct heap_stats h0, h1;
	uint64_t frames0;
	struct task *t[20];
	int v = -1;

	/* Warm up (page tables for the stack region), then count. */
	KT_ASSERT((t[0] = task_spawn("warm", ret_arg, (void *)7)) != NULL);
	KT_EXPECT(task_join(t[0], &v) == 0);
	KT_EXPECT_EQ(v, 7);
	heap_get_stats(&h0);
	frames0 = frames_free_count();
	for (int i = 0; i < 20; i++)
		KT_ASSERT((t[i] = task_spawn("child", ret_arg, (void *)(intptr_t)(i * 3))) != NULL);
	for (int i = 0; i < 20; i++) {
		KT_EXPECT(task_join(t[i], &v) == 0);
		KT_EXPECT_EQ(v, i * 3);
	}
	heap_get_stats(&h1);
	KT_EXPECT_EQ(h1.live_allocs, h0.live_allocs);
	KT_EXPECT_EQ(frames_free_count(), frames0);
	KT_EXPECT_EQ(task_join(task_current(), NULL), -EINVAL);
}

struct spin_arg {
	volatile bool *stop;
	volatile uint64_t loops;
};

static int spinner(void *arg)
{
	struct spin_arg *a = arg;

	while (!*a->stop)
		a->loops++;
	return 0;
}

KTEST(sched_preemption_fairness)
{
	static volatile bool stop;
	static struct spin_arg args[3];
	struct task *t[3];
	struct sched_stats s0, s1;
	uint64_t ticks[3], switches[3], lo = UINT64_MAX, hi = 0;

	stop = false;
	sched_get_stats(&s0);
	for (int i = 0; i < 3; i++) {
		args[i] = (struct spin_arg){ .stop = &stop };
		KT_ASSERT((t[i] = task_spawn("spinner", spinner, &args[i])) != NULL);
	}
	task_sleep_ms(400); /* 400 ticks shared by three CPU hogs */
	stop = true;
	for (int i = 0; i < 3; i++) {
		ticks[i] = t[i]->ticks;
		switches[i] = t[i]->switches;
		task_join(t[i], NULL);
		lo = KEEL_MIN(lo, ticks[i]);
		hi = KEEL_MAX(hi, ticks[i]);
		KT_EXPECT(args[i].loops > 0);
		KT_EXPECT(switches[i] >= 3); /* preempted and resumed, not run to completion */
	}
	sched_get_stats(&s1);
	KT_EXPECT(lo >= 30);
	KT_EXPECT(lo * 3 >= hi); /* round robin: nobody gets three times another's share */
	KT_EXPECT(s1.preemptions - s0.preemptions >= 6);
}

KTEST(task_sleep_counts_ticks)
{
	uint64_t t0 = timer_ticks();

	task_sleep_ms(50);
	KT_EXPECT(timer_ticks() - t0 >= 50);
	t0 = timer_ticks();
	task_sleep_ms(0); /* at least one tick, never a hang */
	KT_EXPECT(timer_ticks() - t0 >= 1);
}

/* Block/unblock without locks: the waiter marks itself blocked, then checks; the IRQ handler
 * publishes, then unblocks. Whatever the interleaving, no post is missed. */
struct irq_wake {
	struct task *waiter;
	_Atomic uint64_t posted;
	uint64_t consumed;
	uint64_t target;
	uint64_t sleeps;
};

static void irq_wake_handler(unsigned irq, void *ctx)
{
	struct irq_wake *w = ctx;

	(void)irq;
	if (atomic_load(&w->posted) < w->target) {
		atomic_fetch_add(&w->posted, 1);
		task_unblock(w->waiter);
	}
}

static int irq_waiter(void *arg)
{
	struct irq_wake *w = arg;

	while (w->consumed < w->target) {
		task_block_current();
		if (atomic_load(&w->posted) > w->consumed) {
			task_unblock(task_current()); /* condition already true: do not sleep */
			w->consumed = atomic_load(&w->posted);
			continue;
		}
		w->sleeps++;
		schedule();
	}
	return 0;
}

KTEST(task_block_unblock_from_irq)
{
	static struct irq_wake w;
	unsigned soft = IRQ_SOFT_FIRST + 1;

	w = (struct irq_wake){ .target = 300 };
	w.waiter = task_spawn("irqwaiter", irq_waiter, &w);
	KT_ASSERT(w.waiter != NULL);
	KT_ASSERT(irq_register(0, irq_wake_handler, &w) == 0); /* the timer, shared */
	KT_ASSERT(irq_register(soft, irq_wake_handler, &w) == 0);
	for (int i = 0; i < 100; i++)
		irq_raise_soft(soft);
	KT_EXPECT(task_join(w.waiter, NULL) == 0); /* returns only if every post was seen */
	irq_unregister(0, irq_wake_handler, &w);
	irq_unregister(soft, irq_wake_handler, &w);
	KT_EXPECT_EQ(w.consumed, 300);
	KT_EXPECT(w.sleeps > 0);
}

static int sleeper(void *arg)
{
	(void)arg;
	task_sleep_ms(1000000);
	return 1;
}

static struct spinlock kill_lock = SPINLOCK_INIT("killtest");
static struct waitqueue kill_wq = WAITQUEUE_INIT;

static int forever_waiter(void *arg)
{
	uint64_t f = spin_lock_irqsave(&kill_lock);

	(void)arg;
	for (;;)
		waitqueue_wait(&kill_wq, &kill_lock, &f);
	return 2;
}

KTEST(task_kill_and_join)
{
	static volatile bool never;
	static struct spin_arg a;
	struct task *spin, *sleep, *wait;
	struct heap_stats h0, h1;
	int v;

	heap_get_stats(&h0);
	a = (struct spin_arg){ .stop = &never };
	KT_ASSERT((spin = task_spawn("spinner", spinner, &a)) != NULL);
	KT_ASSERT((sleep = task_spawn("sleeper", sleeper, NULL)) != NULL);
	KT_ASSERT((wait = task_spawn("waiter", forever_waiter, NULL)) != NULL);
	task_sleep_ms(30); /* let them all start and block */
	KT_EXPECT(task_runstate(sleep) == TASK_BLOCKED);
	KT_EXPECT(task_runstate(wait) == TASK_BLOCKED);
	KT_EXPECT(task_kill(spin) == 0);
	KT_EXPECT(task_kill(sleep) == 0);
	KT_EXPECT(task_kill(wait) == 0);
	v = 0;
	KT_EXPECT(task_join(spin, &v) == 0);
	KT_EXPECT_EQ(v, TASK_EXIT_KILLED);
	KT_EXPECT(task_join(sleep, &v) == 0);
	KT_EXPECT_EQ(v, TASK_EXIT_KILLED);
	KT_EXPECT(task_join(wait, &v) == 0);
	KT_EXPECT_EQ(v, TASK_EXIT_KILLED);
	KT_EXPECT(waitqueue_empty(&kill_wq)); /* the killed waiter took its entry with it */
	heap_get_stats(&h1);
	KT_EXPECT_EQ(h1.live_allocs, h0.live_allocs);
}

static int sleep_then_return(void *arg)
{
	task_sleep_ms((uint64_t)(uintptr_t)arg);
	return (int)(uintptr_t)arg;
}

/* task_wait_any hands the watched tasks back in the order they end, a killed one included, and
 * says -ENOENT once all are done. */
KTEST(task_wait_any_in_exit_order)
{
	static struct task_exit_watch w;
	struct task *t[3];
	bool done[3] = { false, false, false };
	int order[3], v[3];

	task_exit_watch_init(&w);
	KT_ASSERT((t[0] = task_spawn_watched("watched-40", sleep_then_return, (void *)(uintptr_t)40, &w)) != NULL);
	KT_ASSERT((t[1] = task_spawn_watched("watched-killed", forever_waiter, NULL, &w)) != NULL);
	KT_ASSERT((t[2] = task_spawn_watched("watched-10", sleep_then_return, (void *)(uintptr_t)10, &w)) != NULL);
	task_sleep_ms(20);
	KT_EXPECT(task_kill(t[1]) == 0);
	for (int k = 0; k < 3; k++) {
		int i = task_wait_any(&w, t, done, 3);

		KT_ASSERT(i >= 0 && i < 3 && !done[i]);
		KT_EXPECT(task_runstate(t[i]) == TASK_EXITED);
		KT_EXPECT(task_join(t[i], &v[i]) == 0);
		done[i] = true;
		order[k] = i;
	}
	KT_EXPECT_EQ(order[0], 2);
	KT_EXPECT_EQ(order[1], 1);
	KT_EXPECT_EQ(order[2], 0);
	KT_EXPECT_EQ(v[0], 40);
	KT_EXPECT_EQ(v[1], TASK_EXIT_KILLED);
	KT_EXPECT_EQ(v[2], 10);
	KT_EXPECT_EQ(task_wait_any(&w, t, done, 3), -ENOENT);
	KT_EXPECT(waitqueue_empty(&w.wq));
}

KTEST(task_list_snapshot_states)
{
	struct task_info info[64];
	struct task *s = task_spawn("snapshot-sleeper", sleeper, NULL);
	unsigned n;
	bool saw_self = false, saw_idle = false, saw_sleeper = false;

	KT_ASSERT(s != NULL);
	task_sleep_ms(5);
	n = task_list_snapshot(info, 64);
	KT_ASSERT(n >= 3 && n <= 64);
	for (unsigned i = 0; i < n; i++) {
		if (info[i].id == task_current()->id)
			saw_self = info[i].running && info[i].state == TASK_RUNNABLE;
		if (strcmp(info[i].name, "idle") == 0)
			saw_idle = !info[i].running;
		if (strcmp(info[i].name, "snapshot-sleeper") == 0)
			saw_sleeper = info[i].state == TASK_BLOCKED;
	}
	KT_EXPECT(saw_self && saw_idle && saw_sleeper);
	KT_EXPECT(strcmp(task_runstate_name(TASK_BLOCKED), "blocked") == 0);
	task_kill(s);
	task_join(s, NULL);
}

/* These must panic (tests/qemu/ktest.py checks the messages). */
KTEST_EXPLICIT(panic_spinlock_across_switch)
{
	static struct spinlock l = SPINLOCK_INIT("held");

	spin_lock_irqsave(&l);
	task_yield();
}

static KEEL_NOINLINE uint64_t overflow_recurse(uint64_t depth)
{
	volatile uint8_t pad[200];

	pad[0] = (uint8_t)depth;
	if (depth > (1ull << 40))
		return pad[0];
	return overflow_recurse(depth + 1) + pad[0];
}

static int overflow_task(void *arg)
{
	(void)arg;
	return (int)overflow_recurse(0);
}

KTEST_EXPLICIT(panic_task_stack_overflow)
{
	struct task *t = task_spawn("deep-recursion", overflow_task, NULL);

	KT_ASSERT(t != NULL);
	task_join(t, NULL);
}

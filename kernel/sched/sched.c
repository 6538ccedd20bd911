/*
 * The scheduler (keel/sched.h): run queue, switch, timer tick, preemption point, sleeping and
 * the idle loop. One CPU: the run queue and the sleep list are protected by disabling
 * interrupts. Lock rule: schedule() is entered with no spinlock held (checked; a held spinlock
 * would be held by a task that is not running). A task switched out in an interrupt handler
 * resumes inside it and returns from the interrupt normally; a new task starts in task_start.
 */
#include <keel/assert.h>
#include <keel/context.h>
#include <keel/cpu.h>
#include <keel/interrupt.h>
#include <keel/irq.h>
#include <keel/ktest.h>
#include <keel/settle.h>
#include <keel/log.h>
#include <keel/module.h>
#include <keel/panic.h>
#include <keel/sched.h>
#include <keel/timer.h>
#include <string.h>

#include "kernel/core/boot.h"
#include "kernel/sched/sched_internal.h"

static struct task sched_idle;
static struct task *sched_current = &sched_idle;
static struct task *sched_prev; /* the task switched out, for the task switched in */
static struct task *rq_head, *rq_tail;
static unsigned rq_count;
static struct task *sleep_head;
static struct task *sched_immediate;
static bool sched_need_resched;
static bool sched_running;
static struct sched_stats sched_counters;

struct task *task_current(void)
{
	return sched_current;
}

bool sched_started(void)
{
	return sched_running;
}

static void rq_remove(struct task *t)
{
	if (t->rq_prev)
		t->rq_prev->rq_next = t->rq_next;
	else
		rq_head = t->rq_next;
	if (t->rq_next)
		t->rq_next->rq_prev = t->rq_prev;
	else
		rq_tail = t->rq_prev;
	t->rq_prev = t->rq_next = NULL;
	t->on_rq = false;
	rq_count--;
}

static void rq_push_front(struct task *t)
{
	t->rq_prev = NULL;
	t->rq_next = rq_head;
	if (rq_head)
		rq_head->rq_prev = t;
	else
		rq_tail = t;
	rq_head = t;
	t->on_rq = true;
	rq_count++;
}

/* Interrupts off. */
void sched_enqueue_locked(struct task *t)
{
	if (t->on_rq || t->is_idle)
		return;
	t->rq_next = NULL;
	t->rq_prev = rq_tail;
	if (rq_tail)
		rq_tail->rq_next = t;
	else
		rq_head = t;
	rq_tail = t;
	t->on_rq = true;
	rq_count++;
	if (sched_current->is_idle)
		sched_need_resched = true;
}

void task_block_current(void)
{
	atomic_store_explicit(&sched_current->runstate, TASK_BLOCKED, memory_order_release);
}

bool task_unblock(struct task *t)
{
	uint32_t expect = TASK_BLOCKED;
	uint64_t f;

	if (!atomic_compare_exchange_strong_explicit(&t->runstate, &expect, TASK_RUNNABLE, memory_order_acq_rel,
						     memory_order_acquire))
		return false;
	f = irq_save();
	if (t != sched_current) /* a task that has not switched out yet just keeps running */
		sched_enqueue_locked(t);
	irq_restore(f);
	return true;
}

/* Interrupts off; `next` is not on the run queue. */
static void sched_switch_to(struct task *next)
{
	struct task *prev = sched_current;

	if (spinlock_held_count() != 0)
		panic("task switch from \"%s\" with %u spinlock(s) held", prev->name, spinlock_held_count());
	next->quantum_left = SCHED_QUANTUM_TICKS;
	if (next == prev)
		return;
	next->switches++;
	sched_counters.switches++;
	atomic_store_explicit(&prev->running_on_cpu, -1, memory_order_relaxed);
	atomic_store_explicit(&next->running_on_cpu, 0, memory_order_relaxed);
	sched_prev = prev;
	sched_current = next;
	switch_context(&prev->saved_rsp, next->saved_rsp);
	sched_finish_switch();
}

/* Runs first thing in the task switched in, interrupts still off. */
void sched_finish_switch(void)
{
	struct task *prev = sched_prev;

	sched_prev = NULL;
	if (prev && task_runstate(prev) == TASK_EXITED) {
		kstack_free(prev);
		task_put(prev); /* the task's reference to itself */
	}
}

void schedule(void)
{
	uint64_t f = irq_save();
	struct task *prev = sched_current, *next;

	if (task_runstate(prev) == TASK_RUNNABLE)
		sched_enqueue_locked(prev);
	next = rq_head;
	if (next)
		rq_remove(next);
	else
		next = &sched_idle;
	sched_switch_to(next);
	irq_restore(f);
}

void task_yield(void)
{
	schedule();
	sched_check_kill();
}

bool sched_kill_pending(void)
{
	struct task *t = sched_current;

	return !t->is_idle && t->mutexes_held == 0 && atomic_load_explicit(&t->kill_requested, memory_order_acquire);
}

void sched_check_kill(void)
{
	if (spinlock_held_count() == 0 && sched_kill_pending())
		task_exit(TASK_EXIT_KILLED);
}

void sched_request_immediate(struct task *t)
{
	sched_immediate = t;
}

/* The preemption point: the IRQ layer's exit hook. Context: IRQ return, interrupts off. */
static void sched_irq_exit(void)
{
	struct task *next = sched_immediate, *prev = sched_current;

	if (!sched_running)
		return;
	sched_immediate = NULL;
	if (next && next != prev && task_runstate(next) == TASK_RUNNABLE) {
		if (next->on_rq)
			rq_remove(next);
		if (task_runstate(prev) == TASK_RUNNABLE && !prev->is_idle && !prev->on_rq)
			rq_push_front(prev); /* resumes right after the bottom half */
		sched_counters.immediate_switches++;
		sched_need_resched = false;
		sched_switch_to(next);
	} else if (sched_need_resched) {
		sched_need_resched = false;
		if (!prev->is_idle && prev->quantum_left == 0)
			sched_counters.preemptions++;
		schedule();
	} else {
		return;
	}
	sched_check_kill();
}

/* Context: IRQ (timer), interrupts off. */
static void sched_tick(void)
{
	uint64_t now = timer_ticks();
	struct task *cur = sched_current;

	sched_counters.ticks++;
	cur->ticks++;
	if (cur->is_idle)
		sched_counters.idle_ticks++;
	while (sleep_head && (int64_t)(now - sleep_head->wake_tick) >= 0) {
		struct task *t = sleep_head;

		sleep_head = t->sleep_next;
		t->sleep_next = NULL;
		t->sleeping = false;
		task_unblock(t);
	}
	if (cur->quantum_left)
		cur->quantum_left--;
	/* A spent quantum ends only when someone else can run; the idle task yields at once. */
	if (rq_head && (cur->quantum_left == 0 || cur->is_idle))
		sched_need_resched = true;
}

static void sleep_remove(struct task *t)
{
	for (struct task **pp = &sleep_head; *pp; pp = &(*pp)->sleep_next) {
		if (*pp == t) {
			*pp = t->sleep_next;
			break;
		}
	}
	t->sleep_next = NULL;
	t->sleeping = false;
}

/* Wake ticks are compared as signed differences: a sleep is capped at 2^62 ticks (146 million
 * years at 1000 Hz), so `sleep 18446744073709551000` sleeps rather than waking at once. */
#define SCHED_SLEEP_MAX_TICKS (1ull << 62)

void sched_sleep_arm(struct task *t, uint64_t ms)
{
	uint64_t ticks = ms / TIMER_MS_PER_TICK + (ms % TIMER_MS_PER_TICK != 0);
	struct task **pp;

	ASSERT(!(read_rflags() & (1u << 9)));
	if (ticks > SCHED_SLEEP_MAX_TICKS)
		ticks = SCHED_SLEEP_MAX_TICKS;
	t->wake_tick = timer_ticks() + (ticks ? ticks : 1);
	for (pp = &sleep_head; *pp && (int64_t)((*pp)->wake_tick - t->wake_tick) <= 0; pp = &(*pp)->sleep_next)
		;
	t->sleep_next = *pp;
	*pp = t;
	t->sleeping = true;
}

void sched_sleep_disarm(struct task *t)
{
	ASSERT(!(read_rflags() & (1u << 9)));
	if (t->sleeping)
		sleep_remove(t);
}

void task_sleep_ms(uint64_t ms)
{
	struct task *cur = sched_current;
	uint64_t f;

	might_sleep();
	ASSERT(!cur->is_idle);
	f = irq_save();
	sched_sleep_arm(cur, ms);
	task_block_current();
	irq_restore(f);
	schedule();
	f = irq_save();
	sched_sleep_disarm(cur); /* woken early (a kill) */
	irq_restore(f);
	sched_check_kill();
}

void sched_get_stats(struct sched_stats *out)
{
	uint64_t f = irq_save();

	*out = sched_counters;
	out->runnable = rq_count;
	irq_restore(f);
}

/* The boot context becomes the idle task: halt until an interrupt makes something runnable. */
static void sched_idle_loop(void)
{
	pr_info("sched", "scheduler running: %u task(s) runnable, quantum %u ms", rq_count,
		SCHED_QUANTUM_TICKS * TIMER_MS_PER_TICK);
	cpu_cli();
	sched_running = true;
	for (;;) {
		cpu_cli();
		if (rq_head) {
			schedule();
			continue;
		}
		__asm__ volatile("sti; hlt" : : : "memory"); /* no wakeup slips between the check and hlt */
	}
}

static char sched_ktest_selection[256];

static int sched_ktest_task(void *arg)
{
	(void)devices_settle_wait(0); /* the tests see the devices and volumes a shell would */
	ktest_run(arg);
}

static void sched_ktest_hook(const char *selection)
{
	struct task *t;

	size_t n = strnlen(selection, sizeof(sched_ktest_selection) - 1);

	memcpy(sched_ktest_selection, selection, n);
	sched_ktest_selection[n] = '\0';
	t = task_spawn("ktest", sched_ktest_task, sched_ktest_selection);
	if (!t)
		panic("cannot spawn the ktest task");
	task_detach(t);
}

static int sched_module_init(void)
{
	sched_init_idle(&sched_idle);
	interrupt_set_stack_guard_lookup(kstack_guard_lookup);
	timer_set_tick_hook(sched_tick);
	irq_set_exit_hook(sched_irq_exit);
	boot_ktest_hook = sched_ktest_hook;
	boot_idle_hook = sched_idle_loop;
	return 0;
}

MODULE_INIT_REQUIRED(sched, CORE, sched_module_init);

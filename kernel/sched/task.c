/*
 * Task lifecycle (keel/task.h): spawn, start, exit, join, detach, kill, and the task list for
 * `ps`. A task's memory is released when both references are gone: the owner's (join/detach)
 * and the task's own, dropped by the scheduler after the task's last switch-out (when its stack
 * can no longer be in use).
 */
#include <keel/assert.h>
#include <keel/context.h>
#include <keel/cpu.h>
#include <keel/errno.h>
#include <keel/heap.h>
#include <keel/log.h>
#include <keel/mm.h>
#include <keel/panic.h>
#include <keel/sched.h>
#include <string.h>

#include "kernel/sched/sched_internal.h"

static struct spinlock task_list_lock = SPINLOCK_INIT("tasks");
static struct task *task_list_head;
static uint64_t task_next_id = 1;

static const char *const task_state_names[] = {
	[TASK_INITING] = "init", [TASK_RUNNABLE] = "runnable", [TASK_BLOCKED] = "blocked", [TASK_EXITED] = "exited",
};

const char *task_runstate_name(enum task_runstate s)
{
	return (unsigned)s < sizeof(task_state_names) / sizeof(task_state_names[0]) ? task_state_names[s] : "?";
}

static void task_name_copy(struct task *t, const char *name)
{
	size_t n = strnlen(name, TASK_NAME_MAX - 1);

	memcpy(t->name, name, n);
	t->name[n] = '\0';
}

static void task_list_add(struct task *t)
{
	uint64_t f = spin_lock_irqsave(&task_list_lock);

	t->id = task_next_id++;
	t->all_prev = NULL;
	t->all_next = task_list_head;
	if (task_list_head)
		task_list_head->all_prev = t;
	task_list_head = t;
	spin_unlock_irqrestore(&task_list_lock, f);
}

static void task_list_del(struct task *t)
{
	uint64_t f = spin_lock_irqsave(&task_list_lock);

	if (t->all_prev)
		t->all_prev->all_next = t->all_next;
	else
		task_list_head = t->all_next;
	if (t->all_next)
		t->all_next->all_prev = t->all_prev;
	spin_unlock_irqrestore(&task_list_lock, f);
}

void sched_init_idle(struct task *idle)
{
	task_name_copy(idle, "idle");
	idle->is_idle = true;
	idle->stack_slot = -1;
	idle->stack_bottom = (uintptr_t)__boot_stack_bottom;
	idle->stack_top = (uintptr_t)__boot_stack_top;
	idle->lock = (struct spinlock)SPINLOCK_INIT("task");
	atomic_store(&idle->runstate, TASK_RUNNABLE);
	atomic_store(&idle->running_on_cpu, 0);
	atomic_store(&idle->refcount, 1);
	task_list_add(idle);
}

void task_put(struct task *t)
{
	if (atomic_fetch_sub_explicit(&t->refcount, 1, memory_order_acq_rel) != 1)
		return;
	ASSERT(task_runstate(t) == TASK_EXITED && !t->is_idle);
	task_list_del(t);
	kfree(t);
}

/* The first code a new task runs (from task_entry_trampoline), interrupts off. */
KEEL_NORETURN void task_start(struct task *t);
void task_start(struct task *t)
{
	sched_finish_switch();
	cpu_sti();
	sched_check_kill();
	task_exit(t->entry(t->arg));
}

static struct task *task_spawn_common(const char *name, task_entry_fn fn, void *arg, bool system,
				      struct task_exit_watch *watch)
{
	struct task *t = kzalloc(sizeof(*t));
	uint64_t *sp, f;

	if (!t)
		return NULL;
	task_name_copy(t, name);
	t->system = system;
	t->watch = watch;
	t->entry = fn;
	t->arg = arg;
	t->lock = (struct spinlock)SPINLOCK_INIT("task");
	waitqueue_init(&t->inner.joiners);
	atomic_store(&t->running_on_cpu, -1);
	atomic_store(&t->refcount, 2); /* the owner's and the task's own */
	if (kstack_alloc(t)) {
		kfree(t);
		return NULL;
	}
	/* The frame switch_context pops: r15 r14 r13 r12 rbp rbx, then the trampoline; a zero
	 * return address above it ends backtraces. */
	sp = (uint64_t *)t->stack_top;
	*--sp = 0;
	*--sp = (uint64_t)task_entry_trampoline;
	*--sp = 0;              /* rbx */
	*--sp = 0;              /* rbp: ends the frame-pointer chain */
	*--sp = (uint64_t)t;    /* r12 */
	*--sp = 0;              /* r13 */
	*--sp = 0;              /* r14 */
	*--sp = 0;              /* r15 */
	t->saved_rsp = (uint64_t)sp;
	task_list_add(t);
	f = spin_lock_irqsave(&t->lock); /* publish: the scheduler may run it from here on */
	atomic_store_explicit(&t->runstate, TASK_RUNNABLE, memory_order_release);
	spin_unlock_irqrestore(&t->lock, f);
	__asm__ volatile("pushfq; cli; popq %0" : "=r"(f) : : "memory");
	sched_enqueue_locked(t);
	if (f & (1u << 9))
		cpu_sti();
	return t;
}

struct task *task_spawn(const char *name, task_entry_fn fn, void *arg)
{
	return task_spawn_common(name, fn, arg, false, NULL);
}

struct task *task_spawn_system(const char *name, task_entry_fn fn, void *arg)
{
	return task_spawn_common(name, fn, arg, true, NULL);
}

struct task *task_spawn_watched(const char *name, task_entry_fn fn, void *arg, struct task_exit_watch *w)
{
	return task_spawn_common(name, fn, arg, false, w);
}

void task_exit_watch_init(struct task_exit_watch *w)
{
	w->lock = (struct spinlock)SPINLOCK_INIT("task-watch");
	waitqueue_init(&w->wq);
}

int task_wait_any(struct task_exit_watch *w, struct task *const *tasks, const bool *done, unsigned n)
{
	uint64_t f;
	bool left;

	might_sleep();
	f = spin_lock_irqsave(&w->lock);
	for (;;) {
		left = false;
		for (unsigned i = 0; i < n; i++) {
			if (done[i])
				continue;
			ASSERT(tasks[i]->watch == w);
			left = true;
			if (task_runstate(tasks[i]) == TASK_EXITED) {
				spin_unlock_irqrestore(&w->lock, f);
				return (int)i;
			}
		}
		if (!left)
			break;
		waitqueue_wait(&w->wq, &w->lock, &f);
	}
	spin_unlock_irqrestore(&w->lock, f);
	return -ENOENT;
}

void task_exit(int value)
{
	struct task *t = task_current();
	uint64_t f;

	ASSERT(!t->is_idle);
	if (t->mutexes_held)
		panic("task \"%s\" exits holding %u mutex(es)", t->name, t->mutexes_held);
	cpu_cli();
	f = spin_lock_irqsave(&t->lock);
	t->inner.exit_value = value;
	t->inner.killed = value == TASK_EXIT_KILLED && atomic_load(&t->kill_requested);
	atomic_store_explicit(&t->runstate, TASK_EXITED, memory_order_release);
	waitqueue_wake_all(&t->inner.joiners);
	spin_unlock_irqrestore(&t->lock, f); /* interrupts stay off */
	if (t->watch) {
		/* Under the watch's lock: a waiter checks the runstates under it, then sleeps. */
		f = spin_lock_irqsave(&t->watch->lock);
		waitqueue_wake_all(&t->watch->wq);
		spin_unlock_irqrestore(&t->watch->lock, f);
	}
	schedule();
	panic("exited task \"%s\" was scheduled again", t->name);
}

int task_join(struct task *t, int *exit_value)
{
	uint64_t f;

	if (!t || t == task_current())
		return -EINVAL;
	f = spin_lock_irqsave(&t->lock);
	while (task_runstate(t) != TASK_EXITED)
		waitqueue_wait(&t->inner.joiners, &t->lock, &f);
	if (exit_value)
		*exit_value = t->inner.exit_value;
	spin_unlock_irqrestore(&t->lock, f);
	task_put(t);
	return 0;
}

void task_detach(struct task *t)
{
	if (t)
		task_put(t);
}

int task_kill(struct task *t)
{
	if (t->is_idle || task_runstate(t) == TASK_EXITED)
		return -EINVAL;
	if (t == task_current())
		task_exit(TASK_EXIT_KILLED);
	atomic_store_explicit(&t->kill_requested, true, memory_order_release);
	task_unblock(t); /* a blocked task wakes up to die */
	return 0;
}

int task_kill_id(uint64_t id)
{
	uint64_t f = spin_lock_irqsave(&task_list_lock);
	struct task *t;
	int ret;

	for (t = task_list_head; t && t->id != id; t = t->all_next)
		;
	if (!t || task_runstate(t) == TASK_EXITED) {
		spin_unlock_irqrestore(&task_list_lock, f);
		return -ENOENT;
	}
	if (t->system || t->is_idle) {
		spin_unlock_irqrestore(&task_list_lock, f);
		return -EPERM;
	}
	atomic_fetch_add_explicit(&t->refcount, 1, memory_order_acq_rel);
	spin_unlock_irqrestore(&task_list_lock, f);
	ret = task_kill(t);
	task_put(t);
	return ret;
}

unsigned task_list_snapshot(struct task_info *out, unsigned max)
{
	uint64_t f = spin_lock_irqsave(&task_list_lock);
	unsigned n = 0;

	for (struct task *t = task_list_head; t; t = t->all_next, n++) {
		if (n >= max)
			continue;
		out[n].id = t->id;
		memcpy(out[n].name, t->name, TASK_NAME_MAX);
		out[n].state = task_runstate(t);
		out[n].running = atomic_load_explicit(&t->running_on_cpu, memory_order_relaxed) >= 0;
		out[n].system = t->system || t->is_idle;
		out[n].ticks = t->ticks;
		out[n].switches = t->switches;
	}
	spin_unlock_irqrestore(&task_list_lock, f);
	return n;
}

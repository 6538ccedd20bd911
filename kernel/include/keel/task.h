/*
 * Kernel tasks. Following Theseus's redesign, struct task is split by how each field is
 * accessed: immutable fields (id, name, entry, stack) are set before the task is published and
 * read without any lock; the runstate and the CPU it runs on are C11 atomics, so a task can be
 * blocked and unblocked lock-free, also from an interrupt handler; the exit value and the
 * joiners live in an inner struct behind the task's own spinlock (the exit value is not part of
 * the runstate, so the runstate stays one atomic word). Scheduler fields are touched only by the
 * scheduler with interrupts off. Every task has a 16 KiB stack with an unmapped guard page below
 * it: an overflow is a double fault reported as "stack overflow in task <name>".
 *
 * Lifetime: task_spawn returns a reference the caller must give back with task_join (waits for
 * the exit and returns its value) or task_detach. The task holds its own reference until its
 * stack is released after its last switch-out.
 */
#ifndef KEEL_TASK_H
#define KEEL_TASK_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <keel/compiler.h>
#include <keel/spinlock.h>
#include <keel/waitqueue.h>

#define TASK_NAME_MAX 24
#define TASK_STACK_PAGES 4
#define TASK_STACK_SIZE (TASK_STACK_PAGES * 4096)
#define TASK_EXIT_KILLED (-128) /* exit value of a killed task */

enum task_runstate {
	TASK_INITING = 0, /* being set up, not yet published */
	TASK_RUNNABLE,    /* running or on the run queue */
	TASK_BLOCKED,
	TASK_EXITED,
};

_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "task atomics must be native, lock-free instructions");
_Static_assert(ATOMIC_LLONG_LOCK_FREE == 2, "task atomics must be native, lock-free instructions");

typedef int (*task_entry_fn)(void *arg);

/* Several tasks' exits watched at once (a pipeline's): each task spawned with the watch wakes
 * `wq` under `lock` once it has exited, however it ended (returned or killed). */
struct task_exit_watch {
	struct spinlock lock;
	struct waitqueue wq;
};

struct task_inner {
	int exit_value;
	bool killed;
	struct waitqueue joiners;
};

struct task {
	/* Immutable once spawned: no lock. */
	uint64_t id;
	char name[TASK_NAME_MAX];
	task_entry_fn entry;
	void *arg;
	uintptr_t stack_bottom, stack_top; /* the guard page is the page below stack_bottom */
	int stack_slot;                    /* -1: not a heap-spawned stack (the idle task's boot stack) */
	bool is_idle;
	bool system; /* a kernel service (bottom half, console, manager): task_kill_id refuses it */
	struct task_exit_watch *watch; /* woken at the exit (NULL: none); outlives the task */

	/* Lock-free state. */
	_Atomic uint32_t runstate;      /* enum task_runstate */
	_Atomic int32_t running_on_cpu; /* -1 when not running */
	_Atomic bool kill_requested;
	_Atomic uint32_t refcount;

	/* Scheduler-owned: only with interrupts off on this CPU. */
	uint64_t saved_rsp;
	struct task *rq_prev, *rq_next;
	bool on_rq;
	bool sleeping;
	struct task *sleep_next;
	uint64_t wake_tick;
	uint32_t quantum_left;
	uint64_t ticks;    /* timer ticks charged while running */
	uint64_t switches; /* times switched in */

	/* Owned by the task itself. */
	unsigned mutexes_held;

	/* The global task list (task_list_lock). */
	struct task *all_prev, *all_next;

	/* Mutable fields behind the lock. */
	struct spinlock lock;
	struct task_inner inner;
};

/* Start a task running fn(arg); NULL when memory or stack slots run out. The name is copied
 * (clipped). The caller owns the returned reference: task_join or task_detach it. */
struct task *task_spawn(const char *name, task_entry_fn fn, void *arg);

/* As task_spawn, for a kernel service task that `kill` (task_kill_id) must refuse. */
struct task *task_spawn_system(const char *name, task_entry_fn fn, void *arg);

/* As task_spawn, and the task's exit wakes `w` (task_exit_watch_init first; it must live until
 * the task has been joined). */
struct task *task_spawn_watched(const char *name, task_entry_fn fn, void *arg, struct task_exit_watch *w);
void task_exit_watch_init(struct task_exit_watch *w);

/* Wait until one of tasks[0..n) whose done[i] is false has exited (all spawned with watch `w`)
 * and return its index, to be joined then (task_join no longer waits for it); -ENOENT when every
 * done[i] is true. Context: task, may sleep. */
int task_wait_any(struct task_exit_watch *w, struct task *const *tasks, const bool *done, unsigned n);

/* End the current task with `value`. Never returns. */
KEEL_NORETURN void task_exit(int value);

/* Wait for the task to exit, store its exit value (TASK_EXIT_KILLED if killed) and drop the
 * reference. Context: task; not the task itself. */
int task_join(struct task *t, int *exit_value);

/* Drop the reference without waiting. */
void task_detach(struct task *t);

/* Ask a task to end. It ends at its next pass through the scheduler (preemption, yield, sleep or
 * a blocking wait; a blocked task is woken for it) while holding no mutex. Killing the current
 * task is task_exit(TASK_EXIT_KILLED). 0, or -EINVAL for the idle task or an exited one. */
int task_kill(struct task *t);

/* Block the current task for at least `ms` milliseconds (rounded up to whole ticks). */
void task_sleep_ms(uint64_t ms);

/* Give the CPU to the next runnable task, if any. */
void task_yield(void);

/* The running task (the idle task before the scheduler starts, for code run at boot). */
struct task *task_current(void);

/* Lock-free state changes. task_block marks the *current* task blocked: it stops running at
 * its next schedule() (the caller must have published itself to a waker first). task_unblock
 * makes a blocked task runnable: true if it was blocked. Context: any, including IRQ. */
void task_block_current(void);
bool task_unblock(struct task *t);

static inline enum task_runstate task_runstate(const struct task *t)
{
	return (enum task_runstate)atomic_load_explicit(&t->runstate, memory_order_acquire);
}

const char *task_runstate_name(enum task_runstate s);

/* Kill the task with this id (as task_kill); -ENOENT when there is none (or it has exited),
 * -EPERM for the idle task and kernel service tasks (task_spawn_system). */
int task_kill_id(uint64_t id);

/* A snapshot of one task for `ps`. */
struct task_info {
	uint64_t id;
	char name[TASK_NAME_MAX];
	enum task_runstate state;
	bool running;
	bool system;
	uint64_t ticks, switches;
};

/* Fill up to `max` entries; returns the number of tasks (may exceed max). */
unsigned task_list_snapshot(struct task_info *out, unsigned max);

#endif /* KEEL_TASK_H */

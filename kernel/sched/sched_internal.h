/*
 * What the scheduler's files share: the per-CPU scheduler state, task stacks with guard pages,
 * the task list and the switch entry points. Not for use outside kernel/sched and kernel/sync.
 */
#ifndef KEEL_SCHED_INTERNAL_H
#define KEEL_SCHED_INTERNAL_H

#include <keel/task.h>

/* kstack.c: a stack in the stack region with an unmapped guard page below it. */
int kstack_alloc(struct task *owner);
void kstack_free(struct task *t);
const char *kstack_guard_lookup(uint64_t rsp);

/* sched.c */
void sched_enqueue_locked(struct task *t); /* interrupts off */
void sched_finish_switch(void);
void sched_init_idle(struct task *idle);
bool sched_kill_pending(void); /* a kill was requested and the task holds no mutex */
void sched_check_kill(void);   /* ends the current task if so (and no spinlock is held) */
/* Put t on the sleep list to be unblocked after `ms` (interrupts off), and take it off again if it
 * is still there (woken some other way first). Timed waits combine them with a wait queue. */
void sched_sleep_arm(struct task *t, uint64_t ms);
void sched_sleep_disarm(struct task *t);

/* task.c */
void task_put(struct task *t);

/* switch.asm */
void switch_context(uint64_t *save_rsp, uint64_t load_rsp);
void task_entry_trampoline(void);

#endif /* KEEL_SCHED_INTERNAL_H */

/*
 * The scheduler: preemptive round robin on one CPU. The timer tick charges the running task
 * and ends its quantum; the switch happens at the scheduler's preemption point as the interrupt
 * returns. The run queue is protected by disabling interrupts (one CPU). An idle task (the boot
 * context) halts when nothing is runnable. Deferred interrupt tasks may ask to run immediately:
 * the interrupted task goes back to the head of the queue and the bottom half runs first.
 */
#ifndef KEEL_SCHED_H
#define KEEL_SCHED_H

#include <stdbool.h>
#include <stdint.h>

struct task;

#define SCHED_QUANTUM_TICKS 10

/* Switch to the next runnable task. The current task stays queued if it is still runnable.
 * Panics if a spinlock is held. Context: task (or the scheduler's own IRQ-exit point). */
void schedule(void);

/* True once the scheduler has taken over the CPU. */
bool sched_started(void);

/* Context: IRQ. When this interrupt returns, switch straight to `t` (if it is runnable). */
void sched_request_immediate(struct task *t);

struct sched_stats {
	uint64_t switches;           /* context switches */
	uint64_t preemptions;        /* switches at the end of a quantum */
	uint64_t immediate_switches; /* switches to an immediate bottom half */
	uint64_t idle_ticks;         /* ticks that found the idle task running */
	uint64_t ticks;
	unsigned runnable;           /* tasks on the run queue now */
};

void sched_get_stats(struct sched_stats *out);

#endif /* KEEL_SCHED_H */

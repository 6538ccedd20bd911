/*
 * Deferred interrupt tasks, after Theseus: one call ties an IRQ's top half (interrupt context:
 * acknowledge the device, capture what must be captured, post an event, return) 1-to-1 to a
 * bottom-half task (a normal task that may block), with a bounded, typed event queue between
 * them. The bottom half's function runs once per event, in order.
 *
 * DIRQ_DEFINE(name, event_type) generates `struct name` and typed inline functions
 * name_register(), name_post(), name_unregister(); a top half posting, or a bottom half
 * accepting, any other type is a compile error.
 *
 * No lost wakeups: the queue and the bottom half's wait queue share one IRQ-safe lock; the
 * bottom half checks for pending events with interrupts off under that lock before it blocks,
 * and the top half queues and wakes under it, so an interrupt arriving while the bottom half
 * runs is found by its next check. Events that do not fit are counted as dropped (posted =
 * delivered + dropped + still queued, always). With DIRQ_IMMEDIATE, the scheduler switches to
 * the bottom half as the interrupt returns; the interrupted task resumes right after it.
 */
#ifndef KEEL_DIRQ_H
#define KEEL_DIRQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <keel/compiler.h>
#include <keel/spinlock.h>
#include <keel/waitqueue.h>

#define DIRQ_IMMEDIATE 1u
#define DIRQ_EVENT_MAX 64
#define DIRQ_NAME_MAX 24

struct dirq;
struct task;

struct dirq_config {
	const char *name; /* also the bottom-half task's name */
	unsigned irq;     /* any line of keel/irq.h; shared lines are fine */
	size_t event_size, capacity;
	uint32_t flags;
	void (*top)(struct dirq *d, void *ctx);                      /* Context: IRQ */
	void (*bottom)(struct dirq *d, const void *event, void *ctx); /* Context: task */
	void *ctx;
};

struct dirq_stats {
	uint64_t top_runs;    /* top-half invocations */
	uint64_t posted;      /* events posted */
	uint64_t dropped;     /* events that found the queue full */
	uint64_t delivered;   /* events handed to the bottom half */
	uint64_t bottom_runs; /* bottom-half wakeups that found work */
	uint64_t queued;      /* events waiting now */
	/* Interrupt (top-half entry) to the bottom half taking the event, in TSC cycles. */
	uint64_t latency_last, latency_max, latency_sum;
};

struct dirq {
	/* Immutable after dirq_register. */
	char name[DIRQ_NAME_MAX];
	unsigned irq;
	uint32_t flags;
	size_t event_size, capacity, slot_size;
	void (*top)(struct dirq *d, void *ctx);
	void (*bottom)(struct dirq *d, const void *event, void *ctx);
	void *ctx;
	struct task *bottom_task;
	struct dirq *list_next;

	/* Behind lock. */
	struct spinlock lock;
	uint8_t *ring; /* slots of [uint64_t stamp][event] */
	size_t head, count;
	bool stopping;
	uint64_t irq_stamp; /* TSC at the current top half's entry */
	struct waitqueue wq;
	struct dirq_stats stats;
};

/* Register: allocates the queue, spawns the bottom half, attaches the top half to the IRQ.
 * 0, or -EINVAL / -ENOMEM / an irq_register error (nothing is left behind then). */
int dirq_register(struct dirq *d, const struct dirq_config *cfg);

/* Queue an event for the bottom half and wake it: 0, or -ENOSPC when the queue is full (the
 * event is counted as dropped). Context: the top half (IRQ), or any. */
int dirq_post(struct dirq *d, const void *event, size_t size);

/* Detach the top half, let the bottom half deliver what is queued, end it and free the queue.
 * Context: task (not the bottom half itself). */
void dirq_unregister(struct dirq *d);

void dirq_get_stats(struct dirq *d, struct dirq_stats *out);

/* For the shell: the name and statistics of each registered deferred IRQ, copied out under the
 * registry lock (so the caller prints them with no lock held). Fills up to `max` entries and
 * returns how many are registered (may exceed max). */
struct dirq_info {
	char name[DIRQ_NAME_MAX];
	struct dirq_stats stats;
};
unsigned dirq_snapshot(struct dirq_info *out, unsigned max);

#define DIRQ_DEFINE(name, event_type) \
	struct name { \
		struct dirq core; \
		void (*top)(struct name *d, void *ctx); \
		void (*bottom)(struct name *d, const event_type *ev, void *ctx); \
	}; \
	static inline KEEL_UNUSED void name##_top_tramp_(struct dirq *d, void *ctx) \
	{ \
		struct name *t = container_of(d, struct name, core); \
		t->top(t, ctx); \
	} \
	static inline KEEL_UNUSED void name##_bottom_tramp_(struct dirq *d, const void *ev, void *ctx) \
	{ \
		struct name *t = container_of(d, struct name, core); \
		t->bottom(t, (const event_type *)ev, ctx); \
	} \
	static inline KEEL_UNUSED int name##_register(struct name *t, const char *dname, unsigned irq, \
						      void (*top)(struct name *, void *), \
						      void (*bottom)(struct name *, const event_type *, void *), \
						      void *ctx, size_t capacity, uint32_t flags) \
	{ \
		struct dirq_config cfg = { dname, irq, sizeof(event_type), capacity, flags, \
					   name##_top_tramp_, name##_bottom_tramp_, ctx }; \
		_Static_assert(sizeof(event_type) <= DIRQ_EVENT_MAX, "deferred IRQ event too large"); \
		t->top = top; \
		t->bottom = bottom; \
		return dirq_register(&t->core, &cfg); \
	} \
	static inline KEEL_UNUSED int name##_post(struct name *t, const event_type *ev) \
	{ \
		return dirq_post(&t->core, ev, sizeof(*ev)); \
	} \
	static inline KEEL_UNUSED void name##_unregister(struct name *t) \
	{ \
		dirq_unregister(&t->core); \
	} \
	struct name

#endif /* KEEL_DIRQ_H */

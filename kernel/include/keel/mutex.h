/*
 * Sleeping mutexes: a task that finds the mutex taken blocks on its wait queue instead of
 * spinning, so a holder may block too (unlike a spinlock holder). Owned: only the owner may
 * unlock, relocking is a panic. A task holding a mutex is not ended by task_kill until it has
 * released all of them. Context: task only (never IRQ), with no spinlock held.
 */
#ifndef KEEL_MUTEX_H
#define KEEL_MUTEX_H

#include <stdbool.h>
#include <stdint.h>

#include <keel/spinlock.h>
#include <keel/waitqueue.h>

struct task;

struct mutex {
	struct spinlock lock; /* protects owner and waiters */
	struct task *owner;
	struct waitqueue waiters;
	const char *name;
	uint64_t contended; /* lock calls that had to wait */
};

#define MUTEX_INIT(n) { SPINLOCK_INIT(n), NULL, WAITQUEUE_INIT, n, 0 }

void mutex_init(struct mutex *m, const char *name);
void mutex_lock(struct mutex *m);
/* Take the mutex if it is free: true when taken. */
bool mutex_trylock(struct mutex *m);
void mutex_unlock(struct mutex *m);
bool mutex_is_held_by_current(const struct mutex *m);

#endif /* KEEL_MUTEX_H */

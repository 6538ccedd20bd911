/*
 * Context rules checked in code, not only written in comments: might_sleep() at the top of every
 * primitive that can block (mutexes, wait queues, sleeps, blocking channel and stream calls), so
 * a sleeping call made with a spinlock held or from an interrupt handler panics the first time it
 * is made, whether or not it would have blocked that time; spin_assert_held() and
 * mutex_assert_held() in functions whose contract is "called with the lock held".
 */
#ifndef KEEL_CONTEXT_H
#define KEEL_CONTEXT_H

#include <stdbool.h>

#include <keel/assert.h>
#include <keel/mutex.h>
#include <keel/spinlock.h>

/* True when the caller may block: a task, not an interrupt handler, holding `spinlocks` spinlocks
 * and no more (a wait queue's caller holds exactly the one protecting the queue). */
bool context_can_sleep(unsigned spinlocks);

/* Panic naming `where` unless context_can_sleep(spinlocks). */
void context_might_sleep(const char *where, unsigned spinlocks);

#define might_sleep() context_might_sleep(__func__, 0)
/* For wait-queue style primitives entered with the one spinlock they release while blocked. */
#define might_sleep_locked() context_might_sleep(__func__, 1)

#define spin_assert_held(l) ASSERT(spin_is_locked(l) && spinlock_held_count() > 0)
#define mutex_assert_held(m) ASSERT(mutex_is_held_by_current(m))

#endif /* KEEL_CONTEXT_H */

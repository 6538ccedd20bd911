/*
 * IRQ-safe spinlocks: taking one saves the interrupt flag and disables interrupts, releasing it
 * restores the flag, so a lock shared with an interrupt handler cannot deadlock on its own CPU.
 * Header-only so nano_core can use it. Holders must not sleep or switch tasks (the scheduler
 * asserts spinlock_held_count() == 0 at every switch).
 */
#ifndef KEEL_SPINLOCK_H
#define KEEL_SPINLOCK_H

#include <stdbool.h>
#include <stdint.h>

#include <keel/cpu.h>

struct spinlock {
	volatile uint32_t locked;
	const char *name;
};

#define SPINLOCK_INIT(n) { 0, n }

/* Per-CPU (single CPU for now) count of spinlocks held, for the switch-time assertion. */
extern uint32_t spinlock_depth;

static inline uint64_t spin_lock_irqsave(struct spinlock *l)
{
	uint64_t flags = read_rflags();

	cpu_cli();
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			cpu_pause();
	spinlock_depth++;
	return flags;
}

static inline void spin_unlock_irqrestore(struct spinlock *l, uint64_t flags)
{
	spinlock_depth--;
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
	if (flags & (1u << 9))
		cpu_sti();
}

static inline bool spin_is_locked(const struct spinlock *l)
{
	return __atomic_load_n(&l->locked, __ATOMIC_RELAXED) != 0;
}

static inline uint32_t spinlock_held_count(void)
{
	return spinlock_depth;
}

#endif /* KEEL_SPINLOCK_H */

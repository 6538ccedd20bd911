/*
 * The periodic system timer (PIT channel 0 at TIMER_HZ): the scheduler tick and the uptime
 * clock. Fine-grained timestamps come from the TSC (keel/time.h), calibrated against the PIT at
 * boot; the tick count is what the scheduler and sleeping tasks count in.
 */
#ifndef KEEL_TIMER_H
#define KEEL_TIMER_H

#include <stdint.h>

#define TIMER_HZ 1000u
#define TIMER_MS_PER_TICK (1000u / TIMER_HZ)

/* Ticks since the timer started. Context: any. */
uint64_t timer_ticks(void);
/* Milliseconds of uptime, from the tick count. Context: any. */
uint64_t uptime_ms(void);

/* The scheduler's per-tick work. Context: IRQ, interrupts off. */
void timer_set_tick_hook(void (*fn)(void));

#endif /* KEEL_TIMER_H */

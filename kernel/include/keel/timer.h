/*
 * The periodic system timer at TIMER_HZ: the scheduler tick, from the PIT (IRQ 0) or, where
 * there is no PIT, the local APIC timer (the platform module picks). The tick count is what the
 * scheduler and sleeping tasks count in; uptime comes from the TSC (keel/time.h), so ticks an
 * emulator loses do not slow the clock.
 */
#ifndef KEEL_TIMER_H
#define KEEL_TIMER_H

#include <stdint.h>

#define TIMER_HZ 1000u
#define TIMER_MS_PER_TICK (1000u / TIMER_HZ)

/* Ticks since the timer started. Context: any. */
uint64_t timer_ticks(void);
/* Milliseconds since kernel entry, from the TSC. Context: any. */
uint64_t uptime_ms(void);

/* The scheduler's per-tick work. Context: IRQ, interrupts off. */
void timer_set_tick_hook(void (*fn)(void));

/* Called by the tick source's interrupt handler. Context: IRQ. */
void timer_tick(void);
/* The tick source in use ("PIT", "local APIC timer") and its IRQ line (0, IRQ_LAPIC_TIMER),
 * recorded by whoever started it. */
void timer_set_source(const char *name, unsigned irq);
const char *timer_source(void);
unsigned timer_irq(void);

#endif /* KEEL_TIMER_H */

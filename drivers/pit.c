/*
 * The 8253/8254 PIT, channel 0, as the periodic system timer (keel/timer.h): rate generator
 * mode at TIMER_HZ on IRQ 0. Each tick advances the tick count (the uptime clock) and calls the
 * scheduler's tick hook. Channel 2 stays nano_core's, for the TSC calibration.
 */
#include <keel/cpu.h>
#include <keel/irq.h>
#include <keel/log.h>
#include <keel/module.h>
#include <keel/timer.h>

#define PIT_INPUT_HZ 1193182u
#define PIT_CH0 0x40
#define PIT_CMD 0x43
#define PIT_IRQ 0

static uint64_t pit_ticks;
static void (*pit_tick_hook)(void);

uint64_t timer_ticks(void)
{
	return __atomic_load_n(&pit_ticks, __ATOMIC_RELAXED);
}

uint64_t uptime_ms(void)
{
	return timer_ticks() * TIMER_MS_PER_TICK;
}

void timer_set_tick_hook(void (*fn)(void))
{
	__atomic_store_n(&pit_tick_hook, fn, __ATOMIC_RELEASE);
}

/* Context: IRQ. */
static void pit_irq(unsigned irq, void *ctx)
{
	void (*hook)(void);

	(void)irq;
	(void)ctx;
	__atomic_store_n(&pit_ticks, pit_ticks + 1, __ATOMIC_RELAXED);
	hook = __atomic_load_n(&pit_tick_hook, __ATOMIC_ACQUIRE);
	if (hook)
		hook();
}

static int pit_module_init(void)
{
	uint32_t divisor = (PIT_INPUT_HZ + TIMER_HZ / 2) / TIMER_HZ;

	_Static_assert((PIT_INPUT_HZ + TIMER_HZ / 2) / TIMER_HZ <= 0xFFFF, "PIT divisor fits 16 bits");
	outb(PIT_CMD, 0x34); /* channel 0, lo/hi byte, mode 2 (rate generator), binary */
	outb(PIT_CH0, (uint8_t)divisor);
	outb(PIT_CH0, (uint8_t)(divisor >> 8));
	pr_info("timer", "PIT channel 0 at %u Hz (divisor %u)", TIMER_HZ, divisor);
	return irq_register(PIT_IRQ, pit_irq, NULL);
}

MODULE_INIT_REQUIRED(pit, CORE, pit_module_init);

/*
 * The system tick (keel/timer.h), independent of which hardware produces it: the source's
 * interrupt handler calls timer_tick(), which counts and runs the scheduler's hook. Uptime is
 * read from the TSC clock, not derived from the count.
 */
#include <keel/time.h>
#include <keel/timer.h>

static uint64_t timer_tick_count;
static void (*timer_tick_hook)(void);
static const char *timer_source_name = "none";
static unsigned timer_irq_line;

uint64_t timer_ticks(void)
{
	return __atomic_load_n(&timer_tick_count, __ATOMIC_RELAXED);
}

uint64_t uptime_ms(void)
{
	return time_ns() / 1000000u;
}

void timer_set_tick_hook(void (*fn)(void))
{
	__atomic_store_n(&timer_tick_hook, fn, __ATOMIC_RELEASE);
}

void timer_tick(void)
{
	void (*hook)(void);

	__atomic_store_n(&timer_tick_count, timer_tick_count + 1, __ATOMIC_RELAXED);
	hook = __atomic_load_n(&timer_tick_hook, __ATOMIC_ACQUIRE);
	if (hook)
		hook();
}

void timer_set_source(const char *name, unsigned irq)
{
	timer_source_name = name;
	timer_irq_line = irq;
}

unsigned timer_irq(void)
{
	return timer_irq_line;
}

const char *timer_source(void)
{
	return timer_source_name;
}

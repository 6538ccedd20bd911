/*
 * The context checks of keel/context.h. Before the scheduler runs, the boot code is the only
 * context and nothing can block anyway, so only spinlocks and interrupt handlers count.
 */
#include <keel/context.h>
#include <keel/irq.h>
#include <keel/panic.h>

bool context_can_sleep(unsigned spinlocks)
{
	return !in_irq() && spinlock_held_count() <= spinlocks;
}

void context_might_sleep(const char *where, unsigned spinlocks)
{
	if (in_irq())
		panic("%s may sleep: called in interrupt context", where);
	if (spinlock_held_count() > spinlocks)
		panic("%s may sleep: called with %u spinlock(s) held", where, spinlock_held_count() - spinlocks);
}

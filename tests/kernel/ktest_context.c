/*
 * Context rules are checked on every call, not only when a call would really block: a mutex taken,
 * a sleep, a channel receive or an output-stream write under a spinlock or in an interrupt handler
 * is caught the first time (the irqstat bug: a console write under the deferred-IRQ registry's
 * spinlock). The panicking cases are explicit tests that tests/qemu/ktest.py checks by message.
 */
#include <keel/context.h>
#include <keel/ktest.h>
#include <keel/mutex.h>
#include <keel/spinlock.h>
#include <keel/task.h>

KTEST(context_can_sleep_tracks_spinlocks)
{
	static struct spinlock l = SPINLOCK_INIT("ctx");
	uint64_t f;

	KT_EXPECT(context_can_sleep(0));
	f = spin_lock_irqsave(&l);
	KT_EXPECT(!context_can_sleep(0));
	KT_EXPECT(context_can_sleep(1)); /* a wait queue's own lock */
	spin_assert_held(&l);
	spin_unlock_irqrestore(&l, f);
	KT_EXPECT(context_can_sleep(0));
}

KTEST(context_mutex_held_assertion)
{
	static struct mutex m = MUTEX_INIT("ctx-m");

	mutex_lock(&m);
	mutex_assert_held(&m);
	KT_EXPECT(mutex_is_held_by_current(&m));
	mutex_unlock(&m);
	KT_EXPECT(!mutex_is_held_by_current(&m));
}

/* An uncontended mutex under a spinlock: it would not have blocked, and still panics. */
KTEST_EXPLICIT(panic_mutex_under_spinlock)
{
	static struct spinlock l = SPINLOCK_INIT("outer");
	static struct mutex m = MUTEX_INIT("inner");

	spin_lock_irqsave(&l);
	mutex_lock(&m);
}

KTEST_EXPLICIT(panic_sleep_under_spinlock)
{
	static struct spinlock l = SPINLOCK_INIT("outer");

	spin_lock_irqsave(&l);
	task_sleep_ms(0);
}

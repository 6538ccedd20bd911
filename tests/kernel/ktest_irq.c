/*
 * In-kernel tests of the IRQ layer and the timer: software lines run their handlers in
 * interrupt context through the IDT and are counted; shared handlers, registration errors and
 * unregistration; the tick source (PIT or local APIC timer) advances the tick count (counted
 * ticks, no wall-clock bounds).
 */
#include <keel/cpu.h>
#include <keel/errno.h>
#include <keel/irq.h>
#include <keel/ktest.h>
#include <keel/timer.h>

#include "drivers/pic8259.h"

struct irq_probe {
	unsigned calls;
	unsigned last_irq;
	bool was_in_irq;
	bool irqs_were_off;
};

static void irq_probe_handler(unsigned irq, void *ctx)
{
	struct irq_probe *p = ctx;

	p->calls++;
	p->last_irq = irq;
	p->was_in_irq = in_irq();
	p->irqs_were_off = !cpu_irqs_enabled();
}

KTEST(irq_soft_line_dispatch)
{
	struct irq_probe a = { 0 }, b = { 0 };
	struct irq_stats before, after;
	unsigned irq = IRQ_SOFT_FIRST + 3;

	KT_ASSERT(irq_get_stats(irq, &before) == 0);
	KT_ASSERT(irq_register(irq, irq_probe_handler, &a) == 0);
	KT_EXPECT_EQ(irq_register(irq, irq_probe_handler, &a), -EEXIST);
	KT_ASSERT(irq_register(irq, irq_probe_handler, &b) == 0); /* shared line */
	for (int i = 0; i < 5; i++)
		KT_EXPECT(irq_raise_soft(irq) == 0);
	KT_EXPECT_EQ(a.calls, 5);
	KT_EXPECT_EQ(b.calls, 5);
	KT_EXPECT_EQ(a.last_irq, irq);
	KT_EXPECT(a.was_in_irq && a.irqs_were_off);
	KT_EXPECT(!in_irq());
	KT_ASSERT(irq_get_stats(irq, &after) == 0);
	KT_EXPECT_EQ(after.count - before.count, 5);
	KT_EXPECT_EQ(after.handlers, 2);
	KT_EXPECT(irq_unregister(irq, irq_probe_handler, &a) == 0);
	KT_EXPECT_EQ(irq_unregister(irq, irq_probe_handler, &a), -ENOENT);
	KT_EXPECT(irq_raise_soft(irq) == 0);
	KT_EXPECT_EQ(a.calls, 5);
	KT_EXPECT_EQ(b.calls, 6);
	KT_EXPECT(irq_unregister(irq, irq_probe_handler, &b) == 0);
}

KTEST(irq_register_errors)
{
	struct irq_probe p = { 0 };

	KT_EXPECT_EQ(irq_register(IRQ_LINES, irq_probe_handler, &p), -EINVAL);
	KT_EXPECT_EQ(irq_register(0, NULL, &p), -EINVAL);
	KT_EXPECT_EQ(irq_raise_soft(3), -EINVAL); /* hardware lines cannot be raised */
	KT_EXPECT_EQ(irq_raise_soft(IRQ_LINES), -EINVAL);
	for (int i = 0; i < IRQ_MAX_SHARED; i++)
		KT_EXPECT(irq_register(IRQ_SOFT_FIRST + 7, irq_probe_handler, (char *)&p + i) == 0);
	KT_EXPECT_EQ(irq_register(IRQ_SOFT_FIRST + 7, irq_probe_handler, (char *)&p + 9), -EBUSY);
	for (int i = 0; i < IRQ_MAX_SHARED; i++)
		KT_EXPECT(irq_unregister(IRQ_SOFT_FIRST + 7, irq_probe_handler, (char *)&p + i) == 0);
	KT_EXPECT(irq_chip() != NULL);
}

KTEST(timer_ticks_advance)
{
	uint64_t flags = read_rflags(), t0, spins = 0;
	struct irq_stats s0, s1;

	KT_ASSERT(irq_get_stats(timer_irq(), &s0) == 0);
	cpu_sti();
	t0 = timer_ticks();
	/* Each hlt ends at the next interrupt; 10 ticks need at most a few dozen of them. */
	while (timer_ticks() - t0 < 10 && spins++ < 100000)
		cpu_hlt();
	if (!(flags & (1u << 9)))
		cpu_cli();
	KT_EXPECT(timer_ticks() - t0 >= 10);
	KT_ASSERT(irq_get_stats(timer_irq(), &s1) == 0);
	KT_EXPECT(s1.count - s0.count >= 10);
}

/* A spurious IRQ 7 or 15 arrives with the line's in-service bit clear. Raising the vectors in
 * software gives exactly that: the PIC has nothing in service. They must be counted as spurious,
 * not run the line's handlers, and leave the PIC working (the timer still ticks afterwards). */
KTEST(irq_spurious_7_15_counted)
{
	struct irq_probe p = { 0 };
	struct irq_stats s7a, s7b, s15a, s15b;
	uint64_t t0, spins = 0;

	if (irq_chip() != &pic8259_ops)
		return; /* the I/O APIC has no spurious-IRQ-7/15 behaviour to check */
	KT_ASSERT(irq_register(7, irq_probe_handler, &p) == 0);
	KT_ASSERT(irq_get_stats(7, &s7a) == 0 && irq_get_stats(15, &s15a) == 0);
	__asm__ volatile("int %0" : : "i"(IRQ_VECTOR_BASE + 7) : "memory");
	__asm__ volatile("int %0" : : "i"(IRQ_VECTOR_BASE + 15) : "memory");
	__asm__ volatile("int %0" : : "i"(IRQ_VECTOR_BASE + 7) : "memory");
	KT_ASSERT(irq_get_stats(7, &s7b) == 0 && irq_get_stats(15, &s15b) == 0);
	irq_unregister(7, irq_probe_handler, &p);
	KT_EXPECT_EQ(s7b.spurious - s7a.spurious, 2);
	KT_EXPECT_EQ(s15b.spurious - s15a.spurious, 1);
	KT_EXPECT_EQ(s7b.count, s7a.count);
	KT_EXPECT_EQ(p.calls, 0);
	t0 = timer_ticks();
	while (timer_ticks() - t0 < 3 && spins++ < 100000)
		cpu_hlt();
	KT_EXPECT(timer_ticks() - t0 >= 3);
}

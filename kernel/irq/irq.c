/*
 * The IRQ layer (keel/irq.h): owns vectors 32..104, runs each line's handlers, counts, recognises
 * spurious interrupts through the chip, sends the EOI and then calls the exit hook (the
 * scheduler's preemption point) while the interrupted context is still saved on its stack.
 * Local lines (the LAPIC timer, MSI lines) are acknowledged through the local EOI hook instead of
 * the chip; chip lines are the ISA lines and the GSI lines (keel/irq.h).
 * Handler slots are published with release stores and read with acquire loads, so handlers are
 * attached and detached with the slot lock held while interrupts may arrive.
 */
#include <keel/errno.h>
#include <keel/interrupt.h>
#include <keel/irq.h>
#include <keel/log.h>
#include <keel/module.h>
#include <keel/spinlock.h>

struct irq_action {
	irq_handler_fn fn;
	void *ctx;
};

struct irq_line {
	struct irq_action actions[IRQ_MAX_SHARED];
	uint64_t count;
	uint64_t spurious;
	unsigned nactions;
};

static struct irq_line irq_lines[IRQ_LINES];
static struct spinlock irq_lock = SPINLOCK_INIT("irq");
static const struct irqchip_ops *irq_chip_ops;
static void (*irq_exit_hook)(void);
static void (*irq_local_eoi)(void);
static unsigned irq_depth;
static uint32_t irq_msi_used; /* bit n: MSI line IRQ_MSI_FIRST + n is reserved */

_Static_assert(IRQ_MSI_LINES <= 32, "irq_msi_used has a bit per MSI line");
_Static_assert(IRQ_VECTOR_BASE + IRQ_LINES <= 0xF0, "IRQ vectors stay below the LAPIC's");

/* Lines the interrupt controller masks and acknowledges. */
static bool irq_chip_line(unsigned irq)
{
	return irq < IRQ_HW_LINES || (irq >= IRQ_GSI_FIRST && irq < IRQ_GSI_FIRST + IRQ_GSI_LINES);
}

bool in_irq(void)
{
	return __atomic_load_n(&irq_depth, __ATOMIC_RELAXED) != 0;
}

const struct irqchip_ops *irq_chip(void)
{
	return irq_chip_ops;
}

void irq_set_exit_hook(void (*fn)(void))
{
	__atomic_store_n(&irq_exit_hook, fn, __ATOMIC_RELEASE);
}

/* Context: IRQ, interrupts off. */
static void irq_entry(struct interrupt_frame *frame, void *ctx)
{
	unsigned irq = (unsigned)(uintptr_t)ctx;
	struct irq_line *line = &irq_lines[irq];
	const struct irqchip_ops *chip = irq_chip_ops;
	void (*hook)(void);

	(void)frame;
	if (irq < IRQ_HW_LINES && chip && chip->is_spurious && chip->is_spurious(irq)) {
		line->spurious++;
		return;
	}
	irq_depth++;
	line->count++;
	for (unsigned i = 0; i < IRQ_MAX_SHARED; i++) {
		irq_handler_fn fn = __atomic_load_n(&line->actions[i].fn, __ATOMIC_ACQUIRE);

		if (fn)
			fn(irq, line->actions[i].ctx);
	}
	if (irq_chip_line(irq) && chip)
		chip->eoi(irq);
	else if (irq >= IRQ_LOCAL_FIRST && irq_local_eoi)
		irq_local_eoi();
	irq_depth--;
	hook = __atomic_load_n(&irq_exit_hook, __ATOMIC_ACQUIRE);
	if (hook)
		hook();
}

void irq_set_local_eoi(void (*eoi)(void))
{
	irq_local_eoi = eoi;
}

int irq_set_chip(const struct irqchip_ops *chip, const char *why)
{
	int ret;

	if (irq_chip_ops)
		return -EBUSY;
	ret = chip->init(IRQ_VECTOR_BASE);
	if (ret)
		return ret;
	irq_chip_ops = chip;
	pr_info("irq", "interrupt controller: %s (%s), IRQ 0-%d on vectors %d-%d", chip->name, why,
		IRQ_HW_LINES - 1, IRQ_VECTOR_BASE, IRQ_VECTOR_BASE + IRQ_HW_LINES - 1);
	return 0;
}

int irq_register(unsigned irq, irq_handler_fn fn, void *ctx)
{
	struct irq_line *line;
	uint64_t flags;
	int free_slot = -1;

	if (irq >= IRQ_LINES || !fn)
		return -EINVAL;
	if (irq_chip_line(irq) && !irq_chip_ops)
		return -ENODEV;
	line = &irq_lines[irq];
	flags = spin_lock_irqsave(&irq_lock);
	for (int i = 0; i < IRQ_MAX_SHARED; i++) {
		if (line->actions[i].fn == fn && line->actions[i].ctx == ctx) {
			spin_unlock_irqrestore(&irq_lock, flags);
			return -EEXIST;
		}
		if (!line->actions[i].fn && free_slot < 0)
			free_slot = i;
	}
	if (free_slot < 0) {
		spin_unlock_irqrestore(&irq_lock, flags);
		return -EBUSY;
	}
	line->actions[free_slot].ctx = ctx;
	__atomic_store_n(&line->actions[free_slot].fn, fn, __ATOMIC_RELEASE);
	if (line->nactions++ == 0 && irq_chip_line(irq))
		irq_chip_ops->unmask(irq);
	spin_unlock_irqrestore(&irq_lock, flags);
	return 0;
}

int irq_unregister(unsigned irq, irq_handler_fn fn, void *ctx)
{
	struct irq_line *line;
	uint64_t flags;

	if (irq >= IRQ_LINES)
		return -EINVAL;
	line = &irq_lines[irq];
	flags = spin_lock_irqsave(&irq_lock);
	for (int i = 0; i < IRQ_MAX_SHARED; i++) {
		if (line->actions[i].fn == fn && line->actions[i].ctx == ctx) {
			__atomic_store_n(&line->actions[i].fn, NULL, __ATOMIC_RELEASE);
			line->actions[i].ctx = NULL;
			if (--line->nactions == 0 && irq_chip_line(irq))
				irq_chip_ops->mask(irq);
			spin_unlock_irqrestore(&irq_lock, flags);
			return 0;
		}
	}
	spin_unlock_irqrestore(&irq_lock, flags);
	return -ENOENT;
}

int irq_gsi_line(uint32_t gsi, bool level, bool active_low)
{
	const struct irqchip_ops *chip = irq_chip_ops;

	if (!chip)
		return -ENODEV;
	if (chip->gsi_line)
		return chip->gsi_line(gsi, level, active_low);
	return gsi < IRQ_HW_LINES ? (int)gsi : -ENODEV;
}

int irq_msi_alloc(void)
{
	uint64_t flags = spin_lock_irqsave(&irq_lock);
	int ret = -ENOSPC;

	for (unsigned i = 0; i < IRQ_MSI_LINES; i++) {
		if (!(irq_msi_used & (1u << i))) {
			irq_msi_used |= 1u << i;
			ret = (int)(IRQ_MSI_FIRST + i);
			break;
		}
	}
	spin_unlock_irqrestore(&irq_lock, flags);
	return ret;
}

int irq_msi_free(unsigned irq)
{
	uint64_t flags;
	int ret = 0;

	if (irq < IRQ_MSI_FIRST || irq >= IRQ_MSI_FIRST + IRQ_MSI_LINES)
		return -EINVAL;
	flags = spin_lock_irqsave(&irq_lock);
	if (!(irq_msi_used & (1u << (irq - IRQ_MSI_FIRST))))
		ret = -EINVAL;
	else if (irq_lines[irq].nactions)
		ret = -EBUSY;
	else
		irq_msi_used &= ~(1u << (irq - IRQ_MSI_FIRST));
	spin_unlock_irqrestore(&irq_lock, flags);
	return ret;
}

#define IRQ_SOFT_CASE(n) \
	case IRQ_SOFT_FIRST + n: \
		__asm__ volatile("int %0" : : "i"(IRQ_VECTOR_BASE + IRQ_SOFT_FIRST + n) : "memory"); \
		break

int irq_raise_soft(unsigned irq)
{
	switch (irq) {
		IRQ_SOFT_CASE(0);
		IRQ_SOFT_CASE(1);
		IRQ_SOFT_CASE(2);
		IRQ_SOFT_CASE(3);
		IRQ_SOFT_CASE(4);
		IRQ_SOFT_CASE(5);
		IRQ_SOFT_CASE(6);
		IRQ_SOFT_CASE(7);
	default:
		return -EINVAL;
	}
	return 0;
}

_Static_assert(IRQ_SOFT_LINES == 8, "irq_raise_soft has one case per software line");

int irq_get_stats(unsigned irq, struct irq_stats *out)
{
	if (irq >= IRQ_LINES)
		return -EINVAL;
	out->count = __atomic_load_n(&irq_lines[irq].count, __ATOMIC_RELAXED);
	out->spurious = __atomic_load_n(&irq_lines[irq].spurious, __ATOMIC_RELAXED);
	out->handlers = __atomic_load_n(&irq_lines[irq].nactions, __ATOMIC_RELAXED);
	return 0;
}

static int irq_module_init(void)
{
	for (unsigned irq = 0; irq < IRQ_LINES; irq++) {
		int ret = interrupt_set_handler((uint8_t)(IRQ_VECTOR_BASE + irq), irq_entry, (void *)(uintptr_t)irq);

		if (ret)
			return ret;
	}
	return 0;
}

MODULE_INIT_REQUIRED(irq, EARLY, irq_module_init);

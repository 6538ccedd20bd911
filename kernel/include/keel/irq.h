/*
 * Hardware interrupt lines (IRQs) above the CPU's vectors. An interrupt controller sits behind
 * `const struct irqchip_ops` (the 8259 PIC or the I/O APIC); drivers see only IRQ numbers:
 * irq_register(irq, handler, ctx) attaches a handler (lines may be shared by a few handlers) and
 * unmasks the line. Every line has counters (handled, spurious) for the shell. Lines 0-15 are the
 * legacy ISA IRQs; lines 16-23 are software lines with no controller, raised with irq_raise_soft()
 * (tests and benchmarks use them to drive the real interrupt path on demand). Line 24 is the
 * local APIC timer: a local line, acknowledged through the local EOI hook, not the chip. Lines
 * 25-40 are message-signalled lines (PCI MSI/MSI-X): allocated with irq_msi_alloc(), local lines
 * too (no controller to mask; the device masks), delivered on vector irq_vector(irq). Lines
 * 41-72 are GSI lines: GSIs 16-47 of an I/O APIC (virtio-mmio on microvm, devices the firmware
 * describes by GSI), routed on demand with irq_gsi_line(); chip lines like 0-15.
 */
#ifndef KEEL_IRQ_H
#define KEEL_IRQ_H

#include <stdbool.h>
#include <stdint.h>

#define IRQ_HW_LINES 16
#define IRQ_SOFT_FIRST 16
#define IRQ_SOFT_LINES 8
#define IRQ_LOCAL_FIRST (IRQ_SOFT_FIRST + IRQ_SOFT_LINES)
#define IRQ_LAPIC_TIMER IRQ_LOCAL_FIRST
#define IRQ_MSI_FIRST (IRQ_LAPIC_TIMER + 1)
#define IRQ_MSI_LINES 16
#define IRQ_LOCAL_LINES (1 + IRQ_MSI_LINES)
#define IRQ_GSI_FIRST (IRQ_MSI_FIRST + IRQ_MSI_LINES)
#define IRQ_GSI_LINES 32
#define IRQ_GSI_BASE 16 /* GSI of line IRQ_GSI_FIRST */
#define IRQ_LINES (IRQ_HW_LINES + IRQ_SOFT_LINES + IRQ_LOCAL_LINES + IRQ_GSI_LINES)
#define IRQ_VECTOR_BASE 32 /* line n arrives on vector 32 + n */
#define IRQ_MAX_SHARED 8   /* handlers per line (PCI INTx lines are shared widely) */

/* Context: IRQ (interrupts off); must not block. */
typedef void (*irq_handler_fn)(unsigned irq, void *ctx);

struct irqchip_ops {
	const char *name;
	/* Program the controller with line n on vector `vector_base + n`, every line masked. */
	int (*init)(uint8_t vector_base);
	void (*mask)(unsigned irq);
	void (*unmask)(unsigned irq);
	/* Acknowledge a real interrupt on `irq`. */
	void (*eoi)(unsigned irq);
	/* Route GSI `gsi` (level- or edge-triggered, active low or high) onto an IRQ line, masked:
	 * the line, or -ENODEV when the chip cannot reach it. NULL: GSIs 0-15 are lines 0-15. */
	int (*gsi_line)(uint32_t gsi, bool level, bool active_low);
	/* True when an interrupt on `irq` is spurious (then the chip has already done whatever
	 * acknowledgement the hardware needs, and the handlers are not run). May be NULL. */
	bool (*is_spurious)(unsigned irq);
};

/* Install the controller (the platform module does, at CORE level); `why` is logged with it. */
int irq_set_chip(const struct irqchip_ops *chip, const char *why);
/* The acknowledgement of local lines (the local APIC's EOI). */
void irq_set_local_eoi(void (*eoi)(void));
const struct irqchip_ops *irq_chip(void);

/* Attach a handler; the first handler of a line unmasks it. -EINVAL for a bad line, -EBUSY when
 * the line has IRQ_MAX_SHARED handlers, -EEXIST for the same (fn, ctx) twice, -ENODEV with no chip
 * for a hardware line. */
int irq_register(unsigned irq, irq_handler_fn fn, void *ctx);
/* Detach (fn, ctx); the last handler's removal masks the line. -ENOENT when not attached. */
int irq_unregister(unsigned irq, irq_handler_fn fn, void *ctx);

/* Raise software line `irq` (IRQ_SOFT_FIRST..) on this CPU: runs its handlers through the IDT
 * exactly as a device interrupt would, before this call returns. -EINVAL for other lines. */
int irq_raise_soft(unsigned irq);

/* The CPU vector line `irq` arrives on. */
static inline uint8_t irq_vector(unsigned irq)
{
	return (uint8_t)(IRQ_VECTOR_BASE + irq);
}

/* The line that delivers GSI `gsi` (an ISA line when the GSI is one's, else a GSI line set up
 * with this trigger and polarity): the line, or -ENODEV (no controller, or it cannot reach the
 * GSI: the 8259 has only GSIs 0-15). Register a handler on it as on any line. Context: task. */
int irq_gsi_line(uint32_t gsi, bool level, bool active_low);

/* Reserve a free MSI line (no handler yet): the line number, or -ENOSPC. Context: any. */
int irq_msi_alloc(void);
/* Give it back (its handlers must be unregistered first). -EINVAL for a line that is not a
 * reserved MSI line, -EBUSY while handlers are attached. */
int irq_msi_free(unsigned irq);

/* True while this CPU is running an interrupt handler. */
bool in_irq(void);

struct irq_stats {
	uint64_t count;    /* interrupts handled */
	uint64_t spurious; /* recognised as spurious, not acknowledged */
	unsigned handlers; /* attached handlers */
};

/* Counters of one line: 0, or -EINVAL for a bad line. Context: any. */
int irq_get_stats(unsigned irq, struct irq_stats *out);

/* Called as every interrupt returns, after the EOI, still with interrupts off: the scheduler
 * installs its preemption point here. */
void irq_set_exit_hook(void (*fn)(void));

#endif /* KEEL_IRQ_H */

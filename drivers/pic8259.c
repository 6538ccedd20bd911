/*
 * The 8259A programmable interrupt controller pair behind irqchip_ops. The BIOS leaves the
 * master on vectors 8-15, on top of CPU exceptions, so init remaps both chips (master IRQ 0-7,
 * slave IRQ 8-15 on consecutive vectors) and masks every line; the cascade line 2 stays open so
 * slave lines can be unmasked one by one. A spurious interrupt (IRQ 7 or 15 with its in-service
 * bit clear) is not acknowledged on its own chip; a spurious IRQ 15 still gets an EOI on the
 * master, which did see a real cascade request. When the I/O APIC is used instead, the pair is
 * remapped and fully masked (pic8259_disable). The platform module installs these ops.
 */
#include <keel/cpu.h>
#include <keel/errno.h>
#include <keel/irq.h>
#include <keel/log.h>
#include <keel/spinlock.h>

#include "drivers/pic8259.h"

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xA0
#define PIC2_DATA 0xA1
#define PIC_EOI 0x20
#define PIC_READ_ISR 0x0B
#define PIC_CASCADE_IRQ 2

static struct spinlock pic_lock = SPINLOCK_INIT("pic");
static uint16_t pic_mask_bits = 0xFFFF; /* bit n set: line n masked */

static void pic_write_masks(void)
{
	outb(PIC1_DATA, (uint8_t)pic_mask_bits);
	outb(PIC2_DATA, (uint8_t)(pic_mask_bits >> 8));
}

static int pic_init(uint8_t vector_base)
{
	uint64_t flags = spin_lock_irqsave(&pic_lock);

	outb(PIC1_CMD, 0x11); /* ICW1: edge triggered, cascade, ICW4 follows */
	io_wait();
	outb(PIC2_CMD, 0x11);
	io_wait();
	outb(PIC1_DATA, vector_base); /* ICW2: vector offsets */
	io_wait();
	outb(PIC2_DATA, (uint8_t)(vector_base + 8));
	io_wait();
	outb(PIC1_DATA, 1u << PIC_CASCADE_IRQ); /* ICW3: slave on line 2 */
	io_wait();
	outb(PIC2_DATA, PIC_CASCADE_IRQ); /* ICW3: slave identity */
	io_wait();
	outb(PIC1_DATA, 0x01); /* ICW4: 8086 mode, normal EOI */
	io_wait();
	outb(PIC2_DATA, 0x01);
	io_wait();
	pic_mask_bits = (uint16_t)(0xFFFF & ~(1u << PIC_CASCADE_IRQ));
	pic_write_masks();
	spin_unlock_irqrestore(&pic_lock, flags);
	return 0;
}

static void pic_mask(unsigned irq)
{
	uint64_t flags = spin_lock_irqsave(&pic_lock);

	if (irq != PIC_CASCADE_IRQ)
		pic_mask_bits |= (uint16_t)(1u << irq);
	pic_write_masks();
	spin_unlock_irqrestore(&pic_lock, flags);
}

static void pic_unmask(unsigned irq)
{
	uint64_t flags = spin_lock_irqsave(&pic_lock);

	pic_mask_bits &= (uint16_t)~(1u << irq);
	pic_write_masks();
	spin_unlock_irqrestore(&pic_lock, flags);
}

/* Context: IRQ. */
static void pic_eoi(unsigned irq)
{
	if (irq >= 8)
		outb(PIC2_CMD, PIC_EOI);
	outb(PIC1_CMD, PIC_EOI);
}

static uint8_t pic_read_isr(uint16_t cmd_port)
{
	outb(cmd_port, PIC_READ_ISR);
	return inb(cmd_port);
}

/* Context: IRQ. */
static bool pic_is_spurious(unsigned irq)
{
	if (irq == 7)
		return !(pic_read_isr(PIC1_CMD) & 0x80);
	if (irq == 15 && !(pic_read_isr(PIC2_CMD) & 0x80)) {
		outb(PIC1_CMD, PIC_EOI); /* the master's cascade request was real */
		return true;
	}
	return false;
}

bool pic8259_probe(void)
{
	uint8_t old = inb(PIC1_DATA);
	bool ok;

	/* The mask register reads back what was written; with no chip the port floats (0xFF). */
	outb(PIC1_DATA, 0x5A);
	ok = inb(PIC1_DATA) == 0x5A;
	outb(PIC1_DATA, 0xA5);
	ok = ok && inb(PIC1_DATA) == 0xA5;
	outb(PIC1_DATA, old);
	return ok;
}

void pic8259_disable(void)
{
	/* Remapped off the exception vectors, then every line masked, the cascade too. */
	pic_init(IRQ_VECTOR_BASE);
	pic_mask_bits = 0xFFFF;
	pic_write_masks();
}

const struct irqchip_ops pic8259_ops = {
	.name = "8259A",
	.init = pic_init,
	.mask = pic_mask,
	.unmask = pic_unmask,
	.eoi = pic_eoi,
	.is_spurious = pic_is_spurious,
};

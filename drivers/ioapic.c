/*
 * The I/O APIC driver (drivers/ioapic.h). Each I/O APIC from the MADT is reached through its
 * index/window register pair in the direct map; its version register gives the number of pins.
 * init() masks every pin of every I/O APIC, then writes one entry per routable ISA IRQ (masked,
 * fixed delivery, physical destination, polarity and trigger from the override or the ISA
 * defaults: edge, active high). An ISA IRQ whose identity GSI was overridden away to another IRQ
 * (IRQ 2 when IRQ 0 is on GSI 2) is unroutable. EOI goes to the local APIC, which forwards it
 * for level-triggered lines. An I/O APIC drops an edge that arrives while its pin is masked (an
 * 8259 keeps it in IRR), and a device such as a 16550 then never raises another: so unmasking an
 * edge-triggered line also resends its vector once through a self-IPI. ISA handlers check their
 * device's status, so a resend with nothing pending is harmless. GSIs above the ISA range
 * (16-47) get a GSI line of the IRQ layer when a driver asks (ioapic_gsi_line), with the trigger
 * and polarity the device's description gives.
 */
#include <keel/errno.h>
#include <keel/log.h>
#include <keel/mm.h>
#include <keel/spinlock.h>

#include "drivers/ioapic.h"
#include "drivers/lapic.h"

#define IOAPIC_REGSEL 0x00
#define IOAPIC_WINDOW 0x10
#define IOAPIC_REG_VER 0x01
#define IOAPIC_REDIR(n) (0x10u + 2u * (n))

#define RTE_MASKED (1u << 16)
#define RTE_LEVEL (1u << 15)
#define RTE_ACTIVE_LOW (1u << 13)
#define RTE_NMI (4u << 8)
#define GSI_NONE UINT32_MAX

struct ioapic_dev {
	volatile uint32_t *mmio;
	uint32_t gsi_base;
	uint32_t listed_base; /* the base the table gave (an MP table's is assumed: 24 pins each) */
	unsigned pins;
	uint8_t id;
};

static struct ioapic_dev ioapic_devs[ACPI_IOAPICS_MAX];
static unsigned ioapic_n;
static uint32_t isa_gsi[IRQ_HW_LINES];
static uint16_t isa_flags[IRQ_HW_LINES];
static bool gsi_routed[IRQ_GSI_LINES]; /* GSI line n carries GSI IRQ_GSI_BASE + n */
static const struct acpi_info *ioapic_acpi;
static uint32_t ioapic_dest;
static uint8_t ioapic_vector_base;
static struct spinlock ioapic_lock = SPINLOCK_INIT("ioapic");

static uint32_t ioapic_read(struct ioapic_dev *d, uint32_t reg)
{
	d->mmio[IOAPIC_REGSEL / 4] = reg;
	return d->mmio[IOAPIC_WINDOW / 4];
}

static void ioapic_write(struct ioapic_dev *d, uint32_t reg, uint32_t v)
{
	d->mmio[IOAPIC_REGSEL / 4] = reg;
	d->mmio[IOAPIC_WINDOW / 4] = v;
}

static struct ioapic_dev *ioapic_for_gsi(uint32_t gsi, unsigned *pin)
{
	for (unsigned i = 0; i < ioapic_n; i++) {
		struct ioapic_dev *d = &ioapic_devs[i];

		if (gsi >= d->gsi_base && gsi - d->gsi_base < d->pins) {
			*pin = gsi - d->gsi_base;
			return d;
		}
	}
	return NULL;
}

static uint32_t ioapic_flags_bits(uint16_t flags)
{
	uint32_t v = 0;

	if ((flags & ACPI_INTI_POLARITY_MASK) == ACPI_INTI_POLARITY_LOW)
		v |= RTE_ACTIVE_LOW;
	if ((flags & ACPI_INTI_TRIGGER_MASK) == ACPI_INTI_TRIGGER_LEVEL)
		v |= RTE_LEVEL;
	return v;
}

/* Caller holds ioapic_lock. */
static void ioapic_set_entry(uint32_t gsi, uint32_t low)
{
	unsigned pin;
	struct ioapic_dev *d = ioapic_for_gsi(gsi, &pin);

	if (!d)
		return;
	ioapic_write(d, IOAPIC_REDIR(pin), RTE_MASKED); /* masked while the halves change */
	ioapic_write(d, IOAPIC_REDIR(pin) + 1, ioapic_dest << 24);
	ioapic_write(d, IOAPIC_REDIR(pin), low);
}

/* A GSI as the table numbered it -> as the pins are numbered here (they differ only when an MP
 * table's bases were assumed). */
static uint32_t ioapic_real_gsi(uint32_t gsi)
{
	for (unsigned i = 0; i < ioapic_n; i++) {
		struct ioapic_dev *d = &ioapic_devs[i];

		if (gsi >= d->listed_base && gsi - d->listed_base < d->pins)
			return d->gsi_base + (gsi - d->listed_base);
	}
	return gsi;
}

int ioapic_setup(const struct acpi_info *ai, uint32_t dest)
{
	int ret = 0;

	ioapic_n = 0;
	for (unsigned i = 0; i < ai->ioapic_count; i++) {
		const struct acpi_ioapic *a = &ai->ioapics[i];
		struct ioapic_dev *d = &ioapic_devs[ioapic_n];
		uint32_t ver;

		d->mmio = phys_ptr(paddr(a->addr)); /* MADT addresses are 32-bit: inside the direct map */
		ver = ioapic_read(d, IOAPIC_REG_VER);
		if (ver == 0xFFFFFFFFu) {
			pr_warn("ioapic", "I/O APIC %u at 0x%x does not answer; ignored", a->id, a->addr);
			continue;
		}
		d->pins = ((ver >> 16) & 0xFF) + 1;
		d->listed_base = a->gsi_base;
		d->gsi_base = a->gsi_base;
		if (ai->mp_gsi_assumed) /* the MP table has no GSI bases: number the pins in order */
			d->gsi_base = ioapic_n ? ioapic_devs[ioapic_n - 1].gsi_base + ioapic_devs[ioapic_n - 1].pins : 0;
		d->id = a->id;
		ioapic_n++;
		pr_info("ioapic", "I/O APIC %u at 0x%x: GSI %u-%u, version 0x%x", a->id, a->addr, d->gsi_base,
			d->gsi_base + d->pins - 1, ver & 0xFF);
	}
	if (!ioapic_n)
		return -ENODEV;
	ioapic_acpi = ai;
	ioapic_dest = dest;
	for (unsigned irq = 0; irq < IRQ_HW_LINES; irq++) {
		acpi_isa_irq(ai, irq, &isa_gsi[irq], &isa_flags[irq]);
		isa_gsi[irq] = ioapic_real_gsi(isa_gsi[irq]);
	}
	for (unsigned i = 0; i < ai->iso_count; i++) {
		uint32_t g = ai->isos[i].gsi;
		bool own = false;

		if (g == ai->isos[i].source || g >= IRQ_HW_LINES)
			continue;
		for (unsigned k = 0; k < ai->iso_count; k++)
			own = own || ai->isos[k].source == g;
		if (!own)
			isa_gsi[g] = GSI_NONE; /* another IRQ was moved onto this IRQ's identity GSI */
	}
	for (unsigned irq = 0; irq < IRQ_HW_LINES; irq++) {
		unsigned pin;

		if (isa_gsi[irq] != GSI_NONE && !ioapic_for_gsi(isa_gsi[irq], &pin)) {
			pr_warn("ioapic", "ISA IRQ %u is on GSI %u, which no I/O APIC serves; unroutable", irq,
				isa_gsi[irq]);
			isa_gsi[irq] = GSI_NONE;
			ret = -ERANGE;
		}
	}
	return ret;
}

int ioapic_isa_gsi(unsigned irq)
{
	return irq < IRQ_HW_LINES && isa_gsi[irq] != GSI_NONE ? (int)isa_gsi[irq] : -1;
}

unsigned ioapic_count(void)
{
	return ioapic_n;
}

static int ioapic_init(uint8_t vector_base)
{
	uint64_t flags = spin_lock_irqsave(&ioapic_lock);

	ioapic_vector_base = vector_base;
	for (unsigned i = 0; i < ioapic_n; i++)
		for (unsigned pin = 0; pin < ioapic_devs[i].pins; pin++)
			ioapic_write(&ioapic_devs[i], IOAPIC_REDIR(pin), RTE_MASKED);
	for (unsigned irq = 0; irq < IRQ_HW_LINES; irq++)
		if (isa_gsi[irq] != GSI_NONE)
			ioapic_set_entry(isa_gsi[irq], RTE_MASKED | ioapic_flags_bits(isa_flags[irq]) |
							       (uint8_t)(vector_base + irq));
	for (unsigned i = 0; i < ioapic_acpi->nmi_source_count; i++)
		ioapic_set_entry(ioapic_real_gsi(ioapic_acpi->nmi_sources[i].gsi),
				 RTE_NMI | ioapic_flags_bits(ioapic_acpi->nmi_sources[i].flags));
	spin_unlock_irqrestore(&ioapic_lock, flags);
	return 0;
}

static void ioapic_set_mask(unsigned irq, bool masked)
{
	struct ioapic_dev *d;
	uint64_t flags;
	unsigned pin;
	uint32_t low, gsi;

	if (irq >= IRQ_GSI_FIRST && irq < IRQ_GSI_FIRST + IRQ_GSI_LINES && gsi_routed[irq - IRQ_GSI_FIRST])
		gsi = IRQ_GSI_BASE + (irq - IRQ_GSI_FIRST);
	else if (irq < IRQ_HW_LINES && isa_gsi[irq] != GSI_NONE)
		gsi = isa_gsi[irq];
	else
		return;
	flags = spin_lock_irqsave(&ioapic_lock);
	d = ioapic_for_gsi(gsi, &pin);
	low = ioapic_read(d, IOAPIC_REDIR(pin));
	ioapic_write(d, IOAPIC_REDIR(pin), masked ? low | RTE_MASKED : low & ~RTE_MASKED);
	if (!masked && !(low & RTE_LEVEL))
		lapic_self_ipi((uint8_t)(ioapic_vector_base + irq)); /* the edge it may have dropped */
	spin_unlock_irqrestore(&ioapic_lock, flags);
}

static void ioapic_mask(unsigned irq)
{
	ioapic_set_mask(irq, true);
}

static void ioapic_unmask(unsigned irq)
{
	ioapic_set_mask(irq, false);
}

/* Context: IRQ. */
static void ioapic_eoi(unsigned irq)
{
	(void)irq;
	lapic_eoi();
}

static int ioapic_gsi_line(uint32_t gsi, bool level, bool active_low)
{
	unsigned pin, line;
	uint64_t flags;

	for (unsigned irq = 0; irq < IRQ_HW_LINES; irq++)
		if (isa_gsi[irq] == gsi)
			return (int)irq; /* an ISA line's GSI: that line, with its own trigger */
	if (gsi < IRQ_GSI_BASE || gsi - IRQ_GSI_BASE >= IRQ_GSI_LINES || !ioapic_for_gsi(gsi, &pin))
		return -ENODEV;
	line = IRQ_GSI_FIRST + (gsi - IRQ_GSI_BASE);
	flags = spin_lock_irqsave(&ioapic_lock);
	if (!gsi_routed[gsi - IRQ_GSI_BASE]) {
		ioapic_set_entry(gsi, RTE_MASKED | (level ? RTE_LEVEL : 0) | (active_low ? RTE_ACTIVE_LOW : 0) |
					      (uint8_t)(ioapic_vector_base + line));
		gsi_routed[gsi - IRQ_GSI_BASE] = true;
	}
	spin_unlock_irqrestore(&ioapic_lock, flags);
	return (int)line;
}

const struct irqchip_ops ioapic_ops = {
	.name = "I/O APIC",
	.init = ioapic_init,
	.mask = ioapic_mask,
	.unmask = ioapic_unmask,
	.eoi = ioapic_eoi,
	.gsi_line = ioapic_gsi_line,
	.is_spurious = NULL,
};

/*
 * I/O APICs from the ACPI MADT behind irqchip_ops (drivers/ioapic.c): ISA IRQ n keeps its number
 * for drivers and arrives on vector 32 + n, routed through the MADT's interrupt source overrides
 * (GSI, polarity, trigger); NMI sources are programmed as NMIs.
 */
#ifndef KEEL_DRIVERS_IOAPIC_H
#define KEEL_DRIVERS_IOAPIC_H

#include <stdint.h>

#include <keel/acpi_tables.h>
#include <keel/irq.h>

extern const struct irqchip_ops ioapic_ops;

/* Find the I/O APICs of the MADT and the routes of the ISA IRQs; interrupts go to the local
 * APIC `dest`. 0, -ENODEV (no usable I/O APIC) or -ERANGE (an ISA IRQ's GSI has no I/O APIC:
 * that IRQ stays unroutable, reported, and the others work). */
int ioapic_setup(const struct acpi_info *ai, uint32_t dest);
/* The GSI ISA IRQ `irq` is routed to, or -1 when it is not routed. */
int ioapic_isa_gsi(unsigned irq);
unsigned ioapic_count(void);

#endif /* KEEL_DRIVERS_IOAPIC_H */

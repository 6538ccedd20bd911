/*
 * The boot CPU's local APIC, set up by Keel whatever the firmware left: enabled (xAPIC through
 * its MMIO page, or x2APIC through MSRs when the firmware switched that on), task priority 0,
 * spurious vector 0xFF, error vector 0xFE, LINT0 as ExtINT (virtual wire: the 8259's output
 * reaches the CPU) or masked, LINT1 as NMI (or as the MADT says), timer masked until asked for.
 */
#ifndef KEEL_DRIVERS_LAPIC_H
#define KEEL_DRIVERS_LAPIC_H

#include <stdbool.h>
#include <stdint.h>

#include <keel/acpi_tables.h>

#define LAPIC_SPURIOUS_VECTOR 0xFF
#define LAPIC_ERROR_VECTOR 0xFE

/* True when CPUID reports a local APIC. */
bool lapic_present(void);
/* Program it. virtual_wire: LINT0 = ExtINT (the 8259 is the interrupt controller); otherwise
 * LINT0 is masked. LINTn that the MADT names as NMI (ai may be NULL) become NMI; without MADT
 * entries LINT1 is NMI. 0, or -ENODEV with no local APIC. */
int lapic_init(bool virtual_wire, const struct acpi_info *ai);
uint32_t lapic_id(void);
const char *lapic_mode(void); /* "xAPIC" or "x2APIC" */
/* Context: IRQ. */
void lapic_eoi(void);

/* Interrupt this CPU on `vector` (fixed delivery): how an edge lost while a line was masked is
 * delivered again. Delivered once interrupts are enabled. */
void lapic_self_ipi(uint8_t vector);

/* Periodic local APIC timer at `hz`, calibrated against the TSC, on `vector`; returns 0 or an
 * error. The timer's input frequency is reported through *input_hz. */
int lapic_timer_start(unsigned hz, uint8_t vector, uint64_t *input_hz);

/* Counts of spurious and error interrupts (for irqstat). */
uint64_t lapic_spurious_count(void);
uint64_t lapic_error_count(void);

#endif /* KEEL_DRIVERS_LAPIC_H */

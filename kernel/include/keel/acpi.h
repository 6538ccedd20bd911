/*
 * Just enough ACPI to switch the machine off: from the tables found at boot (keel/acpi_tables.h,
 * every one checksummed and length-checked), read the sleep-type values of the \_S5 object from
 * the DSDT's AML and write them with SLP_EN to the PM1 control registers, or on hardware-reduced
 * ACPI to the sleep control register. A machine whose tables do not check out gets an error,
 * never a guess.
 */
#ifndef KEEL_ACPI_H
#define KEEL_ACPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Find the \_S5 package in AML bytes and return its first two values (SLP_TYPa, SLP_TYPb).
 * 0 or -ENOENT. Plain C (host-tested). */
int acpi_find_s5(const uint8_t *aml, size_t len, uint8_t *typ_a, uint8_t *typ_b);

/* Enter S5. Returns only on failure, with the reason (-ENODEV: no usable ACPI tables). */
int acpi_poweroff(void);

/* The FADT's reset register (I/O port or memory): whether there is one, and writing its reset
 * value. acpi_reset() returns only if the machine is still running (-EIO) or there is none
 * (-ENODEV). Context: interrupts off. */
bool acpi_reset_available(void);
int acpi_reset(void);

#endif /* KEEL_ACPI_H */

/*
 * The plain-C parts of PCI (drivers/pci_parse.c), with no kernel dependencies so host tests and
 * the fuzzer run them on arbitrary bytes: the capability-list walker (configuration space reached
 * through a read callback), BAR decoding from the values read before and after sizing, driver
 * match tables, and class codes in words.
 */
#ifndef KEEL_DRIVERS_PCI_PARSE_H
#define KEEL_DRIVERS_PCI_PARSE_H

#include <stdint.h>

#include "drivers/pci.h"

#define PCI_CAPS_MAX 48 /* (256 - 64) / 4: more capabilities than fit means a loop */

/* Conventional configuration space as the walker sees it. */
struct pci_caps_src {
	uint8_t (*read8)(void *ctx, uint16_t off);
	void *ctx;
};

/* Walk the capability list: fn(user, id, offset) for each well-formed capability in order.
 * Returns the number of capabilities, or a negative error after calling fn for the good prefix:
 * -ELOOP (a capability is revisited or the list is longer than PCI_CAPS_MAX), -ERANGE (a pointer
 * into the header, below 0x40), -EINVAL (a capability truncated by the end of the space: its
 * fixed part, or its own length byte for vendor-specific ones, runs past offset 255). No list
 * (status bit clear, or a null head pointer) is 0. fn may be NULL. */
int pci_caps_walk(const struct pci_caps_src *s, void (*fn)(void *user, uint8_t id, uint8_t off), void *user);
/* The first well-formed capability `id` after the one at `start` (0: from the head), or 0. */
uint8_t pci_caps_find(const struct pci_caps_src *s, uint8_t id, uint8_t start);
/* Bytes a capability's fixed part needs (2 when unknown). */
unsigned pci_cap_min_len(uint8_t id);

/* Decode one BAR from its original value and the value read back after writing all ones (for
 * a 64-bit BAR also the next register's, *_hi; otherwise pass 0). 0 with *out filled, and *used
 * = 2 for a 64-bit BAR (1 otherwise); 1 for an unimplemented BAR (reads back 0: out->kind is
 * PCI_BAR_NONE, nothing to log); a negative error for one that does not size, with *why set to
 * the reason for the log: -EINVAL (all ones, zero size from a non-zero BAR, a mask that is not
 * a power of two, reserved type), -ERANGE (a 64-bit BAR in the last slot). */
int pci_bar_decode(uint32_t orig, uint32_t sized, uint32_t orig_hi, uint32_t sized_hi, bool last,
		   struct pci_bar *out, unsigned *used, const char **why);

/* Parse "BB:DD.F", "SSSS:BB:DD.F" (hex; device < 0x20, function < 8) or the same without ".F"
 * (then *all_fns is true and a->fn is 0). 0, or -EINVAL. */
int pci_addr_parse(const char *s, struct pci_addr *a, bool *all_fns);
/* Short capability name ("MSI-X", "vendor", ...), or NULL for ids without one. */
const char *pci_cap_name(uint8_t id);

#endif /* KEEL_DRIVERS_PCI_PARSE_H */

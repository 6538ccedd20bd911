/*
 * What the PCI files share (drivers/pci*.c): the MMIO window, BAR sizing at enumeration, the
 * configuration mechanisms and the device table.
 */
#ifndef KEEL_DRIVERS_PCI_INTERNAL_H
#define KEEL_DRIVERS_PCI_INTERNAL_H

#include <stdint.h>

#include "drivers/pci.h"

#define PCI_DEVICES_MAX 256

/* Map [phys, phys + size) uncached (writable, NX) into the PCI window; the virtual address
 * of phys, or NULL (window full, mapping failed: logged). Context: task. */
volatile uint8_t *pci_mmio_map(uint64_t phys, uint64_t size);

/* Size d's BARs (decode off meanwhile) into d->bar[], logging those that do not size. */
void pci_bars_probe(struct pci_dev *d);

/* Mechanism #1 and ECAM (pci_config.c). pci_config_init picks what the platform has: 0, or
 * -ENODEV when there is no configuration mechanism. */
int pci_config_init(void);
/* The MCFG ranges in use, for the log and lspci. */
unsigned pci_ecam_count(void);

/* Probe every device against the PCI_DRIVER table (pci_driver.c). */
void pci_drivers_probe(void);

#endif /* KEEL_DRIVERS_PCI_INTERNAL_H */

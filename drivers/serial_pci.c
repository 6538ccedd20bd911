/*
 * PCI 16550 UARTs as serial ports of the full driver: QEMU's pci-serial, pci-serial-2x and
 * pci-serial-4x (1b36:0002/0003/0004: 1, 2 or 4 ports at 8-byte strides in BAR0) and any class
 * 07/00 programming interface 02 device (a 16550-compatible serial controller: one port at BAR0).
 * BAR0 may be I/O (the ports keep the inline port path) or memory (mapped uncached, reached
 * through uart_mmio_ops). Interrupts: MSI-X or MSI when the function offers them, else INTx on
 * the interrupt line register's line; every port of a card shares its one vector or line. A card
 * with no usable interrupt is refused with a log line (the serial driver is interrupt-driven).
 */
#include <keel/errno.h>
#include <keel/format.h>
#include <keel/log.h>

#include "drivers/pci.h"
#include "drivers/serial.h"

#define SERIAL_PCI_STRIDE 8

static const struct pci_match serial_pci_ids[] = {
	PCI_MATCH_ID(0x1b36, 0x0002),
	PCI_MATCH_ID(0x1b36, 0x0003),
	PCI_MATCH_ID(0x1b36, 0x0004),
	{ PCI_ANY_ID, PCI_ANY_ID, 0x070002u, 0xFFFFFFu },
	PCI_MATCH_END,
};

static unsigned serial_pci_ports(const struct pci_dev *d)
{
	if (d->vendor == 0x1b36 && d->device == 0x0003)
		return 2;
	if (d->vendor == 0x1b36 && d->device == 0x0004)
		return 4;
	return 1;
}

static int serial_pci_probe(struct pci_dev *d, const struct pci_match *m)
{
	unsigned nports = serial_pci_ports(d), added = 0, irq;
	struct pci_region r;
	char a[16];
	int ret, err = 0;

	(void)m;
	pci_addr_str(d->addr, a, sizeof(a));
	ret = pci_bar_map(d, 0, &r);
	if (ret) {
		pr_warn("serial", "PCI UART %s: BAR0 unusable: %s", a, keel_strerror(ret));
		return ret;
	}
	if (r.size < (uint64_t)nports * SERIAL_PCI_STRIDE) {
		pr_warn("serial", "PCI UART %s: BAR0 is %llu bytes, too small for %u port(s)", a,
			(unsigned long long)r.size, nports);
		return -ERANGE;
	}
	ret = pci_irq_alloc(d, PCI_IRQ_ANY, &irq);
	if (ret) {
		pr_warn("serial", "PCI UART %s: no usable interrupt (%s, pin %u, line %u): not used", a,
			keel_strerror(ret), d->irq_pin, d->irq_line);
		return ret;
	}
	for (unsigned i = 0; i < nports; i++) {
		struct uart16550 u = { 0 };
		char where[48];

		if (pci_region_is_io(&r)) {
			u.base = (uint16_t)(r.port + i * SERIAL_PCI_STRIDE);
			keel_snprintf(where, sizeof(where), "%s I/O 0x%x", a, u.base);
		} else {
			u.io = &uart_mmio_ops;
			u.mmio = r.mmio + i * SERIAL_PCI_STRIDE;
			keel_snprintf(where, sizeof(where), "%s MMIO 0x%llx", a,
				      (unsigned long long)(r.phys + i * SERIAL_PCI_STRIDE));
		}
		if (serial_add_port(&u, irq, where, &err))
			added++;
	}
	if (!added) {
		pci_irq_disable(d);
		return err ? err : -ENODEV;
	}
	return 0;
}

static const struct pci_driver serial_pci_driver = { "serial", serial_pci_ids, serial_pci_probe };
PCI_DRIVER(serial, serial_pci_driver);

/*
 * The PCI driver table: PCI_DRIVER() puts a pointer to each struct pci_driver in a .pcidrv.<name>
 * section, which linker.ld gathers sorted between __pcidrv_start and __pcidrv_end. After
 * enumeration every unclaimed device is offered to each driver whose match table names it, in
 * table order; the first probe returning 0 owns the device.
 */
#include <keel/errno.h>
#include <keel/log.h>

#include "drivers/pci_internal.h"
#include "drivers/pci_parse.h"

extern const struct pci_driver *const __pcidrv_start[], *const __pcidrv_end[];

void pci_drivers_probe(void)
{
	for (unsigned i = 0; i < pci_count(); i++) {
		struct pci_dev *d = pci_get(i);
		char a[16];

		for (const struct pci_driver *const *p = __pcidrv_start; p < __pcidrv_end && !d->driver; p++) {
			const struct pci_match *m = pci_match_device((*p)->ids, d);
			int ret;

			if (!m)
				continue;
			ret = (*p)->probe(d, m);
			if (ret == 0) {
				d->driver = *p;
				pr_info("pci", "%s: %s driver", pci_addr_str(d->addr, a, sizeof(a)), (*p)->name);
			} else if (ret != -ENODEV) {
				pr_warn("pci", "%s: %s driver failed: %s", pci_addr_str(d->addr, a, sizeof(a)),
					(*p)->name, keel_strerror(ret));
			}
		}
	}
}

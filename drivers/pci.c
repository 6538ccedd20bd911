/*
 * PCI enumeration (drivers/pci.h): at MODULE_LEVEL_BUS the configuration mechanism is chosen,
 * then every bus is scanned breadth-first from bus 0 of each segment (and the buses of the
 * host-bridge functions of 00:00 when it is multifunction): every device, every function of a
 * multifunction device, and the secondary bus of each PCI-PCI bridge, each bus at most once (a
 * bridge naming a bus already scanned, or an unconfigured one, is logged and not followed). Each
 * function becomes a struct pci_dev with its BARs sized and its MSI/MSI-X capabilities noted;
 * the table is sorted by address. At MODULE_LEVEL_DRIVER the PCI_DRIVER table probes them.
 */
#include <keel/acpi_tables.h>
#include <keel/errno.h>
#include <keel/format.h>
#include <keel/heap.h>
#include <keel/log.h>
#include <keel/module.h>

#include "drivers/pci_internal.h"
#include "drivers/pci_parse.h"

static struct pci_dev *pci_devs[PCI_DEVICES_MAX];
static unsigned pci_dev_n;

unsigned pci_count(void)
{
	return pci_dev_n;
}

struct pci_dev *pci_get(unsigned i)
{
	return i < pci_dev_n ? pci_devs[i] : NULL;
}

static unsigned pci_index_after(const struct pci_dev *from)
{
	if (!from)
		return 0;
	for (unsigned i = 0; i < pci_dev_n; i++)
		if (pci_devs[i] == from)
			return i + 1;
	return pci_dev_n;
}

struct pci_dev *pci_find(uint16_t vendor, uint16_t device, const struct pci_dev *from)
{
	for (unsigned i = pci_index_after(from); i < pci_dev_n; i++) {
		struct pci_dev *d = pci_devs[i];

		if ((vendor == PCI_ANY_ID || d->vendor == vendor) && (device == PCI_ANY_ID || d->device == device))
			return d;
	}
	return NULL;
}

struct pci_dev *pci_find_class(uint8_t class_code, uint8_t subclass, const struct pci_dev *from)
{
	for (unsigned i = pci_index_after(from); i < pci_dev_n; i++) {
		struct pci_dev *d = pci_devs[i];

		if (d->class_code == class_code && (subclass == 0xFF || d->subclass == subclass))
			return d;
	}
	return NULL;
}

const char *pci_addr_str(struct pci_addr a, char *buf, size_t len)
{
	if (a.segment)
		keel_snprintf(buf, len, "%04x:%02x:%02x.%u", a.segment, a.bus, a.dev, a.fn);
	else
		keel_snprintf(buf, len, "%02x:%02x.%u", a.bus, a.dev, a.fn);
	return buf;
}

static uint8_t pci_caps_read8(void *ctx, uint16_t off)
{
	return pci_read8(ctx, off);
}

uint8_t pci_find_cap(const struct pci_dev *d, uint8_t id, uint8_t start)
{
	struct pci_caps_src s = { pci_caps_read8, (void *)d };

	return pci_caps_find(&s, id, start);
}

void pci_enable(struct pci_dev *d, uint16_t bits)
{
	uint16_t cmd = pci_read16(d, PCI_COMMAND);

	if ((cmd & bits) != bits)
		pci_write16(d, PCI_COMMAND, (uint16_t)(cmd | bits));
}

void pci_disable(struct pci_dev *d, uint16_t bits)
{
	uint16_t cmd = pci_read16(d, PCI_COMMAND);

	if (cmd & bits)
		pci_write16(d, PCI_COMMAND, (uint16_t)(cmd & ~bits));
}

/* ---- Enumeration ---- */

struct pci_scan {
	uint16_t segment;
	uint8_t queue[256];
	unsigned head, tail;
	uint8_t seen[256 / 8];
};

static void pci_scan_push(struct pci_scan *s, uint8_t bus)
{
	if (s->seen[bus / 8] & (1u << (bus % 8)))
		return;
	s->seen[bus / 8] |= (uint8_t)(1u << (bus % 8));
	s->queue[s->tail++ % 256] = bus;
}

static bool pci_scan_seen(const struct pci_scan *s, uint8_t bus)
{
	return (s->seen[bus / 8] & (1u << (bus % 8))) != 0;
}

static struct pci_dev *pci_add(struct pci_addr a)
{
	struct pci_dev *d;
	uint32_t id, cls;

	if (pci_dev_n >= PCI_DEVICES_MAX) {
		pr_warn("pci", "more than %u functions: the rest are ignored", PCI_DEVICES_MAX);
		return NULL;
	}
	d = kzalloc(sizeof(*d));
	if (!d)
		return NULL;
	d->addr = a;
	id = pci_read32(d, PCI_VENDOR_ID);
	d->vendor = (uint16_t)id;
	d->device = (uint16_t)(id >> 16);
	cls = pci_read32(d, PCI_REVISION);
	d->revision = (uint8_t)cls;
	d->progif = (uint8_t)(cls >> 8);
	d->subclass = (uint8_t)(cls >> 16);
	d->class_code = (uint8_t)(cls >> 24);
	d->header_type = pci_read8(d, PCI_HEADER_TYPE) & 0x7F;
	d->multifunction = (pci_read8(d, PCI_HEADER_TYPE) & PCI_HEADER_MULTIFUNCTION) != 0;
	d->irq_line = pci_read8(d, PCI_INTERRUPT_LINE);
	d->irq_pin = pci_read8(d, PCI_INTERRUPT_PIN);
	if (d->irq_pin > 4)
		d->irq_pin = 0;
	if (d->header_type == PCI_HEADER_NORMAL) {
		d->subsys_vendor = pci_read16(d, PCI_SUBSYS_VENDOR);
		d->subsys_device = pci_read16(d, PCI_SUBSYS_ID);
	} else if (d->header_type == PCI_HEADER_BRIDGE) {
		d->secondary_bus = pci_read8(d, PCI_SECONDARY_BUS);
		d->subordinate_bus = pci_read8(d, PCI_SUBORDINATE_BUS);
	}
	pci_bars_probe(d);
	d->msi_cap = pci_find_cap(d, PCI_CAP_MSI, 0);
	d->msix_cap = pci_find_cap(d, PCI_CAP_MSIX, 0);
	if (d->msix_cap)
		d->msix_table_size = (uint16_t)((pci_read16(d, (uint16_t)(d->msix_cap + 2)) & 0x7FF) + 1);
	pci_devs[pci_dev_n++] = d;
	return d;
}

static void pci_scan_function(struct pci_scan *s, struct pci_addr a)
{
	struct pci_dev *d = pci_add(a);
	char buf[16];

	if (!d || d->header_type != PCI_HEADER_BRIDGE)
		return;
	if (d->secondary_bus == 0 || d->secondary_bus <= a.bus || d->subordinate_bus < d->secondary_bus) {
		pr_warn("pci", "%s: bridge to bus %02x (subordinate %02x) is not configured: not scanned",
			pci_addr_str(a, buf, sizeof(buf)), d->secondary_bus, d->subordinate_bus);
		return;
	}
	if (pci_scan_seen(s, d->secondary_bus)) {
		pr_warn("pci", "%s: bridge to bus %02x, which was scanned already: not followed",
			pci_addr_str(a, buf, sizeof(buf)), d->secondary_bus);
		return;
	}
	pci_scan_push(s, d->secondary_bus);
}

static void pci_scan_bus(struct pci_scan *s, uint8_t bus)
{
	for (uint8_t dev = 0; dev < 32; dev++) {
		struct pci_addr a = { s->segment, bus, dev, 0 };
		uint16_t vendor = (uint16_t)pci_cfg_read(a, PCI_VENDOR_ID, 2);
		uint8_t nfn;

		if (vendor == 0xFFFF || vendor == 0)
			continue;
		nfn = (pci_cfg_read(a, PCI_HEADER_TYPE, 1) & PCI_HEADER_MULTIFUNCTION) ? 8 : 1;
		for (uint8_t fn = 0; fn < nfn; fn++) {
			a.fn = fn;
			vendor = (uint16_t)pci_cfg_read(a, PCI_VENDOR_ID, 2);
			if (vendor != 0xFFFF && vendor != 0)
				pci_scan_function(s, a);
		}
	}
}

static void pci_scan_segment(uint16_t segment, uint8_t first_bus)
{
	struct pci_scan *s = kzalloc(sizeof(*s));
	struct pci_addr root = { segment, first_bus, 0, 0 };

	if (!s)
		return;
	s->segment = segment;
	pci_scan_push(s, first_bus);
	/* Several host bridges as functions of 00:00: function n's bus is n. */
	if (pci_cfg_read(root, PCI_HEADER_TYPE, 1) & PCI_HEADER_MULTIFUNCTION) {
		for (uint8_t fn = 1; fn < 8; fn++) {
			root.fn = fn;
			if ((uint16_t)pci_cfg_read(root, PCI_VENDOR_ID, 2) != 0xFFFF &&
			    pci_cfg_read(root, PCI_CLASS, 1) == PCI_CLASS_BRIDGE &&
			    pci_cfg_read(root, PCI_SUBCLASS, 1) == PCI_SUBCLASS_BRIDGE_HOST)
				pci_scan_push(s, (uint8_t)(first_bus + fn));
		}
	}
	while (s->head != s->tail)
		pci_scan_bus(s, s->queue[s->head++ % 256]);
	kfree(s);
}

static int pci_addr_cmp(struct pci_addr a, struct pci_addr b)
{
	uint64_t ka = (uint64_t)a.segment << 24 | (uint32_t)a.bus << 16 | (uint32_t)a.dev << 8 | a.fn;
	uint64_t kb = (uint64_t)b.segment << 24 | (uint32_t)b.bus << 16 | (uint32_t)b.dev << 8 | b.fn;

	return ka < kb ? -1 : ka > kb;
}

static void pci_sort(void)
{
	for (unsigned i = 1; i < pci_dev_n; i++) {
		struct pci_dev *d = pci_devs[i];
		unsigned j = i;

		for (; j > 0 && pci_addr_cmp(pci_devs[j - 1]->addr, d->addr) > 0; j--)
			pci_devs[j] = pci_devs[j - 1];
		pci_devs[j] = d;
	}
}

static void pci_log_device(const struct pci_dev *d)
{
	char a[16];

	pr_info("pci", "%s %04x:%04x %s (%02x%02x)%s", pci_addr_str(d->addr, a, sizeof(a)), d->vendor,
		d->device, pci_class_name(d->class_code, d->subclass), d->class_code, d->subclass,
		d->msix_cap ? ", MSI-X" : d->msi_cap ? ", MSI" : "");
}

static int pci_module_init(void)
{
	const struct acpi_info *ai = acpi_info_get();

	if (pci_config_init()) {
		pr_info("pci", "no PCI configuration mechanism: no PCI");
		return 0;
	}
	pci_scan_segment(0, 0);
	for (unsigned i = 0; ai && i < ai->mcfg_count && i < ACPI_MCFG_MAX; i++) {
		struct pci_addr a = { ai->mcfg[i].segment, ai->mcfg[i].bus_start, 0, 0 };

		if (a.segment != 0 && pci_config_ops_for(a))
			pci_scan_segment(a.segment, a.bus);
	}
	pci_sort();
	for (unsigned i = 0; i < pci_dev_n; i++)
		pci_log_device(pci_devs[i]);
	pr_info("pci", "%u functions", pci_dev_n);
	return 0;
}

MODULE_INIT_DEFERRED(pci, BUS, pci_module_init); /* after boot complete: the settle task */

static int pci_probe_init(void)
{
	pci_drivers_probe();
	return 0;
}

MODULE_INIT_DEFERRED(pci_probe, DRIVER, pci_probe_init);

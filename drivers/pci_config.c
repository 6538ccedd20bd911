/*
 * PCI configuration mechanisms behind struct pci_config_ops: ECAM (memory-mapped, 4 KiB per
 * function) for the segment/bus ranges of the ACPI MCFG, and mechanism #1 (address port 0xCF8,
 * data port 0xCFC) for segment 0 otherwise. Each ECAM bus (1 MiB) is mapped uncached on its first
 * access from task context (enumeration touches every bus it scans, so drivers' later accesses,
 * also from interrupt handlers, find it mapped); an access from an interrupt handler to a bus
 * never mapped reads all ones. Mechanism #1 takes a spinlock around its two-port sequence.
 * Accesses past a mechanism's configuration space read all ones and drop writes.
 */
#include <keel/acpi_tables.h>
#include <keel/cpu.h>
#include <keel/errno.h>
#include <keel/log.h>
#include <keel/spinlock.h>

#include "drivers/pci_internal.h"

#define PCI_CONF1_ADDR 0xCF8
#define PCI_CONF1_DATA 0xCFC

struct pci_ecam {
	uint64_t base; /* bus 0 of the segment (the MCFG's base is for bus 0 even if bus_start > 0) */
	uint16_t segment;
	uint8_t bus_start, bus_end;
	volatile uint8_t *bus_map[256];
};

static struct pci_ecam pci_ecams[ACPI_MCFG_MAX];
static unsigned pci_ecam_n;
static bool pci_conf1_ok;
static struct spinlock pci_conf1_lock = SPINLOCK_INIT("pci_conf1");

static uint32_t pci_all_ones(unsigned width)
{
	return width == 4 ? 0xFFFFFFFFu : (1u << (8 * width)) - 1;
}

static bool pci_off_ok(uint16_t off, unsigned width, unsigned limit)
{
	return (width == 1 || width == 2 || width == 4) && !(off & (width - 1)) && off + width <= limit;
}

static uint32_t conf1_read(struct pci_addr a, uint16_t off, unsigned width)
{
	uint32_t addr = 0x80000000u | (uint32_t)a.bus << 16 | (uint32_t)(a.dev & 31) << 11 |
			(uint32_t)(a.fn & 7) << 8 | (off & 0xFCu);
	uint64_t flags;
	uint32_t v;

	if (a.segment || !pci_off_ok(off, width, PCI_CONFIG_SIZE))
		return pci_all_ones(width);
	flags = spin_lock_irqsave(&pci_conf1_lock);
	outl(PCI_CONF1_ADDR, addr);
	if (width == 4)
		v = inl(PCI_CONF1_DATA);
	else if (width == 2)
		v = inw((uint16_t)(PCI_CONF1_DATA + (off & 2)));
	else
		v = inb((uint16_t)(PCI_CONF1_DATA + (off & 3)));
	spin_unlock_irqrestore(&pci_conf1_lock, flags);
	return v;
}

static void conf1_write(struct pci_addr a, uint16_t off, unsigned width, uint32_t v)
{
	uint32_t addr = 0x80000000u | (uint32_t)a.bus << 16 | (uint32_t)(a.dev & 31) << 11 |
			(uint32_t)(a.fn & 7) << 8 | (off & 0xFCu);
	uint64_t flags;

	if (a.segment || !pci_off_ok(off, width, PCI_CONFIG_SIZE))
		return;
	flags = spin_lock_irqsave(&pci_conf1_lock);
	outl(PCI_CONF1_ADDR, addr);
	if (width == 4)
		outl(PCI_CONF1_DATA, v);
	else if (width == 2)
		outw((uint16_t)(PCI_CONF1_DATA + (off & 2)), (uint16_t)v);
	else
		outb((uint16_t)(PCI_CONF1_DATA + (off & 3)), (uint8_t)v);
	spin_unlock_irqrestore(&pci_conf1_lock, flags);
}

static const struct pci_config_ops pci_conf1_ops = { "mechanism #1", conf1_read, conf1_write, PCI_CONFIG_SIZE };

static struct pci_ecam *pci_ecam_for(struct pci_addr a)
{
	for (unsigned i = 0; i < pci_ecam_n; i++) {
		struct pci_ecam *e = &pci_ecams[i];

		if (e->segment == a.segment && a.bus >= e->bus_start && a.bus <= e->bus_end)
			return e;
	}
	return NULL;
}

/* The function's 4 KiB, mapping its bus first when needed (and allowed here). */
static volatile uint8_t *ecam_function(struct pci_addr a)
{
	struct pci_ecam *e = pci_ecam_for(a);
	volatile uint8_t *bus;

	if (!e)
		return NULL;
	bus = __atomic_load_n(&e->bus_map[a.bus], __ATOMIC_ACQUIRE);
	if (!bus) {
		volatile uint8_t *expected = NULL;

		if (in_irq() || spinlock_held_count())
			return NULL;
		bus = pci_mmio_map(e->base + ((uint64_t)a.bus << 20), 1u << 20);
		if (!bus)
			return NULL;
		/* Boot is single-threaded here; a lost race only wastes window space. */
		if (!__atomic_compare_exchange_n(&e->bus_map[a.bus], &expected, bus, false, __ATOMIC_ACQ_REL,
						 __ATOMIC_ACQUIRE))
			bus = expected;
	}
	return bus + ((uint32_t)(a.dev & 31) << 15 | (uint32_t)(a.fn & 7) << 12);
}

static uint32_t ecam_read(struct pci_addr a, uint16_t off, unsigned width)
{
	volatile uint8_t *f;

	if (!pci_off_ok(off, width, PCI_CONFIG_SIZE_EXT) || !(f = ecam_function(a)))
		return pci_all_ones(width);
	if (width == 4)
		return *(volatile uint32_t *)(f + off);
	if (width == 2)
		return *(volatile uint16_t *)(f + off);
	return f[off];
}

static void ecam_write(struct pci_addr a, uint16_t off, unsigned width, uint32_t v)
{
	volatile uint8_t *f;

	if (!pci_off_ok(off, width, PCI_CONFIG_SIZE_EXT) || !(f = ecam_function(a)))
		return;
	if (width == 4)
		*(volatile uint32_t *)(f + off) = v;
	else if (width == 2)
		*(volatile uint16_t *)(f + off) = (uint16_t)v;
	else
		f[off] = (uint8_t)v;
}

static const struct pci_config_ops pci_ecam_ops = { "ECAM", ecam_read, ecam_write, PCI_CONFIG_SIZE_EXT };

const struct pci_config_ops *pci_config_ops_for(struct pci_addr a)
{
	if (pci_ecam_n && pci_ecam_for(a))
		return &pci_ecam_ops;
	if (pci_conf1_ok && a.segment == 0)
		return &pci_conf1_ops;
	return NULL;
}

unsigned pci_ecam_count(void)
{
	return pci_ecam_n;
}

static bool pci_conf1_probe(void)
{
	uint64_t flags = spin_lock_irqsave(&pci_conf1_lock);
	uint32_t saved = inl(PCI_CONF1_ADDR);
	bool ok;

	outl(PCI_CONF1_ADDR, 0x80000000u);
	ok = inl(PCI_CONF1_ADDR) == 0x80000000u;
	outl(PCI_CONF1_ADDR, saved);
	spin_unlock_irqrestore(&pci_conf1_lock, flags);
	return ok;
}

int pci_config_init(void)
{
	const struct acpi_info *ai = acpi_info_get();

	for (unsigned i = 0; ai && i < ai->mcfg_count && i < ACPI_MCFG_MAX; i++) {
		const struct acpi_mcfg_entry *m = &ai->mcfg[i];

		if (!m->base || m->base & 0xFFFFF || m->bus_end < m->bus_start) {
			pr_warn("pci", "MCFG entry %u (base 0x%llx, buses %u-%u) is malformed: ignored", i,
				(unsigned long long)m->base, m->bus_start, m->bus_end);
			continue;
		}
		pci_ecams[pci_ecam_n++] = (struct pci_ecam){ m->base, m->segment, m->bus_start, m->bus_end, { 0 } };
		pr_info("pci", "ECAM segment %u buses %02x-%02x at 0x%llx", m->segment, m->bus_start, m->bus_end,
			(unsigned long long)m->base);
	}
	pci_conf1_ok = pci_conf1_probe();
	if (!pci_ecam_n && !pci_conf1_ok)
		return -ENODEV;
	if (pci_conf1_ok)
		pr_info("pci", "configuration mechanism #1%s", pci_ecam_n ? " (buses outside the MCFG)" : "");
	return 0;
}

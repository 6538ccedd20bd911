/*
 * PCI BARs: sizing at enumeration (decode turned off while each BAR holds all ones, then the
 * original values and command register put back; the values decoded by pci_bar_decode, a BAR
 * that does not size skipped with a log line), and mapping (pci_bar_map): memory BARs mapped
 * uncached into the PCI window, a bump-allocated kernel-half region that ECAM buses also use;
 * I/O BARs give their port base. Mappings are made once and remembered per device and BAR.
 */
#include <keel/context.h>
#include <keel/errno.h>
#include <keel/log.h>
#include <keel/mm.h>
#include <keel/spinlock.h>

#include "drivers/pci_internal.h"
#include "drivers/pci_parse.h"

#define PCI_WINDOW_BASE 0xFFFFFC0000000000ull /* one PML4 slot (512 GiB) for PCI MMIO */
#define PCI_WINDOW_SIZE (512ull << 30)
#define PCI_BAR_MAP_MAX (256ull << 20)        /* larger BARs are not mapped whole */

struct pci_bar_mapping {
	const struct pci_dev *dev;
	unsigned bar;
	volatile uint8_t *va;
};

static uint64_t pci_window_next = PCI_WINDOW_BASE;
static struct spinlock pci_window_lock = SPINLOCK_INIT("pci_window");
static struct pci_bar_mapping pci_mappings[64];
static unsigned pci_mapping_n;
static struct spinlock pci_mapping_lock = SPINLOCK_INIT("pci_mappings");

volatile uint8_t *pci_mmio_map(uint64_t phys, uint64_t size)
{
	frame_range_t fr = frame_range_covering(paddr(phys), size);
	uint64_t len = fr.count * PAGE_SIZE, va, flags;
	int ret;

	if (!size || !paddr_valid(paddr(phys + size - 1)))
		return NULL;
	flags = spin_lock_irqsave(&pci_window_lock);
	va = pci_window_next;
	if (len > PCI_WINDOW_BASE + PCI_WINDOW_SIZE - va) {
		spin_unlock_irqrestore(&pci_window_lock, flags);
		pr_err("pci", "MMIO window full: 0x%llx (+0x%llx) not mapped", (unsigned long long)phys,
		       (unsigned long long)size);
		return NULL;
	}
	pci_window_next += len + PAGE_SIZE; /* an unmapped page between mappings */
	spin_unlock_irqrestore(&pci_window_lock, flags);
	ret = paging_map_range(page_range_covering(vaddr(va), len), fr.start, PAGE_WRITE | PAGE_NOCACHE);
	if (ret) {
		pr_err("pci", "mapping 0x%llx (+0x%llx) failed: %s", (unsigned long long)phys,
		       (unsigned long long)size, keel_strerror(ret));
		return NULL;
	}
	return (volatile uint8_t *)(uintptr_t)(va + (phys & (PAGE_SIZE - 1)));
}

void pci_bars_probe(struct pci_dev *d)
{
	unsigned nbars = d->header_type == PCI_HEADER_NORMAL ? 6 : d->header_type == PCI_HEADER_BRIDGE ? 2 : 0;
	uint16_t cmd = pci_read16(d, PCI_COMMAND);
	char a[16];

	pci_write16(d, PCI_COMMAND, (uint16_t)(cmd & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY)));
	for (unsigned i = 0; i < nbars;) {
		uint16_t reg = (uint16_t)(PCI_BAR0 + 4 * i);
		uint32_t orig = pci_read32(d, reg), sized, orig_hi = 0, sized_hi = 0;
		const char *why;
		unsigned used;
		int ret;

		pci_write32(d, reg, 0xFFFFFFFFu);
		sized = pci_read32(d, reg);
		pci_write32(d, reg, orig);
		if (!(orig & 1u) && ((orig >> 1) & 3u) == 2u && i + 1 < nbars) {
			orig_hi = pci_read32(d, (uint16_t)(reg + 4));
			pci_write32(d, (uint16_t)(reg + 4), 0xFFFFFFFFu);
			sized_hi = pci_read32(d, (uint16_t)(reg + 4));
			pci_write32(d, (uint16_t)(reg + 4), orig_hi);
		}
		ret = pci_bar_decode(orig, sized, orig_hi, sized_hi, i + 1 >= nbars, &d->bar[i], &used, &why);
		if (ret < 0)
			pr_warn("pci", "%s BAR%u (0x%08x, sized 0x%08x) skipped: %s",
				pci_addr_str(d->addr, a, sizeof(a)), i, orig, sized, why);
		else if (ret == 0 && d->bar[i].base == 0)
			pr_warn("pci", "%s BAR%u (%llu bytes) has no address assigned: not usable",
				pci_addr_str(d->addr, a, sizeof(a)), i, (unsigned long long)d->bar[i].size);
		i += used;
	}
	pci_write16(d, PCI_COMMAND, cmd);
}

/* Caller holds pci_mapping_lock. */
static volatile uint8_t *pci_mapping_find(const struct pci_dev *d, unsigned bar)
{
	spin_assert_held(&pci_mapping_lock);
	for (unsigned i = 0; i < pci_mapping_n; i++)
		if (pci_mappings[i].dev == d && pci_mappings[i].bar == bar)
			return pci_mappings[i].va;
	return NULL;
}

/* The mapping of (d, bar), made now if there is none. NULL when the table or window is full. */
static volatile uint8_t *pci_mapping_get(const struct pci_dev *d, unsigned bar)
{
	uint64_t flags = spin_lock_irqsave(&pci_mapping_lock);
	volatile uint8_t *va = pci_mapping_find(d, bar), *other;

	spin_unlock_irqrestore(&pci_mapping_lock, flags);
	if (va)
		return va;
	va = pci_mmio_map(d->bar[bar].base, d->bar[bar].size); /* not under the lock: it may allocate */
	if (!va)
		return NULL;
	flags = spin_lock_irqsave(&pci_mapping_lock);
	other = pci_mapping_find(d, bar);
	if (other) {
		va = other; /* a concurrent caller won; this window range stays unused */
	} else if (pci_mapping_n < sizeof(pci_mappings) / sizeof(pci_mappings[0])) {
		pci_mappings[pci_mapping_n++] = (struct pci_bar_mapping){ d, bar, va };
	} else {
		va = NULL;
		pr_err("pci", "more than %u BAR mappings", (unsigned)(sizeof(pci_mappings) / sizeof(pci_mappings[0])));
	}
	spin_unlock_irqrestore(&pci_mapping_lock, flags);
	return va;
}

int pci_bar_map(struct pci_dev *d, unsigned bar, struct pci_region *out)
{
	const struct pci_bar *b;
	volatile uint8_t *va;

	if (!d || bar >= PCI_BARS)
		return -EINVAL;
	b = &d->bar[bar];
	if (b->kind == PCI_BAR_NONE || !b->base || !b->size)
		return -ENOENT;
	*out = (struct pci_region){ b->kind, NULL, 0, b->size, b->base };
	if (b->kind == PCI_BAR_IO) {
		if (b->base + b->size > 0x10000)
			return -ERANGE;
		out->port = (uint16_t)b->base;
		pci_enable(d, PCI_ENABLE_IO);
		return 0;
	}
	if (b->size > PCI_BAR_MAP_MAX)
		return -E2BIG;
	ASSERT(context_can_sleep(0)); /* mapping allocates page tables: task context, no spinlock */
	va = pci_mapping_get(d, bar);
	if (!va)
		return -ENOMEM;
	out->mmio = va;
	pci_enable(d, PCI_ENABLE_MEMORY);
	return 0;
}

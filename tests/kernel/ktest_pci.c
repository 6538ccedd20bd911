/*
 * In-kernel tests of PCI. pci_core (every ktest run, QEMU pc): the table agrees with
 * configuration space, 00:00.0 is a host bridge, out-of-range and misaligned accesses read all
 * ones and drop writes, capability lookups match what enumeration noted, MSI lines are allocated
 * to exhaustion and given back with their errors. pci_edu_irqs (explicit: test_pci.py boots it
 * with QEMU's `edu` device): BAR mapping (uncached, once), the device's registers, then INTx and
 * MSI interrupts raised by the device 100 times each, counted by the handler, and silenced by
 * pci_irq_disable.
 */
#include <keel/errno.h>
#include <keel/irq.h>
#include <keel/ktest.h>
#include <keel/mm.h>
#include <keel/task.h>
#include <keel/time.h>
#include <string.h>

#include "drivers/pci.h"

KTEST(pci_core)
{
	struct pci_dev *host = pci_get(0);
	int lines[IRQ_MSI_LINES + 1];
	unsigned got = 0;
	char buf[16];
	int irq;

	KT_ASSERT(pci_count() > 0 && host);
	KT_EXPECT(host->addr.bus == 0 && host->addr.dev == 0 && host->addr.fn == 0);
	KT_EXPECT(host->class_code == PCI_CLASS_BRIDGE && host->subclass == PCI_SUBCLASS_BRIDGE_HOST);
	KT_EXPECT(strcmp(pci_addr_str(host->addr, buf, sizeof(buf)), "00:00.0") == 0);
	KT_EXPECT(strcmp(pci_addr_str((struct pci_addr){ 1, 2, 3, 4 }, buf, sizeof(buf)), "0001:02:03.4") == 0);
	for (unsigned i = 0; i < pci_count(); i++) {
		struct pci_dev *d = pci_get(i);
		unsigned vendor_caps = 0;

		KT_EXPECT_EQ(pci_read16(d, PCI_VENDOR_ID), d->vendor);
		KT_EXPECT_EQ(pci_read16(d, PCI_DEVICE_ID), d->device);
		KT_EXPECT_EQ(pci_find_cap(d, PCI_CAP_MSI, 0), d->msi_cap);
		KT_EXPECT_EQ(pci_find_cap(d, PCI_CAP_MSIX, 0), d->msix_cap);
		for (uint8_t c = pci_find_cap(d, PCI_CAP_VENDOR, 0); c; c = pci_find_cap(d, PCI_CAP_VENDOR, c))
			KT_ASSERT(++vendor_caps < 48);
		if (i > 0)
			KT_EXPECT(pci_get(i - 1)->addr.bus < d->addr.bus ||
				  (pci_get(i - 1)->addr.bus == d->addr.bus &&
				   (pci_get(i - 1)->addr.dev << 3 | pci_get(i - 1)->addr.fn) < (d->addr.dev << 3 | d->addr.fn)));
	}
	KT_EXPECT(pci_find(host->vendor, host->device, NULL) == host);
	KT_EXPECT(pci_find_class(PCI_CLASS_BRIDGE, PCI_SUBCLASS_BRIDGE_HOST, NULL) == host);
	KT_EXPECT(pci_find(0x0001, 0x0001, NULL) == NULL);
	/* Accesses the mechanism refuses: all ones, writes dropped. */
	KT_EXPECT_EQ(pci_cfg_read(host->addr, PCI_CONFIG_SIZE_EXT, 4), 0xFFFFFFFFu);
	KT_EXPECT_EQ(pci_cfg_read(host->addr, 0x01, 2), 0xFFFFu);
	KT_EXPECT_EQ(pci_cfg_read(host->addr, 0x02, 4), 0xFFFFFFFFu);
	KT_EXPECT_EQ(pci_cfg_read(host->addr, 0x00, 3), 0xFFFFFFu);
	pci_cfg_write(host->addr, PCI_CONFIG_SIZE_EXT, 4, 0);
	KT_EXPECT_EQ(pci_read16(host, PCI_VENDOR_ID), host->vendor);
	KT_EXPECT_EQ(pci_cfg_read((struct pci_addr){ 0x42, 0, 0, 0 }, 0, 4), 0xFFFFFFFFu); /* no such segment */
	/* The interrupt line register is read-write scratch for the OS: write, read back, restore. */
	pci_write8(host, PCI_INTERRUPT_LINE, 0x5A);
	KT_EXPECT_EQ(pci_read8(host, PCI_INTERRUPT_LINE), 0x5A);
	pci_write8(host, PCI_INTERRUPT_LINE, host->irq_line);
	KT_EXPECT_EQ(pci_irq_enable(NULL, PCI_IRQ_ANY, NULL, NULL), -EINVAL);
	{
		struct pci_region r;

		KT_EXPECT_EQ(pci_bar_map(host, PCI_BARS, &r), -EINVAL);
	}
	/* MSI lines: to exhaustion and back. */
	while (got <= IRQ_MSI_LINES && (irq = irq_msi_alloc()) >= 0) {
		KT_EXPECT(irq >= IRQ_MSI_FIRST && irq < IRQ_MSI_FIRST + IRQ_MSI_LINES);
		KT_EXPECT_EQ(irq_vector((unsigned)irq), IRQ_VECTOR_BASE + irq);
		lines[got++] = irq;
	}
	KT_EXPECT(got > 0 && got <= IRQ_MSI_LINES);
	KT_EXPECT_EQ(irq_msi_alloc(), -ENOSPC);
	KT_EXPECT_EQ(irq_msi_free(4), -EINVAL);
	KT_EXPECT_EQ(irq_msi_free(IRQ_MSI_FIRST + IRQ_MSI_LINES), -EINVAL);
	for (unsigned i = 0; i < got; i++)
		KT_EXPECT_EQ(irq_msi_free((unsigned)lines[i]), 0);
	KT_EXPECT_EQ(irq_msi_free((unsigned)lines[0]), -EINVAL); /* twice */
	irq = irq_msi_alloc();
	KT_EXPECT(irq >= 0);
	if (irq >= 0)
		KT_EXPECT_EQ(irq_msi_free((unsigned)irq), 0);
}

/* QEMU's edu device (hw/misc/edu.c, docs/specs/edu.rst). */
#define EDU_ID 0x00
#define EDU_LIVENESS 0x04
#define EDU_IRQ_STATUS 0x24
#define EDU_IRQ_RAISE 0x60
#define EDU_IRQ_ACK 0x64

struct edu_irq {
	struct pci_region r;
	unsigned calls, last_irq;
	uint32_t status_seen;
};

/* Context: IRQ. INTx may be shared: only a raised status is ours. */
static void edu_handler(unsigned irq, void *ctx)
{
	struct edu_irq *e = ctx;
	uint32_t st = pci_region_read32(&e->r, EDU_IRQ_STATUS);

	if (!st)
		return;
	pci_region_write32(&e->r, EDU_IRQ_ACK, st);
	e->status_seen |= st;
	e->last_irq = irq;
	__atomic_add_fetch(&e->calls, 1, __ATOMIC_RELEASE);
}

static bool edu_wait(struct edu_irq *e, unsigned want)
{
	uint64_t deadline = time_ns() + 2000000000ull; /* generous: TCG on a shared machine */

	while (__atomic_load_n(&e->calls, __ATOMIC_ACQUIRE) < want) {
		if (time_ns() > deadline)
			return false;
		task_sleep_ms(1);
	}
	return true;
}

/* Raise 100 interrupts one after another; each must reach the handler. */
static void edu_raise_100(struct edu_irq *e)
{
	unsigned start = e->calls;

	for (unsigned i = 0; i < 100; i++) {
		pci_region_write32(&e->r, EDU_IRQ_RAISE, 1u << (i % 8));
		if (!edu_wait(e, start + i + 1)) {
			KT_EXPECT_EQ(e->calls, start + i + 1);
			return;
		}
	}
	KT_EXPECT_EQ(e->status_seen, 0xFF);
}

/* A raise after pci_irq_disable must not reach the handler. */
static void edu_silent(struct edu_irq *e)
{
	unsigned before = e->calls;

	pci_region_write32(&e->r, EDU_IRQ_RAISE, 1);
	task_sleep_ms(20);
	KT_EXPECT_EQ(e->calls, before);
	pci_region_write32(&e->r, EDU_IRQ_ACK, 0xFFFFFFFFu);
}

KTEST_EXPLICIT(pci_edu_irqs)
{
	struct pci_dev *d = pci_find(0x1234, 0x11e8, NULL);
	struct edu_irq e = { 0 };
	struct pci_region again;
	struct irq_stats st;
	paddr_t pa;
	unsigned flags;

	KT_ASSERT(d);
	KT_ASSERT(pci_bar_map(d, 0, &e.r) == 0);
	KT_EXPECT(e.r.kind == PCI_BAR_MEM32 && e.r.size == (1u << 20) && e.r.mmio);
	KT_ASSERT(pci_bar_map(d, 0, &again) == 0);
	KT_EXPECT(again.mmio == e.r.mmio); /* mapped once */
	KT_ASSERT(paging_translate(vaddr((uint64_t)(uintptr_t)e.r.mmio), &pa, &flags) == 0);
	KT_EXPECT_EQ(pa.value, d->bar[0].base);
	KT_EXPECT(flags & PAGE_WRITE);
	KT_EXPECT(pci_read16(d, PCI_COMMAND) & PCI_COMMAND_MEMORY);
	KT_EXPECT_EQ(pci_region_read32(&e.r, EDU_ID) & 0xFFFF, 0x00ED);
	pci_region_write32(&e.r, EDU_LIVENESS, 0x12345678u);
	KT_EXPECT_EQ(pci_region_read32(&e.r, EDU_LIVENESS), ~0x12345678u);
	KT_EXPECT(d->msi_cap && pci_find_cap(d, PCI_CAP_MSI, 0) == d->msi_cap);
	KT_EXPECT(d->irq_pin == 1);

	/* INTx on the interrupt line register's line, through whichever controller runs. */
	KT_ASSERT(pci_irq_enable(d, PCI_IRQ_INTX, edu_handler, &e) == 0);
	KT_EXPECT(d->irq_mode == PCI_IRQ_INTX && d->irq == d->irq_line);
	KT_EXPECT_EQ(pci_irq_enable(d, PCI_IRQ_INTX, edu_handler, &e), -EBUSY);
	edu_raise_100(&e);
	KT_EXPECT_EQ(e.last_irq, d->irq_line);
	pci_irq_disable(d);
	KT_EXPECT(d->irq_mode == PCI_IRQ_NONE);
	KT_EXPECT(pci_read16(d, PCI_COMMAND) & PCI_COMMAND_INTX_DISABLE);
	edu_silent(&e);

	/* MSI: a vector of its own. */
	e.calls = 0;
	e.status_seen = 0;
	KT_ASSERT(pci_irq_enable(d, PCI_IRQ_MSI | PCI_IRQ_INTX, edu_handler, &e) == 0);
	KT_EXPECT(d->irq_mode == PCI_IRQ_MSI);
	KT_EXPECT(d->irq >= IRQ_MSI_FIRST && d->irq < IRQ_MSI_FIRST + IRQ_MSI_LINES);
	KT_EXPECT(pci_read16(d, PCI_COMMAND) & PCI_COMMAND_MASTER);
	edu_raise_100(&e);
	KT_EXPECT_EQ(e.last_irq, d->irq);
	KT_EXPECT(irq_get_stats(d->irq, &st) == 0 && st.count >= 100 && st.handlers == 1);
	KT_EXPECT_EQ(pci_msix_add(d, 1, edu_handler, &e, NULL), -EINVAL); /* not MSI-X */
	pci_irq_disable(d);
	edu_silent(&e);
	KT_EXPECT(irq_get_stats(IRQ_MSI_FIRST, &st) == 0 && st.handlers == 0);

	/* Asking for MSI-X alone: edu has none. */
	KT_EXPECT_EQ(pci_irq_enable(d, PCI_IRQ_MSIX, edu_handler, &e), -ENODEV);
}

static void msix_nop(unsigned irq, void *ctx)
{
	(void)irq;
	(void)ctx;
}

/* MSI-X table programming (explicit: test_pci.py runs it on q35, whose e1000e has MSI-X): entry
 * 0 and an added entry carry the local APIC's address and their own vectors, unmasked, with the
 * function enabled and not masked; disabling masks them and gives the lines back. Delivery is
 * not driven here (the device has no simple way to raise one). */
KTEST_EXPLICIT(pci_msix_table)
{
	struct pci_dev *d = NULL;
	volatile uint32_t *t;
	unsigned irq1 = 0;
	uint16_t ctrl;

	for (unsigned i = 0; i < pci_count() && !d; i++)
		if (pci_get(i)->msix_cap && pci_get(i)->msix_table_size >= 2 && !pci_get(i)->driver)
			d = pci_get(i);
	KT_ASSERT(d);
	KT_ASSERT(pci_irq_enable(d, PCI_IRQ_MSIX, msix_nop, NULL) == 0);
	KT_EXPECT(d->irq_mode == PCI_IRQ_MSIX && d->irq >= IRQ_MSI_FIRST);
	t = d->msix_table;
	KT_ASSERT(t);
	KT_EXPECT_EQ(t[0] & 0xFFF00000u, 0xFEE00000u);
	KT_EXPECT_EQ(t[1], 0);
	KT_EXPECT_EQ(t[2], irq_vector(d->irq));
	KT_EXPECT_EQ(t[3] & 1u, 0);
	KT_EXPECT_EQ(t[4 + 3] & 1u, 1); /* entry 1 still masked */
	ctrl = pci_read16(d, (uint16_t)(d->msix_cap + 2));
	KT_EXPECT((ctrl & 0x8000u) && !(ctrl & 0x4000u));
	KT_EXPECT(pci_read16(d, PCI_COMMAND) & PCI_COMMAND_INTX_DISABLE);
	KT_ASSERT(pci_msix_add(d, 1, msix_nop, NULL, &irq1) == 0);
	KT_EXPECT(irq1 != d->irq && irq1 >= IRQ_MSI_FIRST);
	KT_EXPECT_EQ(t[4 + 2], irq_vector(irq1));
	KT_EXPECT_EQ(t[4 + 3] & 1u, 0);
	KT_EXPECT_EQ(pci_msix_add(d, 1, msix_nop, NULL, NULL), -EEXIST);
	KT_EXPECT_EQ(pci_msix_add(d, 0, msix_nop, NULL, NULL), -EINVAL);
	KT_EXPECT_EQ(pci_msix_add(d, d->msix_table_size, msix_nop, NULL, NULL), -EINVAL);
	pci_irq_disable(d);
	KT_EXPECT(d->irq_mode == PCI_IRQ_NONE && d->msix_table == NULL);
	KT_EXPECT_EQ(t[3] & 1u, 1);
	KT_EXPECT_EQ(t[4 + 3] & 1u, 1);
	KT_EXPECT(!(pci_read16(d, (uint16_t)(d->msix_cap + 2)) & 0x8000u));
	{
		struct irq_stats st;

		KT_EXPECT(irq_get_stats(irq1, &st) == 0 && st.handlers == 0);
	}
}

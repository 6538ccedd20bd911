/*
 * PCI interrupts (pci_irq_enable and friends): MSI-X (table entries in a mapped BAR, each pointed
 * at a vector of its own: an IRQ-layer MSI line), MSI (one vector), or INTx through the interrupt
 * line register on the controller the platform chose (the 8259 or the I/O APIC; lines 0-15,
 * possibly shared). Messages go to the boot CPU's local APIC, fixed delivery, edge. ACPI _PRT
 * routing is out of scope: a line the firmware did not fill in (0 or 0xFF), or one above 15,
 * gives no INTx.
 */
#include <keel/errno.h>
#include <keel/log.h>

#include "drivers/lapic.h"
#include "drivers/pci_internal.h"
#include "drivers/platform.h"

#define MSI_CTRL 2
#define MSI_CTRL_ENABLE (1u << 0)
#define MSI_CTRL_MME_MASK (7u << 4)
#define MSI_CTRL_64BIT (1u << 7)
#define MSI_CTRL_PVM (1u << 8)
#define MSI_ADDR_LO 4
#define MSI_ADDR_HI 8

#define MSIX_CTRL 2
#define MSIX_CTRL_ENABLE (1u << 15)
#define MSIX_CTRL_MASKALL (1u << 14)
#define MSIX_TABLE 4
#define MSIX_ENTRY_SIZE 16
#define MSIX_VEC_CTRL_MASKED 1u

#define MSI_ADDR_BASE 0xFEE00000u

const char *pci_irq_mode_name(enum pci_irq_mode m)
{
	switch (m) {
	case PCI_IRQ_MSIX:
		return "MSI-X";
	case PCI_IRQ_MSI:
		return "MSI";
	case PCI_IRQ_INTX:
		return "INTx";
	default:
		return "none";
	}
}

static bool pci_msi_possible(void)
{
	return platform_get()->lapic && lapic_id() < 256;
}

static uint32_t pci_msi_addr(void)
{
	return MSI_ADDR_BASE | lapic_id() << 12;
}

/* Reserve an MSI line, and attach fn(ctx) when fn is given: the line, or a negative error. */
static int pci_msi_line(irq_handler_fn fn, void *ctx)
{
	int irq = irq_msi_alloc();
	int ret;

	if (irq < 0 || !fn)
		return irq;
	ret = irq_register((unsigned)irq, fn, ctx);
	if (ret) {
		irq_msi_free((unsigned)irq);
		return ret;
	}
	return irq;
}

static void pci_msi_line_free(unsigned irq, irq_handler_fn fn, void *ctx)
{
	if (fn)
		irq_unregister(irq, fn, ctx);
	irq_msi_free(irq);
}

static volatile uint32_t *msix_entry(struct pci_dev *d, unsigned entry)
{
	return d->msix_table + entry * (MSIX_ENTRY_SIZE / 4);
}

static void msix_program(struct pci_dev *d, unsigned entry, unsigned irq)
{
	volatile uint32_t *e = msix_entry(d, entry);

	e[3] = MSIX_VEC_CTRL_MASKED;
	e[0] = pci_msi_addr();
	e[1] = 0;
	e[2] = irq_vector(irq);
	e[3] = 0;
}

static int pci_msix_setup(struct pci_dev *d)
{
	uint16_t cap = d->msix_cap, ctrl = pci_read16(d, (uint16_t)(cap + MSIX_CTRL));
	uint32_t table = pci_read32(d, (uint16_t)(cap + MSIX_TABLE));
	unsigned bir = table & 7u;
	uint64_t off = table & ~7u;
	struct pci_region r;
	int irq, ret;

	if (bir >= PCI_BARS)
		return -ENODEV;
	ret = pci_bar_map(d, bir, &r);
	if (ret)
		return ret;
	if (r.kind == PCI_BAR_IO)
		return -ENODEV;
	if (off + (uint64_t)d->msix_table_size * MSIX_ENTRY_SIZE > r.size)
		return -ERANGE;
	d->msix_table = (volatile uint32_t *)(r.mmio + off);
	irq = pci_msi_line(NULL, NULL);
	if (irq < 0)
		return irq;
	/* Enabled with every vector masked by the function mask while entries change. */
	pci_write16(d, (uint16_t)(cap + MSIX_CTRL), (uint16_t)(ctrl | MSIX_CTRL_ENABLE | MSIX_CTRL_MASKALL));
	for (unsigned i = 0; i < d->msix_table_size; i++)
		msix_entry(d, i)[3] = MSIX_VEC_CTRL_MASKED;
	msix_program(d, 0, (unsigned)irq);
	d->msix_irqs[0] = (unsigned)irq;
	d->irq = (unsigned)irq;
	pci_enable(d, PCI_ENABLE_MASTER | PCI_COMMAND_INTX_DISABLE);
	pci_write16(d, (uint16_t)(cap + MSIX_CTRL), (uint16_t)((ctrl | MSIX_CTRL_ENABLE) & ~MSIX_CTRL_MASKALL));
	return 0;
}

static int pci_msi_setup(struct pci_dev *d)
{
	uint16_t cap = d->msi_cap, ctrl = pci_read16(d, (uint16_t)(cap + MSI_CTRL));
	bool is64 = (ctrl & MSI_CTRL_64BIT) != 0;
	int irq = pci_msi_line(NULL, NULL);

	if (irq < 0)
		return irq;
	pci_write16(d, (uint16_t)(cap + MSI_CTRL), (uint16_t)(ctrl & ~(MSI_CTRL_ENABLE | MSI_CTRL_MME_MASK)));
	pci_write32(d, (uint16_t)(cap + MSI_ADDR_LO), pci_msi_addr());
	if (is64)
		pci_write32(d, (uint16_t)(cap + MSI_ADDR_HI), 0);
	pci_write16(d, (uint16_t)(cap + (is64 ? 12 : 8)), irq_vector((unsigned)irq));
	if (ctrl & MSI_CTRL_PVM)
		pci_write32(d, (uint16_t)(cap + (is64 ? 16 : 12)), 0); /* mask bits: vector 0 unmasked */
	d->irq = (unsigned)irq;
	pci_enable(d, PCI_ENABLE_MASTER | PCI_COMMAND_INTX_DISABLE);
	pci_write16(d, (uint16_t)(cap + MSI_CTRL),
		    (uint16_t)((ctrl & ~MSI_CTRL_MME_MASK) | MSI_CTRL_ENABLE));
	return 0;
}

static int pci_intx_setup(struct pci_dev *d)
{
	if (!d->irq_pin || d->irq_line == 0 || d->irq_line >= IRQ_HW_LINES || !irq_chip())
		return -ENODEV;
	d->irq = d->irq_line;
	pci_disable(d, PCI_COMMAND_INTX_DISABLE);
	return 0;
}

int pci_irq_alloc(struct pci_dev *d, unsigned modes, unsigned *irq)
{
	int ret = -ENODEV;
	char a[16];

	if (!d)
		return -EINVAL;
	if (d->irq_mode != PCI_IRQ_NONE)
		return -EBUSY;
	if ((modes & PCI_IRQ_MSIX) && d->msix_cap && pci_msi_possible()) {
		ret = pci_msix_setup(d);
		if (ret == 0) {
			d->irq_mode = PCI_IRQ_MSIX;
			goto done;
		}
	}
	if ((modes & PCI_IRQ_MSI) && d->msi_cap && pci_msi_possible()) {
		ret = pci_msi_setup(d);
		if (ret == 0) {
			d->irq_mode = PCI_IRQ_MSI;
			goto done;
		}
	}
	if (modes & PCI_IRQ_INTX) {
		ret = pci_intx_setup(d);
		if (ret == 0) {
			d->irq_mode = PCI_IRQ_INTX;
			goto done;
		}
	}
	return ret;
done:
	pr_info("pci", "%s: %s on IRQ %u (vector %u)", pci_addr_str(d->addr, a, sizeof(a)),
		pci_irq_mode_name(d->irq_mode), d->irq, irq_vector(d->irq));
	if (irq)
		*irq = d->irq;
	return 0;
}

int pci_irq_enable(struct pci_dev *d, unsigned modes, irq_handler_fn fn, void *ctx)
{
	int ret;

	if (!d || !fn)
		return -EINVAL;
	ret = pci_irq_alloc(d, modes, NULL);
	if (ret)
		return ret;
	ret = irq_register(d->irq, fn, ctx);
	if (ret) {
		pci_irq_disable(d);
		return ret;
	}
	d->irq_fn[0] = fn;
	d->irq_ctx[0] = ctx;
	return 0;
}

int pci_msix_add(struct pci_dev *d, unsigned entry, irq_handler_fn fn, void *ctx, unsigned *irq_out)
{
	int irq;

	if (!d || !fn || d->irq_mode != PCI_IRQ_MSIX || entry == 0 || entry >= PCI_MSIX_VECTORS_MAX ||
	    entry >= d->msix_table_size)
		return -EINVAL;
	if (d->msix_irqs[entry])
		return -EEXIST;
	irq = pci_msi_line(fn, ctx);
	if (irq < 0)
		return irq;
	msix_program(d, entry, (unsigned)irq);
	d->msix_irqs[entry] = (unsigned)irq;
	d->irq_fn[entry] = fn;
	d->irq_ctx[entry] = ctx;
	if (irq_out)
		*irq_out = (unsigned)irq;
	return 0;
}

void pci_irq_disable(struct pci_dev *d)
{
	switch (d->irq_mode) {
	case PCI_IRQ_MSIX:
		for (unsigned i = 0; i < PCI_MSIX_VECTORS_MAX; i++) {
			if (!d->msix_irqs[i])
				continue;
			msix_entry(d, i)[3] = MSIX_VEC_CTRL_MASKED;
			pci_msi_line_free(d->msix_irqs[i], d->irq_fn[i], d->irq_ctx[i]);
			d->msix_irqs[i] = 0;
			d->irq_fn[i] = NULL;
		}
		pci_write16(d, (uint16_t)(d->msix_cap + MSIX_CTRL),
			    (uint16_t)(pci_read16(d, (uint16_t)(d->msix_cap + MSIX_CTRL)) & ~MSIX_CTRL_ENABLE));
		d->msix_table = NULL;
		break;
	case PCI_IRQ_MSI:
		pci_write16(d, (uint16_t)(d->msi_cap + MSI_CTRL),
			    (uint16_t)(pci_read16(d, (uint16_t)(d->msi_cap + MSI_CTRL)) & ~MSI_CTRL_ENABLE));
		pci_msi_line_free(d->irq, d->irq_fn[0], d->irq_ctx[0]);
		break;
	case PCI_IRQ_INTX:
		pci_enable(d, PCI_COMMAND_INTX_DISABLE);
		if (d->irq_fn[0])
			irq_unregister(d->irq, d->irq_fn[0], d->irq_ctx[0]);
		break;
	default:
		return;
	}
	d->irq_mode = PCI_IRQ_NONE;
	d->irq = 0;
	d->irq_fn[0] = NULL;
	d->irq_ctx[0] = NULL;
}

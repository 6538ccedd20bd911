/*
 * PCI (drivers/pci*.c): configuration space through an ops table (mechanism #1 ports 0xCF8/0xCFC,
 * or ECAM from the ACPI MCFG when there is one), the devices found at boot as plain-data
 * `struct pci_dev` records (every bus reached from the host bridges through PCI-PCI bridges, BARs
 * sized), BAR mapping (memory BARs mapped uncached through the paging API, I/O BARs as a port
 * base, both reached through struct pci_region accessors), the capabilities list, command-register
 * enables, and interrupts: MSI-X, then MSI, then INTx (the interrupt line register, through the
 * interrupt controller the platform chose), each delivered as an IRQ-layer line (keel/irq.h).
 * Drivers register statically with PCI_DRIVER(); after enumeration (MODULE_LEVEL_BUS) every
 * device is offered to the drivers whose match table names it, and the first probe that returns
 * 0 owns it. Configuration accessors may be called from any context once a device is enumerated.
 */
#ifndef KEEL_DRIVERS_PCI_H
#define KEEL_DRIVERS_PCI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <keel/compiler.h>
#include <keel/cpu.h>
#include <keel/irq.h>

/* Configuration space header (type 0 and common part). */
#define PCI_VENDOR_ID 0x00
#define PCI_DEVICE_ID 0x02
#define PCI_COMMAND 0x04
#define PCI_STATUS 0x06
#define PCI_REVISION 0x08
#define PCI_PROGIF 0x09
#define PCI_SUBCLASS 0x0A
#define PCI_CLASS 0x0B
#define PCI_HEADER_TYPE 0x0E
#define PCI_BAR0 0x10
#define PCI_SUBSYS_VENDOR 0x2C
#define PCI_SUBSYS_ID 0x2E
#define PCI_CAP_PTR 0x34
#define PCI_INTERRUPT_LINE 0x3C
#define PCI_INTERRUPT_PIN 0x3D
/* Type 1 (PCI-PCI bridge). */
#define PCI_PRIMARY_BUS 0x18
#define PCI_SECONDARY_BUS 0x19
#define PCI_SUBORDINATE_BUS 0x1A

#define PCI_COMMAND_IO (1u << 0)
#define PCI_COMMAND_MEMORY (1u << 1)
#define PCI_COMMAND_MASTER (1u << 2)
#define PCI_COMMAND_INTX_DISABLE (1u << 10)
#define PCI_STATUS_CAP_LIST (1u << 4)
#define PCI_STATUS_INTX (1u << 3)

#define PCI_HEADER_MULTIFUNCTION 0x80
#define PCI_HEADER_NORMAL 0
#define PCI_HEADER_BRIDGE 1
#define PCI_HEADER_CARDBUS 2

/* Capability IDs. */
#define PCI_CAP_PM 0x01
#define PCI_CAP_MSI 0x05
#define PCI_CAP_VENDOR 0x09
#define PCI_CAP_PCIE 0x10
#define PCI_CAP_MSIX 0x11

#define PCI_CLASS_BRIDGE 0x06
#define PCI_SUBCLASS_BRIDGE_HOST 0x00
#define PCI_SUBCLASS_BRIDGE_PCI 0x04
#define PCI_CLASS_COMM 0x07
#define PCI_SUBCLASS_COMM_SERIAL 0x00

#define PCI_BARS 6
#define PCI_CONFIG_SIZE 256       /* conventional configuration space */
#define PCI_CONFIG_SIZE_EXT 4096  /* PCI Express (ECAM only) */

/* A function's address: segment group, bus, device (0-31), function (0-7). */
struct pci_addr {
	uint16_t segment;
	uint8_t bus, dev, fn;
};

enum pci_bar_kind {
	PCI_BAR_NONE = 0, /* unimplemented, or did not size (skipped with a log line) */
	PCI_BAR_IO,
	PCI_BAR_MEM32,
	PCI_BAR_MEM64, /* occupies this BAR register and the next; the next is PCI_BAR_NONE */
};

struct pci_bar {
	enum pci_bar_kind kind;
	bool prefetchable;
	uint64_t base; /* bus address: a port number for PCI_BAR_IO */
	uint64_t size; /* bytes (ports for I/O); 0 with PCI_BAR_NONE */
};

enum pci_irq_mode {
	PCI_IRQ_NONE = 0,
	PCI_IRQ_INTX = 1u << 0,
	PCI_IRQ_MSI = 1u << 1,
	PCI_IRQ_MSIX = 1u << 2,
};
#define PCI_IRQ_ANY (PCI_IRQ_INTX | PCI_IRQ_MSI | PCI_IRQ_MSIX)
#define PCI_MSIX_VECTORS_MAX 8 /* MSI-X table entries one device may have set up */

struct pci_driver;

/* One function found at boot. Plain data: read it freely; change it only through pci_*(). */
struct pci_dev {
	struct pci_addr addr;
	uint16_t vendor, device;
	uint16_t subsys_vendor, subsys_device;
	uint8_t class_code, subclass, progif, revision;
	uint8_t header_type; /* PCI_HEADER_* (the multifunction bit cleared) */
	bool multifunction;
	uint8_t irq_line; /* interrupt line register (0xFF: none) */
	uint8_t irq_pin;  /* 0: none, 1-4: INTA-INTD */
	struct pci_bar bar[PCI_BARS];
	uint8_t secondary_bus, subordinate_bus; /* bridges only */
	uint8_t msi_cap, msix_cap;              /* capability offsets, 0 when absent */
	uint16_t msix_table_size;               /* entries in the MSI-X table */

	/* Interrupt state (pci_irq_enable / pci_irq_disable). */
	enum pci_irq_mode irq_mode;
	unsigned irq; /* the IRQ-layer line of vector 0 (MSI-X entry 0, MSI, or INTx) */
	unsigned msix_irqs[PCI_MSIX_VECTORS_MAX]; /* IRQ-layer line per MSI-X entry, 0 unused */
	irq_handler_fn irq_fn[PCI_MSIX_VECTORS_MAX];
	void *irq_ctx[PCI_MSIX_VECTORS_MAX];
	volatile uint32_t *msix_table; /* mapped MSI-X table while MSI-X is on */

	const struct pci_driver *driver; /* the driver that owns it, or NULL */
	void *driver_data;
};

/* ---- Configuration space access ---- */

/* A configuration mechanism. Offsets are aligned to the width; reads of absent functions return
 * all ones; out-of-range offsets read all ones and writes are dropped. */
struct pci_config_ops {
	const char *name;
	uint32_t (*read)(struct pci_addr a, uint16_t off, unsigned width);
	void (*write)(struct pci_addr a, uint16_t off, unsigned width, uint32_t v);
	uint16_t config_size; /* PCI_CONFIG_SIZE or PCI_CONFIG_SIZE_EXT */
};

/* The mechanism chosen at boot (ECAM when the MCFG covers the segment/bus, else mechanism #1). */
const struct pci_config_ops *pci_config_ops_for(struct pci_addr a);

static inline uint32_t pci_cfg_read(struct pci_addr a, uint16_t off, unsigned width)
{
	const struct pci_config_ops *o = pci_config_ops_for(a);

	return o ? o->read(a, off, width) : (width == 4 ? 0xFFFFFFFFu : (1u << (8 * width)) - 1);
}

static inline void pci_cfg_write(struct pci_addr a, uint16_t off, unsigned width, uint32_t v)
{
	const struct pci_config_ops *o = pci_config_ops_for(a);

	if (o)
		o->write(a, off, width, v);
}

static inline uint8_t pci_read8(const struct pci_dev *d, uint16_t off)
{
	return (uint8_t)pci_cfg_read(d->addr, off, 1);
}

static inline uint16_t pci_read16(const struct pci_dev *d, uint16_t off)
{
	return (uint16_t)pci_cfg_read(d->addr, off & (uint16_t)~1u, 2);
}

static inline uint32_t pci_read32(const struct pci_dev *d, uint16_t off)
{
	return pci_cfg_read(d->addr, off & (uint16_t)~3u, 4);
}

static inline void pci_write8(const struct pci_dev *d, uint16_t off, uint8_t v)
{
	pci_cfg_write(d->addr, off, 1, v);
}

static inline void pci_write16(const struct pci_dev *d, uint16_t off, uint16_t v)
{
	pci_cfg_write(d->addr, off & (uint16_t)~1u, 2, v);
}

static inline void pci_write32(const struct pci_dev *d, uint16_t off, uint32_t v)
{
	pci_cfg_write(d->addr, off & (uint16_t)~3u, 4, v);
}

/* ---- Devices found at boot ---- */

unsigned pci_count(void);
/* Device i in enumeration order (bus, device, function order along the bridge tree), or NULL. */
struct pci_dev *pci_get(unsigned i);
/* The next device after `from` (NULL: from the start) with this vendor and device (PCI_ANY_ID
 * matches any), or NULL. */
#define PCI_ANY_ID 0xFFFFu
struct pci_dev *pci_find(uint16_t vendor, uint16_t device, const struct pci_dev *from);
/* The next device after `from` with this class and subclass (0xFF: any subclass), or NULL. */
struct pci_dev *pci_find_class(uint8_t class_code, uint8_t subclass, const struct pci_dev *from);
/* "00:1f.3" (segment shown when non-zero: "0001:00:1f.3"); buf holds at least 16 bytes. */
const char *pci_addr_str(struct pci_addr a, char *buf, size_t len);

/* ---- Capabilities ---- */

/* Offset of the first capability with `id` after the one at `start` (0: from the head of the
 * list), or 0 when there is none. Hardened: loops, pointers into the header or past the
 * configuration space, and over-long lists end the walk. For repeated ids (virtio's vendor caps):
 *   for (uint8_t c = pci_find_cap(d, PCI_CAP_VENDOR, 0); c; c = pci_find_cap(d, PCI_CAP_VENDOR, c))
 */
uint8_t pci_find_cap(const struct pci_dev *d, uint8_t id, uint8_t start);

/* ---- Enables ---- */

#define PCI_ENABLE_IO PCI_COMMAND_IO
#define PCI_ENABLE_MEMORY PCI_COMMAND_MEMORY
#define PCI_ENABLE_MASTER PCI_COMMAND_MASTER
/* Set these command-register bits (decode and bus mastering); the others are kept. */
void pci_enable(struct pci_dev *d, uint16_t bits);
void pci_disable(struct pci_dev *d, uint16_t bits);

/* ---- BARs ---- */

/* A mapped BAR: MMIO (uncached mapping) or I/O ports, reached through pci_region_read/write*. */
struct pci_region {
	enum pci_bar_kind kind; /* PCI_BAR_IO, PCI_BAR_MEM32 or PCI_BAR_MEM64 */
	volatile uint8_t *mmio; /* memory BARs */
	uint16_t port;          /* I/O BARs */
	uint64_t size;
	uint64_t phys;          /* the BAR's bus address */
};

/* Map BAR `bar` of d: memory BARs are mapped uncached into the kernel's PCI window (once: a
 * second call returns the same mapping), I/O BARs give their port base. Enables the matching
 * decode bit. 0; -EINVAL for a bad index, -ENOENT for an unimplemented or unsized BAR, -ENOMEM
 * when the window is full, -ERANGE for an I/O BAR above port 0xFFFF. Context: task (boot). */
int pci_bar_map(struct pci_dev *d, unsigned bar, struct pci_region *out);

static inline bool pci_region_is_io(const struct pci_region *r)
{
	return r->kind == PCI_BAR_IO;
}

static inline uint8_t pci_region_read8(const struct pci_region *r, uint64_t off)
{
	return pci_region_is_io(r) ? inb((uint16_t)(r->port + off)) : *(volatile uint8_t *)(r->mmio + off);
}

static inline uint16_t pci_region_read16(const struct pci_region *r, uint64_t off)
{
	return pci_region_is_io(r) ? inw((uint16_t)(r->port + off)) : *(volatile uint16_t *)(r->mmio + off);
}

static inline uint32_t pci_region_read32(const struct pci_region *r, uint64_t off)
{
	return pci_region_is_io(r) ? inl((uint16_t)(r->port + off)) : *(volatile uint32_t *)(r->mmio + off);
}

static inline void pci_region_write8(const struct pci_region *r, uint64_t off, uint8_t v)
{
	if (pci_region_is_io(r))
		outb((uint16_t)(r->port + off), v);
	else
		*(volatile uint8_t *)(r->mmio + off) = v;
}

static inline void pci_region_write16(const struct pci_region *r, uint64_t off, uint16_t v)
{
	if (pci_region_is_io(r))
		outw((uint16_t)(r->port + off), v);
	else
		*(volatile uint16_t *)(r->mmio + off) = v;
}

static inline void pci_region_write32(const struct pci_region *r, uint64_t off, uint32_t v)
{
	if (pci_region_is_io(r))
		outl((uint16_t)(r->port + off), v);
	else
		*(volatile uint32_t *)(r->mmio + off) = v;
}

/* ---- Interrupts ---- */

/* Give d an interrupt for `fn(irq, ctx)`: the first of MSI-X (table entry 0), MSI (one vector),
 * INTx that `modes` allows and the device and platform offer. MSI-X and MSI get a vector of their
 * own (an IRQ-layer MSI line, keel/irq.h); INTx uses the interrupt line register's line, which
 * may be shared: the handler must check its device. Turns bus mastering on for MSI/MSI-X, clears
 * or sets INTx disable as needed. 0 (d->irq_mode and d->irq say what was chosen); -EBUSY when
 * d already has one; -ENODEV when nothing allowed is offered (no LAPIC for MSI, no valid line
 * or no controller for INTx); -ENOSPC when MSI lines ran out; others from the IRQ layer.
 * Context: task. */
int pci_irq_enable(struct pci_dev *d, unsigned modes, irq_handler_fn fn, void *ctx);
/* The same choice and programming, without attaching a handler: *irq (may be NULL) gets the
 * IRQ-layer line, for the caller to attach with irq_register() or a deferred IRQ (dirq). The
 * device may already signal: attach before enabling its interrupt sources. Same errors. */
int pci_irq_alloc(struct pci_dev *d, unsigned modes, unsigned *irq);
/* With MSI-X on: point table entry `entry` (1..PCI_MSIX_VECTORS_MAX-1, < msix_table_size) at a
 * vector of its own running fn(irq, ctx); *irq (may be NULL) gets its line. -EINVAL without
 * MSI-X or for a bad entry, -EEXIST for an entry set up already, -ENOSPC. Context: task. */
int pci_msix_add(struct pci_dev *d, unsigned entry, irq_handler_fn fn, void *ctx, unsigned *irq);
/* Undo pci_irq_enable or pci_irq_alloc (and every pci_msix_add); a handler the caller attached
 * to a pci_irq_alloc line must be detached first. */
void pci_irq_disable(struct pci_dev *d);
/* "MSI-X", "MSI", "INTx" or "none". */
const char *pci_irq_mode_name(enum pci_irq_mode m);

/* ---- Drivers ---- */

/* A match entry: vendor/device (PCI_ANY_ID: any) and the 24-bit class code
 * (class << 16 | subclass << 8 | progif) under class_mask (0: any class). */
struct pci_match {
	uint16_t vendor, device;
	uint32_t class_code, class_mask;
};

#define PCI_MATCH_ID(v, d) { (v), (d), 0, 0 }
#define PCI_MATCH_CLASS(c, s) { PCI_ANY_ID, PCI_ANY_ID, ((uint32_t)(c) << 16) | ((uint32_t)(s) << 8), 0xFFFF00u }
#define PCI_MATCH_END { 0, 0, 0, 0 }

struct pci_driver {
	const char *name;
	const struct pci_match *ids; /* ended by PCI_MATCH_END (vendor 0) */
	/* Take the device: 0 claims it (the driver may set d->driver_data); -ENODEV declines and
	 * the next driver is asked; any other error is logged and the device stays unclaimed.
	 * Context: task, at MODULE_LEVEL_DRIVER during boot. */
	int (*probe)(struct pci_dev *d, const struct pci_match *m);
};

_Static_assert(sizeof(const struct pci_driver *) == 8, "table entries are 8-byte pointers");

/* Register `drv` (a struct pci_driver) statically: a pointer in section .pcidrv.<name>. */
#define PCI_DRIVER(dname, drv) \
	static const struct pci_driver *const pci_driver_ptr_##dname KEEL_USED KEEL_ALIGNED(8) \
		KEEL_SECTION(".pcidrv." #dname) = &(drv)

/* The match entry of `ids` that d satisfies, or NULL. Plain C (host-tested). */
const struct pci_match *pci_match_device(const struct pci_match *ids, const struct pci_dev *d);

/* Class code in words ("serial controller", "SCSI storage controller", ...). */
const char *pci_class_name(uint8_t class_code, uint8_t subclass);

#endif /* KEEL_DRIVERS_PCI_H */

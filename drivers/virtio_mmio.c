/*
 * virtio-mmio transport module (see virtio_mmio.h): at DRIVER level, before the file systems
 * probe the block devices, it reads the virtio_mmio.device= words of the command line, falls
 * back to the DSDT's LNRO0005 devices when there are none, checks each window (magic, version
 * 2 = virtio 1.x; version 1 is legacy and refused with a message, device id 0 is an empty
 * slot), and attaches the device to the virtio core with the window's GSI as its interrupt.
 * The windows are below 4 GiB on every VMM that uses them and reached through the direct map;
 * one beyond it is mapped uncached through the paging API.
 */
#include <keel/acpi_tables.h>
#include <keel/cmdline.h>
#include <keel/errno.h>
#include <keel/format.h>
#include <keel/heap.h>
#include <keel/log.h>
#include <keel/mm.h>
#include <keel/module.h>
#include <string.h>

#include "drivers/virtio.h"
#include "drivers/virtio_mmio.h"
#include "kernel/core/boot.h"

#define VMMIO_MAGIC 0x000
#define VMMIO_VERSION 0x004
#define VMMIO_DEVICE_ID 0x008
#define VMMIO_VENDOR_ID 0x00c
#define VMMIO_DEVICE_FEATURES 0x010
#define VMMIO_DEVICE_FEATURES_SEL 0x014
#define VMMIO_DRIVER_FEATURES 0x020
#define VMMIO_DRIVER_FEATURES_SEL 0x024
#define VMMIO_QUEUE_SEL 0x030
#define VMMIO_QUEUE_NUM_MAX 0x034
#define VMMIO_QUEUE_NUM 0x038
#define VMMIO_QUEUE_READY 0x044
#define VMMIO_QUEUE_NOTIFY 0x050
#define VMMIO_INTERRUPT_STATUS 0x060
#define VMMIO_INTERRUPT_ACK 0x064
#define VMMIO_STATUS 0x070
#define VMMIO_QUEUE_DESC_LOW 0x080
#define VMMIO_QUEUE_DESC_HIGH 0x084
#define VMMIO_QUEUE_DRIVER_LOW 0x090
#define VMMIO_QUEUE_DRIVER_HIGH 0x094
#define VMMIO_QUEUE_DEVICE_LOW 0x0a0
#define VMMIO_QUEUE_DEVICE_HIGH 0x0a4
#define VMMIO_CONFIG_GENERATION 0x0fc
#define VMMIO_CONFIG 0x100

#define VMMIO_MAGIC_VALUE 0x74726976u /* "virt" */

struct vmmio {
	struct virtio_dev dev;
	volatile uint8_t *regs;
	struct virtio_mmio_loc loc;
};

static inline uint32_t vmmio_rd(const struct vmmio *m, unsigned off)
{
	return *(volatile uint32_t *)(m->regs + off);
}

static inline void vmmio_wr(struct vmmio *m, unsigned off, uint32_t v)
{
	*(volatile uint32_t *)(m->regs + off) = v;
}

static struct vmmio *vmmio_of(struct virtio_dev *d)
{
	return d->transport;
}

static uint8_t vmmio_get_status(struct virtio_dev *d)
{
	return (uint8_t)vmmio_rd(vmmio_of(d), VMMIO_STATUS);
}

static void vmmio_set_status(struct virtio_dev *d, uint8_t s)
{
	vmmio_wr(vmmio_of(d), VMMIO_STATUS, s);
}

static uint64_t vmmio_get_features(struct virtio_dev *d)
{
	struct vmmio *m = vmmio_of(d);
	uint64_t f;

	vmmio_wr(m, VMMIO_DEVICE_FEATURES_SEL, 1);
	f = (uint64_t)vmmio_rd(m, VMMIO_DEVICE_FEATURES) << 32;
	vmmio_wr(m, VMMIO_DEVICE_FEATURES_SEL, 0);
	return f | vmmio_rd(m, VMMIO_DEVICE_FEATURES);
}

static void vmmio_set_features(struct virtio_dev *d, uint64_t f)
{
	struct vmmio *m = vmmio_of(d);

	vmmio_wr(m, VMMIO_DRIVER_FEATURES_SEL, 1);
	vmmio_wr(m, VMMIO_DRIVER_FEATURES, (uint32_t)(f >> 32));
	vmmio_wr(m, VMMIO_DRIVER_FEATURES_SEL, 0);
	vmmio_wr(m, VMMIO_DRIVER_FEATURES, (uint32_t)f);
}

static uint32_t vmmio_config_generation(struct virtio_dev *d)
{
	return vmmio_rd(vmmio_of(d), VMMIO_CONFIG_GENERATION);
}

/* Config space accesses of the field's own width (the spec allows 8/16/32-bit reads). */
static void vmmio_read_config(struct virtio_dev *d, unsigned off, void *buf, unsigned len)
{
	struct vmmio *m = vmmio_of(d);
	uint8_t *p = buf;

	for (unsigned i = 0; i < len;) {
		volatile uint8_t *r = m->regs + VMMIO_CONFIG + off + i;

		if (len - i >= 4 && !((off + i) & 3)) {
			uint32_t v = *(volatile uint32_t *)r;

			memcpy(p + i, &v, 4);
			i += 4;
		} else if (len - i >= 2 && !((off + i) & 1)) {
			uint16_t v = *(volatile uint16_t *)r;

			memcpy(p + i, &v, 2);
			i += 2;
		} else {
			p[i++] = *r;
		}
	}
}

static void vmmio_write_config(struct virtio_dev *d, unsigned off, const void *buf, unsigned len)
{
	struct vmmio *m = vmmio_of(d);
	const uint8_t *p = buf;

	for (unsigned i = 0; i < len; i++)
		m->regs[VMMIO_CONFIG + off + i] = p[i];
}

static uint16_t vmmio_queue_max(struct virtio_dev *d, unsigned index)
{
	struct vmmio *m = vmmio_of(d);
	uint32_t max;

	vmmio_wr(m, VMMIO_QUEUE_SEL, index);
	if (vmmio_rd(m, VMMIO_QUEUE_READY))
		return 0; /* already in use: not ours to set up */
	max = vmmio_rd(m, VMMIO_QUEUE_NUM_MAX);
	return max > 0xFFFF ? 0xFFFF : (uint16_t)max;
}

static int vmmio_queue_enable(struct virtio_dev *d, unsigned index, uint16_t size, uint64_t desc,
			      uint64_t avail, uint64_t used)
{
	struct vmmio *m = vmmio_of(d);

	vmmio_wr(m, VMMIO_QUEUE_SEL, index);
	vmmio_wr(m, VMMIO_QUEUE_NUM, size);
	vmmio_wr(m, VMMIO_QUEUE_DESC_LOW, (uint32_t)desc);
	vmmio_wr(m, VMMIO_QUEUE_DESC_HIGH, (uint32_t)(desc >> 32));
	vmmio_wr(m, VMMIO_QUEUE_DRIVER_LOW, (uint32_t)avail);
	vmmio_wr(m, VMMIO_QUEUE_DRIVER_HIGH, (uint32_t)(avail >> 32));
	vmmio_wr(m, VMMIO_QUEUE_DEVICE_LOW, (uint32_t)used);
	vmmio_wr(m, VMMIO_QUEUE_DEVICE_HIGH, (uint32_t)(used >> 32));
	vmmio_wr(m, VMMIO_QUEUE_READY, 1);
	return vmmio_rd(m, VMMIO_QUEUE_READY) == 1 ? 0 : -EIO;
}

static void vmmio_notify(struct virtio_dev *d, unsigned index)
{
	vmmio_wr(vmmio_of(d), VMMIO_QUEUE_NOTIFY, index);
}

static uint32_t vmmio_ack_interrupt(struct virtio_dev *d)
{
	struct vmmio *m = vmmio_of(d);
	uint32_t isr = vmmio_rd(m, VMMIO_INTERRUPT_STATUS);

	if (isr)
		vmmio_wr(m, VMMIO_INTERRUPT_ACK, isr);
	return isr;
}

static const struct virtio_transport_ops vmmio_ops = {
	.get_status = vmmio_get_status,
	.set_status = vmmio_set_status,
	.get_features = vmmio_get_features,
	.set_features = vmmio_set_features,
	.config_generation = vmmio_config_generation,
	.read_config = vmmio_read_config,
	.write_config = vmmio_write_config,
	.queue_max = vmmio_queue_max,
	.queue_enable = vmmio_queue_enable,
	.notify = vmmio_notify,
	.ack_interrupt = vmmio_ack_interrupt,
};

/* Reach a window: the direct map below 4 GiB, else an uncached mapping of its own. */
static volatile uint8_t *vmmio_map(const struct virtio_mmio_loc *loc)
{
	if (loc->base + loc->size <= (4ull << 30))
		return phys_ptr(paddr(loc->base));
	pr_warn("virtio-mmio", "window at 0x%llx is above 4 GiB: not supported", (unsigned long long)loc->base);
	return NULL;
}

static int vmmio_probe(const struct virtio_mmio_loc *loc, const char *source)
{
	struct vmmio *m;
	uint32_t magic, version;
	volatile uint8_t *regs = vmmio_map(loc);

	if (!regs)
		return -ENODEV;
	magic = *(volatile uint32_t *)(regs + VMMIO_MAGIC);
	version = *(volatile uint32_t *)(regs + VMMIO_VERSION);
	if (magic != VMMIO_MAGIC_VALUE) {
		pr_warn("virtio-mmio", "0x%llx (%s): no virtio-mmio device (magic 0x%08x)",
			(unsigned long long)loc->base, source, magic);
		return -ENODEV;
	}
	if (*(volatile uint32_t *)(regs + VMMIO_DEVICE_ID) == 0)
		return -ENODEV; /* an empty transport slot */
	if (version != 2) {
		pr_err("virtio-mmio", "0x%llx: %s virtio-mmio device (version %u, type %u): only virtio 1.x "
		       "(version 2) is supported; with QEMU use -global virtio-mmio.force-legacy=false",
		       (unsigned long long)loc->base, version == 1 ? "legacy" : "unknown", version,
		       *(volatile uint32_t *)(regs + VMMIO_DEVICE_ID));
		return -EOPNOTSUPP;
	}
	m = kzalloc(sizeof(*m));
	if (!m)
		return -ENOMEM;
	m->regs = regs;
	m->loc = *loc;
	m->dev.ops = &vmmio_ops;
	m->dev.transport = m;
	m->dev.device_id = vmmio_rd(m, VMMIO_DEVICE_ID);
	m->dev.vendor_id = vmmio_rd(m, VMMIO_VENDOR_ID);
	keel_snprintf(m->dev.name, sizeof(m->dev.name), "virtio-mmio@0x%llx", (unsigned long long)loc->base);
	pr_info("virtio-mmio", "%s: device type %u, GSI %u (from %s)", m->dev.name, m->dev.device_id, loc->irq,
		source);
	m->dev.gsi = (int)loc->irq; /* the driver's probe calls virtio_setup_irq() */
	m->dev.gsi_level = loc->level;
	m->dev.gsi_active_low = loc->active_low;
	if (virtio_attach(&m->dev) != 0) {
		/* the device stays reset; its state is small and kept for nothing else to reuse */
		kfree(m);
		return -ENODEV;
	}
	return 0;
}

unsigned virtio_mmio_from_dsdt(struct virtio_mmio_loc *out, unsigned max)
{
	const struct acpi_info *ai = acpi_info_get();
	const struct acpi_table_ref *t = ai ? acpi_table_find(ai, "DSDT") : NULL;

	if (!t || !t->ok || t->length < 36 || t->phys >= (4ull << 30) || t->length > (4ull << 30) - t->phys)
		return 0;
	return virtio_mmio_scan_aml((const uint8_t *)phys_ptr(paddr(t->phys)) + 36, t->length - 36, out, max);
}

static void vmmio_bad_word(void *ctx, const char *word, size_t len, const char *why)
{
	(void)ctx;
	pr_warn("virtio-mmio", "ignoring \"%.*s\": %s", (int)(len > 80 ? 80 : len), word, why);
}

static int vmmio_init(void)
{
	struct virtio_mmio_loc locs[VIRTIO_MMIO_MAX];
	unsigned n = virtio_mmio_parse_cmdline(cmdline_get(), locs, VIRTIO_MMIO_MAX, vmmio_bad_word, NULL);
	const char *source = "command line";
	unsigned found = 0;

	if (n == 0) {
		n = virtio_mmio_from_dsdt(locs, VIRTIO_MMIO_MAX);
		source = "ACPI DSDT";
	}
	for (unsigned i = 0; i < n; i++)
		if (vmmio_probe(&locs[i], source) == 0)
			found++;
	return found ? 0 : -ENODEV;
}

MODULE_INIT_DEFERRED(virtio_mmio, DRIVER, vmmio_init);

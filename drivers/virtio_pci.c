/*
 * virtio-pci transport (virtio 1.x section 4.1, the modern layout): a PCI_DRIVER for vendor
 * 0x1AF4 devices 0x1000-0x107F whose vendor capabilities (0x09) locate the common config,
 * notify, ISR and device config structures in their BARs. Transitional devices are driven
 * through those modern structures; a device without them (legacy-only) is refused with a
 * message. Interrupts: MSI-X when offered (one vector for the queues and config changes), else
 * INTx through the interrupt line the PCI layer routes (a shared line: the ISR read says whether
 * it was ours); without either, the core polls.
 */
#include <keel/errno.h>
#include <keel/format.h>
#include <keel/heap.h>
#include <keel/log.h>
#include <string.h>

#include "drivers/pci.h"
#include "drivers/virtio.h"

#define VPCI_VENDOR 0x1AF4
#define VPCI_CAP_COMMON 1
#define VPCI_CAP_NOTIFY 2
#define VPCI_CAP_ISR 3
#define VPCI_CAP_DEVICE 4

/* Common configuration structure offsets. */
#define VPCI_DFSELECT 0x00
#define VPCI_DF 0x04
#define VPCI_GFSELECT 0x08
#define VPCI_GF 0x0C
#define VPCI_MSIX_CONFIG 0x10
#define VPCI_NUM_QUEUES 0x12
#define VPCI_STATUS 0x14
#define VPCI_CFG_GENERATION 0x15
#define VPCI_Q_SELECT 0x16
#define VPCI_Q_SIZE 0x18
#define VPCI_Q_MSIX 0x1A
#define VPCI_Q_ENABLE 0x1C
#define VPCI_Q_NOFF 0x1E
#define VPCI_Q_DESC 0x20
#define VPCI_Q_DRIVER 0x28
#define VPCI_Q_DEVICE 0x30
#define VPCI_COMMON_MIN 0x38
#define VPCI_NO_VECTOR 0xFFFF

/* One structure: a window of a mapped BAR. */
struct vpci_win {
	struct pci_region r;
	uint64_t off, len;
	bool present;
};

struct vpci {
	struct virtio_dev dev;
	struct pci_dev *pci;
	struct vpci_win common, notify, isr, device;
	uint32_t notify_mult;
	uint64_t queue_notify[VIRTIO_MAX_QUEUES]; /* offsets in the notify window */
	bool msix;
};

static struct vpci *vpci_of(struct virtio_dev *d)
{
	return d->transport;
}

static uint8_t c_rd8(struct vpci *v, unsigned o)
{
	return pci_region_read8(&v->common.r, v->common.off + o);
}

static uint16_t c_rd16(struct vpci *v, unsigned o)
{
	return pci_region_read16(&v->common.r, v->common.off + o);
}

static uint32_t c_rd32(struct vpci *v, unsigned o)
{
	return pci_region_read32(&v->common.r, v->common.off + o);
}

static void c_wr8(struct vpci *v, unsigned o, uint8_t x)
{
	pci_region_write8(&v->common.r, v->common.off + o, x);
}

static void c_wr16(struct vpci *v, unsigned o, uint16_t x)
{
	pci_region_write16(&v->common.r, v->common.off + o, x);
}

static void c_wr32(struct vpci *v, unsigned o, uint32_t x)
{
	pci_region_write32(&v->common.r, v->common.off + o, x);
}

static void c_wr64(struct vpci *v, unsigned o, uint64_t x)
{
	c_wr32(v, o, (uint32_t)x);
	c_wr32(v, o + 4, (uint32_t)(x >> 32));
}

static uint8_t vpci_get_status(struct virtio_dev *d)
{
	return c_rd8(vpci_of(d), VPCI_STATUS);
}

static void vpci_set_status(struct virtio_dev *d, uint8_t s)
{
	c_wr8(vpci_of(d), VPCI_STATUS, s);
}

static uint64_t vpci_get_features(struct virtio_dev *d)
{
	struct vpci *v = vpci_of(d);
	uint64_t f;

	c_wr32(v, VPCI_DFSELECT, 1);
	f = (uint64_t)c_rd32(v, VPCI_DF) << 32;
	c_wr32(v, VPCI_DFSELECT, 0);
	return f | c_rd32(v, VPCI_DF);
}

static void vpci_set_features(struct virtio_dev *d, uint64_t f)
{
	struct vpci *v = vpci_of(d);

	c_wr32(v, VPCI_GFSELECT, 1);
	c_wr32(v, VPCI_GF, (uint32_t)(f >> 32));
	c_wr32(v, VPCI_GFSELECT, 0);
	c_wr32(v, VPCI_GF, (uint32_t)f);
}

static uint32_t vpci_config_generation(struct virtio_dev *d)
{
	return c_rd8(vpci_of(d), VPCI_CFG_GENERATION);
}

/* Device config reads of natural width; reads past the window give zeros. */
static void vpci_read_config(struct virtio_dev *d, unsigned off, void *buf, unsigned len)
{
	struct vpci *v = vpci_of(d);
	uint8_t *p = buf;

	for (unsigned i = 0; i < len;) {
		uint64_t o = v->device.off + off + i;

		if (!v->device.present || (uint64_t)off + i >= v->device.len) {
			p[i++] = 0;
		} else if (len - i >= 4 && !((off + i) & 3) && off + i + 4 <= v->device.len) {
			uint32_t x = pci_region_read32(&v->device.r, o);

			memcpy(p + i, &x, 4);
			i += 4;
		} else if (len - i >= 2 && !((off + i) & 1) && off + i + 2 <= v->device.len) {
			uint16_t x = pci_region_read16(&v->device.r, o);

			memcpy(p + i, &x, 2);
			i += 2;
		} else {
			p[i++] = pci_region_read8(&v->device.r, o);
		}
	}
}

static void vpci_write_config(struct virtio_dev *d, unsigned off, const void *buf, unsigned len)
{
	struct vpci *v = vpci_of(d);
	const uint8_t *p = buf;

	for (unsigned i = 0; i < len && v->device.present && (uint64_t)off + i < v->device.len; i++)
		pci_region_write8(&v->device.r, v->device.off + off + i, p[i]);
}

static uint16_t vpci_queue_max(struct virtio_dev *d, unsigned index)
{
	struct vpci *v = vpci_of(d);

	if (index >= c_rd16(v, VPCI_NUM_QUEUES))
		return 0;
	c_wr16(v, VPCI_Q_SELECT, (uint16_t)index);
	if (c_rd16(v, VPCI_Q_ENABLE))
		return 0;
	return c_rd16(v, VPCI_Q_SIZE);
}

static int vpci_queue_enable(struct virtio_dev *d, unsigned index, uint16_t size, uint64_t desc,
			     uint64_t avail, uint64_t used)
{
	struct vpci *v = vpci_of(d);
	uint64_t noff;

	c_wr16(v, VPCI_Q_SELECT, (uint16_t)index);
	c_wr16(v, VPCI_Q_SIZE, size);
	c_wr64(v, VPCI_Q_DESC, desc);
	c_wr64(v, VPCI_Q_DRIVER, avail);
	c_wr64(v, VPCI_Q_DEVICE, used);
	if (v->msix) {
		c_wr16(v, VPCI_Q_MSIX, 0);
		if (c_rd16(v, VPCI_Q_MSIX) != 0) {
			pr_err("virtio-pci", "%s: queue %u refused MSI-X vector 0", d->name, index);
			return -EIO;
		}
	}
	noff = (uint64_t)c_rd16(v, VPCI_Q_NOFF) * v->notify_mult;
	if (noff + 2 > v->notify.len) {
		pr_err("virtio-pci", "%s: queue %u notify offset 0x%llx outside the notify window (%llu bytes)",
		       d->name, index, (unsigned long long)noff, (unsigned long long)v->notify.len);
		return -EIO;
	}
	v->queue_notify[index] = noff;
	c_wr16(v, VPCI_Q_ENABLE, 1);
	return c_rd16(v, VPCI_Q_ENABLE) == 1 ? 0 : -EIO;
}

static void vpci_notify(struct virtio_dev *d, unsigned index)
{
	struct vpci *v = vpci_of(d);

	pci_region_write16(&v->notify.r, v->notify.off + v->queue_notify[index], (uint16_t)index);
}

/* Reading the ISR clears it (and deasserts INTx). */
static uint32_t vpci_ack_interrupt(struct virtio_dev *d)
{
	struct vpci *v = vpci_of(d);

	return v->isr.present ? pci_region_read8(&v->isr.r, v->isr.off) : 0;
}

/* Context: IRQ. */
static void vpci_msix_irq(unsigned irq, void *ctx)
{
	struct vpci *v = ctx;

	(void)irq;
	virtio_interrupt(&v->dev, VIRTIO_ISR_QUEUE | VIRTIO_ISR_CONFIG); /* one vector for both */
}

/* Context: IRQ; the line may be shared, so only a non-zero ISR is ours. */
static void vpci_intx_irq(unsigned irq, void *ctx)
{
	struct vpci *v = ctx;
	uint32_t isr = vpci_ack_interrupt(&v->dev);

	(void)irq;
	if (isr)
		virtio_interrupt(&v->dev, isr);
}

static int vpci_setup_irq(struct virtio_dev *d)
{
	struct vpci *v = vpci_of(d);
	int ret;

	if (v->msix) /* chosen at probe time, before the queues took vector 0 */
		return (int)v->pci->irq;
	ret = pci_irq_enable(v->pci, PCI_IRQ_INTX, vpci_intx_irq, v);
	if (ret)
		return ret;
	pr_info("virtio-pci", "%s: INTx on IRQ %u", d->name, v->pci->irq);
	return (int)v->pci->irq;
}

static void vpci_release_irq(struct virtio_dev *d)
{
	pci_irq_disable(vpci_of(d)->pci);
}

static const struct virtio_transport_ops vpci_ops = {
	.get_status = vpci_get_status,
	.set_status = vpci_set_status,
	.get_features = vpci_get_features,
	.set_features = vpci_set_features,
	.config_generation = vpci_config_generation,
	.read_config = vpci_read_config,
	.write_config = vpci_write_config,
	.queue_max = vpci_queue_max,
	.queue_enable = vpci_queue_enable,
	.notify = vpci_notify,
	.ack_interrupt = vpci_ack_interrupt,
	.setup_irq = vpci_setup_irq,
	.release_irq = vpci_release_irq,
};

/* Map the structure a vendor capability at `cap` describes (the first one of each type wins,
 * as the spec asks). false when the capability is malformed (logged). */
static bool vpci_cap(struct vpci *v, uint8_t cap)
{
	struct pci_dev *p = v->pci;
	uint8_t len = pci_read8(p, cap + 2), type = pci_read8(p, cap + 3), bar = pci_read8(p, cap + 4);
	uint32_t off = pci_read32(p, cap + 8), wlen = pci_read32(p, cap + 12);
	struct vpci_win *w;

	switch (type) {
	case VPCI_CAP_COMMON: w = &v->common; break;
	case VPCI_CAP_NOTIFY: w = &v->notify; break;
	case VPCI_CAP_ISR: w = &v->isr; break;
	case VPCI_CAP_DEVICE: w = &v->device; break;
	default: return true; /* PCI config access and others: not needed */
	}
	if (w->present)
		return true;
	if (len < 16 || bar >= PCI_BARS || (type == VPCI_CAP_NOTIFY && len < 20)) {
		pr_warn("virtio-pci", "%s: malformed capability at 0x%02x (length %u, BAR %u); ignored",
			v->dev.name, cap, len, bar);
		return false;
	}
	if (pci_bar_map(p, bar, &w->r) != 0 || (uint64_t)off + wlen > w->r.size || wlen == 0) {
		pr_warn("virtio-pci", "%s: capability type %u: window 0x%x+0x%x outside BAR %u; ignored",
			v->dev.name, type, off, wlen, bar);
		return false;
	}
	w->off = off;
	w->len = wlen;
	w->present = true;
	if (type == VPCI_CAP_NOTIFY)
		v->notify_mult = pci_read32(p, cap + 16);
	return true;
}

static int vpci_probe(struct pci_dev *p, const struct pci_match *m)
{
	struct vpci *v;
	char where[16];
	int ret;

	(void)m;
	if (p->device < 0x1000 || p->device > 0x107F)
		return -ENODEV;
	v = kzalloc(sizeof(*v));
	if (!v)
		return -ENOMEM;
	v->pci = p;
	v->dev.ops = &vpci_ops;
	v->dev.transport = v;
	v->dev.gsi = -1;
	v->dev.vendor_id = p->subsys_vendor;
	/* modern ids are 0x1040 + type; transitional ones carry the type in the subsystem id */
	v->dev.device_id = p->device >= 0x1040 ? p->device - 0x1040u : p->subsys_device;
	keel_snprintf(v->dev.name, sizeof(v->dev.name), "virtio-pci@%s", pci_addr_str(p->addr, where, sizeof(where)));
	for (uint8_t c = pci_find_cap(p, PCI_CAP_VENDOR, 0); c; c = pci_find_cap(p, PCI_CAP_VENDOR, c))
		vpci_cap(v, c);
	if (!v->common.present || !v->notify.present || !v->isr.present || v->common.len < VPCI_COMMON_MIN) {
		pr_err("virtio-pci", "%s: legacy-only virtio device (%04x:%04x, type %u): no virtio 1.x capabilities; "
		       "not supported (with QEMU: disable-legacy=on or a PCIe slot)", v->dev.name, p->vendor, p->device,
		       v->dev.device_id);
		ret = -EOPNOTSUPP;
		goto free_v;
	}
	pci_enable(p, PCI_ENABLE_MEMORY | PCI_ENABLE_MASTER);
	if (p->msix_cap && pci_irq_enable(p, PCI_IRQ_MSIX, vpci_msix_irq, v) == 0) {
		c_wr16(v, VPCI_MSIX_CONFIG, 0);
		v->msix = c_rd16(v, VPCI_MSIX_CONFIG) == 0;
		if (!v->msix) {
			pr_warn("virtio-pci", "%s: device refused MSI-X vector 0; using INTx", v->dev.name);
			pci_irq_disable(p);
		} else {
			pr_info("virtio-pci", "%s: MSI-X on IRQ %u", v->dev.name, p->irq);
		}
	}
	pr_info("virtio-pci", "%s: device type %u (%04x:%04x)", v->dev.name, v->dev.device_id, p->vendor, p->device);
	ret = virtio_attach(&v->dev);
	if (ret)
		goto irq_off;
	p->driver_data = v;
	return 0;

irq_off:
	pci_irq_disable(p); /* a no-op when nothing was enabled */
free_v:
	kfree(v);
	return ret;
}

static const struct pci_match vpci_ids[] = {
	PCI_MATCH_ID(VPCI_VENDOR, PCI_ANY_ID),
	PCI_MATCH_END,
};

static const struct pci_driver vpci_driver = {
	.name = "virtio-pci",
	.ids = vpci_ids,
	.probe = vpci_probe,
};

PCI_DRIVER(virtio_pci, vpci_driver);

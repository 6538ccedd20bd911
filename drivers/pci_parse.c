/*
 * Plain-C PCI parsing (drivers/pci_parse.h): the capability-list walker hardened against what a
 * broken or hostile device can put in configuration space (loops, pointers into the header,
 * capabilities cut off by the end of the space, endless lists), BAR decoding after sizing, the
 * driver match rule and class names. Host-tested and fuzzed: nothing here touches hardware.
 */
#include <stdbool.h>
#include <stddef.h>

#include <keel/errno.h>

#include "drivers/pci_parse.h"

unsigned pci_cap_min_len(uint8_t id)
{
	switch (id) {
	case PCI_CAP_PM:
		return 8;
	case PCI_CAP_MSI:
		return 10; /* 32-bit address form; the 64-bit form is checked by its users */
	case PCI_CAP_VENDOR:
		return 3; /* id, next, length: the length byte gives the rest */
	case PCI_CAP_PCIE:
		return 20;
	case PCI_CAP_MSIX:
		return 12;
	default:
		return 2;
	}
}

/* Length of the capability at `off` as far as the walker checks it. */
static unsigned pci_cap_len(const struct pci_caps_src *s, uint8_t id, uint8_t off)
{
	unsigned len = pci_cap_min_len(id);

	if (id == PCI_CAP_VENDOR && off + 2u < PCI_CONFIG_SIZE) {
		unsigned vlen = s->read8(s->ctx, (uint16_t)(off + 2));

		if (vlen < 3)
			return PCI_CONFIG_SIZE; /* shorter than its own header: treated as truncated */
		len = vlen;
	}
	return len;
}

int pci_caps_walk(const struct pci_caps_src *s, void (*fn)(void *user, uint8_t id, uint8_t off), void *user)
{
	uint8_t seen[PCI_CONFIG_SIZE / 4 / 8] = { 0 };
	uint16_t status = (uint16_t)(s->read8(s->ctx, PCI_STATUS) | s->read8(s->ctx, PCI_STATUS + 1) << 8);
	unsigned off, count = 0;

	if (status == 0xFFFF || !(status & PCI_STATUS_CAP_LIST))
		return 0;
	off = s->read8(s->ctx, PCI_CAP_PTR) & 0xFCu;
	while (off) {
		uint8_t id;

		if (off < 0x40)
			return -ERANGE;
		if (seen[off / 32] & (1u << (off / 4 % 8)) || count >= PCI_CAPS_MAX)
			return -ELOOP;
		seen[off / 32] |= (uint8_t)(1u << (off / 4 % 8));
		id = s->read8(s->ctx, (uint16_t)off);
		if (off + pci_cap_len(s, id, (uint8_t)off) > PCI_CONFIG_SIZE)
			return -EINVAL;
		if (fn)
			fn(user, id, (uint8_t)off);
		count++;
		off = s->read8(s->ctx, (uint16_t)(off + 1)) & 0xFCu;
	}
	return (int)count;
}

struct pci_caps_search {
	uint8_t id, start, found;
	bool past_start;
};

static void pci_caps_search_fn(void *user, uint8_t id, uint8_t off)
{
	struct pci_caps_search *q = user;

	if (q->found)
		return;
	if (!q->past_start) {
		q->past_start = off == q->start;
		return;
	}
	if (id == q->id)
		q->found = off;
}

uint8_t pci_caps_find(const struct pci_caps_src *s, uint8_t id, uint8_t start)
{
	struct pci_caps_search q = { id, start, 0, start == 0 };

	(void)pci_caps_walk(s, pci_caps_search_fn, &q);
	return q.found;
}

static bool pci_is_pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

int pci_bar_decode(uint32_t orig, uint32_t sized, uint32_t orig_hi, uint32_t sized_hi, bool last,
		   struct pci_bar *out, unsigned *used, const char **why)
{
	uint64_t mask, size;

	*out = (struct pci_bar){ PCI_BAR_NONE, false, 0, 0 };
	*used = 1;
	*why = NULL;
	if (orig == 0xFFFFFFFFu || sized == 0xFFFFFFFFu) {
		*why = "reads all ones";
		return -EINVAL;
	}
	if (sized == 0) {
		if (orig == 0)
			return 1; /* unimplemented */
		*why = "sizes to zero";
		return -EINVAL;
	}
	if ((orig ^ sized) & 1u) {
		*why = "changes kind while sized";
		return -EINVAL;
	}
	if (orig & 1u) { /* I/O */
		mask = sized & 0xFFFFFFFCu;
		if (!(mask >> 16))
			mask |= 0xFFFF0000u; /* 16-bit decoder: upper bits hardwired to zero */
		size = (uint64_t)(uint32_t)(~(uint32_t)mask + 1u);
		if (!pci_is_pow2(size) || size > 0x10000) {
			*why = "I/O size mask is not contiguous";
			return -EINVAL;
		}
		*out = (struct pci_bar){ PCI_BAR_IO, false, orig & 0xFFFFFFFCu, size };
		return 0;
	}
	switch ((orig >> 1) & 3u) {
	case 0:
	case 1: /* below 1 MiB (PCI 2.x): a 32-bit BAR */
		if (((sized >> 1) & 3u) != ((orig >> 1) & 3u)) {
			*why = "changes type while sized";
			return -EINVAL;
		}
		mask = sized & 0xFFFFFFF0u;
		size = (uint64_t)(uint32_t)(~(uint32_t)mask + 1u);
		if (!mask || !pci_is_pow2(size)) {
			*why = "memory size mask is not contiguous";
			return -EINVAL;
		}
		*out = (struct pci_bar){ PCI_BAR_MEM32, (orig & 8u) != 0, orig & 0xFFFFFFF0u, size };
		return 0;
	case 2:
		if (last) {
			*why = "64-bit BAR in the last slot";
			return -ERANGE;
		}
		*used = 2;
		if (((sized >> 1) & 3u) != 2u) {
			*why = "changes type while sized";
			return -EINVAL;
		}
		mask = ((uint64_t)sized_hi << 32) | (sized & 0xFFFFFFF0u);
		size = ~mask + 1u;
		if (!(mask & ~0xFull) || !pci_is_pow2(size)) {
			*why = "memory size mask is not contiguous";
			return -EINVAL;
		}
		*out = (struct pci_bar){ PCI_BAR_MEM64, (orig & 8u) != 0,
					 ((uint64_t)orig_hi << 32) | (orig & 0xFFFFFFF0u), size };
		return 0;
	default:
		*why = "reserved memory type";
		return -EINVAL;
	}
}

const struct pci_match *pci_match_device(const struct pci_match *ids, const struct pci_dev *d)
{
	uint32_t cls = (uint32_t)d->class_code << 16 | (uint32_t)d->subclass << 8 | d->progif;

	for (const struct pci_match *m = ids; m && m->vendor; m++) {
		if (m->vendor != PCI_ANY_ID && m->vendor != d->vendor)
			continue;
		if (m->device != PCI_ANY_ID && m->device != d->device)
			continue;
		if ((cls & m->class_mask) != (m->class_code & m->class_mask))
			continue;
		return m;
	}
	return NULL;
}

struct pci_class_entry {
	uint8_t class_code, subclass; /* subclass 0xFF: the class's generic name */
	const char *name;
};

static const struct pci_class_entry pci_classes[] = {
	{ 0x00, 0xFF, "unclassified device" },
	{ 0x00, 0x01, "VGA-compatible unclassified device" },
	{ 0x01, 0xFF, "mass storage controller" },
	{ 0x01, 0x00, "SCSI storage controller" },
	{ 0x01, 0x01, "IDE interface" },
	{ 0x01, 0x05, "ATA controller" },
	{ 0x01, 0x06, "SATA controller" },
	{ 0x01, 0x07, "serial attached SCSI controller" },
	{ 0x01, 0x08, "non-volatile memory controller" },
	{ 0x02, 0xFF, "network controller" },
	{ 0x02, 0x00, "Ethernet controller" },
	{ 0x03, 0xFF, "display controller" },
	{ 0x03, 0x00, "VGA compatible controller" },
	{ 0x04, 0xFF, "multimedia controller" },
	{ 0x04, 0x01, "multimedia audio controller" },
	{ 0x04, 0x03, "audio device" },
	{ 0x05, 0xFF, "memory controller" },
	{ 0x06, 0xFF, "bridge" },
	{ 0x06, 0x00, "host bridge" },
	{ 0x06, 0x01, "ISA bridge" },
	{ 0x06, 0x04, "PCI bridge" },
	{ 0x06, 0x80, "bridge" },
	{ 0x07, 0xFF, "communication controller" },
	{ 0x07, 0x00, "serial controller" },
	{ 0x07, 0x01, "parallel controller" },
	{ 0x07, 0x80, "communication controller" },
	{ 0x08, 0xFF, "system peripheral" },
	{ 0x08, 0x05, "SD host controller" },
	{ 0x09, 0xFF, "input device controller" },
	{ 0x0C, 0xFF, "serial bus controller" },
	{ 0x0C, 0x03, "USB controller" },
	{ 0x0C, 0x05, "SMBus" },
	{ 0x0D, 0xFF, "wireless controller" },
	{ 0x10, 0xFF, "encryption controller" },
	{ 0x11, 0xFF, "signal processing controller" },
	{ 0xFF, 0xFF, "unassigned class" },
};

const char *pci_class_name(uint8_t class_code, uint8_t subclass)
{
	const char *generic = "unknown class";

	for (size_t i = 0; i < sizeof(pci_classes) / sizeof(pci_classes[0]); i++) {
		if (pci_classes[i].class_code != class_code)
			continue;
		if (pci_classes[i].subclass == subclass)
			return pci_classes[i].name;
		if (pci_classes[i].subclass == 0xFF)
			generic = pci_classes[i].name;
	}
	return generic;
}

/* Up to `max_digits` hex digits ending at a non-hex character: the value, or -1. */
static long pci_hex(const char **sp, unsigned max_digits)
{
	const char *s = *sp;
	long v = 0;
	unsigned n = 0;

	for (;; s++, n++) {
		int d = *s >= '0' && *s <= '9' ? *s - '0' : *s >= 'a' && *s <= 'f' ? *s - 'a' + 10 :
			*s >= 'A' && *s <= 'F' ? *s - 'A' + 10 : -1;

		if (d < 0)
			break;
		if (n == max_digits)
			return -1;
		v = v * 16 + d;
	}
	if (n == 0)
		return -1;
	*sp = s;
	return v;
}

int pci_addr_parse(const char *s, struct pci_addr *a, bool *all_fns)
{
	long f[3];
	unsigned n = 0;

	*a = (struct pci_addr){ 0, 0, 0, 0 };
	*all_fns = true;
	for (;;) {
		if (n == 3)
			return -EINVAL;
		f[n] = pci_hex(&s, 4);
		if (f[n++] < 0)
			return -EINVAL;
		if (*s != ':')
			break;
		s++;
	}
	if (n < 2)
		return -EINVAL;
	if (*s == '.') {
		const char *t = ++s;
		long fn = pci_hex(&s, 1);

		if (fn < 0 || fn > 7 || s != t + 1)
			return -EINVAL;
		a->fn = (uint8_t)fn;
		*all_fns = false;
	}
	if (*s)
		return -EINVAL;
	if (n == 3) {
		a->segment = (uint16_t)f[0];
		f[0] = f[1];
		f[1] = f[2];
	}
	if (f[0] > 0xFF || f[1] > 0x1F)
		return -EINVAL;
	a->bus = (uint8_t)f[0];
	a->dev = (uint8_t)f[1];
	return 0;
}

const char *pci_cap_name(uint8_t id)
{
	switch (id) {
	case PCI_CAP_PM:
		return "power management";
	case 0x03:
		return "VPD";
	case PCI_CAP_MSI:
		return "MSI";
	case PCI_CAP_VENDOR:
		return "vendor";
	case 0x0D:
		return "bridge subsystem";
	case PCI_CAP_PCIE:
		return "PCI Express";
	case PCI_CAP_MSIX:
		return "MSI-X";
	case 0x12:
		return "SATA";
	case 0x13:
		return "advanced features";
	default:
		return NULL;
	}
}

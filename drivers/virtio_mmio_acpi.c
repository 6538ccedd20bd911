/*
 * virtio-mmio devices in ACPI AML: the LNRO0005 devices QEMU microvm describes in its DSDT
 * (Name (_HID, "LNRO0005") then Name (_CRS, ResourceTemplate { Memory32Fixed, Interrupt })).
 * Not an AML interpreter: a bounded scan for the _HID string, then for the first _CRS buffer
 * after it (before the next LNRO0005), whose resource descriptors are walked within the buffer
 * and the ACPI table. Plain C, host-tested (tests/unit/test_virtio_mmio.c) and fuzzed: the
 * table is firmware input, so every length is checked against what is left.
 * virtio_mmio_from_dsdt(), the kernel side, is in virtio_mmio.c.
 */
#include <stdbool.h>
#include <string.h>

#include "drivers/virtio_mmio.h"

#define AML_NAME_OP 0x08
#define AML_STRING_PREFIX 0x0D
#define AML_BUFFER_OP 0x11
#define AML_BYTE_PREFIX 0x0A
#define AML_WORD_PREFIX 0x0B
#define AML_DWORD_PREFIX 0x0C
#define RES_MEMORY32_FIXED 0x86
#define RES_EXT_IRQ 0x89
#define RES_END_TAG 0x79
#define VMMIO_CRS_WINDOW 512 /* bytes after the _HID in which its _CRS must start */

static const uint8_t aml_hid[] = { AML_STRING_PREFIX, 'L', 'N', 'R', 'O', '0', '0', '0', '5', 0 };
static const uint8_t aml_crs[] = { AML_NAME_OP, '_', 'C', 'R', 'S', AML_BUFFER_OP };

static size_t aml_find(const uint8_t *a, size_t from, size_t to, const uint8_t *pat, size_t plen)
{
	for (size_t i = from; i + plen <= to; i++)
		if (memcmp(a + i, pat, plen) == 0)
			return i;
	return to;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* A PkgLength at a[*i..end): its value, *i moved past it; false when malformed. */
static bool aml_pkglen(const uint8_t *a, size_t end, size_t *i, size_t *out)
{
	uint8_t lead;
	unsigned extra;
	size_t v;

	if (*i >= end)
		return false;
	lead = a[*i];
	extra = lead >> 6;
	if (*i + 1 + extra > end)
		return false;
	if (extra == 0) {
		v = lead & 0x3F;
	} else {
		if (lead & 0x30)
			return false; /* bits 4-5 must be zero in multi-byte encodings */
		v = lead & 0x0F;
		for (unsigned k = 0; k < extra; k++)
			v |= (size_t)a[*i + 1 + k] << (4 + 8 * k);
	}
	*i += 1 + extra;
	*out = v;
	return true;
}

/* Parse the _CRS buffer whose BufferOp is at a[i]; true and *loc when it has both a
 * Memory32Fixed window and an extended interrupt. */
static bool aml_crs_parse(const uint8_t *a, size_t len, size_t i, struct virtio_mmio_loc *loc)
{
	size_t pkg_start = i + 1, p = pkg_start, pkg, end, blen;
	bool have_mem = false, have_irq = false;

	if (!aml_pkglen(a, len, &p, &pkg) || pkg < p - pkg_start || pkg > len - pkg_start)
		return false;
	end = pkg_start + pkg;
	if (p >= end)
		return false;
	switch (a[p]) { /* the buffer size */
	case AML_BYTE_PREFIX:
		if (p + 2 > end)
			return false;
		blen = a[p + 1];
		p += 2;
		break;
	case AML_WORD_PREFIX:
		if (p + 3 > end)
			return false;
		blen = (size_t)a[p + 1] | (size_t)a[p + 2] << 8;
		p += 3;
		break;
	case AML_DWORD_PREFIX:
		if (p + 5 > end)
			return false;
		blen = le32(a + p + 1);
		p += 5;
		break;
	default:
		return false;
	}
	if (blen < end - p)
		end = p + blen;
	while (p < end) {
		uint8_t tag = a[p];
		size_t dlen;

		if (tag == RES_END_TAG)
			break;
		if (!(tag & 0x80)) { /* small descriptor: length in bits 0-2 */
			p += 1 + (tag & 7u);
			continue;
		}
		if (p + 3 > end)
			return false;
		dlen = (size_t)a[p + 1] | (size_t)a[p + 2] << 8;
		if (dlen > end - p - 3)
			return false;
		if (tag == RES_MEMORY32_FIXED && dlen >= 9 && !have_mem) {
			loc->base = le32(a + p + 4);
			loc->size = le32(a + p + 8);
			have_mem = true;
		} else if (tag == RES_EXT_IRQ && dlen >= 6 && a[p + 4] >= 1 && !have_irq) {
			loc->level = !(a[p + 3] & 0x02);     /* flags bit 1: edge-triggered */
			loc->active_low = (a[p + 3] & 0x04) != 0;
			loc->irq = le32(a + p + 5);
			have_irq = true;
		}
		p += 3 + dlen;
	}
	return have_mem && have_irq && loc->size >= VIRTIO_MMIO_MIN_SIZE && !(loc->base & 3);
}

unsigned virtio_mmio_scan_aml(const uint8_t *aml, size_t len, struct virtio_mmio_loc *out, unsigned max)
{
	unsigned n = 0;
	size_t i = 0;

	if (!aml)
		return 0;
	while (n < max && (i = aml_find(aml, i, len, aml_hid, sizeof(aml_hid))) < len) {
		size_t next = aml_find(aml, i + sizeof(aml_hid), len, aml_hid, sizeof(aml_hid));
		size_t limit = i + sizeof(aml_hid) + VMMIO_CRS_WINDOW;
		size_t crs = aml_find(aml, i + sizeof(aml_hid), limit < next ? limit : next, aml_crs, sizeof(aml_crs));
		struct virtio_mmio_loc loc;
		bool dup = false;

		if (crs < (limit < next ? limit : next) && aml_crs_parse(aml, len, crs + sizeof(aml_crs) - 1, &loc)) {
			for (unsigned k = 0; k < n; k++)
				dup |= loc.base < out[k].base + out[k].size && out[k].base < loc.base + loc.size;
			if (!dup)
				out[n++] = loc;
		}
		i = next;
	}
	return n;
}

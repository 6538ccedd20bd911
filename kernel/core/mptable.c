/*
 * The Intel MultiProcessor Specification table, the fallback when there is no ACPI MADT: the
 * floating pointer ("_MP_", checksummed) is searched in the first KiB of the EBDA, the last KiB
 * of base memory and the BIOS ROM; its configuration table ("PCMP", checksummed, every entry's
 * size fixed by its type and checked against the table's end) gives the CPUs, the I/O APICs and
 * the ISA interrupt assignments, which are filled into the same struct acpi_info fields the MADT
 * fills (overrides for ISA IRQs that do not land on their own pin, NMI sources). The MP table
 * gives no GSI bases: each I/O APIC is assumed to have 24 pins (mp_gsi_assumed), and the I/O APIC
 * driver renumbers with the real pin counts. Plain C, host-tested and fuzzed.
 */
#include "kernel/core/acpi_internal.h"

#include <keel/errno.h>
#include <string.h>

#define MP_ENTRY_CPU 0
#define MP_ENTRY_BUS 1
#define MP_ENTRY_IOAPIC 2
#define MP_ENTRY_IOINT 3
#define MP_ENTRY_LOCALINT 4
#define MP_HDR_LEN 44
#define MP_BUSES 256

static bool mp_sum_ok(const uint8_t *p, size_t len)
{
	uint8_t s = 0;

	for (size_t i = 0; i < len; i++)
		s = (uint8_t)(s + p[i]);
	return s == 0;
}

static uint64_t mp_find_in(bootinfo_map_fn map, void *ctx, uint64_t start, uint64_t len)
{
	const uint8_t *area = map(ctx, start, len);

	for (uint64_t off = 0; area && off + 16 <= len; off += 16)
		if (memcmp(area + off, "_MP_", 4) == 0 && area[off + 8] == 1 && mp_sum_ok(area + off, 16))
			return start + off;
	return 0;
}

static uint64_t mp_find(bootinfo_map_fn map, void *ctx)
{
	const uint8_t *seg = map(ctx, 0x40E, 2), *base_kb = map(ctx, 0x413, 2);
	uint64_t at = 0;

	if (seg && acpi_u16(seg) >= 0x8000 && acpi_u16(seg) < 0xA000)
		at = mp_find_in(map, ctx, (uint64_t)acpi_u16(seg) << 4, 1024);
	if (!at && base_kb && acpi_u16(base_kb) >= 512 && acpi_u16(base_kb) <= 640)
		at = mp_find_in(map, ctx, ((uint64_t)acpi_u16(base_kb) - 1) * 1024, 1024);
	if (!at)
		at = mp_find_in(map, ctx, 0xF0000, 0x10000);
	return at;
}

static void mp_ioint(struct acpi_parse *p, const uint8_t *e, const bool *isa_bus, const uint8_t *ioapic_ids,
		     unsigned n_ioapics)
{
	struct acpi_info *ai = p->out;
	uint16_t flags = acpi_u16(e + 2);
	uint8_t type = e[1], bus = e[4], irq = e[5], apic = e[6], pin = e[7];
	uint32_t gsi = UINT32_MAX;

	for (unsigned i = 0; i < n_ioapics; i++)
		if (ioapic_ids[i] == apic || apic == 0xFF)
			gsi = ai->ioapics[i].gsi_base + pin;
	if (gsi == UINT32_MAX) {
		acpi_warnf(p, "MP table: interrupt for I/O APIC %u, which is not listed; ignored", apic);
		return;
	}
	if (type == 1 && ai->nmi_source_count < ACPI_NMIS_MAX) { /* NMI */
		ai->nmi_sources[ai->nmi_source_count++] = (struct acpi_nmi_source){ gsi, flags };
		return;
	}
	if (type != 0 || !isa_bus[bus] || irq >= 16)
		return; /* PCI and ExtINT assignments: Keel routes ISA IRQs only */
	if (gsi == irq && (flags & 0xF) == 0)
		return; /* identity with ISA defaults: no override needed */
	for (unsigned i = 0; i < ai->iso_count; i++)
		if (ai->isos[i].source == irq)
			return; /* the first assignment wins */
	if (ai->iso_count < ACPI_ISOS_MAX)
		ai->isos[ai->iso_count++] = (struct acpi_iso){ irq, gsi, flags };
}

int mptable_parse(bootinfo_map_fn map, void *ctx, acpi_warn_fn warn, struct acpi_info *out)
{
	struct acpi_parse p = { out, map, warn, ctx, 0 };
	bool isa_bus[MP_BUSES];
	uint8_t ioapic_ids[ACPI_IOAPICS_MAX];
	const uint8_t *fp, *t;
	uint64_t fp_at = mp_find(map, ctx);
	uint32_t len, off;
	unsigned n_ioapics = 0;

	if (!fp_at)
		return -ENOENT;
	fp = map(ctx, fp_at, 16);
	if (fp[11] != 0) {
		acpi_warnf(&p, "MP table: default configuration %u (no table) is not supported", fp[11]);
		return -ENOENT;
	}
	t = map(ctx, acpi_u32(fp + 4), MP_HDR_LEN);
	if (!t || memcmp(t, "PCMP", 4) != 0) {
		acpi_warnf(&p, "MP table: no configuration table at 0x%x", acpi_u32(fp + 4));
		return -ENOENT;
	}
	len = acpi_u16(t + 4);
	if (len < MP_HDR_LEN || !(t = map(ctx, acpi_u32(fp + 4), len)) || !mp_sum_ok(t, len)) {
		acpi_warnf(&p, "MP table: configuration table of %u bytes is truncated or has a bad checksum", len);
		return -ENOENT;
	}
	out->mp_table = true;
	out->lapic_addr = acpi_u32(t + 36);
	memset(isa_bus, 0, sizeof(isa_bus));
	/* Two passes: buses and I/O APICs first (assignments refer to them), then assignments. */
	for (int pass = 0; pass < 2; pass++) {
		for (off = MP_HDR_LEN; off < len;) {
			const uint8_t *e = t + off;
			uint32_t need = e[0] == MP_ENTRY_CPU ? 20 : 8;

			if (e[0] > MP_ENTRY_LOCALINT || off + need > len) {
				if (pass == 0)
					acpi_warnf(&p, "MP table: entry at offset %u (type %u) is unknown or overruns; rest ignored",
						   off, e[0]);
				break;
			}
			if (pass == 0 && e[0] == MP_ENTRY_CPU) {
				if (e[3] & 1)
					out->cpus_enabled++;
				else
					out->cpus_disabled++;
			} else if (pass == 0 && e[0] == MP_ENTRY_BUS) {
				isa_bus[e[1]] = memcmp(e + 2, "ISA", 3) == 0;
			} else if (pass == 0 && e[0] == MP_ENTRY_IOAPIC && (e[3] & 1)) {
				if (n_ioapics < ACPI_IOAPICS_MAX && acpi_u32(e + 4) && !(acpi_u32(e + 4) & 0xFFF)) {
					ioapic_ids[n_ioapics] = e[1];
					out->ioapics[n_ioapics] = (struct acpi_ioapic){ e[1], acpi_u32(e + 4), 24u * n_ioapics };
					n_ioapics++;
				} else {
					acpi_warnf(&p, "MP table: I/O APIC %u at 0x%x ignored", e[1], acpi_u32(e + 4));
				}
			} else if (pass == 0 && e[0] == MP_ENTRY_LOCALINT && e[1] == 1 && e[7] <= 1 &&
				   out->lapic_nmi_count < ACPI_NMIS_MAX) { /* NMI on a LINT pin */
				out->lapic_nmis[out->lapic_nmi_count++] =
					(struct acpi_lapic_nmi){ e[6] == 0xFF ? 0xFFFFFFFFu : e[6], e[7], acpi_u16(e + 2) };
			} else if (pass == 1 && e[0] == MP_ENTRY_IOINT) {
				mp_ioint(&p, e, isa_bus, ioapic_ids, n_ioapics);
			}
			off += need;
		}
		out->ioapic_count = n_ioapics;
	}
	out->mp_gsi_assumed = n_ioapics > 1;
	return 0;
}

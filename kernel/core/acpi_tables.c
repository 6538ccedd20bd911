/*
 * ACPI table discovery (keel/acpi_tables.h): the RSDP (checksums of both parts), the root table
 * (XSDT when the RSDP is 2.0+ and it checks out, else the RSDT), and every table it lists, each
 * mapped header first, then whole once its length is sane, then checksummed. The tables Keel
 * uses are handed to the per-table parsers in acpi_parse_tables.c. Every problem is reported once
 * and counted; nothing read from memory is trusted before it has been checked.
 */
#include "kernel/core/acpi_internal.h"

#include <keel/errno.h>
#include <string.h>

#define ACPI_HDR_LEN 36
#define EBDA_SEG_PTR 0x40Eu
#define BIOS_AREA_START 0xE0000u
#define BIOS_F_SEGMENT 0xF0000u
#define BIOS_AREA_END 0x100000u

void acpi_warnf(struct acpi_parse *p, const char *fmt, ...)
{
	va_list ap;

	p->out->problems++;
	va_start(ap, fmt);
	keel_vmessage(p->warn, p->ctx, fmt, ap);
	va_end(ap);
}

static uint8_t acpi_sum(const uint8_t *p, size_t len)
{
	uint8_t s = 0;

	for (size_t i = 0; i < len; i++)
		s = (uint8_t)(s + p[i]);
	return s;
}

size_t acpi_rsdp_len(const uint8_t *p, size_t avail)
{
	if (avail < 20 || memcmp(p, "RSD PTR ", 8) != 0 || acpi_sum(p, 20) != 0)
		return 0;
	if (p[15] >= 2 && avail >= 36 && acpi_u32(p + 20) >= 36 && acpi_sum(p, 36) == 0)
		return 36;
	return 20;
}

static size_t acpi_scan(bootinfo_map_fn map, void *ctx, uint64_t start, uint64_t end, uint8_t out[36],
			uint64_t *phys)
{
	/* One mapping of the whole area when the map allows it: the scan is 8192 steps. */
	const uint8_t *area = map(ctx, start, end - start);

	for (uint64_t a = start; a + 20 <= end; a += 16) {
		const uint8_t *p = area ? area + (a - start) : map(ctx, a, 20), *full;
		size_t n;

		if (!p || p[0] != 'R' || memcmp(p, "RSD PTR ", 8) != 0)
			continue;
		full = map(ctx, a, 36);
		n = full ? acpi_rsdp_len(full, 36) : acpi_rsdp_len(p, 20);
		if (n) {
			memset(out, 0, 36);
			memcpy(out, full ? full : p, n);
			*phys = a;
			return n;
		}
	}
	return 0;
}

size_t acpi_find_rsdp_bios(bootinfo_map_fn map, void *ctx, uint8_t out[36], uint64_t *phys)
{
	const uint8_t *seg = map(ctx, EBDA_SEG_PTR, 2);
	size_t n;

	if (seg) {
		uint64_t ebda = (uint64_t)acpi_u16(seg) << 4;

		if (ebda >= 0x80000 && ebda < 0xA0000) {
			n = acpi_scan(map, ctx, ebda, ebda + 1024, out, phys);
			if (n)
				return n;
		}
	}
	/* The F segment first, where firmware puts it in practice, then the E segment (the whole
	 * area is the specification's; each look at shadowed BIOS memory is slow under emulation). */
	n = acpi_scan(map, ctx, BIOS_F_SEGMENT, BIOS_AREA_END, out, phys);
	return n ? n : acpi_scan(map, ctx, BIOS_AREA_START, BIOS_F_SEGMENT, out, phys);
}

static const char *acpi_check_table(struct acpi_parse *p, uint64_t phys, struct acpi_table_ref *ref,
				    const uint8_t **table)
{
	const uint8_t *h, *t;

	*table = NULL;
	memset(ref, 0, sizeof(*ref));
	ref->phys = phys;
	memcpy(ref->sig, "????", 4);
	if (phys == 0)
		return "null address";
	h = p->map(p->ctx, phys, ACPI_HDR_LEN);
	if (!h)
		return "not in reachable memory";
	memcpy(ref->sig, h, 4);
	for (int i = 0; i < 4; i++)
		if (ref->sig[i] < 0x20 || ref->sig[i] > 0x7E)
			ref->sig[i] = '?';
	for (int i = 0; i < 6; i++)
		ref->oem[i] = (h[10 + i] >= 0x20 && h[10 + i] <= 0x7E) ? (char)h[10 + i] : ' ';
	ref->revision = h[8];
	ref->length = acpi_u32(h + 4);
	if (ref->length < ACPI_HDR_LEN)
		return "length shorter than its header";
	if (ref->length > ACPI_TABLE_LEN_MAX)
		return "length implausibly large";
	t = p->map(p->ctx, phys, ref->length);
	if (!t)
		return "runs past reachable memory";
	if (acpi_sum(t, ref->length) != 0)
		return "bad checksum";
	ref->ok = true;
	*table = t;
	return NULL;
}

/* Check and record one table; returns its bytes when it is sound. */
const uint8_t *acpi_fetch(struct acpi_parse *p, uint64_t phys, const char *what)
{
	struct acpi_table_ref ref, *slot;
	const uint8_t *t;

	ref.problem = acpi_check_table(p, phys, &ref, &t);
	if (ref.problem)
		acpi_warnf(p, "%s at 0x%llx (%.4s): %s; ignored", what, (unsigned long long)phys, ref.sig, ref.problem);
	if (p->out->table_count >= ACPI_TABLES_MAX) {
		acpi_warnf(p, "more than %d tables; 0x%llx not listed", ACPI_TABLES_MAX, (unsigned long long)phys);
		return t;
	}
	slot = &p->out->tables[p->out->table_count++];
	*slot = ref;
	return t;
}

static const uint8_t *acpi_root(struct acpi_parse *p, const uint8_t *rsdp, size_t rsdp_len)
{
	const uint8_t *t = NULL;

	if (rsdp_len >= 36 && acpi_u64(rsdp + 24)) {
		t = acpi_fetch(p, acpi_u64(rsdp + 24), "XSDT");
		if (t && memcmp(t, "XSDT", 4) != 0) {
			acpi_warnf(p, "the RSDP's XSDT address holds a %.4s table; trying the RSDT", (const char *)t);
			t = NULL;
		}
		if (t) {
			p->out->xsdt = true;
			p->out->root_phys = acpi_u64(rsdp + 24);
			return t;
		}
	}
	t = acpi_fetch(p, acpi_u32(rsdp + 16), "RSDT");
	if (t && memcmp(t, "RSDT", 4) != 0) {
		acpi_warnf(p, "the RSDP's RSDT address holds a %.4s table", (const char *)t);
		return NULL;
	}
	if (t)
		p->out->root_phys = acpi_u32(rsdp + 16);
	return t;
}

/* Parse one listed table by signature; a second copy of a table already parsed is ignored. */
static void acpi_dispatch(struct acpi_parse *p, const uint8_t *t)
{
	static const struct {
		char sig[5];
		void (*parse)(struct acpi_parse *, const uint8_t *, uint32_t);
	} parsers[] = {
		{ "APIC", acpi_parse_madt }, { "FACP", acpi_parse_fadt }, { "HPET", acpi_parse_hpet },
		{ "MCFG", acpi_parse_mcfg }, { "SPCR", acpi_parse_spcr },
	};

	for (size_t i = 0; i < sizeof(parsers) / sizeof(parsers[0]); i++) {
		if (memcmp(t, parsers[i].sig, 4) != 0)
			continue;
		if (p->seen & (1u << i)) {
			acpi_warnf(p, "a second %.4s table; the first one is used", parsers[i].sig);
			return;
		}
		p->seen |= 1u << i;
		parsers[i].parse(p, t, acpi_u32(t + 4));
		return;
	}
}

int acpi_parse(const uint8_t *rsdp, size_t rsdp_len, bootinfo_map_fn map, acpi_warn_fn warn, void *ctx,
	       struct acpi_info *out)
{
	struct acpi_parse p = { out, map, warn, ctx, 0 };
	const uint8_t *root;
	uint32_t len, step;

	memset(out, 0, sizeof(*out));
	if (!rsdp || (rsdp_len = acpi_rsdp_len(rsdp, rsdp_len)) == 0)
		return -ENOENT;
	out->rsdp_revision = rsdp[15];
	for (int i = 0; i < 6; i++)
		out->oem[i] = (rsdp[9 + i] >= 0x20 && rsdp[9 + i] <= 0x7E) ? (char)rsdp[9 + i] : ' ';
	root = acpi_root(&p, rsdp, rsdp_len);
	if (!root)
		return -ENOENT;
	out->present = true;
	len = acpi_u32(root + 4);
	step = out->xsdt ? 8 : 4;
	if ((len - ACPI_HDR_LEN) % step)
		acpi_warnf(&p, "%s length %u is not a whole number of entries", out->xsdt ? "XSDT" : "RSDT", len);
	for (uint32_t off = ACPI_HDR_LEN; off + step <= len; off += step) {
		uint64_t phys = out->xsdt ? acpi_u64(root + off) : acpi_u32(root + off);
		const uint8_t *t = acpi_fetch(&p, phys, "table");

		if (t)
			acpi_dispatch(&p, t);
	}
	if (out->has_fadt && out->dsdt_phys)
		(void)acpi_fetch(&p, out->dsdt_phys, "DSDT");
	return 0;
}

void acpi_isa_irq(const struct acpi_info *ai, unsigned irq, uint32_t *gsi, uint16_t *flags)
{
	*gsi = irq;
	*flags = 0;
	for (unsigned i = 0; i < ai->iso_count; i++) {
		if (ai->isos[i].source == irq) {
			*gsi = ai->isos[i].gsi;
			*flags = ai->isos[i].flags;
			return;
		}
	}
}

const struct acpi_table_ref *acpi_table_find(const struct acpi_info *ai, const char *sig)
{
	for (unsigned i = 0; i < ai->table_count; i++)
		if (ai->tables[i].ok && memcmp(ai->tables[i].sig, sig, 4) == 0)
			return &ai->tables[i];
	return NULL;
}

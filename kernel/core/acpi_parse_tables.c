/*
 * The per-table ACPI parsers (see acpi_tables.c, which checks each table's length and checksum
 * first): MADT entries one by one (every entry's length checked against its type's minimum and
 * the table's end; an entry that does not fit stops the walk), the FADT fields by revision and
 * length (older, shorter FADTs simply lack the newer fields), HPET, MCFG and SPCR. A field that
 * is present but unusable is reported and left out.
 */
#include "kernel/core/acpi_internal.h"

#include <string.h>

#define MADT_ENTRIES 44
#define MADT_LAPIC 0
#define MADT_IOAPIC 1
#define MADT_ISO 2
#define MADT_NMI_SOURCE 3
#define MADT_LAPIC_NMI 4
#define MADT_LAPIC_ADDR 5
#define MADT_X2APIC 9
#define MADT_X2APIC_NMI 10

#define FADT_TMR_VAL_EXT (1u << 8)
#define FADT_RESET_REG_SUP (1u << 10)
#define FADT_HW_REDUCED (1u << 20)

static void acpi_gas(const uint8_t *p, struct acpi_gas *g)
{
	g->space = p[0];
	g->bit_width = p[1];
	g->bit_offset = p[2];
	g->access_size = p[3];
	g->address = acpi_u64(p + 4);
}

static void madt_cpu(struct acpi_info *ai, uint32_t flags)
{
	if (flags & 1)
		ai->cpus_enabled++;
	else
		ai->cpus_disabled++;
}

static void madt_ioapic(struct acpi_parse *p, const uint8_t *e)
{
	struct acpi_info *ai = p->out;
	uint32_t addr = acpi_u32(e + 4);

	if (addr == 0 || (addr & 0xFFF)) {
		acpi_warnf(p, "MADT: I/O APIC %u at 0x%x is not page aligned; ignored", e[2], addr);
		return;
	}
	if (ai->ioapic_count >= ACPI_IOAPICS_MAX) {
		acpi_warnf(p, "MADT: more than %d I/O APICs; the rest ignored", ACPI_IOAPICS_MAX);
		return;
	}
	ai->ioapics[ai->ioapic_count++] = (struct acpi_ioapic){ e[2], addr, acpi_u32(e + 8) };
}

static void madt_iso(struct acpi_parse *p, const uint8_t *e)
{
	struct acpi_info *ai = p->out;

	if (e[2] != 0 || e[3] >= 16) {
		acpi_warnf(p, "MADT: override for bus %u IRQ %u is not an ISA IRQ; ignored", e[2], e[3]);
		return;
	}
	for (unsigned i = 0; i < ai->iso_count; i++) {
		if (ai->isos[i].source == e[3]) {
			acpi_warnf(p, "MADT: a second override for IRQ %u; the first one is used", e[3]);
			return;
		}
	}
	if (ai->iso_count >= ACPI_ISOS_MAX) {
		acpi_warnf(p, "MADT: too many interrupt source overrides; the rest ignored");
		return;
	}
	ai->isos[ai->iso_count++] = (struct acpi_iso){ e[3], acpi_u32(e + 4), acpi_u16(e + 8) };
}

static void madt_lapic_nmi(struct acpi_parse *p, uint32_t uid, uint16_t flags, uint8_t lint)
{
	struct acpi_info *ai = p->out;

	if (lint > 1) {
		acpi_warnf(p, "MADT: local APIC NMI on LINT%u (only LINT0/1 exist); ignored", lint);
		return;
	}
	if (ai->lapic_nmi_count >= ACPI_NMIS_MAX) {
		acpi_warnf(p, "MADT: too many local APIC NMI entries; the rest ignored");
		return;
	}
	ai->lapic_nmis[ai->lapic_nmi_count++] = (struct acpi_lapic_nmi){ uid, lint, flags };
}

static void madt_entry(struct acpi_parse *p, const uint8_t *e, uint8_t type)
{
	struct acpi_info *ai = p->out;

	switch (type) {
	case MADT_LAPIC:
		madt_cpu(ai, acpi_u32(e + 4));
		break;
	case MADT_X2APIC:
		madt_cpu(ai, acpi_u32(e + 8));
		break;
	case MADT_IOAPIC:
		madt_ioapic(p, e);
		break;
	case MADT_ISO:
		madt_iso(p, e);
		break;
	case MADT_NMI_SOURCE:
		if (ai->nmi_source_count < ACPI_NMIS_MAX)
			ai->nmi_sources[ai->nmi_source_count++] = (struct acpi_nmi_source){ acpi_u32(e + 4), acpi_u16(e + 2) };
		else
			acpi_warnf(p, "MADT: too many NMI sources; the rest ignored");
		break;
	case MADT_LAPIC_NMI:
		madt_lapic_nmi(p, e[2] == 0xFF ? 0xFFFFFFFFu : e[2], acpi_u16(e + 3), e[5]);
		break;
	case MADT_X2APIC_NMI:
		madt_lapic_nmi(p, acpi_u32(e + 4), acpi_u16(e + 2), e[8]);
		break;
	case MADT_LAPIC_ADDR:
		ai->lapic_addr = acpi_u64(e + 4);
		break;
	default:
		break; /* entries Keel has no use for */
	}
}

void acpi_parse_madt(struct acpi_parse *p, const uint8_t *t, uint32_t len)
{
	static const uint8_t min_len[] = {
		[MADT_LAPIC] = 8, [MADT_IOAPIC] = 12, [MADT_ISO] = 10, [MADT_NMI_SOURCE] = 8,
		[MADT_LAPIC_NMI] = 6, [MADT_LAPIC_ADDR] = 12, [6] = 2, [7] = 2, [8] = 2,
		[MADT_X2APIC] = 16, [MADT_X2APIC_NMI] = 12,
	};
	struct acpi_info *ai = p->out;
	uint32_t off = MADT_ENTRIES;

	if (len < MADT_ENTRIES) {
		acpi_warnf(p, "MADT: %u bytes, shorter than its fixed part; ignored", len);
		return;
	}
	ai->has_madt = true;
	ai->lapic_addr = acpi_u32(t + 36);
	ai->madt_flags = acpi_u32(t + 40);
	while (off + 2 <= len) {
		const uint8_t *e = t + off;
		uint8_t type = e[0], elen = e[1];
		uint8_t need = type < sizeof(min_len) ? min_len[type] : 2;

		if (elen < 2 || off + elen > len) {
			acpi_warnf(p, "MADT: entry at offset %u (type %u, length %u) overruns the table; rest ignored",
				   off, type, elen);
			return;
		}
		if (elen < need) {
			acpi_warnf(p, "MADT: entry at offset %u (type %u) is %u bytes, needs %u; ignored", off, type,
				   elen, need);
		} else {
			madt_entry(p, e, type);
		}
		off += elen;
	}
	if (off != len)
		acpi_warnf(p, "MADT: %u stray bytes at the end", len - off);
}

void acpi_parse_fadt(struct acpi_parse *p, const uint8_t *t, uint32_t len)
{
	struct acpi_info *ai = p->out;
	uint32_t dsdt32;

	if (len < 116) {
		acpi_warnf(p, "FADT: %u bytes, shorter than ACPI 1.0's 116; ignored", len);
		return;
	}
	ai->has_fadt = true;
	ai->fadt_revision = t[8];
	ai->sci_irq = acpi_u16(t + 46);
	ai->smi_cmd = acpi_u32(t + 48);
	ai->acpi_enable = t[52];
	ai->pm1a_cnt = acpi_u32(t + 64);
	ai->pm1b_cnt = acpi_u32(t + 68);
	ai->fadt_flags = acpi_u32(t + 112);
	ai->hw_reduced = (ai->fadt_flags & FADT_HW_REDUCED) != 0;
	dsdt32 = acpi_u32(t + 40);
	ai->dsdt_phys = len >= 148 && acpi_u64(t + 140) ? acpi_u64(t + 140) : dsdt32;
	if (t[8] >= 2 && len >= 111) {
		ai->boot_arch = acpi_u16(t + 109);
		ai->boot_arch_valid = true;
	}
	if (len >= 129 && (ai->fadt_flags & FADT_RESET_REG_SUP)) {
		acpi_gas(t + 116, &ai->reset_reg);
		ai->reset_value = t[128];
		if ((ai->reset_reg.space == ACPI_GAS_IO && ai->reset_reg.address <= 0xFFFF && ai->reset_reg.address) ||
		    (ai->reset_reg.space == ACPI_GAS_MEMORY && ai->reset_reg.address))
			ai->has_reset_reg = true;
		else
			acpi_warnf(p, "FADT: reset register (space %u, 0x%llx) is unusable", ai->reset_reg.space,
				   (unsigned long long)ai->reset_reg.address);
	}
	if (len >= 256 && acpi_u64(t + 244 + 4)) {
		acpi_gas(t + 244, &ai->sleep_ctl);
		ai->has_sleep_ctl = (ai->sleep_ctl.space == ACPI_GAS_IO && ai->sleep_ctl.address <= 0xFFFF) ||
				    ai->sleep_ctl.space == ACPI_GAS_MEMORY;
		if (!ai->has_sleep_ctl)
			acpi_warnf(p, "FADT: sleep control register in address space %u is unusable", ai->sleep_ctl.space);
	}
	if (ai->hw_reduced)
		return; /* no PM timer on hardware-reduced ACPI */
	if (len >= 220 && acpi_u64(t + 208 + 4)) {
		struct acpi_gas g;

		acpi_gas(t + 208, &g);
		if (g.space == ACPI_GAS_IO && g.address <= 0xFFFF)
			ai->pm_timer_port = (uint16_t)g.address;
	}
	if (!ai->pm_timer_port && acpi_u32(t + 76)) {
		if (t[91] == 4 && acpi_u32(t + 76) <= 0xFFFF)
			ai->pm_timer_port = (uint16_t)acpi_u32(t + 76);
		else
			acpi_warnf(p, "FADT: PM timer block 0x%x (length %u) is unusable", acpi_u32(t + 76), t[91]);
	}
	ai->pm_timer_32bit = (ai->fadt_flags & FADT_TMR_VAL_EXT) != 0;
}

void acpi_parse_hpet(struct acpi_parse *p, const uint8_t *t, uint32_t len)
{
	struct acpi_gas g;

	if (len < 56) {
		acpi_warnf(p, "HPET: %u bytes, needs 56; ignored", len);
		return;
	}
	acpi_gas(t + 40, &g);
	if (g.space != ACPI_GAS_MEMORY || g.address == 0 || (g.address & 0x3FF)) {
		acpi_warnf(p, "HPET: register block (space %u, 0x%llx) is unusable", g.space,
			   (unsigned long long)g.address);
		return;
	}
	p->out->has_hpet = true;
	p->out->hpet_addr = g.address;
}

void acpi_parse_mcfg(struct acpi_parse *p, const uint8_t *t, uint32_t len)
{
	struct acpi_info *ai = p->out;

	if (len < 44 || (len - 44) % 16) {
		acpi_warnf(p, "MCFG: length %u is not 44 + 16 * n; %s", len, len < 44 ? "ignored" : "whole entries used");
		if (len < 44)
			return;
	}
	for (uint32_t off = 44; off + 16 <= len; off += 16) {
		const uint8_t *e = t + off;

		if (e[11] < e[10] || acpi_u64(e) == 0 || (acpi_u64(e) & 0xFFFFF)) {
			acpi_warnf(p, "MCFG: entry at offset %u (buses %u-%u at 0x%llx) is invalid; ignored", off, e[10],
				   e[11], (unsigned long long)acpi_u64(e));
			continue;
		}
		if (ai->mcfg_count >= ACPI_MCFG_MAX) {
			acpi_warnf(p, "MCFG: more than %d segments; the rest ignored", ACPI_MCFG_MAX);
			return;
		}
		ai->mcfg[ai->mcfg_count++] = (struct acpi_mcfg_entry){ acpi_u64(e), acpi_u16(e + 8), e[10], e[11] };
	}
}

void acpi_parse_spcr(struct acpi_parse *p, const uint8_t *t, uint32_t len)
{
	struct acpi_info *ai = p->out;

	if (len < 80) {
		acpi_warnf(p, "SPCR: %u bytes, needs 80; ignored", len);
		return;
	}
	acpi_gas(t + 40, &ai->spcr_addr);
	if (ai->spcr_addr.address == 0 ||
	    (ai->spcr_addr.space != ACPI_GAS_IO && ai->spcr_addr.space != ACPI_GAS_MEMORY)) {
		acpi_warnf(p, "SPCR: console address (space %u, 0x%llx) is unusable", ai->spcr_addr.space,
			   (unsigned long long)ai->spcr_addr.address);
		return;
	}
	ai->has_spcr = true;
	ai->spcr_interface = t[36];
	ai->spcr_baud_code = t[58];
	ai->spcr_irq = (t[52] & 1) ? t[53] : 0;
}

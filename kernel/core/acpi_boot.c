/*
 * The boot CPU's ACPI tables (keel/acpi_tables.h): the RSDP from the boot information (Multiboot2
 * tag or PVH start info) or, failing that, the BIOS areas; the tables parsed once, early, through
 * the direct map of the first 4 GiB (which the boot page tables already provide, so the clock
 * calibration can use the HPET and PM timer before the final page tables exist). An RSDP found in
 * the BIOS area is copied into the boot information for later users (ACPI poweroff). Without
 * a MADT (or with keel.acpi=off, which ignores the ACPI tables) the MP table stands in for it.
 */
#include <keel/acpi_tables.h>
#include <keel/cmdline.h>
#include <keel/log.h>
#include <keel/mm.h>
#include <string.h>

#include "kernel/core/boot.h"

#define ACPI_MAPPED_LIMIT (4ull << 30)

static struct acpi_info acpi_boot_tables;
static char acpi_opt[8];
static const char *acpi_rsdp_from = "none";

const struct acpi_info *acpi_info_get(void)
{
	return &acpi_boot_tables;
}

const char *acpi_rsdp_source(void)
{
	return acpi_rsdp_from;
}

static const void *acpi_boot_map(void *ctx, uint64_t phys, size_t len)
{
	(void)ctx;
	if (phys >= ACPI_MAPPED_LIMIT || len > ACPI_MAPPED_LIMIT - phys)
		return NULL;
	return phys_ptr(paddr(phys));
}

static void acpi_boot_warn(void *ctx, const char *msg)
{
	(void)ctx;
	pr_warn("acpi", "%s", msg);
}

static void acpi_boot_find(struct boot_info *bi)
{
	uint64_t phys;

	if (bi->rsdp_len) {
		acpi_rsdp_from = "the boot loader";
	} else {
		size_t n = acpi_find_rsdp_bios(acpi_boot_map, NULL, bi->rsdp, &phys);

		if (!n)
			return;
		bi->rsdp_len = (uint8_t)n;
		acpi_rsdp_from = "the BIOS area";
	}
	(void)acpi_parse(bi->rsdp, bi->rsdp_len, acpi_boot_map, acpi_boot_warn, NULL, &acpi_boot_tables);
}

void acpi_boot_init(struct boot_info *bi)
{
	if (cmdline_find(bi->cmdline, "keel.acpi", acpi_opt, sizeof(acpi_opt)) && strcmp(acpi_opt, "off") == 0) {
		acpi_rsdp_from = "ignored (keel.acpi=off)";
	} else {
		acpi_boot_find(bi);
	}
	if (!acpi_boot_tables.has_madt)
		(void)mptable_parse(acpi_boot_map, NULL, acpi_boot_warn, &acpi_boot_tables);
}

void acpi_boot_report(void)
{
	const struct acpi_info *ai = &acpi_boot_tables;
	char list[ACPI_TABLES_MAX * 5 + 1];
	size_t n = 0;

	if (ai->mp_table)
		pr_info("acpi", "MP table%s: %u CPUs enabled, %u I/O APICs, %u ISA routes", ai->present ? " (no MADT)" : "",
			ai->cpus_enabled, ai->ioapic_count, ai->iso_count);
	if (!ai->present) {
		pr_info("acpi", "no ACPI tables (RSDP: %s)", acpi_rsdp_from);
		return;
	}
	for (unsigned i = 0; i < ai->table_count; i++) {
		memcpy(list + n, ai->tables[i].sig, 4);
		list[n + 4] = ' ';
		n += 5;
	}
	list[n ? n - 1 : 0] = '\0';
	pr_info("acpi", "RSDP revision %u (%s) from %s; %s: %s", ai->rsdp_revision, ai->oem, acpi_rsdp_from,
		ai->xsdt ? "XSDT" : "RSDT", list);
	/* Details at debug level: each line costs a boot's time on an emulated UART; `acpi` shows them. */
	if (ai->has_madt)
		pr_debug("acpi", "MADT: %u CPUs enabled, %u I/O APICs, %u overrides, %u NMI entries, 8259 pair %s",
			ai->cpus_enabled, ai->ioapic_count, ai->iso_count, ai->nmi_source_count + ai->lapic_nmi_count,
			(ai->madt_flags & ACPI_MADT_PCAT_COMPAT) ? "present" : "absent");
	if (ai->has_fadt)
		pr_debug("acpi", "FADT: %s%s%s%s, PM timer %s", ai->hw_reduced ? "hardware-reduced" : "PC",
			ai->boot_arch_valid && !(ai->boot_arch & ACPI_BOOT_8042) ? ", no 8042" : "",
			ai->boot_arch_valid && (ai->boot_arch & ACPI_BOOT_NO_VGA) ? ", no VGA" : "",
			ai->has_reset_reg ? ", reset register" : "", ai->pm_timer_port ? "yes" : "none");
	if (ai->problems)
		pr_warn("acpi", "%u problems in the ACPI tables (see above); the sound parts are used", ai->problems);
}

/*
 * Platform commands: `acpi` lists the ACPI tables found at boot (address, length, revision, OEM,
 * and whether each checked out) with what Keel took from them; `acpi SIG` shows one table's
 * parsed contents. `boottime` shows how long each boot phase took from the kernel's first
 * instruction (TSC stamps), the firmware's share before it, the clock source and the interrupt
 * controller and tick in use.
 */
#include <keel/acpi_tables.h>
#include <keel/time.h>
#include <keel/timer.h>
#include <string.h>

#include "drivers/platform.h"
#include "kernel/shell/shell.h"

static void acpi_show_madt(struct shell_ctx *sh, const struct acpi_info *ai)
{
	shell_printf(sh, "MADT: local APIC 0x%llx, %u CPUs enabled (%u disabled), 8259 pair %s\n",
		     (unsigned long long)ai->lapic_addr, ai->cpus_enabled, ai->cpus_disabled,
		     (ai->madt_flags & ACPI_MADT_PCAT_COMPAT) ? "present" : "absent");
	for (unsigned i = 0; i < ai->ioapic_count; i++)
		shell_printf(sh, "  I/O APIC %u at 0x%x, GSI base %u\n", ai->ioapics[i].id, ai->ioapics[i].addr,
			     ai->ioapics[i].gsi_base);
	for (unsigned i = 0; i < ai->iso_count; i++)
		shell_printf(sh, "  override: IRQ %u -> GSI %u, flags 0x%x\n", ai->isos[i].source, ai->isos[i].gsi,
			     ai->isos[i].flags);
	for (unsigned i = 0; i < ai->nmi_source_count; i++)
		shell_printf(sh, "  NMI source: GSI %u\n", ai->nmi_sources[i].gsi);
	for (unsigned i = 0; i < ai->lapic_nmi_count; i++) {
		uint32_t uid = ai->lapic_nmis[i].uid;

		if (uid == 0xFF || uid == 0xFFFFFFFFu) /* the tables' "every processor" */
			shell_printf(sh, "  local APIC NMI: LINT%u of every CPU\n", ai->lapic_nmis[i].lint);
		else
			shell_printf(sh, "  local APIC NMI: LINT%u of the CPU with ACPI UID %u\n",
				     ai->lapic_nmis[i].lint, uid);
	}
}

static void acpi_show_fadt(struct shell_ctx *sh, const struct acpi_info *ai)
{
	shell_printf(sh, "FADT: revision %u, %s, SCI IRQ %u, DSDT 0x%llx\n", ai->fadt_revision,
		     ai->hw_reduced ? "hardware-reduced" : "PC", ai->sci_irq, (unsigned long long)ai->dsdt_phys);
	if (ai->boot_arch_valid)
		shell_printf(sh, "  boot architecture 0x%x:%s%s%s\n", ai->boot_arch,
			     (ai->boot_arch & ACPI_BOOT_8042) ? " 8042" : " no 8042",
			     (ai->boot_arch & ACPI_BOOT_NO_VGA) ? ", no VGA" : "",
			     (ai->boot_arch & ACPI_BOOT_NO_CMOS_RTC) ? ", no CMOS RTC" : "");
	if (ai->pm_timer_port)
		shell_printf(sh, "  PM timer at port 0x%x (%u bits)\n", ai->pm_timer_port, ai->pm_timer_32bit ? 32 : 24);
	if (ai->has_reset_reg)
		shell_printf(sh, "  reset register: %s 0x%llx value 0x%x\n",
			     ai->reset_reg.space == ACPI_GAS_IO ? "port" : "memory",
			     (unsigned long long)ai->reset_reg.address, ai->reset_value);
}

static void acpi_show_other(struct shell_ctx *sh, const struct acpi_info *ai, const char *sig)
{
	if (!strcmp(sig, "HPET") && ai->has_hpet)
		shell_printf(sh, "HPET: registers at 0x%llx\n", (unsigned long long)ai->hpet_addr);
	if (!strcmp(sig, "MCFG"))
		for (unsigned i = 0; i < ai->mcfg_count; i++)
			shell_printf(sh, "MCFG: segment %u buses %u-%u at 0x%llx\n", ai->mcfg[i].segment,
				     ai->mcfg[i].bus_start, ai->mcfg[i].bus_end, (unsigned long long)ai->mcfg[i].base);
	if (!strcmp(sig, "SPCR") && ai->has_spcr)
		shell_printf(sh, "SPCR: interface %u at %s 0x%llx, IRQ %u, baud code %u\n", ai->spcr_interface,
			     ai->spcr_addr.space == ACPI_GAS_IO ? "port" : "memory",
			     (unsigned long long)ai->spcr_addr.address, ai->spcr_irq, ai->spcr_baud_code);
}

static void acpi_show_ref(struct shell_ctx *sh, const struct acpi_table_ref *t)
{
	shell_printf(sh, "  %-4s 0x%08llx %7u bytes  rev %-3u %-6s  %s\n", t->sig, (unsigned long long)t->phys,
		     t->length, t->revision, t->oem, t->ok ? "ok" : t->problem);
}

static int cmd_acpi(struct shell_ctx *sh, int argc, char **argv)
{
	const struct acpi_info *ai = acpi_info_get();
	bool found = false;

	if (argc > 2 || (argc == 2 && strlen(argv[1]) != 4))
		return shell_usage(sh, "acpi");
	if (!ai->present) {
		return shell_error(sh, -ENOENT, "no ACPI tables found (RSDP: %s)", acpi_rsdp_source());
	}
	if (argc == 1) {
		shell_printf(sh, "RSDP revision %u (%s) from %s; %s at 0x%llx; %u tables, %u problems\n",
			     ai->rsdp_revision, ai->oem, acpi_rsdp_source(), ai->xsdt ? "XSDT" : "RSDT",
			     (unsigned long long)ai->root_phys, ai->table_count, ai->problems);
		for (unsigned i = 0; i < ai->table_count; i++)
			acpi_show_ref(sh, &ai->tables[i]);
		return 0;
	}
	for (unsigned i = 0; i < ai->table_count; i++) {
		if (memcmp(ai->tables[i].sig, argv[1], 4) == 0) {
			acpi_show_ref(sh, &ai->tables[i]);
			found = true;
		}
	}
	if (!found) {
		return shell_error(sh, -ENOENT, "no %s table", argv[1]);
	}
	if (!strcmp(argv[1], "APIC") && ai->has_madt)
		acpi_show_madt(sh, ai);
	else if (!strcmp(argv[1], "FACP") && ai->has_fadt)
		acpi_show_fadt(sh, ai);
	else
		acpi_show_other(sh, ai, argv[1]);
	return 0;
}
SHELL_COMMAND(acpi, "acpi [SIG] -- the ACPI tables found at boot; SIG (e.g. APIC, FACP) shows one", cmd_acpi);

static void boottime_line(struct shell_ctx *sh, const char *what, uint64_t ns)
{
	shell_printf(sh, "  %-32s %6llu.%03llu ms\n", what, (unsigned long long)(ns / 1000000),
		     (unsigned long long)(ns / 1000 % 1000));
}

static int cmd_boottime(struct shell_ctx *sh, int argc, char **argv)
{
	const struct platform_state *ps = platform_get();

	(void)argv;
	if (argc != 1)
		return shell_usage(sh, "boottime");
	shell_printf(sh, "boot phases, from the kernel's first instruction:\n");
	for (enum boot_phase p = BOOT_PHASE_ENTRY; p < BOOT_PHASES; p++) {
		uint64_t c = boot_phase_cycles(p);

		if (p == BOOT_PHASE_ENTRY || c)
			boottime_line(sh, boot_phase_name(p), time_tsc_to_ns(c));
		else
			shell_printf(sh, "  %-32s    (not reached)\n", boot_phase_name(p));
	}
	boottime_line(sh, "before entry (firmware, loader)", time_tsc_to_ns(boot_entry_tsc()));
	shell_printf(sh, "clock: TSC %llu MHz, source: %s\n  (the boot measurement took %llu us)\n",
		     (unsigned long long)(tsc_hz() / 1000000), tsc_source(),
		     (unsigned long long)(tsc_calibration_ns() / 1000));
	shell_printf(sh, "interrupts: %s\n  why: %s\n", ps->irqchip, ps->irqchip_why);
	shell_printf(sh, "tick: %s\nCPUs: %u (1 running)\n", timer_source(), ps->cpus);
	return 0;
}
SHELL_COMMAND(boottime, "boottime -- how long each boot phase took, clock and interrupt sources", cmd_boottime);

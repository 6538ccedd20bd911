/*
 * Boot-time hand-offs inside nano_core: the parsed boot information for modules, and what
 * happens when the boot sequence is over.
 */
#ifndef KEEL_CORE_BOOT_H
#define KEEL_CORE_BOOT_H

#include <keel/bootinfo.h>
#include <keel/compiler.h>

const struct boot_info *boot_info_get(void);

/* Find and parse the ACPI tables (acpi_boot.c); the RSDP found in the BIOS area goes into bi. */
void acpi_boot_init(struct boot_info *bi);
/* Log what was found (after the first log line). */
void acpi_boot_report(void);

/* The end of kmain: hand the CPU to the scheduler if a module installed one, else halt. */
KEEL_NORETURN void boot_finish(void);

/* A module that takes over the CPU after boot (the scheduler) installs this. */
extern void (*boot_idle_hook)(void);

/* With a scheduler, in-kernel tests run in a task: the scheduler installs this to take the
 * test selection (copied) and start that task; kmain then carries on to boot_finish(). */
extern void (*boot_ktest_hook)(const char *selection);

#endif /* KEEL_CORE_BOOT_H */

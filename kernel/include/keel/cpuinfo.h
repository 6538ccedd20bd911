/*
 * What the boot CPU is and which optional features it has (filled by the cpuinfo module).
 */
#ifndef KEEL_CPUINFO_H
#define KEEL_CPUINFO_H

#include <stdbool.h>
#include <stdint.h>

struct cpuinfo {
	char vendor[13];
	char brand[49];
	uint32_t family, model, stepping;
	bool has_apic, has_x2apic, has_pat, has_tsc, has_nx, has_1g_pages, has_smep;
};

const struct cpuinfo *cpuinfo_get(void);

#endif /* KEEL_CPUINFO_H */

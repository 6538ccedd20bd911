/*
 * The cpuinfo module: identifies the CPU once at boot (vendor, brand string, family/model and
 * the features Keel cares about) and logs it, so a boot log from a bare-metal machine says what
 * it ran on. cpuinfo_get() serves later users (the shell's `cpu` command, the PAT setup).
 */
#include <keel/cpu.h>
#include <keel/cpuinfo.h>
#include <keel/log.h>
#include <keel/module.h>
#include <string.h>

static struct cpuinfo cpuinfo_data;

const struct cpuinfo *cpuinfo_get(void)
{
	return &cpuinfo_data;
}

static void cpuinfo_brand(struct cpuinfo *ci)
{
	uint32_t max, r[12];

	cpuid(0x80000000u, 0, &max, &r[1], &r[2], &r[3]);
	if (max < 0x80000004u) {
		memcpy(ci->brand, "unknown", 8);
		return;
	}
	for (uint32_t i = 0; i < 3; i++)
		cpuid(0x80000002u + i, 0, &r[i * 4], &r[i * 4 + 1], &r[i * 4 + 2], &r[i * 4 + 3]);
	memcpy(ci->brand, r, 48);
	ci->brand[48] = '\0';
}

static int cpuinfo_init(void)
{
	struct cpuinfo *ci = &cpuinfo_data;
	uint32_t a, b, c, d, max;
	const char *p;

	cpuid(0, 0, &max, &b, &c, &d);
	memcpy(ci->vendor, &b, 4);
	memcpy(ci->vendor + 4, &d, 4);
	memcpy(ci->vendor + 8, &c, 4);
	ci->vendor[12] = '\0';
	cpuid(1, 0, &a, &b, &c, &d);
	ci->family = (a >> 8) & 0xF;
	ci->model = (a >> 4) & 0xF;
	if (ci->family == 0xF)
		ci->family += (a >> 20) & 0xFF;
	if (ci->family >= 6)
		ci->model |= ((a >> 16) & 0xF) << 4;
	ci->stepping = a & 0xF;
	ci->has_apic = (d >> 9) & 1;
	ci->has_pat = (d >> 16) & 1;
	ci->has_tsc = (d >> 4) & 1;
	ci->has_x2apic = (c >> 21) & 1;
	cpuid(0x80000001u, 0, &a, &b, &c, &d);
	ci->has_nx = (d >> 20) & 1;
	ci->has_1g_pages = (d >> 26) & 1;
	if (max >= 7) {
		cpuid(7, 0, &a, &b, &c, &d);
		ci->has_smep = (b >> 7) & 1;
	}
	cpuinfo_brand(ci);
	p = ci->brand;
	while (*p == ' ')
		p++;
	pr_info("cpu", "%s family %u model %u stepping %u: %s", ci->vendor, ci->family, ci->model,
		ci->stepping, p);
	pr_info("cpu", "features:%s%s%s%s%s%s", ci->has_apic ? " apic" : "", ci->has_x2apic ? " x2apic" : "",
		ci->has_pat ? " pat" : "", ci->has_nx ? " nx" : "", ci->has_1g_pages ? " 1g-pages" : "",
		ci->has_smep ? " smep" : "");
	return 0;
}

/* After boot complete: nothing on the way to the console needs it (the deferred display console,
 * which reads PAT support, runs later in level order; `cpu` waits for the deferred modules). */
MODULE_INIT_DEFERRED(cpuinfo, EARLY, cpuinfo_init);

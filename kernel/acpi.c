/*
 * ACPI poweroff (see keel/acpi.h): RSDP (from the boot information) -> RSDT/XSDT -> FADT ->
 * DSDT, each table mapped through the direct map only if it lies inside it, checksummed and
 * length-checked before use. Then SCI is enabled if the firmware left it off, and SLP_TYP|SLP_EN
 * is written to PM1a (and PM1b) control.
 */
#include <keel/acpi.h>
#include <keel/cpu.h>
#include <keel/errno.h>
#include <keel/log.h>
#include <keel/mm.h>
#include <keel/time.h>
#include <string.h>

#include "kernel/core/boot.h"

#define ACPI_MAP_LIMIT (4ull << 30) /* the direct map always covers the first 4 GiB */
#define ACPI_TABLE_MAX (16u << 20)

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

/* A checksummed table at phys with the given signature, or NULL. */
static const uint8_t *acpi_table(uint64_t phys, const char *sig)
{
	const uint8_t *t;
	uint32_t len;
	uint8_t sum = 0;

	if (phys == 0 || phys >= ACPI_MAP_LIMIT - 36)
		return NULL;
	t = phys_ptr(paddr(phys));
	len = rd32(t + 4);
	if (len < 36 || len > ACPI_TABLE_MAX || phys + len > ACPI_MAP_LIMIT)
		return NULL;
	if (sig && memcmp(t, sig, 4) != 0)
		return NULL;
	for (uint32_t i = 0; i < len; i++)
		sum = (uint8_t)(sum + t[i]);
	return sum == 0 ? t : NULL;
}

static const uint8_t *acpi_find_fadt(void)
{
	const struct boot_info *bi = boot_info_get();
	const uint8_t *root;
	bool xsdt = false;
	uint32_t len;

	if (!bi->rsdp_len)
		return NULL;
	root = NULL;
	if (bi->rsdp_len >= 36 && rd64(bi->rsdp + 24)) {
		root = acpi_table(rd64(bi->rsdp + 24), "XSDT");
		xsdt = root != NULL;
	}
	if (!root)
		root = acpi_table(rd32(bi->rsdp + 16), "RSDT");
	if (!root)
		return NULL;
	len = rd32(root + 4);
	for (uint32_t off = 36; off + (xsdt ? 8u : 4u) <= len; off += xsdt ? 8 : 4) {
		uint64_t p = xsdt ? rd64(root + off) : rd32(root + off);
		const uint8_t *t = acpi_table(p, "FACP");

		if (t)
			return t;
	}
	return NULL;
}

int acpi_poweroff(void)
{
	const uint8_t *fadt = acpi_find_fadt(), *dsdt = NULL;
	uint32_t flen, pm1a, pm1b, smi_cmd;
	uint8_t typ_a, typ_b, enable;
	uint64_t dsdt_phys;

	if (!fadt) {
		pr_err("acpi", "poweroff: no valid FADT");
		return -ENODEV;
	}
	flen = rd32(fadt + 4);
	if (flen < 76) {
		pr_err("acpi", "poweroff: FADT too short (%u bytes)", flen);
		return -ENODEV;
	}
	dsdt_phys = flen >= 148 && rd64(fadt + 140) ? rd64(fadt + 140) : rd32(fadt + 40);
	dsdt = acpi_table(dsdt_phys, "DSDT");
	if (!dsdt || acpi_find_s5(dsdt + 36, rd32(dsdt + 4) - 36, &typ_a, &typ_b) != 0) {
		pr_err("acpi", "poweroff: no \\_S5 object in the DSDT");
		return -ENODEV;
	}
	smi_cmd = rd32(fadt + 48);
	enable = fadt[52];
	pm1a = rd32(fadt + 64);
	pm1b = rd32(fadt + 68);
	if (pm1a == 0 || pm1a > 0xFFFF) {
		pr_err("acpi", "poweroff: no PM1a control port");
		return -ENODEV;
	}
	if (!(inw((uint16_t)pm1a) & 1) && smi_cmd && enable) {
		outb((uint16_t)smi_cmd, enable); /* hand SCI to the OS */
		for (int i = 0; i < 300 && !(inw((uint16_t)pm1a) & 1); i++)
			time_udelay(1000);
	}
	cpu_cli();
	outw((uint16_t)pm1a, (uint16_t)((typ_a & 7u) << 10 | 1u << 13));
	if (pm1b && pm1b <= 0xFFFF)
		outw((uint16_t)pm1b, (uint16_t)((typ_b & 7u) << 10 | 1u << 13));
	time_udelay(100000);
	cpu_sti();
	pr_err("acpi", "poweroff: the machine is still running after S5");
	return -EIO;
}

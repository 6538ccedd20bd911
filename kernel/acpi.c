/*
 * ACPI poweroff (see keel/acpi.h), from the tables nano_core found and checked at boot
 * (keel/acpi_tables.h): \_S5 from the DSDT, then on a PC-style FADT SCI is enabled if the firmware
 * left it off and SLP_TYP|SLP_EN is written to PM1a (and PM1b) control; on hardware-reduced ACPI
 * (microvm, Cloud Hypervisor) SLP_TYP|SLP_EN goes to the sleep control register. Also the
 * FADT's reset register, which `reboot` tries first.
 */
#include <keel/acpi.h>
#include <keel/acpi_tables.h>
#include <keel/cpu.h>
#include <keel/errno.h>
#include <keel/log.h>
#include <keel/mm.h>
#include <keel/time.h>

#define ACPI_MAP_LIMIT (4ull << 30) /* the direct map always covers the first 4 GiB */
#define ACPI_SLP_EN_HW_REDUCED (1u << 5)

/* The DSDT, found and checked at boot (acpi_tables.c): its bytes, or NULL. */
static const uint8_t *acpi_dsdt(const struct acpi_info *ai, uint32_t *len)
{
	const struct acpi_table_ref *t = acpi_table_find(ai, "DSDT");

	if (!t || t->phys >= ACPI_MAP_LIMIT || t->length > ACPI_MAP_LIMIT - t->phys)
		return NULL;
	*len = t->length;
	return phys_ptr(paddr(t->phys));
}

/* Hardware-reduced ACPI: SLP_TYP and SLP_EN in the sleep control register. */
static void acpi_sleep_ctl_write(const struct acpi_gas *g, uint8_t typ)
{
	uint8_t v = (uint8_t)((typ & 7u) << 2 | ACPI_SLP_EN_HW_REDUCED);

	if (g->space == ACPI_GAS_IO)
		outb((uint16_t)g->address, v);
	else if (g->address < ACPI_MAP_LIMIT)
		*(volatile uint8_t *)phys_ptr(paddr(g->address)) = v;
}

int acpi_poweroff(void)
{
	const struct acpi_info *ai = acpi_info_get();
	const uint8_t *dsdt;
	uint32_t dsdt_len = 0;
	uint8_t typ_a, typ_b;

	if (!ai->has_fadt) {
		pr_err("acpi", "poweroff: no valid FADT");
		return -ENODEV;
	}
	dsdt = acpi_dsdt(ai, &dsdt_len);
	if (!dsdt || acpi_find_s5(dsdt + 36, dsdt_len - 36, &typ_a, &typ_b) != 0) {
		pr_err("acpi", "poweroff: no \\_S5 object in the DSDT");
		return -ENODEV;
	}
	if (ai->hw_reduced && ai->has_sleep_ctl) {
		cpu_cli();
		acpi_sleep_ctl_write(&ai->sleep_ctl, typ_a);
	} else {
		uint32_t pm1a = ai->pm1a_cnt, pm1b = ai->pm1b_cnt;

		if (pm1a == 0 || pm1a > 0xFFFF) {
			pr_err("acpi", "poweroff: no PM1a control port and no sleep control register");
			return -ENODEV;
		}
		if (!(inw((uint16_t)pm1a) & 1) && ai->smi_cmd && ai->smi_cmd <= 0xFFFF && ai->acpi_enable) {
			outb((uint16_t)ai->smi_cmd, ai->acpi_enable); /* hand SCI to the OS */
			for (int i = 0; i < 300 && !(inw((uint16_t)pm1a) & 1); i++)
				time_udelay(1000);
		}
		cpu_cli();
		outw((uint16_t)pm1a, (uint16_t)((typ_a & 7u) << 10 | 1u << 13));
		if (pm1b && pm1b <= 0xFFFF)
			outw((uint16_t)pm1b, (uint16_t)((typ_b & 7u) << 10 | 1u << 13));
	}
	time_udelay(100000);
	cpu_sti();
	pr_err("acpi", "poweroff: the machine is still running after S5");
	return -EIO;
}

bool acpi_reset_available(void)
{
	const struct acpi_info *ai = acpi_info_get();

	return ai->has_reset_reg && (ai->reset_reg.space == ACPI_GAS_IO || ai->reset_reg.address < ACPI_MAP_LIMIT);
}

int acpi_reset(void)
{
	const struct acpi_info *ai = acpi_info_get();

	if (!acpi_reset_available())
		return -ENODEV;
	if (ai->reset_reg.space == ACPI_GAS_IO)
		outb((uint16_t)ai->reset_reg.address, ai->reset_value);
	else
		*(volatile uint8_t *)phys_ptr(paddr(ai->reset_reg.address)) = ai->reset_value;
	time_udelay(50000);
	return -EIO; /* still running */
}

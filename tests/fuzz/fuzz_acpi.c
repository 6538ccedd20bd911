/*
 * libFuzzer target for the ACPI table parser and the MP table parser: the input is a physical
 * memory image at address 0 whose first 36 bytes are offered as the RSDP copy, then the same
 * image placed at 0xF0000 (the BIOS F segment), searched for an MP table and for an RSDP. Nothing may be read outside the image (ASan),
 * nothing may misbehave (UBSan), and the result must stay inside its bounds.
 */
#include <keel/acpi_tables.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "phys_image.h"

static void fuzz_warn(void *ctx, const char *msg)
{
	(void)ctx;
	if (strlen(msg) >= 160)
		abort();
}

static void check_out(const struct acpi_info *ai)
{
	if (ai->table_count > ACPI_TABLES_MAX || ai->ioapic_count > ACPI_IOAPICS_MAX || ai->iso_count > ACPI_ISOS_MAX ||
	    ai->nmi_source_count > ACPI_NMIS_MAX || ai->lapic_nmi_count > ACPI_NMIS_MAX || ai->mcfg_count > ACPI_MCFG_MAX)
		abort();
	for (unsigned i = 0; i < ai->table_count; i++)
		if (ai->tables[i].ok == (ai->tables[i].problem != NULL))
			abort();
	for (unsigned i = 0; i < ai->iso_count; i++)
		if (ai->isos[i].source >= 16)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct acpi_info ai;
	struct phys_image mem = { .data = data, .size = size };
	uint8_t rsdp[36];
	uint64_t phys;
	size_t n;

	if (size >= 36) {
		(void)acpi_parse(data, 36, phys_image_map, fuzz_warn, &mem, &ai);
		check_out(&ai);
	}
	/* The image as the BIOS F segment: the RSDP and MP floating-pointer searches look there. */
	mem.base = 0xF0000;
	memset(&ai, 0, sizeof(ai));
	(void)mptable_parse(phys_image_map, &mem, fuzz_warn, &ai);
	check_out(&ai);
	n = acpi_find_rsdp_bios(phys_image_map, &mem, rsdp, &phys);
	if (n) {
		(void)acpi_parse(rsdp, n, phys_image_map, fuzz_warn, &mem, &ai);
		check_out(&ai);
	}
	return 0;
}

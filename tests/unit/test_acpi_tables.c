/*
 * Host tests of the ACPI table parser (kernel/core/acpi_tables.c, acpi_parse_tables.c) over a fake
 * 1 MiB of physical memory: a complete well-formed set (XSDT, MADT, FADT, HPET, MCFG, SPCR) read
 * back field by field; the RSDP search in the EBDA and BIOS area; and malformed inputs: bad
 * checksums, lengths too short, too long and past memory, MADT entries of length 0 or
 * overrunning, a wrong root table, too many tables, and every single-byte corruption of a good
 * image (which must be survived: ASan and UBSan watch).
 */
#include <keel/acpi_tables.h>
#include <keel/errno.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "phys_image.h"

#define MEM_SIZE 0x100000u

static uint8_t mem[MEM_SIZE];
static struct phys_image img = { .data = mem, .size = sizeof(mem) };

/* A table at addr: header (sig, length, revision, OEM) + body, checksummed. */
static void put_table(uint32_t addr, const char *sig, uint8_t rev, const uint8_t *body, uint32_t body_len)
{
	uint8_t *t = mem + addr;

	memset(t, 0, 36);
	memcpy(t, sig, 4);
	phys_put32(t + 4, 36 + body_len);
	t[8] = rev;
	memcpy(t + 10, "KEELTS", 6);
	memcpy(t + 36, body, body_len);
	phys_fix_sum(t, 36 + body_len, 9);
}

static void put_rsdp(uint32_t addr, uint8_t rev, uint32_t rsdt, uint64_t xsdt)
{
	uint8_t *p = mem + addr;

	memset(p, 0, 36);
	memcpy(p, "RSD PTR ", 8);
	memcpy(p + 9, "KEELTS", 6);
	p[15] = rev;
	phys_put32(p + 16, rsdt);
	phys_put32(p + 20, 36);
	phys_put64(p + 24, xsdt);
	phys_fix_sum(p, 20, 8);
	phys_fix_sum(p, 36, 32);
}

enum { A_RSDP = 0xF0000, A_RSDT = 0x1000, A_XSDT = 0x2000, A_MADT = 0x3000, A_FADT = 0x4000, A_HPET = 0x5000,
       A_MCFG = 0x6000, A_SPCR = 0x7000, A_DSDT = 0x8000 };

static uint32_t madt_body(uint8_t *b)
{
	uint32_t n = 0;

	phys_put32(b, 0xFEE00000);
	phys_put32(b + 4, ACPI_MADT_PCAT_COMPAT);
	n = 8;
	/* two enabled CPUs, one disabled */
	for (int i = 0; i < 3; i++) {
		uint8_t e[8] = { 0, 8, (uint8_t)i, (uint8_t)i, i < 2 ? 1 : 0, 0, 0, 0 };

		memcpy(b + n, e, 8);
		n += 8;
	}
	{
		uint8_t e[12] = { 1, 12, 7, 0 };

		phys_put32(e + 4, 0xFEC00000);
		phys_put32(e + 8, 0);
		memcpy(b + n, e, 12);
		n += 12;
	}
	{
		uint8_t e0[10] = { 2, 10, 0, 0 }, e9[10] = { 2, 10, 0, 9 };

		phys_put32(e0 + 4, 2);
		phys_put32(e9 + 4, 9);
		e9[8] = ACPI_INTI_POLARITY_LOW | ACPI_INTI_TRIGGER_LEVEL;
		memcpy(b + n, e0, 10);
		memcpy(b + n + 10, e9, 10);
		n += 20;
	}
	{
		uint8_t nmi[8] = { 3, 8, 0, 0 }, lnmi[6] = { 4, 6, 0xFF, 5, 0, 1 };

		phys_put32(nmi + 4, 23);
		memcpy(b + n, nmi, 8);
		memcpy(b + n + 8, lnmi, 6);
		n += 14;
	}
	return n;
}

static void build_image(void)
{
	uint8_t body[512];
	uint32_t n;

	memset(mem, 0, sizeof(mem));
	n = madt_body(body);
	put_table(A_MADT, "APIC", 4, body, n);

	memset(body, 0, sizeof(body));
	phys_put32(body + 40 - 36, A_DSDT);
	body[46 - 36] = 9;                                  /* SCI */
	phys_put32(body + 76 - 36, 0x608);                       /* PM_TMR_BLK */
	body[91 - 36] = 4;
	body[109 - 36] = ACPI_BOOT_LEGACY_DEVICES | ACPI_BOOT_NO_VGA; /* no 8042 */
	phys_put32(body + 112 - 36, (1u << 8) | (1u << 10));    /* TMR_VAL_EXT, RESET_REG_SUP */
	body[116 - 36] = ACPI_GAS_IO;
	phys_put64(body + 116 - 36 + 4, 0xCF9);
	body[128 - 36] = 6;
	phys_put32(body + 48 - 36, 0xB2);                  /* SMI_CMD */
	body[52 - 36] = 0xF1;                               /* ACPI_ENABLE */
	phys_put32(body + 64 - 36, 0x604);                 /* PM1a_CNT_BLK */
	body[244 - 36] = ACPI_GAS_IO;                       /* SLEEP_CONTROL_REG */
	phys_put64(body + 244 - 36 + 4, 0x500);
	put_table(A_FADT, "FACP", 5, body, 276 - 36);

	memset(body, 0, sizeof(body));
	body[40 - 36] = ACPI_GAS_MEMORY;
	phys_put64(body + 44 - 36, 0xFED00000);
	put_table(A_HPET, "HPET", 1, body, 56 - 36);

	memset(body, 0, sizeof(body));
	phys_put64(body + 8, 0xB0000000);
	body[8 + 10] = 0;
	body[8 + 11] = 255;
	put_table(A_MCFG, "MCFG", 1, body, 8 + 16);

	memset(body, 0, sizeof(body));
	body[0] = 0;
	body[4] = ACPI_GAS_IO;
	body[5] = 8;
	phys_put64(body + 8, 0x3F8);
	body[52 - 36] = 1;
	body[53 - 36] = 4;
	body[58 - 36] = 7;
	put_table(A_SPCR, "SPCR", 2, body, 80 - 36);

	put_table(A_DSDT, "DSDT", 2, (const uint8_t *)"\x10\x00", 2);

	{
		uint32_t list[5] = { A_MADT, A_FADT, A_HPET, A_MCFG, A_SPCR };
		uint8_t x[40], r[20];

		for (int i = 0; i < 5; i++) {
			phys_put64(x + 8 * i, list[i]);
			phys_put32(r + 4 * i, list[i]);
		}
		put_table(A_XSDT, "XSDT", 1, x, 40);
		put_table(A_RSDT, "RSDT", 1, r, 20);
	}
	put_rsdp(A_RSDP, 2, A_RSDT, A_XSDT);
}

static int parse(struct acpi_info *ai)
{
	img.warnings = 0;
	img.last_warning[0] = '\0';
	return acpi_parse(mem + A_RSDP, 36, phys_image_map, phys_image_warn, &img, ai);
}

static struct acpi_info ai;

TEST(well_formed_set)
{
	build_image();
	CHECK_EQ_INT(parse(&ai), 0);
	CHECK_EQ_INT(img.warnings, 0);
	CHECK(ai.present && ai.xsdt);
	CHECK_EQ_U64(ai.root_phys, A_XSDT);
	CHECK_EQ_INT(ai.table_count, 7); /* XSDT, five listed, DSDT */
	CHECK(acpi_table_find(&ai, "DSDT") != NULL);
	CHECK(acpi_table_find(&ai, "SSDT") == NULL);
	CHECK(ai.has_madt);
	CHECK_EQ_U64(ai.lapic_addr, 0xFEE00000);
	CHECK_EQ_INT(ai.cpus_enabled, 2);
	CHECK_EQ_INT(ai.cpus_disabled, 1);
	CHECK_EQ_INT(ai.ioapic_count, 1);
	CHECK_EQ_U64(ai.ioapics[0].addr, 0xFEC00000);
	CHECK_EQ_INT(ai.ioapics[0].id, 7);
	CHECK_EQ_INT(ai.iso_count, 2);
	CHECK_EQ_INT(ai.nmi_source_count, 1);
	CHECK_EQ_INT(ai.nmi_sources[0].gsi, 23);
	CHECK_EQ_INT(ai.lapic_nmi_count, 1);
	CHECK_EQ_U64(ai.lapic_nmis[0].uid, 0xFFFFFFFFu);
	CHECK_EQ_INT(ai.lapic_nmis[0].lint, 1);
	CHECK(ai.has_fadt && !ai.hw_reduced);
	CHECK(ai.boot_arch_valid && !(ai.boot_arch & ACPI_BOOT_8042) && (ai.boot_arch & ACPI_BOOT_NO_VGA));
	CHECK_EQ_INT(ai.pm_timer_port, 0x608);
	CHECK(ai.pm_timer_32bit);
	CHECK(ai.has_reset_reg);
	CHECK_EQ_U64(ai.reset_reg.address, 0xCF9);
	CHECK_EQ_INT(ai.reset_value, 6);
	CHECK_EQ_U64(ai.dsdt_phys, A_DSDT);
	CHECK_EQ_INT(ai.sci_irq, 9);
	CHECK_EQ_INT(ai.smi_cmd, 0xB2);
	CHECK_EQ_INT(ai.acpi_enable, 0xF1);
	CHECK_EQ_INT(ai.pm1a_cnt, 0x604);
	CHECK_EQ_INT(ai.pm1b_cnt, 0);
	CHECK(ai.has_sleep_ctl);
	CHECK_EQ_U64(ai.sleep_ctl.address, 0x500);
	CHECK(ai.has_hpet);
	CHECK_EQ_U64(ai.hpet_addr, 0xFED00000);
	CHECK_EQ_INT(ai.mcfg_count, 1);
	CHECK_EQ_U64(ai.mcfg[0].base, 0xB0000000);
	CHECK_EQ_INT(ai.mcfg[0].bus_end, 255);
	CHECK(ai.has_spcr);
	CHECK_EQ_U64(ai.spcr_addr.address, 0x3F8);
	CHECK_EQ_INT(ai.spcr_baud_code, 7);
	CHECK_EQ_INT(ai.spcr_irq, 4);
}

TEST(isa_irq_routes)
{
	uint32_t gsi;
	uint16_t flags;

	build_image();
	CHECK_EQ_INT(parse(&ai), 0);
	acpi_isa_irq(&ai, 0, &gsi, &flags);
	CHECK_EQ_INT(gsi, 2);
	acpi_isa_irq(&ai, 9, &gsi, &flags);
	CHECK_EQ_INT(gsi, 9);
	CHECK_EQ_INT(flags & ACPI_INTI_TRIGGER_MASK, ACPI_INTI_TRIGGER_LEVEL);
	acpi_isa_irq(&ai, 4, &gsi, &flags);
	CHECK_EQ_INT(gsi, 4);
	CHECK_EQ_INT(flags, 0);
}

TEST(rsdp_checks_and_search)
{
	uint8_t copy[36];
	uint64_t phys = 0;

	build_image();
	CHECK_EQ_INT(acpi_rsdp_len(mem + A_RSDP, 36), 36);
	CHECK_EQ_INT(acpi_rsdp_len(mem + A_RSDP, 19), 0);
	CHECK_EQ_INT(acpi_find_rsdp_bios(phys_image_map, &img, copy, &phys), 36);
	CHECK_EQ_U64(phys, A_RSDP);
	CHECK(memcmp(copy, mem + A_RSDP, 36) == 0);
	/* The EBDA is searched first. */
	phys_put32(mem + 0x40E, 0x9F000 >> 4);
	put_rsdp(0x9F010, 0, A_RSDT, 0);
	CHECK_EQ_INT(acpi_find_rsdp_bios(phys_image_map, &img, copy, &phys), 20);
	CHECK_EQ_U64(phys, 0x9F010);
	/* The search looks at four candidates per step: every 16-byte phase of a step is found,
	 * after a decoy 'R' that is no RSDP, and so is the last place in the area. */
	memset(mem + 0x9F000, 0, 0x1000);
	memset(mem + A_RSDP, 0, 36);
	for (unsigned k = 0; k < 9; k++) {
		uint64_t at = k < 8 ? 0xF4000 + 16 * k : 0xFFFD0; /* after the last four-candidate step */

		mem[0xF0010] = 'R';
		put_rsdp(at, 0, A_RSDT, 0);
		CHECK_EQ_INT(acpi_find_rsdp_bios(phys_image_map, &img, copy, &phys), 20);
		CHECK_EQ_U64(phys, at);
		memset(mem + at, 0, 36);
	}
	mem[0xF0010] = 0;
	/* Not on a 16-byte boundary: not found. */
	memset(mem + 0x9F000, 0, 0x1000);
	memset(mem + A_RSDP, 0, 36);
	put_rsdp(0xF0008, 2, A_RSDT, A_XSDT);
	CHECK_EQ_INT(acpi_find_rsdp_bios(phys_image_map, &img, copy, &phys), 0);
	/* Extended checksum wrong: the 1.0 part is used, so the RSDT. */
	build_image();
	mem[A_RSDP + 32] ^= 1;
	CHECK_EQ_INT(acpi_rsdp_len(mem + A_RSDP, 36), 20);
	CHECK_EQ_INT(parse(&ai), 0);
	CHECK(!ai.xsdt);
	CHECK_EQ_U64(ai.root_phys, A_RSDT);
	CHECK(ai.has_madt && ai.has_fadt);
	/* 1.0 checksum wrong: nothing. */
	mem[A_RSDP + 8] ^= 1;
	CHECK_EQ_INT(parse(&ai), -ENOENT);
	CHECK(!ai.present);
}

TEST(bad_table_skipped_others_kept)
{
	build_image();
	mem[A_MADT + 50] ^= 0x40; /* checksum now wrong */
	CHECK_EQ_INT(parse(&ai), 0);
	CHECK(!ai.has_madt);
	CHECK(ai.has_fadt && ai.has_hpet && ai.has_spcr);
	CHECK(img.warnings >= 1);
	CHECK(strstr(img.last_warning, "bad checksum") != NULL);
	CHECK(acpi_table_find(&ai, "APIC") == NULL);
	CHECK(!ai.tables[1].ok && ai.tables[1].problem && strcmp(ai.tables[1].problem, "bad checksum") == 0);
}

TEST(bad_lengths)
{
	build_image();
	phys_put32(mem + A_HPET + 4, 20); /* shorter than a header */
	CHECK_EQ_INT(parse(&ai), 0);
	CHECK(!ai.has_hpet);
	build_image();
	phys_put32(mem + A_HPET + 4, 0xFFFFFFF0u); /* implausible */
	CHECK_EQ_INT(parse(&ai), 0);
	CHECK(!ai.has_hpet && ai.has_madt);
	/* Runs past the end of memory. */
	build_image();
	put_table(MEM_SIZE - 40, "HPET", 1, (const uint8_t *)"1234", 4);
	phys_put32(mem + MEM_SIZE - 40 + 4, 100);
	phys_put64(mem + A_XSDT + 36 + 16, MEM_SIZE - 40);
	phys_fix_sum(mem + A_XSDT, 76, 9);
	CHECK_EQ_INT(parse(&ai), 0);
	CHECK(!ai.has_hpet);
	CHECK(strstr(img.last_warning, "past reachable memory") != NULL || img.warnings >= 1);
	/* A table address outside memory, and a null one. */
	build_image();
	phys_put64(mem + A_XSDT + 36, 0x7FFFFFFFFFFull);
	phys_put64(mem + A_XSDT + 36 + 8, 0);
	phys_fix_sum(mem + A_XSDT, 76, 9);
	CHECK_EQ_INT(parse(&ai), 0);
	CHECK(!ai.has_madt && !ai.has_fadt && ai.has_hpet);
	CHECK_EQ_INT(img.warnings, 2);
	/* A table whose MADT is shorter than its fixed part. */
	build_image();
	put_table(A_MADT, "APIC", 4, (const uint8_t *)"\0\0\0\0", 4);
	CHECK_EQ_INT(parse(&ai), 0);
	CHECK(!ai.has_madt);
}

TEST(madt_entries_malformed)
{
	uint8_t body[512];
	uint32_t n;

	/* Entry length 0 must stop the walk (no endless loop). */
	build_image();
	n = madt_body(body);
	body[8 + 1] = 0;
	put_table(A_MADT, "APIC", 4, body, n);
	CHECK_EQ_INT(parse(&ai), 0);
	CHECK(ai.has_madt);
	CHECK_EQ_INT(ai.cpus_enabled, 0);
	CHECK(strstr(img.last_warning, "overruns") != NULL);
	/* The last entry overruns the table. */
	build_image();
	n = madt_body(body);
	body[n - 6 + 1] = 40;
	put_table(A_MADT, "APIC", 4, body, n);
	CHECK_EQ_INT(parse(&ai), 0);
	CHECK_EQ_INT(ai.lapic_nmi_count, 0);
	CHECK_EQ_INT(ai.iso_count, 2);
	/* An entry shorter than its type needs is skipped, the walk goes on. */
	build_image();
	n = madt_body(body);
	body[n] = 1;
	body[n + 1] = 4; /* an "I/O APIC" of 4 bytes */
	n += 4;
	put_table(A_MADT, "APIC", 4, body, n);
	CHECK_EQ_INT(parse(&ai), 0);
	CHECK_EQ_INT(ai.ioapic_count, 1);
	CHECK(strstr(img.last_warning, "needs 12") != NULL);
	/* An override for a non-ISA source, and one for IRQ 40. */
	build_image();
	n = madt_body(body);
	{
		uint8_t bad_bus[10] = { 2, 10, 1, 3 }, bad_irq[10] = { 2, 10, 0, 40 };

		memcpy(body + n, bad_bus, 10);
		memcpy(body + n + 10, bad_irq, 10);
		n += 20;
	}
	put_table(A_MADT, "APIC", 4, body, n);
	CHECK_EQ_INT(parse(&ai), 0);
	CHECK_EQ_INT(ai.iso_count, 2);
	CHECK_EQ_INT(img.warnings, 2);
}

TEST(root_and_duplicates)
{
	/* The XSDT address holds a MADT: fall back to the RSDT. */
	build_image();
	phys_put64(mem + A_RSDP + 24, A_MADT);
	phys_fix_sum(mem + A_RSDP, 36, 32);
	CHECK_EQ_INT(parse(&ai), 0);
	CHECK(!ai.xsdt && ai.has_madt);
	/* Two FADTs: the first one is used, the second reported. */
	build_image();
	phys_put64(mem + A_XSDT + 36 + 16, A_FADT);
	phys_fix_sum(mem + A_XSDT, 76, 9);
	CHECK_EQ_INT(parse(&ai), 0);
	CHECK(!ai.has_hpet && ai.has_fadt);
	CHECK(strstr(img.last_warning, "second FACP") != NULL);
	/* A root table that is neither. */
	build_image();
	phys_put32(mem + A_RSDP + 16, A_HPET);
	phys_put64(mem + A_RSDP + 24, 0);
	phys_fix_sum(mem + A_RSDP, 20, 8);
	phys_fix_sum(mem + A_RSDP, 36, 32);
	CHECK_EQ_INT(parse(&ai), -ENOENT);
}

TEST(too_many_tables)
{
	uint8_t x[8 * 40];

	build_image();
	for (int i = 0; i < 40; i++)
		phys_put64(x + 8 * i, A_HPET);
	put_table(A_XSDT, "XSDT", 1, x, sizeof(x));
	CHECK_EQ_INT(parse(&ai), 0);
	CHECK_EQ_INT(ai.table_count, ACPI_TABLES_MAX);
	CHECK(ai.has_hpet);
}

TEST(old_fadt_and_odd_fields)
{
	uint8_t body[300] = { 0 };

	build_image();
	phys_put32(body + 40 - 36, A_DSDT);
	phys_put32(body + 76 - 36, 0x408);
	body[91 - 36] = 4;
	body[109 - 36] = 0xFF; /* reserved in ACPI 1.0: must not be read as flags */
	put_table(A_FADT, "FACP", 1, body, 116 - 36);
	CHECK_EQ_INT(parse(&ai), 0);
	CHECK(ai.has_fadt && !ai.boot_arch_valid && !ai.has_reset_reg);
	CHECK_EQ_INT(ai.pm_timer_port, 0x408);
	CHECK(!ai.pm_timer_32bit);
	/* PM timer block of the wrong length. */
	body[91 - 36] = 2;
	put_table(A_FADT, "FACP", 1, body, 116 - 36);
	CHECK_EQ_INT(parse(&ai), 0);
	CHECK_EQ_INT(ai.pm_timer_port, 0);
	/* Too short to be a FADT. */
	put_table(A_FADT, "FACP", 1, body, 60);
	CHECK_EQ_INT(parse(&ai), 0);
	CHECK(!ai.has_fadt);
	/* MCFG with a ragged end, HPET in I/O space, SPCR without an address. */
	build_image();
	memset(body, 0, sizeof(body));
	phys_put64(body + 8, 0xB0000000);
	body[19] = 3;
	put_table(A_MCFG, "MCFG", 1, body, 8 + 16 + 5);
	memset(body, 0, sizeof(body));
	body[40 - 36] = ACPI_GAS_IO;
	phys_put64(body + 44 - 36, 0xFED00000);
	put_table(A_HPET, "HPET", 1, body, 20);
	memset(body, 0, sizeof(body));
	put_table(A_SPCR, "SPCR", 2, body, 44);
	CHECK_EQ_INT(parse(&ai), 0);
	CHECK_EQ_INT(ai.mcfg_count, 1);
	CHECK(!ai.has_hpet && !ai.has_spcr);
	CHECK_EQ_INT(img.warnings, 3);
}

/* Every single-byte corruption of a good image is survived with sane output. */
TEST(every_byte_flipped)
{
	static const uint32_t areas[][2] = {
		{ A_RSDP, 36 }, { A_XSDT, 76 }, { A_MADT, 120 }, { A_FADT, 276 }, { A_HPET, 56 }, { A_MCFG, 60 },
		{ A_SPCR, 80 },
	};
	unsigned runs = 0;

	for (size_t a = 0; a < sizeof(areas) / sizeof(areas[0]); a++) {
		for (uint32_t off = 0; off < areas[a][1]; off++) {
			build_image();
			mem[areas[a][0] + off] ^= 0xA5;
			(void)parse(&ai);
			CHECK(ai.table_count <= ACPI_TABLES_MAX && ai.ioapic_count <= ACPI_IOAPICS_MAX &&
			      ai.iso_count <= ACPI_ISOS_MAX && ai.mcfg_count <= ACPI_MCFG_MAX);
			runs++;
		}
	}
	CHECK(runs > 700);
}

int main(int argc, char **argv)
{
	return check_main(argc, argv, "acpi_tables");
}

/*
 * Host tests of the MP table parser (kernel/core/mptable.c), the fallback without a MADT, over a
 * fake 1 MiB of physical memory: a table with two CPUs (one disabled), ISA and PCI buses, two
 * I/O APICs, ISA assignments (IRQ 0 on pin 2, IRQ 9 level/low, identities that need no override,
 * a PCI interrupt Keel ignores, an NMI) and a LINT1 NMI read back; the floating pointer found in
 * the EBDA; and malformed inputs: bad checksums, a default configuration, a truncated table, an
 * entry overrunning it, an unknown entry type, an assignment to an unlisted I/O APIC, and every
 * single-byte corruption.
 */
#include <keel/acpi_tables.h>
#include <keel/errno.h>
#include <string.h>

#include "check.h"
#include "phys_image.h"

#define MEM_SIZE 0x100000u
#define A_FP 0xF0100u
#define A_TABLE 0x9000u

static uint8_t mem[MEM_SIZE];
static struct phys_image img = { .data = mem, .size = sizeof(mem) };
static struct acpi_info ai;
static uint32_t table_len;

static uint32_t entry(uint32_t off, const uint8_t *e, uint32_t n)
{
	memcpy(mem + A_TABLE + off, e, n);
	return off + n;
}

static void finish(uint32_t len, uint16_t count)
{
	uint8_t *t = mem + A_TABLE;

	memcpy(t, "PCMP", 4);
	t[4] = (uint8_t)len;
	t[5] = (uint8_t)(len >> 8);
	t[6] = 4;
	memcpy(t + 8, "KEELTEST", 8);
	t[34] = (uint8_t)count;
	phys_put32(t + 36, 0xFEE00000);
	phys_fix_sum(t, len, 7);
	table_len = len;
}

static void build(uint32_t fp_at)
{
	uint8_t cpu0[20] = { 0, 0, 0x14, 3 }, cpu1[20] = { 0, 1, 0x14, 0 };
	uint8_t isa[8] = { 1, 0, 'I', 'S', 'A', ' ', ' ', ' ' }, pci[8] = { 1, 1, 'P', 'C', 'I', ' ', ' ', ' ' };
	uint8_t io0[8] = { 2, 8, 0x11, 1 }, io1[8] = { 2, 9, 0x11, 1 };
	uint8_t irq0[8] = { 3, 0, 0, 0, 0, 0, 8, 2 }, irq1[8] = { 3, 0, 0, 0, 0, 1, 8, 1 };
	uint8_t irq9[8] = { 3, 0, 0xF, 0, 0, 9, 8, 9 }, pciint[8] = { 3, 0, 0xF, 0, 1, 0x10, 9, 3 };
	uint8_t nmi[8] = { 3, 1, 0, 0, 0, 0, 9, 5 }, lint1[8] = { 4, 1, 0, 0, 0, 0, 0xFF, 1 };
	uint8_t *fp = mem + fp_at;
	uint32_t off = 44;

	memset(mem, 0, sizeof(mem));
	phys_put32(io0 + 4, 0xFEC00000);
	phys_put32(io1 + 4, 0xFEC10000);
	off = entry(off, cpu0, 20);
	off = entry(off, cpu1, 20);
	off = entry(off, isa, 8);
	off = entry(off, pci, 8);
	off = entry(off, io0, 8);
	off = entry(off, io1, 8);
	off = entry(off, irq0, 8);
	off = entry(off, irq1, 8);
	off = entry(off, irq9, 8);
	off = entry(off, pciint, 8);
	off = entry(off, nmi, 8);
	off = entry(off, lint1, 8);
	finish(off, 12);
	memcpy(fp, "_MP_", 4);
	phys_put32(fp + 4, A_TABLE);
	fp[8] = 1;
	fp[9] = 4;
	phys_fix_sum(fp, 16, 10);
}

static int parse(void)
{
	memset(&ai, 0, sizeof(ai));
	img.warnings = 0;
	img.last_warning[0] = '\0';
	return mptable_parse(phys_image_map, &img, phys_image_warn, &ai);
}

TEST(well_formed_table)
{
	uint32_t gsi;
	uint16_t flags;

	build(A_FP);
	CHECK_EQ_INT(parse(), 0);
	CHECK_EQ_INT(img.warnings, 0);
	CHECK(ai.mp_table && ai.mp_gsi_assumed && !ai.has_madt);
	CHECK_EQ_U64(ai.lapic_addr, 0xFEE00000);
	CHECK_EQ_INT(ai.cpus_enabled, 1);
	CHECK_EQ_INT(ai.cpus_disabled, 1);
	CHECK_EQ_INT(ai.ioapic_count, 2);
	CHECK_EQ_INT(ai.ioapics[1].gsi_base, 24);
	CHECK_EQ_INT(ai.iso_count, 2); /* IRQ 0 -> 2 and IRQ 9 (flags); IRQ 1 is an identity */
	acpi_isa_irq(&ai, 0, &gsi, &flags);
	CHECK_EQ_INT(gsi, 2);
	acpi_isa_irq(&ai, 9, &gsi, &flags);
	CHECK_EQ_INT(gsi, 9);
	CHECK_EQ_INT(flags, 0xF);
	acpi_isa_irq(&ai, 1, &gsi, &flags);
	CHECK_EQ_INT(gsi, 1);
	CHECK_EQ_INT(ai.nmi_source_count, 1);
	CHECK_EQ_INT(ai.nmi_sources[0].gsi, 29);
	CHECK_EQ_INT(ai.lapic_nmi_count, 1);
	CHECK_EQ_INT(ai.lapic_nmis[0].lint, 1);
}

TEST(found_in_the_ebda)
{
	build(0x9FC00 + 0x40);
	phys_put32(mem + 0x40E, 0x9FC0);
	CHECK_EQ_INT(parse(), 0);
	CHECK_EQ_INT(ai.ioapic_count, 2);
	mem[0x9FC40 + 5] ^= 1; /* floating pointer checksum */
	CHECK_EQ_INT(parse(), -ENOENT);
}

TEST(malformed_tables)
{
	build(A_FP);
	mem[A_FP + 11] = 6; /* a default configuration: no table */
	phys_fix_sum(mem + A_FP, 16, 10);
	CHECK_EQ_INT(parse(), -ENOENT);
	CHECK(strstr(img.last_warning, "default configuration") != NULL);
	build(A_FP);
	mem[A_TABLE + 50] ^= 1; /* table checksum */
	CHECK_EQ_INT(parse(), -ENOENT);
	CHECK(strstr(img.last_warning, "checksum") != NULL);
	build(A_FP);
	mem[A_TABLE] = 'X';
	CHECK_EQ_INT(parse(), -ENOENT);
	/* The length claims more than memory holds. */
	build(A_FP);
	phys_put32(mem + A_FP + 4, MEM_SIZE - 50);
	memcpy(mem + MEM_SIZE - 50, mem + A_TABLE, 44);
	phys_fix_sum(mem + A_FP, 16, 10);
	CHECK_EQ_INT(parse(), -ENOENT);
	/* An unknown entry type stops the walk, what came before is kept. */
	build(A_FP);
	mem[A_TABLE + 44 + 40 + 16] = 9; /* the first I/O APIC entry */
	finish(table_len, 12);
	CHECK_EQ_INT(parse(), 0);
	CHECK_EQ_INT(ai.ioapic_count, 0);
	CHECK_EQ_INT(ai.cpus_enabled, 1);
	CHECK(strstr(img.last_warning, "unknown or overruns") != NULL);
	/* A CPU entry cut by the table's end. */
	build(A_FP);
	finish(44 + 30, 2);
	CHECK_EQ_INT(parse(), 0);
	CHECK_EQ_INT(ai.cpus_enabled + ai.cpus_disabled, 1);
	/* An assignment to an I/O APIC that is not listed. */
	build(A_FP);
	mem[A_TABLE + 44 + 40 + 16 + 16 + 6] = 77;
	finish(table_len, 12);
	CHECK_EQ_INT(parse(), 0);
	CHECK(strstr(img.last_warning, "not listed") != NULL);
	CHECK_EQ_INT(ai.iso_count, 1);
}

TEST(every_byte_flipped)
{
	unsigned runs = 0;

	build(A_FP);
	for (uint32_t off = 0; off < table_len + 16; off++) {
		build(A_FP);
		if (off < 16)
			mem[A_FP + off] ^= 0x5A;
		else
			mem[A_TABLE + off - 16] ^= 0x5A;
		(void)parse();
		CHECK(ai.ioapic_count <= ACPI_IOAPICS_MAX && ai.iso_count <= ACPI_ISOS_MAX &&
		      ai.nmi_source_count <= ACPI_NMIS_MAX && ai.lapic_nmi_count <= ACPI_NMIS_MAX);
		for (unsigned i = 0; i < ai.iso_count; i++)
			CHECK(ai.isos[i].source < 16);
		runs++;
	}
	CHECK(runs > 150);
}

int main(int argc, char **argv)
{
	return check_main(argc, argv, "mptable");
}

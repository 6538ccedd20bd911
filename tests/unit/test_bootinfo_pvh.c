/*
 * Host tests of the PVH start-info parser (kernel/core/bootinfo_pvh.c) over a fake 64 KiB of
 * physical memory: a version 1 start info with command line, two modules, a memory map and an
 * RSDP read back; version 0 (no memory map); and malformed inputs: wrong magic, truncated
 * structures, pointers outside memory, unterminated strings, too many entries, out-of-range
 * modules, a bad RSDP, and every single-byte corruption of a good image.
 */
#include <keel/bootinfo.h>
#include <keel/errno.h>
#include <string.h>

#include "check.h"
#include "phys_image.h"

#define MEM_SIZE 0x10000u
#define A_INFO 0x100u
#define A_CMDLINE 0x400u
#define A_MODS 0x800u
#define A_MMAP 0xC00u
#define A_RSDP 0x1000u
#define A_MODNAME 0x1100u

static uint8_t mem[MEM_SIZE];
static struct phys_image img = { .data = mem, .size = sizeof(mem) };
static struct boot_info bi;

static void put32(uint32_t at, uint32_t v)
{
	memcpy(mem + at, &v, 4);
}

static void put64(uint32_t at, uint64_t v)
{
	memcpy(mem + at, &v, 8);
}

static void build(uint32_t version)
{
	uint8_t sum = 0;

	memset(mem, 0, sizeof(mem));
	put32(A_INFO, PVH_START_MAGIC);
	put32(A_INFO + 4, version);
	put32(A_INFO + 12, 2);
	put64(A_INFO + 16, A_MODS);
	put64(A_INFO + 24, A_CMDLINE);
	put64(A_INFO + 32, A_RSDP);
	put64(A_INFO + 40, A_MMAP);
	put32(A_INFO + 48, 3);
	strcpy((char *)mem + A_CMDLINE, "keel.log=debug console");
	put64(A_MODS, 0x200000);
	put64(A_MODS + 8, 0x10000);
	put64(A_MODS + 16, A_MODNAME);
	put64(A_MODS + 32, 0x300000);
	put64(A_MODS + 40, 4096);
	strcpy((char *)mem + A_MODNAME, "fatdemo.img");
	put64(A_MMAP, 0);
	put64(A_MMAP + 8, 0x9FC00);
	put32(A_MMAP + 16, 1);
	put64(A_MMAP + 24, 0x100000);
	put64(A_MMAP + 32, 0xFF00000);
	put32(A_MMAP + 40, 1);
	put64(A_MMAP + 48, 0xFEC00000);
	put64(A_MMAP + 56, 0x1000);
	put32(A_MMAP + 64, 2);
	memcpy(mem + A_RSDP, "RSD PTR ", 8);
	memcpy(mem + A_RSDP + 9, "KEELTS", 6);
	mem[A_RSDP + 15] = 0;
	for (int i = 0; i < 20; i++)
		sum = (uint8_t)(sum + mem[A_RSDP + i]);
	mem[A_RSDP + 8] = (uint8_t)-sum;
}

static int parse(void)
{
	img.warnings = 0;
	img.last_warning[0] = '\0';
	return bootinfo_parse_pvh(A_INFO, phys_image_map, &bi, phys_image_warn, &img);
}

TEST(version1_complete)
{
	build(1);
	CHECK_EQ_INT(parse(), 0);
	CHECK_EQ_INT(img.warnings, 0);
	CHECK_EQ_INT(bi.protocol, BOOT_PROTOCOL_PVH);
	CHECK_EQ_STR(bi.cmdline, "keel.log=debug console");
	CHECK_EQ_INT(bi.module_count, 2);
	CHECK_EQ_U64(bi.modules[0].start, 0x200000);
	CHECK_EQ_U64(bi.modules[0].end, 0x210000);
	CHECK_EQ_STR(bi.modules[0].name, "fatdemo.img");
	CHECK_EQ_STR(bi.modules[1].name, "initrd");
	CHECK_EQ_INT(bi.mmap_count, 3);
	CHECK_EQ_U64(bi.mmap[1].base, 0x100000);
	CHECK_EQ_INT(bi.mmap[2].type, BOOT_MEM_RESERVED);
	CHECK_EQ_INT(bi.rsdp_len, 20);
	CHECK(strstr(bi.loader_name, "version 1") != NULL);
}

TEST(version0_has_no_memory_map)
{
	build(0);
	CHECK_EQ_INT(parse(), 0);
	CHECK_EQ_INT(bi.mmap_count, 0);
	CHECK_EQ_INT(img.warnings, 1);
	CHECK(strstr(img.last_warning, "no memory map") != NULL);
	CHECK_EQ_INT(bi.module_count, 2);
}

TEST(bad_magic_and_truncation)
{
	build(1);
	mem[A_INFO] ^= 1;
	CHECK_EQ_INT(parse(), -EINVAL);
	CHECK(strstr(img.last_warning, "magic") != NULL);
	CHECK_EQ_INT(bootinfo_parse_pvh(MEM_SIZE - 20, phys_image_map, &bi, phys_image_warn, &img), -EINVAL);
	CHECK(strstr(img.last_warning, "not readable") != NULL);
	/* Version 1 header cut off by the end of memory (version 0 part readable). */
	build(1);
	memmove(mem + MEM_SIZE - 44, mem + A_INFO, 44);
	CHECK_EQ_INT(bootinfo_parse_pvh(MEM_SIZE - 44, phys_image_map, &bi, phys_image_warn, &img), -EINVAL);
	CHECK(strstr(img.last_warning, "truncated") != NULL);
}

TEST(pointers_outside_memory)
{
	build(1);
	put64(A_INFO + 24, 0xFFFFFFFFFFFF0000ull);
	put64(A_INFO + 16, MEM_SIZE - 16);
	put64(A_INFO + 40, 0x7FFFFFFF0000ull);
	put64(A_INFO + 32, MEM_SIZE - 4);
	CHECK_EQ_INT(parse(), 0);
	CHECK_EQ_STR(bi.cmdline, "");
	CHECK_EQ_INT(bi.module_count, 0);
	CHECK_EQ_INT(bi.mmap_count, 0);
	CHECK_EQ_INT(bi.rsdp_len, 0);
	CHECK_EQ_INT(img.warnings, 4);
}

TEST(unterminated_and_oversized)
{
	build(1);
	memset(mem + A_CMDLINE, 'x', MEM_SIZE - A_CMDLINE); /* runs to the end of memory */
	put32(A_INFO + 12, 1000);                         /* modules */
	put32(A_INFO + 48, 100000);                       /* memory map entries */
	CHECK_EQ_INT(parse(), 0);
	CHECK(strlen(bi.cmdline) < BOOT_CMDLINE_MAX);
	CHECK(bi.module_count <= BOOT_MODULES_MAX);
	CHECK(bi.mmap_count <= BOOT_MMAP_MAX);
	CHECK(img.warnings >= 3);
}

TEST(module_out_of_range_and_bad_rsdp)
{
	build(1);
	put64(A_MODS + 8, 0xFFFFFFFFFFFFFFF0ull);
	mem[A_RSDP + 3] ^= 0x20;
	CHECK_EQ_INT(parse(), 0);
	CHECK_EQ_INT(bi.module_count, 1);
	CHECK_EQ_INT(bi.rsdp_len, 0);
	CHECK_EQ_INT(img.warnings, 2);
}

TEST(every_byte_flipped)
{
	unsigned runs = 0;

	for (uint32_t off = 0; off < 56; off++) {
		for (int bit = 0; bit < 8; bit++) {
			build(1);
			mem[A_INFO + off] ^= (uint8_t)(1u << bit);
			(void)parse();
			CHECK(bi.module_count <= BOOT_MODULES_MAX && bi.mmap_count <= BOOT_MMAP_MAX && bi.rsdp_len <= 36);
			for (unsigned i = 0; i < bi.module_count; i++)
				CHECK(bi.modules[i].end >= bi.modules[i].start);
			runs++;
		}
	}
	CHECK_EQ_INT(runs, 448);
}

int main(int argc, char **argv)
{
	return check_main(argc, argv, "bootinfo_pvh");
}

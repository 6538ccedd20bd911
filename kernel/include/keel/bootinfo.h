/*
 * What the boot loader told us, validated and copied into one fixed-size structure. Both
 * Multiboot2 (GRUB), Multiboot1 (qemu -kernel) and PVH (hvm_start_info) information are parsed into it. The parsers
 * are plain C and trust nothing: every length and offset is bounds-checked, problems are
 * reported through a warning callback, and whatever is sound is kept.
 */
#ifndef KEEL_BOOTINFO_H
#define KEEL_BOOTINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MB1_BOOT_MAGIC 0x2BADB002u
#define MB2_BOOT_MAGIC 0x36D76289u
#define PVH_START_MAGIC 0x336EC578u /* hvm_start_info.magic, also what entry.asm hands kmain */

#define BOOT_PROTOCOL_MB1 1
#define BOOT_PROTOCOL_MB2 2
#define BOOT_PROTOCOL_PVH 3

#define BOOT_CMDLINE_MAX 1024
#define BOOT_NAME_MAX 64
#define BOOT_MMAP_MAX 128
#define BOOT_MODULES_MAX 16

/* Memory map types (Multiboot / E820). */
#define BOOT_MEM_AVAILABLE 1
#define BOOT_MEM_RESERVED 2
#define BOOT_MEM_ACPI_RECLAIM 3
#define BOOT_MEM_NVS 4
#define BOOT_MEM_BAD 5

struct boot_mmap_entry {
	uint64_t base;
	uint64_t length;
	uint32_t type;
};

struct boot_module {
	uint64_t start; /* physical, inclusive */
	uint64_t end;   /* physical, exclusive */
	char name[BOOT_NAME_MAX];
};

enum boot_fb_type {
	BOOT_FB_NONE = 0,
	BOOT_FB_RGB,      /* direct colour, 24 or 32 bpp */
	BOOT_FB_EGA_TEXT, /* 80x25-style text mode at the given address */
};

struct boot_framebuffer {
	enum boot_fb_type type;
	uint64_t addr;
	uint32_t pitch, width, height;
	uint8_t bpp;
	uint8_t red_pos, red_size, green_pos, green_size, blue_pos, blue_size;
};

struct boot_info {
	int protocol; /* BOOT_PROTOCOL_*; 0 when nothing could be parsed */
	uint64_t info_phys, info_size;
	char cmdline[BOOT_CMDLINE_MAX];
	char loader_name[BOOT_NAME_MAX];
	struct boot_mmap_entry mmap[BOOT_MMAP_MAX];
	unsigned mmap_count;
	struct boot_module modules[BOOT_MODULES_MAX];
	unsigned module_count;
	struct boot_framebuffer fb;
	uint8_t rsdp[36]; /* a checksummed copy of the ACPI RSDP */
	uint8_t rsdp_len; /* 0 when absent, 20 (ACPI 1.0) or 36 (2.0+) */
	uint32_t mem_lower_kb, mem_upper_kb;
	unsigned warnings;
};

/* Called for each problem found; msg is a complete sentence fragment like "tag 6: ...". */
typedef void (*bootinfo_warn_fn)(void *ctx, const char *msg);

/*
 * Parse Multiboot2 information at `info` (physical address info_phys), of which `avail` bytes
 * may be read. Returns 0, or -EINVAL when the header itself is unusable (then `out` holds no
 * data). Tags with problems are skipped or clipped with a warning.
 */
int bootinfo_parse_mb2(const void *info, size_t avail, uint64_t info_phys, struct boot_info *out,
		       bootinfo_warn_fn warn, void *ctx);

/* Multiboot1 information points at other physical memory; map() returns a pointer to `len`
 * bytes at physical `phys`, or NULL when that range is not accessible. */
typedef const void *(*bootinfo_map_fn)(void *ctx, uint64_t phys, size_t len);

int bootinfo_parse_mb1(uint64_t info_phys, bootinfo_map_fn map, struct boot_info *out,
		       bootinfo_warn_fn warn, void *ctx);

/* PVH: struct hvm_start_info at info_phys (EBX at the PVH entry), through map() like MB1. */
int bootinfo_parse_pvh(uint64_t info_phys, bootinfo_map_fn map, struct boot_info *out,
		       bootinfo_warn_fn warn, void *ctx);

/* Human-readable memory map type. */
const char *bootinfo_mem_type_name(uint32_t type);

#endif /* KEEL_BOOTINFO_H */

/*
 * Boot-information parsers: well-formed Multiboot2 and Multiboot1 information is read field by
 * field, and malformed information (bad sizes, overruns, missing terminators, bad checksums,
 * unsupported framebuffers, absurd counts) is reported and survived, never trusted.
 */
#include "check.h"
#include "mb_builder.h"

#include <keel/bootinfo.h>
#include <keel/errno.h>

static int warn_count;
static char last_warning[200];

static void warn_cb(void *ctx, const char *msg)
{
	(void)ctx;
	warn_count++;
	snprintf(last_warning, sizeof(last_warning), "%s", msg);
}

static const uint64_t std_mmap[][3] = {
	{ 0, 0x9FC00, 1 },
	{ 0x9FC00, 0x400, 2 },
	{ 0x100000, 0x7EE0000, 1 },
	{ 0xFFFC0000, 0x40000, 2 },
};

static void build_std(struct mb2_builder *b)
{
	mb2_begin(b);
	mb2_string_tag(b, 1, "keel.test console=ttyS0");
	mb2_string_tag(b, 2, "GRUB 2.06");
	mb2_module_tag(b, 0x400000, 0x500000, "disk.img");
	mb2_mmap_tag(b, std_mmap, 4);
	mb2_end(b);
}

static int parse2(struct mb2_builder *b, struct boot_info *bi)
{
	warn_count = 0;
	last_warning[0] = 0;
	return bootinfo_parse_mb2(b->buf, b->len, 0x10000, bi, warn_cb, NULL);
}

TEST(mb2_well_formed)
{
	struct mb2_builder b;
	static struct boot_info bi;

	build_std(&b);
	CHECK_EQ_INT(parse2(&b, &bi), 0);
	CHECK_EQ_INT(warn_count, 0);
	CHECK_EQ_INT(bi.protocol, 2);
	CHECK_EQ_STR(bi.cmdline, "keel.test console=ttyS0");
	CHECK_EQ_STR(bi.loader_name, "GRUB 2.06");
	CHECK_EQ_INT(bi.module_count, 1);
	CHECK_EQ_U64(bi.modules[0].start, 0x400000);
	CHECK_EQ_U64(bi.modules[0].end, 0x500000);
	CHECK_EQ_STR(bi.modules[0].name, "disk.img");
	CHECK_EQ_INT(bi.mmap_count, 4);
	CHECK_EQ_U64(bi.mmap[2].base, 0x100000);
	CHECK_EQ_U64(bi.mmap[2].length, 0x7EE0000);
	CHECK_EQ_INT(bi.mmap[3].type, 2);
	CHECK_EQ_U64(bi.info_size, b.len);
	CHECK_EQ_INT(bi.fb.type, BOOT_FB_NONE);
}

TEST(mb2_header_rejected)
{
	struct mb2_builder b;
	static struct boot_info bi;

	build_std(&b);
	put_u32(b.buf, 8); /* total size below the minimum */
	CHECK_EQ_INT(parse2(&b, &bi), -EINVAL);
	build_std(&b);
	put_u32(b.buf, (uint32_t)b.len + 64); /* claims more than is readable */
	CHECK_EQ_INT(parse2(&b, &bi), -EINVAL);
	CHECK(warn_count > 0);
	CHECK_EQ_INT(bootinfo_parse_mb2(b.buf + 4, 100, 0, &bi, warn_cb, NULL), -EINVAL); /* misaligned */
	CHECK_EQ_INT(bootinfo_parse_mb2(NULL, 100, 0, &bi, NULL, NULL), -EINVAL);
}

TEST(mb2_tag_overrun_stops_walk)
{
	struct mb2_builder b;
	static struct boot_info bi;
	size_t off;

	mb2_begin(&b);
	mb2_string_tag(&b, 2, "loader");
	off = mb2_string_tag(&b, 1, "cmd");
	mb2_mmap_tag(&b, std_mmap, 4);
	mb2_end(&b);
	put_u32(b.buf + off + 4, 5000); /* the command-line tag claims to run past the block */
	CHECK_EQ_INT(parse2(&b, &bi), 0);
	CHECK_EQ_STR(bi.loader_name, "loader");
	CHECK_EQ_STR(bi.cmdline, "");
	CHECK_EQ_INT(bi.mmap_count, 0); /* nothing after a broken tag is trusted */
	CHECK(warn_count >= 1);
	CHECK(strstr(last_warning, "outside") != NULL);

	put_u32(b.buf + off + 4, 4); /* smaller than a tag header */
	CHECK_EQ_INT(parse2(&b, &bi), 0);
	CHECK(warn_count >= 1);
}

TEST(mb2_unterminated_strings_clipped)
{
	struct mb2_builder b;
	static struct boot_info bi;
	char longname[3000];

	mb2_begin(&b);
	mb2_tag(&b, 1, "abcdef", 6); /* no NUL */
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = 0;
	mb2_string_tag(&b, 2, longname);
	mb2_end(&b);
	CHECK_EQ_INT(parse2(&b, &bi), 0);
	CHECK_EQ_STR(bi.cmdline, "abcdef");
	CHECK_EQ_INT(strlen(bi.loader_name), BOOT_NAME_MAX - 1);
	CHECK_EQ_INT(warn_count, 2);
}

TEST(mb2_no_end_tag)
{
	struct mb2_builder b;
	static struct boot_info bi;

	mb2_begin(&b);
	mb2_string_tag(&b, 1, "x");
	CHECK_EQ_INT(parse2(&b, &bi), 0);
	CHECK_EQ_STR(bi.cmdline, "x");
	CHECK(strstr(last_warning, "end tag") != NULL);
}

TEST(mb2_mmap_bad_entry_size)
{
	struct mb2_builder b;
	static struct boot_info bi;
	size_t off;

	mb2_begin(&b);
	off = mb2_mmap_tag(&b, std_mmap, 4);
	mb2_end(&b);
	put_u32(b.buf + off + 8, 12);
	CHECK_EQ_INT(parse2(&b, &bi), 0);
	CHECK_EQ_INT(bi.mmap_count, 0);
	put_u32(b.buf + off + 8, 0);
	CHECK_EQ_INT(parse2(&b, &bi), 0);
	CHECK_EQ_INT(bi.mmap_count, 0);
	CHECK_EQ_INT(warn_count, 1);
}

TEST(mb2_mmap_clipping_and_limits)
{
	struct mb2_builder b;
	static struct boot_info bi;
	static uint64_t many[64][3];
	const uint64_t odd[][3] = {
		{ 0x1000, 0, 1 },                 /* empty: dropped silently */
		{ 1ull << 60, 0x1000, 1 },         /* beyond 52 bits: dropped */
		{ 0xFFFFFFFFF000ull, ~0ull, 1 },   /* wraps: clipped */
		{ 0x200000, 0x1000, 0 },           /* type 0: treated as reserved */
	};

	mb2_begin(&b);
	mb2_mmap_tag(&b, odd, 4);
	mb2_end(&b);
	CHECK_EQ_INT(parse2(&b, &bi), 0);
	CHECK_EQ_INT(bi.mmap_count, 2);
	CHECK_EQ_U64(bi.mmap[0].base + bi.mmap[0].length - 1, (1ull << 52) - 1);
	CHECK_EQ_INT(bi.mmap[1].type, BOOT_MEM_RESERVED);
	CHECK_EQ_INT(warn_count, 2);

	for (int i = 0; i < 64; i++) {
		many[i][0] = (uint64_t)i << 20;
		many[i][1] = 4096;
		many[i][2] = 1;
	}
	mb2_begin(&b);
	mb2_mmap_tag(&b, many, 64);
	mb2_mmap_tag(&b, many, 64);
	mb2_mmap_tag(&b, many, 64);
	mb2_end(&b);
	CHECK_EQ_INT(parse2(&b, &bi), 0);
	CHECK_EQ_INT(bi.mmap_count, BOOT_MMAP_MAX);
	CHECK(warn_count >= 1);
}

static size_t fb_tag(struct mb2_builder *b, uint64_t addr, uint32_t pitch, uint32_t w, uint32_t h, uint8_t bpp,
		     uint8_t type, const uint8_t *color, size_t color_len)
{
	uint8_t p[64] = { 0 };

	put_u64(p, addr);
	put_u32(p + 8, pitch);
	put_u32(p + 12, w);
	put_u32(p + 16, h);
	p[20] = bpp;
	p[21] = type;
	memcpy(p + 24, color, color_len);
	return mb2_tag(b, 8, p, 24 + color_len);
}

TEST(mb2_framebuffer)
{
	struct mb2_builder b;
	static struct boot_info bi;
	const uint8_t rgb[6] = { 16, 8, 8, 8, 0, 8 };
	const uint8_t bad_rgb[6] = { 30, 8, 8, 8, 0, 8 };

	mb2_begin(&b);
	fb_tag(&b, 0xFD000000, 4096, 1024, 768, 32, 1, rgb, 6);
	mb2_end(&b);
	CHECK_EQ_INT(parse2(&b, &bi), 0);
	CHECK_EQ_INT(bi.fb.type, BOOT_FB_RGB);
	CHECK_EQ_INT(bi.fb.width, 1024);
	CHECK_EQ_INT(bi.fb.red_pos, 16);
	CHECK_EQ_INT(bi.fb.blue_size, 8);

	mb2_begin(&b);
	fb_tag(&b, 0xFD000000, 4096, 1024, 768, 8, 0, rgb, 6); /* indexed: refused */
	mb2_end(&b);
	CHECK_EQ_INT(parse2(&b, &bi), 0);
	CHECK_EQ_INT(bi.fb.type, BOOT_FB_NONE);
	CHECK(strstr(last_warning, "indexed") != NULL);

	mb2_begin(&b);
	fb_tag(&b, 0xFD000000, 1000, 1024, 768, 32, 1, rgb, 6); /* pitch too small */
	mb2_end(&b);
	CHECK_EQ_INT(parse2(&b, &bi), 0);
	CHECK_EQ_INT(bi.fb.type, BOOT_FB_NONE);

	mb2_begin(&b);
	fb_tag(&b, 0xFD000000, 4096, 1024, 768, 32, 1, bad_rgb, 6); /* field past 32 bits */
	mb2_end(&b);
	CHECK_EQ_INT(parse2(&b, &bi), 0);
	CHECK_EQ_INT(bi.fb.type, BOOT_FB_NONE);

	mb2_begin(&b);
	fb_tag(&b, 0xFD000000, 3072, 1024, 768, 24, 1, rgb, 2); /* colour info truncated */
	mb2_end(&b);
	CHECK_EQ_INT(parse2(&b, &bi), 0);
	CHECK_EQ_INT(bi.fb.type, BOOT_FB_NONE);

	mb2_begin(&b);
	fb_tag(&b, 0xB8000, 160, 80, 25, 16, 2, rgb, 0); /* EGA text */
	mb2_end(&b);
	CHECK_EQ_INT(parse2(&b, &bi), 0);
	CHECK_EQ_INT(bi.fb.type, BOOT_FB_EGA_TEXT);
	CHECK_EQ_INT(bi.fb.width, 80);
}

static void rsdp_make(uint8_t *r, int rev)
{
	uint8_t sum = 0;

	memset(r, 0, 36);
	memcpy(r, "RSD PTR ", 8);
	memcpy(r + 9, "KEELOS", 6);
	r[15] = (uint8_t)rev;
	put_u32(r + 16, 0xE0000);
	for (int i = 0; i < 20; i++)
		sum = (uint8_t)(sum + r[i]);
	r[8] = (uint8_t)-sum;
	if (rev >= 2) {
		put_u32(r + 20, 36);
		put_u64(r + 24, 0xE0100);
		sum = 0;
		for (int i = 0; i < 36; i++)
			sum = (uint8_t)(sum + r[i]);
		r[32] = (uint8_t)-sum;
	}
}

TEST(mb2_acpi_rsdp)
{
	struct mb2_builder b;
	static struct boot_info bi;
	uint8_t r1[36], r2[36];

	rsdp_make(r1, 0);
	rsdp_make(r2, 2);
	mb2_begin(&b);
	mb2_tag(&b, 15, r2, 36);
	mb2_tag(&b, 14, r1, 20);
	mb2_end(&b);
	CHECK_EQ_INT(parse2(&b, &bi), 0);
	CHECK_EQ_INT(bi.rsdp_len, 36); /* the extended copy wins */
	CHECK_EQ_INT(warn_count, 0);

	r1[8] ^= 1; /* bad checksum */
	mb2_begin(&b);
	mb2_tag(&b, 14, r1, 20);
	mb2_end(&b);
	CHECK_EQ_INT(parse2(&b, &bi), 0);
	CHECK_EQ_INT(bi.rsdp_len, 0);
	CHECK(strstr(last_warning, "checksum") != NULL);

	r2[32] ^= 1; /* bad extended checksum: falls back to the 1.0 part */
	mb2_begin(&b);
	mb2_tag(&b, 15, r2, 36);
	mb2_end(&b);
	CHECK_EQ_INT(parse2(&b, &bi), 0);
	CHECK_EQ_INT(bi.rsdp_len, 20);
}

TEST(mb2_modules_bad)
{
	struct mb2_builder b;
	static struct boot_info bi;

	mb2_begin(&b);
	mb2_module_tag(&b, 0x500000, 0x400000, "backwards");
	mb2_tag(&b, 3, "\x01\x02", 2); /* too small */
	for (int i = 0; i < 20; i++)
		mb2_module_tag(&b, 0x100000u * (unsigned)i, 0x100000u * (unsigned)i + 10, "m");
	mb2_end(&b);
	CHECK_EQ_INT(parse2(&b, &bi), 0);
	CHECK_EQ_INT(bi.module_count, BOOT_MODULES_MAX);
	CHECK_EQ_INT(warn_count, 2 + 20 - BOOT_MODULES_MAX);
}

/* ---- Multiboot1: a fake physical memory of 1 MiB. */
static uint8_t phys[1 << 20];

static const void *map_phys(void *ctx, uint64_t pa, size_t len)
{
	(void)ctx;
	if (pa >= sizeof(phys) || len > sizeof(phys) - pa)
		return NULL;
	return phys + pa;
}

static void mb1_build(void)
{
	uint8_t *h = phys + 0x1000;

	memset(phys, 0, sizeof(phys));
	put_u32(h, (1u << 0) | (1u << 2) | (1u << 3) | (1u << 6) | (1u << 9));
	put_u32(h + 4, 639);
	put_u32(h + 8, 130048);
	put_u32(h + 16, 0x2000);
	strcpy((char *)phys + 0x2000, "keel.elf keel.test");
	put_u32(h + 20, 2);
	put_u32(h + 24, 0x3000);
	put_u32(phys + 0x3000, 0x80000);
	put_u32(phys + 0x3004, 0x90000);
	put_u32(phys + 0x3008, 0x2100);
	strcpy((char *)phys + 0x2100, "disk.img");
	put_u32(phys + 0x3010, 0x90000);
	put_u32(phys + 0x3014, 0x90010);
	put_u32(phys + 0x3018, 0);
	put_u32(h + 44, 3 * 24);
	put_u32(h + 48, 0x4000);
	for (int i = 0; i < 3; i++) {
		uint8_t *e = phys + 0x4000 + i * 24;

		put_u32(e, 20);
		put_u64(e + 4, std_mmap[i][0]);
		put_u64(e + 12, std_mmap[i][1]);
		put_u32(e + 20, (uint32_t)std_mmap[i][2]);
	}
	put_u32(h + 64, 0x2200);
	strcpy((char *)phys + 0x2200, "qemu");
}

TEST(mb1_well_formed)
{
	static struct boot_info bi;

	mb1_build();
	warn_count = 0;
	CHECK_EQ_INT(bootinfo_parse_mb1(0x1000, map_phys, &bi, warn_cb, NULL), 0);
	CHECK_EQ_INT(warn_count, 0);
	CHECK_EQ_INT(bi.protocol, 1);
	CHECK_EQ_STR(bi.cmdline, "keel.elf keel.test");
	CHECK_EQ_STR(bi.loader_name, "qemu");
	CHECK_EQ_INT(bi.module_count, 2);
	CHECK_EQ_STR(bi.modules[0].name, "disk.img");
	CHECK_EQ_STR(bi.modules[1].name, "");
	CHECK_EQ_INT(bi.mmap_count, 3);
	CHECK_EQ_U64(bi.mmap[2].length, 0x7EE0000);
	CHECK_EQ_INT(bi.mem_upper_kb, 130048);
}

TEST(mb1_malformed)
{
	static struct boot_info bi;

	CHECK_EQ_INT(bootinfo_parse_mb1(sizeof(phys) - 10, map_phys, &bi, warn_cb, NULL), -EINVAL);

	mb1_build();
	put_u32(phys + 0x1000 + 16, sizeof(phys) + 100); /* command line outside memory */
	put_u32(phys + 0x1000 + 24, sizeof(phys) - 8);   /* module list runs off the end */
	put_u32(phys + 0x4000 + 24, 2);                  /* second mmap entry size too small */
	warn_count = 0;
	CHECK_EQ_INT(bootinfo_parse_mb1(0x1000, map_phys, &bi, warn_cb, NULL), 0);
	CHECK_EQ_STR(bi.cmdline, "");
	CHECK_EQ_INT(bi.module_count, 0);
	CHECK_EQ_INT(bi.mmap_count, 1);
	CHECK_EQ_INT(warn_count, 3);

	/* An unterminated string at the very end of memory is clipped, not overrun. */
	mb1_build();
	memset(phys + sizeof(phys) - 16, 'a', 16);
	put_u32(phys + 0x1000 + 16, sizeof(phys) - 16);
	CHECK_EQ_INT(bootinfo_parse_mb1(0x1000, map_phys, &bi, warn_cb, NULL), 0);
	CHECK_EQ_INT(strlen(bi.cmdline), 16);

	/* No memory map: fall back to the basic sizes. */
	mb1_build();
	put_u32(phys + 0x1000, (1u << 0));
	CHECK_EQ_INT(bootinfo_parse_mb1(0x1000, map_phys, &bi, warn_cb, NULL), 0);
	CHECK_EQ_INT(bi.mmap_count, 2);
	CHECK_EQ_U64(bi.mmap[1].base, 0x100000);
	CHECK_EQ_U64(bi.mmap[1].length, 130048ull * 1024);
}

CHECK_MAIN("bootinfo")

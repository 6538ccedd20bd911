/*
 * Private helpers of the boot-information parsers (bootinfo_mb1.c, bootinfo_mb2.c,
 * bootinfo_pvh.c, bootinfo_common.c). Not for use outside them.
 */
#ifndef KEEL_BOOTINFO_INTERNAL_H
#define KEEL_BOOTINFO_INTERNAL_H

#include <stdarg.h>
#include <stdint.h>

#include <keel/bootinfo.h>
#include <keel/compiler.h>

#define BOOTINFO_PHYS_LIMIT ((1ull << 52) - 1)

struct bootinfo_parse {
	struct boot_info *out;
	bootinfo_warn_fn warn;
	void *ctx;
};

void bootinfo_warnf(struct bootinfo_parse *p, const char *fmt, ...) KEEL_PRINTF(2, 3);
void bootinfo_copy_string(struct bootinfo_parse *p, char *dst, size_t dst_size, const char *src,
			  size_t src_max, const char *what);
/* Copy a NUL-terminated string at a physical address, mapped in bounded pieces. */
#define BOOTINFO_STRING_MAX 4096
void bootinfo_phys_string(struct bootinfo_parse *p, bootinfo_map_fn map, uint64_t phys, char *dst,
			  size_t dst_size, const char *what);
void bootinfo_add_mmap(struct bootinfo_parse *p, uint64_t base, uint64_t length, uint32_t type);
void bootinfo_add_module(struct bootinfo_parse *p, uint64_t start, uint64_t end, const char *name,
			 size_t name_max);
void bootinfo_set_rgb_fb(struct bootinfo_parse *p, const struct boot_framebuffer *fb);
void bootinfo_set_rsdp(struct bootinfo_parse *p, const uint8_t *rsdp, size_t len);

/* Unaligned little-endian loads (boot information may be packed arbitrarily). */
static inline uint32_t bootinfo_u32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t bootinfo_u64(const uint8_t *p)
{
	return (uint64_t)bootinfo_u32(p) | (uint64_t)bootinfo_u32(p + 4) << 32;
}

static inline uint16_t bootinfo_u16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

#endif /* KEEL_BOOTINFO_INTERNAL_H */

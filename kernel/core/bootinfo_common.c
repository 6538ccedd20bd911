/*
 * Helpers shared by the Multiboot1, Multiboot2 and PVH parsers: bounded string copies (also from
 * physical addresses through the caller's map()), memory map
 * and module entries with validation, the framebuffer and RSDP checks, and warnings. Plain C,
 * host-tested (tests/unit/test_bootinfo.c).
 */
#include "kernel/core/bootinfo_internal.h"

#include <keel/format.h>
#include <string.h>

void bootinfo_warnf(struct bootinfo_parse *p, const char *fmt, ...)
{
	va_list ap;

	p->out->warnings++;
	va_start(ap, fmt);
	keel_vmessage(p->warn, p->ctx, fmt, ap);
	va_end(ap);
}

void bootinfo_copy_string(struct bootinfo_parse *p, char *dst, size_t dst_size, const char *src,
			  size_t src_max, const char *what)
{
	size_t n = strnlen(src, src_max);

	if (n == src_max)
		bootinfo_warnf(p, "%s is not NUL-terminated; clipped", what);
	if (n >= dst_size) {
		bootinfo_warnf(p, "%s is %zu bytes; kept the first %zu", what, n, dst_size - 1);
		n = dst_size - 1;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Copy a NUL-terminated string at a physical address, mapping it in bounded pieces. */
void bootinfo_phys_string(struct bootinfo_parse *p, bootinfo_map_fn map, uint64_t phys, char *dst,
			  size_t dst_size, const char *what)
{
	size_t n = 0;

	dst[0] = '\0';
	for (;;) {
		const char *c = map(p->ctx, phys + n, 1);

		if (!c) {
			bootinfo_warnf(p, "%s at 0x%llx is not readable; clipped", what, (unsigned long long)phys);
			break;
		}
		if (*c == '\0')
			break;
		if (n + 1 >= dst_size || n >= BOOTINFO_STRING_MAX) {
			bootinfo_warnf(p, "%s is longer than %zu bytes; clipped", what, dst_size - 1);
			break;
		}
		dst[n++] = *c;
	}
	dst[n] = '\0';
}

void bootinfo_add_mmap(struct bootinfo_parse *p, uint64_t base, uint64_t length, uint32_t type)
{
	struct boot_info *b = p->out;

	if (length == 0)
		return;
	if (base > BOOTINFO_PHYS_LIMIT) {
		bootinfo_warnf(p, "memory map entry at 0x%llx is beyond the physical address limit; ignored",
			       (unsigned long long)base);
		return;
	}
	if (length > BOOTINFO_PHYS_LIMIT - base + 1) {
		bootinfo_warnf(p, "memory map entry at 0x%llx runs past the physical address limit; clipped",
			       (unsigned long long)base);
		length = BOOTINFO_PHYS_LIMIT - base + 1;
	}
	if (type == 0)
		type = BOOT_MEM_RESERVED;
	if (b->mmap_count >= BOOT_MMAP_MAX) {
		bootinfo_warnf(p, "more than %d memory map entries; the rest ignored", BOOT_MMAP_MAX);
		return;
	}
	b->mmap[b->mmap_count++] = (struct boot_mmap_entry){ base, length, type };
}

void bootinfo_add_module(struct bootinfo_parse *p, uint64_t start, uint64_t end, const char *name,
			 size_t name_max)
{
	struct boot_info *b = p->out;
	struct boot_module *m;

	if (end < start) {
		bootinfo_warnf(p, "module at 0x%llx ends before it starts; ignored", (unsigned long long)start);
		return;
	}
	if (b->module_count >= BOOT_MODULES_MAX) {
		bootinfo_warnf(p, "more than %d modules; the rest ignored", BOOT_MODULES_MAX);
		return;
	}
	m = &b->modules[b->module_count++];
	m->start = start;
	m->end = end;
	if (name)
		bootinfo_copy_string(p, m->name, sizeof(m->name), name, name_max, "module name");
	else
		m->name[0] = '\0';
}

void bootinfo_set_rgb_fb(struct bootinfo_parse *p, const struct boot_framebuffer *fb)
{
	uint64_t bytes;

	if (fb->bpp != 24 && fb->bpp != 32) {
		bootinfo_warnf(p, "framebuffer has %u bits per pixel; only 24 and 32 are supported", fb->bpp);
		return;
	}
	if (fb->width == 0 || fb->height == 0 || fb->pitch < (uint64_t)fb->width * (fb->bpp / 8)) {
		bootinfo_warnf(p, "framebuffer geometry %ux%u pitch %u is inconsistent; ignored", fb->width,
			       fb->height, fb->pitch);
		return;
	}
	bytes = (uint64_t)fb->pitch * fb->height;
	if (fb->addr == 0 || fb->addr > BOOTINFO_PHYS_LIMIT || bytes > BOOTINFO_PHYS_LIMIT - fb->addr) {
		bootinfo_warnf(p, "framebuffer address 0x%llx is invalid; ignored", (unsigned long long)fb->addr);
		return;
	}
	if (fb->red_pos + fb->red_size > fb->bpp || fb->green_pos + fb->green_size > fb->bpp ||
	    fb->blue_pos + fb->blue_size > fb->bpp || !fb->red_size || !fb->green_size || !fb->blue_size) {
		bootinfo_warnf(p, "framebuffer colour fields do not fit in %u bits; ignored", fb->bpp);
		return;
	}
	p->out->fb = *fb;
	p->out->fb.type = BOOT_FB_RGB;
}

void bootinfo_set_rsdp(struct bootinfo_parse *p, const uint8_t *rsdp, size_t len)
{
	uint8_t sum = 0;
	size_t need;

	if (len < 20 || memcmp(rsdp, "RSD PTR ", 8) != 0) {
		bootinfo_warnf(p, "ACPI RSDP copy is malformed; ignored");
		return;
	}
	for (size_t i = 0; i < 20; i++)
		sum = (uint8_t)(sum + rsdp[i]);
	if (sum != 0) {
		bootinfo_warnf(p, "ACPI RSDP checksum is wrong; ignored");
		return;
	}
	need = rsdp[15] >= 2 ? 36 : 20; /* revision >= 2: extended RSDP */
	if (need == 36) {
		if (len < 36) {
			bootinfo_warnf(p, "ACPI 2.0 RSDP is truncated; using the 1.0 part");
			need = 20;
		} else {
			sum = 0;
			for (size_t i = 0; i < 36; i++)
				sum = (uint8_t)(sum + rsdp[i]);
			if (sum != 0) {
				bootinfo_warnf(p, "ACPI 2.0 RSDP extended checksum is wrong; using the 1.0 part");
				need = 20;
			}
		}
	}
	/* Prefer the extended copy when both tags are present. */
	if (p->out->rsdp_len > need)
		return;
	memcpy(p->out->rsdp, rsdp, need);
	p->out->rsdp_len = (uint8_t)need;
}

const char *bootinfo_mem_type_name(uint32_t type)
{
	switch (type) {
	case BOOT_MEM_AVAILABLE:
		return "available";
	case BOOT_MEM_RESERVED:
		return "reserved";
	case BOOT_MEM_ACPI_RECLAIM:
		return "ACPI reclaimable";
	case BOOT_MEM_NVS:
		return "ACPI NVS";
	case BOOT_MEM_BAD:
		return "bad";
	default:
		return "unknown";
	}
}

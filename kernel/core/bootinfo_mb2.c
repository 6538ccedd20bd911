/*
 * Multiboot2 boot-information parser. The information is one self-contained block: a header
 * (total_size, reserved) and 8-byte-aligned tags (type, size, payload) ending with an end tag.
 * Every tag is checked against the block and against its own minimum size before a field is
 * read; a malformed tag is reported and skipped, and a tag whose size would leave the block
 * ends the walk (nothing past it can be trusted).
 */
#include "kernel/core/bootinfo_internal.h"

#include <keel/errno.h>
#include <string.h>

enum {
	MB2_TAG_END = 0,
	MB2_TAG_CMDLINE = 1,
	MB2_TAG_LOADER = 2,
	MB2_TAG_MODULE = 3,
	MB2_TAG_MEMINFO = 4,
	MB2_TAG_MMAP = 6,
	MB2_TAG_FRAMEBUFFER = 8,
	MB2_TAG_ACPI_OLD = 14,
	MB2_TAG_ACPI_NEW = 15,
};

static void mb2_mmap(struct bootinfo_parse *p, const uint8_t *t, uint32_t size)
{
	uint32_t entry_size, n;

	if (size < 16) {
		bootinfo_warnf(p, "tag 6 (memory map) is %u bytes, too small; ignored", size);
		return;
	}
	entry_size = bootinfo_u32(t + 8);
	if (entry_size < 24 || entry_size % 8 != 0) {
		bootinfo_warnf(p, "tag 6 (memory map) entry size %u is invalid; ignored", entry_size);
		return;
	}
	if ((size - 16) % entry_size != 0)
		bootinfo_warnf(p, "tag 6 (memory map) has a partial entry at its end; ignored that entry");
	n = (size - 16) / entry_size;
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *e = t + 16 + (size_t)i * entry_size;

		bootinfo_add_mmap(p, bootinfo_u64(e), bootinfo_u64(e + 8), bootinfo_u32(e + 16));
	}
}

static void mb2_framebuffer(struct bootinfo_parse *p, const uint8_t *t, uint32_t size)
{
	struct boot_framebuffer fb = { 0 };
	uint8_t type;

	if (size < 32) {
		bootinfo_warnf(p, "tag 8 (framebuffer) is %u bytes, too small; ignored", size);
		return;
	}
	fb.addr = bootinfo_u64(t + 8);
	fb.pitch = bootinfo_u32(t + 16);
	fb.width = bootinfo_u32(t + 20);
	fb.height = bootinfo_u32(t + 24);
	fb.bpp = t[28];
	type = t[29];
	if (type == 1) {
		if (size < 38) {
			bootinfo_warnf(p, "tag 8 (framebuffer) RGB colour info is truncated; ignored");
			return;
		}
		fb.red_pos = t[32];
		fb.red_size = t[33];
		fb.green_pos = t[34];
		fb.green_size = t[35];
		fb.blue_pos = t[36];
		fb.blue_size = t[37];
		bootinfo_set_rgb_fb(p, &fb);
	} else if (type == 2) {
		if (fb.addr == 0 || fb.width == 0 || fb.height == 0 || fb.width > 1024 || fb.height > 1024) {
			bootinfo_warnf(p, "tag 8 (framebuffer) EGA text geometry %ux%u is invalid; ignored",
				       fb.width, fb.height);
			return;
		}
		fb.type = BOOT_FB_EGA_TEXT;
		p->out->fb = fb;
	} else if (type == 0) {
		bootinfo_warnf(p, "framebuffer is indexed colour (%u bpp); not supported, ignored", fb.bpp);
	} else {
		bootinfo_warnf(p, "framebuffer type %u is unknown; ignored", type);
	}
}

static void mb2_tag(struct bootinfo_parse *p, const uint8_t *t, uint32_t type, uint32_t size)
{
	struct boot_info *b = p->out;

	switch (type) {
	case MB2_TAG_CMDLINE:
		bootinfo_copy_string(p, b->cmdline, sizeof(b->cmdline), (const char *)t + 8, size - 8,
				     "command line");
		break;
	case MB2_TAG_LOADER:
		bootinfo_copy_string(p, b->loader_name, sizeof(b->loader_name), (const char *)t + 8, size - 8,
				     "boot loader name");
		break;
	case MB2_TAG_MODULE:
		if (size < 16) {
			bootinfo_warnf(p, "tag 3 (module) is %u bytes, too small; ignored", size);
			break;
		}
		bootinfo_add_module(p, bootinfo_u32(t + 8), bootinfo_u32(t + 12), (const char *)t + 16,
				    size - 16);
		break;
	case MB2_TAG_MEMINFO:
		if (size < 16) {
			bootinfo_warnf(p, "tag 4 (basic memory info) is %u bytes, too small; ignored", size);
			break;
		}
		b->mem_lower_kb = bootinfo_u32(t + 8);
		b->mem_upper_kb = bootinfo_u32(t + 12);
		break;
	case MB2_TAG_MMAP:
		mb2_mmap(p, t, size);
		break;
	case MB2_TAG_FRAMEBUFFER:
		mb2_framebuffer(p, t, size);
		break;
	case MB2_TAG_ACPI_OLD:
	case MB2_TAG_ACPI_NEW:
		bootinfo_set_rsdp(p, t + 8, size - 8);
		break;
	default:
		break; /* tags we do not use (ELF sections, APM, EFI tables, load base, ...) */
	}
}

int bootinfo_parse_mb2(const void *info, size_t avail, uint64_t info_phys, struct boot_info *out,
		       bootinfo_warn_fn warn, void *ctx)
{
	struct bootinfo_parse p = { out, warn, ctx };
	const uint8_t *base = info;
	uint32_t total;
	size_t off;
	bool ended = false;

	memset(out, 0, sizeof(*out));
	if (!info || avail < 16 || ((uintptr_t)info & 7) != 0) {
		bootinfo_warnf(&p, "Multiboot2 information is missing or misaligned");
		return -EINVAL;
	}
	total = bootinfo_u32(base);
	if (total < 16 || total > avail) {
		bootinfo_warnf(&p, "Multiboot2 information claims %u bytes (valid: 16..%zu)", total, avail);
		return -EINVAL;
	}
	out->protocol = 2;
	out->info_phys = info_phys;
	out->info_size = total;

	for (off = 8; off + 8 <= total; ) {
		const uint8_t *t = base + off;
		uint32_t type = bootinfo_u32(t), size = bootinfo_u32(t + 4);

		if (type == MB2_TAG_END) {
			if (size != 8)
				bootinfo_warnf(&p, "end tag has size %u (expected 8)", size);
			ended = true;
			break;
		}
		if (size < 8 || size > total - off) {
			bootinfo_warnf(&p, "tag %u at offset %zu has size %u, outside the information block; "
				       "stopped reading tags", type, off, size);
			ended = true;
			break;
		}
		mb2_tag(&p, t, type, size);
		off += ((size_t)size + 7) & ~(size_t)7;
	}
	if (!ended)
		bootinfo_warnf(&p, "Multiboot2 information has no end tag");
	return 0;
}

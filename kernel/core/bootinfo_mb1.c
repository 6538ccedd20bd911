/*
 * Multiboot1 boot-information parser (qemu -kernel uses Multiboot1). Unlike Multiboot2 the
 * information is scattered: the fixed header holds physical pointers to the command line,
 * module list, memory map and loader name. Each is fetched through the caller's map()
 * function, which refuses ranges it cannot provide, and each is validated before use.
 */
#include "kernel/core/bootinfo_internal.h"

#include <keel/errno.h>
#include <string.h>

#define MB1_INFO_SIZE 116
#define MB1_FLAG_MEM (1u << 0)
#define MB1_FLAG_CMDLINE (1u << 2)
#define MB1_FLAG_MODS (1u << 3)
#define MB1_FLAG_MMAP (1u << 6)
#define MB1_FLAG_LOADER (1u << 9)
#define MB1_FLAG_FB (1u << 12)

static void mb1_mmap(struct bootinfo_parse *p, bootinfo_map_fn map, uint64_t addr, uint32_t length)
{
	uint64_t off = 0;

	while (off + 4 <= length) {
		const uint8_t *e = map(p->ctx, addr + off, 4);
		uint32_t size;

		if (!e) {
			bootinfo_warnf(p, "memory map at 0x%llx is not readable", (unsigned long long)(addr + off));
			return;
		}
		size = bootinfo_u32(e);
		if (size < 20 || off + 4 + size > length) {
			bootinfo_warnf(p, "memory map entry at offset %llu has size %u; stopped reading the map",
				       (unsigned long long)off, size);
			return;
		}
		e = map(p->ctx, addr + off + 4, 20);
		if (!e) {
			bootinfo_warnf(p, "memory map entry at 0x%llx is not readable", (unsigned long long)(addr + off));
			return;
		}
		bootinfo_add_mmap(p, bootinfo_u64(e), bootinfo_u64(e + 8), bootinfo_u32(e + 16));
		off += 4 + (uint64_t)size;
	}
}

static void mb1_modules(struct bootinfo_parse *p, bootinfo_map_fn map, uint64_t addr, uint32_t count)
{
	if (count > BOOT_MODULES_MAX) {
		bootinfo_warnf(p, "%u modules; only the first %d are used", count, BOOT_MODULES_MAX);
		count = BOOT_MODULES_MAX;
	}
	for (uint32_t i = 0; i < count; i++) {
		const uint8_t *m = map(p->ctx, addr + (uint64_t)i * 16, 16);
		char name[BOOT_NAME_MAX];
		uint32_t string;

		if (!m) {
			bootinfo_warnf(p, "module list at 0x%llx is not readable", (unsigned long long)addr);
			return;
		}
		string = bootinfo_u32(m + 8);
		name[0] = '\0';
		if (string)
			bootinfo_phys_string(p, map, string, name, sizeof(name), "module name");
		bootinfo_add_module(p, bootinfo_u32(m), bootinfo_u32(m + 4), name, sizeof(name));
	}
}

static void mb1_framebuffer(struct bootinfo_parse *p, const uint8_t *h)
{
	struct boot_framebuffer fb = { 0 };
	uint8_t type = h[109];

	fb.addr = bootinfo_u64(h + 88);
	fb.pitch = bootinfo_u32(h + 96);
	fb.width = bootinfo_u32(h + 100);
	fb.height = bootinfo_u32(h + 104);
	fb.bpp = h[108];
	if (type == 1) {
		fb.red_pos = h[110];
		fb.red_size = h[111];
		fb.green_pos = h[112];
		fb.green_size = h[113];
		fb.blue_pos = h[114];
		fb.blue_size = h[115];
		bootinfo_set_rgb_fb(p, &fb);
	} else if (type == 2) {
		if (fb.addr && fb.width && fb.height && fb.width <= 1024 && fb.height <= 1024) {
			fb.type = BOOT_FB_EGA_TEXT;
			p->out->fb = fb;
		} else {
			bootinfo_warnf(p, "EGA text framebuffer geometry is invalid; ignored");
		}
	} else {
		bootinfo_warnf(p, "framebuffer type %u is not supported; ignored", type);
	}
}

int bootinfo_parse_mb1(uint64_t info_phys, bootinfo_map_fn map, struct boot_info *out,
		       bootinfo_warn_fn warn, void *ctx)
{
	struct bootinfo_parse p = { out, warn, ctx };
	const uint8_t *h;
	uint32_t flags;

	memset(out, 0, sizeof(*out));
	h = map(ctx, info_phys, MB1_INFO_SIZE);
	if (!h) {
		/* The framebuffer fields are optional; the first 88 bytes are enough without them. */
		h = map(ctx, info_phys, 88);
		if (!h) {
			bootinfo_warnf(&p, "Multiboot1 information at 0x%llx is not readable",
				       (unsigned long long)info_phys);
			return -EINVAL;
		}
	}
	out->protocol = 1;
	out->info_phys = info_phys;
	out->info_size = MB1_INFO_SIZE;
	flags = bootinfo_u32(h);
	if (flags & MB1_FLAG_MEM) {
		out->mem_lower_kb = bootinfo_u32(h + 4);
		out->mem_upper_kb = bootinfo_u32(h + 8);
	}
	if (flags & MB1_FLAG_CMDLINE)
		bootinfo_phys_string(&p, map, bootinfo_u32(h + 16), out->cmdline, sizeof(out->cmdline), "command line");
	if (flags & MB1_FLAG_MODS)
		mb1_modules(&p, map, bootinfo_u32(h + 24), bootinfo_u32(h + 20));
	if (flags & MB1_FLAG_MMAP)
		mb1_mmap(&p, map, bootinfo_u32(h + 48), bootinfo_u32(h + 44));
	if (!(flags & MB1_FLAG_MMAP) && (flags & MB1_FLAG_MEM)) {
		bootinfo_warnf(&p, "no memory map; using the basic lower/upper memory sizes");
		bootinfo_add_mmap(&p, 0, (uint64_t)out->mem_lower_kb * 1024, BOOT_MEM_AVAILABLE);
		bootinfo_add_mmap(&p, 0x100000, (uint64_t)out->mem_upper_kb * 1024, BOOT_MEM_AVAILABLE);
	}
	if (flags & MB1_FLAG_LOADER)
		bootinfo_phys_string(&p, map, bootinfo_u32(h + 64), out->loader_name, sizeof(out->loader_name),
			   "boot loader name");
	if ((flags & MB1_FLAG_FB) && map(ctx, info_phys, MB1_INFO_SIZE))
		mb1_framebuffer(&p, h);
	return 0;
}

/*
 * PVH boot-information parser: struct hvm_start_info, which a PVH loader (QEMU's, Firecracker,
 * Cloud Hypervisor, Xen) passes in EBX to the XEN_ELFNOTE_PHYS32_ENTRY entry point. Like
 * Multiboot1 it is scattered through physical memory: the command line, module list, memory map
 * (version 1 and later) and RSDP are each fetched through the caller's map(), which refuses what
 * it cannot provide, and validated. Modules become ramdisks like Multiboot modules.
 */
#include "kernel/core/bootinfo_internal.h"

#include <keel/errno.h>
#include <keel/format.h>
#include <string.h>

#define PVH_INFO_V0_SIZE 40
#define PVH_INFO_V1_SIZE 56
#define PVH_MODULE_SIZE 32
#define PVH_MMAP_ENTRY_SIZE 24

static uint32_t pvh_clamp(struct bootinfo_parse *p, uint32_t count, uint32_t max, const char *what)
{
	if (count <= max)
		return count;
	bootinfo_warnf(p, "%u %s; only the first %u are used", count, what, max);
	return max;
}

static void pvh_modules(struct bootinfo_parse *p, bootinfo_map_fn map, uint64_t addr, uint32_t count)
{
	count = pvh_clamp(p, count, BOOT_MODULES_MAX, "modules");
	for (uint32_t i = 0; i < count; i++) {
		const uint8_t *m = map(p->ctx, addr + (uint64_t)i * PVH_MODULE_SIZE, PVH_MODULE_SIZE);
		char name[BOOT_NAME_MAX];
		uint64_t start, size;

		if (!m) {
			bootinfo_warnf(p, "module list at 0x%llx is not readable", (unsigned long long)addr);
			return;
		}
		start = bootinfo_u64(m);
		size = bootinfo_u64(m + 8);
		if (size > BOOTINFO_PHYS_LIMIT || start > BOOTINFO_PHYS_LIMIT - size) {
			bootinfo_warnf(p, "module %u at 0x%llx (%llu bytes) is out of range; ignored", i,
				       (unsigned long long)start, (unsigned long long)size);
			continue;
		}
		name[0] = '\0';
		if (bootinfo_u64(m + 16))
			bootinfo_phys_string(p, map, bootinfo_u64(m + 16), name, sizeof(name), "module command line");
		if (!name[0])
			memcpy(name, "initrd", 7);
		bootinfo_add_module(p, start, start + size, name, sizeof(name));
	}
}

static void pvh_mmap(struct bootinfo_parse *p, bootinfo_map_fn map, uint64_t addr, uint32_t count)
{
	count = pvh_clamp(p, count, BOOT_MMAP_MAX, "memory map entries");
	for (uint32_t i = 0; i < count; i++) {
		const uint8_t *e = map(p->ctx, addr + (uint64_t)i * PVH_MMAP_ENTRY_SIZE, PVH_MMAP_ENTRY_SIZE);

		if (!e) {
			bootinfo_warnf(p, "memory map at 0x%llx is not readable", (unsigned long long)addr);
			return;
		}
		bootinfo_add_mmap(p, bootinfo_u64(e), bootinfo_u64(e + 8), bootinfo_u32(e + 16));
	}
}

int bootinfo_parse_pvh(uint64_t info_phys, bootinfo_map_fn map, struct boot_info *out, bootinfo_warn_fn warn,
		       void *ctx)
{
	struct bootinfo_parse p = { out, warn, ctx };
	const uint8_t *h, *r;
	uint32_t version;

	memset(out, 0, sizeof(*out));
	h = map(ctx, info_phys, PVH_INFO_V0_SIZE);
	if (!h || bootinfo_u32(h) != PVH_START_MAGIC) {
		bootinfo_warnf(&p, "PVH start info at 0x%llx is %s", (unsigned long long)info_phys,
			       h ? "not marked with its magic" : "not readable");
		return -EINVAL;
	}
	version = bootinfo_u32(h + 4);
	if (version >= 1 && !(h = map(ctx, info_phys, PVH_INFO_V1_SIZE))) {
		bootinfo_warnf(&p, "PVH start info version %u is truncated", version);
		return -EINVAL;
	}
	out->protocol = BOOT_PROTOCOL_PVH;
	out->info_phys = info_phys;
	out->info_size = version >= 1 ? PVH_INFO_V1_SIZE : PVH_INFO_V0_SIZE;
	keel_snprintf(out->loader_name, sizeof(out->loader_name), "hvm_start_info version %u", version);
	if (bootinfo_u64(h + 24))
		bootinfo_phys_string(&p, map, bootinfo_u64(h + 24), out->cmdline, sizeof(out->cmdline), "command line");
	if (bootinfo_u32(h + 12))
		pvh_modules(&p, map, bootinfo_u64(h + 16), bootinfo_u32(h + 12));
	if (version >= 1 && bootinfo_u32(h + 48))
		pvh_mmap(&p, map, bootinfo_u64(h + 40), bootinfo_u32(h + 48));
	else
		bootinfo_warnf(&p, "PVH start info version %u has no memory map", version);
	if (bootinfo_u64(h + 32)) {
		uint64_t rp = bootinfo_u64(h + 32);
		size_t n = 36;

		r = map(ctx, rp, n);
		if (!r)
			r = map(ctx, rp, n = 20);
		if (r)
			bootinfo_set_rsdp(&p, r, n);
		else
			bootinfo_warnf(&p, "ACPI RSDP at 0x%llx is not readable", (unsigned long long)rp);
	}
	return 0;
}

/*
 * RAM disks over the Multiboot modules GRUB (or qemu -initrd) loaded: each module becomes a
 * 512-byte-block device (ram0, ram1, ...) through the I/O layer's RAM device, reached through
 * the direct map. This works on every machine, USB boot included, since the boot loader did
 * the reading. Writes go to RAM (lost at reboot). A trailing partial block is not addressable.
 */
#include <keel/blockdev.h>
#include <keel/errno.h>
#include <keel/format.h>
#include <keel/log.h>
#include <keel/mm.h>
#include <keel/module.h>

#include "io/mem_dev.h"
#include "kernel/core/boot.h"

#define RAMDISK_BLOCK 512

static struct io_mem_dev ramdisks[BOOT_MODULES_MAX];

static int ramdisk_init(void)
{
	const struct boot_info *bi = boot_info_get();
	unsigned found = 0;

	for (unsigned i = 0; i < bi->module_count; i++) {
		const struct boot_module *m = &bi->modules[i];
		uint64_t size = m->end - m->start;
		char desc[BLOCKDEV_DESC_MAX];
		int ret;

		if (size < RAMDISK_BLOCK) {
			pr_warn("ramdisk", "module %u (%s) is %llu bytes, too small for a disk; skipped", i,
				m->name, (unsigned long long)size);
			continue;
		}
		ret = io_mem_dev_init(&ramdisks[i], phys_ptr(paddr(m->start)), size, RAMDISK_BLOCK, false);
		if (ret) {
			pr_err("ramdisk", "module %u: %s", i, keel_strerror(ret));
			continue;
		}
		keel_snprintf(desc, sizeof(desc), "RAM disk (module %s)", m->name[0] ? m->name : "unnamed");
		if (blockdev_register("ram", &ramdisks[i].blk, desc) >= 0)
			found++;
	}
	return found ? 0 : -ENODEV;
}

MODULE_INIT_DEFERRED(ramdisk, DRIVER, ramdisk_init); /* after boot complete, before the volumes */

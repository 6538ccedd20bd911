/*
 * The volume table (keel/volume.h): at the FS init level, every block device the drivers
 * registered is probed with fat_probe() through a byte view of its own; the whole device (a bare
 * volume) or each MBR partition is mounted with fat_mount() using the kernel heap as the injected
 * allocator. Every outcome is logged, and a failure (not FAT, a malformed partition table, a
 * corrupt boot sector, a device error) is recorded with the reader's message, so the boot goes
 * on and `mount` can list it. Runs once, deferred until after boot complete (the settle task);
 * the shell waits for it before its first command.
 */
#include <keel/blockdev.h>
#include <keel/errno.h>
#include <keel/format.h>
#include <keel/heap.h>
#include <keel/log.h>
#include <keel/module.h>
#include <keel/volume.h>
#include <string.h>

#include "kernel/fs/vfs.h"
#include "kernel/fs/vfs_fat.h"
#include "kernel/fs/vfs_kernel.h"

static struct volume *volumes[VOLUME_MAX];
static unsigned volume_n;

unsigned volume_count(void)
{
	return __atomic_load_n(&volume_n, __ATOMIC_ACQUIRE);
}

struct volume *volume_get(unsigned i)
{
	return i < volume_count() ? volumes[i] : NULL;
}

struct volume *volume_find(const char *name)
{
	for (unsigned i = 0; i < volume_count(); i++)
		if (strcmp(volumes[i]->name, name) == 0)
			return volumes[i];
	return NULL;
}

struct volume *volume_first_mounted(void)
{
	for (unsigned i = 0; i < volume_count(); i++)
		if (volumes[i]->fat)
			return volumes[i];
	return NULL;
}

/* A new entry for bdev (region r, NULL: the whole device) with its own byte view, or NULL. */
static struct volume *volume_new(const struct blockdev *b, const struct fat_region *r)
{
	struct volume *v;
	int ret;

	if (volume_n >= VOLUME_MAX) {
		pr_warn("fs", "%s: volume table full (%u entries); ignored", b->name, VOLUME_MAX);
		return NULL;
	}
	v = kzalloc(sizeof(*v));
	if (!v) {
		pr_err("fs", "%s: out of memory", b->name);
		return NULL;
	}
	ret = io_byte_view_init(&v->view, b->dev, NULL, &vfs_kernel_heap);
	if (ret) {
		pr_err("fs", "%s: no byte view: %s", b->name, keel_strerror(ret));
		kfree(v);
		return NULL;
	}
	v->bdev = b;
	if (r && r->index)
		keel_snprintf(v->name, sizeof(v->name), "%sp%u", b->name, r->index);
	else
		keel_snprintf(v->name, sizeof(v->name), "%s", b->name);
	if (r)
		v->region = *r;
	mutex_init(&v->lock, "volume");
	return v;
}

/* Into the table, and into the VFS as /NAME (a failed volume too, so paths into it say why). */
static void volume_publish(struct volume *v)
{
	struct io_lock lock = vfs_kernel_mutex_lock(&v->lock);
	int ret = v->fat ? vfs_fat_mount(vfs_kernel(), v->name, v->fat, &lock, &vfs_kernel_heap)
			 : vfs_mount_failed(vfs_kernel(), v->name, v->error, v->why);

	if (ret)
		pr_warn("fs", "%s: not in the file tree: %s", v->name, keel_strerror(ret));
	volumes[volume_n] = v;
	__atomic_store_n(&volume_n, volume_n + 1, __ATOMIC_RELEASE);
}

static void volume_fail(struct volume *v, int err, const char *why)
{
	v->error = err;
	keel_snprintf(v->why, sizeof(v->why), "%s", why ? why : keel_strerror(err));
}

static void volume_mount_region(const struct blockdev *b, const struct fat_region *r)
{
	struct fat_mount_opts opts = { r->offset, r->length, 0 };
	struct volume *v = volume_new(b, r);
	const char *why = NULL;
	int ret;

	if (!v)
		return;
	ret = fat_mount(&v->fat, &v->view.dev, &opts, &vfs_kernel_heap, &why);
	if (ret) {
		v->fat = NULL;
		volume_fail(v, ret, why);
		pr_warn("fs", "%s: not mounted: %s (%s)", v->name, v->why, keel_strerror(ret));
	} else {
		fat_volume_info(v->fat, &v->info);
		pr_info("fs", "%s: FAT%d volume \"%s\", %llu KiB, %u-byte clusters: mounted as /%s", v->name,
			v->info.fat_bits, v->info.label, (unsigned long long)(v->info.total_bytes / 1024),
			v->info.cluster_size, v->name);
	}
	volume_publish(v);
}

static void volume_probe_device(const struct blockdev *b)
{
	struct fat_region regions[FAT_PROBE_MAX];
	struct volume *v;
	const char *why = NULL;
	int n;

	v = volume_new(b, NULL);
	if (!v)
		return;
	n = fat_probe(&v->view.dev, regions, &why);
	if (n < 0) {
		/* Say what was wrong with sector 0 as a boot sector too (a damaged BPB reads as a bad
		 * partition table to the probe): mounting the whole device names the BPB's problem. */
		struct fat_volume *fat = NULL;
		const char *bpb_why = NULL;

		if (fat_mount(&fat, &v->view.dev, NULL, &vfs_kernel_heap, &bpb_why) == 0)
			fat_unmount(fat); /* cannot happen: the probe tried the same boot sector */
		volume_fail(v, n, why);
		if (bpb_why && n != -EIO)
			keel_snprintf(v->why, sizeof(v->why), "%s; boot sector: %s", why ? why : keel_strerror(n),
				      bpb_why);
		if (n == -ENODEV)
			pr_info("fs", "%s: no FAT volume: %s", b->name, v->why);
		else
			pr_warn("fs", "%s: probe failed: %s (%s)", b->name, v->why, keel_strerror(n));
		volume_publish(v);
		return;
	}
	io_byte_view_fini(&v->view);
	kfree(v);
	if (n == 0) {
		pr_info("fs", "%s: partition table with no partitions", b->name);
		return;
	}
	for (int i = 0; i < n; i++)
		volume_mount_region(b, &regions[i]);
}

static int volumes_init(void)
{
	unsigned n = blockdev_count();

	for (unsigned i = 0; i < n; i++)
		volume_probe_device(blockdev_get(i));
	if (!volume_first_mounted())
		pr_info("fs", "no FAT volume found on %u block device(s)", n);
	return 0;
}

/* After boot complete, once the block drivers (deferred, DRIVER level) have registered their
 * devices; the shell waits for it (keel/settle.h) before any command. */
MODULE_INIT_DEFERRED(volumes, FS, volumes_init);

/*
 * In-kernel tests of the volume table and the shell's file-system layer, over the demo FAT image
 * tests/qemu/ktest.py loads as the second boot module (build/fatdemo.img, label KEELDEMO) next
 * to a patterned, non-FAT ramdisk and IDE disks: every device got an entry at boot (the FAT one
 * mounted, the others with the probe's reason), path joining, reading a file through the VFS
 * (stream -> lockable -> FAT) from two tasks at once, and file-name completion.
 */
#include <keel/crc32.h>
#include <keel/errno.h>
#include <keel/format.h>
#include <keel/heap.h>
#include <keel/ktest.h>
#include <keel/task.h>
#include <keel/volume.h>
#include <string.h>

#include "kernel/fs/vfs.h"
#include "kernel/shell/shell_fs.h"

static struct volume *demo_volume(void)
{
	for (unsigned i = 0; i < volume_count(); i++) {
		struct volume *v = volume_get(i);

		if (v->fat && strcmp(v->info.label, "KEELDEMO") == 0)
			return v;
	}
	return NULL;
}

KTEST(fs_volumes_at_boot)
{
	struct volume *v = demo_volume();
	unsigned failed = 0;

	KT_ASSERT(v != NULL);
	KT_EXPECT_EQ(v->info.fat_bits, 16);
	KT_EXPECT_EQ(v->info.total_bytes, 4u << 20);
	KT_EXPECT(v->region.index == 0 && v->region.offset == 0); /* a bare volume */
	KT_EXPECT(strcmp(v->name, v->bdev->name) == 0);
	KT_EXPECT(volume_find(v->name) == v);
	KT_EXPECT(volume_find("nope") == NULL);
	KT_EXPECT(volume_first_mounted() != NULL);
	/* The patterned disks are not FAT: listed with the probe's reason, not mounted. */
	for (unsigned i = 0; i < volume_count(); i++) {
		struct volume *w = volume_get(i);

		if (!w->fat) {
			failed++;
			KT_EXPECT(w->error == -ENODEV);
			KT_EXPECT(strstr(w->why, "neither a FAT volume nor a partition table") != NULL);
		}
	}
	KT_EXPECT(failed >= 1);
	KT_EXPECT_EQ(volume_count(), blockdev_count());
}

static int join(const char *cwd, const char *arg, char *out)
{
	return vfs_path_join(cwd, arg, out, VFS_PATH_MAX, NULL);
}

KTEST(fs_path_join)
{
	static char out[VFS_PATH_MAX];
	static char longarg[VFS_PATH_MAX + 10];

	KT_EXPECT(join("/ram0/docs", "guide", out) == 0 && strcmp(out, "/ram0/docs/guide") == 0);
	KT_EXPECT(join("/ram0/docs", "/ram1//x/", out) == 0 && strcmp(out, "/ram1/x") == 0);
	KT_EXPECT(join("/ram0/docs", "..", out) == 0 && strcmp(out, "/ram0") == 0);
	KT_EXPECT(join("/ram0/docs", "../..", out) == 0 && strcmp(out, "/") == 0);
	KT_EXPECT(join("/ram0", "../../../..", out) == 0 && strcmp(out, "/") == 0);
	KT_EXPECT(join("/", ".", out) == 0 && strcmp(out, "/") == 0);
	KT_EXPECT(join("/ram0/a", "./b/./../c/", out) == 0 && strcmp(out, "/ram0/a/c") == 0);
	KT_EXPECT(join("/ram0", "...", out) == 0 && strcmp(out, "/ram0/...") == 0);
	memset(longarg, 'x', sizeof(longarg) - 1);
	longarg[sizeof(longarg) - 1] = '\0';
	KT_EXPECT(join("/ram0", longarg, out) == -ENAMETOOLONG);
	KT_EXPECT(join("/ram0", "", out) == -ENOENT);
}

struct reader {
	struct volume *v;
	int errors;
	uint32_t crc;
};

/* Read ramp.bin in odd-sized pieces through the VFS: its stream takes the volume lock (through
 * the lockable) around each read, so two tasks share the volume. The path's case differs from
 * the stored name on purpose. */
static int ramp_reader(void *arg)
{
	struct reader *r = arg;
	static const size_t sizes[] = { 1, 511, 513, 4096, 777 };
	struct vfs_file *f;
	char path[48];
	uint8_t buf[4096];
	uint64_t off = 0;
	int ret;

	keel_snprintf(path, sizeof(path), "/%s/ramp.bin", r->v->name);
	ret = vfs_open(vfs_kernel(), "/", path, &f, NULL, NULL);
	if (ret)
		return ret;
	for (unsigned k = 0; off < vfs_file_size(f); k++) {
		size_t want = sizes[k % 5];
		int64_t got = io_stream_read(vfs_file_stream(f), buf, want);

		if (got <= 0) {
			vfs_close(f);
			return got ? (int)got : -EIO;
		}
		for (int64_t i = 0; i < got; i++)
			if (buf[i] != (uint8_t)(off + (uint64_t)i))
				r->errors++;
		r->crc = crc32_update(r->crc, buf, (size_t)got);
		off += (uint64_t)got;
		task_yield();
	}
	ret = io_stream_read(vfs_file_stream(f), buf, 1) == 0 ? 0 : -EIO; /* the end */
	vfs_close(f);
	return ret == 0 && off == 65536 ? 0 : -EIO;
}

KTEST(fs_read_two_tasks)
{
	struct reader a = { demo_volume(), 0, 0 }, b = { demo_volume(), 0, 0 };
	uint8_t ramp[256];
	uint32_t want = 0;
	struct task *ta, *tb;
	int va = -1, vb = -1;

	KT_ASSERT(a.v != NULL);
	for (unsigned i = 0; i < 256; i++)
		ramp[i] = (uint8_t)i;
	for (unsigned i = 0; i < 256; i++)
		want = crc32_update(want, ramp, sizeof(ramp));
	ta = task_spawn("fs-reader-a", ramp_reader, &a);
	tb = task_spawn("fs-reader-b", ramp_reader, &b);
	KT_ASSERT(ta && tb);
	task_join(ta, &va);
	task_join(tb, &vb);
	KT_EXPECT_EQ(va, 0);
	KT_EXPECT_EQ(vb, 0);
	KT_EXPECT_EQ(a.errors + b.errors, 0);
	KT_EXPECT_EQ(a.crc, want);
	KT_EXPECT_EQ(b.crc, want);
}

static bool has_candidate(const struct term_le_completions *c, const char *s)
{
	for (unsigned i = 0; i < c->count; i++)
		if (c->len[i] == strlen(s) && memcmp(c->pool + c->off[i], s, c->len[i]) == 0)
			return true;
	return false;
}

static void complete(struct shell_cwd *cwd, const char *line, struct term_le_completions *c)
{
	memset(c, 0, sizeof(*c));
	c->start = strlen(line);
	KT_EXPECT(shell_fs_complete(cwd, line, strlen(line), strlen(line), c));
}

KTEST(fs_completion)
{
	struct term_le_completions *c = kmalloc(sizeof(*c));
	struct shell_cwd *cwd = shell_cwd_create();
	struct volume *v = demo_volume();
	char want[64];

	KT_ASSERT(c && cwd && v);
	/* Work from the demo volume's root, whichever volume mounted first. */
	mutex_lock(&cwd->lock);
	keel_snprintf(cwd->path, sizeof(cwd->path), "/%s", v->name);
	mutex_unlock(&cwd->lock);

	memset(c, 0, sizeof(*c));
	KT_EXPECT(!shell_fs_complete(cwd, "ca", 2, 2, c)); /* the command word is not a file */
	complete(cwd, "cat READ", c);
	KT_EXPECT_EQ(c->count, 1);
	KT_EXPECT_EQ(c->start, 4);
	KT_EXPECT(has_candidate(c, "README.TXT") && !c->no_space);
	complete(cwd, "echo a|head -n 1<READ", c); /* the file after '<', with no blank before it */
	KT_EXPECT(c->count == 1 && c->start == 17 && has_candidate(c, "README.TXT"));
	memset(c, 0, sizeof(*c));
	KT_EXPECT(!shell_fs_complete(cwd, "echo a|ca", 9, 9, c)); /* a pipeline stage's command word */
	complete(cwd, "cd do", c);
	KT_EXPECT(c->count == 1 && has_candidate(c, "docs/") && c->no_space);
	complete(cwd, "cat docs/guide/CH", c); /* case-insensitive; the stored case comes back */
	KT_EXPECT(c->count == 2 && has_candidate(c, "docs/guide/chapter1.txt") &&
		  has_candidate(c, "docs/guide/chapter2.txt"));
	complete(cwd, "cat A\\ lo", c); /* escaped spaces in and out */
	KT_EXPECT(c->count == 1 && has_candidate(c, "A\\ long\\ file\\ name\\ for\\ the\\ Keel\\ demo.txt"));
	complete(cwd, "ls /", c); /* the volumes */
	keel_snprintf(want, sizeof(want), "/%s/", v->name);
	KT_EXPECT(has_candidate(c, want));
	complete(cwd, "cat nothing-like-this", c);
	KT_EXPECT_EQ(c->count, 0);
	/* A busy volume completes nothing rather than wait (completion runs in the console task). */
	volume_lock(v);
	complete(cwd, "cat READ", c);
	KT_EXPECT_EQ(c->count, 0);
	volume_unlock(v);
	kfree(cwd);
	kfree(c);
}

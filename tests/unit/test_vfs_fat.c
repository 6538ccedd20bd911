/*
 * The FAT adapter behind the VFS (kernel/fs/vfs_fat.c) against the FAT reader itself, on every
 * test image tests/fat/mkimages.py builds: walking each tree through vfs_opendir/vfs_readdir and
 * through fat_dir_read gives the same names and types in the same order, and every file read
 * through its VFS stream (lockable -> dev stream -> adapter -> fat_pread) has the bytes fat_read
 * gives; the mount's lock is held only inside calls, and freeing the VFS frees the adapter.
 */
#include "check.h"

#include <keel/errno.h>

#include "fat_testutil.h"
#include "kernel/fs/vfs.h"
#include "kernel/fs/vfs_fat.h"


struct host_lock {
	bool held;
};

static void hl_lock(void *ctx)
{
	struct host_lock *l = ctx;

	CHECK(!l->held);
	l->held = true;
}

static void hl_unlock(void *ctx)
{
	((struct host_lock *)ctx)->held = false;
}

static const struct io_lock_ops hl_ops = { hl_lock, hl_unlock, NULL };

/* Walk dir through both the reader and the VFS: same names, types and sizes, same bytes. */
static void compare_dir(struct vfs *v, struct fat_volume *vol, const char *vpath, const char *fpath, int depth,
			unsigned *files)
{
	struct fat_dir fd;
	struct fat_dirent fe;
	struct vfs_dir *d;
	struct vfs_stat st;
	bool skip;
	int rf, rv;

	CHECK_EQ_INT(fat_dir_open(vol, NULL, fpath, &fd), 0);
	CHECK_EQ_INT(vfs_opendir(v, "/", vpath, 0, &d, NULL), 0);
	for (;;) {
		do
			rf = fat_dir_read(&fd, &fe);
		while (rf < 0 && fd.bad_entry);
		do
			rv = vfs_readdir(d, &st, &skip, NULL);
		while (rv < 0 && skip);
		CHECK_EQ_INT(rv, rf);
		if (rf <= 0 || rv <= 0)
			break;
		CHECK_EQ_STR(st.name, fe.name);
		CHECK_EQ_INT(st.type == VFS_DIR, fat_dirent_is_dir(&fe));
		if (strcmp(fe.name, ".") == 0 || strcmp(fe.name, "..") == 0)
			continue;
		{
			char vp[VFS_PATH_MAX], fp[VFS_PATH_MAX];

			snprintf(vp, sizeof(vp), "%s/%s", vpath, fe.name);
			snprintf(fp, sizeof(fp), "%s/%s", fpath, fe.name);
			if (fat_dirent_is_dir(&fe)) {
				if (depth < 8)
					compare_dir(v, vol, vp, fp, depth + 1, files);
			} else {
				struct vfs_file *f;
				struct fat_file ff;
				static uint8_t a[65536], b[65536];
				int64_t na, nb;

				CHECK_EQ_INT(vfs_open(v, "/", vp, &f, NULL, NULL), 0);
				CHECK_EQ_INT(fat_open(vol, NULL, fp, &ff), 0);
				do {
					na = io_stream_read_full(vfs_file_stream(f), a, sizeof(a));
					nb = fat_read(&ff, b, sizeof(b));
					CHECK(na == nb && (na <= 0 || memcmp(a, b, (size_t)na) == 0));
				} while (na > 0 && nb > 0);
				vfs_close(f);
				(*files)++;
			}
		}
	}
	vfs_closedir(d);
}

TEST(fat_images_through_vfs)
{
	struct ft_image imgs[32];
	int n = ft_index(imgs, 32);
	unsigned files = 0;

	CHECK(n > 0);
	for (int i = 0; i < n; i++) {
		struct ft_stack s;
		struct host_lock hl = { false };
		struct io_lock lock = { &hl_ops, &hl };
		struct tio_alloc a;
		struct vfs *v;
		char root[32];

		if (ft_load(&s, imgs[i].file, imgs[i].block_size) != 0 || ft_mount(&s, imgs[i].offset) != 0) {
			check_fail(__FILE__, __LINE__, "%s does not mount", imgs[i].name);
			ft_free(&s);
			continue;
		}
		tio_alloc_init(&a);
		v = vfs_new(&a.alloc);
		CHECK_EQ_INT(vfs_fat_mount(v, "img", s.vol, &lock, &a.alloc), 0);
		snprintf(root, sizeof(root), "/img");
		compare_dir(v, s.vol, root, "", 0, &files);
		CHECK(!hl.held);
		vfs_free(v);
		CHECK_EQ_U64((uint64_t)a.outstanding, 0); /* vfs_free released the adapter too */
		ft_free(&s);
	}
	CHECK(files > 10);
}

CHECK_MAIN("vfs_fat")

/*
 * The FAT reader behind the VFS's ops table (vfs_fat.h). Each call runs with the mount's lock
 * held (the VFS takes it), which is what the reader needs: a FAT volume is not reentrant. Paths
 * arrive canonical and relative to the root; the reader looks them up case-insensitively. An open
 * file is the reader's byte device (fat_pread) under an io_dev_stream that keeps the position; the
 * device records the reader's message for a failed read, so the VFS can still name the problem
 * after the lock is dropped.
 */
#include <keel/errno.h>
#include <keel/format.h>
#include <string.h>

#include "kernel/fs/vfs_fat.h"

struct vfs_fat {
	struct fat_volume *fat;
	struct io_alloc alloc;
	uint32_t root_cluster;  /* FAT32's root directory cluster (0 on FAT12/16) */
};

/* An open file: the reader's handle as a known-length byte device (recording the reader's
 * message when a read fails), under a stream that keeps the position (io_dev_stream). */
struct vfs_fat_file {
	struct fat_file f;
	struct vfs_fat *vf;
	char *why;  /* VFS_WHY_MAX bytes in the VFS's file */
	struct io_byte_dev dev;
	struct io_dev_stream ds;
};

_Static_assert(VFS_NAME_MAX >= FAT_NAME_MAX, "a FAT name fits a VFS name");
_Static_assert(VFS_ALT_MAX >= FAT_SHORT_MAX, "an 8.3 name fits");

static void *vf_alloc(struct vfs_fat *vf, size_t n)
{
	return vf->alloc.alloc(vf->alloc.ctx, n);
}

static void vf_free(struct vfs_fat *vf, void *p, size_t n)
{
	vf->alloc.free(vf->alloc.ctx, p, n);
}

/* The reader's own message for corrupt structures and device errors. */
static const char *vf_reason(void *fs, int err)
{
	struct vfs_fat *vf = fs;

	if (err == -EUCLEAN || err == -EIO || err == -ENXIO)
		return fat_error(vf->fat);
	return NULL;
}

static void vf_time(struct vfs_time *out, const struct fat_time *t)
{
	*out = (struct vfs_time){ t->year, t->month, t->day, t->hour, t->minute, t->second };
}

/* An entry as a vfs_stat; a directory pointing at the root gets id 0 (the root's) on every FAT. */
static void vf_stat_from(const struct vfs_fat *vf, struct vfs_stat *st, const struct fat_dirent *e)
{
	memset(st, 0, sizeof(*st));
	memcpy(st->name, e->name, strlen(e->name) + 1);
	if (e->has_long_name)
		memcpy(st->alt_name, e->short_name, strlen(e->short_name) + 1);
	st->type = fat_dirent_is_dir(e) ? VFS_DIR : VFS_FILE;
	st->attr = e->attr & (VFS_ATTR_READ_ONLY | VFS_ATTR_HIDDEN | VFS_ATTR_SYSTEM | VFS_ATTR_ARCHIVE);
	st->size = e->size;
	st->id = st->type == VFS_DIR && e->first_cluster == vf->root_cluster ? 0 : e->first_cluster;
	vf_time(&st->mtime, &e->modified);
	vf_time(&st->ctime, &e->created);
	vf_time(&st->atime, &e->accessed);
}

/* The reader takes "/" for the root and paths from it. */
static const char *vf_path(const char *rel)
{
	return rel[0] ? rel : "/";
}

static int vf_stat(void *fs, const char *path, struct vfs_stat *st)
{
	struct vfs_fat *vf = fs;
	struct fat_dirent *e = vf_alloc(vf, sizeof(*e));
	int ret;

	if (!e)
		return -ENOMEM;
	ret = fat_stat(vf->fat, NULL, vf_path(path), e);
	if (ret == 0)
		vf_stat_from(vf, st, e);
	vf_free(vf, e, sizeof(*e));
	return ret;
}

static int64_t vf_file_read_at(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct vfs_fat_file *h = ctx;
	int64_t got = io_byte_read(&h->f.dev, off, buf, len);

	if (got < 0)
		keel_snprintf(h->why, VFS_WHY_MAX, "%s",
			      vf_reason(h->vf, (int)got) ? vf_reason(h->vf, (int)got) : "");
	return got;
}

static int vf_file_length(void *ctx, uint64_t *len)
{
	struct vfs_fat_file *h = ctx;

	return io_byte_length(&h->f.dev, len);
}

static const struct io_byte_ops vf_file_ops = {
	.read_at = vf_file_read_at,
	.length = vf_file_length,
};

static int vf_open(void *fs, const char *path, void **handle, struct io_stream *stream, struct vfs_stat *st,
		   char *why)
{
	struct vfs_fat *vf = fs;
	struct fat_dirent *e = vf_alloc(vf, sizeof(*e));
	struct vfs_fat_file *h = vf_alloc(vf, sizeof(*h));
	int ret = -ENOMEM;

	if (!e || !h)
		goto free_bufs;
	ret = fat_stat(vf->fat, NULL, vf_path(path), e);
	if (ret == 0)
		ret = fat_open_entry(vf->fat, e, &h->f);
	if (ret)
		goto free_bufs;
	vf_stat_from(vf, st, e);
	h->vf = vf;
	h->why = why;
	h->dev = (struct io_byte_dev){ &vf_file_ops, h };
	io_reader_init(&h->ds, &h->dev);
	*handle = h;
	*stream = h->ds.stream;
	h = NULL;
free_bufs:
	if (h)
		vf_free(vf, h, sizeof(*h));
	if (e)
		vf_free(vf, e, sizeof(*e));
	return ret;
}

static void vf_close(void *fs, void *handle)
{
	struct vfs_fat_file *h = handle;

	fat_close(&h->f);
	vf_free(fs, h, sizeof(*h));
}

static int vf_opendir(void *fs, const char *path, void **dir)
{
	struct vfs_fat *vf = fs;
	struct fat_dir *d = vf_alloc(vf, sizeof(*d));
	int ret;

	if (!d)
		return -ENOMEM;
	ret = fat_dir_open(vf->fat, NULL, vf_path(path), d);
	if (ret) {
		vf_free(vf, d, sizeof(*d));
		return ret;
	}
	*dir = d;
	return 0;
}

static int vf_readdir(void *fs, void *dir, struct vfs_stat *st, bool *skip)
{
	struct vfs_fat *vf = fs;
	struct fat_dir *d = dir;
	struct fat_dirent *e = vf_alloc(vf, sizeof(*e));
	int ret;

	if (!e)
		return -ENOMEM;
	ret = fat_dir_read(d, e);
	if (ret == 1)
		vf_stat_from(vf, st, e);
	*skip = ret < 0 && d->bad_entry;
	vf_free(vf, e, sizeof(*e));
	return ret;
}

static void vf_closedir(void *fs, void *dir)
{
	vf_free(fs, dir, sizeof(struct fat_dir));
}

static void vf_statfs(void *fs, struct vfs_statfs *out)
{
	struct vfs_fat *vf = fs;
	struct fat_volume_info info;

	fat_volume_info(vf->fat, &info);
	memset(out, 0, sizeof(*out));
	keel_snprintf(out->type, sizeof(out->type), "FAT%d", info.fat_bits);
	keel_snprintf(out->label, sizeof(out->label), "%s", info.label);
	out->total_bytes = info.total_bytes;
}

static void vf_release(void *fs)
{
	struct vfs_fat *vf = fs;
	struct io_alloc a = vf->alloc;

	a.free(a.ctx, vf, sizeof(*vf));
}

static const struct vfs_fs_ops vfs_fat_ops = {
	.stat = vf_stat,
	.open = vf_open,
	.close = vf_close,
	.opendir = vf_opendir,
	.readdir = vf_readdir,
	.closedir = vf_closedir,
	.reason = vf_reason,
	.statfs = vf_statfs,
	.release = vf_release,
};

int vfs_fat_mount(struct vfs *v, const char *name, struct fat_volume *fat, const struct io_lock *lock,
		  const struct io_alloc *alloc)
{
	struct vfs_fat *vf = alloc->alloc(alloc->ctx, sizeof(*vf));
	struct fat_dir *root = alloc->alloc(alloc->ctx, sizeof(*root));
	int ret;

	if (!vf || !root) {
		ret = -ENOMEM;
		goto free_bufs;
	}
	vf->fat = fat;
	vf->alloc = *alloc;
	vf->root_cluster = 0;
	lock->ops->lock(lock->ctx);
	if (fat_dir_root(fat, root) == 0)
		vf->root_cluster = root->first_cluster;
	lock->ops->unlock(lock->ctx);
	alloc->free(alloc->ctx, root, sizeof(*root));
	root = NULL;
	ret = vfs_mount(v, name, &vfs_fat_ops, vf, lock);
	if (ret == 0)
		vf = NULL;
free_bufs:
	if (root)
		alloc->free(alloc->ctx, root, sizeof(*root));
	if (vf)
		alloc->free(alloc->ctx, vf, sizeof(*vf));
	return ret;
}

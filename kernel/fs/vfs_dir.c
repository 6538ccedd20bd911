/*
 * VFS directories (vfs.h): "/" lists the mounts that mounted, each a directory the size of its
 * volume; any other directory is its file system's, read entry by entry with the mount's lock
 * held for each call (or only tried, for VFS_NOWAIT readers such as Tab completion).
 */
#include <keel/errno.h>
#include <keel/format.h>
#include <string.h>

#include "kernel/fs/vfs.h"
#include "kernel/fs/vfs_internal.h"


static bool dir_lock(struct vfs_dir *d)
{
	if (d->flags & VFS_NOWAIT)
		return vfs_mtrylock(d->m);
	vfs_mlock(d->m);
	return true;
}

int vfs_opendir(struct vfs *v, const char *cwd, const char *path, int flags, struct vfs_dir **out,
		struct vfs_err *e)
{
	struct vfs_where w;
	struct vfs_dir *d;
	int ret = vfs_resolve(v, cwd, path, &w, e);

	*out = NULL;
	if (ret)
		return ret;
	d = vfs_alloc(v, sizeof(*d));
	if (!d)
		return vfs_set_err(e, -ENOMEM, NULL);
	memset(d, 0, sizeof(*d));
	d->v = v;
	d->m = w.m;
	d->flags = flags;
	if (w.m) {
		if (!dir_lock(d)) {
			ret = vfs_set_err(e, -EBUSY, NULL);
		} else {
			ret = w.m->ops->opendir(w.m->fs, w.rel, &d->dir);
			if (ret)
				ret = vfs_fs_err(w.m, e, ret);
			vfs_munlock(w.m);
		}
		if (ret) {
			vfs_dealloc(v, d, sizeof(*d));
			return ret;
		}
	}
	*out = d;
	return 0;
}

int vfs_readdir(struct vfs_dir *d, struct vfs_stat *st, bool *skip, struct vfs_err *e)
{
	bool bad = false;
	int ret;

	if (skip)
		*skip = false;
	if (!d->m) {
		/* The root: the mounts that mounted, each as a directory the size of its volume. */
		while (d->next < vfs_mcount(d->v)) {
			struct vfs_mount *m = &d->v->mounts[d->next++];
			struct vfs_statfs sf;

			if (!m->ops)
				continue;
			memset(st, 0, sizeof(*st));
			keel_snprintf(st->name, sizeof(st->name), "%s", m->name);
			st->type = VFS_DIR;
			st->is_mount = true;
			if (m->ops->statfs) {
				if (d->flags & VFS_NOWAIT) {
					if (!vfs_mtrylock(m))
						return 1; /* size unknown while busy: still listed */
				} else {
					vfs_mlock(m);
				}
				m->ops->statfs(m->fs, &sf);
				vfs_munlock(m);
				st->size = sf.total_bytes;
			}
			return 1;
		}
		return 0;
	}
	if (!dir_lock(d))
		return vfs_set_err(e, -EBUSY, NULL);
	ret = d->m->ops->readdir(d->m->fs, d->dir, st, &bad);
	if (ret < 0)
		vfs_fs_err(d->m, e, ret);
	vfs_munlock(d->m);
	if (skip)
		*skip = ret < 0 && bad;
	return ret;
}

void vfs_closedir(struct vfs_dir *d)
{
	if (!d)
		return;
	if (d->m) {
		vfs_mlock(d->m);
		d->m->ops->closedir(d->m->fs, d->dir);
		vfs_munlock(d->m);
	}
	vfs_dealloc(d->v, d, sizeof(*d));
}

/*
 * The VFS core (vfs.h): the mount table, the path resolver, and the calls that take a mount's
 * lock around its file system's ops. A path is joined with the current directory into a
 * canonical absolute path on the text (file systems here have no links, so ".." is textual);
 * its first component names the mount, the rest goes to the file system. Open files are an
 * io_lockable_stream over the file system's stream, so every read of a file takes the mount's
 * lock for exactly that call. Plain C: the allocator and locks are injected.
 */
#include <keel/errno.h>
#include <keel/format.h>
#include <string.h>

#include "kernel/fs/vfs.h"
#include "kernel/fs/vfs_internal.h"

void *vfs_alloc(struct vfs *v, size_t n)
{
	return v->alloc.alloc(v->alloc.ctx, n);
}

void vfs_dealloc(struct vfs *v, void *p, size_t n)
{
	if (p)
		v->alloc.free(v->alloc.ctx, p, n);
}

struct vfs *vfs_new(const struct io_alloc *alloc)
{
	struct vfs *v = alloc->alloc(alloc->ctx, sizeof(*v));

	if (!v)
		return NULL;
	memset(v, 0, sizeof(*v));
	v->alloc = *alloc;
	return v;
}

void vfs_free(struct vfs *v)
{
	struct io_alloc a = v->alloc;

	for (unsigned i = 0; i < v->count; i++)
		if (v->mounts[i].ops && v->mounts[i].ops->release)
			v->mounts[i].ops->release(v->mounts[i].fs);
	a.free(a.ctx, v, sizeof(*v));
}

unsigned vfs_mcount(struct vfs *v)
{
	return __atomic_load_n(&v->count, __ATOMIC_ACQUIRE);
}

static struct vfs_mount *mount_find(struct vfs *v, const char *name, size_t len)
{
	unsigned n = vfs_mcount(v);

	for (unsigned i = 0; i < n; i++)
		if (strlen(v->mounts[i].name) == len && memcmp(v->mounts[i].name, name, len) == 0)
			return &v->mounts[i];
	return NULL;
}

/* A new entry (not yet published); the caller fills and publishes it. Context: task, at most one
 * mounting task at a time (boot). */
static struct vfs_mount *mount_add(struct vfs *v, const char *name, int *err)
{
	size_t len = strlen(name);

	*err = 0;
	if (len == 0 || len >= VFS_MOUNT_NAME_MAX || strchr(name, '/') || strcmp(name, ".") == 0 ||
	    strcmp(name, "..") == 0)
		*err = -EINVAL;
	else if (mount_find(v, name, len))
		*err = -EEXIST;
	else if (v->count >= VFS_MOUNT_MAX)
		*err = -ENOSPC;
	if (*err)
		return NULL;
	memset(&v->mounts[v->count], 0, sizeof(v->mounts[0]));
	memcpy(v->mounts[v->count].name, name, len + 1);
	return &v->mounts[v->count];
}

static void mount_publish(struct vfs *v)
{
	__atomic_store_n(&v->count, v->count + 1, __ATOMIC_RELEASE);
}

int vfs_mount(struct vfs *v, const char *name, const struct vfs_fs_ops *ops, void *fs, const struct io_lock *lock)
{
	int err;
	struct vfs_mount *m = mount_add(v, name, &err);

	if (!m)
		return err;
	m->ops = ops;
	m->fs = fs;
	m->lock = *lock;
	mount_publish(v);
	return 0;
}

int vfs_mount_failed(struct vfs *v, const char *name, int code, const char *why)
{
	int err;
	struct vfs_mount *m = mount_add(v, name, &err);

	if (!m)
		return err;
	m->err = code;
	keel_snprintf(m->why, sizeof(m->why), "%s", why ? why : keel_strerror(code));
	mount_publish(v);
	return 0;
}

unsigned vfs_mount_count(struct vfs *v)
{
	return vfs_mcount(v);
}

const char *vfs_mount_name(struct vfs *v, unsigned i, bool *mounted)
{
	if (i >= vfs_mcount(v))
		return NULL;
	if (mounted)
		*mounted = v->mounts[i].ops != NULL;
	return v->mounts[i].name;
}

/* ---------------------------------------------------------------- errors */

int vfs_set_err(struct vfs_err *e, int code, const char *why)
{
	if (e) {
		e->code = code;
		e->why[0] = '\0';
		if (why)
			keel_snprintf(e->why, sizeof(e->why), "%s", why);
	}
	return code;
}

/* After a failed op with the lock held: keep the file system's reason. */
int vfs_fs_err(struct vfs_mount *m, struct vfs_err *e, int code)
{
	const char *why = m->ops->reason ? m->ops->reason(m->fs, code) : NULL;

	return vfs_set_err(e, code, why);
}

const char *vfs_strerror(const struct vfs_err *e)
{
	return e->why[0] ? e->why : keel_strerror(e->code);
}

void vfs_mlock(struct vfs_mount *m)
{
	m->lock.ops->lock(m->lock.ctx);
}

bool vfs_mtrylock(struct vfs_mount *m)
{
	return m->lock.ops->trylock && m->lock.ops->trylock(m->lock.ctx);
}

void vfs_munlock(struct vfs_mount *m)
{
	m->lock.ops->unlock(m->lock.ctx);
}

/* ---------------------------------------------------------------- paths */

int vfs_path_join(const char *cwd, const char *path, char *out, size_t size, bool *must_dir)
{
	const char *srcs[2] = { cwd, path };
	size_t n = 0;
	bool dir_end = false;

	if (size < 2)
		return -ENAMETOOLONG;
	if (path[0] == '\0')
		return -ENOENT;
	for (int s = path[0] == '/' ? 1 : 0; s < 2; s++) {
		const char *p = srcs[s];

		while (*p) {
			const char *e;
			size_t len;

			while (*p == '/')
				p++;
			if (!*p) {
				dir_end = s == 1; /* a trailing '/' */
				break;
			}
			e = p;
			while (*e && *e != '/')
				e++;
			len = (size_t)(e - p);
			dir_end = false;
			if (len == 1 && p[0] == '.') {
				dir_end = s == 1;
			} else if (len == 2 && p[0] == '.' && p[1] == '.') {
				while (n > 0 && out[n - 1] != '/')
					n--;
				if (n > 0)
					n--;
				dir_end = s == 1;
			} else {
				if (n + 1 + len + 1 > size)
					return -ENAMETOOLONG;
				out[n++] = '/';
				memcpy(out + n, p, len);
				n += len;
			}
			p = e;
		}
	}
	if (n == 0)
		out[n++] = '/';
	out[n] = '\0';
	if (must_dir)
		*must_dir = dir_end;
	return 0;
}

int vfs_resolve(struct vfs *v, const char *cwd, const char *path, struct vfs_where *w, struct vfs_err *e)
{
	const char *name, *slash;
	size_t len;
	int ret = vfs_path_join(cwd, path, w->abs, sizeof(w->abs), &w->must_dir);

	if (ret)
		return vfs_set_err(e, ret, NULL);
	w->m = NULL;
	w->rel = "";
	if (strcmp(w->abs, "/") == 0)
		return 0;
	name = w->abs + 1;
	slash = strchr(name, '/');
	len = slash ? (size_t)(slash - name) : strlen(name);
	w->m = mount_find(v, name, len);
	if (!w->m)
		return vfs_set_err(e, -ENOENT, "no such volume");
	if (!w->m->ops) {
		char why[VFS_WHY_MAX];

		keel_snprintf(why, sizeof(why), "volume %s is not mounted: %s", w->m->name, w->m->why);
		return vfs_set_err(e, -ENODEV, why);
	}
	w->rel = slash ? slash + 1 : "";
	return 0;
}

static void root_stat(struct vfs *v, struct vfs_stat *st)
{
	memset(st, 0, sizeof(*st));
	st->name[0] = '/';
	st->type = VFS_DIR;
	st->size = vfs_mcount(v);
}

/* stat of a resolved path inside a mount; lock held. */
static int where_stat(struct vfs_where *w, struct vfs_stat *st, struct vfs_err *e)
{
	int ret = w->m->ops->stat(w->m->fs, w->rel, st);

	if (ret)
		return vfs_fs_err(w->m, e, ret);
	if (w->rel[0] == '\0') {
		struct vfs_statfs sf;

		keel_snprintf(st->name, sizeof(st->name), "%s", w->m->name);
		st->is_mount = true;
		if (w->m->ops->statfs) {
			w->m->ops->statfs(w->m->fs, &sf);
			st->size = sf.total_bytes;
		}
	}
	if (w->must_dir && st->type != VFS_DIR)
		return vfs_set_err(e, -ENOTDIR, NULL);
	return 0;
}

int vfs_stat(struct vfs *v, const char *cwd, const char *path, struct vfs_stat *st, struct vfs_err *e)
{
	struct vfs_where w;
	int ret = vfs_resolve(v, cwd, path, &w, e);

	if (ret)
		return ret;
	if (!w.m) {
		root_stat(v, st);
		return 0;
	}
	vfs_mlock(w.m);
	ret = where_stat(&w, st, e);
	vfs_munlock(w.m);
	return ret;
}

int vfs_statfs(struct vfs *v, const char *name, struct vfs_statfs *out)
{
	struct vfs_mount *m = mount_find(v, name, strlen(name));

	if (!m)
		return -ENOENT;
	if (!m->ops)
		return -ENODEV;
	memset(out, 0, sizeof(*out));
	if (m->ops->statfs) {
		vfs_mlock(m);
		m->ops->statfs(m->fs, out);
		vfs_munlock(m);
	}
	return 0;
}

int vfs_realdir(struct vfs *v, const char *cwd, const char *path, char *out, size_t size, struct vfs_err *e)
{
	struct vfs_where w;
	struct vfs_stat *st;
	char *prefix;
	size_t n, plen = 0;
	int ret = vfs_resolve(v, cwd, path, &w, e);

	if (ret)
		return ret;
	if (!w.m) {
		if (size < 2)
			return vfs_set_err(e, -ENAMETOOLONG, NULL);
		memcpy(out, "/", 2);
		return 0;
	}
	st = vfs_alloc(v, sizeof(*st));
	prefix = vfs_alloc(v, VFS_PATH_MAX);
	if (!st || !prefix) {
		ret = vfs_set_err(e, -ENOMEM, NULL);
		goto free_bufs;
	}
	n = (size_t)keel_snprintf(out, size, "/%s", w.m->name);
	if (n >= size) {
		ret = vfs_set_err(e, -ENAMETOOLONG, NULL);
		goto free_bufs;
	}
	/* Walk component by component so each name is the one stored (lookups may ignore case). */
	vfs_mlock(w.m);
	ret = w.m->ops->stat(w.m->fs, "", st);
	if (ret)
		ret = vfs_fs_err(w.m, e, ret);
	for (const char *s = w.rel; ret == 0 && *s;) {
		const char *end = strchr(s, '/');
		size_t len = end ? (size_t)(end - s) : strlen(s);

		if (plen + len + 2 > VFS_PATH_MAX) {
			ret = vfs_set_err(e, -ENAMETOOLONG, NULL);
			break;
		}
		if (plen)
			prefix[plen++] = '/';
		memcpy(prefix + plen, s, len);
		plen += len;
		prefix[plen] = '\0';
		s += len + (end ? 1 : 0);
		ret = w.m->ops->stat(w.m->fs, prefix, st);
		if (ret) {
			ret = vfs_fs_err(w.m, e, ret);
		} else if (st->type != VFS_DIR) {
			ret = vfs_set_err(e, -ENOTDIR, NULL);
		} else if (n + 1 + strlen(st->name) >= size) {
			ret = vfs_set_err(e, -ENAMETOOLONG, NULL);
		} else {
			n += (size_t)keel_snprintf(out + n, size - n, "/%s", st->name);
		}
	}
	vfs_munlock(w.m);
free_bufs:
	vfs_dealloc(v, st, sizeof(*st));
	vfs_dealloc(v, prefix, VFS_PATH_MAX);
	return ret;
}

/* ---------------------------------------------------------------- files */

int vfs_open(struct vfs *v, const char *cwd, const char *path, struct vfs_file **out, struct vfs_stat *st,
	     struct vfs_err *e)
{
	struct vfs_where w;
	struct vfs_stat *own = NULL;
	struct vfs_file *f;
	struct io_stream inner;
	int ret = vfs_resolve(v, cwd, path, &w, e);

	*out = NULL;
	if (ret)
		return ret;
	if (!w.m || w.rel[0] == '\0')
		return vfs_set_err(e, -EISDIR, NULL);
	if (w.must_dir) {
		/* "name/": missing is -ENOENT, a directory -EISDIR, a file -ENOTDIR (as open(2) says) */
		struct vfs_stat *tmp = vfs_alloc(v, sizeof(*tmp));

		if (!tmp)
			return vfs_set_err(e, -ENOMEM, NULL);
		vfs_mlock(w.m);
		ret = where_stat(&w, tmp, e); /* -ENOTDIR for a file */
		vfs_munlock(w.m);
		if (ret == 0)
			ret = vfs_set_err(e, -EISDIR, NULL);
		vfs_dealloc(v, tmp, sizeof(*tmp));
		return ret;
	}
	f = vfs_alloc(v, sizeof(*f));
	if (!st)
		st = own = vfs_alloc(v, sizeof(*own));
	if (!f || !st) {
		ret = vfs_set_err(e, -ENOMEM, NULL);
		goto free_bufs;
	}
	memset(f, 0, sizeof(*f));
	f->v = v;
	f->m = w.m;
	vfs_mlock(w.m);
	ret = w.m->ops->open(w.m->fs, w.rel, &f->handle, &inner, st, f->why);
	if (ret)
		ret = vfs_fs_err(w.m, e, ret);
	vfs_munlock(w.m);
	if (ret)
		goto free_bufs;
	f->size = st->size;
	io_lockable_stream_init(&f->ls, &inner, &w.m->lock);
	*out = f;
	f = NULL;
free_bufs:
	vfs_dealloc(v, f, sizeof(*f));
	vfs_dealloc(v, own, sizeof(*own));
	return ret;
}

const struct io_stream *vfs_file_stream(struct vfs_file *f)
{
	return &f->ls.stream;
}

uint64_t vfs_file_size(const struct vfs_file *f)
{
	return f->size;
}

const char *vfs_file_strerror(struct vfs_file *f, int err)
{
	/* f->why was written under the lock by the failing read; copy it under the lock too. */
	vfs_mlock(f->m);
	vfs_set_err(&f->err, err, f->why[0] ? f->why : NULL);
	vfs_munlock(f->m);
	return vfs_strerror(&f->err);
}

void vfs_close(struct vfs_file *f)
{
	if (!f)
		return;
	vfs_mlock(f->m);
	f->m->ops->close(f->m->fs, f->handle);
	vfs_munlock(f->m);
	vfs_dealloc(f->v, f, sizeof(*f));
}


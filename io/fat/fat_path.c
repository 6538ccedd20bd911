/*
 * Path lookup: '/'-separated components resolved one directory at a time from the root (an
 * absolute path or no base) or from a caller's directory cursor (the shell's current
 * directory). "." stays, ".." follows the directory's ".." entry (cluster 0 is the root) and
 * stays at the root; empty components ("a//b", a trailing '/') are ignored. Iterative, so any
 * depth works with constant stack.
 */
#include <string.h>

#include <io/fat/fat_internal.h>

static bool is_root_cluster(const struct fat_volume *v, uint32_t c)
{
	return c == 0 || (v->fat_bits == 32 && c == v->root_cluster);
}

/* Resolve path into *e; *dir is left open on the directory holding it (scratch for callers). */
static int resolve(struct fat_volume *v, const struct fat_dir *base, const char *path,
		   struct fat_dirent *e, struct fat_dir *dir)
{
	const char *p = path;
	int err;

	if (!base || *p == '/') {
		err = fat_dir_root(v, dir);
		if (err)
			return err;
		fat_root_dirent(v, e);
	} else {
		*dir = *base;
		fat_dir_rewind(dir);
		if (is_root_cluster(v, dir->first_cluster)) {
			fat_root_dirent(v, e);
		} else {
			memset(e, 0, sizeof(*e));
			e->name[0] = e->short_name[0] = '.';
			e->attr = FAT_ATTR_DIRECTORY;
			e->first_cluster = dir->first_cluster;
		}
	}
	for (;;) {
		const char *start;
		size_t len;

		while (*p == '/')
			p++;
		if (!*p)
			return 0;
		start = p;
		while (*p && *p != '/')
			p++;
		len = (size_t)(p - start);
		if (!fat_dirent_is_dir(e))
			return fat_fail(v, -ENOTDIR, "a path component is not a directory");
		if (len >= FAT_NAME_MAX)
			return fat_fail(v, -ENAMETOOLONG, "path component too long");
		err = fat_dir_init(v, e->first_cluster, dir);
		if (err)
			return err;
		if (len == 1 && start[0] == '.')
			continue;
		if (len == 2 && start[0] == '.' && start[1] == '.' &&
		    is_root_cluster(v, dir->first_cluster)) {
			fat_root_dirent(v, e);
			continue;
		}
		err = fat_dir_find(dir, start, len, e);
		if (err < 0)
			return err;
		if (err == 0)
			return fat_fail(v, -ENOENT, "no such file or directory");
		if (fat_dirent_is_dir(e) && is_root_cluster(v, e->first_cluster) &&
		    len == 2 && start[0] == '.')
			fat_root_dirent(v, e);
	}
}

int fat_stat(struct fat_volume *v, const struct fat_dir *base, const char *path,
	     struct fat_dirent *e)
{
	struct fat_dir dir;

	return resolve(v, base, path, e, &dir);
}

int fat_dir_from_entry(struct fat_volume *v, const struct fat_dirent *e, struct fat_dir *d)
{
	if (!fat_dirent_is_dir(e))
		return fat_fail(v, -ENOTDIR, "not a directory");
	return fat_dir_init(v, e->first_cluster, d);
}

int fat_dir_open(struct fat_volume *v, const struct fat_dir *base, const char *path,
		 struct fat_dir *d)
{
	struct fat_dirent e;
	struct fat_dir scratch;
	int err = resolve(v, base, path, &e, &scratch);

	/* *d changes only on success, so `fat_dir_open(v, &cwd, path, &cwd)` is a safe `cd` */
	if (err)
		return err;
	return fat_dir_from_entry(v, &e, d);
}

int fat_open(struct fat_volume *v, const struct fat_dir *base, const char *path,
	     struct fat_file *f)
{
	struct fat_dirent e;
	struct fat_dir dir;
	int err = resolve(v, base, path, &e, &dir);

	if (err)
		return err;
	return fat_open_entry(v, &e, f);
}

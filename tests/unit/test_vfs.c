/*
 * VFS host tests: the mount table (names, duplicates, a full table, failed mounts), the path
 * resolver's edge cases (".." above a volume root, trailing slashes, "." everywhere, long and
 * Unicode names, overlong paths), the root directory of mounts, errors and their words, the lock
 * held around every file-system call and never after, and allocation failures without leaks. (The
 * FAT adapter is tested in test_vfs_fat.c.)
 */
#include "check.h"

#include <keel/errno.h>
#include <stdlib.h>

#include "io_testdev.h"
#include "kernel/fs/vfs.h"

/* ---------------------------------------------------------------- a fake file system */

struct fake_node {
	const char *path;   /* from the root, canonical */
	enum vfs_type type;
	const char *data;
};

/* Names are matched ignoring ASCII case (as FAT does) so realdir must return the stored case. */
static const struct fake_node fake_tree[] = {
	{ "", VFS_DIR, NULL },
	{ "Docs", VFS_DIR, NULL },
	{ "Docs/Guide.txt", VFS_FILE, "the guide\n" },
	{ "Docs/Grüße — 日本語", VFS_DIR, NULL },
	{ "Docs/Grüße — 日本語/ok.txt", VFS_FILE, "unicode\n" },
	{ "hello.txt", VFS_FILE, "hello, world\n" },
	{ "BAD", VFS_FILE, NULL }, /* reads fail with a reason */
};

struct fake_fs {
	struct tio_lock *lock;
	unsigned calls;
	char long_name[300];   /* a 255-byte name, added to the tree below */
};

struct fake_file {
	const struct fake_node *n;
	size_t pos;
	char *why;
	struct fake_fs *fs;
};

struct fake_dir {
	const struct fake_node *dir;
	size_t next;
};

static int ci_eq(const char *a, const char *b)
{
	for (;; a++, b++) {
		char x = *a, y = *b;

		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (x != y)
			return 0;
		if (!x)
			return 1;
	}
}

static const struct fake_node *fake_find(const char *path)
{
	for (size_t i = 0; i < sizeof(fake_tree) / sizeof(fake_tree[0]); i++)
		if (ci_eq(fake_tree[i].path, path))
			return &fake_tree[i];
	return NULL;
}

static void fake_held(void *fs)
{
	struct fake_fs *f = fs;

	CHECK(f->lock->held); /* every op runs with the mount's lock held */
	f->calls++;
}

static void fake_fill(struct vfs_stat *st, const struct fake_node *n)
{
	const char *slash = strrchr(n->path, '/');

	memset(st, 0, sizeof(*st));
	snprintf(st->name, sizeof(st->name), "%s", slash ? slash + 1 : (n->path[0] ? n->path : "/"));
	st->type = n->type;
	st->size = n->data ? strlen(n->data) : 0;
	st->mtime.year = 2024;
}

static int fake_stat(void *fs, const char *path, struct vfs_stat *st)
{
	struct fake_fs *f = fs;
	const struct fake_node *n;

	fake_held(fs);
	if (strcmp(path, f->long_name) == 0) {
		memset(st, 0, sizeof(*st));
		snprintf(st->name, sizeof(st->name), "%s", f->long_name);
		st->type = VFS_FILE;
		return 0;
	}
	n = fake_find(path);
	if (!n) {
		/* "a file/x": a component that is a file is ENOTDIR, as FAT says */
		char pre[VFS_PATH_MAX];
		const char *s = strrchr(path, '/');

		if (s) {
			snprintf(pre, sizeof(pre), "%.*s", (int)(s - path), path);
			n = fake_find(pre);
			if (n && n->type == VFS_FILE)
				return -ENOTDIR;
		}
		return -ENOENT;
	}
	fake_fill(st, n);
	return 0;
}

static int64_t fake_read(void *ctx, void *buf, size_t len)
{
	struct fake_file *h = ctx;
	size_t left;

	CHECK(h->fs->lock->held);
	if (!h->n->data) {
		snprintf(h->why, VFS_WHY_MAX, "cluster 7 is out of range");
		return -EUCLEAN;
	}
	left = strlen(h->n->data) - h->pos;
	if (len > left)
		len = left;
	memcpy(buf, h->n->data + h->pos, len);
	h->pos += len;
	return (int64_t)len;
}

static const struct io_stream_ops fake_stream_ops = { .read = fake_read };

static int fake_open(void *fs, const char *path, void **handle, struct io_stream *stream, struct vfs_stat *st,
		     char *why)
{
	const struct fake_node *n;
	struct fake_file *h;

	fake_held(fs);
	n = fake_find(path);
	if (!n)
		return -ENOENT;
	if (n->type == VFS_DIR)
		return -EISDIR;
	h = calloc(1, sizeof(*h));
	h->n = n;
	h->why = why;
	h->fs = fs;
	fake_fill(st, n);
	*handle = h;
	*stream = (struct io_stream){ &fake_stream_ops, h };
	return 0;
}

static void fake_close(void *fs, void *handle)
{
	fake_held(fs);
	free(handle);
}

static int fake_opendir(void *fs, const char *path, void **dir)
{
	const struct fake_node *n;
	struct fake_dir *d;

	fake_held(fs);
	n = fake_find(path);
	if (!n)
		return -ENOENT;
	if (n->type != VFS_DIR)
		return -ENOTDIR;
	d = calloc(1, sizeof(*d));
	d->dir = n;
	*dir = d;
	return 0;
}

static int fake_readdir(void *fs, void *dir, struct vfs_stat *st, bool *skip)
{
	struct fake_dir *d = dir;
	size_t plen = strlen(d->dir->path);

	fake_held(fs);
	*skip = false;
	while (d->next < sizeof(fake_tree) / sizeof(fake_tree[0])) {
		const struct fake_node *n = &fake_tree[d->next++];
		const char *rest = n->path + plen + (plen ? 1 : 0);

		if (n->path[0] == '\0' || strncmp(n->path, d->dir->path, plen) != 0 || (plen && n->path[plen] != '/'))
			continue;
		if (strchr(rest, '/'))
			continue;
		fake_fill(st, n);
		return 1;
	}
	return 0;
}

static void fake_closedir(void *fs, void *dir)
{
	fake_held(fs);
	free(dir);
}

static const char *fake_reason(void *fs, int err)
{
	fake_held(fs);
	return err == -EUCLEAN ? "the fake volume is corrupt" : NULL;
}

static void fake_statfs(void *fs, struct vfs_statfs *out)
{
	fake_held(fs);
	snprintf(out->type, sizeof(out->type), "FAKE");
	snprintf(out->label, sizeof(out->label), "LABEL");
	out->total_bytes = 12345;
}

static const struct vfs_fs_ops fake_ops = {
	fake_stat, fake_open, fake_close, fake_opendir, fake_readdir, fake_closedir, fake_reason, fake_statfs, NULL,
};

struct fixture {
	struct tio_alloc alloc;
	struct tio_lock lock;
	struct fake_fs fs;
	struct vfs *v;
};

static void fx_init(struct fixture *fx)
{
	memset(fx, 0, sizeof(*fx));
	tio_alloc_init(&fx->alloc);
	tio_lock_init(&fx->lock);
	fx->fs.lock = &fx->lock;
	memset(fx->fs.long_name, 'n', 255);
	fx->v = vfs_new(&fx->alloc.alloc);
	CHECK(fx->v != NULL);
	CHECK_EQ_INT(vfs_mount(fx->v, "ram0", &fake_ops, &fx->fs, &fx->lock.lock), 0);
	CHECK_EQ_INT(vfs_mount_failed(fx->v, "ata0", -EUCLEAN, "bad boot sector"), 0);
}

static void fx_fini(struct fixture *fx)
{
	vfs_free(fx->v);
	CHECK_EQ_U64((uint64_t)fx->alloc.outstanding, 0); /* nothing leaked */
	CHECK(!fx->lock.held);
}

/* ---------------------------------------------------------------- tests */

static void join_expect(const char *cwd, const char *path, int want_rc, const char *want, int want_dir, int line)
{
	char out[VFS_PATH_MAX];
	bool dir = false;
	int rc = vfs_path_join(cwd, path, out, sizeof(out), &dir);

	if (rc != want_rc) {
		check_fail(__FILE__, line, "join(%s, %s) = %d, want %d", cwd, path, rc, want_rc);
		return;
	}
	if (rc == 0 && want && strcmp(out, want) != 0)
		check_fail(__FILE__, line, "join(%s, %s) = \"%s\", want \"%s\"", cwd, path, out, want);
	if (rc == 0 && (int)dir != want_dir)
		check_fail(__FILE__, line, "join(%s, %s) must_dir = %d", cwd, path, (int)dir);
}
#define JOIN(c, p, rc, w, d) join_expect(c, p, rc, w, d, __LINE__)

TEST(path_join_edges)
{
	JOIN("/ram0/docs", "guide", 0, "/ram0/docs/guide", 0);
	JOIN("/ram0/docs", "/ram1//x/", 0, "/ram1/x", 1);
	JOIN("/ram0", "..", 0, "/", 1);                     /* .. above a volume root: the mounts */
	JOIN("/ram0", "../../../..", 0, "/", 1);
	JOIN("/ram0/a", "../../ram1/b", 0, "/ram1/b", 0);   /* up and into another volume */
	JOIN("/", ".", 0, "/", 1);
	JOIN("/", "..", 0, "/", 1);
	JOIN("/ram0/a", "./b/./../c/", 0, "/ram0/a/c", 1);
	JOIN("/ram0", "b/.", 0, "/ram0/b", 1);
	JOIN("/ram0", "...", 0, "/ram0/...", 0);            /* only . and .. are special */
	JOIN("/ram0", "a..b", 0, "/ram0/a..b", 0);
	JOIN("/ram0", "////", 0, "/", 1);
	JOIN("/ram0", "Grüße — 日本語/x", 0, "/ram0/Grüße — 日本語/x", 0);
	JOIN("/ram0", "", -ENOENT, "", 0);
	{
		char big[VFS_PATH_MAX + 8];

		memset(big, 'x', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		JOIN("/ram0", big, -ENAMETOOLONG, "", 0);
		big[VFS_PATH_MAX - 7] = '\0'; /* "/ram0/" + this + NUL = exactly VFS_PATH_MAX */
		JOIN("/ram0", big, 0, NULL, 0);
	}
}

TEST(mount_table)
{
	struct fixture fx;
	bool mounted = true;
	struct vfs_statfs sf;
	char name[16];

	fx_init(&fx);
	CHECK_EQ_INT(vfs_mount(fx.v, "ram0", &fake_ops, &fx.fs, &fx.lock.lock), -EEXIST);
	CHECK_EQ_INT(vfs_mount(fx.v, "", &fake_ops, &fx.fs, &fx.lock.lock), -EINVAL);
	CHECK_EQ_INT(vfs_mount(fx.v, "a/b", &fake_ops, &fx.fs, &fx.lock.lock), -EINVAL);
	CHECK_EQ_INT(vfs_mount(fx.v, "..", &fake_ops, &fx.fs, &fx.lock.lock), -EINVAL);
	CHECK_EQ_INT(vfs_mount(fx.v, "a-name-that-is-far-too-long", &fake_ops, &fx.fs, &fx.lock.lock), -EINVAL);
	CHECK_EQ_INT(vfs_mount_count(fx.v), 2);
	CHECK_EQ_STR(vfs_mount_name(fx.v, 1, &mounted), "ata0");
	CHECK(!mounted);
	CHECK(vfs_mount_name(fx.v, 2, NULL) == NULL);
	CHECK_EQ_INT(vfs_statfs(fx.v, "ram0", &sf), 0);
	CHECK_EQ_STR(sf.type, "FAKE");
	CHECK_EQ_INT(vfs_statfs(fx.v, "ata0", &sf), -ENODEV);
	CHECK_EQ_INT(vfs_statfs(fx.v, "nope", &sf), -ENOENT);
	for (int i = 2; i < VFS_MOUNT_MAX; i++) {
		snprintf(name, sizeof(name), "m%d", i);
		CHECK_EQ_INT(vfs_mount(fx.v, name, &fake_ops, &fx.fs, &fx.lock.lock), 0);
	}
	CHECK_EQ_INT(vfs_mount(fx.v, "onemore", &fake_ops, &fx.fs, &fx.lock.lock), -ENOSPC);
	CHECK_EQ_INT(vfs_mount_failed(fx.v, "onemore", -EIO, NULL), -ENOSPC);
	fx_fini(&fx);
}

TEST(stat_and_errors)
{
	struct fixture fx;
	struct vfs_stat st;
	struct vfs_err e;

	fx_init(&fx);
	CHECK_EQ_INT(vfs_stat(fx.v, "/", "/", &st, &e), 0);
	CHECK(st.type == VFS_DIR && strcmp(st.name, "/") == 0);
	CHECK_EQ_INT(vfs_stat(fx.v, "/", "ram0", &st, &e), 0);
	CHECK(st.is_mount && st.type == VFS_DIR && strcmp(st.name, "ram0") == 0 && st.size == 12345);
	CHECK_EQ_INT(vfs_stat(fx.v, "/ram0/Docs", "guide.TXT", &st, &e), 0);
	CHECK_EQ_STR(st.name, "Guide.txt");
	CHECK(st.type == VFS_FILE && st.size == 10);
	CHECK_EQ_INT(vfs_stat(fx.v, "/ram0", "hello.txt/", &st, &e), -ENOTDIR); /* trailing slash on a file */
	CHECK_EQ_INT(vfs_stat(fx.v, "/ram0", "hello.txt/.", &st, &e), -ENOTDIR);
	CHECK_EQ_INT(vfs_stat(fx.v, "/ram0", "Docs/", &st, &e), 0);
	CHECK_EQ_INT(vfs_stat(fx.v, "/ram0", "hello.txt/x", &st, &e), -ENOTDIR);
	CHECK_EQ_INT(vfs_stat(fx.v, "/ram0", "missing", &st, &e), -ENOENT);
	CHECK_EQ_STR(vfs_strerror(&e), "no such file or directory");
	CHECK_EQ_INT(vfs_stat(fx.v, "/", "ram9/x", &st, &e), -ENOENT);
	CHECK_EQ_STR(vfs_strerror(&e), "no such volume");
	CHECK_EQ_INT(vfs_stat(fx.v, "/", "/ata0/x", &st, &e), -ENODEV);
	CHECK_EQ_STR(vfs_strerror(&e), "volume ata0 is not mounted: bad boot sector");
	CHECK_EQ_INT(vfs_stat(fx.v, "/ram0/Docs", "../../ram0/./Docs/../hello.txt", &st, &e), 0);
	CHECK_EQ_STR(st.name, "hello.txt");
	CHECK_EQ_INT(vfs_stat(fx.v, "/ram0", "Docs/Grüße — 日本語/OK.TXT", &st, &e), 0);
	CHECK_EQ_STR(st.name, "ok.txt");
	/* A 255-byte name, and a path one byte too long for the table. */
	CHECK_EQ_INT(vfs_stat(fx.v, "/ram0", fx.fs.long_name, &st, &e), 0);
	CHECK_EQ_INT((int)strlen(st.name), 255);
	CHECK_EQ_INT(vfs_stat(fx.v, "/", "", &st, &e), -ENOENT);
	CHECK(!fx.lock.held);
	fx_fini(&fx);
}

TEST(realdir_stored_case)
{
	struct fixture fx;
	char out[VFS_PATH_MAX];
	struct vfs_err e;

	fx_init(&fx);
	CHECK_EQ_INT(vfs_realdir(fx.v, "/ram0", "docs/grüße — 日本語/..", out, sizeof(out), &e), 0);
	CHECK_EQ_STR(out, "/ram0/Docs");
	CHECK_EQ_INT(vfs_realdir(fx.v, "/ram0", "..", out, sizeof(out), &e), 0);
	CHECK_EQ_STR(out, "/");
	CHECK_EQ_INT(vfs_realdir(fx.v, "/ram0", "hello.txt", out, sizeof(out), &e), -ENOTDIR);
	CHECK_EQ_INT(vfs_realdir(fx.v, "/ram0", "nope/x", out, sizeof(out), &e), -ENOENT);
	CHECK_EQ_INT(vfs_realdir(fx.v, "/", "ram0", out, 5, &e), -ENAMETOOLONG);
	fx_fini(&fx);
}

TEST(open_read_close)
{
	struct fixture fx;
	struct vfs_file *f;
	struct vfs_stat st;
	struct vfs_err e;
	char buf[64];

	fx_init(&fx);
	CHECK_EQ_INT(vfs_open(fx.v, "/ram0/Docs", "GUIDE.txt", &f, &st, &e), 0);
	CHECK(!fx.lock.held);
	CHECK_EQ_U64(vfs_file_size(f), 10);
	{
		uint64_t before = fx.lock.locks;
		int64_t n = io_stream_read(vfs_file_stream(f), buf, 4);

		CHECK_EQ_INT((int)n, 4);
		CHECK_EQ_U64(fx.lock.locks, before + 1); /* one read, one lock */
		n = io_stream_read_full(vfs_file_stream(f), buf + 4, sizeof(buf) - 4);
		CHECK_EQ_INT((int)n, 6);
		CHECK(memcmp(buf, "the guide\n", 10) == 0);
	}
	CHECK(!fx.lock.held);
	vfs_close(f);
	CHECK_EQ_INT(vfs_open(fx.v, "/", "/ram0/Docs", &f, NULL, &e), -EISDIR);
	CHECK(f == NULL);
	CHECK_EQ_INT(vfs_open(fx.v, "/", "/", &f, NULL, &e), -EISDIR);
	CHECK_EQ_INT(vfs_open(fx.v, "/", "/ram0", &f, NULL, &e), -EISDIR);
	CHECK_EQ_INT(vfs_open(fx.v, "/", "/ram0/hello.txt/", &f, NULL, &e), -ENOTDIR);
	CHECK_EQ_INT(vfs_open(fx.v, "/", "/ram0/missing/", &f, NULL, &e), -ENOENT);
	CHECK_EQ_INT(vfs_open(fx.v, "/", "/ram0/Docs/", &f, NULL, &e), -EISDIR);
	CHECK_EQ_INT(vfs_open(fx.v, "/", "/ata0/hello.txt", &f, NULL, &e), -ENODEV);
	/* A failing read keeps the file system's words for it. */
	CHECK_EQ_INT(vfs_open(fx.v, "/ram0", "BAD", &f, NULL, &e), 0);
	CHECK_EQ_INT((int)io_stream_read(vfs_file_stream(f), buf, 8), -EUCLEAN);
	CHECK_EQ_STR(vfs_file_strerror(f, -EUCLEAN), "cluster 7 is out of range");
	vfs_close(f);
	/* Out of memory at each allocation of an open: a clean error and no leak. */
	for (int k = 0; k < 2; k++) {
		fx.alloc.fail_next = true;
		CHECK_EQ_INT(vfs_open(fx.v, "/", "/ram0/hello.txt", &f, k ? &st : NULL, &e), -ENOMEM);
		fx.alloc.fail_next = false;
	}
	fx_fini(&fx);
}

static int list(struct vfs *v, const char *path, int flags, char *out, size_t size)
{
	struct vfs_dir *d;
	struct vfs_stat st;
	int ret = vfs_opendir(v, "/", path, flags, &d, NULL);

	out[0] = '\0';
	if (ret)
		return ret;
	while ((ret = vfs_readdir(d, &st, NULL, NULL)) == 1) {
		strncat(out, st.name, size - strlen(out) - 1);
		strncat(out, st.type == VFS_DIR ? "/ " : " ", size - strlen(out) - 1);
	}
	vfs_closedir(d);
	return ret;
}

struct try_lock {
	struct tio_lock t;
	bool busy;
};

static bool try_lock_try(void *ctx)
{
	struct try_lock *l = ctx;

	if (l->busy)
		return false;
	l->t.lock.ops->lock(&l->t);
	return true;
}

TEST(directories)
{
	struct fixture fx;
	char out[512];
	struct vfs_dir *d;

	fx_init(&fx);
	CHECK_EQ_INT(list(fx.v, "/", 0, out, sizeof(out)), 0);
	CHECK_EQ_STR(out, "ram0/ "); /* the failed mount is not listed */
	CHECK_EQ_INT(list(fx.v, "/ram0", 0, out, sizeof(out)), 0);
	CHECK_EQ_STR(out, "Docs/ hello.txt BAD ");
	CHECK_EQ_INT(list(fx.v, "/ram0/docs", 0, out, sizeof(out)), 0);
	CHECK_EQ_STR(out, "Guide.txt Grüße — 日本語/ ");
	CHECK_EQ_INT(list(fx.v, "/ram0/hello.txt", 0, out, sizeof(out)), -ENOTDIR);
	CHECK_EQ_INT(list(fx.v, "/ram0/none", 0, out, sizeof(out)), -ENOENT);
	CHECK_EQ_INT(list(fx.v, "/ata0", 0, out, sizeof(out)), -ENODEV);
	/* VFS_NOWAIT: without a trylock, or with the lock busy, -EBUSY rather than a wait. */
	CHECK_EQ_INT(vfs_opendir(fx.v, "/", "/ram0", VFS_NOWAIT, &d, NULL), -EBUSY);
	{
		struct try_lock tl;
		static struct io_lock_ops ops;
		struct io_lock lock;
		struct vfs *v = vfs_new(&fx.alloc.alloc);
		struct fake_fs fs = fx.fs;

		tio_lock_init(&tl.t);
		tl.busy = false;
		ops = *tl.t.lock.ops;
		ops.trylock = try_lock_try;
		lock = (struct io_lock){ &ops, &tl };
		fs.lock = &tl.t;
		CHECK_EQ_INT(vfs_mount(v, "t", &fake_ops, &fs, &lock), 0);
		CHECK_EQ_INT(list(v, "/t", VFS_NOWAIT, out, sizeof(out)), 0);
		CHECK_EQ_STR(out, "Docs/ hello.txt BAD ");
		tl.busy = true;
		CHECK_EQ_INT(list(v, "/t", VFS_NOWAIT, out, sizeof(out)), -EBUSY);
		vfs_free(v);
	}
	fx.alloc.fail_next = true;
	CHECK_EQ_INT(vfs_opendir(fx.v, "/", "/ram0", 0, &d, NULL), -ENOMEM);
	fx_fini(&fx);
}

CHECK_MAIN("vfs")

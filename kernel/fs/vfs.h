/*
 * The VFS: one tree over every mounted file system. Its root "/" is a directory of the mounts
 * (ram0, ata0p1, ...); below each mount name is that file system's own tree. A file system joins
 * by mounting itself under a name with an ops table (struct vfs_fs_ops) and the lock that
 * serialises every call on it; the VFS resolves paths (absolute, or relative to a current
 * directory that is a canonical path string), takes the mount's lock around each op, opens files
 * as io_streams wrapped in an io_lockable_stream over the same lock, and turns errors into words
 * in one place (vfs_strerror), with the file system's detailed reason where it gave one.
 *
 * Plain C with an injected allocator and lock: the kernel has one instance (vfs_kernel()), host
 * tests make their own. Mounts are added, never removed: a published mount lives forever, so
 * lookups need no lock (the count is published with release/acquire ordering).
 */
#ifndef KEEL_FS_VFS_H
#define KEEL_FS_VFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "io/io.h"
#include "io/lockable.h"
#include "io/stream.h"

#define VFS_PATH_MAX 1024   /* a canonical absolute path with its NUL */
#define VFS_NAME_MAX 768    /* one name in UTF-8 with its NUL (FAT: 255 UTF-16 units) */
#define VFS_ALT_MAX 40      /* an alternative name (FAT's 8.3 alias) */
#define VFS_MOUNT_MAX 32
#define VFS_MOUNT_NAME_MAX 24
#define VFS_WHY_MAX 128

enum vfs_type {
	VFS_FILE = 1,
	VFS_DIR = 2,
};

/* Attribute bits a file system may report (FAT's map one to one). */
enum {
	VFS_ATTR_READ_ONLY = 0x01,
	VFS_ATTR_HIDDEN = 0x02,
	VFS_ATTR_SYSTEM = 0x04,
	VFS_ATTR_ARCHIVE = 0x20,
};

struct vfs_time {
	uint16_t year;  /* 0: unknown */
	uint8_t month, day, hour, minute, second;
};

/* What stat and readdir describe. */
struct vfs_stat {
	char name[VFS_NAME_MAX];      /* as stored ("/" for the VFS root, the mount name for a mount's root) */
	char alt_name[VFS_ALT_MAX];   /* "" when the file system has none */
	enum vfs_type type;
	uint32_t attr;                /* VFS_ATTR_* */
	uint64_t size;                /* bytes; for a mount in "/": the volume's size */
	uint64_t id;                  /* file-system specific (FAT: first cluster) */
	struct vfs_time mtime, ctime, atime;
	bool is_mount;                /* the root of a mounted file system */
};

/* A file system's own description of itself (ls -l /, mount). */
struct vfs_statfs {
	char type[16];                /* "FAT16" */
	char label[40];
	uint64_t total_bytes;
};

/* An error, and the file system's words for it when it had any ("" otherwise). */
struct vfs_err {
	int code;
	char why[VFS_WHY_MAX];
};

/*
 * A file system's operations; the VFS calls each with the mount's lock held. Paths are relative
 * to the file system's root, canonical ('/'-separated, no "." or "..", no leading or trailing
 * '/'); "" is the root. Handles (file, dir) are the file system's own, allocated by it.
 */
struct vfs_fs_ops {
	int (*stat)(void *fs, const char *path, struct vfs_stat *st);
	/* Open a regular file: *handle, its stream (read/seek over the handle) and its stat. Read
	 * errors later leave the file system's reason in why[VFS_WHY_MAX] (the stream is called
	 * with the lock held, through the VFS's lockable). */
	int (*open)(void *fs, const char *path, void **handle, struct io_stream *stream, struct vfs_stat *st,
		    char *why);
	void (*close)(void *fs, void *handle);
	int (*opendir)(void *fs, const char *path, void **dir);
	/* 1 and *st, 0 at the end, or -E; *skip true when only this entry was bad (go on). */
	int (*readdir)(void *fs, void *dir, struct vfs_stat *st, bool *skip);
	void (*closedir)(void *fs, void *dir);
	/* The detailed reason for the last failed call's err, or NULL to use the code's words. */
	const char *(*reason)(void *fs, int err);
	void (*statfs)(void *fs, struct vfs_statfs *out);
	/* Optional: release fs when its VFS is freed (host tests; the kernel's lives forever). */
	void (*release)(void *fs);
};

struct vfs;         /* opaque instance */
struct vfs_file;    /* an open file */
struct vfs_dir;     /* an open directory */

/* A new VFS instance using alloc for itself and its handles; NULL without memory. */
struct vfs *vfs_new(const struct io_alloc *alloc);
/* Tear down (host tests): releases the file systems and frees the instance; no handle may be open. */
void vfs_free(struct vfs *v);
/* The kernel's instance (created at first use). */
struct vfs *vfs_kernel(void);

/*
 * Mount fs under name with its ops and lock (copied; the lock's ops may leave trylock NULL).
 * -EINVAL (empty, ".", "..", a '/' or too long), -EEXIST, -ENOSPC. Context: task.
 */
int vfs_mount(struct vfs *v, const char *name, const struct vfs_fs_ops *ops, void *fs, const struct io_lock *lock);
/* Record that name exists but did not mount (paths into it fail with -ENODEV and why). */
int vfs_mount_failed(struct vfs *v, const char *name, int err, const char *why);

/* Mounts in order (failed ones included): name, and whether it is mounted. */
unsigned vfs_mount_count(struct vfs *v);
const char *vfs_mount_name(struct vfs *v, unsigned i, bool *mounted);
int vfs_statfs(struct vfs *v, const char *name, struct vfs_statfs *out);

/*
 * Join cwd (canonical absolute) and path into a canonical absolute path: "." and ".." resolved on
 * the text (".." above "/" stays at "/"), empty components dropped. *must_dir (may be NULL) is set
 * when path ends in '/' or "/." or "/..": the result must be a directory. 0 or -ENAMETOOLONG,
 * -ENOENT for an empty path.
 */
int vfs_path_join(const char *cwd, const char *path, char *out, size_t size, bool *must_dir);

/* Describe path. Errors: -ENOENT, -ENOTDIR, -ENODEV (not mounted), -ENAMETOOLONG, the file
 * system's codes; err (may be NULL) receives the code and reason. */
int vfs_stat(struct vfs *v, const char *cwd, const char *path, struct vfs_stat *st, struct vfs_err *err);
/* The canonical path of the directory path names, with each name as stored ("cd"): -ENOTDIR
 * when it is a file. */
int vfs_realdir(struct vfs *v, const char *cwd, const char *path, char *out, size_t size, struct vfs_err *err);

/* Open a regular file for reading: -EISDIR for a directory. st (may be NULL) gets its stat. */
int vfs_open(struct vfs *v, const char *cwd, const char *path, struct vfs_file **out, struct vfs_stat *st,
	     struct vfs_err *err);
/* The file as a stream: VFS -> lockable (the mount's lock) -> the file system's stream. */
const struct io_stream *vfs_file_stream(struct vfs_file *f);
uint64_t vfs_file_size(const struct vfs_file *f);
/* Words for an error the file's stream returned (the file system's reason when it gave one). */
const char *vfs_file_strerror(struct vfs_file *f, int err);
void vfs_close(struct vfs_file *f);

enum {
	VFS_NOWAIT = 1,  /* vfs_opendir: every call try-locks, failing with -EBUSY when the mount is busy */
};

/* Open a directory ("/" lists the mounts that mounted). -ENOTDIR for a file. */
int vfs_opendir(struct vfs *v, const char *cwd, const char *path, int flags, struct vfs_dir **out,
		struct vfs_err *err);
/* 1 and *st, 0 at the end, -E. *skip (may be NULL) is true when only that entry was corrupt. */
int vfs_readdir(struct vfs_dir *d, struct vfs_stat *st, bool *skip, struct vfs_err *err);
void vfs_closedir(struct vfs_dir *d);

/* The one place errors become words: err->why when set, else the code's meaning. */
const char *vfs_strerror(const struct vfs_err *err);

#endif /* KEEL_FS_VFS_H */

/*
 * What the VFS core's files share (vfs.c: mounts, paths, files; vfs_dir.c: directories): the
 * instance, mount and handle structs and the small helpers that take a mount's lock and keep a
 * file system's reason for an error. Private to kernel/fs/vfs*.c.
 */
#ifndef KEEL_FS_VFS_INTERNAL_H
#define KEEL_FS_VFS_INTERNAL_H

#include "kernel/fs/vfs.h"

struct vfs_mount {
	char name[VFS_MOUNT_NAME_MAX];
	const struct vfs_fs_ops *ops;  /* NULL: did not mount (err, why) */
	void *fs;
	struct io_lock lock;
	int err;
	char why[VFS_WHY_MAX];
};

struct vfs {
	struct io_alloc alloc;
	unsigned count;  /* published with release ordering; entries below it never change */
	struct vfs_mount mounts[VFS_MOUNT_MAX];
};

struct vfs_file {
	struct vfs *v;
	struct vfs_mount *m;
	void *handle;
	struct io_lockable_stream ls;  /* VFS -> lock -> the file system's stream */
	uint64_t size;
	char why[VFS_WHY_MAX];         /* the file system's reason for the last failed read */
	struct vfs_err err;            /* scratch for vfs_file_strerror */
};

struct vfs_dir {
	struct vfs *v;
	struct vfs_mount *m;           /* NULL: the root, listing mounts */
	void *dir;
	unsigned next;                 /* root: the next mount index */
	int flags;
};

/* A resolved path: its mount (NULL for "/") and the path inside it. */
struct vfs_where {
	struct vfs_mount *m;
	const char *rel;
	bool must_dir;
	char abs[VFS_PATH_MAX];
};

void *vfs_alloc(struct vfs *v, size_t n);
void vfs_dealloc(struct vfs *v, void *p, size_t n);
unsigned vfs_mcount(struct vfs *v);
/* Fill e (may be NULL) with code and why (may be NULL); returns code. */
int vfs_set_err(struct vfs_err *e, int code, const char *why);
/* After a failed op, lock held: the file system's reason for code into e; returns code. */
int vfs_fs_err(struct vfs_mount *m, struct vfs_err *e, int code);
void vfs_mlock(struct vfs_mount *m);
/* Without waiting; false when busy or when the lock cannot try. */
bool vfs_mtrylock(struct vfs_mount *m);
void vfs_munlock(struct vfs_mount *m);
/* Resolve path against cwd into *w (its mount, NULL for "/"). */
int vfs_resolve(struct vfs *v, const char *cwd, const char *path, struct vfs_where *w, struct vfs_err *e);

#endif /* KEEL_FS_VFS_INTERNAL_H */

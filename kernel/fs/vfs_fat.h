/*
 * FAT volumes in the VFS: vfs_fat_mount() puts a mounted io/fat volume into a VFS under a name,
 * through an ops table that maps FAT entries to vfs_stat and FAT files to streams. Plain C.
 */
#ifndef KEEL_FS_VFS_FAT_H
#define KEEL_FS_VFS_FAT_H

#include "io/fat/fat.h"
#include "kernel/fs/vfs.h"

/* Mount fat under name; every call on it will hold lock. Handles come from alloc. 0 or the
 * codes of vfs_mount (and -ENOMEM). */
int vfs_fat_mount(struct vfs *v, const char *name, struct fat_volume *fat, const struct io_lock *lock,
		  const struct io_alloc *alloc);

#endif /* KEEL_FS_VFS_FAT_H */

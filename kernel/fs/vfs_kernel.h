/*
 * Kernel glue for the VFS (vfs_kernel.c): the heap as an injected allocator, and a mutex as an
 * injected lock (with trylock), for file systems mounting into vfs_kernel().
 */
#ifndef KEEL_FS_VFS_KERNEL_H
#define KEEL_FS_VFS_KERNEL_H

#include "io/io.h"
#include "io/lockable.h"

struct mutex;

extern const struct io_alloc vfs_kernel_heap;
struct io_lock vfs_kernel_mutex_lock(struct mutex *m);

#endif /* KEEL_FS_VFS_KERNEL_H */

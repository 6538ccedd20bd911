/*
 * The kernel's VFS instance (vfs_kernel()) on the kernel heap, and the lock ops that put a
 * volume's mutex (keel/volume.h) under its mount: the VFS and the volume table's other users
 * (mount, lsblk, the in-kernel tests) then serialise on the same lock.
 */
#include <keel/assert.h>
#include <keel/heap.h>
#include <keel/mutex.h>
#include <keel/volume.h>

#include "kernel/fs/vfs.h"
#include "kernel/fs/vfs_kernel.h"

static void *kvfs_alloc(void *ctx, size_t size)
{
	(void)ctx;
	return kmalloc(size);
}

static void kvfs_free(void *ctx, void *ptr, size_t size)
{
	(void)ctx;
	(void)size;
	kfree(ptr);
}

const struct io_alloc vfs_kernel_heap = { kvfs_alloc, kvfs_free, NULL };

struct vfs *vfs_kernel(void)
{
	static struct vfs *instance;
	struct vfs *v = __atomic_load_n(&instance, __ATOMIC_ACQUIRE), *expected = NULL;

	if (v)
		return v;
	v = vfs_new(&vfs_kernel_heap);
	ASSERT(v); /* at boot, on the boot task: the first caller mounts the volumes */
	if (!__atomic_compare_exchange_n(&instance, &expected, v, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		vfs_free(v);
		return expected;
	}
	return v;
}

static void kvfs_lock(void *ctx)
{
	mutex_lock(ctx);
}

static void kvfs_unlock(void *ctx)
{
	mutex_unlock(ctx);
}

static bool kvfs_trylock(void *ctx)
{
	return mutex_trylock(ctx);
}

static const struct io_lock_ops kvfs_mutex_ops = { kvfs_lock, kvfs_unlock, kvfs_trylock };

struct io_lock vfs_kernel_mutex_lock(struct mutex *m)
{
	return (struct io_lock){ &kvfs_mutex_ops, m };
}

# kernel/fs/: file-system glue in the kernel (the volume table mounted at boot).
VFS_SRCS := kernel/fs/vfs.c kernel/fs/vfs_dir.c kernel/fs/vfs_fat.c
MODULE_SRCS += kernel/fs/volumes.c kernel/fs/vfs_kernel.c $(VFS_SRCS)

# The VFS core and its FAT adapter are plain C: host-tested with a fake file system and over
# every FAT test image.
HOST_TESTS += build/host/test_vfs
build/host/test_vfs: $(call host_objs,tests/unit/test_vfs.c $(VFS_SRCS) kernel/lib/format.c $(FAT_TEST_SRCS)) | $(FAT_IMAGES)
	$(host_link)

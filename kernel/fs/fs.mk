# kernel/fs/: file-system glue in the kernel (the volume table mounted at boot).
VFS_SRCS := kernel/fs/vfs.c kernel/fs/vfs_dir.c kernel/fs/vfs_fat.c
MODULE_SRCS += kernel/fs/volumes.c kernel/fs/vfs_kernel.c $(VFS_SRCS)

# The VFS core and its FAT adapter are plain C: host-tested with a fake file system and over
# every FAT test image.
HOST_TESTS += build/host/test_vfs build/host/test_vfs_fat
build/host/test_vfs: $(call host_objs,tests/unit/test_vfs.c $(VFS_SRCS) kernel/lib/format.c $(FAT_TEST_SRCS)) | $(FAT_IMAGES)
	$(host_link)
build/host/test_vfs_fat: $(call host_objs,tests/unit/test_vfs_fat.c $(VFS_SRCS) kernel/lib/format.c $(FAT_TEST_SRCS)) | $(FAT_IMAGES)
	$(host_link)

# `make bench`: cat's read path through the VFS vs the FAT reader directly (80% target).
BENCH_TARGETS += build/bench/bench_vfs
HOST_LDLIBS_bench_vfs := -lpthread
build/bench/bench_vfs: $(call bench_objs,tests/bench/bench_vfs.c tools/keel_assert_host.c $(VFS_SRCS) kernel/lib/format.c \
		kernel/lib/strerror.c $(FAT_SRCS) $(FAT_IO_SRCS)) | $(FAT_BENCH_IMG)
	$(bench_link)

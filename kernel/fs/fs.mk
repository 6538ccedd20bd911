# kernel/fs/: file-system glue in the kernel (the volume table mounted at boot).
VFS_SRCS := kernel/fs/vfs.c kernel/fs/vfs_dir.c kernel/fs/vfs_fat.c
MODULE_SRCS += kernel/fs/volumes.c kernel/fs/vfs_kernel.c $(VFS_SRCS)

# kernel/fs/: file-system glue in the kernel (the volume table mounted at boot).
MODULE_SRCS += kernel/fs/volumes.c

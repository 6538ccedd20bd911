/*
 * The block device registry: drivers (ramdisk, ATA) register each device they find under a short
 * name (ram0, ata0, ...) with a one-line description; file systems and the shell's lsblk find
 * them here. The registry only keeps pointers: a registered device lives forever.
 */
#ifndef KEEL_BLOCKDEV_H
#define KEEL_BLOCKDEV_H

#include <stdint.h>

#include "io/io.h"

#define BLOCKDEV_MAX 32
#define BLOCKDEV_NAME_MAX 16
#define BLOCKDEV_DESC_MAX 64

struct blockdev {
	char name[BLOCKDEV_NAME_MAX];
	char desc[BLOCKDEV_DESC_MAX];
	struct io_block_dev *dev;
};

/* Register under "<prefix><n>" (n = the next free number for that prefix). Returns the index
 * or -ENOSPC / -EINVAL. */
int blockdev_register(const char *prefix, struct io_block_dev *dev, const char *desc);
/* Register under `name` exactly (vda, vdb: drivers that number with letters). Returns the index
 * or -ENOSPC / -EINVAL / -EEXIST. */
int blockdev_register_named(const char *name, struct io_block_dev *dev, const char *desc);
unsigned blockdev_count(void);
const struct blockdev *blockdev_get(unsigned i);
const struct blockdev *blockdev_find(const char *name);

#endif /* KEEL_BLOCKDEV_H */

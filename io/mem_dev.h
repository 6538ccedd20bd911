/*
 * A RAM device: one memory buffer seen both as a block device (block_count = size / block_size,
 * a trailing partial block is not addressable) and as a byte device of known length (size).
 * Host tests use it as the device under every wrapper; the kernel's ramdisk wraps each
 * Multiboot2 module in one. Read-only buffers get ops tables without write ops (-EROFS).
 * Context: any; never blocks; concurrent writers must be serialized by the caller.
 */
#ifndef KEEL_IO_MEM_DEV_H
#define KEEL_IO_MEM_DEV_H

#include <stdbool.h>

#include <io/io.h>

struct io_mem_dev {
	struct io_block_dev blk;  /* the block view; pass &m->blk to wrappers */
	struct io_byte_dev byte;  /* the byte view; pass &m->byte */
	uint8_t *base;
	uint64_t size;
	uint32_t block_size;
};

/*
 * Set m up over [base, base + size). block_size must be non-zero. read_only removes the
 * write ops from both views. Returns 0 or -EINVAL.
 */
int io_mem_dev_init(struct io_mem_dev *m, void *base, size_t size, uint32_t block_size,
		    bool read_only);

#endif /* KEEL_IO_MEM_DEV_H */

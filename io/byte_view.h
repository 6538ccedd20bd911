/*
 * A byte device over any block device. Whole-block runs go straight between the device and the
 * caller's buffer in one block call per run; a partial head or tail block goes through one
 * block of scratch, and a partial write is a read-modify-write of that block. The view's length
 * is block_count * block_size when the block device knows its count (transfers are then clamped
 * as io.h describes), unknown otherwise (the device's own range errors come back). Every error
 * of the block device is returned to the caller.
 * Context: not reentrant (one scratch block): share a view between tasks only through a
 * lockable wrapper (lockable.h) stacked on it.
 */
#ifndef KEEL_IO_BYTE_VIEW_H
#define KEEL_IO_BYTE_VIEW_H

#include <io/io.h>

struct io_byte_view {
	struct io_byte_dev dev;        /* the byte device this view exports: pass &v->dev */
	struct io_block_dev blk;       /* the block device underneath */
	uint32_t block_size;
	uint8_t *scratch;              /* one block */
	const struct io_alloc *alloc;  /* set when init allocated the scratch */
};

/*
 * Set v up over blk. scratch: block_size bytes the caller provides (kept until fini), or NULL
 * to allocate them through alloc. Returns 0, -EINVAL (zero block size, or neither scratch nor
 * alloc) or -ENOMEM.
 */
int io_byte_view_init(struct io_byte_view *v, const struct io_block_dev *blk, void *scratch,
		      const struct io_alloc *alloc);

/* Release what init allocated. The view must not be used afterwards. */
void io_byte_view_fini(struct io_byte_view *v);

#endif /* KEEL_IO_BYTE_VIEW_H */

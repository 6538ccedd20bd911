/*
 * The byte view over a block device (byte_view.h). Each byte transfer is split by
 * io_blocks_from_bytes() into at most three block transfers done in ascending order: partial
 * blocks through the scratch block, whole runs directly in the caller's buffer. The first error
 * ends the transfer and is returned; a failed write has therefore changed at most a prefix of
 * its range (given a block device that writes in order), and a partial block is only written
 * back after it was read successfully, so bytes outside the range are never changed.
 */
#include <string.h>

#include <io/byte_view.h>

/* Clamp len to the view's known length, if any. */
static size_t view_clamp(struct io_byte_view *v, uint64_t off, size_t len, int *past_end)
{
	uint64_t count;

	*past_end = 0;
	if (io_block_count(&v->blk, &count) != 0)
		return len;
	uint64_t length = count > UINT64_MAX / v->block_size ? UINT64_MAX : count * v->block_size;
	*past_end = off >= length;
	return io_clamp_len(off, len, length);
}

static int xfer_whole(const struct io_block_xfer *x, uint32_t bs)
{
	return x->start == 0 && x->end == x->count * bs;
}

static int64_t view_read_at(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct io_byte_view *v = ctx;
	struct io_block_xfer x[3];
	uint8_t *p = buf;
	int past_end, n, err;

	len = view_clamp(v, off, len, &past_end);
	n = io_blocks_from_bytes(off, len, v->block_size, x);
	if (n < 0)
		return n;
	for (int i = 0; i < n; i++) {
		size_t bytes = (size_t)(x[i].end - x[i].start);

		if (xfer_whole(&x[i], v->block_size)) {
			err = io_block_read(&v->blk, x[i].lba, x[i].count, p);
		} else {
			err = io_block_read(&v->blk, x[i].lba, 1, v->scratch);
			if (!err)
				memcpy(p, v->scratch + x[i].start, bytes);
		}
		if (err)
			return err;
		p += bytes;
	}
	return (int64_t)len;
}

static int64_t view_write_at(void *ctx, uint64_t off, const void *buf, size_t len)
{
	struct io_byte_view *v = ctx;
	struct io_block_xfer x[3];
	const uint8_t *p = buf;
	int past_end, n, err;

	len = view_clamp(v, off, len, &past_end);
	if (past_end)
		return -ENOSPC;
	n = io_blocks_from_bytes(off, len, v->block_size, x);
	if (n < 0)
		return n;
	for (int i = 0; i < n; i++) {
		size_t bytes = (size_t)(x[i].end - x[i].start);

		if (xfer_whole(&x[i], v->block_size)) {
			err = io_block_write(&v->blk, x[i].lba, x[i].count, p);
		} else {
			err = io_block_read(&v->blk, x[i].lba, 1, v->scratch);
			if (!err) {
				memcpy(v->scratch + x[i].start, p, bytes);
				err = io_block_write(&v->blk, x[i].lba, 1, v->scratch);
			}
		}
		if (err)
			return err;
		p += bytes;
	}
	return (int64_t)len;
}

static int view_flush(void *ctx)
{
	struct io_byte_view *v = ctx;

	return io_block_flush(&v->blk);
}

static int view_length(void *ctx, uint64_t *len)
{
	struct io_byte_view *v = ctx;
	uint64_t count;
	int err = io_block_count(&v->blk, &count);

	if (err)
		return err;
	if (count > UINT64_MAX / v->block_size)
		return -EOVERFLOW;
	*len = count * v->block_size;
	return 0;
}

static const struct io_byte_ops view_ops = {
	.read_at = view_read_at,
	.write_at = view_write_at,
	.flush = view_flush,
	.length = view_length,
};

int io_byte_view_init(struct io_byte_view *v, const struct io_block_dev *blk, void *scratch,
		      const struct io_alloc *alloc)
{
	uint32_t bs = io_block_size(blk);

	if (bs == 0 || (!scratch && !alloc))
		return -EINVAL;
	v->alloc = NULL;
	if (!scratch) {
		scratch = alloc->alloc(alloc->ctx, bs);
		if (!scratch)
			return -ENOMEM;
		v->alloc = alloc;
	}
	v->blk = *blk;
	v->block_size = bs;
	v->scratch = scratch;
	v->dev = (struct io_byte_dev){ &view_ops, v };
	return 0;
}

void io_byte_view_fini(struct io_byte_view *v)
{
	if (v->alloc)
		v->alloc->free(v->alloc->ctx, v->scratch, v->block_size);
	v->alloc = NULL;
	v->scratch = NULL;
}

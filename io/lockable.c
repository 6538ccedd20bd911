/*
 * Lockable block, byte and stream wrappers (lockable.h): each op takes the lock, forwards to the
 * inner device through its inline wrapper (so the inner device's own "unsupported" errors come
 * back unchanged) and releases the lock.
 */
#include <io/lockable.h>

#define LOCKED(l, expr) \
	({ \
		(l)->lock.ops->lock((l)->lock.ctx); \
		__typeof__(expr) locked_ret_ = (expr); \
		(l)->lock.ops->unlock((l)->lock.ctx); \
		locked_ret_; \
	})

/* ---------------------------------------------------------------- block */

static int lblk_read(void *ctx, uint64_t lba, uint64_t count, void *buf)
{
	struct io_lockable_block *l = ctx;

	return LOCKED(l, io_block_read(&l->inner, lba, count, buf));
}

static int lblk_write(void *ctx, uint64_t lba, uint64_t count, const void *buf)
{
	struct io_lockable_block *l = ctx;

	return LOCKED(l, io_block_write(&l->inner, lba, count, buf));
}

static int lblk_flush(void *ctx)
{
	struct io_lockable_block *l = ctx;

	return LOCKED(l, io_block_flush(&l->inner));
}

static uint32_t lblk_size(void *ctx)
{
	struct io_lockable_block *l = ctx;

	return LOCKED(l, io_block_size(&l->inner));
}

static int lblk_count(void *ctx, uint64_t *count)
{
	struct io_lockable_block *l = ctx;

	return LOCKED(l, io_block_count(&l->inner, count));
}

static const struct io_block_ops lockable_block_ops = {
	.read_blocks = lblk_read,
	.write_blocks = lblk_write,
	.flush = lblk_flush,
	.block_size = lblk_size,
	.block_count = lblk_count,
};

void io_lockable_block_init(struct io_lockable_block *l, const struct io_block_dev *inner,
			    const struct io_lock *lock)
{
	l->inner = *inner;
	l->lock = *lock;
	l->dev = (struct io_block_dev){ &lockable_block_ops, l };
}

/* ---------------------------------------------------------------- byte */

static int64_t lbyte_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct io_lockable_byte *l = ctx;

	return LOCKED(l, io_byte_read(&l->inner, off, buf, len));
}

static int64_t lbyte_write(void *ctx, uint64_t off, const void *buf, size_t len)
{
	struct io_lockable_byte *l = ctx;

	return LOCKED(l, io_byte_write(&l->inner, off, buf, len));
}

static int lbyte_flush(void *ctx)
{
	struct io_lockable_byte *l = ctx;

	return LOCKED(l, io_byte_flush(&l->inner));
}

static int lbyte_length(void *ctx, uint64_t *len)
{
	struct io_lockable_byte *l = ctx;

	return LOCKED(l, io_byte_length(&l->inner, len));
}

static const struct io_byte_ops lockable_byte_ops = {
	.read_at = lbyte_read,
	.write_at = lbyte_write,
	.flush = lbyte_flush,
	.length = lbyte_length,
};

void io_lockable_byte_init(struct io_lockable_byte *l, const struct io_byte_dev *inner,
			   const struct io_lock *lock)
{
	l->inner = *inner;
	l->lock = *lock;
	l->dev = (struct io_byte_dev){ &lockable_byte_ops, l };
}

/* ---------------------------------------------------------------- stream */

static int64_t lstream_read(void *ctx, void *buf, size_t len)
{
	struct io_lockable_stream *l = ctx;

	return LOCKED(l, io_stream_read(&l->inner, buf, len));
}

static int64_t lstream_write(void *ctx, const void *buf, size_t len)
{
	struct io_lockable_stream *l = ctx;

	return LOCKED(l, io_stream_write(&l->inner, buf, len));
}

static int64_t lstream_seek(void *ctx, int64_t off, int whence)
{
	struct io_lockable_stream *l = ctx;

	return LOCKED(l, io_stream_seek(&l->inner, off, whence));
}

static int lstream_flush(void *ctx)
{
	struct io_lockable_stream *l = ctx;

	return LOCKED(l, io_stream_flush(&l->inner));
}

static int lstream_close(void *ctx)
{
	struct io_lockable_stream *l = ctx;

	return LOCKED(l, io_stream_close(&l->inner));
}

static const struct io_stream_ops lockable_stream_ops = {
	.read = lstream_read,
	.write = lstream_write,
	.seek = lstream_seek,
	.flush = lstream_flush,
	.close = lstream_close,
};

void io_lockable_stream_init(struct io_lockable_stream *l, const struct io_stream *inner,
			     const struct io_lock *lock)
{
	l->inner = *inner;
	l->lock = *lock;
	l->stream = (struct io_stream){ &lockable_stream_ops, l };
}

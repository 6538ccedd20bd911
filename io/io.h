/*
 * Keel's stateless I/O interfaces: block devices and byte devices, each an ops table plus a
 * context pointer, reached through the small inline wrappers below (never call an ops member
 * directly: the wrappers supply the "unsupported" errors, zero-length shortcuts and range checks).
 * Nothing here keeps a position: every transfer names its offset, so one device can be shared
 * and wrapped freely (byte_view.h, lockable.h); positions live in streams (stream.h).
 *
 * Conventions (docs/io.md has the full story):
 *  - Block transfers are all-or-error: 0 or a negative E* code. A block range past a known
 *    block count is -ENXIO. A missing read op gives -EOPNOTSUPP, a missing write op -EROFS,
 *    a missing flush op succeeds (nothing to flush).
 *  - Byte transfers return the number of bytes moved (>= 0) or a negative E* code. The count is
 *    the full length, except on a device of known length where the range crosses the end: a
 *    read then returns what lies before the end (0 at or past it), a write writes what fits and
 *    a write starting at or past the end is -ENOSPC. Zero-length transfers return 0 and touch
 *    nothing. Any device error fails the whole call (no partial count hides an error); a failed
 *    write may have changed a prefix of its range, never a byte outside it.
 * Plain freestanding C: built into the kernel and into host tests.
 */
#ifndef KEEL_IO_IO_H
#define KEEL_IO_IO_H

#include <stddef.h>
#include <stdint.h>

#include <keel/errno.h>

/* ---------------------------------------------------------------- block devices */

struct io_block_ops {
	/* Read blocks [lba, lba + count) into buf (count * block_size bytes). count > 0. */
	int (*read_blocks)(void *ctx, uint64_t lba, uint64_t count, void *buf);
	/* Write blocks [lba, lba + count) from buf. count > 0. NULL: read-only device. */
	int (*write_blocks)(void *ctx, uint64_t lba, uint64_t count, const void *buf);
	/* Make written data durable. NULL: nothing to flush. */
	int (*flush)(void *ctx);
	/* Bytes per block: non-zero and fixed for the device's lifetime. Required. */
	uint32_t (*block_size)(void *ctx);
	/* Number of blocks, if known: 0 and *count, or -EOPNOTSUPP. NULL: unknown. */
	int (*block_count)(void *ctx, uint64_t *count);
};

/* A block device handle: what drivers fill in and register, what wrappers take and export. */
struct io_block_dev {
	const struct io_block_ops *ops;
	void *ctx;
};

static inline uint32_t io_block_size(const struct io_block_dev *dev)
{
	return dev->ops->block_size(dev->ctx);
}

/* 0 and *count, or -EOPNOTSUPP when the device does not know its size. */
static inline int io_block_count(const struct io_block_dev *dev, uint64_t *count)
{
	if (!dev->ops->block_count)
		return -EOPNOTSUPP;
	return dev->ops->block_count(dev->ctx, count);
}

static inline int io_block_read(const struct io_block_dev *dev, uint64_t lba, uint64_t count,
				void *buf)
{
	if (!dev->ops->read_blocks)
		return -EOPNOTSUPP;
	if (count == 0)
		return 0;
	if (lba + count < lba)
		return -ENXIO;
	return dev->ops->read_blocks(dev->ctx, lba, count, buf);
}

static inline int io_block_write(const struct io_block_dev *dev, uint64_t lba, uint64_t count,
				 const void *buf)
{
	if (!dev->ops->write_blocks)
		return -EROFS;
	if (count == 0)
		return 0;
	if (lba + count < lba)
		return -ENXIO;
	return dev->ops->write_blocks(dev->ctx, lba, count, buf);
}

static inline int io_block_flush(const struct io_block_dev *dev)
{
	if (!dev->ops->flush)
		return 0;
	return dev->ops->flush(dev->ctx);
}

/* ---------------------------------------------------------------- byte devices */

struct io_byte_ops {
	/* Read up to len bytes at off; returns bytes read or -E (see the conventions above). */
	int64_t (*read_at)(void *ctx, uint64_t off, void *buf, size_t len);
	/* Write up to len bytes at off; returns bytes written or -E. NULL: read-only device. */
	int64_t (*write_at)(void *ctx, uint64_t off, const void *buf, size_t len);
	/* Make written data durable. NULL: nothing to flush. */
	int (*flush)(void *ctx);
	/* Length in bytes, if known ("known length"): 0 and *len, or -EOPNOTSUPP. NULL: unknown. */
	int (*length)(void *ctx, uint64_t *len);
};

struct io_byte_dev {
	const struct io_byte_ops *ops;
	void *ctx;
};

/* Arguments every byte transfer must satisfy: a count that fits the return type, no wrap. */
static inline int io_byte_range_ok(uint64_t off, size_t len)
{
	return (uint64_t)len <= (uint64_t)INT64_MAX && (uint64_t)len <= UINT64_MAX - off;
}

static inline int io_byte_length(const struct io_byte_dev *dev, uint64_t *len)
{
	if (!dev->ops->length)
		return -EOPNOTSUPP;
	return dev->ops->length(dev->ctx, len);
}

static inline int64_t io_byte_read(const struct io_byte_dev *dev, uint64_t off, void *buf,
				   size_t len)
{
	if (!dev->ops->read_at)
		return -EOPNOTSUPP;
	if (len == 0)
		return 0;
	if (!io_byte_range_ok(off, len))
		return -EINVAL;
	return dev->ops->read_at(dev->ctx, off, buf, len);
}

static inline int64_t io_byte_write(const struct io_byte_dev *dev, uint64_t off, const void *buf,
				    size_t len)
{
	if (!dev->ops->write_at)
		return -EROFS;
	if (len == 0)
		return 0;
	if (!io_byte_range_ok(off, len))
		return -EINVAL;
	return dev->ops->write_at(dev->ctx, off, buf, len);
}

static inline int io_byte_flush(const struct io_byte_dev *dev)
{
	if (!dev->ops->flush)
		return 0;
	return dev->ops->flush(dev->ctx);
}

/*
 * Clamp a transfer of len bytes at off to a device of the given length: the bytes that lie
 * before the end (0 when off is at or past it). For implementations of known-length devices.
 */
static inline size_t io_clamp_len(uint64_t off, size_t len, uint64_t length)
{
	if (off >= length)
		return 0;
	return (uint64_t)len < length - off ? len : (size_t)(length - off);
}

/* ---------------------------------------------------------------- helpers */

/*
 * One block transfer of a byte transfer: blocks [lba, lba + count), of which the bytes
 * [start, end) (relative to the first of those blocks) belong to the byte range. A partial
 * head or tail has count 1 and start > 0 or end < block size; a whole run has start 0 and
 * end == count * block size.
 */
struct io_block_xfer {
	uint64_t lba;
	uint64_t count;
	uint64_t start;
	uint64_t end;
};

/*
 * The at most three block transfers that cover bytes [offset, offset + length), in ascending
 * order: a partial head block, a run of whole blocks, a partial tail block (each present only
 * if needed). Returns how many were stored in out (0 for length 0), or -EINVAL for a zero block
 * size or a range that wraps the 64-bit offset space.
 */
int io_blocks_from_bytes(uint64_t offset, uint64_t length, uint32_t block_size,
			 struct io_block_xfer out[3]);

/* An injected allocator, for wrappers that need memory (the byte view's scratch block). */
struct io_alloc {
	void *(*alloc)(void *ctx, size_t size);
	void (*free)(void *ctx, void *ptr, size_t size);
	void *ctx;
};

#endif /* KEEL_IO_IO_H */

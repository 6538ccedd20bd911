/*
 * Stateful I/O: the stream, Keel's equivalent of std::io::Read/Write/Seek. Anything with a
 * position or none at all implements it: files and devices through the reader / writer /
 * reader-writer below (a position over a byte device), character devices (serial, terminal)
 * directly. The shell's commands read and write only through this API: files (the VFS opens
 * them as a lockable stream over a reader), the console's stdin and stdout, and pipes.
 *
 * Conventions:
 *  - read returns bytes read (>= 0) or -E. It may return fewer than asked (a character device
 *    returns what is available; a byte-device stream stops at the end of a known length);
 *    0 for a non-zero request means end of stream.
 *  - write returns bytes written (>= 1 for a non-zero request) or -E; it may be short (a
 *    byte-device stream at the end of a fixed-size device). io_stream_write_all() loops.
 *  - seek returns the new position (>= 0) or -E: -ESPIPE for a stream that cannot seek, or
 *    for IO_SEEK_END on a device without known length; -EINVAL for a negative result or a bad
 *    whence; -EOVERFLOW past INT64_MAX. Seeking past the end is allowed (reads there return 0).
 *  - A stream not opened for reading (writing) returns -EBADF from read (write).
 *  - On any error the position is unchanged.
 */
#ifndef KEEL_IO_STREAM_H
#define KEEL_IO_STREAM_H

#include <io/io.h>

enum {
	IO_SEEK_SET = 0,
	IO_SEEK_CUR = 1,
	IO_SEEK_END = 2,
};

struct io_stream_ops {
	int64_t (*read)(void *ctx, void *buf, size_t len);         /* NULL: -EBADF */
	int64_t (*write)(void *ctx, const void *buf, size_t len);  /* NULL: -EBADF */
	int64_t (*seek)(void *ctx, int64_t off, int whence);       /* NULL: -ESPIPE */
	int (*flush)(void *ctx);                                   /* NULL: nothing to flush */
	int (*close)(void *ctx);                                   /* NULL: nothing to release */
};

struct io_stream {
	const struct io_stream_ops *ops;
	void *ctx;
};

static inline int64_t io_stream_read(const struct io_stream *s, void *buf, size_t len)
{
	if (!s->ops->read)
		return -EBADF;
	if (len == 0)
		return 0;
	if ((uint64_t)len > (uint64_t)INT64_MAX)
		return -EINVAL;
	return s->ops->read(s->ctx, buf, len);
}

static inline int64_t io_stream_write(const struct io_stream *s, const void *buf, size_t len)
{
	if (!s->ops->write)
		return -EBADF;
	if (len == 0)
		return 0;
	if ((uint64_t)len > (uint64_t)INT64_MAX)
		return -EINVAL;
	return s->ops->write(s->ctx, buf, len);
}

static inline int64_t io_stream_seek(const struct io_stream *s, int64_t off, int whence)
{
	if (!s->ops->seek)
		return -ESPIPE;
	if (whence != IO_SEEK_SET && whence != IO_SEEK_CUR && whence != IO_SEEK_END)
		return -EINVAL;
	return s->ops->seek(s->ctx, off, whence);
}

static inline int64_t io_stream_tell(const struct io_stream *s)
{
	return io_stream_seek(s, 0, IO_SEEK_CUR);
}

static inline int io_stream_flush(const struct io_stream *s)
{
	if (!s->ops->flush)
		return 0;
	return s->ops->flush(s->ctx);
}

static inline int io_stream_close(const struct io_stream *s)
{
	if (!s->ops->close)
		return 0;
	return s->ops->close(s->ctx);
}

/* Read until len bytes or end of stream: bytes read (< len only at the end) or -E. */
int64_t io_stream_read_full(const struct io_stream *s, void *buf, size_t len);
/* Write all len bytes: 0, the stream's error, or -ENOSPC if it stopped taking bytes. */
int io_stream_write_all(const struct io_stream *s, const void *buf, size_t len);

/*
 * A stream over a byte device, keeping a position. One struct for all three kinds; the init
 * function picks the permissions (its ops table simply lacks the forbidden op).
 * Context: not reentrant (the position); share through io_lockable_stream.
 */
struct io_dev_stream {
	struct io_stream stream;  /* exported: pass &s->stream */
	struct io_byte_dev dev;
	uint64_t pos;
};

void io_reader_init(struct io_dev_stream *s, const struct io_byte_dev *dev);
void io_writer_init(struct io_dev_stream *s, const struct io_byte_dev *dev);
void io_reader_writer_init(struct io_dev_stream *s, const struct io_byte_dev *dev);

#endif /* KEEL_IO_STREAM_H */

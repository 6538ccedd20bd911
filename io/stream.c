/*
 * Streams over byte devices (reader, writer, reader-writer; stream.h) and the loop helpers every
 * stream gets. The position only moves by what a transfer reported, and not at all on error.
 * Positions stay within INT64_MAX so seek can report them.
 */
#include <io/stream.h>

int64_t io_stream_read_full(const struct io_stream *s, void *buf, size_t len)
{
	uint8_t *p = buf;
	size_t done = 0;

	while (done < len) {
		int64_t n = io_stream_read(s, p + done, len - done);

		if (n < 0)
			return n;
		if (n == 0)
			break;
		done += (size_t)n;
	}
	return (int64_t)done;
}

int io_stream_write_all(const struct io_stream *s, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	size_t done = 0;

	while (done < len) {
		int64_t n = io_stream_write(s, p + done, len - done);

		if (n < 0)
			return (int)n;
		if (n == 0)
			return -ENOSPC;
		done += (size_t)n;
	}
	return 0;
}

/* Limit a transfer so the position stays within INT64_MAX. */
static size_t dev_stream_room(const struct io_dev_stream *s, size_t len)
{
	uint64_t room = (uint64_t)INT64_MAX - s->pos;

	return (uint64_t)len < room ? len : (size_t)room;
}

static int64_t dev_stream_read(void *ctx, void *buf, size_t len)
{
	struct io_dev_stream *s = ctx;
	int64_t n = io_byte_read(&s->dev, s->pos, buf, dev_stream_room(s, len));

	if (n > 0)
		s->pos += (uint64_t)n;
	return n;
}

static int64_t dev_stream_write(void *ctx, const void *buf, size_t len)
{
	struct io_dev_stream *s = ctx;
	size_t room = dev_stream_room(s, len);
	int64_t n;

	if (room == 0)
		return -EFBIG;
	n = io_byte_write(&s->dev, s->pos, buf, room);
	if (n > 0)
		s->pos += (uint64_t)n;
	return n;
}

static int64_t dev_stream_seek(void *ctx, int64_t off, int whence)
{
	struct io_dev_stream *s = ctx;
	int64_t base;

	if (whence == IO_SEEK_SET) {
		base = 0;
	} else if (whence == IO_SEEK_CUR) {
		base = (int64_t)s->pos;
	} else {
		uint64_t len;

		if (io_byte_length(&s->dev, &len) != 0)
			return -ESPIPE;
		if (len > (uint64_t)INT64_MAX)
			return -EOVERFLOW;
		base = (int64_t)len;
	}
	if (off > 0 && base > INT64_MAX - off)
		return -EOVERFLOW;
	if (base + off < 0)
		return -EINVAL;
	s->pos = (uint64_t)(base + off);
	return (int64_t)s->pos;
}

static int dev_stream_flush(void *ctx)
{
	struct io_dev_stream *s = ctx;

	return io_byte_flush(&s->dev);
}

static const struct io_stream_ops reader_ops = {
	.read = dev_stream_read,
	.seek = dev_stream_seek,
	.flush = dev_stream_flush,
};

static const struct io_stream_ops writer_ops = {
	.write = dev_stream_write,
	.seek = dev_stream_seek,
	.flush = dev_stream_flush,
};

static const struct io_stream_ops reader_writer_ops = {
	.read = dev_stream_read,
	.write = dev_stream_write,
	.seek = dev_stream_seek,
	.flush = dev_stream_flush,
};

static void dev_stream_init(struct io_dev_stream *s, const struct io_byte_dev *dev,
			    const struct io_stream_ops *ops)
{
	s->dev = *dev;
	s->pos = 0;
	s->stream = (struct io_stream){ ops, s };
}

void io_reader_init(struct io_dev_stream *s, const struct io_byte_dev *dev)
{
	dev_stream_init(s, dev, &reader_ops);
}

void io_writer_init(struct io_dev_stream *s, const struct io_byte_dev *dev)
{
	dev_stream_init(s, dev, &writer_ops);
}

void io_reader_writer_init(struct io_dev_stream *s, const struct io_byte_dev *dev)
{
	dev_stream_init(s, dev, &reader_writer_ops);
}

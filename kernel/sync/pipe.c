/*
 * Pipes (keel/pipe.h) over a channel of chunks. A write is cut into chunks of up to PIPE_CHUNK
 * bytes, each sent as one message (waiting while the channel is full); a read takes one message
 * (waiting while it is empty), then whatever more is queued without waiting, and keeps the rest
 * of a message that did not fit for the next read. Both ends close the channel: for the reader
 * that is end of stream after draining, for the writer -EPIPE from then on.
 */
#include <keel/assert.h>
#include <keel/channel.h>
#include <keel/context.h>
#include <keel/errno.h>
#include <keel/heap.h>
#include <keel/pipe.h>
#include <string.h>

struct pipe_msg {
	uint32_t len;
	uint8_t data[PIPE_CHUNK];
};

_Static_assert(sizeof(struct pipe_msg) == 1024, "a pipe message is 1 KiB");

CHANNEL_DEFINE(pipe_chan, struct pipe_msg);

struct pipe {
	struct pipe_chan ch;
	struct io_stream reader, writer;
	int ends;                /* open ends (atomic): freed at 0 */
	bool reader_closed, writer_closed;
	/* reader side: the rest of the last message */
	struct pipe_msg cur;
	uint32_t cur_off;
};

static void pipe_put(struct pipe *p)
{
	if (__atomic_sub_fetch(&p->ends, 1, __ATOMIC_ACQ_REL) == 0) {
		pipe_chan_destroy(&p->ch);
		kfree(p);
	}
}

static int64_t pipe_read(void *ctx, void *buf, size_t len)
{
	struct pipe *p = ctx;
	uint8_t *out = buf;
	size_t done = 0;

	might_sleep();
	while (done < len) {
		size_t n;

		if (p->cur_off == p->cur.len) {
			int ret = done ? pipe_chan_try_recv(&p->ch, &p->cur) : pipe_chan_recv(&p->ch, &p->cur);

			if (ret) /* -EAGAIN: nothing more queued; -EPIPE: writer gone and drained */
				break;
			p->cur_off = 0;
		}
		n = KEEL_MIN(len - done, (size_t)(p->cur.len - p->cur_off));
		memcpy(out + done, p->cur.data + p->cur_off, n);
		p->cur_off += (uint32_t)n;
		done += n;
	}
	return (int64_t)done;
}

static int64_t pipe_write(void *ctx, const void *buf, size_t len)
{
	struct pipe *p = ctx;
	const uint8_t *in = buf;
	size_t done = 0;

	might_sleep();
	while (done < len) {
		/* A message on the writer's stack; the channel copies it in. */
		struct pipe_msg m;
		int ret;

		m.len = (uint32_t)KEEL_MIN(len - done, (size_t)PIPE_CHUNK);
		memcpy(m.data, in + done, m.len);
		ret = pipe_chan_send(&p->ch, &m);
		if (ret)
			return done ? (int64_t)done : ret; /* -EPIPE: the reader is gone */
		done += m.len;
	}
	return (int64_t)done;
}

static int pipe_close_end(struct pipe *p, bool *closed)
{
	if (__atomic_exchange_n(closed, true, __ATOMIC_ACQ_REL))
		return 0;
	pipe_chan_close(&p->ch);
	pipe_put(p);
	return 0;
}

static int pipe_reader_close(void *ctx)
{
	struct pipe *p = ctx;

	return pipe_close_end(p, &p->reader_closed);
}

static int pipe_writer_close(void *ctx)
{
	struct pipe *p = ctx;

	return pipe_close_end(p, &p->writer_closed);
}

static const struct io_stream_ops pipe_reader_ops = {
	.read = pipe_read,
	.close = pipe_reader_close,
};

static const struct io_stream_ops pipe_writer_ops = {
	.write = pipe_write,
	.close = pipe_writer_close,
};

struct pipe *pipe_new(void)
{
	struct pipe *p = kzalloc(sizeof(*p));

	if (!p)
		return NULL;
	if (pipe_chan_init(&p->ch, PIPE_CHUNKS) != 0) {
		kfree(p);
		return NULL;
	}
	p->reader = (struct io_stream){ &pipe_reader_ops, p };
	p->writer = (struct io_stream){ &pipe_writer_ops, p };
	p->ends = 2;
	return p;
}

const struct io_stream *pipe_reader(struct pipe *p)
{
	return &p->reader;
}

const struct io_stream *pipe_writer(struct pipe *p)
{
	return &p->writer;
}

/*
 * Pipes: a bounded byte stream between two tasks, built on a channel (keel/channel.h) of
 * fixed-size chunks. The writer's stream blocks while the pipe is full (back-pressure) and the
 * reader's while it is empty; closing the write end is end of stream for the reader once the
 * queued bytes are read, and closing the read end makes writes fail with -EPIPE. The pipe is
 * freed when both ends are closed. Each end is used by one task at a time.
 */
#ifndef KEEL_PIPE_H
#define KEEL_PIPE_H

#include <stddef.h>

#include "io/stream.h"

#define PIPE_CHUNK 1020     /* bytes per channel message (with its length: 1 KiB) */
#define PIPE_CHUNKS 16      /* messages in flight: up to 16 KiB buffered */

struct pipe;

/* A new pipe, or NULL without memory. Context: task. */
struct pipe *pipe_new(void);
/* The ends as streams: read (0 at the end) and write (-EPIPE once the reader is gone). Closing
 * an end (io_stream_close) is final; a second close of the same end does nothing. */
const struct io_stream *pipe_reader(struct pipe *p);
const struct io_stream *pipe_writer(struct pipe *p);

#endif /* KEEL_PIPE_H */

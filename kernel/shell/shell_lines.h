/*
 * A buffered line reader over an io_stream, for the filter commands (grep, head, tail, wc, sort,
 * uniq). It reads the stream in big pieces into a buffer the caller provides and hands out lines
 * without their '\n' as pointers into that buffer, so a 64 MiB file costs one read per buffer
 * and a pipe or the console (whose reads return a line at a time) is never waited on for more
 * than the line at hand. Memory is bounded by the buffer: a line longer than it comes out in
 * pieces, each flagged, so nothing is lost or invented (wc and head stream the pieces; the
 * commands that need whole lines treat a piece as "line too long"). A last line without '\n' is
 * reported as such. Plain C over io/stream.h only, host-tested.
 */
#ifndef KEEL_SHELL_LINES_H
#define KEEL_SHELL_LINES_H

#include <stdbool.h>
#include <stddef.h>

#include "io/stream.h"

/* The longest line the commands that need whole lines (grep, sort, tail, uniq) take: their
 * buffer is one byte more, for the newline. */
#define SHELL_LINES_WHOLE_MAX (64 * 1024)

struct shell_lines {
	const struct io_stream *s;
	char *buf;
	size_t cap;
	size_t start, end; /* unconsumed bytes: buf[start, end) */
	size_t scan;       /* buf[start, scan) is known to hold no '\n' */
	bool eof;          /* the stream ended: it is not read again (the console would wait) */
	bool cont;         /* the previous piece was a line's beginning without its end */
	int err;           /* a read failed: returned from then on */
	void (*before_read)(void *ctx); /* optional: called before every read of the stream */
	void *before_ctx;
};

/* One line, or one piece of a longer line. text is valid until the next call. */
struct shell_line {
	const char *text;
	size_t len;
	bool newline;   /* it ended with '\n' (false: the last line of the input had none, or more) */
	bool continued; /* an earlier piece of this line was already returned */
	bool more;      /* the buffer filled without '\n' (len == its size): the line goes on in the
			 * next piece, or, if the input ends right there, no piece follows */
};

/* buf (cap > 0 bytes) belongs to the reader until the caller is done with it. */
void shell_lines_init(struct shell_lines *lr, const struct io_stream *s, char *buf, size_t cap);
/* Call fn(ctx) before each read of the stream (which may wait): a command flushes its output. */
void shell_lines_before_read(struct shell_lines *lr, void (*fn)(void *ctx), void *ctx);
/* 1 with *out filled, 0 at the end of the input, or the stream's negative error (again on every
 * later call). */
int shell_lines_next(struct shell_lines *lr, struct shell_line *out);

#endif /* KEEL_SHELL_LINES_H */

/*
 * The line reader: find the next '\n' in the buffered bytes (never scanning a byte twice), or
 * make room (drop what was consumed; move an unfinished line to the front) and read as much as
 * fits. A full buffer without '\n' is returned as a piece of a longer line.
 */
#include <keel/assert.h>
#include <string.h>

#include "kernel/shell/shell_lines.h"

void shell_lines_init(struct shell_lines *lr, const struct io_stream *s, char *buf, size_t cap)
{
	ASSERT(cap > 0);
	*lr = (struct shell_lines){ .s = s, .buf = buf, .cap = cap };
}

void shell_lines_before_read(struct shell_lines *lr, void (*fn)(void *ctx), void *ctx)
{
	lr->before_read = fn;
	lr->before_ctx = ctx;
}

static void shell_lines_emit(struct shell_lines *lr, struct shell_line *out, size_t len, bool newline, bool more)
{
	*out = (struct shell_line){ lr->buf + lr->start, len, newline, lr->cont, more };
	lr->cont = more;
	lr->start += len + (newline ? 1 : 0);
	lr->scan = lr->start;
}

int shell_lines_next(struct shell_lines *lr, struct shell_line *out)
{
	for (;;) {
		char *nl = lr->scan < lr->end ? memchr(lr->buf + lr->scan, '\n', lr->end - lr->scan) : NULL;
		int64_t got;

		if (nl) {
			shell_lines_emit(lr, out, (size_t)(nl - (lr->buf + lr->start)), true, false);
			return 1;
		}
		lr->scan = lr->end;
		if (lr->err)
			return lr->err;
		if (lr->eof) {
			if (lr->start == lr->end)
				return 0;
			shell_lines_emit(lr, out, lr->end - lr->start, false, false);
			return 1;
		}
		if (lr->end - lr->start == lr->cap) {
			shell_lines_emit(lr, out, lr->cap, false, true);
			return 1;
		}
		if (lr->start == lr->end) {
			lr->start = lr->end = lr->scan = 0;
		} else if (lr->end == lr->cap) {
			memmove(lr->buf, lr->buf + lr->start, lr->end - lr->start);
			lr->end -= lr->start;
			lr->scan = lr->end;
			lr->start = 0;
		}
		if (lr->before_read)
			lr->before_read(lr->before_ctx);
		got = io_stream_read(lr->s, lr->buf + lr->end, lr->cap - lr->end);
		if (got < 0)
			lr->err = (int)got;
		else if (got == 0)
			lr->eof = true;
		else
			lr->end += (size_t)got;
	}
}

/*
 * Buffered output for the filter commands: lines are gathered into a 2 KiB buffer and written
 * with one shell_write per buffer instead of two or three per line (a console's output queue or a
 * pipe's channel pays per call). The buffer is flushed when full, before the command's next read
 * that may wait (shell_lines' before-read hook: typed input still shows its output at once), before
 * an error line and at the end.
 */
#ifndef KEEL_SHELL_OUTBUF_H
#define KEEL_SHELL_OUTBUF_H

#include <stddef.h>
#include <string.h>

#include "kernel/shell/shell.h"

struct shell_outbuf {
	struct shell_ctx *sh;
	size_t n;
	char buf[2048];
};

static inline void shell_outbuf_init(struct shell_outbuf *o, struct shell_ctx *sh)
{
	o->sh = sh;
	o->n = 0;
}

static inline void shell_outbuf_flush(struct shell_outbuf *o)
{
	if (o->n)
		shell_write(o->sh, o->buf, o->n);
	o->n = 0;
}

/* A shell_lines before-read hook. */
static inline void shell_outbuf_flush_hook(void *o)
{
	shell_outbuf_flush(o);
}

static inline void shell_outbuf_put(struct shell_outbuf *o, const char *p, size_t n)
{
	if (n > sizeof(o->buf) - o->n) {
		shell_outbuf_flush(o);
		if (n >= sizeof(o->buf)) {
			shell_write(o->sh, p, n);
			return;
		}
	}
	memcpy(o->buf + o->n, p, n);
	o->n += n;
}

#endif /* KEEL_SHELL_OUTBUF_H */

/*
 * uniq: adjacent equal lines of its inputs (files, or stdin) once, with -c their count in
 * coreutils' "%7u " form. Lines are compared whole: up to 64 KiB each (a longer one is an error
 * naming it). The previous line is kept across inputs, as if they were one.
 */
#include <keel/errno.h>
#include <keel/format.h>
#include <keel/heap.h>
#include <string.h>

#include "kernel/shell/shell.h"
#include "kernel/shell/shell_input.h"
#include "kernel/shell/shell_lines.h"
#include "kernel/shell/shell_outbuf.h"
#include "kernel/shell/shell_parse.h"

struct uniq_job {
	struct shell_outbuf *ob;
	char *buf, *prev;
	size_t prev_len;
	uint64_t repeats; /* of prev; 0: no previous line */
	bool count;
};

/* The previous line (with its count) into the output buffer. */
static void uniq_put(struct uniq_job *u)
{
	char num[32];

	if (!u->repeats)
		return;
	if (u->count)
		shell_outbuf_put(u->ob, num, (size_t)keel_snprintf(num, sizeof(num), "%7llu ",
								     (unsigned long long)u->repeats));
	shell_outbuf_put(u->ob, u->prev, u->prev_len);
	shell_outbuf_put(u->ob, "\n", 1);
	u->repeats = 0;
}

static int uniq_input(struct shell_ctx *sh, const struct shell_input *in, void *user)
{
	struct uniq_job *u = user;
	struct shell_lines lr;
	struct shell_line l;
	uint64_t lineno = 0;
	int ret;

	shell_lines_init(&lr, in->s, u->buf, SHELL_LINES_WHOLE_MAX + 1);
	shell_lines_before_read(&lr, shell_outbuf_flush_hook, u->ob);
	while ((ret = shell_lines_next(&lr, &l)) > 0) {
		if (shell_interrupted(sh))
			return -EINTR;
		lineno++;
		if (l.more) {
			shell_outbuf_flush(u->ob);
			return shell_error(sh, -EFBIG, "%s: line %llu is longer than %u KiB", in->name,
					   (unsigned long long)lineno, SHELL_LINES_WHOLE_MAX / 1024);
		}
		if (u->repeats && l.len == u->prev_len && memcmp(l.text, u->prev, l.len) == 0) {
			u->repeats++;
			continue;
		}
		uniq_put(u);
		memcpy(u->prev, l.text, l.len);
		u->prev_len = l.len;
		u->repeats = 1;
	}
	shell_outbuf_flush(u->ob);
	if (ret == -EINTR)
		return ret;
	return ret < 0 ? shell_input_error(sh, in, ret) : 0;
}

static int cmd_uniq(struct shell_ctx *sh, int argc, char **argv)
{
	struct uniq_job u = { 0 };
	struct shell_getopt g;
	int opt, ret;

	shell_getopt_init(&g);
	while ((opt = shell_getopt(&g, argc, argv, "c")) != -1) {
		if (opt == '?')
			return shell_error(sh, -EINVAL, "%s (see 'help uniq')", g.err);
		u.count = true;
	}
	u.buf = kmalloc(SHELL_LINES_WHOLE_MAX + 1);
	u.prev = kmalloc(SHELL_LINES_WHOLE_MAX + 1);
	u.ob = kmalloc(sizeof(*u.ob));
	if (!u.buf || !u.prev || !u.ob) {
		ret = -ENOMEM;
		goto free_bufs;
	}
	shell_outbuf_init(u.ob, sh);
	ret = shell_each_input(sh, argc, argv, g.ind, uniq_input, &u);
	if (ret != -EINTR && ret != -EPIPE) {
		uniq_put(&u);
		shell_outbuf_flush(u.ob);
	}
free_bufs:
	kfree(u.ob);
	kfree(u.prev);
	kfree(u.buf);
	return ret;
}
SHELL_COMMAND(uniq, "uniq [-c] [FILE...] -- adjacent repeated lines once (-c: with their count)", cmd_uniq);

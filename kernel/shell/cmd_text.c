/*
 * Line filters over files or stdin (shell_input.h): head and tail (-n N, default 10; with several
 * inputs each gets a "==> name <==" header as in coreutils) and wc (-l -w -c, all three without
 * flags, columns as coreutils prints them). head and wc stream the line reader's pieces, so they
 * take lines of any length and print or count exactly the bytes they read. tail needs whole
 * lines: up to 64 KiB each (a longer one is an error naming it); it keeps its last N lines within
 * half of the free memory and says so when they need more.
 */
#include <keel/errno.h>
#include <keel/format.h>
#include <keel/heap.h>
#include <keel/mm.h>
#include <string.h>

#include "kernel/shell/shell.h"
#include "kernel/shell/shell_input.h"
#include "kernel/shell/shell_lines.h"
#include "kernel/shell/shell_outbuf.h"
#include "kernel/shell/shell_parse.h"
#include "kernel/shell/shell_text.h"

#define PIECE_BUF 4096
#define LINE_OVERHEAD 32 /* heap bookkeeping counted per line kept in memory */

/* -n N for head and tail; 0 or the error (reported). */
static int text_count_opt(struct shell_ctx *sh, const char *cmd, int argc, char **argv, uint64_t *n, int *first)
{
	struct shell_getopt g;
	int opt;

	*n = 10;
	shell_getopt_init(&g);
	while ((opt = shell_getopt(&g, argc, argv, "n:")) != -1) {
		if (opt == '?')
			return shell_error(sh, -EINVAL, "%s (see 'help %s')", g.err, cmd);
		if (shell_parse_u64(g.arg, n) != 0)
			return shell_error(sh, -EINVAL, "-n %s: not a number of lines", g.arg);
	}
	*first = g.ind;
	return 0;
}

struct text_job {
	uint64_t n;
	int inputs, done; /* operands, and inputs started (for the headers) */
	char *buf;
	struct shell_outbuf *ob;
};

static void text_header(struct shell_ctx *sh, struct text_job *j, const struct shell_input *in)
{
	if (j->inputs > 1)
		shell_printf(sh, "%s==> %s <==\n", j->done ? "\n" : "",
			     in->name[0] == '-' && !in->name[1] ? "standard input" : in->name);
	j->done++;
}

/* A read error ends this input with one line naming it (Ctrl-C: the shell says so). */
static int text_read_error(struct shell_ctx *sh, const struct shell_input *in, int err)
{
	if (err == -EINTR)
		return err;
	return shell_input_error(sh, in, err);
}

/* ---------------------------------------------------------------- head */

static int head_input(struct shell_ctx *sh, const struct shell_input *in, void *user)
{
	struct text_job *j = user;
	struct shell_lines lr;
	struct shell_line l;
	uint64_t lines = 0;
	int ret = 1;

	text_header(sh, j, in);
	shell_lines_init(&lr, in->s, j->buf, PIECE_BUF);
	shell_lines_before_read(&lr, shell_outbuf_flush_hook, j->ob);
	while (lines < j->n && (ret = shell_lines_next(&lr, &l)) > 0) {
		if (shell_interrupted(sh))
			return -EINTR;
		shell_outbuf_put(j->ob, l.text, l.len);
		if (l.newline)
			shell_outbuf_put(j->ob, "\n", 1);
		if (!l.more)
			lines++;
	}
	shell_outbuf_flush(j->ob);
	return ret < 0 ? text_read_error(sh, in, ret) : 0;
}

static int cmd_head(struct shell_ctx *sh, int argc, char **argv)
{
	struct text_job j = { 0 };
	int first, ret;

	ret = text_count_opt(sh, "head", argc, argv, &j.n, &first);
	if (ret)
		return ret;
	j.inputs = argc - first;
	j.buf = kmalloc(PIECE_BUF);
	j.ob = kmalloc(sizeof(*j.ob));
	if (j.buf && j.ob) {
		shell_outbuf_init(j.ob, sh);
		ret = shell_each_input(sh, argc, argv, first, head_input, &j);
	} else {
		ret = -ENOMEM;
	}
	kfree(j.ob);
	kfree(j.buf);
	return ret;
}
SHELL_COMMAND(head, "head [-n N] [FILE...] -- the first N lines (10)", cmd_head);

/* ---------------------------------------------------------------- tail */

/* The last lines so far, oldest at ring[(head) % cap]; copies on the heap. */
struct tail_ring {
	struct shell_text_line *ring;
	size_t cap, count, head;
	uint64_t bytes, budget;
	bool last_newline;
};

static void tail_ring_clear(struct tail_ring *t)
{
	for (size_t i = 0; i < t->count; i++)
		kfree((void *)t->ring[(t->head + i) % t->cap].p);
	kfree(t->ring);
	*t = (struct tail_ring){ .budget = t->budget };
}

static int tail_ring_push(struct tail_ring *t, uint64_t n, const char *p, size_t len)
{
	char *copy;

	if (t->count == n) { /* full: the oldest goes */
		struct shell_text_line *old = &t->ring[t->head];

		t->bytes -= old->len + LINE_OVERHEAD;
		kfree((void *)old->p);
		t->head = (t->head + 1) % t->cap;
		t->count--;
	}
	if (t->count == t->cap) { /* grow (up to n entries): oldest first in the new ring */
		size_t cap = t->cap ? t->cap * 2 : 16;
		struct shell_text_line *r;

		if (cap > n)
			cap = (size_t)n;
		if ((uint64_t)cap * sizeof(*r) + t->bytes > t->budget || !(r = kmalloc(cap * sizeof(*r))))
			return -ENOMEM;
		for (size_t i = 0; i < t->count; i++)
			r[i] = t->ring[(t->head + i) % t->cap];
		kfree(t->ring);
		t->ring = r;
		t->cap = cap;
		t->head = 0;
	}
	if (t->bytes + len + LINE_OVERHEAD + t->cap * sizeof(*t->ring) > t->budget || !(copy = kmalloc(len + 1)))
		return -ENOMEM;
	memcpy(copy, p, len);
	t->ring[(t->head + t->count) % t->cap] = (struct shell_text_line){ copy, len };
	t->count++;
	t->bytes += len + LINE_OVERHEAD;
	return 0;
}

static int tail_input(struct shell_ctx *sh, const struct shell_input *in, void *user)
{
	struct text_job *j = user;
	struct tail_ring t = { .budget = frames_free_count() * 4096 / 2 };
	struct shell_lines lr;
	struct shell_line l;
	uint64_t lineno = 0;
	int ret = 0;

	text_header(sh, j, in);
	if (j->n == 0)
		return 0;
	shell_lines_init(&lr, in->s, j->buf, SHELL_LINES_WHOLE_MAX + 1);
	while ((ret = shell_lines_next(&lr, &l)) > 0) {
		if (shell_interrupted(sh)) {
			ret = -EINTR;
			goto free_ring;
		}
		lineno++;
		if (l.more) {
			ret = shell_error(sh, -EFBIG, "%s: line %llu is longer than %u KiB", in->name,
					  (unsigned long long)lineno, SHELL_LINES_WHOLE_MAX / 1024);
			goto free_ring;
		}
		if (tail_ring_push(&t, j->n, l.text, l.len)) {
			ret = shell_error(sh, -ENOMEM, "the last %llu lines need more than %llu MiB",
					  (unsigned long long)j->n, (unsigned long long)(t.budget >> 20));
			goto free_ring;
		}
		t.last_newline = l.newline;
	}
	if (ret < 0) {
		ret = text_read_error(sh, in, ret);
		goto free_ring;
	}
	for (size_t i = 0; i < t.count && !shell_interrupted(sh); i++) {
		const struct shell_text_line *x = &t.ring[(t.head + i) % t.cap];

		shell_outbuf_put(j->ob, x->p, x->len);
		if (i + 1 < t.count || t.last_newline)
			shell_outbuf_put(j->ob, "\n", 1);
	}
	shell_outbuf_flush(j->ob);
free_ring:
	tail_ring_clear(&t);
	return ret;
}

static int cmd_tail(struct shell_ctx *sh, int argc, char **argv)
{
	struct text_job j = { 0 };
	int first, ret;

	ret = text_count_opt(sh, "tail", argc, argv, &j.n, &first);
	if (ret)
		return ret;
	j.inputs = argc - first;
	j.buf = kmalloc(SHELL_LINES_WHOLE_MAX + 1);
	j.ob = kmalloc(sizeof(*j.ob));
	if (j.buf && j.ob) {
		shell_outbuf_init(j.ob, sh);
		ret = shell_each_input(sh, argc, argv, first, tail_input, &j);
	} else {
		ret = -ENOMEM;
	}
	kfree(j.ob);
	kfree(j.buf);
	return ret;
}
SHELL_COMMAND(tail, "tail [-n N] [FILE...] -- the last N lines (10)", cmd_tail);

/* ---------------------------------------------------------------- wc */

struct wc_job {
	struct shell_wc *each, total;  /* one per operand (or stdin) */
	const char **name;
	uint64_t known;
	bool unknown;
	int n;
	char *buf;
};

static int wc_input(struct shell_ctx *sh, const struct shell_input *in, void *user)
{
	struct wc_job *w = user;
	struct shell_wc c = { 0 };
	struct shell_lines lr;
	struct shell_line l;
	int ret;

	shell_lines_init(&lr, in->s, w->buf, PIECE_BUF);
	while ((ret = shell_lines_next(&lr, &l)) > 0) {
		if (shell_interrupted(sh))
			return -EINTR;
		shell_wc_feed(&c, l.text, l.len);
		if (l.newline)
			shell_wc_feed(&c, "\n", 1);
	}
	if (ret < 0)
		return text_read_error(sh, in, ret);
	w->each[w->n] = c;
	w->name[w->n++] = in->name;
	w->total.lines += c.lines;
	w->total.words += c.words;
	w->total.bytes += c.bytes;
	if (in->size == UINT64_MAX)
		w->unknown = true;
	else
		w->known += in->size;
	return 0;
}

static void wc_print(struct shell_ctx *sh, const struct shell_wc *c, const char *name, const bool show[3], int width)
{
	const uint64_t v[3] = { c->lines, c->words, c->bytes };
	bool first = true;

	for (int i = 0; i < 3; i++) {
		if (!show[i])
			continue;
		shell_printf(sh, "%s%*llu", first ? "" : " ", width, (unsigned long long)v[i]);
		first = false;
	}
	if (name)
		shell_printf(sh, " %s", name);
	shell_write(sh, "\n", 1);
}

static int cmd_wc(struct shell_ctx *sh, int argc, char **argv)
{
	bool show[3] = { false, false, false };
	struct shell_getopt g;
	struct wc_job *w;
	int opt, ret, counts, width, operands;

	shell_getopt_init(&g);
	while ((opt = shell_getopt(&g, argc, argv, "lwc")) != -1) {
		if (opt == '?')
			return shell_error(sh, -EINVAL, "%s (see 'help wc')", g.err);
		show[opt == 'l' ? 0 : opt == 'w' ? 1 : 2] = true;
	}
	if (!show[0] && !show[1] && !show[2])
		show[0] = show[1] = show[2] = true;
	counts = show[0] + show[1] + show[2];
	operands = argc - g.ind;
	w = kzalloc(sizeof(*w));
	if (w) {
		w->buf = kmalloc(PIECE_BUF);
		w->each = kcalloc(operands ? (size_t)operands : 1, sizeof(*w->each));
		w->name = kcalloc(operands ? (size_t)operands : 1, sizeof(*w->name));
	}
	if (!w || !w->buf || !w->each || !w->name) {
		ret = -ENOMEM;
		goto free_job;
	}
	ret = shell_each_input(sh, argc, argv, g.ind, wc_input, w);
	if (ret == -EINTR || ret == -EPIPE)
		goto free_job;
	width = shell_wc_width(counts, operands ? operands : 1, w->known, w->unknown);
	for (int i = 0; i < w->n; i++)
		wc_print(sh, &w->each[i], operands ? w->name[i] : NULL, show, width);
	if (operands > 1)
		wc_print(sh, &w->total, "total", show, width);
free_job:
	if (w) {
		kfree(w->name);
		kfree(w->each);
		kfree(w->buf);
	}
	kfree(w);
	return ret;
}
SHELL_COMMAND(wc, "wc [-lwc] [FILE...] -- count lines, words and bytes", cmd_wc);

/*
 * sort: the lines of all its inputs (files, or stdin), sorted by bytes or with -n by their
 * leading number, -r reversed; stable (lines with equal keys keep their input order, as sort -s),
 * by a merge sort of line references (shell_text.c). The lines are copied into arena chunks
 * (1 KiB, doubling up to 64 KiB); everything sort holds (chunks, the reference array and the
 * merge's second array) stays within a budget, half of the free memory when it starts or the -S SIZE given, and an input
 * larger than that is refused with one line ("sort: input larger than N MiB") instead of
 * exhausting the heap. A line may be up to 64 KiB long; a longer one is an error naming it.
 */
#include <keel/compiler.h>
#include <keel/errno.h>
#include <keel/heap.h>
#include <keel/mm.h>
#include <string.h>

#include "kernel/shell/shell.h"
#include "kernel/shell/shell_input.h"
#include "kernel/shell/shell_lines.h"
#include "kernel/shell/shell_outbuf.h"
#include "kernel/shell/shell_parse.h"
#include "kernel/shell/shell_text.h"

#define SORT_CHUNK_MIN 1024        /* the first chunk; each next one twice the last, up to: */
#define SORT_CHUNK_MAX (64 * 1024)

struct sort_chunk {
	struct sort_chunk *next;
	size_t used, size;
	char data[];
};

struct sort_job {
	struct sort_chunk *chunks;          /* newest first */
	struct shell_text_line *v;          /* the lines, in input order */
	size_t n, cap;
	uint64_t used, budget;              /* bytes held: chunks + 2 x the reference array */
	char *buf;                          /* the line reader's */
	int failed;                         /* sort_add's error: the input stops there */
};

/* Copy one line in; -EFBIG when the budget has no room for it, -ENOMEM when the heap has none. */
static int sort_add(struct sort_job *s, const char *p, size_t len)
{
	struct sort_chunk *c = s->chunks;

	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		uint64_t grow = (uint64_t)(cap - s->cap) * sizeof(*s->v) * 2;
		struct shell_text_line *v;

		if (s->used + grow > s->budget)
			return -EFBIG;
		if (!(v = kmalloc(cap * sizeof(*v))))
			return -ENOMEM;
		if (s->n)
			memcpy(v, s->v, s->n * sizeof(*v));
		kfree(s->v);
		s->v = v;
		s->cap = cap;
		s->used += grow;
	}
	if (!c || c->size - c->used < len) {
		size_t size = c ? KEEL_MIN(c->size * 2, (size_t)SORT_CHUNK_MAX) : SORT_CHUNK_MIN;

		size = KEEL_MAX(size, len);
		if (s->used + sizeof(*c) + size > s->budget)
			return -EFBIG;
		if (!(c = kmalloc(sizeof(*c) + size)))
			return -ENOMEM;
		c->next = s->chunks;
		c->used = 0;
		c->size = size;
		s->chunks = c;
		s->used += sizeof(*c) + size;
	}
	memcpy(c->data + c->used, p, len);
	s->v[s->n++] = (struct shell_text_line){ c->data + c->used, len };
	c->used += len;
	return 0;
}

static int sort_input(struct shell_ctx *sh, const struct shell_input *in, void *user)
{
	struct sort_job *s = user;
	struct shell_lines lr;
	struct shell_line l;
	uint64_t lineno = 0;
	int ret;

	if (s->failed)
		return s->failed; /* an earlier input did not fit: the rest is not read */
	shell_lines_init(&lr, in->s, s->buf, SHELL_LINES_WHOLE_MAX + 1);
	while ((ret = shell_lines_next(&lr, &l)) > 0) {
		if (shell_interrupted(sh))
			return -EINTR;
		lineno++;
		if (l.more)
			return shell_error(sh, -EFBIG, "%s: line %llu is longer than %u KiB", in->name,
					   (unsigned long long)lineno, SHELL_LINES_WHOLE_MAX / 1024);
		ret = sort_add(s, l.text, l.len);
		if (ret) {
			s->failed = ret;
			return ret;
		}
	}
	if (ret == -EINTR)
		return ret;
	if (ret < 0)
		return shell_input_error(sh, in, ret);
	return 0;
}

static void sort_print_budget(struct shell_ctx *sh, uint64_t b)
{
	if (b >= (1u << 20))
		shell_error(sh, -EFBIG, "input larger than %llu MiB", (unsigned long long)(b >> 20));
	else if (b >= 1024)
		shell_error(sh, -EFBIG, "input larger than %llu KiB", (unsigned long long)(b >> 10));
	else
		shell_error(sh, -EFBIG, "input larger than %llu bytes", (unsigned long long)b);
}

static int cmd_sort(struct shell_ctx *sh, int argc, char **argv)
{
	struct sort_job s = { .budget = frames_free_count() * 4096 / 2 };
	struct shell_text_line *tmp = NULL;
	struct shell_outbuf *ob = NULL;
	struct shell_getopt g;
	unsigned flags = 0;
	int opt, ret;

	shell_getopt_init(&g);
	while ((opt = shell_getopt(&g, argc, argv, "rnS:")) != -1) {
		uint64_t limit;

		if (opt == '?')
			return shell_error(sh, -EINVAL, "%s (see 'help sort')", g.err);
		if (opt == 'r')
			flags |= SHELL_SORT_REVERSE;
		if (opt == 'n')
			flags |= SHELL_SORT_NUMERIC;
		if (opt == 'S') {
			if (shell_parse_u64(g.arg, &limit) != 0 || limit == 0)
				return shell_error(sh, -EINVAL, "-S %s: not a size (bytes, or with K, M, G)", g.arg);
			if (limit < s.budget)
				s.budget = limit;
		}
	}
	s.buf = kmalloc(SHELL_LINES_WHOLE_MAX + 1);
	if (!s.buf) {
		ret = -ENOMEM;
		goto free_all;
	}
	ret = shell_each_input(sh, argc, argv, g.ind, sort_input, &s);
	if (s.failed == -EFBIG)
		sort_print_budget(sh, s.budget);
	else if (s.failed)
		shell_error(sh, s.failed, "out of memory after %zu lines", s.n);
	if (s.failed)
		ret = s.failed;
	if (ret)
		goto free_all;
	if (s.n > 1) {
		tmp = kmalloc(s.n * sizeof(*tmp)); /* within the budget: counted when v grew */
		if (!tmp) {
			ret = shell_error(sh, -ENOMEM, "out of memory for %zu lines", s.n);
			goto free_all;
		}
		shell_sort_lines(s.v, tmp, s.n, flags);
	}
	ob = kmalloc(sizeof(*ob));
	if (!ob) {
		ret = -ENOMEM;
		goto free_all;
	}
	shell_outbuf_init(ob, sh);
	for (size_t i = 0; i < s.n && !shell_interrupted(sh); i++) {
		shell_outbuf_put(ob, s.v[i].p, s.v[i].len);
		shell_outbuf_put(ob, "\n", 1);
	}
	shell_outbuf_flush(ob);
free_all:
	kfree(ob);
	kfree(tmp);
	while (s.chunks) {
		struct sort_chunk *c = s.chunks;

		s.chunks = c->next;
		kfree(c);
	}
	kfree(s.v);
	kfree(s.buf);
	return ret;
}
SHELL_COMMAND(sort, "sort [-rn] [-S SIZE] [FILE...] -- sorted lines (-n by number, -r reversed; stable)", cmd_sort);

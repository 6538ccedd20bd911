/*
 * In-kernel tests of the filter commands at sizes a console cannot type: each runs from the
 * kernel's command table with its stdin a test stream (an 8 MiB pattern generated on the fly, a
 * prepared buffer handed out in pipe-sized reads, or one that fails part way) and its stdout
 * captured: wc and grep over 8 MiB, sort -n / -rn of 20000 shuffled numbers, tail and head over
 * them, uniq -c, lines past 64 KiB (grep and sort refuse with one line naming it; head and wc pass
 * every byte), a 64 KiB line grep still takes whole, sort's budget (-S) refused with one line,
 * read errors with one line each; no command leaves an allocation behind.
 */
#include <keel/assert.h>
#include <keel/errno.h>
#include <keel/format.h>
#include <keel/heap.h>
#include <keel/ktest.h>
#include <string.h>

#include "kernel/shell/shell.h"
#include "kernel/shell/shell_cmd.h"

/* stdin: data[0, size) (or, without data, the 8-byte pattern repeated), at most chunk per read,
 * -EIO from byte fail_at on. */
struct kf_in {
	const char *data;
	uint64_t size, pos, chunk, fail_at;
};

static int64_t kf_in_read(void *ctx, void *buf, size_t len)
{
	static char pat[4096 + 8]; /* "abc def\n" repeated: any offset into it is the stream at pos */
	struct kf_in *in = ctx;
	uint64_t n = in->size - in->pos;

	if (!pat[0])
		for (size_t i = 0; i < sizeof(pat); i++)
			pat[i] = "abc def\n"[i % 8];
	if (in->pos >= in->fail_at)
		return -EIO;
	n = n < len ? n : len;
	n = n < in->chunk ? n : in->chunk;
	if (in->pos + n > in->fail_at)
		n = in->fail_at - in->pos;
	if (!in->data && n > 4096)
		n = 4096;
	memcpy(buf, in->data ? in->data + in->pos : pat + in->pos % 8, (size_t)n);
	in->pos += n;
	return (int64_t)n;
}

/* stdout: the first cap bytes kept, all counted. */
struct kf_out {
	char *buf;
	size_t cap, len;
	uint64_t total;
};

static int64_t kf_out_write(void *ctx, const void *p, size_t n)
{
	struct kf_out *o = ctx;
	size_t k = o->cap - o->len < n ? o->cap - o->len : n;

	memcpy(o->buf + o->len, p, k);
	o->len += k;
	o->total += n;
	return (int64_t)n;
}

static const struct io_stream_ops kf_in_ops = { .read = kf_in_read };
static const struct io_stream_ops kf_out_ops = { .write = kf_out_write };

#define KF_OUT_CAP (256 * 1024)

/* Run "cmd args..." (split at spaces) over in; returns its status, output in *o (o->buf: owned
 * by the caller). Checks that the command freed everything it allocated. */
static int kf_run(const char *line, struct kf_in *in, struct kf_out *o)
{
	struct shell_cmd_table t = shell_cmd_kernel_table();
	struct io_stream si = { &kf_in_ops, in }, so = { &kf_out_ops, o };
	struct shell_ctx *sh = kzalloc(sizeof(*sh));
	char words[128], *argv[16];
	const struct shell_command *c;
	struct heap_stats before, after;
	int argc = 0, ret;

	if (!sh) {
		ktest_fail(__FILE__, __LINE__, "%s: no memory for the shell context", line);
		return -ENOMEM;
	}
	keel_snprintf(words, sizeof(words), "%s", line);
	for (char *p = words; *p && argc < 15;) {
		argv[argc++] = p;
		while (*p && *p != ' ')
			p++;
		if (*p)
			*p++ = '\0';
	}
	argv[argc] = NULL;
	c = shell_cmd_find(&t, argv[0]);
	ASSERT(c);
	o->len = 0;
	o->total = 0;
	sh->in = &si;
	sh->out = &so;
	sh->cmd = c->name;
	heap_get_stats(&before);
	ret = c->fn(sh, argc, argv);
	heap_get_stats(&after);
	if (after.live_allocs != before.live_allocs)
		ktest_fail(__FILE__, __LINE__, "%s: %lld allocations left behind", line,
			   (long long)(after.live_allocs - before.live_allocs));
	kfree(sh);
	return ret;
}

static bool kf_out_is(const struct kf_out *o, const char *want)
{
	return o->total == strlen(want) && o->len == o->total && memcmp(o->buf, want, o->len) == 0;
}

static struct kf_out kf_out_new(void)
{
	return (struct kf_out){ kmalloc(KF_OUT_CAP), KF_OUT_CAP, 0, 0 };
}

KTEST(filters_wc_8mib)
{
	struct kf_in in = { NULL, 8u << 20, 0, 60000, UINT64_MAX };
	struct kf_out o = kf_out_new();

	KT_ASSERT(o.buf);
	KT_EXPECT_EQ(kf_run("wc", &in, &o), 0);
	KT_EXPECT(kf_out_is(&o, "1048576 2097152 8388608\n"));
	in.pos = 0;
	KT_EXPECT_EQ(kf_run("grep -c def$", &in, &o), 0);
	KT_EXPECT(kf_out_is(&o, "1048576\n"));
	kfree(o.buf);
}

/* 20000 numbers, shuffled (7919 is prime to 20000), one per line. */
static char *kf_numbers(uint64_t *size)
{
	char *p = kmalloc(20000 * 7);
	size_t n = 0;

	if (!p)
		return NULL;
	for (unsigned i = 0; i < 20000; i++)
		n += (size_t)keel_snprintf(p + n, 8, "%u\n", (unsigned)((i * 7919u) % 20000u));
	*size = n;
	return p;
}

KTEST(filters_sort_tail_uniq_20000)
{
	struct kf_out o = kf_out_new();
	struct kf_in in = { .chunk = 4096, .fail_at = UINT64_MAX };
	char *data = kf_numbers(&in.size), line[16];
	size_t at = 0;
	bool ordered = true;

	KT_ASSERT(o.buf && data);
	in.data = data;
	KT_EXPECT_EQ(kf_run("sort -n", &in, &o), 0);
	KT_EXPECT_EQ(o.total, in.size);
	for (unsigned v = 0; v < 20000 && ordered; v++) {
		int k = keel_snprintf(line, sizeof(line), "%u\n", v);

		ordered = at + (size_t)k <= o.len && memcmp(o.buf + at, line, (size_t)k) == 0;
		at += (size_t)k;
	}
	KT_EXPECT(ordered);
	in.pos = 0;
	KT_EXPECT_EQ(kf_run("sort -rn", &in, &o), 0);
	KT_EXPECT(o.len > 6 && memcmp(o.buf, "19999\n", 6) == 0 && memcmp(o.buf + o.len - 2, "0\n", 2) == 0);
	in.pos = 0;
	KT_EXPECT_EQ(kf_run("tail -n 3", &in, &o), 0); /* the last three of the shuffled input */
	KT_EXPECT(kf_out_is(&o, "16243\n4162\n12081\n"));
	in.pos = 0;
	KT_EXPECT_EQ(kf_run("head -n 2", &in, &o), 0);
	KT_EXPECT(kf_out_is(&o, "0\n7919\n"));
	in.data = "a\na\na\nb\na\n";
	in.size = 10;
	in.pos = 0;
	KT_EXPECT_EQ(kf_run("uniq -c", &in, &o), 0);
	KT_EXPECT(kf_out_is(&o, "      3 a\n      1 b\n      1 a\n"));
	kfree(data);
	kfree(o.buf);
}

KTEST(filters_long_lines)
{
	size_t big = 70000, edge = 64 * 1024;
	char *data = kmalloc(big + 16);
	struct kf_out o = kf_out_new();
	struct kf_in in = { .chunk = 1 << 20, .fail_at = UINT64_MAX };
	char want[64];

	KT_ASSERT(data && o.buf);
	memset(data, 'x', big);
	memcpy(data + big, "\nshort x\n", 9);
	in.data = data;
	in.size = big + 9;
	KT_EXPECT_EQ(kf_run("grep x", &in, &o), -EFBIG);
	KT_EXPECT(kf_out_is(&o, "grep: -: line 1 is longer than 64 KiB\n"));
	in.pos = 0;
	KT_EXPECT_EQ(kf_run("sort", &in, &o), -EFBIG);
	KT_EXPECT(kf_out_is(&o, "sort: -: line 1 is longer than 64 KiB\n"));
	in.pos = 0;
	KT_EXPECT_EQ(kf_run("head -n 2", &in, &o), 0); /* every byte, in pieces */
	KT_EXPECT(o.total == in.size && o.len == in.size && memcmp(o.buf, data, in.size) == 0);
	in.pos = 0;
	KT_EXPECT_EQ(kf_run("wc -c", &in, &o), 0);
	keel_snprintf(want, sizeof(want), "%zu\n", big + 9);
	KT_EXPECT(kf_out_is(&o, want));
	in.pos = 0;
	KT_EXPECT_EQ(kf_run("head -n 1", &in, &o), 0);
	KT_EXPECT_EQ(o.total, big + 1);
	/* exactly 64 KiB: still a whole line for grep, printed whole */
	memset(data, 'y', edge);
	data[edge] = '\n';
	in.size = edge + 1;
	in.pos = 0;
	KT_EXPECT_EQ(kf_run("grep -c y", &in, &o), 0);
	KT_EXPECT(kf_out_is(&o, "1\n"));
	in.pos = 0;
	KT_EXPECT_EQ(kf_run("grep y$", &in, &o), 0);
	KT_EXPECT(o.total == edge + 1 && o.len == edge + 1 && memcmp(o.buf, data, edge + 1) == 0);
	kfree(data);
	kfree(o.buf);
}

KTEST(filters_budget_and_errors)
{
	struct kf_out o = kf_out_new();
	struct kf_in in = { .chunk = 4096, .fail_at = UINT64_MAX };
	char *data = kf_numbers(&in.size), want[96];

	KT_ASSERT(o.buf && data);
	in.data = data;
	KT_EXPECT_EQ(kf_run("sort -S 64K", &in, &o), -EFBIG);
	KT_EXPECT(kf_out_is(&o, "sort: input larger than 64 KiB\n"));
	in.pos = 0;
	in.fail_at = 5000;
	keel_snprintf(want, sizeof(want), "wc: -: %s\n", keel_strerror(-EIO));
	KT_EXPECT_EQ(kf_run("wc", &in, &o), -EIO);
	KT_EXPECT(kf_out_is(&o, want));
	in.pos = 0;
	keel_snprintf(want, sizeof(want), "sort: -: %s\n", keel_strerror(-EIO));
	KT_EXPECT_EQ(kf_run("sort", &in, &o), -EIO);
	KT_EXPECT(kf_out_is(&o, want));
	in.pos = 0;
	KT_EXPECT_EQ(kf_run("grep -c 1", &in, &o), -EIO);
	keel_snprintf(want, sizeof(want), "grep: -: %s\n", keel_strerror(-EIO));
	KT_EXPECT(kf_out_is(&o, want));
	kfree(data);
	kfree(o.buf);
}

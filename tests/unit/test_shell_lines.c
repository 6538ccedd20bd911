/*
 * shell_lines tests: lines and the last line without '\n', empty input and empty lines, a line
 * longer than the buffer in flagged pieces, the stream read in big pieces (counted), an error
 * stream, end of input not read past (the console would wait), the before-read hook, and a
 * randomized check that the pieces put back together are exactly the input for every buffer size
 * and read chunking.
 */
#include "check.h"

#include <keel/errno.h>
#include <stdlib.h>

#include "kernel/shell/shell_lines.h"

/* A stream over a string: at most `chunk` bytes per read; after `fail_at` bytes, reads fail;
 * with `again`, a read after the end returns more (like the console after Ctrl-D). */
struct src {
	const char *data;
	size_t len, pos, chunk, fail_at;
	unsigned reads, reads_after_end;
	bool ended;
};

static int64_t src_read(void *ctx, void *buf, size_t len)
{
	struct src *s = ctx;
	size_t n = s->len - s->pos;

	s->reads++;
	if (s->ended)
		s->reads_after_end++;
	if (s->pos >= s->fail_at)
		return -EIO;
	if (n > len)
		n = len;
	if (s->chunk && n > s->chunk)
		n = s->chunk;
	if (s->fail_at != SIZE_MAX && s->pos + n > s->fail_at)
		n = s->fail_at - s->pos;
	memcpy(buf, s->data + s->pos, n);
	s->pos += n;
	if (n == 0)
		s->ended = true;
	return (int64_t)n;
}

static const struct io_stream_ops src_ops = { .read = src_read };

static void src_init(struct src *s, struct io_stream *st, const char *data, size_t len, size_t chunk)
{
	*s = (struct src){ .data = data, .len = len, .chunk = chunk, .fail_at = SIZE_MAX };
	*st = (struct io_stream){ &src_ops, s };
}

/* Lines as "text|flags" joined by ',' where flags are n (newline) c (continued) m (more). */
static void collect(const char *in, size_t cap, size_t chunk, char *out, size_t outsz, int *rc)
{
	char *buf = malloc(cap);
	struct shell_lines lr;
	struct shell_line l;
	struct io_stream st;
	struct src s;
	size_t o = 0;
	int r;

	src_init(&s, &st, in, strlen(in), chunk);
	shell_lines_init(&lr, &st, buf, cap);
	out[0] = 0;
	while ((r = shell_lines_next(&lr, &l)) > 0)
		o += (size_t)snprintf(out + o, outsz - o, "%s%.*s|%s%s%s", o ? "," : "", (int)l.len, l.text,
				      l.newline ? "n" : "", l.continued ? "c" : "", l.more ? "m" : "");
	*rc = r;
	free(buf);
}

static void lines_expect(const char *in, size_t cap, const char *want, int at)
{
	static const size_t chunks[] = { 0, 1, 2, 3, 7 };

	for (size_t k = 0; k < sizeof(chunks) / sizeof(chunks[0]); k++) {
		char out[1024];
		int rc;

		collect(in, cap, chunks[k], out, sizeof(out), &rc);
		if (rc != 0 || strcmp(out, want) != 0) {
			check_fail(__FILE__, at, "lines(\"%s\", cap %zu, chunk %zu) = \"%s\" rc %d, want \"%s\"", in, cap,
				   chunks[k], out, rc, want);
			return;
		}
	}
}
#define LINES(in, cap, want) lines_expect(in, cap, want, __LINE__)

TEST(lines)
{
	LINES("", 16, "");
	LINES("\n", 16, "|n");
	LINES("\n\n", 16, "|n,|n");
	LINES("a\nbc\n", 16, "a|n,bc|n");
	LINES("a\nbc", 16, "a|n,bc|");
	LINES("no newline", 16, "no newline|");
	LINES("x\n\ny\n", 16, "x|n,|n,y|n");
}

TEST(long_lines_in_pieces)
{
	LINES("abcdefghij\n", 4, "abcd|m,efgh|cm,ij|nc");
	LINES("abcdefgh\nx\n", 4, "abcd|m,efgh|cm,|nc,x|n");
	LINES("abcdefgh", 4, "abcd|m,efgh|cm");
	LINES("abc\n", 4, "abc|n");   /* fits with its newline */
	LINES("abcd", 4, "abcd|m");    /* a full buffer without '\n' is a piece: the end is not known */
	LINES("ab\ncdefgh\n", 4, "ab|n,cdef|m,gh|nc");
	LINES("abcdefgh\n", 1, "a|m,b|cm,c|cm,d|cm,e|cm,f|cm,g|cm,h|cm,|nc");
}

TEST(big_reads)
{
	size_t n = 1 << 20;
	char *data = malloc(n + 1), *buf = malloc(4096);
	struct shell_lines lr;
	struct shell_line l;
	struct io_stream st;
	struct src s;
	uint64_t lines = 0, bytes = 0;

	for (size_t i = 0; i < n; i++)
		data[i] = i % 100 == 99 ? '\n' : 'x';
	data[n] = 0;
	src_init(&s, &st, data, n, 0);
	shell_lines_init(&lr, &st, buf, 4096);
	while (shell_lines_next(&lr, &l) > 0) {
		lines += l.newline;
		bytes += l.len + l.newline;
		CHECK(!l.more);
	}
	CHECK_EQ_U64(lines, n / 100);
	CHECK_EQ_U64(bytes, n);
	/* each read fills at least the part of the buffer an unfinished line leaves: > 3900 bytes */
	CHECK(s.reads <= n / 3900 + 2);
	free(buf);
	free(data);
}

TEST(errors_and_end)
{
	char buf[16];
	struct shell_lines lr;
	struct shell_line l;
	struct io_stream st;
	struct src s;

	src_init(&s, &st, "one\ntwo\nthree", 13, 0);
	s.fail_at = 10;
	shell_lines_init(&lr, &st, buf, sizeof(buf));
	CHECK_EQ_INT(shell_lines_next(&lr, &l), 1);
	CHECK(l.len == 3 && memcmp(l.text, "one", 3) == 0);
	CHECK_EQ_INT(shell_lines_next(&lr, &l), 1);
	CHECK(l.len == 3 && memcmp(l.text, "two", 3) == 0);
	CHECK_EQ_INT(shell_lines_next(&lr, &l), -EIO);
	CHECK_EQ_INT(shell_lines_next(&lr, &l), -EIO);

	src_init(&s, &st, "a\n", 2, 0);
	shell_lines_init(&lr, &st, buf, sizeof(buf));
	CHECK_EQ_INT(shell_lines_next(&lr, &l), 1);
	CHECK_EQ_INT(shell_lines_next(&lr, &l), 0);
	CHECK_EQ_INT(shell_lines_next(&lr, &l), 0);
	CHECK_EQ_INT(shell_lines_next(&lr, &l), 0);
	CHECK_EQ_INT(s.reads_after_end, 0); /* the end is remembered, not asked again */

	/* a console: each read returns one line; the reader returns it without waiting for more */
	src_init(&s, &st, "l1\nl2\n", 6, 3);
	shell_lines_init(&lr, &st, buf, sizeof(buf));
	CHECK_EQ_INT(shell_lines_next(&lr, &l), 1);
	CHECK_EQ_INT(s.reads, 1);
	CHECK_EQ_INT(shell_lines_next(&lr, &l), 1);
	CHECK_EQ_INT(s.reads, 2);
}

static void count_hook(void *ctx)
{
	(*(unsigned *)ctx)++;
}

/* The before-read hook runs before every read of the stream and at no other time. */
TEST(before_read_hook)
{
	char buf[8];
	struct shell_lines lr;
	struct shell_line l;
	struct io_stream st;
	struct src s;
	unsigned calls = 0;

	src_init(&s, &st, "ab\ncd\nefghijkl\n", 15, 4);
	shell_lines_init(&lr, &st, buf, sizeof(buf));
	shell_lines_before_read(&lr, count_hook, &calls);
	while (shell_lines_next(&lr, &l) > 0)
		CHECK_EQ_INT(calls, s.reads);
	CHECK_EQ_INT(calls, s.reads);
	CHECK(calls >= 5);
}

static uint64_t rng;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* Pieces joined (with '\n' where flagged) give back the input; flags are consistent. */
TEST(random_roundtrip)
{
	rng = check_seed() | 1;
	for (int iter = 0; iter < 3000; iter++) {
		size_t len = rnd(600), cap = 1 + rnd(40), o = 0;
		char *data = malloc(len + 1), *back = malloc(len + 1), *buf = malloc(cap);
		struct shell_lines lr;
		struct shell_line l;
		struct io_stream st;
		struct src s;
		bool prev_more = false;
		int r;

		for (size_t i = 0; i < len; i++)
			data[i] = rnd(6) == 0 ? '\n' : (char)('a' + rnd(3));
		src_init(&s, &st, data, len, rnd(3) ? 1 + rnd(50) : 0);
		shell_lines_init(&lr, &st, buf, cap);
		while ((r = shell_lines_next(&lr, &l)) > 0) {
			CHECK(l.len <= cap);
			CHECK(l.continued == prev_more);
			CHECK(!(l.more && l.newline));
			CHECK(!l.more || l.len == cap);
			CHECK(o + l.len + l.newline <= len);
			if (o + l.len + l.newline > len)
				break;
			memcpy(back + o, l.text, l.len);
			o += l.len;
			if (l.newline)
				back[o++] = '\n';
			prev_more = l.more;
		}
		CHECK_EQ_INT(r, 0);
		CHECK_EQ_U64(o, len);
		CHECK(memcmp(back, data, len) == 0);
		free(buf);
		free(back);
		free(data);
	}
}

CHECK_MAIN("shell_lines")

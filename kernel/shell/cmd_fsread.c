/*
 * Shell commands that read data: cat, hexdump, crc32, md5sum. Each reads its files (through the
 * VFS, by shell_each_input) or its standard input when given none, in pieces, checking Ctrl-C
 * between them. A directory, a missing file or a corrupt chain is one clear line naming the
 * file; the command's other files still run.
 */
#include <keel/crc32.h>
#include <keel/errno.h>
#include <keel/format.h>
#include <keel/heap.h>
#include <keel/md5.h>
#include <string.h>

#include "kernel/shell/shell.h"
#include "kernel/shell/shell_input.h"
#include "kernel/shell/shell_parse.h"

#define READ_CHUNK 8192

/*
 * Feed the bytes [skip, skip + len) of in to fn in pieces (skipped bytes of a stream that cannot
 * seek are read and dropped). *skipped (may be NULL) gets how many bytes were skipped: fewer than
 * skip when the input ends before it. Returns the bytes fed (>= 0), -EINTR, or the error line's code.
 */
static int64_t input_each(struct shell_ctx *sh, const struct shell_input *in, uint64_t skip, uint64_t len,
			  void (*fn)(void *user, const uint8_t *p, size_t n), void *user, uint64_t *skipped)
{
	uint8_t *buf = kmalloc(READ_CHUNK);
	uint64_t done = 0, want_skip = skip;
	int64_t ret = 0;

	if (!buf)
		return -ENOMEM;
	if (skip && io_stream_seek(in->s, (int64_t)skip, IO_SEEK_SET) >= 0) {
		/* It seeks: a skip past its end skips it all, and leaves nothing to read. */
		int64_t end = io_stream_seek(in->s, 0, IO_SEEK_END), back = 0;

		if (end >= 0 && (uint64_t)end < skip)
			want_skip = (uint64_t)end;
		else
			back = io_stream_seek(in->s, (int64_t)skip, IO_SEEK_SET);
		if (back < 0) {
			kfree(buf);
			return shell_input_error(sh, in, (int)back);
		}
		skip = 0;
	}
	while (done < len) {
		size_t want = READ_CHUNK;
		int64_t got;

		if (shell_interrupted(sh)) {
			ret = -EINTR;
			break;
		}
		if (skip == 0 && len - done < want)
			want = (size_t)(len - done);
		if (skip && skip < want)
			want = (size_t)skip;
		got = io_stream_read(in->s, buf, want);
		if (got == 0)
			break;
		if (got < 0) {
			ret = shell_input_error(sh, in, (int)got);
			break;
		}
		if (skip) {
			skip -= (uint64_t)got;
			continue;
		}
		fn(user, buf, (size_t)got);
		done += (uint64_t)got;
	}
	kfree(buf);
	if (skipped)
		*skipped = want_skip - skip; /* what a stream held short of the skip was all skipped */
	return ret < 0 ? ret : (int64_t)done;
}

static void cat_chunk(void *user, const uint8_t *p, size_t n)
{
	shell_write(user, (const char *)p, n);
}

static int cat_one(struct shell_ctx *sh, const struct shell_input *in, void *user)
{
	int64_t r;

	(void)user;
	r = input_each(sh, in, 0, UINT64_MAX, cat_chunk, sh, NULL);
	return r < 0 ? (int)r : shell_output_error(sh);
}

static int cmd_cat(struct shell_ctx *sh, int argc, char **argv)
{
	return shell_each_input(sh, argc, argv, 1, cat_one, NULL);
}
SHELL_COMMAND(cat, "cat [FILE...] -- print files (no FILE or -: standard input)", cmd_cat);

static void crc_chunk(void *user, const uint8_t *p, size_t n)
{
	*(uint32_t *)user = crc32_update(*(uint32_t *)user, p, n);
}

static int crc_one(struct shell_ctx *sh, const struct shell_input *in, void *user)
{
	uint32_t crc = 0;
	int64_t n = input_each(sh, in, 0, UINT64_MAX, crc_chunk, &crc, NULL);

	(void)user;
	if (n < 0)
		return (int)n;
	shell_printf(sh, "%08x  %llu  %s\n", crc, (unsigned long long)n, in->name);
	return 0;
}

static int cmd_crc32(struct shell_ctx *sh, int argc, char **argv)
{
	return shell_each_input(sh, argc, argv, 1, crc_one, NULL);
}
SHELL_COMMAND(crc32, "crc32 [FILE...] -- CRC-32 (zlib's) and size of files or of standard input", cmd_crc32);

static void md5_chunk(void *user, const uint8_t *p, size_t n)
{
	md5_update(user, p, n);
}

static int md5_one(struct shell_ctx *sh, const struct shell_input *in, void *user)
{
	struct md5_ctx c;
	uint8_t d[16];
	char hex[33];
	int64_t n;

	(void)user;
	md5_init(&c);
	n = input_each(sh, in, 0, UINT64_MAX, md5_chunk, &c, NULL);
	if (n < 0)
		return (int)n;
	md5_final(&c, d);
	for (int i = 0; i < 16; i++)
		keel_snprintf(hex + 2 * i, 3, "%02x", d[i]);
	shell_printf(sh, "%s  %s\n", hex, in->name);
	return 0;
}

static int cmd_md5sum(struct shell_ctx *sh, int argc, char **argv)
{
	return shell_each_input(sh, argc, argv, 1, md5_one, NULL);
}
SHELL_COMMAND(md5sum, "md5sum [FILE...] -- MD5 digests of files or of standard input", cmd_md5sum);

/* hexdump -C's layout: offset, 16 bytes in two groups of 8, the printable ASCII; a run of whole
 * lines equal to the one before shows as one "*" (unless -v). */
struct hex_state {
	struct shell_ctx *sh;
	uint8_t line[16], prev[16];
	size_t fill;
	bool verbose, have_prev, starred;
	uint64_t line_off;
	size_t out_len;
	char out[4096];  /* formatted lines, written out once per piece read */
};

static void hex_out_flush(struct hex_state *h)
{
	shell_write(h->sh, h->out, h->out_len);
	h->out_len = 0;
}

/* One line: offset, the bytes, the printable ASCII. */
static size_t hex_format(const struct hex_state *h, char *out, size_t size)
{
	size_t n = 0;

	n += keel_snprintf(out + n, size - n, "%08llx ", (unsigned long long)h->line_off);
	for (size_t i = 0; i < 16; i++) {
		if (i == 8)
			out[n++] = ' ';
		if (i < h->fill)
			n += keel_snprintf(out + n, size - n, " %02x", h->line[i]);
		else
			n += keel_snprintf(out + n, size - n, "   ");
	}
	n += keel_snprintf(out + n, size - n, "  |");
	for (size_t i = 0; i < h->fill; i++)
		out[n++] = h->line[i] >= 0x20 && h->line[i] < 0x7f ? (char)h->line[i] : '.';
	out[n++] = '|';
	out[n++] = '\n';
	return n;
}

static void hex_flush(struct hex_state *h)
{
	char out[96];
	size_t n = 0;

	if (!h->fill)
		return;
	if (h->fill == 16 && h->have_prev && !h->verbose && memcmp(h->line, h->prev, 16) == 0) {
		if (!h->starred) {
			out[n++] = '*';
			out[n++] = '\n';
		}
		h->starred = true;
	} else {
		n = hex_format(h, out, sizeof(out));
		h->starred = false;
	}
	h->have_prev = h->fill == 16;
	memcpy(h->prev, h->line, 16);
	if (h->out_len + n > sizeof(h->out))
		hex_out_flush(h);
	memcpy(h->out + h->out_len, out, n);
	h->out_len += n;
	h->line_off += h->fill;
	h->fill = 0;
}

static void hex_chunk(void *user, const uint8_t *p, size_t n)
{
	struct hex_state *h = user;

	for (size_t i = 0; i < n; i++) {
		h->line[h->fill++] = p[i];
		if (h->fill == 16)
			hex_flush(h);
	}
	hex_out_flush(h);
}

struct hex_args {
	struct hex_state *h;
	uint64_t skip, len;
};

static int hex_one(struct shell_ctx *sh, const struct shell_input *in, void *user)
{
	struct hex_args *a = user;
	uint64_t skipped = 0;
	int64_t n;

	a->h->sh = sh;
	a->h->line_off = a->skip;
	a->h->have_prev = a->h->starred = false;
	n = input_each(sh, in, a->skip, a->len, hex_chunk, a->h, &skipped);
	if (n < 0)
		return (int)n;
	hex_flush(a->h);
	hex_out_flush(a->h);
	/* As hexdump -C: the end offset (a skip past the end stops at the end: the file's size);
	 * nothing at all for empty input. */
	if (skipped + (uint64_t)n)
		shell_printf(sh, "%08llx\n", (unsigned long long)(skipped + (uint64_t)n));
	return 0;
}

static int cmd_hexdump(struct shell_ctx *sh, int argc, char **argv)
{
	struct shell_getopt g;
	struct hex_args a = { NULL, 0, UINT64_MAX / 2 };
	bool verbose = false;
	int opt, ret;

	shell_getopt_init(&g);
	while ((opt = shell_getopt(&g, argc, argv, "n:s:v")) != -1) {
		uint64_t *dst = opt == 'n' ? &a.len : &a.skip;

		if (opt == '?')
			return shell_error(sh, -EINVAL, "%s (see 'help hexdump')", g.err);
		if (opt == 'v') {
			verbose = true;
			continue;
		}
		if (shell_parse_u64(g.arg, dst) != 0 || *dst > UINT64_MAX / 2)
			return shell_error(sh, -EINVAL, "-%c %s: not a number", opt, g.arg);
	}
	if (argc - g.ind > 1)
		return shell_usage(sh, "hexdump");
	a.h = kzalloc(sizeof(*a.h));
	if (!a.h)
		return -ENOMEM;
	a.h->verbose = verbose;
	ret = shell_each_input(sh, argc, argv, g.ind, hex_one, &a);
	kfree(a.h);
	return ret;
}
SHELL_COMMAND(hexdump, "hexdump [-v] [-n LEN] [-s OFFSET] [FILE] -- bytes of a file (or standard input) in hex and "
	      "ASCII (as hexdump -C: repeated lines as one *, -v shows them)", cmd_hexdump);

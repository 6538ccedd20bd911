/*
 * Shell commands that read files: cat, hexdump, crc32, md5sum. Each opens the file by path
 * (shell_fs.c resolves it), then reads it in 4 KiB pieces with the volume's lock held only
 * around each read, checking Ctrl-C between pieces. A directory, a missing file or a corrupt
 * chain is a clear message naming the file; the other files of the command still run.
 */
#include <keel/crc32.h>
#include <keel/errno.h>
#include <keel/format.h>
#include <keel/heap.h>
#include <keel/md5.h>
#include <keel/task.h>
#include <string.h>

#include "kernel/shell/shell.h"
#include "kernel/shell/shell_fs.h"
#include "kernel/shell/shell_parse.h"

#define READ_CHUNK 4096

struct rfile {
	struct volume *v;
	struct fat_file f;
	struct shell_path p;
	char msg[128];
};

/* Open arg for cmd; prints the reason and returns SHELL_FS_FAILED on failure. */
static int rfile_open(struct shell_ctx *sh, const char *cmd, const char *arg, struct rfile *r)
{
	struct fat_dir base;
	const struct fat_dir *b;
	const char *rel;
	int ret;

	ret = shell_path_resolve(sh, cmd, arg, &r->p);
	if (ret)
		return ret;
	if (!r->p.vol) {
		shell_printf(sh, "%s: %s: is a directory (the list of volumes)\n", cmd, arg);
		return SHELL_FS_FAILED;
	}
	r->v = r->p.vol;
	b = shell_path_base(sh, &r->p, &base, &rel);
	volume_lock(r->v);
	ret = fat_open(r->v->fat, b, rel, &r->f);
	if (ret)
		shell_fs_perror(sh, cmd, arg, r->v, ret);
	volume_unlock(r->v);
	return ret ? SHELL_FS_FAILED : 0;
}

/* pread with the lock held; on error the reader's message is kept in r->msg. */
static int64_t rfile_pread(struct rfile *r, uint64_t off, void *buf, size_t n)
{
	int64_t got;

	volume_lock(r->v);
	got = fat_pread(&r->f, off, buf, n);
	if (got < 0)
		keel_snprintf(r->msg, sizeof(r->msg), "%s",
			      got == -EUCLEAN || got == -EIO ? fat_error(r->v->fat) : keel_strerror((int)got));
	volume_unlock(r->v);
	return got;
}

static void rfile_close(struct rfile *r)
{
	volume_lock(r->v);
	fat_close(&r->f);
	volume_unlock(r->v);
}

/*
 * Feed the bytes [off, off + len) of the file (len clamped to its size) to fn in pieces.
 * 0, -EINTR, or SHELL_FS_FAILED after printing a read error.
 */
static int rfile_each(struct shell_ctx *sh, const char *cmd, const char *arg, struct rfile *r, uint64_t off,
		      uint64_t len, void (*fn)(void *user, uint64_t off, const uint8_t *p, size_t n), void *user)
{
	uint8_t *buf = kmalloc(READ_CHUNK);
	uint64_t end = off + len < r->f.size ? off + len : r->f.size;
	int ret = 0;

	if (!buf)
		return -ENOMEM;
	while (off < end) {
		size_t want = end - off < READ_CHUNK ? (size_t)(end - off) : READ_CHUNK;
		int64_t got;

		if (shell_interrupted(sh)) {
			ret = -EINTR;
			break;
		}
		got = rfile_pread(r, off, buf, want);
		if (got <= 0) {
			shell_printf(sh, "%s: %s: %s at byte %llu\n", cmd, arg, got ? r->msg : "unexpected end of file",
				     (unsigned long long)off);
			ret = SHELL_FS_FAILED;
			break;
		}
		fn(user, off, buf, (size_t)got);
		off += (uint64_t)got;
	}
	kfree(buf);
	return ret;
}

/* Run fn over each named file (whole); the exit status is the last failure. */
static int each_file(struct shell_ctx *sh, const char *cmd, int argc, char **argv,
		     int (*fn)(struct shell_ctx *sh, const char *arg, struct rfile *r))
{
	struct rfile *r = kmalloc(sizeof(*r));
	int status = 0;

	if (!r)
		return -ENOMEM;
	for (int i = 1; i < argc; i++) {
		int ret = rfile_open(sh, cmd, argv[i], r);

		if (ret == 0) {
			ret = fn(sh, argv[i], r);
			rfile_close(r);
		}
		if (ret == -EINTR) {
			status = ret;
			break;
		}
		if (ret)
			status = ret;
	}
	kfree(r);
	return status;
}

static void cat_chunk(void *user, uint64_t off, const uint8_t *p, size_t n)
{
	(void)off;
	shell_write(user, (const char *)p, n);
}

static int cat_one(struct shell_ctx *sh, const char *arg, struct rfile *r)
{
	return rfile_each(sh, "cat", arg, r, 0, UINT64_MAX / 2, cat_chunk, sh);
}

static int cmd_cat(struct shell_ctx *sh, int argc, char **argv)
{
	if (argc < 2)
		return shell_usage(sh, "cat");
	return each_file(sh, "cat", argc, argv, cat_one);
}
SHELL_COMMAND(cat, "cat FILE... -- print files", cmd_cat);

static void crc_chunk(void *user, uint64_t off, const uint8_t *p, size_t n)
{
	(void)off;
	*(uint32_t *)user = crc32_update(*(uint32_t *)user, p, n);
}

static int crc_one(struct shell_ctx *sh, const char *arg, struct rfile *r)
{
	uint32_t crc = 0;
	int ret = rfile_each(sh, "crc32", arg, r, 0, r->f.size, crc_chunk, &crc);

	if (ret == 0)
		shell_printf(sh, "%08x  %u  %s\n", crc, (unsigned)r->f.size, arg);
	return ret;
}

static int cmd_crc32(struct shell_ctx *sh, int argc, char **argv)
{
	if (argc < 2)
		return shell_usage(sh, "crc32");
	return each_file(sh, "crc32", argc, argv, crc_one);
}
SHELL_COMMAND(crc32, "crc32 FILE... -- CRC-32 (zlib's) and size of files", cmd_crc32);

static void md5_chunk(void *user, uint64_t off, const uint8_t *p, size_t n)
{
	(void)off;
	md5_update(user, p, n);
}

static int md5_one(struct shell_ctx *sh, const char *arg, struct rfile *r)
{
	struct md5_ctx c;
	uint8_t d[16];
	int ret;

	md5_init(&c);
	ret = rfile_each(sh, "md5sum", arg, r, 0, r->f.size, md5_chunk, &c);
	if (ret)
		return ret;
	md5_final(&c, d);
	for (int i = 0; i < 16; i++)
		shell_printf(sh, "%02x", d[i]);
	shell_printf(sh, "  %s\n", arg);
	return 0;
}

static int cmd_md5sum(struct shell_ctx *sh, int argc, char **argv)
{
	if (argc < 2)
		return shell_usage(sh, "md5sum");
	return each_file(sh, "md5sum", argc, argv, md5_one);
}
SHELL_COMMAND(md5sum, "md5sum FILE... -- MD5 digests of files", cmd_md5sum);

/* hexdump -C's layout: offset, 16 bytes in two groups of 8, the printable ASCII. */
struct hex_state {
	struct shell_ctx *sh;
	uint8_t line[16];
	size_t fill;
	uint64_t line_off;
	size_t out_len;
	char out[4096];  /* formatted lines, written out once per piece read */
};

static void hex_out_flush(struct hex_state *h)
{
	shell_write(h->sh, h->out, h->out_len);
	h->out_len = 0;
}

static void hex_flush(struct hex_state *h)
{
	char out[96];
	size_t n = 0;

	if (!h->fill)
		return;
	n += keel_snprintf(out + n, sizeof(out) - n, "%08llx ", (unsigned long long)h->line_off);
	for (size_t i = 0; i < 16; i++) {
		if (i == 8)
			out[n++] = ' ';
		if (i < h->fill)
			n += keel_snprintf(out + n, sizeof(out) - n, " %02x", h->line[i]);
		else
			n += keel_snprintf(out + n, sizeof(out) - n, "   ");
	}
	n += keel_snprintf(out + n, sizeof(out) - n, "  |");
	for (size_t i = 0; i < h->fill; i++)
		out[n++] = h->line[i] >= 0x20 && h->line[i] < 0x7f ? (char)h->line[i] : '.';
	out[n++] = '|';
	out[n++] = '\n';
	if (h->out_len + n > sizeof(h->out))
		hex_out_flush(h);
	memcpy(h->out + h->out_len, out, n);
	h->out_len += n;
	h->line_off += h->fill;
	h->fill = 0;
}

static void hex_chunk(void *user, uint64_t off, const uint8_t *p, size_t n)
{
	struct hex_state *h = user;

	(void)off;
	for (size_t i = 0; i < n; i++) {
		h->line[h->fill++] = p[i];
		if (h->fill == 16)
			hex_flush(h);
	}
	hex_out_flush(h);
}

static int cmd_hexdump(struct shell_ctx *sh, int argc, char **argv)
{
	struct shell_getopt g;
	uint64_t len = UINT64_MAX / 2, skip = 0;
	struct hex_state *h;
	struct rfile *r;
	int opt, ret;

	shell_getopt_init(&g);
	while ((opt = shell_getopt(&g, argc, argv, "n:s:")) != -1) {
		uint64_t *dst = opt == 'n' ? &len : &skip;

		if (opt == '?')
			return shell_error(sh, -EINVAL, "%s (see 'help hexdump')", g.err);
		if (shell_parse_u64(g.arg, dst) != 0 || *dst > UINT64_MAX / 2)
			return shell_error(sh, -EINVAL, "-%c %s: not a number", opt, g.arg);
	}
	if (g.ind != argc - 1)
		return shell_usage(sh, "hexdump");
	r = kmalloc(sizeof(*r));
	h = kzalloc(sizeof(*h));
	if (!r || !h) {
		ret = -ENOMEM;
		goto free_bufs;
	}
	h->sh = sh;
	ret = rfile_open(sh, "hexdump", argv[g.ind], r);
	if (ret == 0) {
		h->line_off = skip;
		ret = rfile_each(sh, "hexdump", argv[g.ind], r, skip, len, hex_chunk, h);
		if (ret == 0) {
			hex_flush(h);
			hex_out_flush(h);
			shell_printf(sh, "%08llx\n", (unsigned long long)(skip < r->f.size ? h->line_off : skip));
		}
		rfile_close(r);
	}
free_bufs:
	kfree(h);
	kfree(r);
	return ret;
}
SHELL_COMMAND(hexdump, "hexdump [-n LEN] [-s OFFSET] FILE -- bytes of a file in hex and ASCII (as hexdump -C)",
	      cmd_hexdump);

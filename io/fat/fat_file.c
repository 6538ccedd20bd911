/*
 * Open files: opening checks the whole cluster chain against the size (exactly
 * ceil(size / cluster size) clusters, then the end mark), so a read never runs off a short
 * chain and a loop is caught up front. Reads keep a hint (the cluster under the last read) so
 * sequential access walks the chain once, and gather physically contiguous clusters into one
 * device read straight into the caller's buffer. Files are exported as an io_stream (read,
 * seek) and as a known-length byte device.
 * Context: not reentrant (the position and hint live in the handle; the FAT cache in the
 * volume). The stream and device contexts point at the handle: do not move it while open.
 */
#include <string.h>

#include <io/fat/fat_internal.h>

static int64_t file_stream_read(void *ctx, void *buf, size_t len)
{
	return fat_read(ctx, buf, len);
}

static int64_t file_stream_seek(void *ctx, int64_t off, int whence)
{
	return fat_seek(ctx, off, whence);
}

static const struct io_stream_ops file_stream_ops = {
	.read = file_stream_read,
	.seek = file_stream_seek,
};

static int64_t file_read_at(void *ctx, uint64_t off, void *buf, size_t len)
{
	return fat_pread(ctx, off, buf, len);
}

static int file_length(void *ctx, uint64_t *len)
{
	struct fat_file *f = ctx;

	*len = f->size;
	return 0;
}

static const struct io_byte_ops file_byte_ops = {
	.read_at = file_read_at,
	.length = file_length,
};

int fat_open_entry(struct fat_volume *v, const struct fat_dirent *e, struct fat_file *f)
{
	uint64_t count;
	int err;

	if (fat_dirent_is_dir(e))
		return fat_fail(v, -EISDIR, "is a directory");
	count = ((uint64_t)e->size + v->cluster_size - 1) >> v->cluster_shift;
	err = fat_chain_check(v, e->first_cluster, count);
	if (err)
		return err;
	memset(f, 0, sizeof(*f));
	f->stream = (struct io_stream){ &file_stream_ops, f };
	f->dev = (struct io_byte_dev){ &file_byte_ops, f };
	f->vol = v;
	f->first_cluster = e->first_cluster;
	f->size = e->size;
	return 0;
}

/* Cluster number idx of the chain into *c, walking from the hint or the start. */
static int locate(struct fat_file *f, uint32_t idx, uint32_t *c)
{
	uint32_t cur = f->first_cluster, at = 0, next;
	int err;

	if (f->cur_cluster && f->cur_index <= idx) {
		cur = f->cur_cluster;
		at = f->cur_index;
	}
	while (at < idx) {
		err = fat_next_cluster(f->vol, cur, &next);
		if (err)
			return err;
		if (next == FAT_CHAIN_END)
			return fat_fail(f->vol, -EUCLEAN, "cluster chain shorter than the file size");
		cur = next;
		at++;
	}
	f->cur_cluster = cur;
	f->cur_index = at;
	*c = cur;
	return 0;
}

int64_t fat_pread(struct fat_file *f, uint64_t off, void *buf, size_t len)
{
	struct fat_volume *v = f->vol;
	uint64_t mask = v->cluster_size - 1, done = 0;
	uint8_t *out = buf;
	int err;

	if (off >= f->size)
		return 0;
	if (len > f->size - off)
		len = (size_t)(f->size - off);
	while (done < len) {
		uint32_t idx = (uint32_t)(off >> v->cluster_shift), c = 0, last, next;
		uint64_t in = off & mask, run = v->cluster_size - in, n;

		err = locate(f, idx, &c);
		if (err)
			return err;
		last = c;
		while (done + run < len) {
			err = fat_next_cluster(v, last, &next);
			if (err)
				return err;
			if (next != last + 1)
				break;
			last = next;
			idx++;
			run += v->cluster_size;
		}
		n = run < len - done ? run : len - done;
		err = fat_dev_read(v, fat_cluster_offset(v, c) + in, out + done, (size_t)n);
		if (err)
			return err;
		f->cur_cluster = last;
		f->cur_index = idx;
		done += n;
		off += n;
	}
	return (int64_t)done;
}

int64_t fat_read(struct fat_file *f, void *buf, size_t len)
{
	int64_t n = fat_pread(f, f->pos, buf, len);

	if (n > 0)
		f->pos += (uint64_t)n;
	return n;
}

int64_t fat_seek(struct fat_file *f, int64_t off, int whence)
{
	int64_t base;

	switch (whence) {
	case IO_SEEK_SET:
		base = 0;
		break;
	case IO_SEEK_CUR:
		base = (int64_t)f->pos;
		break;
	case IO_SEEK_END:
		base = (int64_t)f->size;
		break;
	default:
		return -EINVAL;
	}
	if (off > 0 && base > INT64_MAX - off)
		return -EOVERFLOW;
	if (base + off < 0)
		return -EINVAL;
	f->pos = (uint64_t)(base + off);
	return (int64_t)f->pos;
}

void fat_close(struct fat_file *f)
{
	f->vol = NULL;
}

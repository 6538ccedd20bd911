/*
 * Mounting a FAT volume: the boot sector's BIOS parameter block is parsed and every field is
 * checked (sizes that are powers of two, regions that fit inside the volume and the volume
 * inside its device region, a FAT large enough for the cluster count, the type following from
 * the cluster count as the specification defines it), so the rest of the reader can trust the
 * geometry. Also the error recorder and the bounded device read every other file uses.
 */
#include <string.h>

#include <io/fat/fat_internal.h>

int fat_fail(struct fat_volume *v, int code, const char *msg)
{
	v->err_msg = msg;
	return code;
}

int fat_fail_num(struct fat_volume *v, int code, const char *msg, const char *what, uint64_t n)
{
	char digits[24];
	size_t len = 0, nd = 0, cap = sizeof(v->err_buf);

	while (msg[len] && len + 1 < cap) {
		v->err_buf[len] = msg[len];
		len++;
	}
	do {
		digits[nd++] = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	if (len + 3 + strlen(what) + nd + 2 <= cap) {
		v->err_buf[len++] = ' ';
		v->err_buf[len++] = '(';
		memcpy(v->err_buf + len, what, strlen(what));
		len += strlen(what);
		v->err_buf[len++] = ' ';
		while (nd)
			v->err_buf[len++] = digits[--nd];
		v->err_buf[len++] = ')';
	}
	v->err_buf[len] = '\0';
	v->err_msg = v->err_buf;
	return code;
}

const char *fat_error(const struct fat_volume *v)
{
	return v->err_msg ? v->err_msg : "no error";
}

int fat_dev_read(struct fat_volume *v, uint64_t off, void *buf, size_t len)
{
	int64_t got;

	if (off > v->length || len > v->length - off)
		return fat_fail(v, -EUCLEAN, "read outside the volume");
	got = io_byte_read(&v->dev, v->base + off, buf, len);
	if (got < 0)
		return fat_fail(v, (int)got, "device read failed");
	if ((uint64_t)got != len)
		return fat_fail(v, -EIO, "device ended inside the volume");
	return 0;
}

static bool is_pow2(uint32_t x)
{
	return x && !(x & (x - 1));
}

static uint32_t log2u(uint32_t x)
{
	uint32_t s = 0;

	while ((1u << s) < x)
		s++;
	return s;
}

/*
 * Parse and check the boot sector bs (512 bytes) of a volume in a region of region_len bytes
 * (UINT64_MAX: unknown). Fills v's geometry. 0, or -EUCLEAN with *why.
 */
int fat_bpb_parse(const uint8_t *bs, uint64_t region_len, struct fat_volume *v, const char **why)
{
	uint32_t bps = fat_le16(bs + 11), spc = bs[13], rsvd = fat_le16(bs + 14), nfats = bs[16];
	uint32_t root_ent = fat_le16(bs + 17), media = bs[21];
	uint64_t tot = fat_le16(bs + 19) ? fat_le16(bs + 19) : fat_le32(bs + 32);
	uint64_t fatsz = fat_le16(bs + 22) ? fat_le16(bs + 22) : fat_le32(bs + 36);
	uint64_t root_secs, meta, clusters, entries;
	uint32_t active = 0;
	const uint8_t *ext;

	if (bs[0] != 0xEB && bs[0] != 0xE9)
		return *why = "not a FAT boot sector (no jump instruction)", -EUCLEAN;
	if (bs[510] != 0x55 || bs[511] != 0xAA)
		return *why = "not a FAT boot sector (no 55 AA signature)", -EUCLEAN;
	if (bps < 512 || bps > 4096 || !is_pow2(bps))
		return *why = "BPB: bytes per sector not a power of two in 512..4096", -EUCLEAN;
	if (!is_pow2(spc) || spc * bps > 65536)
		return *why = "BPB: sectors per cluster not a power of two or cluster over 64 KiB", -EUCLEAN;
	if (rsvd == 0)
		return *why = "BPB: no reserved sectors", -EUCLEAN;
	if (nfats == 0 || nfats > 16)
		return *why = "BPB: number of FATs not in 1..16", -EUCLEAN;
	if (media != 0xF0 && media < 0xF8)
		return *why = "BPB: invalid media descriptor", -EUCLEAN;
	if (tot == 0)
		return *why = "BPB: total sector count is zero", -EUCLEAN;
	if (fatsz == 0)
		return *why = "BPB: FAT size is zero", -EUCLEAN;
	if (fatsz * bps > 0xFFFFFFFFull)
		return *why = "BPB: FAT larger than 4 GiB", -EUCLEAN;
	root_secs = ((uint64_t)root_ent * FAT_DIRENT_SIZE + bps - 1) / bps;
	meta = rsvd + (uint64_t)nfats * fatsz + root_secs;
	if (meta >= tot)
		return *why = "BPB: reserved, FAT and root directory sectors fill the volume", -EUCLEAN;
	if (region_len != UINT64_MAX && tot * bps > region_len)
		return *why = "BPB: volume larger than its device or partition", -EUCLEAN;
	clusters = (tot - meta) / spc;
	if (clusters == 0)
		return *why = "BPB: no data clusters", -EUCLEAN;
	v->fat_bits = clusters < 4085 ? 12 : clusters < 65525 ? 16 : 32;
	if (v->fat_bits == 32) {
		if (root_ent != 0 || fat_le16(bs + 22) != 0)
			return *why = "BPB: FAT32 volume with a fixed root directory or 16-bit FAT size",
			       -EUCLEAN;
		if (fat_le16(bs + 42) != 0)
			return *why = "BPB: unknown FAT32 version", -EUCLEAN;
		if (clusters > 0x0FFFFFF5)
			return *why = "BPB: too many clusters for FAT32", -EUCLEAN;
		if (bs[40] & 0x80) {
			active = bs[40] & 0x0F;
			if (active >= nfats)
				return *why = "BPB: active FAT number out of range", -EUCLEAN;
		}
		v->root_cluster = fat_le32(bs + 44);
		ext = bs + 64;
	} else {
		if (root_ent == 0)
			return *why = "BPB: FAT12/16 volume without root directory entries", -EUCLEAN;
		v->root_cluster = 0;
		ext = bs + 36;
	}
	entries = v->fat_bits == 12 ? fatsz * bps * 2 / 3 : fatsz * bps * 8 / (uint32_t)v->fat_bits;
	if (entries < clusters + 2)
		return *why = "BPB: FAT too small for the cluster count", -EUCLEAN;

	v->bytes_per_sector = bps;
	v->cluster_size = spc * bps;
	v->cluster_shift = log2u(v->cluster_size);
	v->cluster_count = (uint32_t)clusters;
	v->max_cluster = (uint32_t)clusters + 1;
	v->length = tot * bps;
	v->fat_offset = ((uint64_t)rsvd + (uint64_t)active * fatsz) * bps;
	v->fat_bytes = (uint32_t)(fatsz * bps);
	v->root_offset = ((uint64_t)rsvd + (uint64_t)nfats * fatsz) * bps;
	v->root_entries = root_ent;
	v->data_offset = meta * bps;
	if (v->fat_bits == 32 && !fat_cluster_valid(v, v->root_cluster))
		return *why = "BPB: FAT32 root cluster out of range", -EUCLEAN;
	v->label[0] = '\0';
	v->serial = 0;
	if (ext[2] == 0x29) {
		v->serial = fat_le32(ext + 3);
		if (memcmp(ext + 7, "NO NAME    ", 11) != 0)
			fat_label_name(ext + 7, v->label, sizeof(v->label));
	}
	return 0;
}

/* The root directory's volume label entry, if any, replaces the BPB's copy. */
static void read_root_label(struct fat_volume *v)
{
	struct fat_dir d;
	const uint8_t *raw;
	uint32_t i;

	if (fat_dir_root(v, &d) != 0)
		return;
	for (i = 0; i < 64; i++) {
		if (fat_dir_raw_next(&d, &raw) <= 0)
			return;
		if ((raw[11] & 0x3F) == FAT_ATTR_VOLUME_ID && raw[0] != 0xE5) {
			fat_label_name(raw, v->label, sizeof(v->label));
			return;
		}
	}
}

int fat_mount(struct fat_volume **out, const struct io_byte_dev *dev,
	      const struct fat_mount_opts *opts, const struct io_alloc *alloc, const char **why)
{
	struct fat_mount_opts def = { 0, 0, 0 };
	struct fat_volume *v;
	uint64_t dev_len, region = UINT64_MAX;
	uint8_t bs[512];
	int64_t got;
	int err;

	if (!opts)
		opts = &def;
	*out = NULL;
	if (io_byte_length(dev, &dev_len) == 0) {
		if (opts->offset >= dev_len)
			return *why = "volume offset past the end of the device", -EINVAL;
		region = dev_len - opts->offset;
	}
	if (opts->length && opts->length < region)
		region = opts->length;
	got = io_byte_read(dev, opts->offset, bs, sizeof(bs));
	if (got < 0)
		return *why = "device read failed (boot sector)", (int)got;
	if (got != (int64_t)sizeof(bs))
		return *why = "device too small for a boot sector", -EUCLEAN;
	v = alloc->alloc(alloc->ctx, sizeof(*v));
	if (!v)
		return *why = "out of memory (volume)", -ENOMEM;
	memset(v, 0, sizeof(*v));
	v->dev = *dev;
	v->alloc = *alloc;
	v->base = opts->offset;
	err = fat_bpb_parse(bs, region, v, why);
	if (err)
		goto free_volume;
	err = fat_cache_init(v, opts->cache_pages ? opts->cache_pages : FAT_DEFAULT_PAGES);
	if (err) {
		*why = "out of memory (FAT cache)";
		goto free_volume;
	}
	read_root_label(v);
	v->err_msg = NULL;
	*out = v;
	return 0;

free_volume:
	alloc->free(alloc->ctx, v, sizeof(*v));
	return err;
}

void fat_unmount(struct fat_volume *v)
{
	struct io_alloc alloc;

	if (!v)
		return;
	alloc = v->alloc;
	fat_cache_fini(v);
	alloc.free(alloc.ctx, v, sizeof(*v));
}

void fat_volume_info(const struct fat_volume *v, struct fat_volume_info *info)
{
	info->fat_bits = v->fat_bits;
	info->bytes_per_sector = v->bytes_per_sector;
	info->cluster_size = v->cluster_size;
	info->cluster_count = v->cluster_count;
	info->total_bytes = v->length;
	info->serial = v->serial;
	memcpy(info->label, v->label, sizeof(info->label));
}

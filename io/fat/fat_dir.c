/*
 * Directories: a cursor over the 32-byte entries of the FAT12/16 fixed root directory or of a
 * cluster chain (bounded at 65536 entries, the specification's limit, so a looping chain ends
 * in an error), read one 512-byte block at a time; and the decoding of entries into
 * struct fat_dirent: VFAT long-name runs are collected in order (sequence numbers counting
 * down, one checksum) and used only when the run is complete and its checksum matches the
 * 8.3 entry that follows; anything else is an orphan and ignored, leaving the 8.3 name.
 */
#include <string.h>

#include <io/fat/fat_internal.h>

#define BUF_ENTRIES (512u / FAT_DIRENT_SIZE)
#define LFN_CHARS 13u
#define LFN_MAX_SLOTS 20u

int fat_dir_init(struct fat_volume *v, uint32_t first_cluster, struct fat_dir *d)
{
	if (first_cluster == 0 && v->fat_bits == 32)
		first_cluster = v->root_cluster;
	if (first_cluster != 0 && !fat_cluster_valid(v, first_cluster))
		return fat_fail_num(v, -EUCLEAN, "directory starts at an invalid cluster", "cluster",
				    first_cluster);
	d->vol = v;
	d->first_cluster = first_cluster;
	fat_dir_rewind(d);
	return 0;
}

void fat_dir_rewind(struct fat_dir *d)
{
	d->cluster = d->first_cluster;
	d->index = 0;
	d->clusters_seen = 1;
	d->buf_index = UINT32_MAX;
	d->at_end = false;
	d->bad_entry = false;
}

int fat_dir_root(struct fat_volume *v, struct fat_dir *d)
{
	return fat_dir_init(v, 0, d);
}

int fat_dir_raw_next(struct fat_dir *d, const uint8_t **raw)
{
	struct fat_volume *v = d->vol;
	uint32_t base = d->index & ~(BUF_ENTRIES - 1);
	uint64_t off;
	int err;

	if (d->at_end)
		return 0;
	if (d->first_cluster == 0) {
		if (d->index >= v->root_entries) {
			d->at_end = true;
			return 0;
		}
		off = v->root_offset + (uint64_t)base * FAT_DIRENT_SIZE;
	} else {
		uint32_t per_cluster = v->cluster_size / FAT_DIRENT_SIZE;

		if (d->index >= FAT_DIR_MAX_ENTRIES)
			return fat_fail(v, -EUCLEAN,
					"directory over 65536 entries (looping cluster chain?)");
		if (d->index / per_cluster == d->clusters_seen) {
			uint32_t next;

			err = fat_next_cluster(v, d->cluster, &next);
			if (err)
				return err;
			if (next == FAT_CHAIN_END) {
				d->at_end = true;
				return 0;
			}
			d->cluster = next;
			d->clusters_seen++;
		}
		off = fat_cluster_offset(v, d->cluster) +
		      (uint64_t)(base % per_cluster) * FAT_DIRENT_SIZE;
	}
	if (d->buf_index != base) {
		d->buf_index = UINT32_MAX;
		err = fat_dev_read(v, off, d->buf, sizeof(d->buf));
		if (err)
			return err;
		d->buf_index = base;
	}
	*raw = d->buf + (d->index - base) * FAT_DIRENT_SIZE;
	if ((*raw)[0] == 0x00) {
		d->at_end = true;
		return 0;
	}
	d->index++;
	return 1;
}

static void decode_time(uint16_t date, uint16_t time, uint8_t tenths, struct fat_time *t)
{
	t->year = (uint16_t)(1980 + (date >> 9));
	t->month = (uint8_t)((date >> 5) & 0x0F);
	t->day = (uint8_t)(date & 0x1F);
	t->hour = (uint8_t)(time >> 11);
	t->minute = (uint8_t)((time >> 5) & 0x3F);
	t->second = (uint8_t)((time & 0x1F) * 2 + tenths / 100);
	t->centis = (uint8_t)(tenths % 100);
}

struct lfn_state {
	uint16_t units[LFN_MAX_SLOTS * LFN_CHARS];
	uint32_t slots;     /* slots in the run being collected */
	uint32_t expect;    /* sequence number of the last slot seen; 0: no run */
	uint8_t checksum;
};

static void lfn_slot(struct lfn_state *l, const uint8_t *raw)
{
	static const uint8_t offs[LFN_CHARS] = { 1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30 };
	uint32_t at = ((raw[0] & 0x1Fu) - 1) * LFN_CHARS;

	for (uint32_t i = 0; i < LFN_CHARS; i++)
		l->units[at + i] = fat_le16(raw + offs[i]);
}

/* Feed one LFN entry into the run (a new run starts at a slot marked last). */
static void lfn_feed(struct lfn_state *l, const uint8_t *raw)
{
	uint32_t seq = raw[0] & 0x1Fu;

	if (raw[0] & 0x40) {
		if (seq == 0 || seq > LFN_MAX_SLOTS || (raw[0] & 0x80)) {
			l->expect = 0;
			return;
		}
		l->slots = seq;
		l->checksum = raw[13];
	} else if (!(l->expect > 1 && seq == l->expect - 1 && raw[13] == l->checksum)) {
		l->expect = 0;
		return;
	}
	l->expect = seq;
	lfn_slot(l, raw);
}

/* The long name of a complete run whose checksum matches raw, into e->name; false if none. */
static bool lfn_finish(struct lfn_state *l, const uint8_t *raw, struct fat_dirent *e)
{
	uint32_t n = 0, total;

	if (l->expect != 1 || l->checksum != fat_lfn_checksum(raw))
		return false;
	total = l->slots * LFN_CHARS;
	while (n < total && l->units[n] != 0x0000)
		n++;
	if (n == 0 || n > 255)
		return false;
	fat_utf16_to_utf8(l->units, n, e->name, sizeof(e->name));
	return true;
}

static bool short_name_ok(const uint8_t *raw)
{
	if (raw[0] == ' ')
		return false;
	for (int i = 0; i < 11; i++) {
		if (raw[i] < 0x20 && !(i == 0 && raw[i] == 0x05))
			return false;
	}
	return true;
}

/* Decode the 8.3 entry raw (LFN run in l) into e, validating its fields. */
static int decode_entry(struct fat_volume *v, struct lfn_state *l, const uint8_t *raw,
			struct fat_dirent *e)
{
	bool dot = raw[0] == '.';
	uint32_t cluster = fat_le16(raw + 26);

	if (v->fat_bits == 32)
		cluster |= (uint32_t)fat_le16(raw + 20) << 16;
	memset(e, 0, sizeof(*e));
	e->attr = raw[11] & 0x3F;
	e->size = fat_le32(raw + 28);
	e->first_cluster = cluster;
	decode_time(fat_le16(raw + 16), fat_le16(raw + 14), raw[13] <= 199 ? raw[13] : 0,
		    &e->created);
	decode_time(fat_le16(raw + 18), 0, 0, &e->accessed);
	decode_time(fat_le16(raw + 24), fat_le16(raw + 22), 0, &e->modified);
	fat_short_name(raw, raw[12], e->short_name, e->name);
	e->has_long_name = !dot && lfn_finish(l, raw, e);
	l->expect = 0;
	if (!short_name_ok(raw))
		return fat_fail(v, -EUCLEAN, "invalid 8.3 name in a directory entry");
	if (dot && strcmp(e->short_name, ".") != 0 && strcmp(e->short_name, "..") != 0)
		return fat_fail(v, -EUCLEAN, "invalid 8.3 name in a directory entry");
	if (fat_dirent_is_dir(e)) {
		e->size = 0;
		if (cluster == 0 && !dot)
			return fat_fail(v, -EUCLEAN, "subdirectory entry without a cluster");
	} else if (cluster == 0 && e->size != 0) {
		return fat_fail(v, -EUCLEAN, "non-empty file without a cluster");
	}
	if (cluster != 0 && !fat_cluster_valid(v, cluster))
		return fat_fail_num(v, -EUCLEAN, "directory entry points outside the data area",
				    "cluster", cluster);
	return 0;
}

int fat_dir_read(struct fat_dir *d, struct fat_dirent *e)
{
	struct lfn_state l;
	const uint8_t *raw;
	int r;

	l.expect = 0;
	d->bad_entry = false;
	for (;;) {
		r = fat_dir_raw_next(d, &raw);
		if (r <= 0)
			return r;
		if (raw[0] == 0xE5) {
			l.expect = 0;
			continue;
		}
		if ((raw[11] & 0x3F) == 0x0F) {
			lfn_feed(&l, raw);
			continue;
		}
		if (raw[11] & FAT_ATTR_VOLUME_ID) {
			l.expect = 0;
			continue;
		}
		r = decode_entry(d->vol, &l, raw, e);
		if (r < 0) {
			d->bad_entry = true;
			return r;
		}
		return 1;
	}
}

int fat_dir_find(struct fat_dir *d, const char *name, size_t len, struct fat_dirent *e)
{
	int r;

	fat_dir_rewind(d);
	for (;;) {
		r = fat_dir_read(d, e);
		if (r < 0 && d->bad_entry)
			continue;
		if (r <= 0)
			return r;
		if (fat_name_eq(name, len, e->name) || fat_name_eq(name, len, e->short_name))
			return 1;
	}
}

void fat_root_dirent(struct fat_volume *v, struct fat_dirent *e)
{
	(void)v;
	memset(e, 0, sizeof(*e));
	e->name[0] = '/';
	e->short_name[0] = '/';
	e->attr = FAT_ATTR_DIRECTORY;
}

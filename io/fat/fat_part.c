/*
 * Finding FAT volumes on a device: a bare volume (sector 0 is a valid FAT boot sector) or the
 * partitions of an MBR table. The boot sector test comes first because a FAT boot sector also
 * ends in 55 AA; a table is only trusted when every entry is well formed (boot indicator 0x00
 * or 0x80, a non-empty partition starting after sector 0 and, when the device length is
 * known, ending inside the device). An extended partition's logical partitions are found by
 * walking its chain of EBRs (each one signed, holding one partition relative to itself and a
 * link relative to the extended partition); links must move strictly forward inside the
 * extended partition, so the walk ends. LBA units are 512 bytes.
 */
#include <string.h>

#include <io/fat/fat_internal.h>

#define MBR_SECTOR 512u
#define MBR_TABLE 446u

struct probe {
	const struct io_byte_dev *dev;
	uint64_t dev_len;      /* UINT64_MAX: unknown */
	struct fat_region *out;
	int n;
	const char **why;
};

static bool is_extended(uint8_t type)
{
	return type == 0x05 || type == 0x0F || type == 0x85;
}

static int read_sector(struct probe *p, uint64_t lba, uint8_t *s)
{
	int64_t got = io_byte_read(p->dev, lba * MBR_SECTOR, s, MBR_SECTOR);

	if (got < 0)
		return *p->why = "device read failed (partition table)", (int)got;
	if (got != MBR_SECTOR)
		return *p->why = "partition table past the end of the device", -EUCLEAN;
	return 0;
}

/* Check one entry e; *start / *count in sectors (absolute: base added). */
static int entry_check(struct probe *p, const uint8_t *e, uint64_t base, uint64_t *start,
		       uint64_t *count)
{
	if (e[0] != 0x00 && e[0] != 0x80)
		return *p->why = "MBR: bad boot indicator in a partition entry", -EUCLEAN;
	*start = base + fat_le32(e + 8);
	*count = fat_le32(e + 12);
	if (e[4] == 0)
		return 0;
	if (fat_le32(e + 8) == 0 || *count == 0)
		return *p->why = "MBR: partition starts at sector 0 or is empty", -EUCLEAN;
	if (p->dev_len != UINT64_MAX && (*start + *count) * MBR_SECTOR > p->dev_len)
		return *p->why = "MBR: partition extends past the end of the device", -EUCLEAN;
	return 0;
}

static void add(struct probe *p, uint64_t start, uint64_t count, uint8_t type, int index)
{
	if (p->n < FAT_PROBE_MAX)
		p->out[p->n++] = (struct fat_region){ start * MBR_SECTOR, count * MBR_SECTOR, type,
						      (uint8_t)index };
}

/* The logical partitions of the extended partition [ext, ext + ext_count). */
static int walk_ebrs(struct probe *p, uint64_t ext, uint64_t ext_count)
{
	uint8_t s[MBR_SECTOR];
	uint64_t ebr = ext, start, count, next_start, next_count;
	int err, index = 5;

	while (p->n < FAT_PROBE_MAX) {
		const uint8_t *e0 = s + MBR_TABLE, *e1 = e0 + 16;

		err = read_sector(p, ebr, s);
		if (err)
			return err;
		if (s[510] != 0x55 || s[511] != 0xAA)
			return *p->why = "EBR: no 55 AA signature", -EUCLEAN;
		err = entry_check(p, e0, ebr, &start, &count);
		if (!err)
			err = entry_check(p, e1, ext, &next_start, &next_count);
		if (err)
			return err;
		if (e0[4] != 0) {
			if (is_extended(e0[4]) || start + count > ext + ext_count)
				return *p->why = "EBR: logical partition outside its extended partition",
				       -EUCLEAN;
			add(p, start, count, e0[4], index++);
		}
		if (e1[4] == 0)
			return 0;
		if (!is_extended(e1[4]) || next_start <= ebr || next_start >= ext + ext_count)
			return *p->why = "EBR: link does not move forward inside the extended partition",
			       -EUCLEAN;
		ebr = next_start;
	}
	return 0;
}

int fat_probe(const struct io_byte_dev *dev, struct fat_region out[FAT_PROBE_MAX],
	      const char **why)
{
	struct probe p = { dev, UINT64_MAX, out, 0, why };
	struct fat_volume scratch;
	const char *bpb_why;
	uint8_t s[MBR_SECTOR];
	uint64_t start[4], count[4];
	int err, ext = -1;

	if (io_byte_length(dev, &p.dev_len) != 0)
		p.dev_len = UINT64_MAX;
	err = read_sector(&p, 0, s);
	if (err)
		return err == -EUCLEAN ? (*why = "device smaller than one sector", -ENODEV) : err;
	memset(&scratch, 0, sizeof(scratch));
	if (fat_bpb_parse(s, p.dev_len, &scratch, &bpb_why) == 0) {
		out[0] = (struct fat_region){ 0, scratch.length, 0, 0 };
		return 1;
	}
	if (s[510] != 0x55 || s[511] != 0xAA)
		return *why = "neither a FAT volume nor a partition table", -ENODEV;
	for (int i = 0; i < 4; i++) {
		const uint8_t *e = s + MBR_TABLE + 16 * i;

		err = entry_check(&p, e, 0, &start[i], &count[i]);
		if (err)
			return err;
		if (e[4] == 0)
			continue;
		if (is_extended(e[4])) {
			if (ext >= 0)
				return *why = "MBR: more than one extended partition", -EUCLEAN;
			ext = i;
			continue;
		}
		add(&p, start[i], count[i], e[4], i + 1);
	}
	if (ext >= 0) {
		err = walk_ebrs(&p, start[ext], count[ext]);
		if (err)
			return err;
	}
	if (p.n == 0)
		return *why = "MBR: no partitions", -ENODEV;
	return p.n;
}

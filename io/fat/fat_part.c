/*
 * Finding FAT volumes on a device: a bare volume (sector 0 is a valid FAT boot sector) or the
 * primary partitions of an MBR partition table. The boot sector test comes first because a FAT
 * boot sector also ends in 55 AA; a table is only trusted when every entry is well formed
 * (boot indicator 0x00 or 0x80, a non-empty partition starting after sector 0 and, when the
 * device length is known, ending inside the device). Extended partitions are not followed.
 */
#include <string.h>

#include <io/fat/fat_internal.h>

#define MBR_SECTOR 512u
#define MBR_TABLE 446u

static bool is_extended(uint8_t type)
{
	return type == 0x05 || type == 0x0F || type == 0x85;
}

int fat_probe(const struct io_byte_dev *dev, struct fat_region out[4], const char **why)
{
	struct fat_volume scratch;
	uint64_t dev_len = UINT64_MAX;
	const char *bpb_why;
	uint8_t s[MBR_SECTOR];
	int64_t got;
	int n = 0;

	if (io_byte_length(dev, &dev_len) != 0)
		dev_len = UINT64_MAX;
	got = io_byte_read(dev, 0, s, sizeof(s));
	if (got < 0)
		return *why = "device read failed (sector 0)", (int)got;
	if (got != (int64_t)sizeof(s))
		return *why = "device smaller than one sector", -ENODEV;
	memset(&scratch, 0, sizeof(scratch));
	if (fat_bpb_parse(s, dev_len, &scratch, &bpb_why) == 0) {
		out[0] = (struct fat_region){ 0, scratch.length, 0, 0 };
		return 1;
	}
	if (s[510] != 0x55 || s[511] != 0xAA)
		return *why = "neither a FAT volume nor a partition table", -ENODEV;
	for (int i = 0; i < 4; i++) {
		const uint8_t *e = s + MBR_TABLE + 16 * i;
		uint64_t start = fat_le32(e + 8), count = fat_le32(e + 12);
		uint8_t type = e[4];

		if (e[0] != 0x00 && e[0] != 0x80)
			return *why = "MBR: bad boot indicator in a partition entry", -EUCLEAN;
		if (type == 0)
			continue;
		if (start == 0 || count == 0)
			return *why = "MBR: partition starts at sector 0 or is empty", -EUCLEAN;
		if (dev_len != UINT64_MAX && (start + count) * MBR_SECTOR > dev_len)
			return *why = "MBR: partition extends past the end of the device", -EUCLEAN;
		if (is_extended(type))
			continue;
		out[n++] = (struct fat_region){ start * MBR_SECTOR, count * MBR_SECTOR, type,
						(uint8_t)(i + 1) };
	}
	if (n == 0)
		return *why = "MBR: no primary partitions", -ENODEV;
	return n;
}

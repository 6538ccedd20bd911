/*
 * In-kernel tests of the block devices: the RAM disk over a boot module and the ATA PIO driver,
 * against disk images tests/qemu/ktest.py builds with a known pattern (tests/qemu/diskimg.py):
 * every sector starts with "KEELDISK" and its LBA, then pattern bytes derived from the LBA.
 * Reads (single, multi-command, unaligned through the byte view), write and read-back, LBA48
 * beyond the 28-bit limit on a large sparse disk, and out-of-range requests.
 */
#include <keel/blockdev.h>
#include <keel/ktest.h>
#include <string.h>

#include "io/byte_view.h"
#include "io/lockable.h"
#include "io/stream.h"
#include <keel/spinlock.h>

#define SECT 512

static uint8_t blk_buf[320 * SECT];
static uint8_t blk_buf2[4 * SECT];

static uint8_t pattern_byte(uint64_t lba, unsigned j)
{
	return (uint8_t)(lba * 131 + j * 7 + (lba >> 8));
}

/* 0 when the sector holds the pattern for `lba`. */
static int pattern_check(const uint8_t *s, uint64_t lba)
{
	uint64_t got;

	if (memcmp(s, "KEELDISK", 8) != 0)
		return -1;
	memcpy(&got, s + 8, 8);
	if (got != lba)
		return -2;
	for (unsigned j = 16; j < SECT; j++)
		if (s[j] != pattern_byte(lba, j))
			return -3;
	return 0;
}

static void pattern_fill(uint8_t *s, uint64_t lba)
{
	memcpy(s, "KEELDISK", 8);
	memcpy(s + 8, &lba, 8);
	for (unsigned j = 16; j < SECT; j++)
		s[j] = pattern_byte(lba, j);
}

/* The first registered device of that kind whose sector 0 carries the pattern; with
 * min_blocks, one at least that large. */
static struct io_block_dev *find_disk(const char *prefix, uint64_t min_blocks)
{
	for (unsigned i = 0; i < blockdev_count(); i++) {
		const struct blockdev *b = blockdev_get(i);
		uint64_t n = 0;

		if (strncmp(b->name, prefix, strlen(prefix)) != 0)
			continue;
		io_block_count(b->dev, &n);
		if (n < min_blocks || io_block_read(b->dev, 0, 1, blk_buf) != 0)
			continue;
		if (pattern_check(blk_buf, 0) == 0)
			return b->dev;
	}
	return NULL;
}

static void check_reads(struct io_block_dev *d)
{
	uint64_t n = 0;

	KT_ASSERT(io_block_count(d, &n) == 0 && n >= 2048);
	/* One sector at a time, scattered. */
	for (uint64_t lba = 0; lba < n; lba += n / 37 + 1) {
		KT_ASSERT(io_block_read(d, lba, 1, blk_buf) == 0);
		KT_EXPECT(pattern_check(blk_buf, lba) == 0);
	}
	/* 300 sectors in one call: more than one LBA28 command. */
	KT_ASSERT(io_block_read(d, 1000, 300, blk_buf) == 0);
	for (unsigned i = 0; i < 300; i++)
		KT_EXPECT(pattern_check(blk_buf + i * SECT, 1000 + i) == 0);
	/* The last sector, and past the end. */
	KT_EXPECT(io_block_read(d, n - 1, 1, blk_buf) == 0 && pattern_check(blk_buf, n - 1) == 0);
	KT_EXPECT(io_block_read(d, n - 1, 2, blk_buf) == -ENXIO);
	KT_EXPECT(io_block_read(d, n, 1, blk_buf) == -ENXIO);
}

/* Bytes [off, off + len) through a byte view must equal the pattern. */
static void check_byte_view(struct io_block_dev *d)
{
	static uint8_t scratch[SECT];
	struct io_byte_view v;
	uint64_t off = 3 * SECT + 77;
	int64_t got;

	KT_ASSERT(io_byte_view_init(&v, d, scratch, NULL) == 0);
	got = io_byte_read(&v.dev, off, blk_buf2, sizeof(blk_buf2) - 100);
	KT_EXPECT_EQ(got, (int64_t)sizeof(blk_buf2) - 100);
	for (uint64_t i = 0; i < sizeof(blk_buf2) - 100; i++) {
		uint64_t pos = off + i, lba = pos / SECT;
		unsigned j = (unsigned)(pos % SECT);

		if (j >= 16 && blk_buf2[i] != pattern_byte(lba, j)) {
			KT_EXPECT(!"byte view data differs from the disk pattern");
			break;
		}
	}
	io_byte_view_fini(&v);
}

KTEST(ramdisk_reads_known_image)
{
	struct io_block_dev *d = find_disk("ram", 0);

	KT_ASSERT(d != NULL);
	check_reads(d);
	check_byte_view(d);
}

KTEST(ata_reads_known_image)
{
	struct io_block_dev *d = find_disk("ata", 0);

	KT_ASSERT(d != NULL);
	check_reads(d);
	check_byte_view(d);
}

KTEST(ata_write_read_back)
{
	struct io_block_dev *d = find_disk("ata", 0);
	uint64_t n = 0;

	KT_ASSERT(d != NULL && io_block_count(d, &n) == 0);
	for (unsigned i = 0; i < 4; i++)
		pattern_fill(blk_buf2 + i * SECT, 7777 + i); /* a different LBA's pattern */
	KT_ASSERT(io_block_write(d, n - 10, 4, blk_buf2) == 0);
	KT_ASSERT(io_block_flush(d) == 0);
	memset(blk_buf, 0, 4 * SECT);
	KT_ASSERT(io_block_read(d, n - 10, 4, blk_buf) == 0);
	KT_EXPECT(memcmp(blk_buf, blk_buf2, 4 * SECT) == 0);
	/* Neighbours untouched. */
	KT_ASSERT(io_block_read(d, n - 11, 1, blk_buf) == 0);
	KT_EXPECT(pattern_check(blk_buf, n - 11) == 0);
	KT_ASSERT(io_block_read(d, n - 6, 1, blk_buf) == 0);
	KT_EXPECT(pattern_check(blk_buf, n - 6) == 0);
	/* A large multi-command write. */
	for (unsigned i = 0; i < 300; i++)
		pattern_fill(blk_buf + i * SECT, 5000 + i);
	KT_ASSERT(io_block_write(d, 2000, 300, blk_buf) == 0);
	memset(blk_buf, 0, 300 * SECT);
	KT_ASSERT(io_block_read(d, 2000, 300, blk_buf) == 0);
	for (unsigned i = 0; i < 300; i++)
		KT_EXPECT(pattern_check(blk_buf + i * SECT, 5000 + i) == 0);
	KT_EXPECT(io_block_write(d, n, 1, blk_buf) == -ENXIO);
}

KTEST(ata_lba48_beyond_28_bits)
{
	/* The large sparse disk: the harness wrote the pattern around LBA 2^28 and at the end. */
	struct io_block_dev *d = find_disk("ata", (1ull << 28) + 4096);
	uint64_t n = 0, hi = (1ull << 28) + 5;

	KT_ASSERT(d != NULL && io_block_count(d, &n) == 0);
	KT_ASSERT(io_block_read(d, hi, 3, blk_buf) == 0);
	for (unsigned i = 0; i < 3; i++)
		KT_EXPECT(pattern_check(blk_buf + i * SECT, hi + i) == 0);
	/* A read straddling the 28-bit boundary. */
	KT_ASSERT(io_block_read(d, (1ull << 28) - 2, 4, blk_buf) == 0);
	for (unsigned i = 0; i < 4; i++)
		KT_EXPECT(pattern_check(blk_buf + i * SECT, (1ull << 28) - 2 + i) == 0);
	KT_ASSERT(io_block_read(d, n - 1, 1, blk_buf) == 0);
	KT_EXPECT(pattern_check(blk_buf, n - 1) == 0);
	pattern_fill(blk_buf2, 42);
	KT_ASSERT(io_block_write(d, hi + 100, 1, blk_buf2) == 0);
	memset(blk_buf, 0, SECT);
	KT_ASSERT(io_block_read(d, hi + 100, 1, blk_buf) == 0);
	KT_EXPECT(pattern_check(blk_buf, 42) == 0);
}

/* A kernel spinlock as the lockable wrapper's lock, counting acquisitions. */
struct blk_test_lock {
	struct spinlock lock;
	uint64_t flags;
	unsigned taken;
};

static void blk_lock(void *ctx)
{
	struct blk_test_lock *l = ctx;

	l->flags = spin_lock_irqsave(&l->lock);
	l->taken++;
}

static void blk_unlock(void *ctx)
{
	struct blk_test_lock *l = ctx;

	spin_unlock_irqrestore(&l->lock, l->flags);
}

static const struct io_lock_ops blk_lock_ops = { blk_lock, blk_unlock, NULL };

KTEST(ata_stream_lockable_byteview_stack)
{
	static uint8_t scratch[SECT];
	static struct blk_test_lock tl = { SPINLOCK_INIT("ktest"), 0, 0 };
	struct io_block_dev *d = find_disk("ata", 0);
	struct io_lock lock = { &blk_lock_ops, &tl };
	struct io_byte_view view;
	struct io_lockable_byte locked;
	struct io_dev_stream st;
	const char msg[] = "stream -> lockable -> byte view -> ATA";
	char back[sizeof(msg)];
	uint64_t n = 0;
	int64_t pos;

	KT_ASSERT(d != NULL && io_block_count(d, &n) == 0);
	KT_ASSERT(io_byte_view_init(&view, d, scratch, NULL) == 0);
	io_lockable_byte_init(&locked, &view.dev, &lock);
	io_reader_writer_init(&st, &locked.dev);
	/* Read an unaligned piece of sector 9 through the whole stack. */
	KT_EXPECT(io_stream_seek(&st.stream, 9 * SECT + 16, IO_SEEK_SET) == 9 * SECT + 16);
	KT_ASSERT(io_stream_read(&st.stream, back, 8) == 8);
	for (unsigned j = 0; j < 8; j++)
		KT_EXPECT((uint8_t)back[j] == pattern_byte(9, 16 + j));
	/* Write across a sector boundary near the end, read it back through a fresh seek. */
	pos = io_stream_seek(&st.stream, -(int64_t)(30 * SECT + 10), IO_SEEK_END);
	KT_EXPECT(pos == (int64_t)(n * SECT - 30 * SECT - 10));
	KT_ASSERT(io_stream_write(&st.stream, msg, sizeof(msg)) == (int64_t)sizeof(msg));
	KT_ASSERT(io_stream_flush(&st.stream) == 0);
	KT_EXPECT(io_stream_seek(&st.stream, pos, IO_SEEK_SET) == pos);
	KT_ASSERT(io_stream_read(&st.stream, back, sizeof(back)) == (int64_t)sizeof(back));
	KT_EXPECT(memcmp(back, msg, sizeof(msg)) == 0);
	/* The sector before the write is intact (read-modify-write kept its neighbours). */
	KT_ASSERT(io_block_read(d, n - 32, 1, blk_buf) == 0);
	KT_EXPECT(pattern_check(blk_buf, n - 32) == 0);
	KT_EXPECT(tl.taken >= 5); /* every call went through the lock */
	io_byte_view_fini(&view);
}

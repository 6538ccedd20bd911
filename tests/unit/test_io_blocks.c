/*
 * Tests of io_blocks_from_bytes(): Theseus's reference vector, the edge cases (zero length,
 * aligned, one partial block, block size 1, the top of the 64-bit range, bad arguments) and an
 * exhaustive property check over small ranges: the transfers cover exactly the byte range, in
 * order, with partial transfers of one block and whole runs of whole blocks.
 */
#include "check.h"

#include <stdbool.h>

#include <keel/compiler.h>
#include <io/io.h>

static void check_xfer(const struct io_block_xfer *x, uint64_t lba, uint64_t count,
		       uint64_t start, uint64_t end)
{
	CHECK_EQ_U64(x->lba, lba);
	CHECK_EQ_U64(x->count, count);
	CHECK_EQ_U64(x->start, start);
	CHECK_EQ_U64(x->end, end);
}

TEST(theseus_vector)
{
	struct io_block_xfer x[3];

	/* bytes 1500..3950, 512-byte blocks */
	CHECK_EQ_INT(io_blocks_from_bytes(1500, 3950 - 1500, 512, x), 3);
	check_xfer(&x[0], 2, 1, 476, 512);   /* blocks 2..3, bytes 476..512 */
	check_xfer(&x[1], 3, 4, 0, 2048);    /* blocks 3..7, bytes 0..2048 */
	check_xfer(&x[2], 7, 1, 0, 366);     /* blocks 7..8, bytes 0..366 */
}

TEST(zero_length)
{
	struct io_block_xfer x[3];

	CHECK_EQ_INT(io_blocks_from_bytes(0, 0, 512, x), 0);
	CHECK_EQ_INT(io_blocks_from_bytes(1234, 0, 512, x), 0);
	CHECK_EQ_INT(io_blocks_from_bytes(UINT64_MAX, 0, 512, x), 0);
}

TEST(aligned)
{
	struct io_block_xfer x[3];

	CHECK_EQ_INT(io_blocks_from_bytes(1024, 4096, 512, x), 1);
	check_xfer(&x[0], 2, 8, 0, 4096);
	CHECK_EQ_INT(io_blocks_from_bytes(0, 512, 512, x), 1);
	check_xfer(&x[0], 0, 1, 0, 512);
}

TEST(single_partial_block)
{
	struct io_block_xfer x[3];

	CHECK_EQ_INT(io_blocks_from_bytes(10, 20, 512, x), 1);
	check_xfer(&x[0], 0, 1, 10, 30);
	/* ends exactly at the block end: still one partial head */
	CHECK_EQ_INT(io_blocks_from_bytes(600, 424, 512, x), 1);
	check_xfer(&x[0], 1, 1, 88, 512);
	/* starts at a block start, ends inside: one partial tail */
	CHECK_EQ_INT(io_blocks_from_bytes(1024, 5, 512, x), 1);
	check_xfer(&x[0], 2, 1, 0, 5);
}

TEST(head_and_tail_without_middle)
{
	struct io_block_xfer x[3];

	CHECK_EQ_INT(io_blocks_from_bytes(500, 20, 512, x), 2);
	check_xfer(&x[0], 0, 1, 500, 512);
	check_xfer(&x[1], 1, 1, 0, 8);
}

TEST(middle_and_tail)
{
	struct io_block_xfer x[3];

	CHECK_EQ_INT(io_blocks_from_bytes(0, 1030, 512, x), 2);
	check_xfer(&x[0], 0, 2, 0, 1024);
	check_xfer(&x[1], 2, 1, 0, 6);
}

TEST(block_size_one)
{
	struct io_block_xfer x[3];

	CHECK_EQ_INT(io_blocks_from_bytes(7, 13, 1, x), 1);
	check_xfer(&x[0], 7, 13, 0, 13);
}

TEST(odd_block_size)
{
	struct io_block_xfer x[3];

	CHECK_EQ_INT(io_blocks_from_bytes(1, 10, 3, x), 3);
	check_xfer(&x[0], 0, 1, 1, 3);
	check_xfer(&x[1], 1, 2, 0, 6);
	check_xfer(&x[2], 3, 1, 0, 2);
}

TEST(bad_arguments)
{
	struct io_block_xfer x[3];

	CHECK_EQ_INT(io_blocks_from_bytes(0, 10, 0, x), -EINVAL);
	CHECK_EQ_INT(io_blocks_from_bytes(UINT64_MAX, 2, 512, x), -EINVAL);
	CHECK_EQ_INT(io_blocks_from_bytes(2, UINT64_MAX - 1, 512, x), -EINVAL);
}

TEST(top_of_range)
{
	struct io_block_xfer x[3];
	uint64_t off = UINT64_MAX - 1000;

	/* the last byte of the 64-bit space: no overflow in the arithmetic */
	CHECK_EQ_INT(io_blocks_from_bytes(off, 1000, 4096, x), 1);
	CHECK_EQ_U64(x[0].lba, off / 4096);
	CHECK_EQ_U64(x[0].start, off % 4096);
	CHECK_EQ_U64(x[0].end, off % 4096 + 1000);
	CHECK_EQ_INT(io_blocks_from_bytes(0, UINT64_MAX, 1u << 31, x), 2);
	CHECK_EQ_U64(x[0].count, UINT64_MAX >> 31);
	CHECK_EQ_U64(x[1].end, (1ull << 31) - 1);
}

/* Exhaustive over small ranges: the transfers tile [off, off + len) exactly. */
TEST(property_small_ranges)
{
	static const uint32_t sizes[] = { 1, 2, 3, 4, 5, 7, 8, 16, 512, 520 };
	struct io_block_xfer x[3];

	for (size_t si = 0; si < ARRAY_SIZE(sizes); si++) {
		uint64_t bs = sizes[si];

		for (uint64_t off = 0; off < 3 * bs + 5; off++) {
			for (uint64_t len = 0; len < 4 * bs + 5; len++) {
				int n = io_blocks_from_bytes(off, len, (uint32_t)bs, x);
				uint64_t at = off;

				CHECK(n >= 0 && n <= 3);
				if (n < 0 || n > 3)
					return;
				CHECK_EQ_INT(n == 0, len == 0);
				for (int i = 0; i < n; i++) {
					bool whole = x[i].start == 0 && x[i].end == x[i].count * bs;

					CHECK(x[i].count > 0 && x[i].start < x[i].end);
					CHECK(x[i].end <= x[i].count * bs);
					CHECK(whole || x[i].count == 1);
					/* the transfer begins where the previous one ended */
					CHECK_EQ_U64(x[i].lba * bs + x[i].start, at);
					at = x[i].lba * bs + x[i].end;
					/* only the first may start mid-block, only the last end mid-block */
					CHECK(i == 0 || x[i].start == 0);
					CHECK(i == n - 1 || x[i].end == x[i].count * bs);
				}
				CHECK_EQ_U64(at, off + len);
				if (n == 3) /* three only when there is a head, a middle and a tail */
					CHECK(off % bs && (off + len) % bs);
			}
		}
	}
}

CHECK_MAIN("io_blocks")

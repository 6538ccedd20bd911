/*
 * io_blocks_from_bytes(): split a byte transfer into the at most three block transfers that
 * satisfy it (partial head, whole middle run, partial tail). Every byte-over-block wrapper uses
 * it, so the arithmetic lives and is tested in one place. Overflow-safe for any 64-bit range.
 * It is on the hot path of every byte-view transfer: two divisions at most, none for the usual
 * power-of-two block sizes.
 */
#include <io/io.h>

int io_blocks_from_bytes(uint64_t offset, uint64_t length, uint32_t block_size,
			 struct io_block_xfer out[3])
{
	uint64_t bs = block_size, lba, head, whole;
	int n = 0;

	if (bs == 0 || length > UINT64_MAX - offset)
		return -EINVAL;
	if (length == 0)
		return 0;

	if ((bs & (bs - 1)) == 0) {
		int shift = __builtin_ctzll(bs);

		lba = offset >> shift;
		head = offset & (bs - 1);
	} else {
		lba = offset / bs;
		head = offset % bs;
	}
	if (head) {
		uint64_t take = bs - head < length ? bs - head : length;

		out[n++] = (struct io_block_xfer){ lba, 1, head, head + take };
		length -= take;
		lba++;
	}
	whole = (bs & (bs - 1)) == 0 ? length >> __builtin_ctzll(bs) : length / bs;
	if (whole) {
		out[n++] = (struct io_block_xfer){ lba, whole, 0, whole * bs };
		length -= whole * bs;
		lba += whole;
	}
	if (length)
		out[n++] = (struct io_block_xfer){ lba, 1, 0, length };
	return n;
}

/*
 * io_blocks_from_bytes(): split a byte transfer into the at most three block transfers that
 * satisfy it (partial head, whole middle run, partial tail). Every byte-over-block wrapper uses
 * it, so the arithmetic lives and is tested in one place. Overflow-safe for any 64-bit range.
 */
#include <io/io.h>

int io_blocks_from_bytes(uint64_t offset, uint64_t length, uint32_t block_size,
			 struct io_block_xfer out[3])
{
	uint64_t bs = block_size;
	int n = 0;

	if (bs == 0 || length > UINT64_MAX - offset)
		return -EINVAL;
	if (length == 0)
		return 0;

	uint64_t head = offset % bs;
	if (head) {
		uint64_t take = bs - head < length ? bs - head : length;

		out[n++] = (struct io_block_xfer){ offset / bs, 1, head, head + take };
		offset += take;
		length -= take;
	}
	if (length >= bs) {
		uint64_t whole = length / bs;

		out[n++] = (struct io_block_xfer){ offset / bs, whole, 0, whole * bs };
		offset += whole * bs;
		length -= whole * bs;
	}
	if (length)
		out[n++] = (struct io_block_xfer){ offset / bs, 1, 0, length };
	return n;
}

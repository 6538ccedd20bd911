/*
 * Benchmark of the byte view (`make bench`): byte reads through io_byte_view (and through a
 * lockable wrapper on top of it) against direct block reads of the same data from the same RAM
 * block device, for 4 KiB, 64 KiB and 1 MiB transfers, block-aligned and unaligned, cycling over
 * a 128 MiB device so every read moves real memory. The three methods run in interleaved
 * batches; figures are medians, the overhead the median of per-round time ratios. Fails (exit 1) if the view's overhead for 1 MiB aligned reads exceeds 5%.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <keel/assert.h>

#include "tests/bench/bench_stats.h"
#include <io/byte_view.h>
#include <io/lockable.h>
#include <io/mem_dev.h>

#define DEV_BYTES (128u << 20)   /* well past the last-level cache: reads move memory */
#define BS 512u
#define BATCH_BYTES (1u << 20)
#define ROUNDS 301
#define LIMIT_PCT 5.0


static void nop_lock(void *ctx)
{
	(*(volatile int *)ctx)++;
}

static const struct io_lock_ops nop_lock_ops = { nop_lock, nop_lock, NULL };

enum { DIRECT, VIEW, LOCKED, NMETHODS };

struct bench {
	struct io_mem_dev mem;
	struct io_byte_view view;
	struct io_lockable_byte locked;
	uint8_t *buf;
	volatile uint8_t sink;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The next offset for a read of `size` bytes, `skew` bytes past a block boundary. */
static uint64_t next_off(uint64_t *cursor, size_t size, size_t skew)
{
	uint64_t off;

	if (*cursor + size + 2 * BS > DEV_BYTES)
		*cursor = 0;
	off = *cursor + skew;
	*cursor += (size + BS - 1) / BS * BS;
	return off;
}

/* One batch of `ops` reads by one method; returns seconds. Every read touches fresh data. */
static double batch(struct bench *b, int method, size_t size, size_t skew, uint64_t ops,
		    uint64_t *cursor)
{
	double t0 = now();

	for (uint64_t i = 0; i < ops; i++) {
		uint64_t off = next_off(cursor, size, skew);
		int64_t got;

		if (method == DIRECT) {
			/* the blocks that hold the same bytes */
			uint64_t lba = off / BS, count = (off + size + BS - 1) / BS - lba;

			got = io_block_read(&b->mem.blk, lba, count, b->buf) == 0 ? (int64_t)size : -1;
		} else {
			const struct io_byte_dev *dev = method == VIEW ? &b->view.dev : &b->locked.dev;

			got = io_byte_read(dev, off, b->buf, size);
		}
		if (got != (int64_t)size) {
			fprintf(stderr, "bench_io: read failed (%lld)\n", (long long)got);
			exit(1);
		}
		b->sink ^= b->buf[i % size];
	}
	return now() - t0;
}

/*
 * Batches of BATCH_BYTES per method, the three methods back to back in rotating order so
 * they see the same machine conditions. mbs: median throughput per method; ovh: median of the
 * per-round time ratios against the direct read, in percent (robust against drift and noise).
 */
static void measure(struct bench *b, size_t size, size_t skew, double mbs[NMETHODS],
		    double ovh[NMETHODS])
{
	static double t[NMETHODS][ROUNDS], ratio[NMETHODS][ROUNDS];
	uint64_t ops = BATCH_BYTES / size ? BATCH_BYTES / size : 1, cursor = 0;

	for (int r = 0; r < ROUNDS; r++)
		for (int k = 0; k < NMETHODS; k++) {
			int m = (r + k) % NMETHODS;

			t[m][r] = batch(b, m, size, skew, ops, &cursor);
		}
	for (int m = 0; m < NMETHODS; m++)
		for (int r = 0; r < ROUNDS; r++)
			ratio[m][r] = t[m][r] / t[DIRECT][r];
	for (int m = 0; m < NMETHODS; m++) {
		mbs[m] = (double)(ops * size) / bench_median(t[m], ROUNDS) / 1e6;
		ovh[m] = (bench_median(ratio[m], ROUNDS) - 1.0) * 100.0;
	}
}

int main(void)
{
	static const size_t sizes[] = { 4096, 65536, 1 << 20 };
	static struct bench b;
	static uint8_t scratch[BS];
	static int lock_word;
	struct io_lock lock = { &nop_lock_ops, &lock_word };
	uint8_t *mem = malloc(DEV_BYTES);
	double limit_overhead = 0;
	int status = 0;

	b.buf = aligned_alloc(4096, (1 << 20) + 4096);
	if (!mem || !b.buf)
		return 1;
	for (size_t i = 0; i < DEV_BYTES; i++)
		mem[i] = (uint8_t)(i * 2654435761u >> 13);
	if (io_mem_dev_init(&b.mem, mem, DEV_BYTES, BS, false) ||
	    io_byte_view_init(&b.view, &b.mem.blk, scratch, NULL))
		return 1;
	io_lockable_byte_init(&b.locked, &b.view.dev, &lock);
	{	/* warm up: fault in the buffers, let the clock settle */
		double warm[NMETHODS], ignored[NMETHODS];

		measure(&b, 4096, 0, warm, ignored);
	}

	printf("bench_io: byte view over a RAM block device (%u-byte blocks, %u MiB); medians of\n"
	       "%d rounds of 1 MiB per method, methods interleaved; overhead = median time ratio\n",
	       BS, DEV_BYTES >> 20, ROUNDS);
	printf("%-9s %-10s %12s %12s %12s %10s %10s\n", "size", "alignment", "direct MB/s",
	       "view MB/s", "locked MB/s", "view ovh", "lock ovh");
	for (size_t si = 0; si < sizeof(sizes) / sizeof(sizes[0]); si++) {
		for (int unaligned = 0; unaligned < 2; unaligned++) {
			double best[NMETHODS], ovh[NMETHODS];
			size_t size = sizes[si];

			measure(&b, size, unaligned ? 100 : 0, best, ovh);
			double ov = ovh[VIEW], lo = ovh[LOCKED];

			printf("%-9s %-10s %12.0f %12.0f %12.0f %9.1f%% %9.1f%%\n",
			       size == 4096 ? "4 KiB" : size == 65536 ? "64 KiB" : "1 MiB",
			       unaligned ? "+100 B" : "aligned", best[DIRECT], best[VIEW],
			       best[LOCKED], ov, lo);
			if (size == (1 << 20) && !unaligned)
				limit_overhead = ov;
		}
	}
	printf("(unaligned: the direct read fetches the covering blocks; the view adds a partial\n"
	       " head and tail block through its scratch block)\n");
	if (limit_overhead > LIMIT_PCT) {
		printf("bench_io: FAIL: 1 MiB aligned view overhead %.1f%% > %.0f%%\n", limit_overhead,
		       LIMIT_PCT);
		status = 1;
	} else {
		printf("bench_io: ok: 1 MiB aligned view overhead %.1f%% (limit %.0f%%)\n",
		       limit_overhead, LIMIT_PCT);
	}
	io_byte_view_fini(&b.view);
	free(mem);
	free(b.buf);
	return status;
}

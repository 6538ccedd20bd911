/*
 * Benchmark of the FAT reader (`make bench`): sequential reads of a large file through the
 * full stack the kernel uses (io_stream of a fat_file -> FAT volume -> byte view -> RAM block
 * device), against copying the same bytes straight out of the image in memory (the file's
 * cluster runs, found once from the FAT). The image (tests/fat/mkbenchimg.py) is FAT32 with
 * 512-byte clusters, the worst case for chain walking: /big.bin is 64 MiB contiguous,
 * /frag.bin 8 MiB in ~128 fragments. Reads are 1 MiB; each round reads the whole file by both
 * methods in turn; figures are medians over the rounds. Fails (exit 1) if the stack reaches
 * less than 50% of the direct rate for the contiguous file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <keel/assert.h>

#include "tests/bench/bench_stats.h"
#include <io/byte_view.h>
#include <io/fat/fat_internal.h>
#include <io/mem_dev.h>

#define CHUNK (1u << 20)
#define ROUNDS 15
#define TARGET 0.50


static void *b_alloc(void *ctx, size_t n)
{
	(void)ctx;
	return malloc(n);
}

static void b_free(void *ctx, void *p, size_t n)
{
	(void)ctx;
	(void)n;
	free(p);
}

static const struct io_alloc allocator = { b_alloc, b_free, NULL };

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

struct run { uint64_t off, len; };

/* The file's byte runs in the image (maximal runs of consecutive clusters). */
static size_t file_runs(struct fat_volume *v, const struct fat_file *f, struct run *runs,
			size_t max)
{
	uint32_t c = f->first_cluster, next;
	uint64_t left = f->size;
	size_t n = 0;

	while (left && n < max) {
		uint64_t start = v->base + fat_cluster_offset(v, c), len = 0;

		for (;;) {
			uint64_t take = left < v->cluster_size ? left : v->cluster_size;

			len += take;
			left -= take;
			if (!left || fat_next_cluster(v, c, &next) || next != c + 1)
				break;
			c = next;
		}
		runs[n++] = (struct run){ start, len };
		if (left && (fat_next_cluster(v, c, &next) || next == FAT_CHAIN_END))
			abort();
		c = next;
	}
	return n;
}

static double bench_file(struct fat_volume *v, const uint8_t *img, const char *path,
			 uint8_t *buf, uint8_t *ref)
{
	static struct run runs[1 << 16];
	double t_stack[ROUNDS], t_direct[ROUNDS], mb, r_stack, r_direct;
	struct fat_file f;
	size_t nruns;
	volatile uint8_t sink = 0;

	if (fat_open(v, NULL, path, &f) != 0) {
		fprintf(stderr, "bench_fat: open %s: %s\n", path, fat_error(v));
		exit(1);
	}
	nruns = file_runs(v, &f, runs, 1 << 16);
	mb = (double)f.size / (1 << 20);
	for (int r = 0; r < ROUNDS; r++) {
		double t0 = now();
		uint64_t done = 0;
		int64_t n;

		io_stream_seek(&f.stream, 0, IO_SEEK_SET);
		while ((n = io_stream_read(&f.stream, buf, CHUNK)) > 0) {
			sink ^= buf[n - 1];
			if (r == 0)
				memcpy(ref + done, buf, (size_t)n);
			done += (uint64_t)n;
		}
		if (n < 0 || done != f.size) {
			fprintf(stderr, "bench_fat: read %s: %s\n", path, fat_error(v));
			exit(1);
		}
		t_stack[r] = now() - t0;

		t0 = now();
		done = 0;
		for (size_t i = 0; i < nruns; i++) {
			uint64_t off = runs[i].off, left = runs[i].len;

			while (left) {
				uint64_t room = CHUNK - done % CHUNK, take = left < room ? left : room;

				memcpy(buf + done % CHUNK, img + off, take);
				off += take;
				left -= take;
				done += take;
				if (done % CHUNK == 0 || done == f.size)
					sink ^= buf[(done - 1) % CHUNK];
			}
		}
		t_direct[r] = now() - t0;
	}
	/* both methods saw the same bytes: the first round's stack copy vs the image */
	for (size_t i = 0, at = 0; i < nruns; at += runs[i].len, i++) {
		if (memcmp(ref + at, img + runs[i].off, runs[i].len) != 0) {
			fprintf(stderr, "bench_fat: %s: data mismatch in run %zu\n", path, i);
			exit(1);
		}
	}
	(void)sink;
	r_stack = mb / bench_median(t_stack, ROUNDS);
	r_direct = mb / bench_median(t_direct, ROUNDS);
	printf("%-10s %6.1f MiB %5zu fragments: fat stack %8.0f MB/s, direct %8.0f MB/s, "
	       "ratio %.0f%%\n", path, mb, nruns, r_stack * 1.048576, r_direct * 1.048576,
	       100.0 * r_stack / r_direct);
	fat_close(&f);
	return r_stack / r_direct;
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "build/bench/fat_bench.img";
	struct io_mem_dev mem;
	struct io_byte_view view;
	struct fat_volume *v;
	const char *why;
	uint8_t *img, *buf, *ref;
	double ratio;
	long size;
	FILE *f = fopen(path, "rb");

	if (!f) {
		fprintf(stderr, "bench_fat: cannot open %s\n", path);
		return 1;
	}
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, 0, SEEK_SET);
	img = malloc((size_t)size);
	buf = malloc(CHUNK);
	ref = malloc(80u << 20);
	if (!img || !buf || !ref || fread(img, 1, (size_t)size, f) != (size_t)size)
		return 1;
	fclose(f);
	if (io_mem_dev_init(&mem, img, (size_t)size, 512, true) ||
	    io_byte_view_init(&view, &mem.blk, NULL, &allocator) ||
	    fat_mount(&v, &view.dev, NULL, &allocator, &why)) {
		fprintf(stderr, "bench_fat: mount failed: %s\n", why);
		return 1;
	}
	ratio = bench_file(v, img, "/big.bin", buf, ref);
	bench_file(v, img, "/frag.bin", buf, ref);
	fat_unmount(v);
	io_byte_view_fini(&view);
	free(img);
	free(buf);
	free(ref);
	if (ratio < TARGET) {
		printf("bench_fat: FAIL: contiguous read at %.0f%% of the direct rate (target %.0f%%)\n",
		       100.0 * ratio, 100.0 * TARGET);
		return 1;
	}
	printf("bench_fat: ok (target: at least %.0f%% of the direct rate)\n", 100.0 * TARGET);
	return 0;
}

/*
 * Benchmark of a file read through the VFS (`make bench`): what `cat` does with a 64 MiB file
 * (vfs_open -> the VFS's io_lockable_stream, here over a pthread mutex as the kernel's over a
 * volume mutex -> the FAT adapter's stream -> FAT volume -> byte view -> RAM block device, in
 * cat's 8 KiB pieces), against reading the same file with the FAT reader directly (fat_read on
 * the same volume, same pieces). The image is bench_fat's (tests/fat/mkbenchimg.py: FAT32,
 * 512-byte clusters, /big.bin 64 MiB contiguous). Rounds alternate the two methods; figures are
 * medians. Fails (exit 1) below 80% of the direct rate.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <keel/assert.h>

#include "tests/bench/bench_stats.h"
#include <io/byte_view.h>
#include <io/fat/fat.h>
#include <io/mem_dev.h>
#include "kernel/fs/vfs.h"
#include "kernel/fs/vfs_fat.h"

#define PIECE 8192  /* cat's READ_CHUNK */
#define ROUNDS 15
#define TARGET 0.80

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

static void m_lock(void *ctx)
{
	pthread_mutex_lock(ctx);
}

static void m_unlock(void *ctx)
{
	pthread_mutex_unlock(ctx);
}

static bool m_trylock(void *ctx)
{
	return pthread_mutex_trylock(ctx) == 0;
}

static const struct io_lock_ops mutex_ops = { m_lock, m_unlock, m_trylock };

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint32_t sum_bytes(const uint8_t *p, size_t n, uint32_t h)
{
	for (size_t i = 0; i < n; i += 64)
		h = h * 31 + p[i];
	return h;
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "build/bench/fat_bench.img";
	static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
	struct io_lock lock = { &mutex_ops, &mu };
	double t_vfs[ROUNDS], t_fat[ROUNDS], mb = 0, r_vfs, r_fat;
	struct io_mem_dev mem;
	struct io_byte_view view;
	struct fat_volume *v;
	struct vfs *vfs;
	const char *why;
	uint8_t *img, *buf = malloc(PIECE);
	long size;
	FILE *f = fopen(path, "rb");

	if (!f || !buf) {
		fprintf(stderr, "bench_vfs: cannot open %s\n", path);
		return 1;
	}
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, 0, SEEK_SET);
	img = malloc((size_t)size);
	if (!img || fread(img, 1, (size_t)size, f) != (size_t)size)
		return 1;
	fclose(f);
	if (io_mem_dev_init(&mem, img, (size_t)size, 512, true) || io_byte_view_init(&view, &mem.blk, NULL, &allocator) ||
	    fat_mount(&v, &view.dev, NULL, &allocator, &why)) {
		fprintf(stderr, "bench_vfs: mount failed\n");
		return 1;
	}
	vfs = vfs_new(&allocator);
	if (!vfs || vfs_fat_mount(vfs, "ram0", v, &lock, &allocator)) {
		fprintf(stderr, "bench_vfs: vfs mount failed\n");
		return 1;
	}
	for (int r = 0; r < ROUNDS; r++) {
		uint32_t h1 = 0, h2 = 0;
		uint64_t n1 = 0, n2 = 0;
		struct vfs_file *vf;
		struct fat_file ff;
		int64_t got;
		double t0 = now();

		/* cat: open by path through the VFS, read the stream in pieces to the end, close */
		if (vfs_open(vfs, "/ram0", "big.bin", &vf, NULL, NULL) != 0)
			return 1;
		while ((got = io_stream_read(vfs_file_stream(vf), buf, PIECE)) > 0) {
			h1 = sum_bytes(buf, (size_t)got, h1);
			n1 += (uint64_t)got;
		}
		vfs_close(vf);
		t_vfs[r] = now() - t0;

		t0 = now();
		if (fat_open(v, NULL, "/big.bin", &ff) != 0)
			return 1;
		while ((got = fat_read(&ff, buf, PIECE)) > 0) {
			h2 = sum_bytes(buf, (size_t)got, h2);
			n2 += (uint64_t)got;
		}
		fat_close(&ff);
		t_fat[r] = now() - t0;
		if (n1 != n2 || h1 != h2 || n1 != 64u << 20) {
			fprintf(stderr, "bench_vfs: the two reads differ (%llu / %llu bytes)\n", (unsigned long long)n1,
				(unsigned long long)n2);
			return 1;
		}
		mb = (double)n1 / (1 << 20);
	}
	r_vfs = mb / bench_median(t_vfs, ROUNDS);
	r_fat = mb / bench_median(t_fat, ROUNDS);
	printf("/big.bin %.0f MiB in %d-byte pieces: VFS stream %8.0f MB/s, direct FAT read %8.0f MB/s, ratio %.0f%%\n",
	       mb, PIECE, r_vfs * 1.048576, r_fat * 1.048576, 100.0 * r_vfs / r_fat);
	vfs_free(vfs);
	fat_unmount(v);
	io_byte_view_fini(&view);
	free(img);
	free(buf);
	if (r_vfs / r_fat < TARGET) {
		printf("bench_vfs: FAIL: %.0f%% of the direct rate (target %.0f%%)\n", 100.0 * r_vfs / r_fat,
		       100.0 * TARGET);
		return 1;
	}
	printf("bench_vfs: ok (target: at least %.0f%% of the direct FAT read)\n", 100.0 * TARGET);
	return 0;
}

/*
 * libFuzzer target for the FAT reader. Two input forms:
 *  - a raw image: the input is the start of a disk, zero-extended to 40 MiB (so a trimmed
 *    FAT32 image from mkfs.fat is a valid seed); the seed corpus in build/fuzz/corpus/fuzz_fat
 *    holds such images;
 *  - "FP" + base + patches: one of the images in that corpus directory (loaded once at start)
 *    with each 4-byte record XOR-ing a byte of its metadata area (boot sector, FATs, root and
 *    first data clusters), so mutations hit fields the reader parses even without the corpus.
 * Each input is probed, mounted (a tiny FAT cache, so pages are evicted) and walked: every
 * directory listed (depth and entry count bounded for speed), every entry looked up again by
 * path, every file opened and read in chunks and with preads. Sanitizer reports, assertions,
 * hangs, leaks or an out-of-contract result (a read longer than asked, an unterminated name)
 * are findings; errors are the expected outcome for garbage.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <keel/assert.h>
#include <io/byte_view.h>
#include <io/fat/fat.h>

#define DISK_BYTES (40ull << 20)
#define MAX_BASES 8


struct disk {
	const uint8_t *data;
	size_t size;
};

static int disk_read(void *ctx, uint64_t lba, uint64_t count, void *buf)
{
	struct disk *d = ctx;
	uint64_t off = lba * 512, len = count * 512;

	if (off > DISK_BYTES || len > DISK_BYTES - off)
		return -ENXIO;
	memset(buf, 0, len);
	if (off < d->size)
		memcpy(buf, d->data + off, len < d->size - off ? len : d->size - off);
	return 0;
}

static uint32_t disk_bs(void *ctx)
{
	(void)ctx;
	return 512;
}

static int disk_count(void *ctx, uint64_t *count)
{
	(void)ctx;
	*count = DISK_BYTES / 512;
	return 0;
}

static const struct io_block_ops disk_ops = { .read_blocks = disk_read, .block_size = disk_bs,
					      .block_count = disk_count };

static int64_t live;

static void *fz_alloc(void *ctx, size_t n)
{
	(void)ctx;
	live++;
	return malloc(n);
}

static void fz_free(void *ctx, void *p, size_t n)
{
	(void)ctx;
	(void)n;
	if (p)
		live--;
	free(p);
}

static const struct io_alloc fz_allocator = { fz_alloc, fz_free, NULL };

static struct { uint8_t *data; size_t size; } bases[MAX_BASES];
static int nbases;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = getenv("FUZZ_FAT_CORPUS");
	struct dirent *de;
	DIR *d;

	(void)argc;
	(void)argv;
	if (!dir)
		dir = KEEL_ROOT "/build/fuzz/corpus/fuzz_fat"; /* the repository's, wherever we run */
	d = opendir(dir);
	if (!d)
		fprintf(stderr, "fuzz_fat: no seed images in %s (make build/fuzz/corpus/fuzz_fat); fuzzing without\n", dir);
	while (d && nbases < MAX_BASES && (de = readdir(d))) {
		char path[1024];
		FILE *f;
		long n;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir,
			 de->d_name);
		f = fopen(path, "rb");
		if (!f)
			continue;
		fseek(f, 0, SEEK_END);
		n = ftell(f);
		fseek(f, 0, SEEK_SET);
		bases[nbases].data = malloc((size_t)n + 1);
		if (n > 0 && fread(bases[nbases].data, 1, (size_t)n, f) == (size_t)n)
			bases[nbases++].size = (size_t)n;
		else
			free(bases[nbases].data);
		fclose(f);
	}
	if (d)
		closedir(d);
	return 0;
}

static unsigned budget;

static void read_file(struct fat_volume *v, const struct fat_dirent *e)
{
	static uint8_t buf[8192];
	struct fat_file f;
	int64_t n;

	if (fat_open_entry(v, e, &f) != 0)
		return;
	for (int i = 0; i < 8; i++) {
		n = fat_read(&f, buf, 1000 + 997 * (size_t)i);
		if (n < 0 || n == 0)
			break;
		if (n > 1000 + 997 * i)
			abort();
	}
	n = fat_pread(&f, f.size / 2, buf, sizeof(buf));
	if (n > (int64_t)sizeof(buf))
		abort();
	(void)io_stream_seek(&f.stream, -5, IO_SEEK_END);
	(void)io_stream_read(&f.stream, buf, 100);
	fat_close(&f);
}

static void walk(struct fat_volume *v, struct fat_dir *d, char *path, size_t plen, int depth)
{
	struct fat_dirent e, again;
	int r;

	while (budget > 0 && (r = fat_dir_read(d, &e)) != 0) {
		budget--;
		if (r < 0) {
			if (!d->bad_entry)
				return;
			if (strlen(fat_error(v)) == 0)
				abort();
			continue;
		}
		if (strnlen(e.name, sizeof(e.name)) >= sizeof(e.name) ||
		    strnlen(e.short_name, sizeof(e.short_name)) >= sizeof(e.short_name))
			abort();
		if (e.name[0] == '.' && (!e.name[1] || (e.name[1] == '.' && !e.name[2])))
			continue;
		if (plen + strlen(e.name) + 2 < 4096) {
			path[plen] = '/';
			strcpy(path + plen + 1, e.name);
			(void)fat_stat(v, NULL, path, &again);
		}
		if (fat_dirent_is_dir(&e)) {
			struct fat_dir child;

			if (depth < 6 && fat_dir_from_entry(v, &e, &child) == 0)
				walk(v, &child, path, plen + 1 + strlen(e.name), depth + 1);
		} else {
			read_file(v, &e);
		}
		path[plen] = '\0';
	}
}

static void run(const uint8_t *img, size_t size)
{
	struct disk disk = { img, size };
	struct io_block_dev blk = { &disk_ops, &disk };
	struct fat_mount_opts opts = { 0, 0, 2 };
	struct fat_region regions[FAT_PROBE_MAX];
	struct io_byte_view view;
	struct fat_volume *v;
	struct fat_dir root;
	const char *why;
	static char path[4096];
	static struct fat_dirent probe_entry;
	int n;

	if (io_byte_view_init(&view, &blk, NULL, &fz_allocator) != 0)
		abort();
	n = fat_probe(&view.dev, regions, &why);
	for (int i = 0; i < (n > 0 ? n : 1); i++) {
		opts.offset = n > 0 ? regions[i].offset : 0;
		opts.length = n > 0 ? regions[i].length : 0;
		if (fat_mount(&v, &view.dev, &opts, &fz_allocator, &why) != 0) {
			if (!why || !*why)
				abort();
			continue;
		}
		budget = 3000;
		path[0] = '\0';
		if (fat_dir_root(v, &root) == 0)
			walk(v, &root, path, 0, 0);
		(void)fat_stat(v, NULL, "/a/b/../C.TXT", &probe_entry);
		fat_unmount(v);
	}
	io_byte_view_fini(&view);
	if (live != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size >= 3 && data[0] == 'F' && data[1] == 'P' && nbases > 0) {
		size_t b = data[2] % (unsigned)nbases, meta = bases[b].size;
		uint8_t *img = malloc(bases[b].size);

		memcpy(img, bases[b].data, bases[b].size);
		if (meta > (1u << 20))
			meta = 1u << 20;
		for (size_t i = 3; i + 4 <= size; i += 4) {
			size_t off = ((size_t)data[i] << 16 | (size_t)data[i + 1] << 8 | data[i + 2]) % meta;

			img[off] ^= data[i + 3];
		}
		run(img, bases[b].size);
		free(img);
		return 0;
	}
	run(data, size);
	return 0;
}

/*
 * fatdump: the FAT reader on the host, over a disk or volume image file, through the same
 * stack the kernel uses (RAM block device -> byte view -> FAT). Shows what the shell's
 * commands will be: each is a few calls of io/fat/fat.h.
 *   fatdump IMAGE probe            volumes found (bare volume or MBR partitions)
 *   fatdump IMAGE ls [-l] [PATH]   one directory (-l: attributes, size, modification time)
 *   fatdump IMAGE tree [PATH]      recursive listing
 *   fatdump IMAGE cat PATH         file contents to stdout
 *   fatdump IMAGE stat PATH        one entry in detail
 * FATDUMP_PART=n picks the n-th probed volume (default 0).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <keel/assert.h>
#include <io/byte_view.h>
#include <io/fat/fat.h>
#include <io/mem_dev.h>


static void *h_alloc(void *ctx, size_t n)
{
	(void)ctx;
	return malloc(n);
}

static void h_free(void *ctx, void *p, size_t n)
{
	(void)ctx;
	(void)n;
	free(p);
}

static const struct io_alloc allocator = { h_alloc, h_free, NULL };

static int fail(struct fat_volume *v, const char *what, int err)
{
	fprintf(stderr, "fatdump: %s: %s (%s)\n", what, fat_error(v), keel_strerror(err));
	return 1;
}

static void print_entry(const struct fat_dirent *e, int longfmt, int indent)
{
	if (longfmt)
		printf("%c%c%c%c%c %10u %04u-%02u-%02u %02u:%02u  ",
		       fat_dirent_is_dir(e) ? 'd' : '-', e->attr & FAT_ATTR_READ_ONLY ? 'r' : '-',
		       e->attr & FAT_ATTR_HIDDEN ? 'h' : '-', e->attr & FAT_ATTR_SYSTEM ? 's' : '-',
		       e->attr & FAT_ATTR_ARCHIVE ? 'a' : '-', e->size, e->modified.year,
		       e->modified.month, e->modified.day, e->modified.hour, e->modified.minute);
	printf("%*s%s%s\n", indent, "", e->name, fat_dirent_is_dir(e) ? "/" : "");
}

#define TREE_DEPTH_MAX 64

/* Depth-first listing. `ancestors` holds the first clusters of the directories above, so a
 * corrupt image whose directory points back at an ancestor (a loop) is reported, not recursed
 * into for ever; depth is bounded too, as in the kernel's tree. */
static int list(struct fat_volume *v, struct fat_dir *d, int longfmt, int tree, int depth, uint32_t *ancestors)
{
	struct fat_dirent e;
	int r;

	while ((r = fat_dir_read(d, &e)) != 0) {
		if (r < 0) {
			fprintf(stderr, "fatdump: %s\n", fat_error(v));
			if (!d->bad_entry)
				return 1;
			continue;
		}
		if (!strcmp(e.name, ".") || !strcmp(e.name, ".."))
			continue;
		print_entry(&e, longfmt, tree ? 2 * depth : 0);
		if (tree && fat_dirent_is_dir(&e)) {
			struct fat_dir child;
			int loop = e.first_cluster == 0; /* a subdirectory naming the root */

			for (int i = 0; i < depth && !loop; i++)
				loop = ancestors[i] == e.first_cluster;
			if (loop || depth + 1 >= TREE_DEPTH_MAX) {
				fprintf(stderr, "fatdump: %s: %s; not entered\n", e.name,
					loop ? "directory loop (an ancestor's cluster)" : "too deep");
				continue;
			}
			ancestors[depth] = e.first_cluster;
			if (fat_dir_from_entry(v, &e, &child) == 0)
				list(v, &child, longfmt, tree, depth + 1, ancestors);
		}
	}
	return 0;
}

static int run(struct fat_volume *v, int argc, char **argv)
{
	const char *cmd = argv[2], *path = argc > 3 ? argv[argc - 1] : "/";
	int longfmt = argc > 3 && !strcmp(argv[3], "-l");
	struct fat_dirent e;
	struct fat_file f;
	struct fat_dir d;
	char buf[65536];
	int64_t n;
	int err;

	if (longfmt && argc == 4)
		path = "/";
	if (!strcmp(cmd, "ls") || !strcmp(cmd, "tree")) {
		if ((err = fat_dir_open(v, NULL, path, &d)))
			return fail(v, path, err);
		uint32_t ancestors[TREE_DEPTH_MAX];

		return list(v, &d, longfmt || !strcmp(cmd, "tree"), !strcmp(cmd, "tree"), 0, ancestors);
	}
	if (!strcmp(cmd, "cat")) {
		if ((err = fat_open(v, NULL, path, &f)))
			return fail(v, path, err);
		while ((n = io_stream_read(&f.stream, buf, sizeof(buf))) > 0)
			fwrite(buf, 1, (size_t)n, stdout);
		return n < 0 ? fail(v, path, (int)n) : 0;
	}
	if (!strcmp(cmd, "stat")) {
		if ((err = fat_stat(v, NULL, path, &e)))
			return fail(v, path, err);
		printf("name: %s\n8.3: %s\nattr: 0x%02x\nsize: %u\ncluster: %u\n", e.name,
		       e.short_name, e.attr, e.size, e.first_cluster);
		printf("modified: %04u-%02u-%02u %02u:%02u:%02u\ncreated: %04u-%02u-%02u "
		       "%02u:%02u:%02u.%02u\naccessed: %04u-%02u-%02u\n", e.modified.year,
		       e.modified.month, e.modified.day, e.modified.hour, e.modified.minute,
		       e.modified.second, e.created.year, e.created.month, e.created.day,
		       e.created.hour, e.created.minute, e.created.second, e.created.centis,
		       e.accessed.year, e.accessed.month, e.accessed.day);
		return 0;
	}
	fprintf(stderr, "fatdump: unknown command %s\n", cmd);
	return 2;
}

int main(int argc, char **argv)
{
	struct io_mem_dev mem;
	struct io_byte_view view;
	struct fat_region regions[FAT_PROBE_MAX];
	struct fat_mount_opts opts = { 0, 0, 0 };
	struct fat_volume_info info;
	struct fat_volume *v;
	const char *why, *part = getenv("FATDUMP_PART");
	uint8_t *img;
	long size;
	int n, pick = part ? atoi(part) : 0, rc;
	FILE *f;

	if (argc < 3) {
		fprintf(stderr, "usage: fatdump IMAGE probe|ls [-l]|tree|cat|stat [PATH]\n");
		return 2;
	}
	f = fopen(argv[1], "rb");
	if (!f || fseek(f, 0, SEEK_END) || (size = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET)) {
		fprintf(stderr, "fatdump: cannot read %s\n", argv[1]);
		return 1;
	}
	img = malloc((size_t)size);
	if (!img || fread(img, 1, (size_t)size, f) != (size_t)size)
		return 1;
	fclose(f);
	if (io_mem_dev_init(&mem, img, (size_t)size, 512, true) ||
	    io_byte_view_init(&view, &mem.blk, NULL, &allocator))
		return 1;
	n = fat_probe(&view.dev, regions, &why);
	if (n < 0) {
		fprintf(stderr, "fatdump: %s\n", why);
		n = 0;
	}
	if (!strcmp(argv[2], "probe")) {
		for (int i = 0; i < n; i++) {
			opts.offset = regions[i].offset;
			opts.length = regions[i].length;
			printf("%d: offset %llu, %llu bytes, slot %u type 0x%02x: ", i,
			       (unsigned long long)regions[i].offset,
			       (unsigned long long)regions[i].length, regions[i].index, regions[i].type);
			if (fat_mount(&v, &view.dev, &opts, &allocator, &why)) {
				printf("%s\n", why);
				continue;
			}
			fat_volume_info(v, &info);
			printf("FAT%d \"%s\" serial %04X-%04X, %u clusters of %u bytes\n", info.fat_bits,
			       info.label, info.serial >> 16, info.serial & 0xFFFF, info.cluster_count,
			       info.cluster_size);
			fat_unmount(v);
		}
		rc = 0;
		goto free_view;
	}
	rc = 1;
	if (pick < 0 || pick >= n) {
		fprintf(stderr, "fatdump: no volume %d\n", pick);
		goto free_view;
	}
	opts.offset = regions[pick].offset;
	opts.length = regions[pick].length;
	if (fat_mount(&v, &view.dev, &opts, &allocator, &why)) {
		fprintf(stderr, "fatdump: mount: %s\n", why);
		goto free_view;
	}
	rc = run(v, argc, argv);
	fat_unmount(v);
free_view:
	io_byte_view_fini(&view);
	free(img);
	return rc;
}

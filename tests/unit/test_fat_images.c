/*
 * The FAT reader against images made by the real tools (tests/fat/mkimages.py: mkfs.fat,
 * mmd, mcopy, mdel): for every volume in the index, the recursive listing (names, kinds,
 * sizes, modification minute, 8.3 names) equals the one parsed from `mdir -/ -a`, the label
 * equals mdir's, and every file's bytes equal what `mcopy -s` extracted, read in random chunk
 * sizes, through the stream, with random preads and seeks, found by case-changed and relative
 * paths. Also: the images really are fragmented, contiguous runs are one device call, the MBR
 * image probes to its two partitions, and no memory leaks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <keel/compiler.h>
#include <io/fat/fat_internal.h>

#include "check.h"
#include "fat_testutil.h"

struct lines {
	char **v;
	size_t n, cap;
};

static void lines_add(struct lines *l, const char *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 256;
		l->v = realloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = strdup(s);
}

static void lines_free(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Recursive listing of dir (path prefix `path`) in manifest format. */
static void walk(struct fat_volume *v, struct fat_dir *dir, const char *path, struct lines *out)
{
	struct fat_dirent e;
	char line[2048];
	int r;

	while ((r = fat_dir_read(dir, &e)) > 0) {
		char sub[1024];

		if (strcmp(e.name, ".") == 0 || strcmp(e.name, "..") == 0)
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, e.name);
		if (fat_dirent_is_dir(&e)) {
			struct fat_dir child;

			snprintf(line, sizeof(line), "D\t%s", sub);
			lines_add(out, line);
			CHECK_EQ_INT(fat_dir_from_entry(v, &e, &child), 0);
			walk(v, &child, sub, out);
		} else {
			snprintf(line, sizeof(line), "F\t%s\t%u\t%04u-%02u-%02u %02u:%02u\t%s", sub,
				 e.size, e.modified.year, e.modified.month, e.modified.day,
				 e.modified.hour, e.modified.minute,
				 e.has_long_name ? e.short_name : e.name);
			lines_add(out, line);
		}
	}
	CHECK_EQ_INT(r, 0);
	if (r < 0)
		fprintf(stderr, "  listing %s: %s\n", path, fat_error(v));
}

static void read_manifest(const char *name, struct lines *out, char *label, size_t cap)
{
	char path[8192], *line = NULL;
	size_t lcap = 0;
	ssize_t n;
	FILE *f;

	label[0] = '\0';
	snprintf(path, sizeof(path), "%s/%s.manifest", ft_dir(), name);
	f = fopen(path, "r");
	CHECK(f != NULL);
	if (!f)
		return;
	while ((n = getline(&line, &lcap, f)) > 0) {
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		if (strncmp(line, "label\t", 6) == 0)
			snprintf(label, cap, "%s", line + 6);
		else if (n > 0)
			lines_add(out, line);
	}
	free(line);
	fclose(f);
}

/* Chain of a file: number of fragments (maximal runs of consecutive clusters). */
static uint32_t fragments(struct fat_volume *v, uint32_t first)
{
	uint32_t c = first, next, runs = 1;

	if (first == 0)
		return 0;
	for (;;) {
		CHECK_EQ_INT(fat_next_cluster(v, c, &next), 0);
		if (next == FAT_CHAIN_END)
			return runs;
		if (next != c + 1)
			runs++;
		c = next;
	}
}

static uint64_t rng_state = 0x1234567;

static uint64_t rnd(uint64_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return n ? rng_state % n : 0;
}

/* Every way of reading the file at path must give exactly want[0..len). */
static void check_file(struct ft_stack *s, const char *path, const uint8_t *want, size_t len,
		       uint32_t *fragmented)
{
	struct fat_file f;
	struct fat_dirent e;
	uint8_t *got = malloc(len + 70000);
	char upper[1024], *slash;
	size_t done = 0;
	int64_t n;

	CHECK_EQ_INT(fat_open(s->vol, NULL, path, &f), 0);
	CHECK_EQ_U64(f.size, len);
	if (f.size != len)
		goto out;
	while ((n = fat_read(&f, got + done, 1 + rnd(70000))) > 0)
		done += (size_t)n;
	CHECK_EQ_INT(n, 0);
	CHECK_EQ_U64(done, len);
	CHECK(memcmp(got, want, len) == 0);
	/* the stream, from the start, in one go */
	CHECK_EQ_INT(io_stream_seek(&f.stream, 0, IO_SEEK_SET), 0);
	memset(got, 0, len);
	CHECK_EQ_INT(io_stream_read_full(&f.stream, got, len + 10), (int64_t)len);
	CHECK(memcmp(got, want, len) == 0);
	CHECK_EQ_INT(io_stream_seek(&f.stream, 0, IO_SEEK_END), (int64_t)len);
	CHECK_EQ_INT(io_stream_read(&f.stream, got, 1), 0);
	CHECK_EQ_INT(io_stream_write(&f.stream, got, 1), -EBADF);
	/* random preads through the byte device, backwards and forwards */
	for (int i = 0; i < 8 && len; i++) {
		uint64_t off = rnd(len), cnt = 1 + rnd(len - off + 100);

		n = io_byte_read(&f.dev, off, got, (size_t)cnt);
		CHECK_EQ_INT(n, (int64_t)(cnt < len - off ? cnt : len - off));
		if (n > 0)
			CHECK(memcmp(got, want + off, (size_t)n) == 0);
	}
	if (fragments(s->vol, f.first_cluster) > 1)
		(*fragmented)++;
	fat_close(&f);
	/* case-insensitive (ASCII capitals) and relative lookups find the same file */
	snprintf(upper, sizeof(upper), "%s", path);
	for (char *p = upper; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 32);
	CHECK_EQ_INT(fat_stat(s->vol, NULL, upper, &e), 0);
	CHECK_EQ_U64(e.size, len);
	slash = strrchr(upper, '/');
	if (slash && slash != upper) {
		struct fat_dir d;

		*slash = '\0';
		CHECK_EQ_INT(fat_dir_open(s->vol, NULL, upper, &d), 0);
		CHECK_EQ_INT(fat_stat(s->vol, &d, slash + 1, &e), 0);
		CHECK_EQ_U64(e.size, len);
		CHECK_EQ_INT(fat_stat(s->vol, &d, "../.", &e), 0);
		CHECK(fat_dirent_is_dir(&e));
	}
out:
	free(got);
}

static void check_volume(const struct ft_image *im)
{
	struct lines want = { 0 }, got = { 0 };
	struct fat_volume_info info;
	struct ft_stack s;
	struct fat_dir root;
	char label[64];
	uint32_t fragmented = 0, files = 0;

	CHECK_EQ_INT(ft_load(&s, im->file, im->block_size), 0);
	CHECK_EQ_INT(ft_mount(&s, im->offset), 0);
	if (!s.vol) {
		fprintf(stderr, "  mount %s: %s\n", im->name, s.why);
		ft_free(&s);
		return;
	}
	read_manifest(im->name, &want, label, sizeof(label));
	fat_volume_info(s.vol, &info);
	CHECK_EQ_STR(info.label, label);
	CHECK_EQ_INT(fat_dir_root(s.vol, &root), 0);
	walk(s.vol, &root, "", &got);
	qsort(want.v, want.n, sizeof(char *), cmp_str);
	qsort(got.v, got.n, sizeof(char *), cmp_str);
	CHECK_EQ_U64(got.n, want.n);
	for (size_t i = 0; i < want.n && i < got.n; i++) {
		if (strcmp(want.v[i], got.v[i]) != 0) {
			check_fail(__FILE__, __LINE__, "%s: mdir \"%s\" vs fat \"%s\"", im->name,
				   want.v[i], got.v[i]);
			break;
		}
	}
	for (size_t i = 0; i < want.n; i++) {
		char host[8192], path[1024];
		uint8_t *data;
		size_t len;

		if (want.v[i][0] != 'F')
			continue;
		sscanf(want.v[i] + 2, "%1023[^\t]", path);
		snprintf(host, sizeof(host), "%s/%s.files%s", ft_dir(), im->name, path);
		data = ft_read_file(host, &len);
		if (!data) {
			check_fail(__FILE__, __LINE__, "mcopy did not extract %s", host);
			continue;
		}
		check_file(&s, path, data, len, &fragmented);
		free(data);
		files++;
	}
	fprintf(stderr, "  %s: FAT%d, %zu entries, %u files, %u fragmented\n", im->name,
		info.fat_bits, want.n, files, fragmented);
	/* the images built to be fragmented are (the MBR partitions and the demo are not) */
	if (strncmp(im->name, "fat", 3) == 0)
		CHECK(fragmented >= 1);
	lines_free(&want);
	lines_free(&got);
	CHECK_EQ_INT(ft_free(&s), 0);
}

TEST(every_volume_matches_mtools)
{
	struct ft_image ims[32];
	int n = ft_index(ims, 32);

	CHECK(n >= 6);
	for (int i = 0; i < n; i++)
		check_volume(&ims[i]);
}

TEST(fat_types_and_geometry)
{
	static const struct { const char *name; int bits; uint32_t cs; } want[] = {
		{ "fat12", 12, 512 }, { "fat16", 16, 2048 }, { "fat32", 32, 512 },
		{ "fat16_4k", 16, 4096 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		struct ft_image im;
		struct fat_volume_info info;
		struct ft_stack s;

		CHECK_EQ_INT(ft_find(want[i].name, &im), 0);
		CHECK_EQ_INT(ft_load(&s, im.file, im.block_size), 0);
		CHECK_EQ_INT(ft_mount(&s, 0), 0);
		if (s.vol) {
			fat_volume_info(s.vol, &info);
			CHECK_EQ_INT(info.fat_bits, want[i].bits);
			CHECK_EQ_INT(info.cluster_size, want[i].cs);
			CHECK_EQ_U64(info.total_bytes, s.size);
			CHECK_EQ_U64(info.serial, 0x4b45454c);
		}
		CHECK_EQ_INT(ft_free(&s), 0);
	}
}

TEST(contiguous_runs_are_one_device_call)
{
	struct ft_image im;
	struct ft_stack s;
	struct fat_file f;
	uint8_t *buf;
	uint64_t before;

	CHECK_EQ_INT(ft_find("fat32", &im), 0);
	CHECK_EQ_INT(ft_load(&s, im.file, im.block_size), 0);
	CHECK_EQ_INT(ft_mount(&s, 0), 0);
	if (!s.vol)
		return;
	/* the FAT32 root directory is a fragmented cluster chain */
	CHECK(fragments(s.vol, s.vol->root_cluster) >= 2);
	CHECK_EQ_INT(fat_open(s.vol, NULL, "/big.bin", &f), 0);
	CHECK_EQ_INT(fragments(s.vol, f.first_cluster), 1);
	buf = malloc(f.size);
	before = s.counter.calls;
	CHECK_EQ_INT(fat_read(&f, buf, f.size), (int64_t)f.size);
	CHECK_EQ_U64(s.counter.calls - before, 1);
	/* a fragmented file: one call per fragment (the FAT is cached after open) */
	CHECK_EQ_INT(fat_open(s.vol, NULL, "/sub/frag-big0.bin", &f), 0);
	before = s.counter.calls;
	CHECK_EQ_INT(fat_pread(&f, 0, buf, f.size), (int64_t)f.size);
	CHECK_EQ_U64(s.counter.calls - before, fragments(s.vol, f.first_cluster));
	CHECK(fragments(s.vol, f.first_cluster) > 10);
	free(buf);
	CHECK_EQ_INT(ft_free(&s), 0);
}

TEST(mbr_probe_finds_primary_and_logical_partitions)
{
	static const struct { const char *name; int index; uint8_t type; } want[] = {
		{ "mbr_p1", 1, 0x06 }, { "mbr_p2", 2, 0x01 }, { "mbr_p5", 5, 0x01 },
		{ "mbr_p6", 6, 0x06 },
	};
	struct fat_region r[FAT_PROBE_MAX];
	struct ft_stack s;
	const char *why = NULL;

	CHECK_EQ_INT(ft_load(&s, "mbr.img", 512), 0);
	CHECK_EQ_INT(fat_probe(&s.counter.dev, r, &why), 4);
	for (int i = 0; i < 4; i++) {
		struct ft_image im;

		CHECK_EQ_INT(ft_find(want[i].name, &im), 0);
		CHECK_EQ_U64(r[i].offset, im.offset);
		CHECK_EQ_INT(r[i].index, want[i].index);
		CHECK_EQ_INT(r[i].type, want[i].type);
	}
	CHECK_EQ_INT(ft_free(&s), 0);
	/* a bare volume probes as itself */
	CHECK_EQ_INT(ft_load(&s, "fat12.img", 512), 0);
	CHECK_EQ_INT(fat_probe(&s.counter.dev, r, &why), 1);
	CHECK_EQ_U64(r[0].offset, 0);
	CHECK_EQ_U64(r[0].length, s.size);
	CHECK_EQ_INT(r[0].index, 0);
	CHECK_EQ_INT(ft_free(&s), 0);
}

/*
 * A 4 GiB - 1 file: mkfs.fat's 4 GiB FAT32 volume (64 KiB clusters; only its first MiB is
 * stored) with a root entry and a 65536-cluster chain added here, the data area a pattern.
 */
struct huge_dev {
	uint8_t *head;
	size_t head_len;
	uint64_t len;
	uint64_t pattern_from;   /* cluster 3 onwards is pattern */
};

static uint8_t pattern(uint64_t off)
{
	return (uint8_t)(off ^ (off >> 8) ^ (off >> 16) ^ (off >> 27));
}

static int64_t huge_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct huge_dev *h = ctx;
	uint8_t *out = buf;

	len = io_clamp_len(off, len, h->len);
	for (size_t i = 0; i < len; i++)
		out[i] = off + i < h->pattern_from ? h->head[off + i] : pattern(off + i);
	return (int64_t)len;
}

static int huge_length(void *ctx, uint64_t *len)
{
	*len = ((struct huge_dev *)ctx)->len;
	return 0;
}

static const struct io_byte_ops huge_ops = { .read_at = huge_read, .length = huge_length };

TEST(four_gib_minus_one_file)
{
	char path[512];
	struct huge_dev h;
	struct io_byte_dev dev = { &huge_ops, &h };
	struct tio_alloc alloc;
	struct fat_volume *v;
	struct fat_file f;
	const char *why;
	uint64_t fat, data, file0;
	uint8_t *buf = malloc(1 << 17);
	const uint32_t nclusters = 65536;

	snprintf(path, sizeof(path), "%s/huge.head", ft_dir());
	h.head = ft_read_file(path, &h.head_len);
	CHECK(h.head != NULL);
	if (!h.head)
		return;
	h.len = (uint64_t)fat_le32(h.head + 32) * 512;
	fat = (uint64_t)fat_le16(h.head + 14) * 512;
	data = fat + 2ull * fat_le32(h.head + 36) * 512;
	/* root (cluster 2) entry 0: HUGE.BIN, cluster 3, 0xFFFFFFFF bytes; FAT chain 3..65538 */
	memcpy(h.head + data, "HUGE    BIN\x20", 12);
	memset(h.head + data + 12, 0, 20);
	h.head[data + 26] = 3;
	memset(h.head + data + 28, 0xFF, 4);
	for (uint32_t c = 3; c < 3 + nclusters; c++) {
		uint32_t next = c == 2 + nclusters ? 0x0FFFFFFF : c + 1;

		memcpy(h.head + fat + 4 * c, &next, 4);
	}
	file0 = data + 65536;   /* cluster 3 */
	h.pattern_from = file0;
	CHECK(file0 <= h.head_len);
	tio_alloc_init(&alloc);
	CHECK_EQ_INT(fat_mount(&v, &dev, NULL, &alloc.alloc, &why), 0);
	CHECK_EQ_INT(fat_open(v, NULL, "/huge.bin", &f), 0);
	CHECK_EQ_U64(f.size, 0xFFFFFFFFu);
	CHECK_EQ_INT(fat_seek(&f, 0, IO_SEEK_END), 0xFFFFFFFFll);
	static const uint64_t offs[] = { 0, 65535, 0x7FFFFFF0, 0x80000000, 0xFFFE0000 };
	for (size_t i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		int64_t n = fat_pread(&f, offs[i], buf, 1 << 17);
		int64_t want = offs[i] + (1 << 17) > 0xFFFFFFFFull ? 0xFFFFFFFFll - (int64_t)offs[i]
								  : 1 << 17;
		int bad = 0;

		CHECK_EQ_INT(n, want);
		for (int64_t j = 0; j < n; j++)
			bad |= buf[j] != pattern(file0 + offs[i] + (uint64_t)j);
		CHECK(!bad);
	}
	CHECK_EQ_INT(fat_pread(&f, 0xFFFFFFFEull, buf, 10), 1);
	CHECK_EQ_INT(buf[0], pattern(file0 + 0xFFFFFFFEull));
	CHECK_EQ_INT(fat_pread(&f, 0xFFFFFFFFull, buf, 10), 0);
	/* a byte less still needs all 65536 clusters; half the size leaves the chain too long */
	h.head[data + 28] = 0xFE;
	h.head[data + 29] = 0xFF;
	fat_unmount(v);
	CHECK_EQ_INT(fat_mount(&v, &dev, NULL, &alloc.alloc, &why), 0);
	CHECK_EQ_INT(fat_open(v, NULL, "/huge.bin", &f), 0);
	h.head[data + 31] = 0x7F;
	fat_unmount(v);
	CHECK_EQ_INT(fat_mount(&v, &dev, NULL, &alloc.alloc, &why), 0);
	CHECK_EQ_INT(fat_open(v, NULL, "/huge.bin", &f), -EUCLEAN);
	fat_unmount(v);
	CHECK_EQ_INT(alloc.outstanding, 0);
	free(h.head);
	free(buf);
}

CHECK_MAIN("fat_images")

/*
 * The FAT reader on corrupted volumes: images made by mkfs.fat/mtools (tests/fat/mkimages.py)
 * with one field broken at a time. Every case must give the expected error code and a message
 * naming the problem (fat_error() or mount's *why), never crash, hang or leak; corrupt
 * directory entries are reported one by one while the listing goes on; damaged long names fall
 * back to the 8.3 name; device errors pass through.
 */
#include <stdlib.h>
#include <string.h>

#include <io/fat/fat_internal.h>

#include "check.h"
#include "fat_testutil.h"

#define CHECK_MSG(msg, part) \
	do { \
		const char *m_ = (msg); \
		if (!m_ || !strstr(m_, part)) \
			check_fail(__FILE__, __LINE__, "message \"%s\" lacks \"%s\"", \
				   m_ ? m_ : "(null)", part); \
	} while (0)

struct geo {
	int bits;
	uint64_t fat, data;
	uint32_t cs;
};

static void load(struct ft_stack *s, const char *file, struct geo *g)
{
	CHECK_EQ_INT(ft_load(s, file, 512), 0);
	CHECK_EQ_INT(ft_mount(s, 0), 0);
	if (!s->vol)
		abort();
	g->bits = s->vol->fat_bits;
	g->fat = s->vol->fat_offset;
	g->data = s->vol->data_offset;
	g->cs = s->vol->cluster_size;
}

static void remount(struct ft_stack *s)
{
	if (s->vol)
		fat_unmount(s->vol);
	s->vol = NULL;
	ft_mount(s, 0);
}

/* Set FAT entry c in the first FAT (FAT12/16/32). */
static void fat_set(struct ft_stack *s, const struct geo *g, uint32_t c, uint32_t val)
{
	uint8_t *f = s->data + g->fat;

	if (g->bits == 12) {
		uint32_t off = c + c / 2;

		if (c & 1) {
			f[off] = (uint8_t)((f[off] & 0x0F) | ((val & 0x0F) << 4));
			f[off + 1] = (uint8_t)(val >> 4);
		} else {
			f[off] = (uint8_t)val;
			f[off + 1] = (uint8_t)((f[off + 1] & 0xF0) | ((val >> 8) & 0x0F));
		}
	} else if (g->bits == 16) {
		f[2 * c] = (uint8_t)val;
		f[2 * c + 1] = (uint8_t)(val >> 8);
	} else {
		memcpy(f + 4 * c, &val, 4);
	}
}

/* Offset of the 8.3 directory entry with the raw 11-byte name. */
static uint8_t *raw_entry(struct ft_stack *s, const char *raw11)
{
	for (size_t off = 0; off + 32 <= s->size; off += 32)
		if (memcmp(s->data + off, raw11, 11) == 0 && s->data[off + 11] != 0x0F)
			return s->data + off;
	check_fail(__FILE__, __LINE__, "no entry %s", raw11);
	abort();
}

static uint32_t first_cluster(struct ft_stack *s, const char *path)
{
	struct fat_dirent e;

	CHECK_EQ_INT(fat_stat(s->vol, NULL, path, &e), 0);
	return e.first_cluster;
}

static int open_err(struct ft_stack *s, const char *path)
{
	struct fat_file f;

	return fat_open(s->vol, NULL, path, &f);
}

/* Mount a copy of `file` with bytes [off, off + n) replaced; returns mount's code and *why. */
static int mount_patched(const char *file, size_t off, const void *bytes, size_t n,
			 const char **why)
{
	struct ft_stack s;
	int err;

	CHECK_EQ_INT(ft_load(&s, file, 512), 0);
	memcpy(s.data + off, bytes, n);
	err = ft_mount(&s, 0);
	*why = s.why;
	CHECK_EQ_INT(ft_free(&s), 0);
	return err;
}

static void u16le(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

TEST(bpb_fields_are_validated)
{
	static const struct {
		const char *file;
		size_t off;
		uint8_t bytes[4];
		size_t n;
		const char *msg;
	} cases[] = {
		{ "fat12.img", 0, { 0x00 }, 1, "jump" },
		{ "fat12.img", 510, { 0x55, 0x00 }, 2, "55 AA" },
		{ "fat12.img", 11, { 0x00, 0x00 }, 2, "bytes per sector" },
		{ "fat12.img", 11, { 0x00, 0x03 }, 2, "bytes per sector" },
		{ "fat12.img", 11, { 0x00, 0x20 }, 2, "bytes per sector" },
		{ "fat12.img", 13, { 3 }, 1, "sectors per cluster" },
		{ "fat12.img", 13, { 0 }, 1, "sectors per cluster" },
		{ "fat12.img", 14, { 0, 0 }, 2, "reserved sectors" },
		{ "fat12.img", 16, { 0 }, 1, "number of FATs" },
		{ "fat12.img", 17, { 0, 0 }, 2, "root directory entries" },
		{ "fat12.img", 19, { 0, 0 }, 2, "total sector count" },
		{ "fat12.img", 19, { 0xFF, 0xFF }, 2, "larger than its device" },
		{ "fat12.img", 21, { 0x12 }, 1, "media" },
		{ "fat12.img", 22, { 0, 0 }, 2, "FAT larger than 4 GiB" }, /* falls to FATSz32 */
		{ "fat32.img", 36, { 0, 0, 0, 0 }, 4, "FAT size is zero" },
		{ "fat16.img", 22, { 1, 0 }, 2, "FAT too small" },
		{ "fat12.img", 14, { 0x40, 0x0B }, 2, "fill the volume" },
		{ "fat32.img", 32, { 0xFF, 0xFF, 0xFF, 0x7F }, 4, "larger than its device" },
		{ "fat32.img", 44, { 0xFF, 0xFF, 0xFF, 0x0F }, 4, "root cluster" },
		{ "fat32.img", 44, { 1, 0, 0, 0 }, 4, "root cluster" },
		{ "fat32.img", 42, { 0, 1 }, 2, "FAT32 version" },
		{ "fat32.img", 17, { 0, 2 }, 2, "fixed root" },
		{ "fat32.img", 40, { 0x83, 0 }, 2, "active FAT" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *why = NULL;
		int err = mount_patched(cases[i].file, cases[i].off, cases[i].bytes, cases[i].n,
					&why);

		if (err != -EUCLEAN)
			check_fail(__FILE__, __LINE__, "case %zu: %d (%s)", i, err, why);
		CHECK_MSG(why, cases[i].msg);
	}
}

TEST(truncated_and_tiny_devices)
{
	struct ft_stack s;

	CHECK_EQ_INT(ft_load(&s, "fat16.img", 512), 0);
	s.mem.size /= 2;     /* the device ends in the middle of the volume */
	CHECK_EQ_INT(ft_mount(&s, 0), -EUCLEAN);
	CHECK_MSG(s.why, "larger than its device");
	s.mem.size = 100;    /* shorter than a boot sector: the view has no whole block */
	CHECK(ft_mount(&s, 0) < 0);
	CHECK_EQ_INT(ft_free(&s), 0);
}

TEST(chain_errors_are_named)
{
	static const struct { int kind; const char *msg; } cases[] = {
		{ 0, "longer than the file size or looping" }, /* loop back to the first cluster */
		{ 1, "shorter than the file size" },            /* end mark too early */
		{ 2, "free or reserved cluster" },
		{ 3, "past the last cluster" },
		{ 4, "bad cluster" },
		{ 5, "shorter than the file size" },            /* size larger than the chain */
		{ 6, "longer than the file size" },             /* size smaller than the chain */
	};
	static const char *const imgs[] = { "fat12.img", "fat16.img", "fat32.img" };

	for (size_t im = 0; im < 3; im++) {
		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			struct ft_stack s;
			struct geo g;
			uint32_t c, third, eoc;
			uint8_t *e;

			load(&s, imgs[im], &g);
			eoc = g.bits == 12 ? 0xFFF : g.bits == 16 ? 0xFFFF : 0x0FFFFFFF;
			c = first_cluster(&s, im == 0 ? "/KERNEL.BIN" : im == 1 ? "/frag-big0.bin"
										: "/big.bin");
			/* break the entry of the chain's third cluster */
			CHECK_EQ_INT(fat_next_cluster(s.vol, c, &third), 0);
			CHECK_EQ_INT(fat_next_cluster(s.vol, third, &third), 0);
			switch (cases[i].kind) {
			case 0: fat_set(&s, &g, third, c); break;
			case 1: fat_set(&s, &g, third, eoc); break;
			case 2: fat_set(&s, &g, third, 0); break;
			case 3: fat_set(&s, &g, third, s.vol->max_cluster + 1); break;
			case 4: fat_set(&s, &g, third, eoc - 8); break;
			default:
				e = raw_entry(&s, im == 0 ? "KERNEL  BIN" : im == 1 ? "FRAG-B~1BIN"
										   : "BIG     BIN");
				if (cases[i].kind == 5)
					e[30]++;
				else
					e[29] = 0, e[30] = 0, e[31] = 0;
				break;
			}
			remount(&s);
			CHECK_EQ_INT(open_err(&s, im == 0 ? "/kernel.bin" : im == 1 ? "/frag-big0.bin"
									     : "/big.bin"),
				     -EUCLEAN);
			CHECK_MSG(fat_error(s.vol), cases[i].msg);
			CHECK_EQ_INT(ft_free(&s), 0);
		}
	}
}

/* A directory chain that loops through full clusters ends at the 65536-entry bound. */
TEST(directory_loop_is_bounded)
{
	struct ft_stack s;
	struct fat_dirent e;
	struct fat_dir d;
	struct geo g;
	uint32_t c;
	int r, n = 0;

	load(&s, "fat12.img", &g);
	c = first_cluster(&s, "/empty-dir");
	/* fill the directory's cluster with deleted entries (no end mark), loop it on itself */
	memset(s.data + g.data + (uint64_t)(c - 2) * g.cs + 64, 0xE5, g.cs - 64);
	fat_set(&s, &g, c, c);
	remount(&s);
	CHECK_EQ_INT(fat_dir_open(s.vol, NULL, "/empty-dir", &d), 0);
	while ((r = fat_dir_read(&d, &e)) > 0)
		n++;
	CHECK_EQ_INT(r, -EUCLEAN);
	CHECK_MSG(fat_error(s.vol), "65536 entries");
	CHECK(n < 100000);
	/* lookups through it fail the same way */
	CHECK_EQ_INT(fat_stat(s.vol, NULL, "/empty-dir/nothing", &e), -EUCLEAN);
	CHECK_EQ_INT(ft_free(&s), 0);
}

TEST(corrupt_entries_are_reported_and_skipped)
{
	struct ft_stack s;
	struct fat_dirent e;
	struct fat_dir d;
	struct geo g;
	uint8_t *a, *b, *c;
	int r, good = 0, bad = 0;

	load(&s, "fat12.img", &g);
	a = raw_entry(&s, "A       TXT");
	b = raw_entry(&s, "B       TXT");
	c = raw_entry(&s, "C          ");
	u16le(a + 26, 0xFF0);      /* cluster out of range */
	b[3] = 0x01;               /* control character in the 8.3 name */
	u16le(c + 26, 0);          /* data but no cluster */
	remount(&s);
	CHECK_EQ_INT(fat_dir_open(s.vol, NULL, "/docs", &d), 0);
	while ((r = fat_dir_read(&d, &e)) != 0) {
		if (r < 0) {
			CHECK(d.bad_entry);
			CHECK_EQ_INT(r, -EUCLEAN);
			bad++;
		} else {
			good++;
		}
	}
	CHECK_EQ_INT(bad, 3);
	CHECK(good > 100);
	CHECK_EQ_INT(fat_stat(s.vol, NULL, "/docs/a.txt", &e), -ENOENT);
	CHECK_EQ_INT(fat_stat(s.vol, NULL, "/docs/frag001.tmp", &e), 0);
	/* a subdirectory entry without a cluster */
	u16le(raw_entry(&s, "NOTES      ") + 26, 0);
	remount(&s);
	CHECK_EQ_INT(fat_dir_open(s.vol, NULL, "/docs/notes", &d), -ENOENT);
	CHECK_EQ_INT(ft_free(&s), 0);
}

TEST(damaged_long_names_fall_back_to_8_3)
{
	struct ft_stack s;
	struct fat_dirent e;
	struct geo g;
	uint8_t *sn;

	load(&s, "fat12.img", &g);
	CHECK_EQ_INT(fat_stat(s.vol, NULL, "/mixed case long name.MARKDOWN", &e), 0);
	CHECK(e.has_long_name);
	CHECK_EQ_STR(e.short_name, "MIXEDC~1.MAR");
	sn = raw_entry(&s, "MIXEDC~1MAR");
	/* the slots precede the 8.3 entry: break the checksum of the nearest one */
	sn[-32 + 13] ^= 1;
	remount(&s);
	CHECK_EQ_INT(fat_stat(s.vol, NULL, "/mixed case long name.markdown", &e), -ENOENT);
	CHECK_EQ_INT(fat_stat(s.vol, NULL, "/mixedc~1.mar", &e), 0);
	CHECK(!e.has_long_name);
	CHECK_EQ_STR(e.name, "MIXEDC~1.MAR");
	sn[-32 + 13] ^= 1;
	/* an orphan: the first (last-numbered) slot deleted */
	sn[-96] = 0xE5;
	remount(&s);
	CHECK_EQ_INT(fat_stat(s.vol, NULL, "/mixedc~1.mar", &e), 0);
	CHECK(!e.has_long_name);
	sn[-96] = 0x43;
	/* a surrogate pair in place of "Mi", then an unpaired surrogate */
	u16le(sn - 32 + 1, 0xD83D);
	u16le(sn - 32 + 3, 0xDE00);
	remount(&s);
	CHECK_EQ_INT(fat_stat(s.vol, NULL, "/mixedc~1.mar", &e), 0);
	CHECK(e.has_long_name);
	CHECK_EQ_STR(e.name, "\xF0\x9F\x98\x80xed Case Long Name.markdown");
	CHECK_EQ_INT(fat_stat(s.vol, NULL, "/\xF0\x9F\x98\x80XED CASE long name.markdown", &e), 0);
	u16le(sn - 32 + 3, 'i');
	remount(&s);
	CHECK_EQ_INT(fat_stat(s.vol, NULL, "/mixedc~1.mar", &e), 0);
	CHECK_EQ_STR(e.name, "\xEF\xBF\xBDixed Case Long Name.markdown");
	CHECK_EQ_INT(ft_free(&s), 0);
}

TEST(device_errors_pass_through)
{
	struct ft_stack s;
	struct fat_file f;
	uint8_t buf[4096];
	struct geo g;

	load(&s, "fat12.img", &g);
	CHECK_EQ_INT(fat_open(s.vol, NULL, "/KERNEL.BIN", &f), 0);
	s.counter.fail_at = (int64_t)s.counter.calls;
	s.counter.err = -EIO;
	CHECK_EQ_INT(fat_read(&f, buf, sizeof(buf)), -EIO);
	CHECK_MSG(fat_error(s.vol), "device read failed");
	CHECK_EQ_U64(f.pos, 0);
	CHECK_EQ_INT(fat_read(&f, buf, sizeof(buf)), (int64_t)sizeof(buf));
	CHECK_EQ_INT(ft_free(&s), 0);
	/* failing each call of a mount + lookup + read in turn never crashes or leaks */
	for (int64_t at = 0; at < 40; at++) {
		struct fat_dirent e;

		CHECK_EQ_INT(ft_load(&s, "fat16.img", 512), 0);
		s.counter.fail_at = at;
		if (ft_mount(&s, 0) == 0 && fat_open(s.vol, NULL, "/deep/level01/level02/level03/"
						     "level04/level05/middle with a long name.dat",
						     &f) == 0) {
			(void)fat_read(&f, buf, sizeof(buf));
			(void)fat_stat(s.vol, NULL, "/many/S0149.TXT", &e);
		}
		CHECK_EQ_INT(ft_free(&s), 0);
	}
}

TEST(path_errors)
{
	struct ft_stack s;
	struct fat_dirent e;
	struct fat_file f;
	struct fat_dir d;
	struct geo g;
	char longname[1000];

	load(&s, "fat12.img", &g);
	CHECK_EQ_INT(fat_stat(s.vol, NULL, "/nope", &e), -ENOENT);
	CHECK_MSG(fat_error(s.vol), "no such file");
	CHECK_EQ_INT(fat_stat(s.vol, NULL, "/README.TXT/x", &e), -ENOTDIR);
	CHECK_EQ_INT(fat_dir_open(s.vol, NULL, "/README.TXT", &d), -ENOTDIR);
	CHECK_EQ_INT(fat_open(s.vol, NULL, "/docs", &f), -EISDIR);
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	CHECK_EQ_INT(fat_stat(s.vol, NULL, longname, &e), -ENAMETOOLONG);
	CHECK_EQ_INT(fat_stat(s.vol, NULL, "/", &e), 0);
	CHECK_EQ_STR(e.name, "/");
	CHECK_EQ_INT(fat_stat(s.vol, NULL, "/../..//docs/./notes/..", &e), 0);
	CHECK_EQ_STR(e.name, "..");
	CHECK(fat_dirent_is_dir(&e));
	CHECK_EQ_INT(fat_dir_open(s.vol, NULL, "docs/notes", &d), 0);
	CHECK_EQ_INT(fat_stat(s.vol, &d, "../../README.TXT", &e), 0);
	CHECK_EQ_U64(e.size, 18);
	CHECK_EQ_INT(fat_stat(s.vol, &d, "/README.TXT", &e), 0);
	CHECK_EQ_INT(fat_stat(s.vol, &d, "", &e), 0);
	CHECK(fat_dirent_is_dir(&e));
	/* cd in place: a failed one leaves the cursor as it was */
	CHECK_EQ_INT(fat_dir_open(s.vol, &d, "../nowhere", &d), -ENOENT);
	CHECK_EQ_INT(fat_stat(s.vol, &d, "note 3.txt", &e), 0);
	CHECK_EQ_U64(e.size, 3 * 37);
	CHECK_EQ_INT(fat_dir_open(s.vol, &d, "..", &d), 0);
	CHECK_EQ_INT(fat_stat(s.vol, &d, "a.txt", &e), 0);
	CHECK_EQ_INT(fat_dir_open(s.vol, &d, "..", &d), 0);
	CHECK_EQ_INT(fat_stat(s.vol, &d, "readme.txt", &e), 0);
	CHECK_EQ_U64(e.size, 18);
	CHECK_EQ_INT(fat_open(s.vol, NULL, "/zero.len", &f), 0);
	CHECK_EQ_INT(fat_read(&f, longname, 10), 0);
	CHECK_EQ_INT(fat_seek(&f, -1, IO_SEEK_SET), -EINVAL);
	CHECK_EQ_INT(fat_seek(&f, 5, IO_SEEK_END), 5);
	CHECK_EQ_INT(fat_seek(&f, INT64_MAX, IO_SEEK_CUR), -EOVERFLOW);
	CHECK_EQ_INT(ft_free(&s), 0);
}

/* An allocator failing its n-th call, counting what is live. */
struct nth_alloc {
	struct io_alloc alloc;
	int calls, fail_at;
	int64_t live;
};

static void *nth_alloc_fn(void *ctx, size_t n)
{
	struct nth_alloc *a = ctx;

	if (a->calls++ == a->fail_at)
		return NULL;
	a->live++;
	return malloc(n);
}

static void nth_free_fn(void *ctx, void *p, size_t n)
{
	struct nth_alloc *a = ctx;

	(void)n;
	if (p)
		a->live--;
	free(p);
}

TEST(allocation_failures_at_mount)
{
	struct ft_stack s;
	int failed = 0;

	CHECK_EQ_INT(ft_load(&s, "fat16.img", 512), 0);
	for (int at = 0; at < 64; at++) {
		struct nth_alloc a = { { nth_alloc_fn, nth_free_fn, NULL }, 0, at, 0 };
		struct fat_mount_opts opts = { 0, 0, 8 };
		struct fat_volume *v;
		const char *why = NULL;
		int err;

		a.alloc.ctx = &a;
		err = fat_mount(&v, &s.counter.dev, &opts, &a.alloc, &why);
		if (err) {
			CHECK_EQ_INT(err, -ENOMEM);
			CHECK_MSG(why, "out of memory");
			CHECK(v == NULL);
			failed++;
		} else {
			fat_unmount(v);
		}
		CHECK_EQ_INT(a.live, 0);
	}
	CHECK_EQ_INT(failed, 6);   /* the volume, the page table, 4 pages (a 16 KiB FAT caps the 8) */
	CHECK_EQ_INT(ft_free(&s), 0);
}

TEST(unknown_length_devices_and_short_regions)
{
	struct tio_fault_block hidden;
	struct io_byte_view view;
	struct fat_mount_opts opts = { 0, 0, 0 };
	struct fat_region r[FAT_PROBE_MAX];
	struct fat_volume *v;
	struct fat_file f;
	struct ft_stack s;
	const char *why;
	uint8_t buf[64];

	CHECK_EQ_INT(ft_load(&s, "fat12.img", 512), 0);
	/* a block device that does not know its size: the view has no length */
	tio_fault_block_init(&hidden, &s.mem.blk);
	hidden.hide_count = true;
	CHECK_EQ_INT(io_byte_view_init(&view, &hidden.dev, NULL, &s.alloc.alloc), 0);
	CHECK_EQ_INT(fat_probe(&view.dev, r, &why), 1);
	CHECK_EQ_INT(fat_mount(&v, &view.dev, NULL, &s.alloc.alloc, &why), 0);
	CHECK_EQ_INT(fat_open(v, NULL, "/README.TXT", &f), 0);
	CHECK_EQ_INT(fat_read(&f, buf, sizeof(buf)), 18);
	CHECK(memcmp(buf, "Keel FAT12 floppy\n", 18) == 0);
	fat_unmount(v);
	io_byte_view_fini(&view);
	/* a region shorter than the volume the boot sector describes */
	opts.length = s.size / 2;
	CHECK_EQ_INT(fat_mount(&v, &s.counter.dev, &opts, &s.alloc.alloc, &why), -EUCLEAN);
	CHECK_MSG(why, "larger than its device or partition");
	/* an offset past the device */
	opts.offset = s.size;
	opts.length = 0;
	CHECK_EQ_INT(fat_mount(&v, &s.counter.dev, &opts, &s.alloc.alloc, &why), -EINVAL);
	/* an offset where there is no boot sector */
	opts.offset = 512;
	CHECK_EQ_INT(fat_mount(&v, &s.counter.dev, &opts, &s.alloc.alloc, &why), -EUCLEAN);
	CHECK_MSG(why, "not a FAT boot sector");
	CHECK_EQ_INT(ft_free(&s), 0);
}

TEST(probe_rejects_malformed_tables)
{
	struct ft_stack s;
	struct fat_region r[FAT_PROBE_MAX];
	const char *why;
	uint8_t *e;

	/* the EBR chain (mkimages.py: extended partition at sector 40960, second EBR at 49152) */
	static const struct { size_t off; uint8_t bytes[12]; size_t n; const char *msg; } ebr[] = {
		{ 40960 * 512 + 510, { 0 }, 1, "EBR: no 55 AA signature" },
		/* the second EBR linking to itself, then back to the first */
		{ 49152 * 512 + 446 + 20, { 0x05, 0, 0, 0, 0, 0x20, 0, 0, 1, 0, 0, 0 }, 12,
		  "link does not move forward" },
		{ 49152 * 512 + 446 + 20, { 0x05, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0 }, 12,
		  "partition starts at sector 0" },
		{ 49152 * 512 + 446 + 20, { 0x05, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0 }, 12,
		  "link does not move forward" },
		/* the logical partition 50 sectors longer than the extended one */
		{ 49152 * 512 + 446 + 12, { 0x32 }, 1, "outside its extended partition" },
		{ 49152 * 512 + 446, { 0x7F }, 1, "boot indicator" },
	};

	for (size_t i = 0; i < sizeof(ebr) / sizeof(ebr[0]); i++) {
		CHECK_EQ_INT(ft_load(&s, "mbr.img", 512), 0);
		memcpy(s.data + ebr[i].off, ebr[i].bytes, ebr[i].n);
		CHECK_EQ_INT(fat_probe(&s.counter.dev, r, &why), -EUCLEAN);
		CHECK_MSG(why, ebr[i].msg);
		CHECK_EQ_INT(ft_free(&s), 0);
	}
	CHECK_EQ_INT(ft_load(&s, "mbr.img", 512), 0);
	e = s.data + 446;
	e[0] = 0x12;                         /* boot indicator */
	CHECK_EQ_INT(fat_probe(&s.counter.dev, r, &why), -EUCLEAN);
	CHECK_MSG(why, "boot indicator");
	e[0] = 0x80;
	e[12 + 3] = 0x7F;                    /* a huge partition */
	CHECK_EQ_INT(fat_probe(&s.counter.dev, r, &why), -EUCLEAN);
	CHECK_MSG(why, "past the end");
	e[12 + 3] = 0;
	memset(e + 8, 0, 4);                 /* starting at sector 0 */
	CHECK_EQ_INT(fat_probe(&s.counter.dev, r, &why), -EUCLEAN);
	CHECK_MSG(why, "sector 0");
	memset(e, 0, 64);                    /* empty table */
	CHECK_EQ_INT(fat_probe(&s.counter.dev, r, &why), -ENODEV);
	CHECK_MSG(why, "no partitions");
	s.data[510] = 0;                     /* no signature */
	CHECK_EQ_INT(fat_probe(&s.counter.dev, r, &why), -ENODEV);
	CHECK_EQ_INT(ft_free(&s), 0);
}

CHECK_MAIN("fat_corrupt")

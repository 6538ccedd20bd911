/*
 * Internals shared by the FAT reader's files: the mounted volume, the FAT cache and chain
 * walker (fat_table.c), name conversions (fat_name.c), directory entry decoding (fat_dir.c)
 * and the error recorder. Not part of the API (fat.h is).
 */
#ifndef KEEL_IO_FAT_FAT_INTERNAL_H
#define KEEL_IO_FAT_FAT_INTERNAL_H

#include <io/fat/fat.h>

#define FAT_PAGE_SIZE 4096u
#define FAT_DEFAULT_PAGES 16u
#define FAT_MAX_PAGES 4096u
/* A directory holds at most 65536 entries (spec): a bound for walking a directory's chain. */
#define FAT_DIR_MAX_ENTRIES 65536u
#define FAT_DIRENT_SIZE 32u

/* Chain walking results beyond a cluster number. */
#define FAT_CHAIN_END 0xFFFFFFFFu

struct fat_cache_page {
	uint32_t page;     /* page number within the FAT, or UINT32_MAX: empty */
	uint8_t *data;     /* FAT_PAGE_SIZE bytes */
};

struct fat_volume {
	struct io_byte_dev dev;
	struct io_alloc alloc;
	uint64_t base;             /* volume start on the device */
	uint64_t length;           /* volume bytes (from the BPB, checked against the region) */
	int fat_bits;
	uint32_t bytes_per_sector;
	uint32_t cluster_size;
	uint32_t cluster_shift;    /* log2(cluster_size) */
	uint32_t cluster_count;
	uint32_t max_cluster;      /* cluster_count + 1 */
	uint64_t fat_offset;       /* bytes from base: the first FAT */
	uint32_t fat_bytes;        /* bytes of one FAT */
	uint64_t root_offset;      /* FAT12/16: the fixed root directory, bytes from base */
	uint32_t root_entries;     /* FAT12/16 */
	uint32_t root_cluster;     /* FAT32 */
	uint64_t data_offset;      /* bytes from base: cluster 2 */
	uint32_t serial;
	char label[FAT_LABEL_MAX];
	uint32_t npages;
	struct fat_cache_page *pages;
	const char *err_msg;
	char err_buf[96];
};

/* Record an error: returns code (negative) so callers can `return fat_fail(...)`. */
int fat_fail(struct fat_volume *v, int code, const char *msg);
/* Same, with " (cluster N)" or similar appended: what names the number, then the number. */
int fat_fail_num(struct fat_volume *v, int code, const char *msg, const char *what, uint64_t n);

/* fat_mount.c: parse and check a boot sector (region_len UINT64_MAX: unknown). */
int fat_bpb_parse(const uint8_t *bs, uint64_t region_len, struct fat_volume *v, const char **why);

/* Read len bytes at volume offset off; a short read is -EIO. */
int fat_dev_read(struct fat_volume *v, uint64_t off, void *buf, size_t len);

static inline uint64_t fat_cluster_offset(const struct fat_volume *v, uint32_t cluster)
{
	return v->data_offset + ((uint64_t)(cluster - 2) << v->cluster_shift);
}

static inline bool fat_cluster_valid(const struct fat_volume *v, uint32_t c)
{
	return c >= 2 && c <= v->max_cluster;
}

/* fat_table.c */
int fat_cache_init(struct fat_volume *v, uint32_t pages);
void fat_cache_fini(struct fat_volume *v);
/*
 * The successor of cluster c (which must be valid): 0 and *next = a valid cluster or
 * FAT_CHAIN_END, or -EUCLEAN (free, bad or out-of-range entry) / the device's error.
 */
int fat_next_cluster(struct fat_volume *v, uint32_t c, uint32_t *next);
/*
 * Walk the chain from first and check it has exactly `count` clusters (then the end mark).
 * -EUCLEAN with a message naming the problem otherwise.
 */
int fat_chain_check(struct fat_volume *v, uint32_t first, uint64_t count);

/* fat_name.c */
/* Append code point cp as UTF-8 to out[*len] (cap bytes incl. NUL); false if it does not fit. */
bool fat_utf8_put(char *out, size_t cap, size_t *len, uint32_t cp);
/* Decode one UTF-8 code point from s (advances *s); malformed bytes give U+FFFD. */
uint32_t fat_utf8_get(const char **s, const char *end);
/* UTF-16 units to NUL-terminated UTF-8; unpaired surrogates become U+FFFD. */
void fat_utf16_to_utf8(const uint16_t *u, size_t n, char *out, size_t cap);
/* Case-fold one code point (ASCII, Latin-1, Greek, Cyrillic) to lower case. */
uint32_t fat_fold(uint32_t cp);
/* Compare the UTF-8 names a[0..alen) and the NUL-terminated b case-insensitively. */
bool fat_name_eq(const char *a, size_t alen, const char *b);
/* The 8.3 name of a raw entry: "NAME.EXT" as stored, and the display form (NT case bits). */
void fat_short_name(const uint8_t raw[11], uint8_t nt_case, char *stored, char *display);
/* The checksum of an 8.3 name that LFN entries carry. */
uint8_t fat_lfn_checksum(const uint8_t raw[11]);
/* Volume label bytes (11, space padded) to UTF-8 without the trailing spaces. */
void fat_label_name(const uint8_t raw[11], char *out, size_t cap);

/* fat_dir.c */
/* Set d up over the directory starting at first_cluster (0: FAT12/16 root). */
int fat_dir_init(struct fat_volume *v, uint32_t first_cluster, struct fat_dir *d);
/* Find name (one path component) in d: 1 and *e, 0 not found, or a negative code. */
int fat_dir_find(struct fat_dir *d, const char *name, size_t len, struct fat_dirent *e);
/* The next raw 32-byte entry of d: 1 and *raw (valid until the next call), 0 at the end. */
int fat_dir_raw_next(struct fat_dir *d, const uint8_t **raw);
/* Describe the root directory as an entry. */
void fat_root_dirent(struct fat_volume *v, struct fat_dirent *e);

static inline uint16_t fat_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t fat_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

#endif /* KEEL_IO_FAT_FAT_INTERNAL_H */

/*
 * Keel's FAT reader: FAT12, FAT16 and FAT32 volumes on any byte device (io.h), read-only.
 * A volume is mounted from a region of a device (a whole disk, a partition found by
 * fat_probe(), a ramdisk); directories are iterated with a caller-owned cursor, paths are looked
 * up relative to any directory, files are opened into caller-owned handles that read and seek
 * and are exported both as an io_stream and as a known-length io_byte_dev.
 *
 * Every on-disk field is validated before use (docs/fat.md lists the rules): a corrupt volume
 * makes the failing call return a negative E* code (-EUCLEAN for corrupt structures, the
 * device's own code for I/O errors) and leaves a message naming the problem in the volume
 * (fat_error()). Nothing is read outside the mounted region; every chain walk is bounded.
 *
 * Context: a volume, and every handle on it, is not reentrant (FAT cache, error message, file
 * positions): callers sharing one volume between tasks serialize all calls on it with one lock.
 * Stack use per call stays under about 2.5 KiB (gcc -fstack-usage: fat_open 1.4 KiB plus the
 * directory read under it; a directory cursor holds one 512-byte block).
 */
#ifndef KEEL_IO_FAT_FAT_H
#define KEEL_IO_FAT_FAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <io/io.h>
#include <io/stream.h>

/* Longest name in UTF-8, with its NUL: 255 UTF-16 units at up to 3 bytes each. */
#define FAT_NAME_MAX 768
/* An 8.3 name as "NAME.EXT" with its NUL (bytes >= 0x80 decoded as code page 850). */
#define FAT_SHORT_MAX 40
/* Longest volume label (11 bytes, each up to 3 UTF-8 bytes) with its NUL. */
#define FAT_LABEL_MAX 36

/* Attribute bits (struct fat_dirent.attr). */
enum {
	FAT_ATTR_READ_ONLY = 0x01,
	FAT_ATTR_HIDDEN = 0x02,
	FAT_ATTR_SYSTEM = 0x04,
	FAT_ATTR_VOLUME_ID = 0x08,
	FAT_ATTR_DIRECTORY = 0x10,
	FAT_ATTR_ARCHIVE = 0x20,
};

/* A decoded DOS timestamp. Fields are as stored (not range-checked); year is 1980..2107. */
struct fat_time {
	uint16_t year;
	uint8_t month, day;     /* 1-based as stored */
	uint8_t hour, minute, second;
	uint8_t centis;         /* hundredths past the second (creation time only, else 0) */
};

/* One directory entry, as fat_dir_read() and fat_stat() return it. */
struct fat_dirent {
	char name[FAT_NAME_MAX];         /* the long name, or the 8.3 name (NT case bits applied) */
	char short_name[FAT_SHORT_MAX];  /* the 8.3 name as stored ("LONGFI~1.TXT") */
	uint8_t attr;                    /* FAT_ATTR_* */
	bool has_long_name;
	uint32_t size;                   /* bytes; 0 for directories */
	uint32_t first_cluster;          /* 0: empty file, or the root directory */
	struct fat_time created, modified, accessed;  /* accessed: date only */
};

static inline bool fat_dirent_is_dir(const struct fat_dirent *e)
{
	return (e->attr & FAT_ATTR_DIRECTORY) != 0;
}

struct fat_volume;  /* opaque: allocated by fat_mount() through the injected allocator */

/* A region of a device that may hold a FAT volume (whole device or one MBR partition). */
struct fat_region {
	uint64_t offset;   /* bytes from the start of the device */
	uint64_t length;   /* bytes */
	uint8_t type;      /* MBR partition type, or 0 for a bare volume */
	uint8_t index;     /* 1..4 primary, 5.. logical (Linux numbering), 0 for a bare volume */
};

/* Most regions fat_probe() returns (4 primary + logical partitions; further ones ignored). */
#define FAT_PROBE_MAX 16

/*
 * Find the FAT volume candidates on dev: the whole device if sector 0 holds a valid FAT boot
 * sector (a bare volume), else the non-empty partitions of an MBR table: primary ones, then
 * the logical ones of an extended partition's EBR chain. Every entry must be sane (boot
 * indicator, non-empty, after sector 0, inside the device if its length is known; EBRs signed
 * and strictly ascending, so the chain cannot loop). Returns how many regions were stored, or
 * a negative code with *why set (-ENODEV: neither a FAT boot sector nor a partition table;
 * -EUCLEAN: a malformed table; or the device's error). Partition types are not filtered:
 * fat_mount() decides.
 */
int fat_probe(const struct io_byte_dev *dev, struct fat_region out[FAT_PROBE_MAX],
	      const char **why);

struct fat_mount_opts {
	uint64_t offset;       /* where the volume starts on the device */
	uint64_t length;       /* bytes of the region; 0: to the device's end (or unknown) */
	uint32_t cache_pages;  /* 4 KiB pages of FAT cache (power of two, rounded down); 0: 16 */
};

/*
 * Mount the volume at opts->offset of dev (opts NULL: the whole device). The device handle is
 * copied; the device must outlive the volume. Returns 0 and *out, or a negative code with
 * *why set to a message naming the problem (-EUCLEAN for an invalid boot sector or BPB,
 * -ENOMEM, or the device's error).
 */
int fat_mount(struct fat_volume **out, const struct io_byte_dev *dev,
	      const struct fat_mount_opts *opts, const struct io_alloc *alloc, const char **why);
/* Release the volume. Handles on it must not be used afterwards. */
void fat_unmount(struct fat_volume *v);

/* The message of the last failed call on v (or "no error"). Never NULL. */
const char *fat_error(const struct fat_volume *v);

struct fat_volume_info {
	int fat_bits;              /* 12, 16 or 32 */
	uint32_t bytes_per_sector;
	uint32_t cluster_size;     /* bytes */
	uint32_t cluster_count;    /* data clusters (numbered 2 .. cluster_count + 1) */
	uint64_t total_bytes;      /* of the volume */
	uint32_t serial;
	char label[FAT_LABEL_MAX]; /* root directory label, else the BPB's, else "" */
};

void fat_volume_info(const struct fat_volume *v, struct fat_volume_info *info);

/*
 * A directory cursor (caller-owned, no allocation). A cursor stays valid while the volume is
 * mounted; copying it copies the position.
 */
struct fat_dir {
	struct fat_volume *vol;
	uint32_t first_cluster;   /* 0: the FAT12/16 fixed root directory */
	uint32_t cluster;         /* cluster of the current entry (cluster directories) */
	uint32_t index;           /* entry index from the start of the directory */
	uint32_t clusters_seen;   /* clusters walked, to bound a looping chain */
	uint32_t buf_index;       /* entry index of buf[0], or UINT32_MAX: buf empty */
	bool at_end;
	bool bad_entry;           /* the last error was one corrupt entry; reading may go on */
	uint8_t buf[512];
};

/* Open the root directory. */
int fat_dir_root(struct fat_volume *v, struct fat_dir *d);
/*
 * Open the directory at path, relative to base (NULL or a path starting with '/': the root).
 * -ENOENT, -ENOTDIR, -ENAMETOOLONG, -EUCLEAN or the device's error. *d is written only on
 * success, and d may be base: `fat_dir_open(v, &cwd, path, &cwd)` is a `cd`.
 */
int fat_dir_open(struct fat_volume *v, const struct fat_dir *base, const char *path,
		 struct fat_dir *d);
/* Open the directory an entry describes (-ENOTDIR if it is a file). */
int fat_dir_from_entry(struct fat_volume *v, const struct fat_dirent *e, struct fat_dir *d);
/*
 * The next entry: 1 and *e, 0 at the end, or a negative code. Skips deleted entries and the
 * volume label; "." and ".." are returned as stored (callers filter them as they like).
 * A corrupt entry (bad name, cluster out of range) is -EUCLEAN with d->bad_entry set and the
 * cursor past it, so a listing can report it and go on; any other error ends the listing.
 */
int fat_dir_read(struct fat_dir *d, struct fat_dirent *e);
void fat_dir_rewind(struct fat_dir *d);

/*
 * Look up path relative to base (as fat_dir_open) and describe it. Lookup is case-insensitive
 * over ASCII, Latin-1, Greek and Cyrillic letters and matches long or 8.3 names. "." and ".."
 * components work everywhere ("/.." is the root). The root itself is a directory named "/".
 */
int fat_stat(struct fat_volume *v, const struct fat_dir *base, const char *path,
	     struct fat_dirent *e);

/*
 * An open file (caller-owned). f->stream is an io_stream (read, seek; write is -EBADF);
 * f->dev is a read-only byte device of known length (the file size).
 */
struct fat_file {
	struct io_stream stream;  /* exported: pass &f->stream */
	struct io_byte_dev dev;   /* exported: pass &f->dev */
	struct fat_volume *vol;
	uint32_t first_cluster;
	uint32_t size;
	uint64_t pos;             /* stream position (may be past the end) */
	uint32_t cur_cluster;     /* hint: cluster number cur_index of the chain, 0: none */
	uint32_t cur_index;
};

/* Open the file at path relative to base. -EISDIR for a directory; other errors as fat_stat. */
int fat_open(struct fat_volume *v, const struct fat_dir *base, const char *path,
	     struct fat_file *f);
/* Open the file an entry describes (validates its whole cluster chain against its size). */
int fat_open_entry(struct fat_volume *v, const struct fat_dirent *e, struct fat_file *f);
/* Read at the position: bytes read (0 at or past the end) or a negative code. */
int64_t fat_read(struct fat_file *f, void *buf, size_t len);
/* Read at off without moving the position. */
int64_t fat_pread(struct fat_file *f, uint64_t off, void *buf, size_t len);
/* Seek (IO_SEEK_SET/CUR/END): the new position or -EINVAL / -EOVERFLOW. */
int64_t fat_seek(struct fat_file *f, int64_t off, int whence);
/* Nothing to release (read-only, no allocation); the handle must not be used afterwards. */
void fat_close(struct fat_file *f);

/* Error codes and messages are documented in docs/fat.md. */

#endif /* KEEL_IO_FAT_FAT_H */

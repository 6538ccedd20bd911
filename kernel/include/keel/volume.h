/*
 * Mounted FAT volumes: at boot (kernel/fs/volumes.c, FS level) every registered block device is
 * probed through a byte view, bare volumes and MBR partitions alike, and each FAT volume found
 * is mounted under a name: the device's for a bare volume (ram0), the device's plus "p<index>"
 * for a partition (ata0p1). A device or partition that does not mount is kept in the table too,
 * with its error and the reader's message, so `mount` can show why. The table is filled once
 * at boot and never changes afterwards: entries live forever.
 *
 * Locking: a FAT volume is not reentrant, so every call on v->fat (and on cursors and files of
 * it) is made with v->lock held. The lock is a mutex: take it in task context only, and never
 * while holding a console's lock unless with volume_trylock().
 */
#ifndef KEEL_VOLUME_H
#define KEEL_VOLUME_H

#include <stdbool.h>
#include <stdint.h>

#include <keel/blockdev.h>
#include <keel/mutex.h>

#include "io/byte_view.h"
#include "io/fat/fat.h"

#define VOLUME_MAX 32
#define VOLUME_NAME_MAX 24
#define VOLUME_WHY_MAX 96

struct volume {
	char name[VOLUME_NAME_MAX];   /* ram0, ram0p1, ata0p5 */
	const struct blockdev *bdev;  /* the device it is on */
	struct fat_region region;     /* where on the device (type/index 0: the whole device) */
	struct fat_volume *fat;       /* NULL when probing or mounting failed */
	int error;                    /* 0, or why it is not mounted (negative E* code) */
	char why[VOLUME_WHY_MAX];     /* the reader's message for error */
	struct fat_volume_info info;  /* valid when fat != NULL */
	struct io_byte_view view;     /* this volume's own view of bdev (one scratch block each) */
	struct mutex lock;            /* serialises every call on fat */
};

/* Volumes (mounted or failed) in discovery order; the table is complete once boot is done. */
unsigned volume_count(void);
struct volume *volume_get(unsigned i);
/* The volume called name (exact), mounted or not; NULL if none. */
struct volume *volume_find(const char *name);
/* The first mounted volume, or NULL. */
struct volume *volume_first_mounted(void);

static inline void volume_lock(struct volume *v)
{
	mutex_lock(&v->lock);
}

static inline bool volume_trylock(struct volume *v)
{
	return mutex_trylock(&v->lock);
}

static inline void volume_unlock(struct volume *v)
{
	mutex_unlock(&v->lock);
}

#endif /* KEEL_VOLUME_H */

/*
 * Support for the FAT host tests: the images tests/fat/mkimages.py built (their index,
 * manifests and extracted files under build/fat, or $FAT_IMAGES), loading an image into memory
 * and mounting it through the full stack the kernel uses (RAM block device -> byte view ->
 * optional call counter -> FAT volume), with a counting allocator that catches leaks.
 */
#ifndef KEEL_TESTS_FAT_TESTUTIL_H
#define KEEL_TESTS_FAT_TESTUTIL_H

#include <stddef.h>
#include <stdint.h>

#include <io/byte_view.h>
#include <io/fat/fat.h>
#include <io/mem_dev.h>

#include "io_testdev.h"

struct ft_image {
	char name[64];
	char file[128];
	uint64_t offset;
	uint32_t block_size;
};

/* The directory holding the generated images. */
const char *ft_dir(void);
/* Read the index: up to max entries; returns how many (0 if the images are missing). */
int ft_index(struct ft_image *out, int max);
/* Find one image by name in the index; 0 or -1. */
int ft_find(const char *name, struct ft_image *out);
/* Read a whole host file (malloc'd, *len); NULL if missing. */
uint8_t *ft_read_file(const char *path, size_t *len);

/* A mounted stack over an in-memory copy of an image. */
struct ft_stack {
	uint8_t *data;
	size_t size;
	struct io_mem_dev mem;
	struct io_byte_view view;
	struct tio_fault_byte counter;  /* counts device calls under the volume */
	struct tio_alloc alloc;
	struct fat_volume *vol;
	const char *why;
};

/* Load file (relative to ft_dir()) into s->data and build the device stack (no mount). */
int ft_load(struct ft_stack *s, const char *file, uint32_t block_size);
/* Mount at offset; returns fat_mount's result. */
int ft_mount(struct ft_stack *s, uint64_t offset);
/* Unmount, tear down, free; returns the allocator's outstanding count (0: no leak). */
int64_t ft_free(struct ft_stack *s);

#endif /* KEEL_TESTS_FAT_TESTUTIL_H */

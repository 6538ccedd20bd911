/*
 * The physical frame allocator: a bitmap with one bit per 4 KiB frame (1 = used or reserved),
 * a free count and a search hint. Everything starts reserved; the boot code marks the available
 * memory-map ranges free, then reserves the kernel image, boot information, modules and the
 * bitmap itself. The core (this header and frame_alloc.c) is plain C and host-tested; the
 * kernel's instance and its locking live in frames.c.
 */
#ifndef KEEL_FRAME_ALLOC_H
#define KEEL_FRAME_ALLOC_H

#include <stdint.h>

#include <keel/mm_types.h>

struct frame_alloc {
	uint64_t *bitmap;
	uint64_t nframes; /* frames [0, nframes) are tracked; the rest do not exist for us */
	uint64_t free_frames;
	uint64_t hint; /* where the next search starts */
};

/* Bytes of bitmap needed to track nframes frames (a multiple of 8). */
uint64_t frame_alloc_bitmap_bytes(uint64_t nframes);

/* Start with every frame reserved. */
void frame_alloc_init(struct frame_alloc *fa, uint64_t *bitmap, uint64_t nframes);

/* Mark a range free (clipped to the tracked frames). Frames already free stay free. */
void frame_alloc_add_free(struct frame_alloc *fa, frame_range_t r);

/* Mark a range reserved (clipped). Frames already reserved stay reserved. */
void frame_alloc_reserve(struct frame_alloc *fa, frame_range_t r);

/* Allocate `count` contiguous frames whose first frame number is a multiple of `align`
 * (a power of two, in frames). Returns 0 and the range, or -ENOMEM / -EINVAL. */
int frame_alloc_alloc(struct frame_alloc *fa, uint64_t count, uint64_t align, frame_range_t *out);

/* Free a previously allocated range: -EINVAL if any frame in it is already free or untracked
 * (a double free is caught, and nothing is changed then). */
int frame_alloc_free(struct frame_alloc *fa, frame_range_t r);

/* 1 if the frame is free, 0 if used or reserved or untracked. */
int frame_alloc_is_free(const struct frame_alloc *fa, frame_t f);

#endif /* KEEL_FRAME_ALLOC_H */

/*
 * Bitmap frame allocator core (see keel/frame_alloc.h). Searches run a word at a time over
 * fully-used words, so a mostly-full bitmap is still scanned quickly; contiguous allocations
 * check candidate runs bit by bit; adding and reserving ranges go a word at a time. Plain C with
 * no kernel dependencies.
 */
#include <keel/errno.h>
#include <keel/frame_alloc.h>
#include <stdbool.h>
#include <string.h>

static inline int fa_test(const struct frame_alloc *fa, uint64_t n)
{
	return (fa->bitmap[n / 64] >> (n % 64)) & 1;
}

static inline void fa_set(struct frame_alloc *fa, uint64_t n)
{
	fa->bitmap[n / 64] |= 1ull << (n % 64);
}

static inline void fa_clear(struct frame_alloc *fa, uint64_t n)
{
	fa->bitmap[n / 64] &= ~(1ull << (n % 64));
}

uint64_t frame_alloc_bitmap_bytes(uint64_t nframes)
{
	return (nframes + 63) / 64 * 8;
}

void frame_alloc_init(struct frame_alloc *fa, uint64_t *bitmap, uint64_t nframes)
{
	fa->bitmap = bitmap;
	fa->nframes = nframes;
	fa->free_frames = 0;
	fa->hint = 0;
	memset(bitmap, 0xFF, frame_alloc_bitmap_bytes(nframes));
}

static frame_range_t fa_clip(const struct frame_alloc *fa, frame_range_t r)
{
	return frame_range_intersect(r, (frame_range_t){ { 0 }, fa->nframes });
}

static unsigned fa_popcount(uint64_t v)
{
	/* SWAR bit count (no libgcc in the kernel for __builtin_popcountll). */
	v = v - ((v >> 1) & 0x5555555555555555ull);
	v = (v & 0x3333333333333333ull) + ((v >> 2) & 0x3333333333333333ull);
	v = (v + (v >> 4)) & 0x0F0F0F0F0F0F0F0Full;
	return (unsigned)((v * 0x0101010101010101ull) >> 56);
}

/* Set (used) or clear (free) every bit of r, a whole word at a time where r covers it (a big
 * memory map is then quick to load); returns how many bits changed. */
static uint64_t fa_mark(struct frame_alloc *fa, frame_range_t r, bool used)
{
	uint64_t n = r.start.number, end = frame_range_end(r), changed = 0;

	while (n < end) {
		if (n % 64 == 0 && end - n >= 64) {
			uint64_t *w = &fa->bitmap[n / 64];

			changed += used ? 64 - fa_popcount(*w) : fa_popcount(*w);
			*w = used ? ~0ull : 0;
			n += 64;
		} else {
			if (fa_test(fa, n) != used) {
				if (used)
					fa_set(fa, n);
				else
					fa_clear(fa, n);
				changed++;
			}
			n++;
		}
	}
	return changed;
}

void frame_alloc_add_free(struct frame_alloc *fa, frame_range_t r)
{
	fa->free_frames += fa_mark(fa, fa_clip(fa, r), false);
}

void frame_alloc_reserve(struct frame_alloc *fa, frame_range_t r)
{
	fa->free_frames -= fa_mark(fa, fa_clip(fa, r), true);
}

int frame_alloc_is_free(const struct frame_alloc *fa, frame_t f)
{
	return f.number < fa->nframes && !fa_test(fa, f.number);
}

/* First free frame at or after n, or nframes. */
static uint64_t fa_next_free(const struct frame_alloc *fa, uint64_t n)
{
	while (n < fa->nframes) {
		if (n % 64 == 0 && fa->bitmap[n / 64] == ~0ull) {
			n += 64;
			continue;
		}
		if (!fa_test(fa, n))
			return n;
		n++;
	}
	return fa->nframes;
}

static int fa_search(struct frame_alloc *fa, uint64_t from, uint64_t to, uint64_t count,
		     uint64_t align, uint64_t *found)
{
	uint64_t n = from;

	while (n < to) {
		uint64_t run = 0;

		n = fa_next_free(fa, n);
		n = (n + align - 1) & ~(align - 1);
		if (n >= to || count > to - n)
			return -ENOMEM;
		while (run < count && !fa_test(fa, n + run))
			run++;
		if (run == count) {
			*found = n;
			return 0;
		}
		n += run + 1;
	}
	return -ENOMEM;
}

int frame_alloc_alloc(struct frame_alloc *fa, uint64_t count, uint64_t align, frame_range_t *out)
{
	uint64_t start;

	if (count == 0 || align == 0 || (align & (align - 1)) != 0)
		return -EINVAL;
	if (count > fa->free_frames)
		return -ENOMEM;
	if (fa_search(fa, fa->hint, fa->nframes, count, align, &start) != 0 &&
	    fa_search(fa, 0, fa->nframes, count, align, &start) != 0)
		return -ENOMEM;
	for (uint64_t i = 0; i < count; i++)
		fa_set(fa, start + i);
	fa->free_frames -= count;
	fa->hint = start + count;
	*out = (frame_range_t){ { start }, count };
	return 0;
}

int frame_alloc_free(struct frame_alloc *fa, frame_range_t r)
{
	if (r.count == 0 || frame_range_end(r) > fa->nframes || frame_range_end(r) < r.start.number)
		return -EINVAL;
	for (uint64_t n = r.start.number; n < frame_range_end(r); n++)
		if (!fa_test(fa, n))
			return -EINVAL;
	for (uint64_t n = r.start.number; n < frame_range_end(r); n++)
		fa_clear(fa, n);
	fa->free_frames += r.count;
	if (r.start.number < fa->hint)
		fa->hint = r.start.number;
	return 0;
}

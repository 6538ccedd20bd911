/*
 * The kernel's frame allocator instance (keel/mm.h). Sizes the bitmap from the highest
 * available address in the memory map, places it in available memory below 4 GiB (reachable
 * through the boot direct map), then frees the available ranges and reserves what must never
 * be handed out. Every type other than "available" stays reserved. Calls take an IRQ-safe lock.
 */
#include <keel/errno.h>
#include <keel/frame_alloc.h>
#include <keel/log.h>
#include <keel/mm.h>
#include <keel/spinlock.h>

#define FRAMES_BOOT_LIMIT (4ull << 30) /* the boot page tables map the first 4 GiB */

static struct frame_alloc frames;
static struct spinlock frames_lock = SPINLOCK_INIT("frames");
static uint64_t frames_total;
static uint64_t frames_bitmap_at, frames_bitmap_bytes;
uint32_t spinlock_depth;

/* What must never be handed out besides the non-available map entries: the first MiB, the kernel
 * image, the boot information and the modules (the bitmap is added once placed). One list, so
 * placing the bitmap and reserving share one loop each. */
struct frames_resv {
	uint64_t start, len;
};

static unsigned frames_reserved(const struct boot_info *bi, struct frames_resv *r)
{
	unsigned n = 0;

	r[n++] = (struct frames_resv){ 0, 0x100000 };
	r[n++] = (struct frames_resv){ (uint64_t)__kernel_phys_start,
				       (uint64_t)__kernel_phys_end - (uint64_t)__kernel_phys_start };
	r[n++] = (struct frames_resv){ bi->info_phys, bi->info_size };
	for (unsigned i = 0; i < bi->module_count; i++)
		r[n++] = (struct frames_resv){ bi->modules[i].start, bi->modules[i].end - bi->modules[i].start };
	return n;
}

/* Find room for the bitmap: an available range below 4 GiB clear of everything reserved. */
static int frames_place_bitmap(const struct boot_info *bi, const struct frames_resv *resv, unsigned nresv,
			       uint64_t bytes, uint64_t *out)
{
	for (unsigned i = 0; i < bi->mmap_count; i++) {
		const struct boot_mmap_entry *e = &bi->mmap[i];
		uint64_t start, end;

		if (e->type != BOOT_MEM_AVAILABLE)
			continue;
		start = align_up(KEEL_MAX(e->base, 0x100000ull), PAGE_SIZE);
		end = KEEL_MIN(e->base + e->length, FRAMES_BOOT_LIMIT);
		while (start + bytes <= end) {
			frame_range_t r = frame_range_covering(paddr(start), bytes);
			unsigned k = 0;

			while (k < nresv && !frame_range_overlaps(r, frame_range_covering(paddr(resv[k].start),
											    resv[k].len)))
				k++;
			if (k == nresv) {
				*out = start;
				return 0;
			}
			start += PAGE_SIZE;
		}
	}
	return -ENOMEM;
}

int frames_init(const struct boot_info *bi)
{
	struct frames_resv resv[4 + BOOT_MODULES_MAX];
	unsigned nresv = frames_reserved(bi, resv);
	uint64_t top = 0, bytes, at;
	int ret;

	for (unsigned i = 0; i < bi->mmap_count; i++)
		if (bi->mmap[i].type == BOOT_MEM_AVAILABLE)
			top = KEEL_MAX(top, bi->mmap[i].base + bi->mmap[i].length);
	if (top == 0) {
		pr_err("mm", "the memory map has no available memory");
		return -ENOMEM;
	}
	bytes = align_up(frame_alloc_bitmap_bytes(top / PAGE_SIZE), PAGE_SIZE);
	ret = frames_place_bitmap(bi, resv, nresv, bytes, &at);
	if (ret) {
		pr_err("mm", "no room below 4 GiB for a %llu KiB frame bitmap", (unsigned long long)(bytes / 1024));
		return ret;
	}
	resv[nresv++] = (struct frames_resv){ at, bytes };
	frame_alloc_init(&frames, phys_ptr(paddr(at)), top / PAGE_SIZE);
	for (unsigned i = 0; i < bi->mmap_count; i++)
		if (bi->mmap[i].type == BOOT_MEM_AVAILABLE)
			frame_alloc_add_free(&frames, frame_range_inside(paddr(bi->mmap[i].base), bi->mmap[i].length));
	/* Anything the map also lists as not available wins over an overlapping available entry. */
	for (unsigned i = 0; i < bi->mmap_count; i++)
		if (bi->mmap[i].type != BOOT_MEM_AVAILABLE)
			frame_alloc_reserve(&frames, frame_range_covering(paddr(bi->mmap[i].base), bi->mmap[i].length));
	for (unsigned k = 0; k < nresv; k++)
		frame_alloc_reserve(&frames, frame_range_covering(paddr(resv[k].start), resv[k].len));
	frames_total = frames.free_frames;
	frames_bitmap_at = at;
	frames_bitmap_bytes = bytes;
	return 0;
}

void frames_report(void)
{
	pr_info("mm", "frames: %llu free (%llu MiB), bitmap %llu KiB at 0x%llx", (unsigned long long)frames_total,
		(unsigned long long)(frames_total / 256), (unsigned long long)(frames_bitmap_bytes / 1024),
		(unsigned long long)frames_bitmap_at);
}

int frames_alloc_aligned(uint64_t count, uint64_t align, frame_range_t *out)
{
	uint64_t flags = spin_lock_irqsave(&frames_lock);
	int ret = frame_alloc_alloc(&frames, count, align, out);

	spin_unlock_irqrestore(&frames_lock, flags);
	return ret;
}

int frames_alloc(uint64_t count, frame_range_t *out)
{
	return frames_alloc_aligned(count, 1, out);
}

int frames_free(frame_range_t r)
{
	uint64_t flags = spin_lock_irqsave(&frames_lock);
	int ret = frame_alloc_free(&frames, r);

	spin_unlock_irqrestore(&frames_lock, flags);
	return ret;
}

uint64_t frames_free_count(void)
{
	return __atomic_load_n(&frames.free_frames, __ATOMIC_RELAXED);
}

uint64_t frames_total_count(void)
{
	return frames_total;
}

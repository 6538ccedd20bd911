/*
 * The kernel heap: kmalloc/kzalloc/kcalloc/kfree on top of the frame allocator and the direct
 * map. Small objects come from size-class slabs, large ones from whole contiguous pages. Every
 * allocation records its site (file:line, captured by the macros below), so the checks that are
 * always on can name it: freed memory is poisoned and verified before reuse (use after free),
 * red zones after every object are verified at kfree (overflow), and a second kfree of the same
 * object is caught (double free). Each is a panic naming the allocation (and free) site.
 * Payloads are 16-byte aligned. Context: any, including IRQ (an IRQ-safe spinlock inside).
 */
#ifndef KEEL_HEAP_H
#define KEEL_HEAP_H

#include <stddef.h>
#include <stdint.h>

void *kmalloc_at(size_t size, const char *file, int line);
void *kzalloc_at(size_t size, const char *file, int line);
void *kcalloc_at(size_t n, size_t size, const char *file, int line);
void kfree_at(void *p, const char *file, int line);

#define kmalloc(size) kmalloc_at((size), __FILE__, __LINE__)
#define kzalloc(size) kzalloc_at((size), __FILE__, __LINE__)
#define kcalloc(n, size) kcalloc_at((n), (size), __FILE__, __LINE__)
#define kfree(p) kfree_at((p), __FILE__, __LINE__)

/* The usable size of a live allocation (what was asked for). */
size_t ksize(const void *p);

struct heap_stats {
	uint64_t bytes_in_use; /* requested bytes of live allocations */
	uint64_t bytes_peak;
	uint64_t live_allocs;
	uint64_t total_allocs;
	uint64_t total_frees;
	uint64_t failures;    /* requests that returned NULL */
	uint64_t slab_pages;  /* pages held by small-object slabs (including cached empty ones) */
	uint64_t large_pages; /* pages held by large allocations */
};

void heap_get_stats(struct heap_stats *out);
/* Tests: make every `every`-th allocation fail (0 turns it off), to walk the failure paths. */
void heap_inject_failures(unsigned every);

/* Verify every object on the heap (poison of free ones, headers and red zones of live ones);
 * panics on the first corruption. Returns the number of live objects checked. */
uint64_t heap_check(void);

#define HEAP_POISON_FREE 0x6B
#define HEAP_POISON_REDZONE 0xFD

#endif /* KEEL_HEAP_H */

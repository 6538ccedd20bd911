/*
 * Typed memory addresses, as in Theseus: physical and virtual addresses, frames and pages, and
 * ranges of each are distinct struct types, so passing a physical address where a virtual one
 * is wanted (or a frame for a page) is a compile error rather than a silent bug. All helpers are
 * inline and plain C: host tests check the arithmetic, tests/unit/compile_fail proves the types
 * do not mix.
 */
#ifndef KEEL_MM_TYPES_H
#define KEEL_MM_TYPES_H

#include <stdbool.h>
#include <stdint.h>

#define PAGE_SIZE 4096ull
#define PAGE_SHIFT 12
#define HUGE_PAGE_SIZE (2ull << 20)

/* Physical addresses are at most 52 bits; the direct map starts at the lower-half/upper-half split. */
#define PHYS_ADDR_MAX ((1ull << 52) - 1)
#define DIRECT_MAP_BASE 0xFFFF800000000000ull
#define KERNEL_VMA 0xFFFFFFFF80000000ull

typedef struct {
	uint64_t value;
} paddr_t;

typedef struct {
	uint64_t value;
} vaddr_t;

typedef struct {
	uint64_t number;
} frame_t;

typedef struct {
	uint64_t number;
} page_t;

/* Half-open ranges [start, start + count). */
typedef struct {
	frame_t start;
	uint64_t count;
} frame_range_t;

typedef struct {
	page_t start;
	uint64_t count;
} page_range_t;

static inline paddr_t paddr(uint64_t v)
{
	return (paddr_t){ v };
}

static inline vaddr_t vaddr(uint64_t v)
{
	return (vaddr_t){ v };
}

static inline bool paddr_valid(paddr_t p)
{
	return p.value <= PHYS_ADDR_MAX;
}

/* Canonical 48-bit virtual address: bits 63..47 all equal. */
static inline bool vaddr_canonical(vaddr_t v)
{
	uint64_t top = v.value >> 47;

	return top == 0 || top == 0x1FFFF;
}

static inline frame_t frame_containing(paddr_t p)
{
	return (frame_t){ p.value >> PAGE_SHIFT };
}

static inline paddr_t frame_start(frame_t f)
{
	return (paddr_t){ f.number << PAGE_SHIFT };
}

static inline page_t page_containing(vaddr_t v)
{
	return (page_t){ v.value >> PAGE_SHIFT };
}

/* The page's start address, sign-extended so pages in the upper half give canonical addresses. */
static inline vaddr_t page_start(page_t p)
{
	uint64_t v = p.number << PAGE_SHIFT;

	if (v & (1ull << 47))
		v |= 0xFFFF000000000000ull;
	else
		v &= 0x0000FFFFFFFFFFFFull;
	return (vaddr_t){ v };
}

static inline uint64_t paddr_page_offset(paddr_t p)
{
	return p.value & (PAGE_SIZE - 1);
}

static inline uint64_t vaddr_page_offset(vaddr_t v)
{
	return v.value & (PAGE_SIZE - 1);
}

static inline paddr_t paddr_add(paddr_t p, uint64_t off)
{
	return (paddr_t){ p.value + off };
}

static inline vaddr_t vaddr_add(vaddr_t v, uint64_t off)
{
	return (vaddr_t){ v.value + off };
}

static inline uint64_t align_down(uint64_t v, uint64_t a)
{
	return v & ~(a - 1);
}

/* Rounds up; saturates at the largest multiple of a instead of wrapping to 0. */
static inline uint64_t align_up(uint64_t v, uint64_t a)
{
	uint64_t r = (v + a - 1) & ~(a - 1);

	return r < v ? align_down(UINT64_MAX, a) : r;
}

/* The frames fully or partly covering [start, start + len). */
static inline frame_range_t frame_range_covering(paddr_t start, uint64_t len)
{
	uint64_t first = start.value >> PAGE_SHIFT;
	uint64_t end = len ? align_up(start.value + len, PAGE_SIZE) >> PAGE_SHIFT : first;

	return (frame_range_t){ { first }, end - first };
}

/* The frames entirely inside [start, start + len) (usable memory is rounded inward). */
static inline frame_range_t frame_range_inside(paddr_t start, uint64_t len)
{
	uint64_t first = align_up(start.value, PAGE_SIZE) >> PAGE_SHIFT;
	uint64_t end = align_down(start.value + len, PAGE_SIZE) >> PAGE_SHIFT;

	if (start.value + len < start.value) /* wraps: clip at the top */
		end = UINT64_MAX >> PAGE_SHIFT;
	return (frame_range_t){ { first }, end > first ? end - first : 0 };
}

static inline uint64_t frame_range_end(frame_range_t r)
{
	return r.start.number + r.count;
}

static inline bool frame_range_contains(frame_range_t r, frame_t f)
{
	return f.number >= r.start.number && f.number < frame_range_end(r);
}

static inline bool frame_range_overlaps(frame_range_t a, frame_range_t b)
{
	return a.count && b.count && a.start.number < frame_range_end(b) &&
	       b.start.number < frame_range_end(a);
}

static inline frame_range_t frame_range_intersect(frame_range_t a, frame_range_t b)
{
	uint64_t s = a.start.number > b.start.number ? a.start.number : b.start.number;
	uint64_t ea = frame_range_end(a), eb = frame_range_end(b);
	uint64_t e = ea < eb ? ea : eb;

	return (frame_range_t){ { s }, e > s ? e - s : 0 };
}

static inline page_range_t page_range_covering(vaddr_t start, uint64_t len)
{
	uint64_t first = start.value >> PAGE_SHIFT;
	uint64_t end = len ? align_up(start.value + len, PAGE_SIZE) >> PAGE_SHIFT : first;

	return (page_range_t){ { first }, end - first };
}

static inline uint64_t page_range_end(page_range_t r)
{
	return r.start.number + r.count;
}

static inline bool page_range_contains(page_range_t r, page_t p)
{
	return p.number >= r.start.number && p.number < page_range_end(r);
}

/* Direct map: every physical address p is also mapped at DIRECT_MAP_BASE + p. */
static inline vaddr_t phys_to_virt(paddr_t p)
{
	return (vaddr_t){ DIRECT_MAP_BASE + p.value };
}

static inline void *phys_ptr(paddr_t p)
{
	return (void *)(uintptr_t)(DIRECT_MAP_BASE + p.value);
}

#endif /* KEEL_MM_TYPES_H */

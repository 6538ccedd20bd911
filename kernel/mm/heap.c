/*
 * The kernel heap (keel/heap.h). Small requests are rounded to one of six size classes (64 B to
 * 2 KiB per object, header and red zone included) served from 16 KiB slabs: four contiguous,
 * 16 KiB-aligned frames reached through the direct map, so kfree finds an object's slab by
 * rounding its address down. Larger requests take whole contiguous frames. Every object starts
 * with a 32-byte header (magic, requested size, allocation and free sites, class); the bytes
 * between the request and the end of the object are a red zone (at least 8 bytes). Freed
 * objects are poisoned and verified again when handed out. The checks are always on: they cost
 * a few hundred cycles per call and catch bugs no later test could attribute. One IRQ-safe lock
 * covers everything; a slab that becomes empty is kept (one per class) or returned to the frame
 * allocator, so after a burst the heap shrinks back.
 */
#include <keel/assert.h>
#include <keel/context.h>
#include <keel/compiler.h>
#include <keel/heap.h>
#include <keel/log.h>
#include <keel/mm.h>
#include <keel/panic.h>
#include <keel/spinlock.h>
#include <string.h>

#define HDR_SIZE 32u
#define REDZONE_MIN 8u
#define SLAB_PAGES 4u
#define SLAB_BYTES (SLAB_PAGES * PAGE_SIZE)
#define SLAB_HDR_SIZE 64u
#define LARGE_PREFIX 32u
#define NCLASSES 6
#define CLS_LARGE 0xFFu
#define MAGIC_LIVE 0x4C495645u /* "LIVE" */
#define MAGIC_FREE 0x46524545u /* "FREE" */
#define SLAB_MAGIC 0x534C4142u /* "SLAB" */
#define HEAP_MAX_REQUEST (1ull << 30)

struct heap_hdr {
	uint32_t magic;
	uint32_t size;
	const char *file;      /* allocation site */
	const char *free_file; /* last free site, NULL while never freed */
	uint16_t line, free_line;
	uint8_t cls;
	uint8_t pad[3];
};

struct heap_slab {
	uint32_t magic;
	uint16_t cls, nfree, nobj, full;
	struct heap_slab *prev, *next;
	struct heap_hdr *free_list; /* next pointer kept in each free payload's first 8 bytes */
	uint8_t pad[24];
};

struct heap_large {
	struct heap_large *prev, *next;
	uint64_t pages;
	uint64_t pad;
};

struct heap_class {
	struct heap_slab *partial, *full;
	uint32_t size;
	unsigned empty_slabs;
};

_Static_assert(sizeof(struct heap_hdr) == HDR_SIZE, "heap header layout");
_Static_assert(sizeof(struct heap_slab) == SLAB_HDR_SIZE, "slab header layout");
_Static_assert(sizeof(struct heap_large) == LARGE_PREFIX, "large prefix layout");

static struct heap_class heap_classes[NCLASSES] = {
	{ .size = 64 }, { .size = 128 }, { .size = 256 }, { .size = 512 }, { .size = 1024 }, { .size = 2048 },
};
static struct heap_large *heap_large_list;
static struct heap_stats heap_stats;
static struct spinlock heap_lock = SPINLOCK_INIT("heap");

static uint16_t heap_line(int line)
{
	return (uint16_t)(line < 0 ? 0 : line > 0xFFFF ? 0xFFFF : line);
}

static const char *heap_site(const char *file)
{
	return file ? file : "?";
}

static void slab_list_add(struct heap_slab **head, struct heap_slab *s)
{
	s->prev = NULL;
	s->next = *head;
	if (*head)
		(*head)->prev = s;
	*head = s;
}

static void slab_list_del(struct heap_slab **head, struct heap_slab *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		*head = s->next;
	if (s->next)
		s->next->prev = s->prev;
	s->prev = s->next = NULL;
}

static uint8_t *hdr_payload(struct heap_hdr *h)
{
	return (uint8_t *)(h + 1);
}

static uint32_t hdr_object_bytes(const struct heap_hdr *h)
{
	if (h->cls == CLS_LARGE) {
		const struct heap_large *l = (const void *)((const uint8_t *)h - LARGE_PREFIX);

		return (uint32_t)(l->pages * PAGE_SIZE - LARGE_PREFIX);
	}
	return heap_classes[h->cls].size;
}

/* Offset of the first byte in [from, to) of p that is not `val`, or -1. Eight bytes at a time
 * where aligned (every allocation and free checks a whole object). */
static long heap_find_not(const uint8_t *p, size_t from, size_t to, uint8_t val)
{
	uint64_t word = val * 0x0101010101010101ull;
	size_t i = from;

	while (i < to && ((uintptr_t)(p + i) & 7))
		if (p[i++] != val)
			return (long)(i - 1);
	while (to - i >= 8 && *(const uint64_t *)(const void *)(p + i) == word)
		i += 8;
	for (; i < to; i++)
		if (p[i] != val)
			return (long)i;
	return -1;
}

static void heap_check_redzone(struct heap_hdr *h, const char *file, int line)
{
	uint32_t payload = hdr_object_bytes(h) - HDR_SIZE;
	long bad = heap_find_not(hdr_payload(h), h->size, payload, HEAP_POISON_REDZONE);

	if (bad >= 0)
		panic("heap: buffer overflow: red zone of %p (%u bytes allocated at %s:%u) overwritten at "
		      "byte %ld; found by %s at %s:%d",
		      hdr_payload(h), h->size, heap_site(h->file), h->line, bad, file ? "kfree" : "heap_check",
		      heap_site(file), line);
}

static void heap_check_poison(struct heap_hdr *h)
{
	uint32_t payload = hdr_object_bytes(h) - HDR_SIZE;
	long bad = heap_find_not(hdr_payload(h), 8, payload, HEAP_POISON_FREE);

	if (h->magic != MAGIC_FREE)
		panic("heap: free object %p has a corrupt header (magic 0x%08x)", hdr_payload(h), h->magic);
	if (bad >= 0)
		panic("heap: use after free: %p (%u bytes allocated at %s:%u, freed at %s:%u) was written at "
		      "byte %ld after kfree",
		      hdr_payload(h), h->size, heap_site(h->file), h->line, heap_site(h->free_file), h->free_line, bad);
}

static void heap_poison_free(struct heap_hdr *h, struct heap_hdr *next)
{
	uint8_t *p = hdr_payload(h);

	memset(p, HEAP_POISON_FREE, hdr_object_bytes(h) - HDR_SIZE);
	memcpy(p, &next, sizeof(next));
}

static struct heap_hdr *slab_object(struct heap_slab *s, unsigned i)
{
	return (struct heap_hdr *)((uint8_t *)s + SLAB_HDR_SIZE + (size_t)i * heap_classes[s->cls].size);
}

/* Called with heap_lock held. */
static struct heap_slab *slab_new(unsigned cls)
{
	struct heap_class *c = &heap_classes[cls];
	frame_range_t fr;

	spin_assert_held(&heap_lock);
	struct heap_slab *s;

	if (frames_alloc_aligned(SLAB_PAGES, SLAB_PAGES, &fr))
		return NULL;
	s = phys_ptr(frame_start(fr.start));
	memset(s, 0, SLAB_HDR_SIZE);
	s->magic = SLAB_MAGIC;
	s->cls = (uint16_t)cls;
	s->nobj = (uint16_t)((SLAB_BYTES - SLAB_HDR_SIZE) / c->size);
	s->nfree = s->nobj;
	for (unsigned i = s->nobj; i-- > 0;) {
		struct heap_hdr *h = slab_object(s, i);

		*h = (struct heap_hdr){ .magic = MAGIC_FREE, .cls = (uint8_t)cls };
		heap_poison_free(h, s->free_list);
		s->free_list = h;
	}
	slab_list_add(&c->partial, s);
	c->empty_slabs++;
	heap_stats.slab_pages += SLAB_PAGES;
	return s;
}

static void heap_account_alloc(uint32_t size)
{
	heap_stats.bytes_in_use += size;
	if (heap_stats.bytes_in_use > heap_stats.bytes_peak)
		heap_stats.bytes_peak = heap_stats.bytes_in_use;
	heap_stats.live_allocs++;
	heap_stats.total_allocs++;
}

static void *heap_alloc_small(unsigned cls, uint32_t size, const char *file, int line)
{
	struct heap_class *c = &heap_classes[cls];
	struct heap_slab *s = c->partial;
	struct heap_hdr *h;
	uint8_t *p;

	if (!s && !(s = slab_new(cls)))
		return NULL;
	h = s->free_list;
	heap_check_poison(h);
	memcpy(&s->free_list, hdr_payload(h), sizeof(s->free_list));
	if (s->nfree-- == s->nobj)
		c->empty_slabs--;
	if (s->nfree == 0) {
		slab_list_del(&c->partial, s);
		slab_list_add(&c->full, s);
		s->full = 1;
	}
	*h = (struct heap_hdr){ .magic = MAGIC_LIVE, .size = size, .file = file, .line = heap_line(line), .cls = (uint8_t)cls };
	p = hdr_payload(h);
	memset(p, HEAP_POISON_FREE, size); /* uninitialised memory looks freed-like, never zero by luck */
	memset(p + size, HEAP_POISON_REDZONE, c->size - HDR_SIZE - size);
	heap_account_alloc(size);
	return p;
}

static void *heap_alloc_large(uint32_t size, const char *file, int line)
{
	uint64_t pages = align_up(LARGE_PREFIX + HDR_SIZE + size + REDZONE_MIN, PAGE_SIZE) / PAGE_SIZE;
	frame_range_t fr;
	struct heap_large *l;
	struct heap_hdr *h;

	if (frames_alloc(pages, &fr))
		return NULL;
	l = phys_ptr(frame_start(fr.start));
	*l = (struct heap_large){ .pages = pages, .next = heap_large_list };
	if (heap_large_list)
		heap_large_list->prev = l;
	heap_large_list = l;
	h = (struct heap_hdr *)(l + 1);
	*h = (struct heap_hdr){ .magic = MAGIC_LIVE, .size = size, .file = file, .line = heap_line(line), .cls = CLS_LARGE };
	memset(hdr_payload(h), HEAP_POISON_FREE, size);
	memset(hdr_payload(h) + size, HEAP_POISON_REDZONE, hdr_object_bytes(h) - HDR_SIZE - size);
	heap_stats.large_pages += pages;
	heap_account_alloc(size);
	return hdr_payload(h);
}

/* Failure injection for tests: every Nth request fails (0: none). Under heap_lock. */
static unsigned heap_fail_every, heap_fail_count;

void heap_inject_failures(unsigned every)
{
	uint64_t flags = spin_lock_irqsave(&heap_lock);

	heap_fail_every = every;
	heap_fail_count = 0;
	spin_unlock_irqrestore(&heap_lock, flags);
}

void *kmalloc_at(size_t size, const char *file, int line)
{
	uint64_t flags;
	void *p = NULL;

	flags = spin_lock_irqsave(&heap_lock);
	if (heap_fail_every && ++heap_fail_count % heap_fail_every == 0) {
		heap_stats.failures++;
		spin_unlock_irqrestore(&heap_lock, flags);
		return NULL;
	}
	if (size <= HEAP_MAX_REQUEST) {
		unsigned cls = 0;

		while (cls < NCLASSES && HDR_SIZE + size + REDZONE_MIN > heap_classes[cls].size)
			cls++;
		p = cls < NCLASSES ? heap_alloc_small(cls, (uint32_t)size, file, line)
				   : heap_alloc_large((uint32_t)size, file, line);
	}
	if (!p)
		heap_stats.failures++;
	spin_unlock_irqrestore(&heap_lock, flags);
	return p;
}

void *kzalloc_at(size_t size, const char *file, int line)
{
	void *p = kmalloc_at(size, file, line);

	if (p)
		memset(p, 0, size);
	return p;
}

void *kcalloc_at(size_t n, size_t size, const char *file, int line)
{
	if (size && n > HEAP_MAX_REQUEST / size) {
		uint64_t flags = spin_lock_irqsave(&heap_lock);

		heap_stats.failures++;
		spin_unlock_irqrestore(&heap_lock, flags);
		return NULL;
	}
	return kzalloc_at(n * size, file, line);
}

/* Find and validate the header of a pointer handed to kfree/ksize. */
static struct heap_hdr *heap_header_of(const void *p, const char *file, int line)
{
	uintptr_t a = (uintptr_t)p;
	struct heap_hdr *h;

	if (a < DIRECT_MAP_BASE + PAGE_SIZE || (a & 15) || a >= DIRECT_MAP_BASE + (1ull << 46))
		panic("heap: kfree of %p at %s:%d: not a heap pointer", p, heap_site(file), line);
	h = (struct heap_hdr *)(a - HDR_SIZE);
	if (h->magic == MAGIC_FREE)
		panic("heap: double free of %p (%u bytes allocated at %s:%u, already freed at %s:%u), "
		      "freed again at %s:%d",
		      p, h->size, heap_site(h->file), h->line, heap_site(h->free_file), h->free_line, heap_site(file),
		      line);
	if (h->magic != MAGIC_LIVE || (h->cls >= NCLASSES && h->cls != CLS_LARGE))
		panic("heap: kfree of %p at %s:%d: no live allocation there (header magic 0x%08x: a wild "
		      "pointer or an underflow into the header)",
		      p, heap_site(file), line, h->magic);
	if (h->cls != CLS_LARGE) {
		struct heap_slab *s = (struct heap_slab *)align_down(a, SLAB_BYTES);
		uintptr_t off = (uintptr_t)h - (uintptr_t)s - SLAB_HDR_SIZE;

		if (s->magic != SLAB_MAGIC || s->cls != h->cls || off % heap_classes[h->cls].size)
			panic("heap: kfree of %p at %s:%d: header claims size class %u but the slab disagrees", p,
			      heap_site(file), line, h->cls);
	}
	return h;
}

static void heap_free_small(struct heap_hdr *h)
{
	struct heap_slab *s = (struct heap_slab *)align_down((uintptr_t)h, SLAB_BYTES);
	struct heap_class *c = &heap_classes[s->cls];

	heap_poison_free(h, s->free_list);
	s->free_list = h;
	if (s->full) {
		slab_list_del(&c->full, s);
		slab_list_add(&c->partial, s);
		s->full = 0;
	}
	if (++s->nfree < s->nobj)
		return;
	if (c->empty_slabs == 0) {
		c->empty_slabs++;
		return;
	}
	/* Another empty slab is cached already: give this one back. */
	slab_list_del(&c->partial, s);
	s->magic = 0;
	heap_stats.slab_pages -= SLAB_PAGES;
	frames_free((frame_range_t){ frame_containing(paddr((uintptr_t)s - DIRECT_MAP_BASE)), SLAB_PAGES });
}

static void heap_free_large(struct heap_hdr *h)
{
	struct heap_large *l = (struct heap_large *)((uint8_t *)h - LARGE_PREFIX);

	if (l->prev)
		l->prev->next = l->next;
	else
		heap_large_list = l->next;
	if (l->next)
		l->next->prev = l->prev;
	heap_stats.large_pages -= l->pages;
	h->magic = MAGIC_FREE;
	frames_free((frame_range_t){ frame_containing(paddr((uintptr_t)l - DIRECT_MAP_BASE)), l->pages });
}

void kfree_at(void *p, const char *file, int line)
{
	struct heap_hdr *h;
	uint64_t flags;

	if (!p)
		return;
	flags = spin_lock_irqsave(&heap_lock);
	h = heap_header_of(p, file, line);
	heap_check_redzone(h, file, line);
	heap_stats.bytes_in_use -= h->size;
	heap_stats.live_allocs--;
	heap_stats.total_frees++;
	h->magic = MAGIC_FREE;
	h->free_file = file;
	h->free_line = heap_line(line);
	if (h->cls == CLS_LARGE)
		heap_free_large(h);
	else
		heap_free_small(h);
	spin_unlock_irqrestore(&heap_lock, flags);
}

size_t ksize(const void *p)
{
	uint64_t flags = spin_lock_irqsave(&heap_lock);
	size_t n = heap_header_of(p, "ksize", 0)->size;

	spin_unlock_irqrestore(&heap_lock, flags);
	return n;
}

void heap_get_stats(struct heap_stats *out)
{
	uint64_t flags = spin_lock_irqsave(&heap_lock);

	*out = heap_stats;
	spin_unlock_irqrestore(&heap_lock, flags);
}

static uint64_t heap_check_slab(struct heap_slab *s)
{
	uint64_t live = 0;

	if (s->magic != SLAB_MAGIC)
		panic("heap: slab %p has a corrupt header", (void *)s);
	for (unsigned i = 0; i < s->nobj; i++) {
		struct heap_hdr *h = slab_object(s, i);

		if (h->magic == MAGIC_LIVE) {
			heap_check_redzone(h, NULL, 0);
			live++;
		} else {
			heap_check_poison(h);
		}
	}
	if ((uint64_t)(s->nobj - s->nfree) != live)
		panic("heap: slab %p counts %u free of %u objects but %llu are live", (void *)s, s->nfree, s->nobj,
		      (unsigned long long)live);
	return live;
}

uint64_t heap_check(void)
{
	uint64_t flags = spin_lock_irqsave(&heap_lock), live = 0;

	for (unsigned c = 0; c < NCLASSES; c++) {
		for (struct heap_slab *s = heap_classes[c].partial; s; s = s->next)
			live += heap_check_slab(s);
		for (struct heap_slab *s = heap_classes[c].full; s; s = s->next)
			live += heap_check_slab(s);
	}
	for (struct heap_large *l = heap_large_list; l; l = l->next) {
		struct heap_hdr *h = (struct heap_hdr *)(l + 1);

		if (h->magic != MAGIC_LIVE)
			panic("heap: large allocation at %p has a corrupt header", (void *)hdr_payload(h));
		heap_check_redzone(h, NULL, 0);
		live++;
	}
	if (live != heap_stats.live_allocs)
		panic("heap: %llu live objects found, statistics say %llu", (unsigned long long)live,
		      (unsigned long long)heap_stats.live_allocs);
	spin_unlock_irqrestore(&heap_lock, flags);
	return live;
}

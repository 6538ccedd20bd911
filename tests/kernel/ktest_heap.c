/*
 * In-kernel tests of the heap: sizes, alignment and zeroing; statistics; a random alloc/free
 * stress with content checks after which the heap is back where it started; failure counting.
 * The KTEST_EXPLICIT ones must panic with a message naming the allocation site (double free,
 * overflow into the red zone, write after free).
 */
#include <keel/heap.h>
#include <keel/ktest.h>
#include <keel/mm.h>
#include <string.h>

static uint64_t heap_rng_state = 0x9E3779B97F4A7C15ull;

static uint64_t heap_rng(void)
{
	uint64_t x = heap_rng_state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return heap_rng_state = x;
}

KTEST(heap_sizes_alignment_zeroing)
{
	static const size_t sizes[] = { 0, 1, 15, 16, 24, 100, 480, 2000, 2008, 4000, 4096, 70000 };
	struct heap_stats s0, s1;
	void *p[ARRAY_SIZE(sizes)];

	heap_get_stats(&s0);
	for (unsigned i = 0; i < ARRAY_SIZE(sizes); i++) {
		p[i] = kmalloc(sizes[i]);
		KT_ASSERT(p[i] != NULL);
		KT_EXPECT(((uintptr_t)p[i] & 15) == 0);
		KT_EXPECT_EQ(ksize(p[i]), sizes[i]);
		memset(p[i], (int)i, sizes[i]);
	}
	heap_get_stats(&s1);
	KT_EXPECT_EQ(s1.live_allocs - s0.live_allocs, ARRAY_SIZE(sizes));
	KT_EXPECT(s1.bytes_in_use - s0.bytes_in_use == 0 + 1 + 15 + 16 + 24 + 100 + 480 + 2000 + 2008 + 4000 + 4096 + 70000);
	KT_EXPECT(s1.large_pages > s0.large_pages);
	for (unsigned i = 0; i < ARRAY_SIZE(sizes); i++) {
		for (size_t j = 0; j < sizes[i]; j++)
			if (((uint8_t *)p[i])[j] != (uint8_t)i) {
				KT_EXPECT(!"allocations overlap");
				break;
			}
		kfree(p[i]);
	}
	KT_EXPECT(heap_check() == s0.live_allocs);
	for (int i = 0; i < 8; i++) {
		uint8_t *z = kzalloc(300);
		int nonzero = 0;

		KT_ASSERT(z != NULL);
		for (int j = 0; j < 300; j++)
			nonzero |= z[j];
		KT_EXPECT(!nonzero);
		memset(z, 0xEE, 300); /* dirty it: the next kzalloc reuses it */
		kfree(z);
	}
	kfree(NULL);
	heap_get_stats(&s1);
	KT_EXPECT_EQ(s1.live_allocs, s0.live_allocs);
	KT_EXPECT_EQ(s1.bytes_in_use, s0.bytes_in_use);
	KT_EXPECT(s1.bytes_peak >= s0.bytes_in_use + 70000);
}

KTEST(heap_failures_counted)
{
	struct heap_stats s0, s1;

	heap_get_stats(&s0);
	KT_EXPECT(kmalloc(3ull << 30) == NULL);           /* beyond the request limit */
	KT_EXPECT(kmalloc((frames_free_count() + 16) * PAGE_SIZE) == NULL); /* more than is free */
	KT_EXPECT(kcalloc(1ull << 40, 1ull << 30) == NULL); /* n * size overflows */
	heap_get_stats(&s1);
	KT_EXPECT_EQ(s1.failures - s0.failures, 3);
	KT_EXPECT_EQ(s1.live_allocs, s0.live_allocs);
}

#define STRESS_SLOTS 200
#define STRESS_OPS 6000

KTEST(heap_stress_returns_to_start)
{
	static uint8_t *slot[STRESS_SLOTS];
	static uint32_t len[STRESS_SLOTS];
	struct heap_stats s0, s1;
	uint64_t frames0 = frames_free_count();
	unsigned bad = 0;

	heap_get_stats(&s0);
	for (unsigned op = 0; op < STRESS_OPS; op++) {
		unsigned i = (unsigned)(heap_rng() % STRESS_SLOTS);

		if (slot[i]) {
			for (uint32_t j = 0; j < len[i]; j++)
				bad += slot[i][j] != (uint8_t)(i ^ j);
			kfree(slot[i]);
			slot[i] = NULL;
			continue;
		}
		/* Mostly small, sometimes a few pages. */
		len[i] = (uint32_t)(heap_rng() % 8 == 0 ? heap_rng() % 20000 : heap_rng() % 1500);
		slot[i] = kmalloc(len[i]);
		KT_ASSERT(slot[i] != NULL);
		for (uint32_t j = 0; j < len[i]; j++)
			slot[i][j] = (uint8_t)(i ^ j);
		if (op % 1000 == 999)
			heap_check();
	}
	heap_check();
	for (unsigned i = 0; i < STRESS_SLOTS; i++) {
		if (!slot[i])
			continue;
		for (uint32_t j = 0; j < len[i]; j++)
			bad += slot[i][j] != (uint8_t)(i ^ j);
		kfree(slot[i]);
		slot[i] = NULL;
	}
	KT_EXPECT_EQ(bad, 0);
	heap_get_stats(&s1);
	KT_EXPECT_EQ(s1.live_allocs, s0.live_allocs);
	KT_EXPECT_EQ(s1.bytes_in_use, s0.bytes_in_use);
	KT_EXPECT_EQ(s1.large_pages, s0.large_pages);
	KT_EXPECT_EQ(s1.total_allocs - s0.total_allocs, s1.total_frees - s0.total_frees);
	/* Only cached empty slabs (at most one per class) may still hold frames. */
	KT_EXPECT(s1.slab_pages <= s0.slab_pages + 6 * 4);
	KT_EXPECT_EQ(frames_free_count() + (s1.slab_pages - s0.slab_pages), frames0);
	KT_EXPECT_EQ(heap_check(), s0.live_allocs);
}

/* These must panic, naming the allocation site (tests/qemu/ktest.py checks the messages). */
KTEST_EXPLICIT(panic_heap_double_free)
{
	void *p = kmalloc(40);

	kfree(p);
	kfree(p);
}

KTEST_EXPLICIT(panic_heap_overflow)
{
	uint8_t *p = kmalloc(40);

	p[40] = 1; /* one past the end */
	kfree(p);
}

KTEST_EXPLICIT(panic_heap_use_after_free)
{
	uint8_t *p = kmalloc(100);

	kfree(p);
	p[50] = 7;
	p = kmalloc(100); /* the same object comes back: its poison is checked */
	kfree(p);
}

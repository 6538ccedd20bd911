/*
 * In-kernel tests of nano_core: the kernel string routines and formatter as built for the
 * kernel, the frame allocator instance, the paging API (map/translate/unmap round trips and the
 * W^X layout of the kernel image), the module table order and the boot information copy.
 */
#include <keel/assert.h>
#include <keel/format.h>
#include <keel/ktest.h>
#include <keel/mm.h>
#include <keel/module.h>
#include <keel/settle.h>
#include <keel/time.h>
#include <string.h>

#include "kernel/core/boot.h"


KTEST(string_routines)
{
	char a[64], b[64];

	memset(a, 'x', sizeof(a));
	KT_EXPECT(a[0] == 'x' && a[63] == 'x');
	for (int i = 0; i < 64; i++)
		a[i] = (char)i;
	memcpy(b, a, sizeof(a));
	KT_EXPECT(memcmp(a, b, sizeof(a)) == 0);
	memmove(a + 1, a, 32); /* overlapping, forwards */
	KT_EXPECT(a[1] == 0 && a[32] == 31);
	memmove(b, b + 1, 32); /* overlapping, backwards */
	KT_EXPECT(b[0] == 1 && b[31] == 32);
	KT_EXPECT(strlen("keel") == 4);
	KT_EXPECT(strcmp("abc", "abd") < 0);
	KT_EXPECT(strncmp("abcx", "abcy", 3) == 0);
	KT_EXPECT(strchr("hello", 'l') != NULL && *strchr("hello", 'l') == 'l');
	KT_EXPECT(strrchr("hello", 'l') - "hello" == 3 || strrchr("hello", 'l')[1] == 'o');
}

KTEST(format_in_kernel)
{
	char buf[64];

	keel_snprintf(buf, sizeof(buf), "%d|%5u|%-4s|%08llx|%p", -42, 7u, "ab", 0xBEEFull, (void *)0x10);
	KT_EXPECT(strcmp(buf, "-42|    7|ab  |0000beef|0x10") == 0);
}

KTEST(frames_alloc_free)
{
	uint64_t before = frames_free_count();
	frame_range_t r[8];

	for (int i = 0; i < 8; i++)
		KT_ASSERT(frames_alloc((uint64_t)i + 1, &r[i]) == 0);
	KT_EXPECT_EQ(frames_free_count(), before - 36);
	for (int i = 0; i < 8; i++)
		for (int j = i + 1; j < 8; j++)
			KT_EXPECT(!frame_range_overlaps(r[i], r[j]));
	/* The memory is really there: write through the direct map. */
	for (int i = 0; i < 8; i++)
		memset(phys_ptr(frame_start(r[i].start)), 0xA5, r[i].count * PAGE_SIZE);
	for (int i = 0; i < 8; i++)
		KT_EXPECT(frames_free(r[i]) == 0);
	KT_EXPECT(frames_free(r[0]) != 0); /* double free is refused */
	KT_EXPECT_EQ(frames_free_count(), before);
	KT_ASSERT(frames_alloc_aligned(4, 512, &r[0]) == 0);
	KT_EXPECT(r[0].start.number % 512 == 0);
	KT_EXPECT(frames_free(r[0]) == 0);
}

KTEST(frames_kernel_reserved)
{
	frame_range_t r;

	/* Nothing handed out may overlap the kernel image or the first megabyte. */
	for (int i = 0; i < 64; i++) {
		KT_ASSERT(frames_alloc(1, &r) == 0);
		KT_EXPECT(frame_start(r.start).value >= 0x100000);
		KT_EXPECT(frame_start(r.start).value >= (uint64_t)__kernel_phys_end ||
			  frame_start(r.start).value + PAGE_SIZE <= (uint64_t)__kernel_phys_start);
		frames_free(r);
	}
}

KTEST(paging_map_translate_unmap)
{
	page_t page = page_containing(vaddr(0xFFFFC00000000000ull));
	frame_range_t f;
	paddr_t pa;
	unsigned flags;
	volatile uint64_t *p = (volatile uint64_t *)page_start(page).value;

	KT_ASSERT(frames_alloc(1, &f) == 0);
	KT_EXPECT(paging_translate(page_start(page), &pa, NULL) != 0);
	KT_ASSERT(paging_map(page, f.start, PAGE_WRITE) == 0);
	KT_EXPECT(paging_map(page, f.start, PAGE_WRITE) != 0); /* already mapped */
	KT_ASSERT(paging_translate(vaddr_add(page_start(page), 0x123), &pa, &flags) == 0);
	KT_EXPECT_EQ(pa.value, frame_start(f.start).value + 0x123);
	KT_EXPECT(flags & PAGE_WRITE);
	KT_EXPECT(!(flags & PAGE_EXEC) || !paging_nx_enabled());
	*p = 0x1122334455667788ull;
	KT_EXPECT(*(uint64_t *)phys_ptr(frame_start(f.start)) == 0x1122334455667788ull);
	KT_EXPECT(paging_unmap(page) == 0);
	KT_EXPECT(paging_translate(page_start(page), &pa, NULL) != 0);
	KT_EXPECT(paging_unmap(page) != 0);
	frames_free(f);
}

KTEST(paging_kernel_wx)
{
	unsigned flags;
	paddr_t pa;

	KT_ASSERT(paging_translate(vaddr((uint64_t)__text_start), &pa, &flags) == 0);
	KT_EXPECT((flags & PAGE_EXEC) && !(flags & PAGE_WRITE));
	KT_EXPECT_EQ(pa.value, (uint64_t)__text_start - KERNEL_VMA);
	KT_ASSERT(paging_translate(vaddr((uint64_t)__rodata_start), &pa, &flags) == 0);
	KT_EXPECT(!(flags & PAGE_WRITE));
	KT_EXPECT(!(flags & PAGE_EXEC) || !paging_nx_enabled());
	KT_ASSERT(paging_translate(vaddr((uint64_t)__data_start), &pa, &flags) == 0);
	KT_EXPECT(flags & PAGE_WRITE);
	KT_EXPECT(!(flags & PAGE_EXEC) || !paging_nx_enabled());
	/* The boot stack guard page is unmapped; the identity map is gone. */
	KT_EXPECT(paging_translate(vaddr((uint64_t)__boot_stack_guard), &pa, &flags) != 0);
	KT_EXPECT(paging_translate(vaddr(0x200000), &pa, &flags) != 0);
	/* The direct map covers low memory, NX and huge. */
	KT_ASSERT(paging_translate(phys_to_virt(paddr(0x100000)), &pa, &flags) == 0);
	KT_EXPECT_EQ(pa.value, 0x100000);
	KT_EXPECT(flags & PAGE_HUGE);
}

KTEST(module_table_sorted)
{
	const struct module_desc *const *m = modules_table();
	unsigned n = modules_count();

	KT_EXPECT(n >= 3);
	for (unsigned i = 1; i < n; i++)
		KT_EXPECT(m[i - 1]->level <= m[i]->level);
	for (unsigned i = 0; i < n; i++)
		KT_EXPECT(m[i]->name && m[i]->init && m[i]->level >= 1 && m[i]->level <= 7);
}

/* The deferred modules ran after "boot complete", once, before the tests (which wait for them);
 * the device probes and the volumes are among them, the console's own modules are not. */
KTEST(modules_deferred_after_boot)
{
	const struct module_desc *const *m = modules_table();
	bool volumes = false, serial = false;

	KT_ASSERT(devices_settled());
	KT_EXPECT(modules_deferred_count() >= 3);
	KT_EXPECT(boot_phase_cycles(BOOT_PHASE_COMPLETE) != 0);
	KT_EXPECT(boot_phase_cycles(BOOT_PHASE_SETTLED) >= boot_phase_cycles(BOOT_PHASE_COMPLETE));
	KT_EXPECT_EQ(modules_init_deferred(), 0u); /* once only */
	for (unsigned i = 0; i < modules_count(); i++) {
		if (strcmp(m[i]->name, "volumes") == 0)
			volumes = (m[i]->flags & MODULE_DEFERRED) != 0;
		if (strcmp(m[i]->name, "serial") == 0)
			serial = (m[i]->flags & MODULE_DEFERRED) == 0;
	}
	KT_EXPECT(volumes);
	KT_EXPECT(serial);
}

KTEST(boot_info_sane)
{
	const struct boot_info *b = boot_info_get();
	uint64_t avail = 0;

	KT_EXPECT(b->protocol == 1 || b->protocol == 2);
	KT_EXPECT(b->mmap_count > 0);
	for (unsigned i = 0; i < b->mmap_count; i++)
		if (b->mmap[i].type == BOOT_MEM_AVAILABLE)
			avail += b->mmap[i].length;
	KT_EXPECT(avail >= 16ull << 20);
	KT_EXPECT(frames_total_count() * PAGE_SIZE <= avail);
}

/* These must panic: run only when named (tests/qemu/ktest.py checks the panic report). */
KTEST_EXPLICIT(panic_page_fault)
{
	volatile uint64_t *bad = (volatile uint64_t *)0xFFFFC80000000008ull;

	(void)*bad;
}

/* Recurses until `limit`, which is far beyond any stack: the guard page stops it first. */
static KEEL_NOINLINE uint64_t ktest_recurse(uint64_t depth, uint64_t limit)
{
	volatile uint8_t pad[256];

	pad[0] = (uint8_t)depth;
	if (depth >= limit)
		return pad[0];
	return ktest_recurse(depth + 1, limit) + pad[0];
}

KTEST_EXPLICIT(panic_boot_stack_overflow)
{
	(void)ktest_recurse(0, 1ull << 40);
}

KTEST_EXPLICIT(panic_assert)
{
	ASSERT(modules_count() == 12345);
}

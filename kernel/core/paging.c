/*
 * Paging (keel/mm.h). paging_init() builds the final address space in fresh frames: a direct
 * map of physical memory at DIRECT_MAP_BASE (2 MiB pages, RW, NX) and the kernel image at
 * KERNEL_VMA with 4 KiB pages and W^X permissions (text RX, rodata R, data/bss RW), leaving
 * the boot stack's guard page unmapped; the identity map of the boot is dropped. Page tables
 * are always reached through the direct map. Single CPU for now: a lock serialises changes.
 */
#include <keel/cpu.h>
#include <keel/errno.h>
#include <keel/log.h>
#include <keel/mm.h>
#include <keel/spinlock.h>
#include <string.h>

#define PTE_P (1ull << 0)
#define PTE_W (1ull << 1)
#define PTE_U (1ull << 2)
#define PTE_PWT (1ull << 3)
#define PTE_PCD (1ull << 4)
#define PTE_PS (1ull << 7)
#define PTE_G (1ull << 8)
#define PTE_NX (1ull << 63)
#define PTE_ADDR 0x000FFFFFFFFFF000ull

static uint64_t paging_root; /* physical address of the PML4 */
static uint64_t paging_direct_top;
static bool paging_nx;
static struct spinlock paging_lock = SPINLOCK_INIT("paging");

bool paging_nx_enabled(void)
{
	return paging_nx;
}

static uint64_t *pt_virt(uint64_t phys)
{
	return phys_ptr(paddr(phys & PTE_ADDR));
}

static uint64_t pte_flags(unsigned flags)
{
	uint64_t f = PTE_P;

	if (flags & PAGE_WRITE)
		f |= PTE_W;
	if (flags & PAGE_USER)
		f |= PTE_U;
	if (flags & PAGE_NOCACHE)
		f |= PTE_PCD | PTE_PWT;
	else if (flags & PAGE_WRITE_COMBINE)
		f |= PTE_PWT; /* PAT entry 1, reprogrammed to WC by the framebuffer driver */
	if (flags & PAGE_GLOBAL)
		f |= PTE_G;
	if (!(flags & PAGE_EXEC) && paging_nx)
		f |= PTE_NX;
	return f;
}

/* The next-level table under entry *e, allocating a zeroed one if asked. NULL if absent (or
 * if a huge page sits there). */
static uint64_t *pt_next(uint64_t *e, bool create)
{
	frame_range_t f;

	if (*e & PTE_P)
		return (*e & PTE_PS) ? NULL : pt_virt(*e);
	if (!create || frames_alloc(1, &f) != 0)
		return NULL;
	memset(phys_ptr(frame_start(f.start)), 0, PAGE_SIZE);
	/* Intermediate entries are permissive; the leaf decides. */
	*e = frame_start(f.start).value | PTE_P | PTE_W;
	return pt_virt(*e);
}

static uint64_t *pt_walk(uint64_t root, vaddr_t va, bool create)
{
	uint64_t *t = pt_virt(root);

	for (int shift = 39; shift > 12; shift -= 9) {
		t = pt_next(&t[(va.value >> shift) & 511], create);
		if (!t)
			return NULL;
	}
	return &t[(va.value >> 12) & 511];
}

static int paging_map_locked(uint64_t root, page_t page, frame_t frame, unsigned flags)
{
	vaddr_t va = page_start(page);
	uint64_t *pte;

	if (!vaddr_canonical(va) || !paddr_valid(frame_start(frame)))
		return -EINVAL;
	pte = pt_walk(root, va, true);
	if (!pte)
		return -ENOMEM;
	if (*pte & PTE_P)
		return -EEXIST;
	*pte = frame_start(frame).value | pte_flags(flags);
	return 0;
}

int paging_map(page_t page, frame_t frame, unsigned flags)
{
	uint64_t irq = spin_lock_irqsave(&paging_lock);
	int ret = paging_map_locked(paging_root, page, frame, flags);

	spin_unlock_irqrestore(&paging_lock, irq);
	/* No invlpg: the entry was not present, and x86 caches no translation (and no
	 * paging-structure entry) that is not present (SDM vol. 3, 4.10.2.3 and 4.10.3.1). Under
	 * emulation an invlpg near the direct map's 2 MiB pages flushes the whole TLB. */
	return ret;
}

int paging_map_range(page_range_t pages, frame_t first, unsigned flags)
{
	for (uint64_t i = 0; i < pages.count; i++) {
		int ret = paging_map((page_t){ pages.start.number + i }, (frame_t){ first.number + i }, flags);

		if (ret) {
			while (i--)
				paging_unmap((page_t){ pages.start.number + i });
			return ret;
		}
	}
	return 0;
}

int paging_unmap(page_t page)
{
	uint64_t irq = spin_lock_irqsave(&paging_lock);
	uint64_t *pte = pt_walk(paging_root, page_start(page), false);
	int ret = -ENOENT;

	if (pte && (*pte & PTE_P)) {
		*pte = 0;
		ret = 0;
	}
	spin_unlock_irqrestore(&paging_lock, irq);
	if (ret == 0)
		invlpg(page_start(page).value);
	return ret;
}

int paging_translate(vaddr_t va, paddr_t *pa, unsigned *flags)
{
	uint64_t *t = pt_virt(paging_root ? paging_root : read_cr3());
	uint64_t e = 0;
	int shift;

	if (!vaddr_canonical(va))
		return -ENOENT;
	for (shift = 39; shift >= 12; shift -= 9) {
		e = t[(va.value >> shift) & 511];
		if (!(e & PTE_P))
			return -ENOENT;
		if (shift == 12 || ((e & PTE_PS) && shift <= 30))
			break;
		t = pt_virt(e);
	}
	if (pa)
		*pa = paddr((e & PTE_ADDR & ~((1ull << shift) - 1)) | (va.value & ((1ull << shift) - 1)));
	if (flags) {
		*flags = 0;
		if (e & PTE_W)
			*flags |= PAGE_WRITE;
		if (!(e & PTE_NX))
			*flags |= PAGE_EXEC;
		if (e & PTE_U)
			*flags |= PAGE_USER;
		if (shift > 12)
			*flags |= PAGE_HUGE;
	}
	return 0;
}

static KEEL_NOINLINE int paging_map_kernel_range(uint64_t root, char *start, char *end, unsigned flags)
{
	for (uint64_t va = (uint64_t)start; va < (uint64_t)end; va += PAGE_SIZE) {
		int ret = paging_map_locked(root, page_containing(vaddr(va)),
					    frame_containing(paddr(va - KERNEL_VMA)), flags | PAGE_GLOBAL);

		if (ret)
			return ret;
	}
	return 0;
}

int paging_init(const struct boot_info *bi)
{
	uint64_t top = 0, root;
	frame_range_t f;
	uint64_t *pml4;
	int ret;

	paging_nx = (rdmsr(MSR_EFER) & EFER_NXE) != 0;
	if (frames_alloc(1, &f) != 0)
		return -ENOMEM;
	root = frame_start(f.start).value;
	pml4 = pt_virt(root);
	memset(pml4, 0, PAGE_SIZE);

	/* RAM and ACPI tables; reserved/MMIO ranges above 4 GiB are mapped on demand. */
	for (unsigned i = 0; i < bi->mmap_count; i++)
		if (bi->mmap[i].type >= BOOT_MEM_AVAILABLE && bi->mmap[i].type <= BOOT_MEM_NVS &&
		    bi->mmap[i].type != BOOT_MEM_RESERVED)
			top = KEEL_MAX(top, bi->mmap[i].base + bi->mmap[i].length);
	top = KEEL_MAX(align_up(top, HUGE_PAGE_SIZE), 4ull << 30);

	/* Direct map with 2 MiB pages: one walk per page directory (1 GiB), then its 512 entries in
	 * a tight loop (under emulation every executed instruction of the boot counts). */
	for (uint64_t gib = 0; gib < top; gib += 1ull << 30) {
		vaddr_t va = phys_to_virt(paddr(gib));
		uint64_t *t = pml4, leaf = PTE_P | PTE_W | PTE_PS | PTE_G | (paging_nx ? PTE_NX : 0);

		for (int shift = 39; shift > 21; shift -= 9) {
			t = pt_next(&t[(va.value >> shift) & 511], true);
			if (!t)
				return -ENOMEM;
		}
		_Static_assert(DIRECT_MAP_BASE % (1ull << 30) == 0, "the direct map starts on a 1 GiB boundary");
		for (unsigned i = 0; i < 512 && gib + ((uint64_t)i << 21) < top; i++)
			t[i] = (gib + ((uint64_t)i << 21)) | leaf;
	}

	ret = paging_map_kernel_range(root, __text_start, __text_end, PAGE_EXEC);
	if (!ret)
		ret = paging_map_kernel_range(root, __rodata_start, __rodata_end, 0);
	if (!ret)
		ret = paging_map_kernel_range(root, __data_start, __boot_stack_guard, PAGE_WRITE);
	/* __boot_stack_guard .. __boot_stack_bottom stays unmapped: a boot stack overflow faults. */
	if (!ret)
		ret = paging_map_kernel_range(root, __boot_stack_bottom, __bss_end, PAGE_WRITE);
	if (ret) {
		pr_err("mm", "building the kernel page tables failed: %s", keel_strerror(ret));
		return ret;
	}
	write_cr3(root);
	paging_root = root;
	paging_direct_top = top;
	return 0;
}

void paging_report(void)
{
	pr_info("mm", "paging: direct map of %llu MiB, kernel W^X, NX %s", (unsigned long long)(paging_direct_top >> 20),
		paging_nx ? "on" : "unsupported by this CPU");
}

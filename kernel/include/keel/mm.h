/*
 * The kernel's physical memory manager and paging API (nano_core). Frames come from one
 * frame allocator built from the boot memory map; page tables are reached through the direct
 * map. Mapping flags: readable is implied; PAGE_WRITE and PAGE_EXEC add rights (without
 * PAGE_EXEC a page is NX when the CPU supports NX).
 */
#ifndef KEEL_MM_H
#define KEEL_MM_H

#include <stdbool.h>
#include <stdint.h>

#include <keel/bootinfo.h>
#include <keel/mm_types.h>

#define PAGE_WRITE (1u << 0)
#define PAGE_EXEC (1u << 1)
#define PAGE_USER (1u << 2)
#define PAGE_NOCACHE (1u << 3)
#define PAGE_WRITE_COMBINE (1u << 4)
#define PAGE_GLOBAL (1u << 5)
#define PAGE_HUGE (1u << 6) /* reported by paging_translate for 2 MiB mappings */

/* Build the frame allocator from the memory map, reserving the kernel image, the boot
 * information, modules and everything below 1 MiB. Returns 0 or a negative error. */
int frames_init(const struct boot_info *bi);
/* Log what frames_init set up (kmain calls it once the log has its clock). */
void frames_report(void);
int frames_alloc(uint64_t count, frame_range_t *out);
int frames_alloc_aligned(uint64_t count, uint64_t align, frame_range_t *out);
int frames_free(frame_range_t r);
uint64_t frames_free_count(void);
uint64_t frames_total_count(void);

/* Replace the boot page tables: direct map of all RAM (NX), kernel image W^X. */
int paging_init(const struct boot_info *bi);
void paging_report(void); /* log it, as frames_report */
int paging_map(page_t page, frame_t frame, unsigned flags);
int paging_map_range(page_range_t pages, frame_t first, unsigned flags);
int paging_unmap(page_t page);
/* 0 and the physical address (and flags if non-NULL), or -ENOENT when not mapped. */
int paging_translate(vaddr_t va, paddr_t *pa, unsigned *flags);
bool paging_nx_enabled(void);

/* Kernel image section bounds from the linker script. */
extern char __text_start[], __text_end[], __rodata_start[], __rodata_end[];
extern char __data_start[], __bss_start[], __bss_end[], __data_end[];
extern char __boot_stack_guard[], __boot_stack_bottom[], __boot_stack_top[];
extern char __kernel_phys_start[], __kernel_phys_end[];

#endif /* KEEL_MM_H */

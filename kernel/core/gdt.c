/*
 * The final GDT (kernel code and data, a 64-bit TSS) and the TSS with its interrupt stacks:
 * IST1 for double faults and IST2 for NMIs and machine checks, so those run on a known-good
 * stack even when the current one has overflowed into its guard page.
 */
#include <keel/compiler.h>
#include <keel/interrupt.h>
#include <stdint.h>
#include <string.h>

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} KEEL_PACKED;

_Static_assert(sizeof(struct tss) == 104, "TSS layout");

struct gdt_ptr {
	uint16_t limit;
	uint64_t base;
} KEEL_PACKED;

#define IST_STACK_SIZE 8192

static uint64_t gdt[5];
static struct tss tss;
static uint8_t ist_stacks[2][IST_STACK_SIZE] KEEL_ALIGNED(16);

void tss_set_rsp0(uint64_t rsp)
{
	tss.rsp[0] = rsp;
}

void gdt_init(void)
{
	uint64_t base = (uint64_t)&tss, limit = sizeof(tss) - 1;
	struct gdt_ptr ptr = { sizeof(gdt) - 1, (uint64_t)gdt };

	memset(&tss, 0, sizeof(tss));
	tss.ist[IST_DOUBLE_FAULT - 1] = (uint64_t)&ist_stacks[0][IST_STACK_SIZE];
	tss.ist[IST_NMI - 1] = (uint64_t)&ist_stacks[1][IST_STACK_SIZE];
	tss.iomap_base = sizeof(tss);

	gdt[0] = 0;
	gdt[1] = 0x00AF9A000000FFFFull; /* 0x08 kernel code, 64-bit */
	gdt[2] = 0x00CF92000000FFFFull; /* 0x10 kernel data */
	gdt[3] = (limit & 0xFFFF) | ((base & 0xFFFFFF) << 16) | (0x89ull << 40) |
		 (((limit >> 16) & 0xF) << 48) | (((base >> 24) & 0xFF) << 56);
	gdt[4] = base >> 32;

	__asm__ volatile("lgdt %0\n\t"
			 "pushq %1\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "movw %w2, %%ax\n\t"
			 "movw %%ax, %%ds\n\t"
			 "movw %%ax, %%es\n\t"
			 "movw %%ax, %%ss\n\t"
			 "ltr %w3"
			 :
			 : "m"(ptr), "i"(GDT_KERNEL_CODE), "r"((uint64_t)GDT_KERNEL_DATA), "r"((uint64_t)GDT_TSS)
			 : "rax", "memory");
}

/*
 * CPU interrupt entry (nano_core): the GDT with a TSS whose IST stacks serve double faults and
 * NMIs, and an IDT with a stub for every vector. Exceptions (0-31) panic with a full register
 * dump. Vectors 32-255 go to handlers installed with interrupt_set_handler(); a vector with no
 * handler is counted and logged, never fatal.
 */
#ifndef KEEL_INTERRUPT_H
#define KEEL_INTERRUPT_H

#include <stdint.h>

/* What the assembly stubs push, lowest address first. */
struct interrupt_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss;
};

_Static_assert(sizeof(struct interrupt_frame) == 22 * 8, "interrupt frame layout");

/* Context: IRQ; must not block. */
typedef void (*interrupt_handler_fn)(struct interrupt_frame *frame, void *ctx);

#define GDT_KERNEL_CODE 0x08
#define GDT_KERNEL_DATA 0x10
#define GDT_TSS 0x18

#define IST_DOUBLE_FAULT 1
#define IST_NMI 2

void gdt_init(void);
void idt_init(void);
int interrupt_set_handler(uint8_t vector, interrupt_handler_fn fn, void *ctx);
uint64_t interrupt_unexpected_count(void);

/* Set the stack the CPU switches to on an interrupt from user mode (unused until user mode). */
void tss_set_rsp0(uint64_t rsp);

/* The double-fault handler asks this hook whether the faulting stack pointer hit a guard page
 * and, if so, whose stack it was (the scheduler installs it). NULL when not a stack overflow. */
typedef const char *(*stack_guard_lookup_fn)(uint64_t rsp);
void interrupt_set_stack_guard_lookup(stack_guard_lookup_fn fn);

/* Assembly stub table (boot/isr.asm). */
extern const uint64_t isr_stub_table[256];

#endif /* KEEL_INTERRUPT_H */

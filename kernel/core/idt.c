/*
 * The IDT and the C side of interrupt entry. Exceptions panic with the CPU state; a double
 * fault whose stack pointer sits in a guard page is reported as a stack overflow naming the
 * stack. Other vectors dispatch to installed handlers; one with no handler is counted and
 * logged (rate-limited), never fatal.
 */
#include <keel/cpu.h>
#include <keel/errno.h>
#include <keel/interrupt.h>
#include <keel/log.h>
#include <keel/mm.h>
#include <keel/panic.h>

struct idt_entry {
	uint16_t offset_lo;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_hi;
	uint32_t zero;
} __attribute__((packed));

_Static_assert(sizeof(struct idt_entry) == 16, "IDT entry layout");

struct idt_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

struct interrupt_slot {
	interrupt_handler_fn fn;
	void *ctx;
};

static struct idt_entry idt[256];
static struct interrupt_slot interrupt_slots[256];
static uint64_t interrupt_unexpected;
static stack_guard_lookup_fn interrupt_guard_lookup;

static const char *const exception_names[32] = {
	"divide error", "debug", "non-maskable interrupt", "breakpoint", "overflow",
	"bound range exceeded", "invalid opcode", "device not available", "double fault",
	"coprocessor segment overrun", "invalid TSS", "segment not present", "stack-segment fault",
	"general protection fault", "page fault", "reserved", "x87 floating-point error",
	"alignment check", "machine check", "SIMD floating-point error", "virtualization exception",
	"control protection exception", "reserved", "reserved", "reserved", "reserved", "reserved",
	"reserved", "hypervisor injection", "VMM communication", "security exception", "reserved",
};

static void idt_set(int vector, uint64_t handler, uint8_t ist)
{
	idt[vector] = (struct idt_entry){
		.offset_lo = (uint16_t)handler,
		.selector = GDT_KERNEL_CODE,
		.ist = ist,
		.type_attr = 0x8E, /* present, DPL 0, 64-bit interrupt gate */
		.offset_mid = (uint16_t)(handler >> 16),
		.offset_hi = (uint32_t)(handler >> 32),
	};
}

void idt_init(void)
{
	struct idt_ptr ptr = { sizeof(idt) - 1, (uint64_t)idt };

	for (int v = 0; v < 256; v++)
		idt_set(v, isr_stub_table[v], 0);
	idt[8].ist = IST_DOUBLE_FAULT;
	idt[2].ist = IST_NMI;
	idt[18].ist = IST_NMI;
	__asm__ volatile("lidt %0" : : "m"(ptr));
}

int interrupt_set_handler(uint8_t vector, interrupt_handler_fn fn, void *ctx)
{
	if (vector < 32)
		return -EINVAL;
	interrupt_slots[vector].ctx = ctx;
	__atomic_store_n(&interrupt_slots[vector].fn, fn, __ATOMIC_RELEASE);
	return 0;
}

uint64_t interrupt_unexpected_count(void)
{
	return __atomic_load_n(&interrupt_unexpected, __ATOMIC_RELAXED);
}

void interrupt_set_stack_guard_lookup(stack_guard_lookup_fn fn)
{
	interrupt_guard_lookup = fn;
}

static const char *boot_stack_guard_hit(uint64_t rsp)
{
	/* A push that faulted leaves rsp just below the stack's bottom, in the guard page. */
	if (rsp >= (uint64_t)__boot_stack_guard - 64 && rsp < (uint64_t)__boot_stack_bottom + 64)
		return "boot";
	return NULL;
}

static void exception(struct interrupt_frame *f)
{
	const char *name = exception_names[f->vector];

	if (f->vector == 8 || f->vector == 14) {
		const char *stack = boot_stack_guard_hit(f->rsp);

		if (!stack && interrupt_guard_lookup)
			stack = interrupt_guard_lookup(f->rsp);
		if (stack)
			panic_frame(f, "stack overflow in task %s (%s, rsp 0x%llx in a guard page)", stack, name,
				    (unsigned long long)f->rsp);
	}
	if (f->vector == 14)
		panic_frame(f, "page fault at 0x%llx: %s %s in %s mode%s", (unsigned long long)read_cr2(),
			    (f->error & 1) ? "protection violation on" : "non-present page on",
			    (f->error & 16) ? "instruction fetch" : (f->error & 2) ? "write" : "read",
			    (f->error & 4) ? "user" : "kernel", (f->error & 8) ? " (reserved bit set)" : "");
	panic_frame(f, "CPU exception %llu: %s", (unsigned long long)f->vector, name);
}

/* Called from boot/isr.asm. Context: interrupt, interrupts off. */
void interrupt_dispatch(struct interrupt_frame *f);
void interrupt_dispatch(struct interrupt_frame *f)
{
	interrupt_handler_fn fn;
	uint64_t n;

	if (f->vector < 32)
		exception(f);
	fn = __atomic_load_n(&interrupt_slots[f->vector].fn, __ATOMIC_ACQUIRE);
	if (fn) {
		fn(f, interrupt_slots[f->vector].ctx);
		return;
	}
	n = __atomic_add_fetch(&interrupt_unexpected, 1, __ATOMIC_RELAXED);
	if (n <= 10 || (n & (n - 1)) == 0)
		pr_warn("irq", "unexpected interrupt vector %llu (%llu so far); ignored",
			(unsigned long long)f->vector, (unsigned long long)n);
}

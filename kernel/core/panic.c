/*
 * The panic path (keel/panic.h): prints through the polled UART only, with interrupts off and no
 * locks, so it works from any context. A panic inside a panic prints one line and halts. The
 * backtrace follows saved frame pointers (the kernel is built with them) and only dereferences
 * addresses that the page tables say are mapped, so a corrupt stack cannot fault the panic.
 */
#include <keel/cpu.h>
#include <keel/format.h>
#include <keel/interrupt.h>
#include <keel/mm.h>
#include <keel/panic.h>

#include <stdarg.h>

#include <keel/log.h>

#include "drivers/uart16550.h"

#define BACKTRACE_MAX 24

void (*panic_hook)(void);
static volatile int panic_depth;

static void panic_sink(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	uart_write(uart_console(), s, n, true);
}

static void panic_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	keel_vformat(panic_sink, NULL, fmt, ap);
	va_end(ap);
}

static int backtrace_readable(uint64_t addr)
{
	if (addr & 7)
		return 0;
	return paging_translate(vaddr(addr), NULL, NULL) == 0 &&
	       paging_translate(vaddr(addr + 8), NULL, NULL) == 0;
}

static void backtrace_line(int depth, uint64_t rip)
{
	uint64_t off;
	const char *name = ksyms_lookup(rip, &off);

	if (name)
		panic_printf("  #%-2d 0x%016llx %s+0x%llx\n", depth, (unsigned long long)rip, name,
			     (unsigned long long)off);
	else
		panic_printf("  #%-2d 0x%016llx ?\n", depth, (unsigned long long)rip);
}

void backtrace_print(uint64_t rip, uint64_t rbp)
{
	int depth = 0;

	panic_printf("backtrace:\n");
	backtrace_line(depth++, rip);
	while (rbp && depth < BACKTRACE_MAX && backtrace_readable(rbp)) {
		uint64_t *fp = (uint64_t *)rbp;
		uint64_t ret = fp[1];

		if (!ret)
			break;
		/* The return address points after the call; show the call site. */
		backtrace_line(depth++, ret - 1);
		if (fp[0] <= rbp)
			break; /* frames must move up the stack */
		rbp = fp[0];
	}
}

static void panic_begin(void)
{
	cpu_cli();
	if (++panic_depth > 1) {
		if (panic_depth == 2)
			uart_write(uart_console(), "\nPANIC while panicking; halting\n", 32, true);
		cpu_halt_forever();
	}
	log_flush_early(); /* what the boot logged so far comes before the panic report */
	panic_printf("\n======== KERNEL PANIC ========\n");
}

/* The banner and the "panic: <message>" line every panic starts with. */
static void panic_message(const char *fmt, va_list ap)
{
	panic_begin();
	panic_printf("panic: ");
	keel_vformat(panic_sink, NULL, fmt, ap);
	panic_printf("\n");
}

static KEEL_NORETURN void panic_end(void)
{
	panic_printf("======== halted ========\n");
	if (panic_hook)
		panic_hook();
	cpu_halt_forever();
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	panic_message(fmt, ap);
	va_end(ap);
	{
		uint64_t *fp = __builtin_frame_address(0); /* [0] caller's rbp, [1] return address */

		backtrace_print(fp[1] - 1, fp[0]);
	}
	panic_end();
}

void panic_frame(const struct interrupt_frame *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	panic_message(fmt, ap);
	va_end(ap);
	panic_printf("vector %llu error 0x%llx cr2 0x%016llx cr3 0x%016llx\n", (unsigned long long)f->vector,
		     (unsigned long long)f->error, (unsigned long long)read_cr2(), (unsigned long long)read_cr3());
	panic_printf("rip 0x%016llx cs %04llx rflags 0x%016llx\n", (unsigned long long)f->rip,
		     (unsigned long long)f->cs, (unsigned long long)f->rflags);
	panic_printf("rsp 0x%016llx ss %04llx\n", (unsigned long long)f->rsp, (unsigned long long)f->ss);
	panic_printf("rax 0x%016llx rbx 0x%016llx rcx 0x%016llx\n", (unsigned long long)f->rax,
		     (unsigned long long)f->rbx, (unsigned long long)f->rcx);
	panic_printf("rdx 0x%016llx rsi 0x%016llx rdi 0x%016llx\n", (unsigned long long)f->rdx,
		     (unsigned long long)f->rsi, (unsigned long long)f->rdi);
	panic_printf("rbp 0x%016llx r8  0x%016llx r9  0x%016llx\n", (unsigned long long)f->rbp,
		     (unsigned long long)f->r8, (unsigned long long)f->r9);
	panic_printf("r10 0x%016llx r11 0x%016llx r12 0x%016llx\n", (unsigned long long)f->r10,
		     (unsigned long long)f->r11, (unsigned long long)f->r12);
	panic_printf("r13 0x%016llx r14 0x%016llx r15 0x%016llx\n", (unsigned long long)f->r13,
		     (unsigned long long)f->r14, (unsigned long long)f->r15);
	backtrace_print(f->rip, f->rbp);
	panic_end();
}

void keel_assert_fail(const char *expr, const char *file, int line)
{
	panic("ASSERT(%s) failed at %s:%d", expr, file, line);
}

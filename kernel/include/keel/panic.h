/*
 * panic(): the one fatal path. Disables interrupts, prints the message (and, for a fault, the
 * CPU state) with a symbolized backtrace on the console UART using only polled, lock-free
 * output, and halts. Safe in any context, including a fault inside the panic path itself.
 */
#ifndef KEEL_PANIC_H
#define KEEL_PANIC_H

#include <stdint.h>

#include <keel/compiler.h>

struct interrupt_frame;

KEEL_NORETURN void panic(const char *fmt, ...) KEEL_PRINTF(1, 2);
KEEL_NORETURN void panic_frame(const struct interrupt_frame *f, const char *fmt, ...) KEEL_PRINTF(2, 3);

/* Symbol lookup from the kernel's embedded table: the symbol containing addr and the offset
 * into it, or NULL. */
const char *ksyms_lookup(uint64_t addr, uint64_t *offset);

/* Print a backtrace starting at the given frame pointer (polled UART). */
void backtrace_print(uint64_t rip, uint64_t rbp);

/* Called before the halt at the end of a panic (e.g. ktest exits QEMU): NULL by default. */
extern void (*panic_hook)(void);

#endif /* KEEL_PANIC_H */

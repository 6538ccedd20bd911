/*
 * The in-kernel test runner (keel/ktest.h). Tests run one after another on the boot CPU; a
 * failure is recorded with file, line and expression and the runner moves on. The summary
 * line matches the host suites', and the exit status reaches the host through isa-debug-exit.
 */
#include <keel/cpu.h>
#include <keel/errno.h>
#include <keel/format.h>
#include <keel/ktest.h>
#include <keel/log.h>
#include <keel/panic.h>
#include <keel/time.h>

#include <stdarg.h>
#include <string.h>

#include "drivers/uart16550.h"

extern const struct ktest_desc *const __ktest_start[], *const __ktest_end[];

static int ktest_failed_now;
static const char *ktest_current;
static ktest_sink_fn ktest_sink;
static void *ktest_sink_ctx;
static int ktest_busy;

static void ktest_out(const char *fmt, ...) KEEL_PRINTF(1, 2);
static void ktest_out(const char *fmt, ...)
{
	char line[200];
	size_t n;
	va_list ap;

	va_start(ap, fmt);
	n = keel_vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n >= sizeof(line))
		n = sizeof(line) - 1;
	ktest_sink(ktest_sink_ctx, line, n);
}

static void ktest_uart_sink(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	uart_write(uart_console(), s, n, true);
}

void ktest_fail(const char *file, int line, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	keel_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ktest_out("ktest: %s: FAIL at %s:%d: %s\n", ktest_current, file, line, msg);
	ktest_failed_now = 1;
}

void qemu_debug_exit(uint8_t code)
{
	outb(0xF4, code);
}

/* Is `name` in the comma-separated selection? */
static int ktest_selected(const char *selection, const char *name)
{
	size_t len = strlen(name);

	for (const char *p = selection; *p;) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);

		if (n == len && strncmp(p, name, n) == 0)
			return 1;
		if (!end)
			break;
		p = end + 1;
	}
	return 0;
}

static void ktest_exit_on_panic(void)
{
	qemu_debug_exit(QEMU_EXIT_FAIL);
}

int ktest_run_selected(const char *selection, ktest_sink_fn out, void *ctx, unsigned *passed_out,
		       unsigned *failed_out)
{
	unsigned passed = 0, failed = 0;
	int all = selection[0] == '\0';

	if (__atomic_exchange_n(&ktest_busy, 1, __ATOMIC_ACQUIRE))
		return -EBUSY;
	ktest_sink = out;
	ktest_sink_ctx = ctx;
	ktest_out("ktest: running%s%s\n", all ? " all" : " ", selection);
	for (const struct ktest_desc *const *tp = __ktest_start; tp < __ktest_end; tp++) {
		const struct ktest_desc *t = *tp;
		uint64_t t0;

		if (all ? (t->flags & KTEST_F_EXPLICIT) : !ktest_selected(selection, t->name))
			continue;
		ktest_current = t->name;
		ktest_failed_now = 0;
		t0 = time_ns();
		t->fn();
		if (ktest_failed_now) {
			failed++;
			ktest_out("ktest: %s: FAIL\n", t->name);
		} else {
			passed++;
			ktest_out("ktest: %s: ok (%llu us)\n", t->name, (unsigned long long)((time_ns() - t0) / 1000));
		}
	}
	ktest_out("ktest: %u passed, %u failed\n", passed, failed);
	*passed_out = passed;
	*failed_out = failed;
	__atomic_store_n(&ktest_busy, 0, __ATOMIC_RELEASE);
	return 0;
}

void ktest_list(ktest_sink_fn out, void *ctx)
{
	for (const struct ktest_desc *const *tp = __ktest_start; tp < __ktest_end; tp++) {
		char line[96];
		size_t n = keel_snprintf(line, sizeof(line), "%s%s\n", (*tp)->name,
					 ((*tp)->flags & KTEST_F_EXPLICIT) ? " (explicit: must panic)" : "");

		out(ctx, line, n < sizeof(line) ? n : sizeof(line) - 1);
	}
}

void ktest_run(const char *selection)
{
	unsigned passed = 0, failed = 0;

	panic_hook = ktest_exit_on_panic;
	ktest_sink = ktest_uart_sink;
	log_flush_early(); /* the report follows the boot log, polled */
	if ((uintptr_t)__ktest_start == (uintptr_t)__ktest_end)
		ktest_out("ktest: this image has no in-kernel tests; boot build/keel-test.elf for keel.test\n");
	else
		ktest_run_selected(selection, ktest_uart_sink, NULL, &passed, &failed);
	qemu_debug_exit(failed || passed == 0 ? QEMU_EXIT_FAIL : QEMU_EXIT_PASS);
	ktest_out("ktest: no isa-debug-exit device; halting\n");
	cpu_halt_forever();
}

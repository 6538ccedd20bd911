/*
 * In-kernel tests, registered like modules: KTEST(name) { ... } puts a descriptor in a sorted
 * .ktest.<name> section. Booting with `keel.test` on the command line runs them all after the
 * modules start (`keel.test=a,b` runs the named ones), prints one line per test and the suite
 * line "ktest: N passed, N failed" on COM1, and exits QEMU through isa-debug-exit (status 33 for
 * pass, 35 for fail). KTEST_EXPLICIT tests (e.g. ones that must panic) run only when named.
 */
#ifndef KEEL_KTEST_H
#define KEEL_KTEST_H

#include <stddef.h>
#include <stdint.h>

#include <keel/compiler.h>

#define KTEST_F_EXPLICIT 1u

struct ktest_desc {
	const char *name;
	void (*fn)(void);
	const char *file;
	uint32_t flags;
};

/* As with modules, the section holds pointers (8-byte entries, never padded). */
#define KTEST_FLAGS(tname, fl) \
	static void ktest_fn_##tname(void); \
	static const struct ktest_desc ktest_desc_##tname = { #tname, ktest_fn_##tname, __FILE__, fl }; \
	static const struct ktest_desc *const ktest_ptr_##tname KEEL_USED KEEL_ALIGNED(8) \
		KEEL_SECTION(".ktest." #tname) = &ktest_desc_##tname; \
	static void ktest_fn_##tname(void)

#define KTEST(tname) KTEST_FLAGS(tname, 0)
#define KTEST_EXPLICIT(tname) KTEST_FLAGS(tname, KTEST_F_EXPLICIT)

void ktest_fail(const char *file, int line, const char *fmt, ...) KEEL_PRINTF(3, 4);

/* Record a failure and keep going. */
#define KT_EXPECT(cond) \
	do { \
		if (!(cond)) \
			ktest_fail(__FILE__, __LINE__, "%s", #cond); \
	} while (0)

/* Record a failure and leave the test. */
#define KT_ASSERT(cond) \
	do { \
		if (!(cond)) { \
			ktest_fail(__FILE__, __LINE__, "%s", #cond); \
			return; \
		} \
	} while (0)

#define KT_EXPECT_EQ(a, b) \
	do { \
		long long kt_a_ = (long long)(a), kt_b_ = (long long)(b); \
		if (kt_a_ != kt_b_) \
			ktest_fail(__FILE__, __LINE__, "%s == %s: %lld != %lld", #a, #b, kt_a_, kt_b_); \
	} while (0)

/* Run the tests selected by the command line, then exit QEMU (or halt). */
KEEL_NORETURN void ktest_run(const char *selection);

/* Run tests (selection as for keel.test: "" = all regular ones) printing through out; the shell's
 * `ktest` command uses it. 0, or -EBUSY when a run is already in progress. */
typedef void (*ktest_sink_fn)(void *ctx, const char *s, size_t n);
int ktest_run_selected(const char *selection, ktest_sink_fn out, void *ctx, unsigned *passed,
		       unsigned *failed);
/* One line per registered test. */
void ktest_list(ktest_sink_fn out, void *ctx);

/* Exit QEMU through isa-debug-exit; returns only when no such device exists. */
void qemu_debug_exit(uint8_t code);

#define QEMU_EXIT_PASS 0x10 /* QEMU exits with status 33 */
#define QEMU_EXIT_FAIL 0x11 /* status 35 */

#endif /* KEEL_KTEST_H */

/*
 * ASSERT() for every build (it is never compiled out). The failure hook is provided by whoever
 * links the code: the kernel panics through the polled UART, host tests print and abort. That is
 * how freestanding subsystems assert without depending on the kernel.
 */
#ifndef KEEL_ASSERT_H
#define KEEL_ASSERT_H

#include <keel/compiler.h>

KEEL_NORETURN void keel_assert_fail(const char *expr, const char *file, int line);

#define ASSERT(cond) \
	do { \
		if (KEEL_UNLIKELY(!(cond))) \
			keel_assert_fail(#cond, __FILE__, __LINE__); \
	} while (0)

#endif /* KEEL_ASSERT_H */

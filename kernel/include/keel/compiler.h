/*
 * Compiler helpers used everywhere: attributes, array sizes, min/max, container_of.
 * Plain C with no kernel dependencies, so freestanding subsystems and host tests can use it.
 */
#ifndef KEEL_COMPILER_H
#define KEEL_COMPILER_H

#include <stddef.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define KEEL_UNUSED __attribute__((unused))
#define KEEL_USED __attribute__((used))
#define KEEL_NORETURN __attribute__((noreturn))
#define KEEL_NOINLINE __attribute__((noinline))
#define KEEL_PACKED __attribute__((packed))
#define KEEL_ALIGNED(n) __attribute__((aligned(n)))
#define KEEL_SECTION(s) __attribute__((section(s)))
#define KEEL_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#define KEEL_LIKELY(x) __builtin_expect(!!(x), 1)
#define KEEL_UNLIKELY(x) __builtin_expect(!!(x), 0)

#define KEEL_STR_(x) #x
#define KEEL_STR(x) KEEL_STR_(x)
#define KEEL_CONCAT_(a, b) a##b
#define KEEL_CONCAT(a, b) KEEL_CONCAT_(a, b)

#define KEEL_MIN(a, b) ((a) < (b) ? (a) : (b))
#define KEEL_MAX(a, b) ((a) > (b) ? (a) : (b))

#define container_of(ptr, type, member) \
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))

#endif /* KEEL_COMPILER_H */

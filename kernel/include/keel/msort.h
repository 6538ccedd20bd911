/*
 * A stable merge sort of fixed-size elements (bottom-up, O(n log n) compares, no recursion, no
 * allocation: the caller gives a scratch array as big as the input). Equal elements keep their
 * order, which is what `sort` (sort -s) and `ls` (ties broken by name) need. Plain C, host-tested.
 */
#ifndef KEEL_MSORT_H
#define KEEL_MSORT_H

#include <stddef.h>

/* < 0, 0 or > 0 as a sorts before, with or after b. */
typedef int (*keel_cmp_fn)(const void *a, const void *b, void *ctx);

/* Sort base[0, n) of size-byte elements; tmp has room for n of them. */
void keel_msort(void *base, void *tmp, size_t n, size_t size, keel_cmp_fn cmp, void *ctx);

#endif /* KEEL_MSORT_H */

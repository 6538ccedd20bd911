/*
 * Statistics shared by the benchmarks: the median of a set of timings (sorted in place), which
 * a burst of load from other users of a shared machine moves far less than a mean or a best.
 */
#ifndef TESTS_BENCH_BENCH_STATS_H
#define TESTS_BENCH_BENCH_STATS_H

#include <stdlib.h>

static inline int bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Median of v[0, n) (n >= 1); v is sorted afterwards. */
static inline double bench_median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), bench_cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#endif

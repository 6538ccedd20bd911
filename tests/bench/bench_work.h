/*
 * Benchmark workloads for the terminal: each builds a byte stream of about `target` bytes for
 * a rows x cols terminal.
 */
#ifndef TESTS_BENCH_BENCH_WORK_H
#define TESTS_BENCH_BENCH_WORK_H

#include <stddef.h>

struct bench_buf {
	char *p;
	size_t len, cap;
};

struct bench_workload {
	const char *name;
	void (*build)(struct bench_buf *b, int rows, int cols, size_t target);
};

extern const struct bench_workload bench_workloads[];
extern const int bench_nworkloads;

#endif

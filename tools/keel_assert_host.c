/*
 * keel_assert_fail() for host tools, fuzzers and the benchmark (the unit tests get theirs from
 * tests/unit/check.c): report and abort so libFuzzer records the input.
 */
#include <stdio.h>
#include <stdlib.h>

#include <keel/assert.h>

void keel_assert_fail(const char *expr, const char *file, int line)
{
	fprintf(stderr, "ASSERT(%s) failed at %s:%d\n", expr, file, line);
	abort();
}

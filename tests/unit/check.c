/*
 * Runner for the host test harness (check.h): runs every registered test in registration order,
 * or only those named on the command line, and prints "<suite>: N passed, N failed". Also provides
 * keel_assert_fail() for host builds of shared code, so an ASSERT in io/ or term/ aborts the test
 * binary with a clear message (and ASan's stack trace).
 */
#include "check.h"

#include <stdarg.h>
#include <stdlib.h>

#include <keel/assert.h>

static struct check_test *check_head, **check_tail = &check_head;
static int check_cur_failed;
static const char *check_cur_name;

void check_register(struct check_test *t)
{
	t->next = NULL;
	*check_tail = t;
	check_tail = &t->next;
}

void check_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "FAIL %s: %s:%d: ", check_cur_name ? check_cur_name : "?", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	check_cur_failed = 1;
}

uint64_t check_seed(void)
{
	static uint64_t seed;
	static int have;
	const char *s;

	if (have)
		return seed;
	s = getenv("CHECK_SEED");
	seed = s ? strtoull(s, NULL, 0) : 0x6b65656cULL;
	have = 1;
	fprintf(stderr, "seed: CHECK_SEED=0x%llx\n", (unsigned long long)seed);
	return seed;
}

void keel_assert_fail(const char *expr, const char *file, int line)
{
	fprintf(stderr, "ASSERT(%s) failed at %s:%d\n", expr, file, line);
	abort();
}

static int check_selected(const char *name, int argc, char **argv)
{
	if (argc < 2)
		return 1;
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return 1;
	return 0;
}

int check_main(int argc, char **argv, const char *suite)
{
	int passed = 0, failed = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (struct check_test *t = check_head; t; t = t->next) {
		if (!check_selected(t->name, argc, argv))
			continue;
		check_cur_name = t->name;
		check_cur_failed = 0;
		t->fn();
		if (check_cur_failed) {
			failed++;
			fprintf(stderr, "not ok %s\n", t->name);
		} else {
			passed++;
		}
	}
	printf("%s: %d passed, %d failed\n", suite, passed, failed);
	return failed ? 1 : 0;
}

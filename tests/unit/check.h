/*
 * A tiny host test harness. A test file defines functions with TEST(name) and they register
 * themselves through a constructor; check_main() (tests/unit/check.c) runs them all and ends with
 * the one line every suite prints: "<suite>: N passed, N failed". A CHECK failure reports the
 * file, line and expression and marks the current test failed; the test keeps running so one
 * run shows every broken expectation.
 */
#ifndef KEEL_TESTS_CHECK_H
#define KEEL_TESTS_CHECK_H

#include <stdio.h>
#include <stdint.h>
#include <string.h>

struct check_test {
	const char *name;
	void (*fn)(void);
	struct check_test *next;
};

void check_register(struct check_test *t);
void check_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Seed for randomized tests: CHECK_SEED from the environment, else a fixed default; printed. */
uint64_t check_seed(void);
int check_main(int argc, char **argv, const char *suite);

#define TEST(name) \
	static void test_##name(void); \
	static struct check_test check_t_##name = { #name, test_##name, 0 }; \
	__attribute__((constructor)) static void check_reg_##name(void) \
	{ \
		check_register(&check_t_##name); \
	} \
	static void test_##name(void)

#define CHECK(cond) \
	do { \
		if (!(cond)) \
			check_fail(__FILE__, __LINE__, "CHECK(%s)", #cond); \
	} while (0)

#define CHECK_EQ_INT(a, b) \
	do { \
		long long check_a_ = (long long)(a), check_b_ = (long long)(b); \
		if (check_a_ != check_b_) \
			check_fail(__FILE__, __LINE__, "%s == %s: %lld != %lld", #a, #b, check_a_, check_b_); \
	} while (0)

#define CHECK_EQ_U64(a, b) \
	do { \
		unsigned long long check_a_ = (unsigned long long)(a), check_b_ = (unsigned long long)(b); \
		if (check_a_ != check_b_) \
			check_fail(__FILE__, __LINE__, "%s == %s: 0x%llx != 0x%llx", #a, #b, check_a_, check_b_); \
	} while (0)

#define CHECK_EQ_STR(a, b) \
	do { \
		const char *check_a_ = (a), *check_b_ = (b); \
		if (!check_a_ || !check_b_ || strcmp(check_a_, check_b_) != 0) \
			check_fail(__FILE__, __LINE__, "%s == %s: \"%s\" != \"%s\"", #a, #b, \
				   check_a_ ? check_a_ : "(null)", check_b_ ? check_b_ : "(null)"); \
	} while (0)

/* Define the suite's main(): one per test binary. */
#define CHECK_MAIN(suite) \
	int main(int argc, char **argv) \
	{ \
		return check_main(argc, argv, suite); \
	}

#endif /* KEEL_TESTS_CHECK_H */

/*
 * keel_snprintf against the C library's snprintf: fixed cases for every conversion and flag,
 * then thousands of random format/argument combinations that must produce identical output,
 * plus truncation and NUL-termination at every buffer size.
 */
#include "check.h"

#include <keel/format.h>
#include <stdlib.h>

#define SAME(...) \
	do { \
		char a_[256], b_[256]; \
		size_t na_ = keel_snprintf(a_, sizeof(a_), __VA_ARGS__); \
		int nb_ = snprintf(b_, sizeof(b_), __VA_ARGS__); \
		if (strcmp(a_, b_) != 0 || na_ != (size_t)nb_) \
			check_fail(__FILE__, __LINE__, "%s: keel \"%s\" (%zu), libc \"%s\" (%d)", #__VA_ARGS__, a_, na_, \
				   b_, nb_); \
	} while (0)

TEST(fixed_cases)
{
	SAME("plain");
	SAME("%d %i %u", -5, 17, 42u);
	SAME("%x %X %o %#x %#o %#X", 255u, 255u, 8u, 255u, 8u, 0xABCu);
	SAME("[%5d] [%-5d] [%05d] [%+d] [% d]", 42, 42, 42, 42, 42);
	SAME("[%.3d] [%8.3d] [%-8.3d] [%.0d]", 7, 7, 7, 0);
	SAME("%ld %lu %lx", -1234567890123L, 1234567890123UL, 0xDEADBEEFCAFEUL);
	SAME("%lld %llu %llx", (long long)-9223372036854775807LL - 1, 18446744073709551615ULL, 0x1ULL);
	SAME("%zu %zd %td", (size_t)123, (ssize_t)-5, (ptrdiff_t)-7);
	SAME("%hd %hu %hhd %hhu", (short)-7000, (unsigned short)60000, (signed char)-100, (unsigned char)200);
	SAME("%s|%10s|%-10s|%.2s|%*s|%-*s", "abc", "abc", "abc", "abc", 6, "xy", 6, "xy");
	SAME("%c%c%5c%-3c|", 'a', 'b', 'c', 'd');
	SAME("%%|%%%%|");
	SAME("%*d|%-*d|%.*d", 6, 1, 6, 1, 4, 1);
	SAME("%p", (void *)0x1234);
}

TEST(unknown_and_truncated)
{
	char buf[32];

	/* Deliberately bad formats: the compiler's format checking is off for these two. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-invalid-specifier"
	keel_snprintf(buf, sizeof(buf), "a%qb");
	CHECK_EQ_STR(buf, "a%qb");
	keel_snprintf(buf, sizeof(buf), "tail%");
#pragma GCC diagnostic pop
	CHECK_EQ_STR(buf, "tail%");
	keel_snprintf(buf, sizeof(buf), "%s", (char *)NULL);
	CHECK_EQ_STR(buf, "(null)");
	for (size_t size = 0; size < 12; size++) {
		memset(buf, 'Z', sizeof(buf));
		CHECK_EQ_INT(keel_snprintf(buf, size, "%d-%s", 12345, "abc"), 9);
		if (size)
			CHECK_EQ_INT(strlen(buf), size - 1 < 9 ? size - 1 : 9);
		CHECK(buf[size < 11 ? size : 11] == 'Z' || size == 0);
	}
}

TEST(random_against_libc)
{
	static const char *const convs[] = { "d", "i", "u", "x", "X", "o", "ld", "lu", "lx", "lld", "llx" };
	static const char *const flags[] = { "", "-", "0", "+", " ", "#", "-0", "+0", "-#" };

	srand((unsigned)check_seed());
	for (int i = 0; i < 20000; i++) {
		char fmt[32], a[128], b[128];
		const char *conv = convs[rand() % 11];
		const char *flag = flags[rand() % 9];
		long long v = (long long)(((unsigned long long)rand() << 33) ^ ((unsigned long long)rand() << 2) ^ (unsigned long long)rand());
		int width = rand() % 3 ? rand() % 25 : 0, prec = rand() % 3 ? -1 : rand() % 20;
		size_t na;
		int nb;

		if (rand() % 4 == 0)
			v = rand() % 3 - 1;
		char last = conv[strlen(conv) - 1];

		if ((last == 'd' || last == 'i') && strchr(flag, '#'))
			flag = "";
		if (strchr("uxXo", last) && (strchr(flag, '+') || strchr(flag, ' ')))
			flag = "-";
		if (prec >= 0)
			snprintf(fmt, sizeof(fmt), "[%%%s%d.%d%s]", flag, width, prec, conv);
		else
			snprintf(fmt, sizeof(fmt), "[%%%s%d%s]", flag, width, conv);
		if (strcmp(conv, "d") == 0 || strcmp(conv, "i") == 0) {
			na = keel_snprintf(a, sizeof(a), fmt, (int)v);
			nb = snprintf(b, sizeof(b), fmt, (int)v);
		} else if (conv[0] != 'l') {
			na = keel_snprintf(a, sizeof(a), fmt, (unsigned)v);
			nb = snprintf(b, sizeof(b), fmt, (unsigned)v);
		} else if (conv[1] == 'l') {
			na = keel_snprintf(a, sizeof(a), fmt, v);
			nb = snprintf(b, sizeof(b), fmt, v);
		} else {
			na = keel_snprintf(a, sizeof(a), fmt, (long)v);
			nb = snprintf(b, sizeof(b), fmt, (long)v);
		}
		if (strcmp(a, b) != 0 || na != (size_t)nb) {
			check_fail(__FILE__, __LINE__, "format %s value %lld: keel \"%s\", libc \"%s\"", fmt, v, a, b);
			break;
		}
	}
}

CHECK_MAIN("format")

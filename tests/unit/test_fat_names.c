/*
 * The FAT reader's name handling in isolation: UTF-16 to UTF-8 (surrogate pairs, unpaired
 * surrogates, control characters), UTF-8 decoding of malformed input, case folding and the
 * case-insensitive comparison, 8.3 names (0x05 escape, NT case bits, code page 850), the LFN
 * checksum (the specification's algorithm on known names) and labels.
 */
#include <string.h>

#include <io/fat/fat_internal.h>

#include "check.h"

TEST(utf16_to_utf8)
{
	static const uint16_t a[] = { 'a', 0x00E9, 0x20AC, 0xD83D, 0xDE00, 'z' };
	static const uint16_t bad[] = { 0xD83D, 'x', 0xDE00, 0x0001 };
	char out[64];

	fat_utf16_to_utf8(a, 6, out, sizeof(out));
	CHECK_EQ_STR(out, "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80z");
	fat_utf16_to_utf8(bad, 4, out, sizeof(out));
	CHECK_EQ_STR(out, "\xEF\xBF\xBDx\xEF\xBF\xBD\xEF\xBF\xBD");
	/* truncation keeps whole characters and the NUL */
	fat_utf16_to_utf8(a, 6, out, 5);
	CHECK_EQ_STR(out, "a\xC3\xA9");
}

TEST(utf8_decoding_is_total)
{
	static const char *const bad[] = { "\x80", "\xC3", "\xE2\x82", "\xC0\x80", "\xED\xA0\x80",
					   "\xF4\x90\x80\x80", "\xFF" };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *p = bad[i], *end = p + strlen(p);
		uint32_t cp = fat_utf8_get(&p, end);

		CHECK_EQ_INT(cp, 0xFFFD);
		CHECK(p > bad[i] && p <= end);
	}
}

TEST(case_insensitive_names)
{
	CHECK(fat_name_eq("README.TXT", 10, "readme.txt"));
	CHECK(fat_name_eq("\xC3\x89" "COLE", 6, "\xC3\xA9" "cole"));              /* É é */
	CHECK(fat_name_eq("\xCE\x91\xCE\x92\xCE\x93", 6, "\xCE\xB1\xCE\xB2\xCE\xB3")); /* Greek */
	CHECK(fat_name_eq("\xD0\x9F\xD0\xA0\xD0\x98", 6, "\xD0\xBF\xD1\x80\xD0\xB8")); /* Cyrillic */
	CHECK(fat_name_eq("\xD0\x81", 2, "\xD1\x91"));                              /* Ё ё */
	CHECK(fat_name_eq("\xC5\x81\xC3\x93" "DZ", 6, "\xC5\x82\xC3\xB3" "dz"));      /* Łó */
	CHECK(!fat_name_eq("\xC3\x97", 2, "\xC3\xB7"));                             /* × ÷ */
	CHECK(!fat_name_eq("abc", 3, "abcd"));
	CHECK(fat_name_eq("abcd", 3, "abc"));
	CHECK(!fat_name_eq("a", 1, "b"));
	CHECK_EQ_INT(fat_fold(0x130), 0x130);
	CHECK_EQ_INT(fat_fold(0x17D), 0x17E);
	CHECK_EQ_INT(fat_fold(0x3A3), 0x3C3);
}

TEST(short_names)
{
	char stored[FAT_SHORT_MAX], display[FAT_SHORT_MAX];

	fat_short_name((const uint8_t *)"README  TXT", 0x18, stored, display);
	CHECK_EQ_STR(stored, "README.TXT");
	CHECK_EQ_STR(display, "readme.txt");
	fat_short_name((const uint8_t *)"MAKEFILE   ", 0x08, stored, display);
	CHECK_EQ_STR(stored, "MAKEFILE");
	CHECK_EQ_STR(display, "makefile");
	fat_short_name((const uint8_t *)"\x05" "BC     A  ", 0, stored, display);
	CHECK_EQ_STR(stored, "\xC3\x95" "BC.A");   /* 0x05 stands for 0xE5: Õ in CP850 */
	fat_short_name((const uint8_t *)"\x90" "COLE   TXT", 0x08, stored, display);
	CHECK_EQ_STR(stored, "\xC3\x89" "COLE.TXT");
	CHECK_EQ_STR(display, "\xC3\xA9" "cole.TXT");
	fat_short_name((const uint8_t *)".          ", 0, stored, display);
	CHECK_EQ_STR(stored, ".");
}

TEST(lfn_checksum)
{
	/* spec: sum = ((sum & 1) << 7) + (sum >> 1) + byte, over the 11 name bytes */
	const uint8_t *n = (const uint8_t *)"MIXEDC~1MAR";
	uint8_t sum = 0;

	for (int i = 0; i < 11; i++)
		sum = (uint8_t)((sum >> 1 | sum << 7) + n[i]);
	CHECK_EQ_INT(fat_lfn_checksum(n), sum);
	CHECK(fat_lfn_checksum((const uint8_t *)"A       TXT") !=
	      fat_lfn_checksum((const uint8_t *)"B       TXT"));
}

TEST(labels)
{
	char out[FAT_LABEL_MAX];

	fat_label_name((const uint8_t *)"KEEL DISK  ", out, sizeof(out));
	CHECK_EQ_STR(out, "KEEL DISK");
	fat_label_name((const uint8_t *)"           ", out, sizeof(out));
	CHECK_EQ_STR(out, "");
}

CHECK_MAIN("fat_names")

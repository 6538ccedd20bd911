/*
 * CRC-32 against the standard check value and zlib-computed vectors, whole and in pieces.
 */
#include "check.h"

#include <keel/crc32.h>

TEST(known_vectors)
{
	CHECK_EQ_U64(crc32_update(0, "", 0), 0);
	CHECK_EQ_U64(crc32_update(0, "123456789", 9), 0xCBF43926); /* the CRC-32 check value */
	CHECK_EQ_U64(crc32_update(0, "The quick brown fox jumps over the lazy dog", 43), 0x414FA339);
	CHECK_EQ_U64(crc32_update(0, "a", 1), 0xE8B7BE43);
}

TEST(chained_equals_whole)
{
	static uint8_t buf[5000];
	uint32_t whole, parts = 0;

	for (unsigned i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 31 + (i >> 3));
	whole = crc32_update(0, buf, sizeof(buf));
	for (size_t off = 0, k = 1; off < sizeof(buf); off += k, k = k * 3 % 1000 + 1)
		parts = crc32_update(parts, buf + off, off + k > sizeof(buf) ? sizeof(buf) - off : k);
	CHECK_EQ_U64(parts, whole);
}

CHECK_MAIN("crc32")

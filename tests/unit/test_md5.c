/*
 * MD5 against RFC 1321's test suite (appendix A.5), a 1 MB vector computed by Python's hashlib,
 * and whole-versus-pieces equality at every split around the 56/64-byte padding boundaries.
 */
#include "check.h"

#include <keel/md5.h>
#include <stdio.h>
#include <string.h>

static void hex(const uint8_t d[16], char out[33])
{
	for (int i = 0; i < 16; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void md5_str(const void *s, size_t n, char out[33])
{
	struct md5_ctx c;
	uint8_t d[16];

	md5_init(&c);
	md5_update(&c, s, n);
	md5_final(&c, d);
	hex(d, out);
}

TEST(rfc1321_suite)
{
	static const char *const v[][2] = {
		{ "", "d41d8cd98f00b204e9800998ecf8427e" },
		{ "a", "0cc175b9c0f1b6a831c399e269772661" },
		{ "abc", "900150983cd24fb0d6963f7d28e17f72" },
		{ "message digest", "f96b697d7cb7938d525a2f31aaf161d0" },
		{ "abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b" },
		{ "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
		  "d174ab98d277d9f5a5611c2c9f419d9f" },
		{ "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
		  "57edf4a22be3c955ac49da2e2107b67a" },
	};
	char got[33];

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		md5_str(v[i][0], strlen(v[i][0]), got);
		CHECK(strcmp(got, v[i][1]) == 0);
	}
}

TEST(ramp_and_large)
{
	static uint8_t buf[1000000];
	char got[33];

	for (size_t i = 0; i < 65536; i++)
		buf[i] = (uint8_t)i;
	md5_str(buf, 65536, got); /* hashlib.md5(bytes(range(256)) * 256) */
	CHECK(strcmp(got, "8f1445bafe2c2095044af7789462f475") == 0);
	memset(buf, 'a', sizeof(buf));
	md5_str(buf, sizeof(buf), got); /* the well-known one million 'a's */
	CHECK(strcmp(got, "7707d6ae4e027c70eea2a935c2296f21") == 0);
}

TEST(pieces_equal_whole)
{
	static uint8_t buf[300];
	uint8_t whole[16], parts[16];
	struct md5_ctx c;

	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 37 + 11);
	for (size_t n = 0; n <= sizeof(buf); n += (n < 140 ? 1 : 7)) {
		md5_init(&c);
		md5_update(&c, buf, n);
		md5_final(&c, whole);
		for (size_t split = 0; split <= n; split += 5) {
			md5_init(&c);
			md5_update(&c, buf, split);
			md5_update(&c, buf + split, n - split);
			md5_final(&c, parts);
			CHECK(memcmp(whole, parts, 16) == 0);
		}
	}
}

CHECK_MAIN("md5")

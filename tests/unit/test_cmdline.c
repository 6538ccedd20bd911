/*
 * Kernel command line lookup: bare words, values, quoted values, the last occurrence winning,
 * prefixes that must not match, clipping to the buffer, and hostile inputs.
 */
#include "check.h"

#include <keel/cmdline.h>

TEST(lookup)
{
	char v[32];
	const char *line = "keel.elf  keel.test console=ttyS0,115200 name=\"two words\" keel.log=debug keel.test=a,b";

	CHECK(cmdline_find(line, "keel.test", v, sizeof(v)));
	CHECK_EQ_STR(v, "a,b");
	CHECK(cmdline_find(line, "console", v, sizeof(v)));
	CHECK_EQ_STR(v, "ttyS0,115200");
	CHECK(cmdline_find(line, "name", v, sizeof(v)));
	CHECK_EQ_STR(v, "two words");
	CHECK(cmdline_find(line, "keel.elf", v, sizeof(v)));
	CHECK_EQ_STR(v, "");
	CHECK(!cmdline_find(line, "keel", v, sizeof(v)));
	CHECK(!cmdline_find(line, "keel.te", NULL, 0));
	CHECK(!cmdline_find(line, "", v, sizeof(v)));
	CHECK(cmdline_find(line, "keel.log", NULL, 0));
}

TEST(clipping_and_hostile)
{
	char v[4];

	CHECK(cmdline_find("a=123456", "a", v, sizeof(v)));
	CHECK_EQ_STR(v, "123");
	CHECK(cmdline_find("a=\"unterminated", "a", v, sizeof(v)));
	CHECK_EQ_STR(v, "unt");
	CHECK(!cmdline_find("", "a", v, sizeof(v)));
	CHECK(!cmdline_find("   ", "a", v, sizeof(v)));
	CHECK(cmdline_find("=x a", "a", v, sizeof(v)));
	CHECK(cmdline_find("a=\"x\"junk b", "b", v, sizeof(v)));
	CHECK(cmdline_find("a=", "a", v, sizeof(v)));
	CHECK_EQ_STR(v, "");
}

CHECK_MAIN("cmdline")

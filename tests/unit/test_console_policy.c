/*
 * keel.console= parsing: defaults, lists, sizes, and every kind of bad value (which falls back to
 * "all" and names the bad item).
 */
#include <string.h>

#include "kernel/console/console_policy.h"
#include "tests/unit/check.h"

TEST(policy_all_and_none)
{
	struct console_policy p;
	const char *why;
	int r, c;

	CHECK(console_policy_parse("all", &p, &why) == 0);
	CHECK(console_policy_allows(&p, "com3", &r, &c) && r == 0 && c == 0);
	CHECK(console_policy_allows(&p, "vga", &r, &c));
	CHECK(console_policy_parse("none", &p, &why) == 0);
	CHECK(!console_policy_allows(&p, "com1", &r, &c));
	CHECK(!console_policy_allows(&p, "vga", &r, &c));
}

TEST(policy_list_with_sizes)
{
	struct console_policy p;
	const char *why;
	int r, c;

	CHECK(console_policy_parse("com1:120x40,com2,vga", &p, &why) == 0);
	CHECK(console_policy_allows(&p, "com1", &r, &c) && c == 120 && r == 40);
	CHECK(console_policy_allows(&p, "com2", &r, &c) && r == 0 && c == 0);
	CHECK(!console_policy_allows(&p, "com3", &r, &c));
	CHECK(console_policy_allows(&p, "vga", &r, &c));
	CHECK(console_policy_allows(&p, "fb", &r, &c)); /* vga names any display */
	CHECK(console_policy_parse("com4", &p, &why) == 0);
	CHECK(!console_policy_allows(&p, "com1", &r, &c) && console_policy_allows(&p, "com4", &r, &c));
}

TEST(policy_virtio_console_ports)
{
	struct console_policy p;
	const char *why;
	int r, c;

	CHECK(console_policy_parse("hvc0", &p, &why) == 0);
	CHECK(console_policy_allows(&p, "hvc0", &r, &c) && r == 0 && c == 0);
	CHECK(!console_policy_allows(&p, "com1", &r, &c));
	CHECK(!console_policy_allows(&p, "hvc1", &r, &c));
	CHECK(console_policy_parse("com1,hvc3:132x43", &p, &why) == 0);
	CHECK(console_policy_allows(&p, "hvc3", &r, &c) && c == 132 && r == 43);
	CHECK(console_policy_allows(&p, "com1", &r, &c));
	CHECK(!console_policy_allows(&p, "hvc0", &r, &c));
	CHECK(console_policy_parse("hvc4", &p, &why) != 0 && strcmp(why, "hvc4") == 0);
	CHECK(console_policy_parse("hvc", &p, &why) != 0);
	CHECK(console_policy_parse("HVC0", &p, &why) != 0);
	CHECK(console_policy_parse("hvc0:80x3", &p, &why) != 0);
	CHECK(p.all); /* refused: back to every input */
}

TEST(policy_pci_ports)
{
	struct console_policy p;
	const char *why;
	int r, c;

	CHECK(console_policy_parse("pci0", &p, &why) == 0);
	CHECK(console_policy_allows(&p, "pci0", &r, &c) && r == 0 && c == 0);
	CHECK(!console_policy_allows(&p, "com1", &r, &c));
	CHECK(!console_policy_allows(&p, "pci1", &r, &c));
	CHECK(console_policy_parse("com1,pci7:132x43,pci3", &p, &why) == 0);
	CHECK(console_policy_allows(&p, "pci7", &r, &c) && c == 132 && r == 43);
	CHECK(console_policy_allows(&p, "pci3", &r, &c) && console_policy_allows(&p, "com1", &r, &c));
	CHECK(!console_policy_allows(&p, "pci0", &r, &c));
	CHECK(console_policy_parse("pci8", &p, &why) != 0 && strcmp(why, "pci8") == 0);
	CHECK(p.all);
	CHECK(console_policy_parse("pci", &p, &why) != 0);
	CHECK(console_policy_parse("pci00", &p, &why) != 0);
	CHECK(console_policy_parse("PCI0", &p, &why) != 0);
	CHECK(console_policy_parse("pci0:80", &p, &why) != 0);
}

TEST(policy_bad_values_fall_back_to_all)
{
	static const char *const bad[] = { "com5", "com1,", ",com1", "com1:", "com1:80", "com1:x24", "com1:80x",
					   "com1:9x24", "com1:80x3", "com1:1001x24", "com1:80x501", "com1:80x24x2",
					   "COM1", "com1 com2", "com1:80y24", "com1:00080x24",
					   "com1,com1,com1,com1,com1,com1,com1,com1,com1" };
	struct console_policy p;
	const char *why;
	int r, c;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK(console_policy_parse(bad[i], &p, &why) != 0);
		CHECK(why != NULL);
		CHECK(p.all && console_policy_allows(&p, "com2", &r, &c));
	}
	CHECK(console_policy_parse("com1,com5", &p, &why) != 0 && strcmp(why, "com5") == 0);
}

CHECK_MAIN("console_policy")

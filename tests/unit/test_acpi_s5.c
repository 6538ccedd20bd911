/*
 * \_S5 lookup in AML: the common encodings (BytePrefix values, ZeroOp/OneOp, root prefix,
 * multi-byte package lengths), decoys that must not match, and truncated input.
 */
#include "check.h"

#include <keel/acpi.h>
#include <keel/errno.h>

TEST(encodings)
{
	/* Name(_S5, Package(4) { 5, 5, 0, 0 }) as QEMU's DSDT has it. */
	const uint8_t qemu[] = { 0x10, 0x08, '_', 'S', '5', '_', 0x12, 0x06, 0x04, 0x0A, 0x05, 0x0A, 0x05, 0x00, 0x00 };
	/* Name(\_S5, Package() { Zero, One }) */
	const uint8_t root[] = { 0x08, '\\', '_', 'S', '5', '_', 0x12, 0x05, 0x02, 0x00, 0x01 };
	/* Two-byte PkgLength. */
	const uint8_t big[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x40, 0x01, 0x02, 0x0A, 0x07, 0x0A, 0x03 };
	uint8_t a = 0xFF, b = 0xFF;

	CHECK_EQ_INT(acpi_find_s5(qemu, sizeof(qemu), &a, &b), 0);
	CHECK(a == 5 && b == 5);
	CHECK_EQ_INT(acpi_find_s5(root, sizeof(root), &a, &b), 0);
	CHECK(a == 0 && b == 1);
	CHECK_EQ_INT(acpi_find_s5(big, sizeof(big), &a, &b), 0);
	CHECK(a == 7 && b == 3);
}

TEST(decoys_and_truncation)
{
	/* A method named _S5_ (not a Name), a string containing it, then the real one. */
	const uint8_t mixed[] = { 0x14, '_', 'S', '5', '_', 0x00, 0x0D, '_', 'S', '5', '_', 0x00,
				  0x08, '_', 'S', '5', '_', 0x12, 0x04, 0x02, 0x0A, 0x02, 0x00 };
	const uint8_t cut[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x04, 0x02, 0x0A };
	const uint8_t none[] = { 0x08, '_', 'S', '4', '_', 0x12, 0x04, 0x02, 0x00, 0x00 };
	uint8_t a, b;

	CHECK_EQ_INT(acpi_find_s5(mixed, sizeof(mixed), &a, &b), 0);
	CHECK(a == 2 && b == 0);
	for (size_t n = 0; n < sizeof(cut); n++)
		CHECK_EQ_INT(acpi_find_s5(cut, n, &a, &b), -ENOENT);
	CHECK_EQ_INT(acpi_find_s5(none, sizeof(none), &a, &b), -ENOENT);
}

CHECK_MAIN("acpi_s5")

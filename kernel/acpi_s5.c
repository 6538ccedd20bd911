/*
 * \_S5 lookup in AML (see keel/acpi.h): finds "_S5_" as the name of a Name() object whose value
 * is a Package, decodes the package length encoding and the first two elements (ZeroOp, OneOp,
 * BytePrefix n, or a raw small integer). Plain C, bounded by `len`, host-tested.
 */
#include <keel/acpi.h>
#include <keel/errno.h>
#include <string.h>

#define AML_NAME_OP 0x08
#define AML_PACKAGE_OP 0x12
#define AML_ZERO_OP 0x00
#define AML_ONE_OP 0x01
#define AML_BYTE_PREFIX 0x0A

static int aml_small_int(const uint8_t *p, const uint8_t *end, uint8_t *out, const uint8_t **next)
{
	if (p >= end)
		return -ENOENT;
	if (*p == AML_BYTE_PREFIX) {
		if (p + 1 >= end)
			return -ENOENT;
		*out = p[1];
		*next = p + 2;
		return 0;
	}
	if (*p == AML_ZERO_OP || *p == AML_ONE_OP || *p < 0x08) {
		*out = *p;
		*next = p + 1;
		return 0;
	}
	return -ENOENT;
}

int acpi_find_s5(const uint8_t *aml, size_t len, uint8_t *typ_a, uint8_t *typ_b)
{
	for (size_t i = 1; i + 4 < len; i++) {
		const uint8_t *p = aml + i, *end = aml + len;
		size_t pkglen_bytes;

		if (memcmp(p, "_S5_", 4) != 0)
			continue;
		/* NameOp directly before the name, or before a root prefix '\\'. */
		if (!(aml[i - 1] == AML_NAME_OP || (i >= 2 && aml[i - 1] == '\\' && aml[i - 2] == AML_NAME_OP)))
			continue;
		p += 4;
		if (p >= end || *p != AML_PACKAGE_OP)
			continue;
		p++;
		if (p >= end)
			continue;
		pkglen_bytes = (size_t)(*p >> 6) + 1; /* PkgLength: lead byte says how many follow */
		p += pkglen_bytes;
		if (p >= end)
			continue;
		p++; /* NumElements */
		if (aml_small_int(p, end, typ_a, &p) == 0 && aml_small_int(p, end, typ_b, &p) == 0)
			return 0;
	}
	return -ENOENT;
}

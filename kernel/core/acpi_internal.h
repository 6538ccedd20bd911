/*
 * Private helpers shared by the ACPI table parsers (acpi_tables.c, acpi_parse_tables.c): the
 * parse state, the warning formatter and unaligned little-endian loads. Not for use elsewhere.
 */
#ifndef KEEL_CORE_ACPI_INTERNAL_H
#define KEEL_CORE_ACPI_INTERNAL_H

#include <stdarg.h>
#include <stdint.h>

#include <keel/acpi_tables.h>
#include <keel/compiler.h>
#include <keel/format.h>

struct acpi_parse {
	struct acpi_info *out;
	bootinfo_map_fn map;
	acpi_warn_fn warn;
	void *ctx;
	unsigned seen; /* bit per table kind already parsed */
};

void acpi_warnf(struct acpi_parse *p, const char *fmt, ...) KEEL_PRINTF(2, 3);
const uint8_t *acpi_fetch(struct acpi_parse *p, uint64_t phys, const char *what);

/* Each parser gets a table whose length and checksum have been checked (len >= 36). */
void acpi_parse_madt(struct acpi_parse *p, const uint8_t *t, uint32_t len);
void acpi_parse_fadt(struct acpi_parse *p, const uint8_t *t, uint32_t len);
void acpi_parse_hpet(struct acpi_parse *p, const uint8_t *t, uint32_t len);
void acpi_parse_mcfg(struct acpi_parse *p, const uint8_t *t, uint32_t len);
void acpi_parse_spcr(struct acpi_parse *p, const uint8_t *t, uint32_t len);

static inline uint16_t acpi_u16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t acpi_u32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t acpi_u64(const uint8_t *p)
{
	return (uint64_t)acpi_u32(p) | (uint64_t)acpi_u32(p + 4) << 32;
}

#endif /* KEEL_CORE_ACPI_INTERNAL_H */

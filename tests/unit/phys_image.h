/*
 * A fake physical memory for host tests and fuzzers of parsers that reach memory through a map
 * callback (boot information, ACPI): addresses are offsets into one buffer, and anything outside
 * it is refused. The same object is the warning callback's context, counting the warnings and
 * keeping the last one. Plus the little-endian stores and checksum fix-up that table builders need.
 */
#ifndef KEEL_TESTS_PHYS_IMAGE_H
#define KEEL_TESTS_PHYS_IMAGE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct phys_image {
	const uint8_t *data;
	size_t size;
	unsigned warnings;
	char last_warning[200];
	uint64_t base; /* the physical address of data[0] */
};

static inline const void *phys_image_map(void *ctx, uint64_t phys, size_t len)
{
	struct phys_image *m = ctx;

	if (phys < m->base)
		return NULL;
	phys -= m->base;
	if (phys >= m->size || len > m->size - phys)
		return NULL;
	return m->data + phys;
}

static inline void phys_image_warn(void *ctx, const char *msg)
{
	struct phys_image *m = ctx;

	m->warnings++;
	snprintf(m->last_warning, sizeof(m->last_warning), "%s", msg);
}

/* Little-endian stores and a checksum byte that makes `len` bytes sum to zero (table builders). */
static inline void phys_put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static inline void phys_put64(uint8_t *p, uint64_t v)
{
	phys_put32(p, (uint32_t)v);
	phys_put32(p + 4, (uint32_t)(v >> 32));
}

static inline void phys_fix_sum(uint8_t *p, size_t len, size_t sum_off)
{
	uint8_t s = 0;

	p[sum_off] = 0;
	for (size_t i = 0; i < len; i++)
		s = (uint8_t)(s + p[i]);
	p[sum_off] = (uint8_t)-s;
}

#endif /* KEEL_TESTS_PHYS_IMAGE_H */

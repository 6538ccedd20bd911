/*
 * A fake physical memory for host tests and fuzzers of parsers that reach memory through a map
 * callback (boot information, ACPI): addresses are offsets into one buffer, and anything outside
 * it is refused. The same object is the warning callback's context, counting the warnings and
 * keeping the last one.
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
};

static inline const void *phys_image_map(void *ctx, uint64_t phys, size_t len)
{
	struct phys_image *m = ctx;

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

#endif /* KEEL_TESTS_PHYS_IMAGE_H */

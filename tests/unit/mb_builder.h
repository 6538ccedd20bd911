/*
 * Builds Multiboot2 information blocks and Multiboot1 "physical memory" images in host memory
 * for the boot-information tests: tags are appended one by one with correct alignment, and
 * individual fields can then be corrupted on purpose.
 */
#ifndef KEEL_TESTS_MB_BUILDER_H
#define KEEL_TESTS_MB_BUILDER_H

#include <stddef.h>
#include <stdint.h>

struct mb2_builder {
	uint8_t buf[8192] __attribute__((aligned(8)));
	size_t len;
};

void mb2_begin(struct mb2_builder *b);
/* Append a tag with the given payload (after type and size); returns its offset. */
size_t mb2_tag(struct mb2_builder *b, uint32_t type, const void *payload, size_t n);
size_t mb2_string_tag(struct mb2_builder *b, uint32_t type, const char *s);
size_t mb2_mmap_tag(struct mb2_builder *b, const uint64_t (*entries)[3], unsigned n);
size_t mb2_module_tag(struct mb2_builder *b, uint32_t start, uint32_t end, const char *name);
void mb2_end(struct mb2_builder *b);

void put_u32(uint8_t *p, uint32_t v);
void put_u64(uint8_t *p, uint64_t v);

#endif /* KEEL_TESTS_MB_BUILDER_H */

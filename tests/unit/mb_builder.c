/*
 * Multiboot2 information builder for tests (see mb_builder.h).
 */
#include "mb_builder.h"

#include <string.h>

void put_u32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

void put_u64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

void mb2_begin(struct mb2_builder *b)
{
	memset(b->buf, 0, sizeof(b->buf));
	b->len = 8;
}

size_t mb2_tag(struct mb2_builder *b, uint32_t type, const void *payload, size_t n)
{
	size_t off = b->len;

	put_u32(b->buf + off, type);
	put_u32(b->buf + off + 4, (uint32_t)(8 + n));
	if (n)
		memcpy(b->buf + off + 8, payload, n);
	b->len = (off + 8 + n + 7) & ~(size_t)7;
	put_u32(b->buf, (uint32_t)b->len);
	return off;
}

size_t mb2_string_tag(struct mb2_builder *b, uint32_t type, const char *s)
{
	return mb2_tag(b, type, s, strlen(s) + 1);
}

size_t mb2_mmap_tag(struct mb2_builder *b, const uint64_t (*entries)[3], unsigned n)
{
	uint8_t payload[8 + 24 * 64];

	memset(payload, 0, sizeof(payload));
	put_u32(payload, 24);
	put_u32(payload + 4, 0);
	for (unsigned i = 0; i < n; i++) {
		put_u64(payload + 8 + i * 24, entries[i][0]);
		put_u64(payload + 8 + i * 24 + 8, entries[i][1]);
		put_u32(payload + 8 + i * 24 + 16, (uint32_t)entries[i][2]);
	}
	return mb2_tag(b, 6, payload, 8 + 24 * (size_t)n);
}

size_t mb2_module_tag(struct mb2_builder *b, uint32_t start, uint32_t end, const char *name)
{
	uint8_t payload[128];
	size_t n = strlen(name) + 1;

	put_u32(payload, start);
	put_u32(payload + 4, end);
	memcpy(payload + 8, name, n);
	return mb2_tag(b, 3, payload, 8 + n);
}

void mb2_end(struct mb2_builder *b)
{
	mb2_tag(b, 0, NULL, 0);
}

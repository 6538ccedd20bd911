/*
 * A byte ring of power-of-two size with free-running head and tail counters. No locking of its
 * own: the owner serialises access (the serial driver holds its port spinlock). Header-only,
 * plain C.
 */
#ifndef KEEL_RING_H
#define KEEL_RING_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct byte_ring {
	uint8_t *buf;
	uint32_t size; /* power of two */
	uint32_t head; /* next byte to take */
	uint32_t tail; /* next free slot */
};

static inline void byte_ring_init(struct byte_ring *r, uint8_t *buf, uint32_t size)
{
	r->buf = buf;
	r->size = size;
	r->head = r->tail = 0;
}

static inline uint32_t byte_ring_used(const struct byte_ring *r)
{
	return r->tail - r->head;
}

static inline uint32_t byte_ring_free(const struct byte_ring *r)
{
	return r->size - byte_ring_used(r);
}

static inline int byte_ring_put(struct byte_ring *r, uint8_t c)
{
	if (byte_ring_used(r) == r->size)
		return 0;
	r->buf[r->tail++ & (r->size - 1)] = c;
	return 1;
}

static inline int byte_ring_get(struct byte_ring *r, uint8_t *c)
{
	if (r->head == r->tail)
		return 0;
	*c = r->buf[r->head++ & (r->size - 1)];
	return 1;
}

/* Copy in as much of buf as fits; returns the count. */
static inline uint32_t byte_ring_write(struct byte_ring *r, const uint8_t *buf, uint32_t n)
{
	uint32_t k = byte_ring_free(r);

	if (n > k)
		n = k;
	for (uint32_t i = 0; i < n; i++)
		r->buf[(r->tail + i) & (r->size - 1)] = buf[i];
	r->tail += n;
	return n;
}

/* Copy out up to n bytes; returns the count. */
static inline uint32_t byte_ring_read(struct byte_ring *r, uint8_t *buf, uint32_t n)
{
	uint32_t k = byte_ring_used(r);

	if (n > k)
		n = k;
	for (uint32_t i = 0; i < n; i++)
		buf[i] = r->buf[(r->head + i) & (r->size - 1)];
	r->head += n;
	return n;
}

/* Copy out up to n bytes starting `off` bytes after the head, without taking them. */
static inline uint32_t byte_ring_peek(const struct byte_ring *r, uint32_t off, uint8_t *buf, uint32_t n)
{
	uint32_t k = byte_ring_used(r);

	if (off >= k)
		return 0;
	if (n > k - off)
		n = k - off;
	for (uint32_t i = 0; i < n; i++)
		buf[i] = r->buf[(r->head + off + i) & (r->size - 1)];
	return n;
}

/* Drop the first n bytes; more than are queued drops them all (the head never passes the tail). */
static inline void byte_ring_skip(struct byte_ring *r, uint32_t n)
{
	uint32_t k = byte_ring_used(r);

	r->head += n < k ? n : k;
}

#endif /* KEEL_RING_H */

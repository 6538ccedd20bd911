/*
 * The simulated device of virtq_sim.h: identity device addresses (a pointer is its own
 * address), descriptor chains walked with a loop bound as a careful device would.
 */
#include <stdlib.h>
#include <string.h>

#include "virtq_sim.h"

int virtq_sim_init(struct virtq_sim *s, uint16_t size)
{
	size_t bytes = virtq_ring_bytes(size ? size : 1);
	int ret;

	memset(s, 0, sizeof(*s));
	s->mem = aligned_alloc(4096, (bytes + 4095) & ~(size_t)4095);
	if (!s->mem)
		return -1;
	ret = virtq_init(&s->vq, size, s->mem, (uint64_t)(uintptr_t)s->mem);
	if (ret) {
		free(s->mem);
		s->mem = NULL;
	}
	return ret;
}

void virtq_sim_fini(struct virtq_sim *s)
{
	free(s->mem);
	s->mem = NULL;
}

int virtq_sim_pop(struct virtq_sim *s, uint32_t *writable, unsigned *ndesc)
{
	struct virtq *vq = &s->vq;
	uint16_t head, d;
	unsigned n = 0;

	if (vq->avail->idx == s->dev_avail)
		return -1;
	head = vq->avail->ring[s->dev_avail & (vq->size - 1)];
	s->dev_avail++;
	if (head >= vq->size)
		return -1;
	*writable = 0;
	d = head;
	for (;;) {
		const struct virtq_desc *desc = &vq->desc[d];

		if (++n > vq->size)
			return -1;
		if (desc->flags & VIRTQ_DESC_F_WRITE)
			*writable += desc->len;
		if (!(desc->flags & VIRTQ_DESC_F_NEXT))
			break;
		d = desc->next;
		if (d >= vq->size)
			return -1;
	}
	*ndesc = n;
	return head;
}

void virtq_sim_push(struct virtq_sim *s, uint32_t id, uint32_t len)
{
	volatile struct virtq_used *u = s->vq.used;

	u->ring[s->dev_used & (s->vq.size - 1)].id = id;
	u->ring[s->dev_used & (s->vq.size - 1)].len = len;
	s->dev_used++;
	u->idx = s->dev_used;
}

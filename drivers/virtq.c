/*
 * Split virtqueues (see virtq.h): free-list descriptor allocation in driver-private links,
 * chains published through the available ring with a release fence before the index, and the
 * used ring read back one checked entry at a time. A chain's descriptors go back on the free
 * list only when the device returns its head with a plausible length; a bad entry breaks the
 * queue for good (the caller resets the device), so a misbehaving device can never make the
 * driver reuse a descriptor it still owns or hand a caller a token twice.
 */
#include <keel/errno.h>
#include <string.h>

#include "drivers/virtq.h"

/* Order our ring writes before the index store / the index load before the ring reads. On x86
 * only the compiler could reorder these; the fences say what is meant on any target. */
#define virtq_release() __atomic_thread_fence(__ATOMIC_RELEASE)
#define virtq_acquire() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define virtq_full_barrier() __atomic_thread_fence(__ATOMIC_SEQ_CST)

size_t virtq_avail_offset(uint16_t size)
{
	return (size_t)size * sizeof(struct virtq_desc);
}

size_t virtq_used_offset(uint16_t size)
{
	size_t avail_end = virtq_avail_offset(size) + 6 + 2 * (size_t)size; /* flags, idx, ring, used_event */

	return (avail_end + 3) & ~(size_t)3;
}

size_t virtq_ring_bytes(uint16_t size)
{
	return virtq_used_offset(size) + 6 + 8 * (size_t)size; /* flags, idx, ring, avail_event */
}

int virtq_init(struct virtq *vq, uint16_t size, void *mem, uint64_t mem_addr)
{
	if (size == 0 || size > VIRTQ_MAX_SIZE || (size & (size - 1)) || !mem || ((uintptr_t)mem & 15) ||
	    (mem_addr & 15))
		return -EINVAL;
	memset(vq, 0, sizeof(*vq));
	memset(mem, 0, virtq_ring_bytes(size));
	vq->size = size;
	vq->desc = mem;
	vq->avail = (struct virtq_avail *)((uint8_t *)mem + virtq_avail_offset(size));
	vq->used = (volatile struct virtq_used *)((uint8_t *)mem + virtq_used_offset(size));
	vq->desc_addr = mem_addr;
	vq->avail_addr = mem_addr + virtq_avail_offset(size);
	vq->used_addr = mem_addr + virtq_used_offset(size);
	for (uint16_t i = 0; i < size; i++)
		vq->next[i] = (uint16_t)(i + 1);
	vq->free_head = 0;
	vq->num_free = size;
	return 0;
}

int virtq_add(struct virtq *vq, const struct virtq_buf *bufs, unsigned n_out, unsigned n_in, void *token)
{
	unsigned n = n_out + n_in;
	uint16_t head, d;
	uint32_t writable = 0;

	if (vq->broken)
		return -EIO;
	if (n == 0 || n < n_out || !token || !bufs)
		return -EINVAL;
	for (unsigned i = 0; i < n; i++) {
		if (bufs[i].len == 0)
			return -EINVAL;
		if (i >= n_out) {
			if (bufs[i].len > UINT32_MAX - writable)
				return -EINVAL;
			writable += bufs[i].len;
		}
	}
	if (n > vq->num_free)
		return n > vq->size ? -EINVAL : -ENOSPC;

	head = d = vq->free_head;
	for (unsigned i = 0; i < n; i++) {
		struct virtq_desc *desc = &vq->desc[d];

		desc->addr = bufs[i].addr;
		desc->len = bufs[i].len;
		desc->flags = (uint16_t)((i >= n_out ? VIRTQ_DESC_F_WRITE : 0) | (i + 1 < n ? VIRTQ_DESC_F_NEXT : 0));
		desc->next = i + 1 < n ? vq->next[d] : 0;
		d = vq->next[d];
	}
	vq->free_head = d;
	vq->num_free = (uint16_t)(vq->num_free - n);
	vq->chain_len[head] = (uint16_t)n;
	vq->writable[head] = writable;
	vq->token[head] = token;

	vq->avail->ring[vq->avail_idx & (vq->size - 1)] = head;
	virtq_release();
	vq->avail_idx++;
	*(volatile uint16_t *)&vq->avail->idx = vq->avail_idx;
	vq->in_flight++;
	virtq_full_barrier(); /* the index store before the caller reads used->flags to decide on a notify */
	return head;
}

bool virtq_should_notify(const struct virtq *vq)
{
	return !(vq->used->flags & VIRTQ_USED_F_NO_NOTIFY);
}

bool virtq_has_used(const struct virtq *vq)
{
	return vq->broken || vq->used->idx != vq->last_used;
}

static int virtq_fail(struct virtq *vq, enum virtq_fault f, uint32_t value)
{
	vq->broken = true;
	vq->fault = f;
	vq->fault_value = value;
	return -EIO;
}

int virtq_get_used(struct virtq *vq, void **token, uint32_t *len)
{
	uint16_t used_idx, pending, head, d;
	struct virtq_used_elem e;

	if (vq->broken)
		return -EIO;
	used_idx = vq->used->idx;
	pending = (uint16_t)(used_idx - vq->last_used);
	if (pending == 0)
		return 0;
	if (pending > vq->in_flight)
		return virtq_fail(vq, VIRTQ_FAULT_IDX_AHEAD, used_idx);
	virtq_acquire();
	e.id = vq->used->ring[vq->last_used & (vq->size - 1)].id;
	e.len = vq->used->ring[vq->last_used & (vq->size - 1)].len;
	if (e.id >= vq->size || vq->chain_len[e.id] == 0)
		return virtq_fail(vq, VIRTQ_FAULT_BAD_ID, e.id);
	head = (uint16_t)e.id;
	if (e.len > vq->writable[head])
		return virtq_fail(vq, VIRTQ_FAULT_BAD_LEN, e.len);

	/* Give the chain back: walk our own links, never the device-visible table. */
	d = head;
	for (uint16_t i = 1; i < vq->chain_len[head]; i++)
		d = vq->next[d];
	vq->next[d] = vq->free_head;
	vq->free_head = head;
	vq->num_free = (uint16_t)(vq->num_free + vq->chain_len[head]);
	vq->chain_len[head] = 0;
	*token = vq->token[head];
	vq->token[head] = NULL;
	*len = e.len;
	vq->last_used++;
	vq->in_flight--;
	return 1;
}

const char *virtq_fault_name(enum virtq_fault f)
{
	switch (f) {
	case VIRTQ_OK:
		return "no fault";
	case VIRTQ_FAULT_IDX_AHEAD:
		return "used index ran ahead of the requests in flight";
	case VIRTQ_FAULT_BAD_ID:
		return "used entry names no request in flight";
	case VIRTQ_FAULT_BAD_LEN:
		return "used length exceeds the request's writable bytes";
	}
	return "unknown fault";
}

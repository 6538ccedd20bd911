/*
 * Split virtqueues (virtio 1.x, section 2.7): the descriptor table, the available ring the
 * driver fills and the used ring the device fills, in memory the caller provides (the virtio
 * core takes it from the frame allocator; the host tests from malloc). Plain freestanding C, no
 * kernel services: buffers are given by their device-visible (physical) addresses, so the same
 * code runs in the kernel, in tests/unit/test_virtq.c and under tests/fuzz/fuzz_virtq.c.
 *
 * The device is not trusted. Everything the driver needs to recycle descriptors (free list,
 * chain lengths, the bytes a chain lets the device write, the caller's token) lives in driver-
 * private arrays; the device-visible tables are only written, never read back, except the used
 * ring, whose every entry is checked: an index running ahead of what is in flight, an id that is
 * not the head of an in-flight chain, a length larger than the chain's device-writable bytes.
 * The first bad entry marks the queue broken: every later call fails with -EIO and nothing in
 * flight is handed back, so the caller resets the device instead of trusting it further.
 * Context: the caller serialises all calls on one queue (a lock or a single task).
 */
#ifndef KEEL_DRIVERS_VIRTQ_H
#define KEEL_DRIVERS_VIRTQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VIRTQ_MAX_SIZE 256u

#define VIRTQ_DESC_F_NEXT 1u
#define VIRTQ_DESC_F_WRITE 2u
#define VIRTQ_USED_F_NO_NOTIFY 1u
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1u

/* Device-visible layout (little-endian on x86, as virtio 1.x requires). */
struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};
_Static_assert(sizeof(struct virtq_desc) == 16, "virtio descriptor is 16 bytes");

struct virtq_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[]; /* size entries, then used_event */
};

struct virtq_used_elem {
	uint32_t id;
	uint32_t len;
};
_Static_assert(sizeof(struct virtq_used_elem) == 8, "used element is 8 bytes");

struct virtq_used {
	uint16_t flags;
	uint16_t idx;
	struct virtq_used_elem ring[]; /* size entries, then avail_event */
};

/* One buffer of a request: device-visible address and length. */
struct virtq_buf {
	uint64_t addr;
	uint32_t len;
};

/* Why a queue broke: for the one error message. */
enum virtq_fault {
	VIRTQ_OK,
	VIRTQ_FAULT_IDX_AHEAD,  /* used->idx moved past everything in flight */
	VIRTQ_FAULT_BAD_ID,     /* id out of range or not the head of an in-flight chain */
	VIRTQ_FAULT_BAD_LEN,    /* length over the chain's device-writable bytes */
};

struct virtq {
	uint16_t size;
	uint16_t num_free;
	uint16_t free_head;
	uint16_t avail_idx;  /* driver's copy of avail->idx */
	uint16_t last_used;  /* next used-ring index to consume */
	uint16_t in_flight;  /* chains made available, not yet used */
	bool broken;
	enum virtq_fault fault;
	uint32_t fault_value;        /* the offending id, length or index */
	struct virtq_desc *desc;
	struct virtq_avail *avail;
	volatile struct virtq_used *used;
	uint64_t desc_addr, avail_addr, used_addr; /* device-visible addresses */
	/* Driver-private state, per descriptor. */
	uint16_t next[VIRTQ_MAX_SIZE];       /* free list links, and chain links */
	uint16_t chain_len[VIRTQ_MAX_SIZE];  /* descriptors in the chain headed here; 0: not a head */
	uint32_t writable[VIRTQ_MAX_SIZE];   /* device-writable bytes of that chain */
	void *token[VIRTQ_MAX_SIZE];
};

/* Bytes of ring memory for a queue of `size` (descriptor table, avail ring, used ring at its
 * 4-byte alignment), and the offsets of the two rings in it. */
size_t virtq_ring_bytes(uint16_t size);
size_t virtq_avail_offset(uint16_t size);
size_t virtq_used_offset(uint16_t size);

/* Lay a queue of `size` (power of two, 1..VIRTQ_MAX_SIZE) over `mem` (virtq_ring_bytes(size)
 * bytes, 16-byte aligned, device address `mem_addr`); zeroes it. 0 or -EINVAL. */
int virtq_init(struct virtq *vq, uint16_t size, void *mem, uint64_t mem_addr);

/* Make a chain available: n_out device-readable buffers then n_in device-writable ones, each
 * non-empty; `token` (non-NULL) comes back from virtq_get_used. Returns the head descriptor,
 * -ENOSPC (not enough free descriptors: try after completions), -EINVAL, or -EIO (broken). */
int virtq_add(struct virtq *vq, const struct virtq_buf *bufs, unsigned n_out, unsigned n_in, void *token);

/* True unless the device asked not to be notified (VIRTQ_USED_F_NO_NOTIFY). */
bool virtq_should_notify(const struct virtq *vq);

/* Take the next used entry: 1 with *token and *len (bytes the device wrote), 0 when none is
 * pending, -EIO when the device wrote a bad entry (the queue is then broken; see above). */
int virtq_get_used(struct virtq *vq, void **token, uint32_t *len);

/* True when the used ring has an entry to take (or the queue is broken: call get_used). */
bool virtq_has_used(const struct virtq *vq);

/* Words for a fault, for the caller's error message. */
const char *virtq_fault_name(enum virtq_fault f);

#endif /* KEEL_DRIVERS_VIRTQ_H */

/*
 * A simulated virtio device side for split-virtqueue tests and the fuzzer: ring memory with
 * identity "device addresses", and helpers that take the next available chain (walking the
 * descriptor table as a device does) and write used entries, honest or forged.
 */
#ifndef KEEL_TESTS_VIRTQ_SIM_H
#define KEEL_TESTS_VIRTQ_SIM_H

#include <stdint.h>

#include "drivers/virtq.h"

struct virtq_sim {
	struct virtq vq;
	void *mem;
	uint16_t dev_avail; /* next avail index the device reads */
	uint16_t dev_used;  /* device's copy of used->idx */
};

/* Allocate ring memory and lay the queue over it: 0 or the virtq_init error. */
int virtq_sim_init(struct virtq_sim *s, uint16_t size);
void virtq_sim_fini(struct virtq_sim *s);
/* Take the next available chain: its head (>= 0), its writable byte count in *writable and its
 * descriptor count in *ndesc; -1 when none is available or the chain is malformed. */
int virtq_sim_pop(struct virtq_sim *s, uint32_t *writable, unsigned *ndesc);
/* Put (id, len) in the used ring and publish it. */
void virtq_sim_push(struct virtq_sim *s, uint32_t id, uint32_t len);

#endif /* KEEL_TESTS_VIRTQ_SIM_H */

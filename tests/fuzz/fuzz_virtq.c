/*
 * libFuzzer target for the split virtqueue's used-ring handling (drivers/virtq.c): the input
 * drives a queue as a hostile device would. Each step either makes a chain available (sizes from
 * the input) or writes an arbitrary used entry (any id, any length) and any used index, then
 * drains the used ring. Invariants: a token comes back only for a chain in flight and only once,
 * with a length within its writable bytes; free + in-flight descriptors always equal the queue
 * size; after the first refused entry the queue stays broken and hands nothing back.
 */
#include <keel/errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "virtq_sim.h"

struct fz_req {
	uint32_t writable;
	unsigned ndesc;
	int live;
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fz_req reqs[VIRTQ_MAX_SIZE];
	struct virtq_sim s;
	uint16_t qsize;
	unsigned descs_in_flight = 0;
	size_t i = 0;

	if (size < 1)
		return 0;
	qsize = (uint16_t)(1u << (data[i++] % 9)); /* 1 .. 256 */
	if (virtq_sim_init(&s, qsize))
		abort();
	memset(reqs, 0, sizeof(reqs));
	while (i + 4 <= size) {
		uint8_t op = data[i];

		if (op & 1) { /* a request: 1..4 buffers, some device-writable */
			struct virtq_buf b[4];
			unsigned n = 1u + ((op >> 1) & 3u), n_in = (op >> 3) % (n + 1);
			int head;

			for (unsigned k = 0; k < n; k++)
				b[k] = (struct virtq_buf){ 0x1000u * (k + 1), 1u + data[i + 1 + (k % 3)] };
			uint16_t next_head = s.vq.free_head; /* the head a successful add takes */

			head = virtq_add(&s.vq, b, n - n_in, n_in, &reqs[next_head % qsize]);
			if (head >= 0) {
				uint32_t wr = 0;

				if (head != next_head || reqs[head].live || s.vq.broken)
					abort();
				for (unsigned k = n - n_in; k < n; k++)
					wr += b[k].len;
				reqs[head] = (struct fz_req){ wr, n, 1 };
				descs_in_flight += n;
			} else if (!s.vq.broken && head != (n > qsize ? -EINVAL : -ENOSPC)) {
				abort();
			}
		} else { /* the device writes a used entry and an index: any values */
			uint32_t id = data[i + 1] | ((op & 0x80u) ? (uint32_t)data[i + 2] << 8 : 0);
			uint32_t len = (uint32_t)data[i + 2] * ((op & 0x40u) ? 1024u : 1u);
			uint16_t idx = (op & 0x20u) ? (uint16_t)(s.dev_used + 1) : (uint16_t)(data[i + 3] | data[i + 1] << 8);
			volatile struct virtq_used *u = s.vq.used;

			u->ring[s.dev_used & (qsize - 1)].id = id;
			u->ring[s.dev_used & (qsize - 1)].len = len;
			s.dev_used = idx;
			u->idx = idx;
		}
		for (;;) {
			void *t;
			uint32_t len;
			bool was_broken = s.vq.broken;
			int r = virtq_get_used(&s.vq, &t, &len);
			struct fz_req *q;

			if (r <= 0) {
				if (r < 0 && !s.vq.broken)
					abort();
				if (r == 0 && s.vq.broken)
					abort();
				break;
			}
			if (was_broken)
				abort();
			q = t;
			if (q < &reqs[0] || q >= &reqs[qsize] || !q->live || len > q->writable)
				abort();
			q->live = 0;
			descs_in_flight -= q->ndesc;
		}
		if (s.vq.num_free + descs_in_flight != qsize)
			abort();
		i += 4;
	}
	virtq_sim_fini(&s);
	return 0;
}

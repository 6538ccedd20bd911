/*
 * Split virtqueue host tests (drivers/virtq.c) against the simulated device of virtq_sim.h:
 * ring layout, chains as a device sees them, out-of-order completion, descriptor recycling over
 * many rounds, a full queue, and every kind of bad used entry refused (index ahead, ids out of
 * range / not a head / returned twice, lengths over the writable bytes) with the queue broken.
 */
#include <keel/errno.h>
#include <stdlib.h>

#include "check.h"
#include "virtq_sim.h"

static int tok[VIRTQ_MAX_SIZE];

TEST(layout)
{
	/* virtio 1.x: descriptors 16 * N, avail 6 + 2 * N, used (4-aligned) 6 + 8 * N */
	CHECK_EQ_INT(virtq_avail_offset(256), 4096);
	CHECK_EQ_INT(virtq_used_offset(256), 4616);
	CHECK_EQ_INT(virtq_ring_bytes(256), 4616 + 6 + 2048);
	CHECK_EQ_INT(virtq_used_offset(1), 16 + 8);
	CHECK_EQ_INT(virtq_used_offset(2), 32 + 12);
}

TEST(init_rejects_bad_sizes)
{
	static uint8_t mem[8192] __attribute__((aligned(16)));
	struct virtq vq;

	CHECK_EQ_INT(virtq_init(&vq, 0, mem, 0), -EINVAL);
	CHECK_EQ_INT(virtq_init(&vq, 3, mem, 0), -EINVAL);
	CHECK_EQ_INT(virtq_init(&vq, 512, mem, 0), -EINVAL);
	CHECK_EQ_INT(virtq_init(&vq, 8, mem + 4, 0), -EINVAL);
	CHECK_EQ_INT(virtq_init(&vq, 8, mem, 8), -EINVAL);
	CHECK_EQ_INT(virtq_init(&vq, 8, NULL, 0), -EINVAL);
	CHECK_EQ_INT(virtq_init(&vq, 8, mem, 0x1000), 0);
	CHECK_EQ_U64(vq.used_addr, 0x1000 + virtq_used_offset(8));
	CHECK_EQ_INT(vq.num_free, 8);
}

TEST(chain_as_device_sees_it)
{
	struct virtq_sim s;
	struct virtq_buf b[3] = { { 0x1000, 16 }, { 0x2000, 512 }, { 0x3000, 1 } };
	uint32_t wr, len;
	unsigned nd;
	void *t;
	int head;

	CHECK_EQ_INT(virtq_sim_init(&s, 8), 0);
	head = virtq_add(&s.vq, b, 1, 2, &tok[0]);
	CHECK(head >= 0);
	CHECK_EQ_INT(s.vq.num_free, 5);
	CHECK(virtq_should_notify(&s.vq));
	CHECK_EQ_INT(virtq_sim_pop(&s, &wr, &nd), head);
	CHECK_EQ_INT(wr, 513);
	CHECK_EQ_INT(nd, 3);
	CHECK(!(s.vq.desc[head].flags & VIRTQ_DESC_F_WRITE));
	CHECK_EQ_U64(s.vq.desc[head].addr, 0x1000);
	CHECK(!virtq_has_used(&s.vq));
	CHECK_EQ_INT(virtq_get_used(&s.vq, &t, &len), 0);
	virtq_sim_push(&s, (uint32_t)head, 513);
	CHECK(virtq_has_used(&s.vq));
	CHECK_EQ_INT(virtq_get_used(&s.vq, &t, &len), 1);
	CHECK(t == &tok[0]);
	CHECK_EQ_INT(len, 513);
	CHECK_EQ_INT(s.vq.num_free, 8);
	CHECK_EQ_INT(s.vq.in_flight, 0);
	s.vq.used->flags = VIRTQ_USED_F_NO_NOTIFY;
	CHECK(!virtq_should_notify(&s.vq));
	virtq_sim_fini(&s);
}

TEST(argument_errors)
{
	struct virtq_sim s;
	struct virtq_buf b[9] = { { 1, 1 }, { 2, 0 }, { 3, 1 }, { 4, 1 }, { 5, 1 }, { 6, 1 }, { 7, 1 }, { 8, 1 }, { 9, 1 } };

	CHECK_EQ_INT(virtq_sim_init(&s, 8), 0);
	CHECK_EQ_INT(virtq_add(&s.vq, b, 0, 0, &tok[0]), -EINVAL);
	CHECK_EQ_INT(virtq_add(&s.vq, b, 1, 0, NULL), -EINVAL);
	CHECK_EQ_INT(virtq_add(&s.vq, b, 2, 0, &tok[0]), -EINVAL); /* empty buffer */
	b[1].len = 1;
	CHECK_EQ_INT(virtq_add(&s.vq, b, 9, 0, &tok[0]), -EINVAL); /* longer than the queue */
	b[0].len = UINT32_MAX;
	b[1].len = 2;
	CHECK_EQ_INT(virtq_add(&s.vq, b, 0, 2, &tok[0]), -EINVAL); /* writable bytes overflow */
	CHECK_EQ_INT(s.vq.num_free, 8);
	virtq_sim_fini(&s);
}

TEST(full_queue_and_out_of_order_recycling)
{
	struct virtq_sim s;
	struct virtq_buf b[2] = { { 0x100, 8 }, { 0x200, 8 } };
	uint64_t rng = check_seed() | 1;
	unsigned done = 0;

	CHECK_EQ_INT(virtq_sim_init(&s, 16), 0);
	for (unsigned round = 0; round < 2000; round++) {
		int heads[16], nheads = 0, h;
		uint32_t wr;
		unsigned nd;

		while ((h = virtq_add(&s.vq, b, 1, 1, &tok[nheads])) >= 0)
			heads[nheads++] = h;
		CHECK_EQ_INT(h, -ENOSPC);
		CHECK_EQ_INT(nheads, 8);
		for (int i = 0; i < nheads; i++)
			CHECK_EQ_INT(virtq_sim_pop(&s, &wr, &nd), heads[i]);
		/* complete in a random order, each with a random honest length */
		for (int i = nheads - 1; i > 0; i--) {
			int j;

			rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
			j = (int)(rng % (uint64_t)(i + 1));
			h = heads[i], heads[i] = heads[j], heads[j] = h;
		}
		for (int i = 0; i < nheads; i++) {
			void *t;
			uint32_t len;

			virtq_sim_push(&s, (uint32_t)heads[i], (uint32_t)(rng % 9));
			CHECK_EQ_INT(virtq_get_used(&s.vq, &t, &len), 1);
			CHECK(t >= (void *)&tok[0] && t < (void *)&tok[8]);
			CHECK(len <= 8);
			done++;
		}
		CHECK_EQ_INT(s.vq.num_free, 16);
	}
	CHECK_EQ_INT(done, 16000); /* the 16-bit indexes wrapped several times */
	virtq_sim_fini(&s);
}

/* Fill a queue of 8 with two chains in flight, as the fault tests' starting point. */
static void two_in_flight(struct virtq_sim *s, int heads[2])
{
	struct virtq_buf b[2] = { { 0x100, 4 }, { 0x200, 100 } };
	uint32_t wr;
	unsigned nd;

	CHECK_EQ_INT(virtq_sim_init(s, 8), 0);
	heads[0] = virtq_add(&s->vq, b, 1, 1, &tok[0]);
	heads[1] = virtq_add(&s->vq, b, 1, 1, &tok[1]);
	CHECK(heads[0] >= 0 && heads[1] >= 0);
	virtq_sim_pop(s, &wr, &nd);
	virtq_sim_pop(s, &wr, &nd);
}

static void check_broken(struct virtq_sim *s, enum virtq_fault f)
{
	struct virtq_buf b = { 0x100, 4 };
	void *t = NULL;
	uint32_t len;

	CHECK(s->vq.broken);
	CHECK_EQ_INT(s->vq.fault, f);
	CHECK(virtq_fault_name(f) != NULL);
	CHECK_EQ_INT(virtq_get_used(&s->vq, &t, &len), -EIO);
	CHECK_EQ_INT(virtq_add(&s->vq, &b, 1, 0, &tok[2]), -EIO);
	CHECK(virtq_has_used(&s->vq));
	virtq_sim_fini(s);
}

TEST(fault_index_ahead)
{
	struct virtq_sim s;
	int h[2];
	void *t;
	uint32_t len;

	two_in_flight(&s, h);
	s.vq.used->idx = 3; /* three entries claimed, two in flight */
	CHECK_EQ_INT(virtq_get_used(&s.vq, &t, &len), -EIO);
	CHECK_EQ_INT(s.vq.fault_value, 3);
	check_broken(&s, VIRTQ_FAULT_IDX_AHEAD);

	two_in_flight(&s, h);
	s.vq.used->idx = 0xFFFF; /* "behind": as far ahead as 16 bits go */
	CHECK_EQ_INT(virtq_get_used(&s.vq, &t, &len), -EIO);
	check_broken(&s, VIRTQ_FAULT_IDX_AHEAD);
}

TEST(fault_bad_ids)
{
	struct virtq_sim s;
	int h[2];
	void *t;
	uint32_t len;

	two_in_flight(&s, h);
	virtq_sim_push(&s, 8, 0); /* out of range */
	CHECK_EQ_INT(virtq_get_used(&s.vq, &t, &len), -EIO);
	check_broken(&s, VIRTQ_FAULT_BAD_ID);

	two_in_flight(&s, h);
	virtq_sim_push(&s, 0xFFFFFFFFu, 0);
	CHECK_EQ_INT(virtq_get_used(&s.vq, &t, &len), -EIO);
	check_broken(&s, VIRTQ_FAULT_BAD_ID);

	two_in_flight(&s, h);
	virtq_sim_push(&s, (uint32_t)h[0] + 1, 0); /* the second descriptor of a chain */
	CHECK_EQ_INT(virtq_get_used(&s.vq, &t, &len), -EIO);
	check_broken(&s, VIRTQ_FAULT_BAD_ID);

	two_in_flight(&s, h);
	virtq_sim_push(&s, (uint32_t)h[0], 0);
	virtq_sim_push(&s, (uint32_t)h[0], 0); /* the same chain twice */
	CHECK_EQ_INT(virtq_get_used(&s.vq, &t, &len), 1);
	CHECK(t == &tok[0]);
	CHECK_EQ_INT(virtq_get_used(&s.vq, &t, &len), -EIO);
	check_broken(&s, VIRTQ_FAULT_BAD_ID);
}

TEST(fault_bad_length)
{
	struct virtq_sim s;
	int h[2];
	void *t;
	uint32_t len;

	two_in_flight(&s, h);
	virtq_sim_push(&s, (uint32_t)h[1], 100); /* exactly the writable bytes: fine */
	CHECK_EQ_INT(virtq_get_used(&s.vq, &t, &len), 1);
	CHECK(t == &tok[1] && len == 100);
	virtq_sim_push(&s, (uint32_t)h[0], 101);
	CHECK_EQ_INT(virtq_get_used(&s.vq, &t, &len), -EIO);
	CHECK_EQ_INT(s.vq.fault_value, 101);
	check_broken(&s, VIRTQ_FAULT_BAD_LEN);
}

CHECK_MAIN("virtq")

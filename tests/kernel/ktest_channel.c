/*
 * In-kernel tests of bounded channels: FIFO order and the try_ variants at the edges, close
 * semantics, MPMC under contention (every message delivered exactly once, per-producer order
 * kept), blocked senders and receivers woken by close, sends from interrupt context.
 */
#include <keel/channel.h>
#include <keel/errno.h>
#include <keel/heap.h>
#include <keel/irq.h>
#include <keel/ktest.h>
#include <keel/task.h>
#include <string.h>

CHANNEL_DEFINE(u32_chan, uint32_t);

struct msg {
	uint16_t producer;
	uint16_t pad;
	uint32_t seq;
};

CHANNEL_DEFINE(msg_chan, struct msg);

KTEST(channel_try_and_close)
{
	struct u32_chan c;
	uint32_t v;

	KT_EXPECT_EQ(u32_chan_init(&c, 0), -EINVAL);
	KT_ASSERT(u32_chan_init(&c, 4) == 0);
	KT_EXPECT_EQ(u32_chan_try_recv(&c, &v), -EAGAIN);
	for (uint32_t i = 0; i < 4; i++)
		KT_EXPECT(u32_chan_try_send(&c, &i) == 0);
	v = 99;
	KT_EXPECT_EQ(u32_chan_try_send(&c, &v), -EAGAIN);
	KT_EXPECT_EQ(channel_len(&c.ch), 4);
	for (uint32_t i = 0; i < 2; i++) {
		KT_EXPECT(u32_chan_try_recv(&c, &v) == 0);
		KT_EXPECT_EQ(v, i);
	}
	for (uint32_t i = 4; i < 6; i++) /* wraps around the ring */
		KT_EXPECT(u32_chan_send(&c, &i) == 0);
	u32_chan_close(&c);
	KT_EXPECT_EQ(u32_chan_try_send(&c, &v), -EPIPE);
	KT_EXPECT_EQ(u32_chan_send(&c, &v), -EPIPE);
	for (uint32_t i = 2; i < 6; i++) { /* what was sent before close is still delivered */
		KT_EXPECT(u32_chan_recv(&c, &v) == 0);
		KT_EXPECT_EQ(v, i);
	}
	KT_EXPECT_EQ(u32_chan_recv(&c, &v), -EPIPE);
	KT_EXPECT_EQ(u32_chan_try_recv(&c, &v), -EPIPE);
	u32_chan_destroy(&c);
}

#define PRODUCERS 3
#define CONSUMERS 3
#define PER_PRODUCER 1500

struct mpmc {
	struct msg_chan c;
	uint16_t id;
	uint8_t seen[PRODUCERS][PER_PRODUCER];
	unsigned order_errors, received[CONSUMERS];
};

struct mpmc_arg {
	struct mpmc *m;
	uint16_t id;
};

static int mpmc_producer(void *arg)
{
	struct mpmc_arg *a = arg;

	for (uint32_t s = 0; s < PER_PRODUCER; s++) {
		struct msg m = { .producer = a->id, .seq = s };

		if (msg_chan_send(&a->m->c, &m))
			return -1;
	}
	return 0;
}

static int mpmc_consumer(void *arg)
{
	struct mpmc_arg *a = arg;
	int64_t last[PRODUCERS] = { -1, -1, -1 };
	struct msg m;

	while (msg_chan_recv(&a->m->c, &m) == 0) {
		if (m.producer >= PRODUCERS || m.seq >= PER_PRODUCER) {
			a->m->order_errors++;
			continue;
		}
		if ((int64_t)m.seq <= last[m.producer])
			a->m->order_errors++; /* one producer's messages must stay in order */
		last[m.producer] = m.seq;
		a->m->seen[m.producer][m.seq]++;
		a->m->received[a->id]++;
	}
	return 0;
}

KTEST(channel_mpmc_contention)
{
	struct mpmc *m = kzalloc(sizeof(*m));
	struct mpmc_arg pa[PRODUCERS], ca[CONSUMERS];
	struct task *p[PRODUCERS], *c[CONSUMERS];
	unsigned bad = 0, total = 0;
	int v;

	KT_ASSERT(m != NULL);
	KT_ASSERT(msg_chan_init(&m->c, 8) == 0);
	for (uint16_t i = 0; i < CONSUMERS; i++) {
		ca[i] = (struct mpmc_arg){ m, i };
		KT_ASSERT((c[i] = task_spawn("consumer", mpmc_consumer, &ca[i])) != NULL);
	}
	for (uint16_t i = 0; i < PRODUCERS; i++) {
		pa[i] = (struct mpmc_arg){ m, i };
		KT_ASSERT((p[i] = task_spawn("producer", mpmc_producer, &pa[i])) != NULL);
	}
	for (int i = 0; i < PRODUCERS; i++) {
		task_join(p[i], &v);
		KT_EXPECT_EQ(v, 0);
	}
	msg_chan_close(&m->c);
	for (int i = 0; i < CONSUMERS; i++)
		task_join(c[i], NULL);
	for (int i = 0; i < PRODUCERS; i++)
		for (int s = 0; s < PER_PRODUCER; s++)
			bad += m->seen[i][s] != 1;
	for (int i = 0; i < CONSUMERS; i++)
		total += m->received[i];
	KT_EXPECT_EQ(bad, 0);
	KT_EXPECT_EQ(m->order_errors, 0);
	KT_EXPECT_EQ(total, PRODUCERS * PER_PRODUCER);
	KT_EXPECT_EQ(m->c.ch.sent, m->c.ch.received);
	msg_chan_destroy(&m->c);
	kfree(m);
}

static int blocked_recv(void *arg)
{
	uint32_t v;

	return u32_chan_recv(arg, &v);
}

static int blocked_send(void *arg)
{
	uint32_t v = 1;

	return u32_chan_send(arg, &v);
}

KTEST(channel_close_wakes_blocked)
{
	struct u32_chan empty, full;
	struct task *r, *s;
	uint32_t v = 0;
	int rv = 0, sv = 0;

	KT_ASSERT(u32_chan_init(&empty, 2) == 0);
	KT_ASSERT(u32_chan_init(&full, 1) == 0);
	KT_ASSERT(u32_chan_try_send(&full, &v) == 0);
	KT_ASSERT((r = task_spawn("recv", blocked_recv, &empty)) != NULL);
	KT_ASSERT((s = task_spawn("send", blocked_send, &full)) != NULL);
	task_sleep_ms(10);
	KT_EXPECT(task_runstate(r) == TASK_BLOCKED);
	KT_EXPECT(task_runstate(s) == TASK_BLOCKED);
	u32_chan_close(&empty);
	u32_chan_close(&full);
	task_join(r, &rv);
	task_join(s, &sv);
	KT_EXPECT_EQ(rv, -EPIPE);
	KT_EXPECT_EQ(sv, -EPIPE);
	u32_chan_destroy(&empty);
	u32_chan_destroy(&full);
}

static void chan_irq_sender(unsigned irq, void *ctx)
{
	static uint32_t n;

	(void)irq;
	u32_chan_try_send(ctx, &n);
	n++;
}

KTEST(channel_send_from_irq)
{
	struct u32_chan c;
	unsigned irq = IRQ_SOFT_FIRST + 2;
	uint32_t prev = 0, v;

	KT_ASSERT(u32_chan_init(&c, 64) == 0);
	KT_ASSERT(irq_register(irq, chan_irq_sender, &c) == 0);
	for (int i = 0; i < 10; i++)
		irq_raise_soft(irq);
	irq_unregister(irq, chan_irq_sender, &c);
	KT_EXPECT_EQ(channel_len(&c.ch), 10);
	for (int i = 0; i < 10; i++) {
		KT_EXPECT(u32_chan_recv(&c, &v) == 0);
		if (i)
			KT_EXPECT_EQ(v, prev + 1);
		prev = v;
	}
	u32_chan_destroy(&c);
}

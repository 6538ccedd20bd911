/*
 * In-kernel tests of deferred interrupt tasks: a stress test on the real timer interrupt with a
 * small queue and a bottom half that sleeps now and then, where every event the top half posted
 * is accounted for (delivered once, in order, or counted as dropped); the immediate option
 * (the bottom half has run before the interrupted task resumes); the normal path; interrupts
 * raised while the bottom half runs (none lost, both modes); registration
 * errors that leave nothing behind.
 */
#include <keel/dirq.h>
#include <keel/errno.h>
#include <keel/heap.h>
#include <keel/irq.h>
#include <keel/ktest.h>
#include <keel/task.h>
#include <keel/timer.h>

struct tick_event {
	uint32_t seq;
	uint32_t pad;
};

DIRQ_DEFINE(tick_dirq, struct tick_event);

#define STRESS_MAX_EVENTS 4096

struct stress {
	struct tick_dirq d;
	uint32_t next_seq;
	uint8_t accepted[STRESS_MAX_EVENTS]; /* set by the top half when the post succeeded */
	uint8_t got[STRESS_MAX_EVENTS];      /* counted by the bottom half */
	int64_t last_seq;
	unsigned order_errors, received, top_errors;
};

static void stress_top(struct tick_dirq *d, void *ctx)
{
	struct stress *s = ctx;
	struct tick_event ev = { .seq = s->next_seq };
	int ret = tick_dirq_post(d, &ev);

	if (ev.seq < STRESS_MAX_EVENTS)
		s->accepted[ev.seq] = ret == 0;
	if (ret && ret != -ENOSPC)
		s->top_errors++;
	s->next_seq++;
}

static void stress_bottom(struct tick_dirq *d, const struct tick_event *ev, void *ctx)
{
	struct stress *s = ctx;

	(void)d;
	if ((int64_t)ev->seq <= s->last_seq)
		s->order_errors++;
	s->last_seq = ev->seq;
	if (ev->seq < STRESS_MAX_EVENTS)
		s->got[ev->seq]++;
	s->received++;
	if (s->received % 16 == 0)
		task_sleep_ms(6); /* the queue (4) overflows meanwhile */
}

KTEST(dirq_timer_stress_accounting)
{
	struct stress *s = kzalloc(sizeof(*s));
	struct dirq_stats st;
	unsigned mismatched = 0;

	KT_ASSERT(s != NULL);
	s->last_seq = -1;
	KT_ASSERT(tick_dirq_register(&s->d, "tick-bh", timer_irq(), stress_top, stress_bottom, s, 4, 0) == 0);
	for (int i = 0; i < 2000; i++) {
		dirq_get_stats(&s->d.core, &st);
		if (st.top_runs >= 400)
			break;
		task_sleep_ms(10);
	}
	tick_dirq_unregister(&s->d);
	dirq_get_stats(&s->d.core, &st);
	KT_EXPECT(st.top_runs >= 400 && st.top_runs < STRESS_MAX_EVENTS);
	KT_EXPECT_EQ(st.posted, st.top_runs);
	KT_EXPECT_EQ(st.posted, s->next_seq);
	KT_EXPECT_EQ(st.queued, 0);
	KT_EXPECT_EQ(st.delivered + st.dropped, st.posted);
	KT_EXPECT_EQ(s->received, st.delivered);
	KT_EXPECT(st.dropped > 0);
	KT_EXPECT(st.delivered >= 16);
	KT_EXPECT(st.bottom_runs > 0 && st.bottom_runs <= st.delivered);
	KT_EXPECT_EQ(s->order_errors, 0);
	KT_EXPECT_EQ(s->top_errors, 0);
	for (uint32_t i = 0; i < s->next_seq && i < STRESS_MAX_EVENTS; i++)
		mismatched += s->got[i] != s->accepted[i]; /* delivered exactly the accepted ones */
	KT_EXPECT_EQ(mismatched, 0);
	kfree(s);
}

struct stamp_event {
	uint64_t raised_tsc;
};

DIRQ_DEFINE(stamp_dirq, struct stamp_event);

struct soft_test {
	struct stamp_dirq d;
	volatile unsigned runs;
	struct task *bottom_ran_as;
};

static void soft_top(struct stamp_dirq *d, void *ctx)
{
	struct stamp_event ev = { 0 };

	(void)ctx;
	stamp_dirq_post(d, &ev);
}

static void soft_bottom(struct stamp_dirq *d, const struct stamp_event *ev, void *ctx)
{
	struct soft_test *t = ctx;

	(void)d;
	(void)ev;
	t->bottom_ran_as = task_current();
	t->runs++;
}

KTEST(dirq_immediate_runs_before_return)
{
	static struct soft_test t;
	unsigned irq = IRQ_SOFT_FIRST + 4;
	struct dirq_stats st;

	t = (struct soft_test){ 0 };
	KT_ASSERT(stamp_dirq_register(&t.d, "imm-bh", irq, soft_top, soft_bottom, &t, 8, DIRQ_IMMEDIATE) == 0);
	task_sleep_ms(2); /* the bottom half is waiting now */
	for (unsigned i = 1; i <= 50; i++) {
		irq_raise_soft(irq);
		KT_EXPECT_EQ(t.runs, i); /* ran before the interrupted task got the CPU back */
	}
	KT_EXPECT(t.bottom_ran_as == t.d.core.bottom_task);
	stamp_dirq_unregister(&t.d);
	dirq_get_stats(&t.d.core, &st);
	KT_EXPECT_EQ(st.delivered, 50);
	KT_EXPECT_EQ(st.bottom_runs, 50);
	KT_EXPECT(st.latency_max >= st.latency_last && st.latency_sum >= st.latency_max);
}

KTEST(dirq_normal_runs_as_task)
{
	static struct soft_test t;
	unsigned irq = IRQ_SOFT_FIRST + 5;
	struct dirq_stats st;

	t = (struct soft_test){ 0 };
	KT_ASSERT(stamp_dirq_register(&t.d, "norm-bh", irq, soft_top, soft_bottom, &t, 64, 0) == 0);
	for (int i = 0; i < 20; i++)
		irq_raise_soft(irq);
	for (int i = 0; i < 1000 && t.runs < 20; i++)
		task_sleep_ms(1);
	KT_EXPECT_EQ(t.runs, 20);
	KT_EXPECT(t.bottom_ran_as == t.d.core.bottom_task);
	stamp_dirq_unregister(&t.d);
	dirq_get_stats(&t.d.core, &st);
	KT_EXPECT_EQ(st.top_runs, 20);
	KT_EXPECT_EQ(st.delivered + st.dropped, 20);
	KT_EXPECT_EQ(st.dropped, 0);
}

KTEST(dirq_register_errors_leave_nothing)
{
	static struct soft_test t;
	struct heap_stats h0, h1;
	struct task_info info[64];
	unsigned n0, n1;

	task_sleep_ms(2); /* let exited tasks from earlier tests be reaped */
	heap_get_stats(&h0);
	n0 = task_list_snapshot(info, 64);
	KT_EXPECT_EQ(stamp_dirq_register(&t.d, "bad", IRQ_LINES, soft_top, soft_bottom, &t, 8, 0), -EINVAL);
	KT_EXPECT_EQ(stamp_dirq_register(&t.d, "bad", IRQ_SOFT_FIRST, soft_top, soft_bottom, &t, 0, 0), -EINVAL);
	heap_get_stats(&h1);
	n1 = task_list_snapshot(info, 64);
	KT_EXPECT_EQ(h1.live_allocs, h0.live_allocs);
	KT_EXPECT_EQ(n1, n0);
}

/* An interrupt that arrives while the bottom half is running must not be lost: here each bottom
 * half raises the next interrupt itself, so every event after the first is posted while the
 * bottom half is busy. If the bottom half blocked without re-checking, the chain would stop. */
struct chain {
	struct stamp_dirq d;
	unsigned irq;
	volatile unsigned runs;
	unsigned target;
};

static void chain_bottom(struct stamp_dirq *d, const struct stamp_event *ev, void *ctx)
{
	struct chain *c = ctx;

	(void)d;
	(void)ev;
	if (++c->runs < c->target)
		irq_raise_soft(c->irq);
}

KTEST(dirq_irq_during_bottom_half_not_lost)
{
	static struct chain c;
	struct dirq_stats st;
	unsigned registered = 0;

	for (int mode = 0; mode < 2; mode++) {
		c = (struct chain){ .irq = IRQ_SOFT_FIRST + 4, .target = 300 };
		KT_ASSERT(stamp_dirq_register(&c.d, "chain-bh", c.irq, soft_top, chain_bottom, &c, 2,
					      mode ? DIRQ_IMMEDIATE : 0) == 0);
		registered = dirq_snapshot(NULL, 0);
		KT_EXPECT(registered >= 1);
		irq_raise_soft(c.irq);
		for (int i = 0; i < 3000 && c.runs < c.target; i++)
			task_sleep_ms(1);
		KT_EXPECT_EQ(c.runs, c.target);
		stamp_dirq_unregister(&c.d);
		dirq_get_stats(&c.d.core, &st);
		KT_EXPECT_EQ(st.delivered, c.target);
		KT_EXPECT_EQ(st.dropped, 0);
	}
}

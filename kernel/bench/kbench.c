/*
 * The in-kernel benchmark, run when the command line says `keel.bench` (tests/qemu/kbench.py
 * boots it for `make bench`). A task measures, in TSC cycles: a context switch (two tasks
 * yielding to each other), interrupt to bottom half (a software IRQ through the IDT to a
 * deferred IRQ's bottom-half task, normal and immediate), and a channel send+receive (one
 * task, and a round trip between two tasks). Each prints one line
 * "kbench: <name> n=<samples> median=<c> p99=<c> min=<c> max=<c>", then QEMU exits with the pass
 * status. Not a test: nothing here has a pass/fail threshold. First, the emulator's cost of a
 * fresh block of code (kbench_tcg.c); `keel.bench=tcg` measures only that.
 */
#include <keel/channel.h>
#include <keel/cmdline.h>
#include <keel/cpu.h>
#include <keel/dirq.h>
#include <keel/errno.h>
#include <keel/heap.h>
#include <keel/irq.h>
#include <keel/ktest.h>
#include <keel/log.h>
#include <keel/module.h>
#include <keel/panic.h>
#include <keel/task.h>
#include <keel/time.h>
#include <string.h>

#include "kernel/bench/kbench.h"

#define KB_SAMPLES 4000
#define KB_WARMUP 200
#define KB_IRQ (IRQ_SOFT_FIRST + 6)

static uint64_t *kb_samples;
static bool kb_only_tcg;
static unsigned kb_count, kb_skipped;

static void kb_record(uint64_t v)
{
	if (kb_skipped < KB_WARMUP) {
		kb_skipped++;
		return;
	}
	if (kb_count < KB_SAMPLES)
		kb_samples[kb_count++] = v;
}

static void kb_reset(void)
{
	kb_count = 0;
	kb_skipped = 0;
}

static void kb_sort(uint64_t *a, unsigned n)
{
	for (unsigned gap = n / 2; gap; gap = gap == 2 ? 1 : gap * 5 / 11) {
		for (unsigned i = gap; i < n; i++) {
			uint64_t v = a[i];
			unsigned j = i;

			for (; j >= gap && a[j - gap] > v; j -= gap)
				a[j] = a[j - gap];
			a[j] = v;
		}
	}
}

static void kb_report(const char *name)
{
	unsigned n = kb_count;

	if (n == 0) {
		pr_err("kbench", "%s: no samples", name);
		return;
	}
	kb_sort(kb_samples, n);
	pr_info("kbench", "%s n=%u median=%llu p99=%llu min=%llu max=%llu", name, n,
		(unsigned long long)kb_samples[n / 2], (unsigned long long)kb_samples[(uint64_t)n * 99 / 100],
		(unsigned long long)kb_samples[0], (unsigned long long)kb_samples[n - 1]);
}

/* ---- context switch: two tasks yield to each other; each measures the switch into it. */
static volatile uint64_t kb_switch_stamp;

static int kb_yielder(void *arg)
{
	(void)arg;
	for (unsigned i = 0; i < KB_SAMPLES + KB_WARMUP; i++) {
		uint64_t now = rdtsc();

		if (kb_switch_stamp)
			kb_record(now - kb_switch_stamp);
		kb_switch_stamp = rdtsc();
		task_yield();
	}
	return 0;
}

static void kb_context_switch(void)
{
	struct task *a, *b;

	kb_reset();
	kb_switch_stamp = 0;
	a = task_spawn("kb-yield-a", kb_yielder, NULL);
	b = task_spawn("kb-yield-b", kb_yielder, NULL);
	if (!a || !b)
		panic("kbench: cannot spawn");
	task_join(a, NULL);
	task_join(b, NULL);
	kb_report("context_switch");
}

/* ---- interrupt to bottom half. */
struct kb_event {
	uint64_t raised;
};

DIRQ_DEFINE(kb_dirq, struct kb_event);

static volatile uint64_t kb_raise_tsc;

static void kb_top(struct kb_dirq *d, void *ctx)
{
	struct kb_event ev = { kb_raise_tsc };

	(void)ctx;
	kb_dirq_post(d, &ev);
}

static void kb_bottom(struct kb_dirq *d, const struct kb_event *ev, void *ctx)
{
	(void)d;
	(void)ctx;
	kb_record(rdtsc() - ev->raised);
}

static void kb_irq_to_bottom(const char *name, uint32_t flags)
{
	static struct kb_dirq d;

	kb_reset();
	if (kb_dirq_register(&d, "kb-bh", KB_IRQ, kb_top, kb_bottom, NULL, 16, flags))
		panic("kbench: cannot register the deferred IRQ");
	task_sleep_ms(2);
	for (unsigned i = 0; i < KB_SAMPLES + KB_WARMUP; i++) {
		kb_raise_tsc = rdtsc();
		irq_raise_soft(KB_IRQ);
		if (!(flags & DIRQ_IMMEDIATE))
			task_yield(); /* the bottom half runs at this scheduling point */
	}
	kb_dirq_unregister(&d);
	kb_report(name);
}

/* ---- channels. */
CHANNEL_DEFINE(kb_chan, uint64_t);

static void kb_channel_local(void)
{
	struct kb_chan c;
	uint64_t v = 1;

	kb_reset();
	if (kb_chan_init(&c, 16))
		panic("kbench: channel");
	for (unsigned i = 0; i < KB_SAMPLES + KB_WARMUP; i++) {
		uint64_t t0 = rdtsc();

		kb_chan_send(&c, &v);
		kb_chan_recv(&c, &v);
		kb_record(rdtsc() - t0);
	}
	kb_chan_destroy(&c);
	kb_report("channel_send_recv");
}

struct kb_pingpong {
	struct kb_chan ping, pong;
};

static int kb_echo(void *arg)
{
	struct kb_pingpong *p = arg;
	uint64_t v;

	while (kb_chan_recv(&p->ping, &v) == 0)
		kb_chan_send(&p->pong, &v);
	return 0;
}

static void kb_channel_roundtrip(void)
{
	static struct kb_pingpong p;
	struct task *echo;

	kb_reset();
	if (kb_chan_init(&p.ping, 1) || kb_chan_init(&p.pong, 1))
		panic("kbench: channel");
	echo = task_spawn("kb-echo", kb_echo, &p);
	if (!echo)
		panic("kbench: cannot spawn");
	for (unsigned i = 0; i < KB_SAMPLES + KB_WARMUP; i++) {
		uint64_t v = rdtsc();

		kb_chan_send(&p.ping, &v);
		kb_chan_recv(&p.pong, &v);
		kb_record(rdtsc() - v);
	}
	kb_chan_close(&p.ping);
	task_join(echo, NULL);
	kb_chan_destroy(&p.ping);
	kb_chan_destroy(&p.pong);
	kb_report("channel_roundtrip_2tasks");
}

static int kb_main(void *arg)
{
	(void)arg;
	kb_samples = kmalloc(KB_SAMPLES * sizeof(uint64_t));
	if (!kb_samples)
		panic("kbench: no memory for samples");
	pr_info("kbench", "start tsc_hz=%llu", (unsigned long long)tsc_hz());
	kbench_tcg();
	if (kb_only_tcg)
		goto done;
	kb_context_switch();
	kb_irq_to_bottom("irq_to_bottom_half", 0);
	kb_irq_to_bottom("irq_to_bottom_half_immediate", DIRQ_IMMEDIATE);
	kb_channel_local();
	kb_channel_roundtrip();
done:
	kfree(kb_samples);
	pr_info("kbench", "done");
	qemu_debug_exit(QEMU_EXIT_PASS);
	return 0;
}

static int kbench_module_init(void)
{
	struct task *t;
	char what[8];

	if (!cmdline_find(cmdline_get(), "keel.bench", what, sizeof(what)))
		return 0;
	kb_only_tcg = strcmp(what, "tcg") == 0;
	t = task_spawn("kbench", kb_main, NULL);
	if (!t)
		return -ENOMEM;
	task_detach(t);
	return 0;
}

MODULE_INIT(kbench, LATE, kbench_module_init);

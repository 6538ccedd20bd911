/*
 * virtio-console driver (see virtio_console.h). Queues: port 0 receive/transmit (0, 1); with
 * MULTIPORT the control pair (2, 3) and ports 1-2 (4-7). Receive buffers (HVC_BUFS of
 * HVC_BUF_BYTES per port) stay posted; a filled one goes to the port's FIFO and is delivered to
 * the consumer by the device's receive task ("hvc-rx"), then posted again. A consumer that
 * takes part of a buffer keeps that buffer (and then the others) from the device until
 * hvc_rx_resume(): the device runs out of buffers and stops reading its host side, so a fast
 * sender is held back instead of anything being dropped. Transmit uses HVC_BUFS slots, each a
 * chain of one buffer, reclaimed as the device returns them. The task wakes on interrupts, on
 * resume requests, and every HVC_POLL_MS anyway (the polling fallback). Control messages
 * (vcon_ctrl_parse) add ports, mark console ports (opened with PORT_OPEN), and resize them.
 */
#include <keel/context.h>
#include <keel/cpu.h>
#include <keel/errno.h>
#include <keel/format.h>
#include <keel/heap.h>
#include <keel/log.h>
#include <keel/mm.h>
#include <keel/sched.h>
#include <keel/task.h>
#include <keel/time.h>
#include <string.h>

#include "drivers/virtio.h"
#include "drivers/virtio_console.h"
#include "drivers/virtio_console_priv.h"

static struct hvc_port *hvc_ports[HVC_PORTS_MAX];
static unsigned hvc_n;
static void (*hvc_unclaimed)(struct hvc_port *p);

unsigned hvc_count(void)
{
	return __atomic_load_n(&hvc_n, __ATOMIC_ACQUIRE);
}

struct hvc_port *hvc_get(unsigned i)
{
	return i < hvc_count() ? hvc_ports[i] : NULL;
}

const char *hvc_name(const struct hvc_port *p)
{
	return p->name;
}

void hvc_set_unclaimed_hook(void (*fn)(struct hvc_port *p))
{
	hvc_unclaimed = fn;
}

void hvc_set_consumer(struct hvc_port *p, hvc_consumer_fn fn, void *ctx)
{
	p->consumer_ctx = ctx;
	__atomic_store_n(&p->consumer, fn, __ATOMIC_RELEASE);
	hvc_rx_resume(p);
}

bool hvc_has_consumer(struct hvc_port *p)
{
	return __atomic_load_n(&p->consumer, __ATOMIC_ACQUIRE) != NULL;
}

void hvc_set_resize_hook(struct hvc_port *p, void (*fn)(void *ctx), void *ctx)
{
	p->resize_ctx = ctx;
	__atomic_store_n(&p->resize_fn, fn, __ATOMIC_RELEASE);
}

bool hvc_get_size(const struct hvc_port *p, int *rows, int *cols)
{
	int r = __atomic_load_n(&p->rows, __ATOMIC_RELAXED), c = __atomic_load_n(&p->cols, __ATOMIC_RELAXED);

	if (r <= 0 || c <= 0)
		return false;
	*rows = r;
	*cols = c;
	return true;
}

void hvc_log_enable(struct hvc_port *p, bool on)
{
	p->log_on = on;
}

void hvc_get_stats(const struct hvc_port *p, struct hvc_stats *out)
{
	*out = p->stats;
}

/* Wake the receive task. Context: any (the queue callbacks run in IRQ context). */
static void vcon_kick(struct vcon *vc)
{
	uint64_t f = spin_lock_irqsave(&vc->lock);

	vc->events = true;
	waitqueue_wake_all(&vc->wq);
	spin_unlock_irqrestore(&vc->lock, f);
}

void hvc_rx_resume(struct hvc_port *p)
{
	vcon_kick(p->vc);
}

/* Queue callback: used entries arrived. Context: IRQ (or the polling path), queue lock held. */
void vcon_queue_cb(struct virtio_dev *d, unsigned index)
{
	spin_assert_held(&d->queues[index].lock);
	vcon_kick(d->driver);
}

/* ---------------------------------------------------------------- transmit */

static bool hvc_can_block(void)
{
	struct task *t;

	if (!sched_started() || !context_can_sleep(0))
		return false;
	t = task_current();
	return t && !t->is_idle;
}

/* A free transmit slot, or -1 (dropped: no room without blocking, device dead, or the timeout). */
static int hvc_tx_slot(struct hvc_port *p, bool block)
{
	struct virtio_queue *q = &p->vc->d->queues[p->txq];
	uint64_t deadline = time_ns() + (uint64_t)HVC_TX_TIMEOUT_MS * 1000000u;
	uint64_t f = spin_lock_irqsave(&q->lock);
	int slot = -1;

	for (;;) {
		void *t;
		uint32_t len;

		while (virtq_get_used(&q->vq, &t, &len) == 1)
			p->tx_busy[(uint8_t *)t - p->tok] = false;
		for (int i = 0; i < HVC_BUFS && slot < 0; i++)
			if (!p->tx_busy[i])
				slot = i;
		if (slot >= 0 || !block || p->vc->d->dead || q->vq.broken || time_ns() > deadline)
			break;
		waitqueue_wait_timeout(&q->wq, &q->lock, &f, HVC_POLL_MS);
	}
	if (slot >= 0)
		p->tx_busy[slot] = true;
	spin_unlock_irqrestore(&q->lock, f);
	return slot;
}

/* Write without logging (the log sink uses it too). Returns the bytes dropped. */
static uint32_t hvc_write_quiet(struct hvc_port *p, const uint8_t *b, uint32_t n, bool block)
{
	while (n) {
		uint32_t k = n < HVC_BUF_BYTES ? n : HVC_BUF_BYTES;
		int slot = hvc_tx_slot(p, block);
		struct virtq_buf vb;

		if (slot < 0)
			return n;
		memcpy(p->tx_buf + slot * HVC_BUF_BYTES, b, k);
		vb = (struct virtq_buf){ p->tx_addr + (uint64_t)slot * HVC_BUF_BYTES, k };
		if (virtio_submit(p->vc->d, p->txq, &vb, 1, 0, &p->tok[slot]) < 0) {
			struct virtio_queue *q = &p->vc->d->queues[p->txq];
			uint64_t f = spin_lock_irqsave(&q->lock);

			p->tx_busy[slot] = false;
			spin_unlock_irqrestore(&q->lock, f);
			return n;
		}
		p->stats.tx_bytes += k;
		b += k;
		n -= k;
	}
	return 0;
}

void hvc_write(struct hvc_port *p, const void *buf, uint32_t n)
{
	bool block = hvc_can_block();
	uint32_t lost = hvc_write_quiet(p, buf, n, block);

	if (!lost) {
		p->tx_stalled_said = false;
		return;
	}
	p->stats.tx_dropped += lost;
	if (block && !p->tx_stalled_said) {
		p->tx_stalled_said = true;
		pr_warn("virtio-console", "%s: the device took no output for %d ms; %u bytes dropped", p->name,
			HVC_TX_TIMEOUT_MS, lost);
	}
}

static void hvc_log_sink(void *ctx, enum log_level level, const char *line, size_t len)
{
	struct hvc_port *p = ctx;

	(void)level;
	if (!p->log_on || p->vc->d->dead)
		return;
	p->stats.tx_dropped += hvc_write_quiet(p, (const uint8_t *)line, (uint32_t)len, hvc_can_block());
	p->stats.tx_dropped += hvc_write_quiet(p, (const uint8_t *)"\r\n", 2, hvc_can_block());
}

/* ---------------------------------------------------------------- receive */

void hvc_post_rx(struct hvc_port *p, unsigned i)
{
	struct virtq_buf vb = { p->rx_addr + (uint64_t)i * HVC_BUF_BYTES, HVC_BUF_BYTES };

	virtio_submit(p->vc->d, p->rxq, &vb, 0, 1, &p->tok[i]);
}

/* Move filled buffers from the used ring to the FIFO. Receive task. */
static void hvc_collect(struct hvc_port *p)
{
	struct virtio_queue *q = &p->vc->d->queues[p->rxq];
	uint64_t f = spin_lock_irqsave(&q->lock);
	void *t;
	uint32_t len;

	while (p->fifo_n < HVC_BUFS && virtq_get_used(&q->vq, &t, &len) == 1) {
		unsigned slot = (p->fifo_head + p->fifo_n) % HVC_BUFS;

		p->fifo[slot] = (uint8_t)((uint8_t *)t - p->tok);
		p->fifo_len[slot] = len;
		p->fifo_n++;
	}
	spin_unlock_irqrestore(&q->lock, f);
}

/* Offer the FIFO to the consumer; buffers it took whole go back to the device. Receive task. */
static void hvc_deliver(struct hvc_port *p)
{
	while (p->fifo_n) {
		unsigned b = p->fifo[p->fifo_head];
		uint32_t len = p->fifo_len[p->fifo_head];
		hvc_consumer_fn fn = __atomic_load_n(&p->consumer, __ATOMIC_ACQUIRE);
		uint32_t took;

		if (len > p->fifo_off) {
			if (!fn && !p->claimed && hvc_unclaimed) {
				p->claimed = true;
				hvc_unclaimed(p);
				fn = __atomic_load_n(&p->consumer, __ATOMIC_ACQUIRE);
			}
			if (!fn)
				return; /* nobody takes it (yet): it waits, holding the device back */
			took = fn(p, p->rx_buf + b * HVC_BUF_BYTES + p->fifo_off, len - p->fifo_off, p->consumer_ctx);
			p->stats.rx_bytes += took;
			p->fifo_off += took;
			if (p->fifo_off < len) {
				p->stats.rx_held++;
				return; /* the consumer is full: hvc_rx_resume() wakes us */
			}
		}
		p->fifo_off = 0;
		p->fifo_head = (p->fifo_head + 1) % HVC_BUFS;
		p->fifo_n--;
		hvc_post_rx(p, b);
	}
}

/* ---------------------------------------------------------------- ports, sizes, the task */

void hvc_publish(struct hvc_port *p)
{
	unsigned n = hvc_count();

	if (p->console || n >= HVC_PORTS_MAX)
		return;
	p->console = true;
	keel_snprintf(p->name, sizeof(p->name), "hvc%u", n);
	hvc_ports[n] = p;
	__atomic_store_n(&hvc_n, n + 1, __ATOMIC_RELEASE);
	pr_info("virtio-console", "%s: %s port %u%s", p->name, p->vc->d->name, p->id,
		p->rows ? "" : ", no terminal size from the device");
	if (n == 0) {
		struct log_sink sink = { hvc_log_sink, p };

		p->log_on = true;
		log_add_sink(&sink);
	}
}

void vcon_set_size(struct hvc_port *p, int rows, int cols)
{
	void (*fn)(void *ctx);

	if (rows == p->rows && cols == p->cols)
		return;
	__atomic_store_n(&p->rows, rows, __ATOMIC_RELAXED);
	__atomic_store_n(&p->cols, cols, __ATOMIC_RELAXED);
	fn = __atomic_load_n(&p->resize_fn, __ATOMIC_ACQUIRE);
	if (fn)
		fn(p->resize_ctx);
}

int vcon_task(void *arg)
{
	struct vcon *vc = arg;

	for (;;) {
		uint64_t f = spin_lock_irqsave(&vc->lock);

		if (!vc->events)
			waitqueue_wait_timeout(&vc->wq, &vc->lock, &f, vc->d->irq >= 0 ? 10 * HVC_POLL_MS : HVC_POLL_MS);
		vc->events = false;
		spin_unlock_irqrestore(&vc->lock, f);
		if (vc->d->dead)
			continue;
		if (vc->multiport)
			vcon_ctrl_process(vc);
		for (unsigned i = 0; i < HVC_DEV_PORTS; i++) {
			if (!vc->ports[i].console)
				continue;
			hvc_collect(&vc->ports[i]);
			hvc_deliver(&vc->ports[i]);
		}
	}
	return 0;
}

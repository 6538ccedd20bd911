/*
 * virtio 1.x core (see virtio.h): driver lookup, the status and feature handshake, queue memory
 * from the frame allocator (device addresses through the paging API), submission and the
 * bounded wait for completions, and the interrupt handler (a GSI's line from irq_gsi_line()). The
 * split ring itself is drivers/virtq.c (plain C); this file adds the kernel around it: locks, wait
 * queues, deadlines and the one place a broken queue or a silent device is turned into words.
 */
#include <keel/context.h>
#include <keel/cpu.h>
#include <keel/errno.h>
#include <keel/format.h>
#include <keel/irq.h>
#include <keel/log.h>
#include <keel/mm.h>
#include <keel/sched.h>
#include <keel/task.h>
#include <keel/time.h>
#include <string.h>

#include "drivers/virtio.h"

/* How often a waiter re-checks the used ring when the interrupt may have been lost. */
#define VIRTIO_POLL_MS 10
/* A waiter spins this long before it sleeps: most answers come sooner than a sleep and a
 * wakeup would take (measured by `make bench`, tests/qemu/bench_virtio.py). */
#define VIRTIO_SPIN_NS 30000u

static bool (*virtio_mute_hook)(const char *name);

static void virtio_irq(unsigned irq, void *ctx);

void virtio_set_mute_hook(bool (*muted)(const char *name))
{
	virtio_mute_hook = muted;
}

void virtio_apply_mute(struct virtio_dev *d, const char *name)
{
	if (virtio_mute_hook && virtio_mute_hook(name)) {
		d->mute = true;
		pr_warn("virtio", "%s (%s): fault injection: notifications muted", name, d->name);
	}
}

int virtio_attach(struct virtio_dev *d)
{
	d->irq = -1;
	if (d->device_id == 0)
		return -ENODEV;
	for (unsigned i = 0; i < virtio_driver_count; i++) {
		const struct virtio_driver *drv = virtio_drivers[i];
		int ret;

		if (drv->device_id != d->device_id)
			continue;
		ret = drv->probe(d);
		if (ret)
			pr_err("virtio", "%s: %s driver: %s", d->name, drv->name, keel_strerror(ret));
		return ret;
	}
	pr_info("virtio", "%s: device type %u (vendor 0x%x): no driver", d->name, d->device_id, d->vendor_id);
	return -ENODEV;
}

/* Write 0 and wait (bounded) until the device reads back 0, as a reset requires. */
static int virtio_reset(struct virtio_dev *d)
{
	uint64_t deadline = time_ns() + (uint64_t)VIRTIO_RESET_TIMEOUT_MS * 1000000u;

	d->ops->set_status(d, 0);
	while (d->ops->get_status(d) != 0) {
		if (time_ns() > deadline) {
			pr_err("virtio", "%s: no reset within %d ms (status stays 0x%02x)", d->name,
			       VIRTIO_RESET_TIMEOUT_MS, d->ops->get_status(d));
			return -ETIMEDOUT;
		}
		cpu_pause();
	}
	return 0;
}

static void virtio_add_status(struct virtio_dev *d, uint8_t bits)
{
	d->ops->set_status(d, (uint8_t)(d->ops->get_status(d) | bits));
}

int virtio_negotiate(struct virtio_dev *d, uint64_t wanted, uint64_t *got)
{
	uint64_t offered;
	int ret = virtio_reset(d);

	if (ret)
		return ret;
	virtio_add_status(d, VIRTIO_STATUS_ACKNOWLEDGE);
	virtio_add_status(d, VIRTIO_STATUS_DRIVER);
	offered = d->ops->get_features(d);
	if (!(offered & VIRTIO_F_VERSION_1)) {
		pr_err("virtio", "%s: legacy-only device (no VIRTIO_F_VERSION_1, features 0x%llx): not supported",
		       d->name, (unsigned long long)offered);
		virtio_add_status(d, VIRTIO_STATUS_FAILED);
		return -EOPNOTSUPP;
	}
	d->features = offered & (wanted | VIRTIO_F_VERSION_1);
	d->ops->set_features(d, d->features);
	virtio_add_status(d, VIRTIO_STATUS_FEATURES_OK);
	if (!(d->ops->get_status(d) & VIRTIO_STATUS_FEATURES_OK)) {
		pr_err("virtio", "%s: device refused features 0x%llx", d->name, (unsigned long long)d->features);
		virtio_add_status(d, VIRTIO_STATUS_FAILED);
		return -EIO;
	}
	if (got)
		*got = d->features;
	return 0;
}

int virtio_queue_setup(struct virtio_dev *d, unsigned index, uint16_t max_size, virtio_queue_fn cb)
{
	struct virtio_queue *q;
	uint16_t size = d->ops->queue_max(d, index);
	uint64_t bytes;
	void *mem;
	int ret;

	if (index >= VIRTIO_MAX_QUEUES || size == 0)
		return -ENODEV;
	q = &d->queues[index];
	if (q->ready)
		return -EEXIST;
	if (size > max_size)
		size = max_size;
	if (size > VIRTQ_MAX_SIZE)
		size = VIRTQ_MAX_SIZE;
	while (size & (size - 1)) /* split rings need a power of two */
		size &= (uint16_t)(size - 1);
	bytes = virtq_ring_bytes(size);
	ret = frames_alloc((bytes + PAGE_SIZE - 1) / PAGE_SIZE, &q->mem);
	if (ret)
		return ret;
	mem = phys_ptr(frame_start(q->mem.start));
	ret = virtq_init(&q->vq, size, mem, frame_start(q->mem.start).value);
	if (ret)
		goto free_frames;
	q->lock = (struct spinlock)SPINLOCK_INIT("virtq");
	waitqueue_init(&q->wq);
	q->callback = cb;
	ret = d->ops->queue_enable(d, index, size, q->vq.desc_addr, q->vq.avail_addr, q->vq.used_addr);
	if (ret)
		goto free_frames;
	q->ready = true;
	return 0;

free_frames:
	frames_free(q->mem);
	return ret;
}

int virtio_driver_ok(struct virtio_dev *d)
{
	uint8_t s;

	virtio_add_status(d, VIRTIO_STATUS_DRIVER_OK);
	s = d->ops->get_status(d);
	if (s & (VIRTIO_STATUS_NEEDS_RESET | VIRTIO_STATUS_FAILED)) {
		pr_err("virtio", "%s: device failed after DRIVER_OK (status 0x%02x)", d->name, s);
		return -EIO;
	}
	return 0;
}

void virtio_fail(struct virtio_dev *d, const char *why)
{
	if (d->dead)
		return;
	d->dead = true;
	pr_err("virtio", "%s: %s; device reset, now offline", d->name, why);
	d->ops->set_status(d, 0); /* the device drops every buffer it held */
	if (d->irq >= 0 && d->ops->release_irq)
		d->ops->release_irq(d);
	else if (d->irq >= 0)
		irq_unregister((unsigned)d->irq, virtio_irq, d);
	d->irq = -1;
}

/* Run the queue callbacks and wake waiters. Context: IRQ (interrupts off) or polling task. */
static void virtio_service_queues(struct virtio_dev *d)
{
	for (unsigned i = 0; i < VIRTIO_MAX_QUEUES; i++) {
		struct virtio_queue *q = &d->queues[i];
		uint64_t flags;

		if (!q->ready)
			continue;
		flags = spin_lock_irqsave(&q->lock);
		if (q->callback && virtq_has_used(&q->vq))
			q->callback(d, i);
		waitqueue_wake_all(&q->wq);
		spin_unlock_irqrestore(&q->lock, flags);
	}
}

/* Context: IRQ. */
void virtio_interrupt(struct virtio_dev *d, uint32_t isr)
{
	ASSERT(in_irq());
	if (d->dead)
		return;
	if (isr & VIRTIO_ISR_QUEUE)
		virtio_service_queues(d);
	if ((isr & VIRTIO_ISR_CONFIG) && d->config_changed)
		d->config_changed(d);
}

/* The core's handler for a GSI line. Context: IRQ. */
static void virtio_irq(unsigned irq, void *ctx)
{
	struct virtio_dev *d = ctx;

	(void)irq;
	virtio_interrupt(d, d->ops->ack_interrupt(d));
}

void virtio_setup_irq(struct virtio_dev *d)
{
	int gsi = d->gsi, line;
	int ret;

	d->irq = -1;
	if (d->ops->setup_irq) {
		ret = d->ops->setup_irq(d);
		if (ret < 0)
			pr_info("virtio", "%s: no interrupt (%s): completions by polling", d->name, keel_strerror(ret));
		else
			d->irq = ret;
		return;
	}
	line = gsi >= 0 ? irq_gsi_line((uint32_t)gsi, d->gsi_level, d->gsi_active_low) : -ENODEV;
	if (line < 0) {
		if (gsi >= 0)
			pr_info("virtio", "%s: no interrupt line for GSI %d: completions by polling", d->name, gsi);
		else
			pr_info("virtio", "%s: no interrupt: completions by polling", d->name);
		return;
	}
	ret = irq_register((unsigned)line, virtio_irq, d);
	if (ret) {
		pr_warn("virtio", "%s: IRQ %d: %s: completions by polling", d->name, line, keel_strerror(ret));
		return;
	}
	d->irq = line;
	pr_info("virtio", "%s: GSI %d (%s, active %s) on IRQ %d", d->name, gsi, d->gsi_level ? "level" : "edge",
		d->gsi_active_low ? "low" : "high", line);
}

int virtio_submit(struct virtio_dev *d, unsigned index, const struct virtq_buf *bufs, unsigned n_out,
		  unsigned n_in, void *token)
{
	struct virtio_queue *q = &d->queues[index];
	uint64_t flags;
	bool notify;
	int ret;

	if (d->dead || !q->ready)
		return -EIO;
	flags = spin_lock_irqsave(&q->lock);
	ret = virtq_add(&q->vq, bufs, n_out, n_in, token);
	notify = ret >= 0 && virtq_should_notify(&q->vq);
	spin_unlock_irqrestore(&q->lock, flags);
	if (notify && !d->mute)
		d->ops->notify(d, index);
	return ret;
}

/* True when the caller is a task that may block (not the boot context before the scheduler). */
static bool virtio_can_block(void)
{
	struct task *t;

	if (!sched_started() || !context_can_sleep(0))
		return false;
	t = task_current();
	return t && !t->is_idle;
}

int virtio_wait(struct virtio_dev *d, unsigned index, void *token, uint32_t *len, uint64_t timeout_ms,
		const char *what)
{
	struct virtio_queue *q = &d->queues[index];
	uint64_t start = time_ns(), deadline = start + timeout_ms * 1000000u;
	bool block = virtio_can_block();
	char why[96];
	uint64_t flags;
	int ret;

	flags = spin_lock_irqsave(&q->lock);
	for (;;) {
		void *t;
		uint32_t l;

		ret = d->dead ? -EIO : virtq_get_used(&q->vq, &t, &l);
		if (ret < 0)
			break;
		if (ret == 1) {
			if (t == token) {
				*len = l;
				ret = 0;
				break;
			}
			continue; /* someone else's: the queue's owner serialises, so only after a fault */
		}
		if (time_ns() > deadline) {
			ret = -ETIMEDOUT;
			break;
		}
		if (block && d->irq >= 0 && time_ns() - start > VIRTIO_SPIN_NS) {
			waitqueue_wait_timeout(&q->wq, &q->lock, &flags, VIRTIO_POLL_MS);
		} else {
			spin_unlock_irqrestore(&q->lock, flags);
			if (block && d->irq < 0)
				task_yield();
			else
				cpu_pause();
			flags = spin_lock_irqsave(&q->lock);
		}
	}
	spin_unlock_irqrestore(&q->lock, flags);
	if (ret == -ETIMEDOUT) {
		keel_snprintf(why, sizeof(why), "%s: no answer within %llu ms", what, (unsigned long long)timeout_ms);
		virtio_fail(d, why);
	} else if (ret == -EIO && !d->dead) {
		keel_snprintf(why, sizeof(why), "%s: bad used entry (%s, value %u)", what,
			      virtq_fault_name(q->vq.fault), q->vq.fault_value);
		virtio_fail(d, why);
	}
	return ret;
}

void virtio_read_config(struct virtio_dev *d, unsigned off, void *buf, unsigned len)
{
	uint32_t gen;
	unsigned tries = 0;

	do {
		gen = d->ops->config_generation(d);
		d->ops->read_config(d, off, buf, len);
	} while (gen != d->ops->config_generation(d) && ++tries < 100);
}

int virtio_dma_addr(const void *p, uint64_t len, uint64_t *addr, uint64_t *contig)
{
	uint64_t va = (uint64_t)(uintptr_t)p, done;
	paddr_t pa, next;

	if (paging_translate(vaddr(va), &pa, NULL))
		return -EFAULT;
	*addr = pa.value;
	done = PAGE_SIZE - (va & (PAGE_SIZE - 1));
	while (done < len) {
		if (paging_translate(vaddr(va + done), &next, NULL) || next.value != pa.value + done)
			break;
		done += PAGE_SIZE;
	}
	*contig = done < len ? done : len;
	return 0;
}

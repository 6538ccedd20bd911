/*
 * Deferred interrupt tasks (keel/dirq.h). The IRQ handler stamps the TSC and runs the top half;
 * dirq_post copies the event and that stamp into the ring under the lock and wakes the bottom
 * half (and asks the scheduler for an immediate switch when configured). The bottom-half task
 * takes events one at a time under the same lock and runs the bottom function without it.
 */
#include <keel/cpu.h>
#include <keel/dirq.h>
#include <keel/errno.h>
#include <keel/format.h>
#include <keel/heap.h>
#include <keel/irq.h>
#include <keel/sched.h>
#include <keel/task.h>
#include <string.h>

static struct dirq *dirq_list;
static struct spinlock dirq_list_lock = SPINLOCK_INIT("dirqs");

/* Context: IRQ. */
static void dirq_irq_entry(unsigned irq, void *ctx)
{
	struct dirq *d = ctx;
	uint64_t f;

	(void)irq;
	f = spin_lock_irqsave(&d->lock);
	d->irq_stamp = rdtsc();
	d->stats.top_runs++;
	spin_unlock_irqrestore(&d->lock, f);
	d->top(d, d->ctx);
}

int dirq_post(struct dirq *d, const void *event, size_t size)
{
	uint64_t f;
	uint8_t *slot;
	int ret = 0;

	if (size != d->event_size)
		return -EINVAL; /* the typed wrappers make this impossible */
	f = spin_lock_irqsave(&d->lock);
	d->stats.posted++;
	if (d->count == d->capacity) {
		d->stats.dropped++;
		ret = -ENOSPC;
	} else {
		slot = d->ring + ((d->head + d->count) % d->capacity) * d->slot_size;
		memcpy(slot, in_irq() ? &d->irq_stamp : &(uint64_t){ rdtsc() }, sizeof(uint64_t));
		memcpy(slot + sizeof(uint64_t), event, size);
		d->count++;
		waitqueue_wake_one(&d->wq);
		if ((d->flags & DIRQ_IMMEDIATE) && in_irq())
			sched_request_immediate(d->bottom_task);
	}
	spin_unlock_irqrestore(&d->lock, f);
	return ret;
}

static int dirq_bottom_task(void *arg)
{
	struct dirq *d = arg;
	uint8_t ev[DIRQ_EVENT_MAX];
	uint64_t f = spin_lock_irqsave(&d->lock);

	for (;;) {
		/* The pending check and the block happen with interrupts off under d->lock. */
		while (d->count == 0 && !d->stopping)
			waitqueue_wait(&d->wq, &d->lock, &f);
		if (d->count == 0)
			break; /* stopping, and everything delivered */
		d->stats.bottom_runs++;
		while (d->count) {
			uint8_t *slot = d->ring + d->head * d->slot_size;
			uint64_t stamp, lat;

			memcpy(&stamp, slot, sizeof(stamp));
			memcpy(ev, slot + sizeof(uint64_t), d->event_size);
			d->head = (d->head + 1) % d->capacity;
			d->count--;
			d->stats.delivered++;
			lat = rdtsc() - stamp;
			d->stats.latency_last = lat;
			d->stats.latency_sum += lat;
			if (lat > d->stats.latency_max)
				d->stats.latency_max = lat;
			spin_unlock_irqrestore(&d->lock, f);
			d->bottom(d, ev, d->ctx);
			f = spin_lock_irqsave(&d->lock);
		}
	}
	spin_unlock_irqrestore(&d->lock, f);
	return 0;
}

int dirq_register(struct dirq *d, const struct dirq_config *cfg)
{
	size_t n;
	uint64_t f;
	int ret;

	memset(d, 0, sizeof(*d));
	if (!cfg->name || !cfg->top || !cfg->bottom || !cfg->event_size || cfg->event_size > DIRQ_EVENT_MAX ||
	    !cfg->capacity || cfg->capacity > 4096)
		return -EINVAL;
	n = strnlen(cfg->name, DIRQ_NAME_MAX - 1);
	memcpy(d->name, cfg->name, n);
	d->irq = cfg->irq;
	d->flags = cfg->flags;
	d->event_size = cfg->event_size;
	d->capacity = cfg->capacity;
	d->slot_size = (sizeof(uint64_t) + cfg->event_size + 7) & ~(size_t)7;
	d->top = cfg->top;
	d->bottom = cfg->bottom;
	d->ctx = cfg->ctx;
	d->lock = (struct spinlock)SPINLOCK_INIT("dirq");
	waitqueue_init(&d->wq);
	d->ring = kmalloc(d->slot_size * d->capacity);
	if (!d->ring)
		return -ENOMEM;
	d->bottom_task = task_spawn_system(d->name, dirq_bottom_task, d);
	if (!d->bottom_task) {
		ret = -ENOMEM;
		goto free_ring;
	}
	ret = irq_register(d->irq, dirq_irq_entry, d);
	if (ret)
		goto stop_task;
	f = spin_lock_irqsave(&dirq_list_lock);
	d->list_next = dirq_list;
	dirq_list = d;
	spin_unlock_irqrestore(&dirq_list_lock, f);
	return 0;

stop_task:
	f = spin_lock_irqsave(&d->lock);
	d->stopping = true;
	waitqueue_wake_all(&d->wq);
	spin_unlock_irqrestore(&d->lock, f);
	task_join(d->bottom_task, NULL);
free_ring:
	kfree(d->ring);
	d->ring = NULL;
	return ret;
}

void dirq_unregister(struct dirq *d)
{
	uint64_t f;

	irq_unregister(d->irq, dirq_irq_entry, d);
	f = spin_lock_irqsave(&dirq_list_lock);
	for (struct dirq **pp = &dirq_list; *pp; pp = &(*pp)->list_next) {
		if (*pp == d) {
			*pp = d->list_next;
			break;
		}
	}
	spin_unlock_irqrestore(&dirq_list_lock, f);
	f = spin_lock_irqsave(&d->lock);
	d->stopping = true;
	waitqueue_wake_all(&d->wq);
	spin_unlock_irqrestore(&d->lock, f);
	task_join(d->bottom_task, NULL);
	d->bottom_task = NULL;
	kfree(d->ring);
	d->ring = NULL;
}

void dirq_get_stats(struct dirq *d, struct dirq_stats *out)
{
	uint64_t f = spin_lock_irqsave(&d->lock);

	*out = d->stats;
	out->queued = d->count;
	spin_unlock_irqrestore(&d->lock, f);
}

unsigned dirq_snapshot(struct dirq_info *out, unsigned max)
{
	uint64_t f = spin_lock_irqsave(&dirq_list_lock);
	unsigned n = 0;

	for (struct dirq *d = dirq_list; d; d = d->list_next, n++) {
		if (n >= max)
			continue;
		keel_snprintf(out[n].name, sizeof(out[n].name), "%s", d->name);
		dirq_get_stats(d, &out[n].stats); /* d->lock nests inside the list lock */
	}
	spin_unlock_irqrestore(&dirq_list_lock, f);
	return n;
}

/*
 * virtio-console set-up and control queue (see virtio_console.c for the data paths): feature
 * negotiation (SIZE, MULTIPORT), queues and buffers for ports 0-2, the MULTIPORT handshake
 * (DEVICE_READY, then PORT_ADD answered with PORT_READY, CONSOLE_PORT with PORT_OPEN, RESIZE),
 * with the start-up announcements taken at once so hvc0 exists before the console manager runs,
 * and the VIRTIO_CONSOLE_F_SIZE config read on config-change interrupts.
 */
#include <keel/cpu.h>
#include <keel/errno.h>
#include <keel/format.h>
#include <keel/heap.h>
#include <keel/log.h>
#include <keel/mm.h>
#include <keel/task.h>
#include <keel/time.h>

#include "drivers/virtio.h"
#include "drivers/virtio_console.h"
#include "drivers/virtio_console_priv.h"

static void vcon_ctrl_send(struct vcon *vc, uint32_t id, uint16_t event, uint16_t value)
{
	struct virtio_queue *q = &vc->d->queues[3];
	uint64_t f = spin_lock_irqsave(&vc->ctrl_tx_lock);
	uint8_t *msg = vc->ctrl + 2048;
	struct virtq_buf vb = { vc->ctrl_addr + 2048, VCON_CTRL_BYTES };
	uint64_t deadline = time_ns() + 100000000ull;
	bool done = false;

	vcon_ctrl_encode(id, event, value, msg);
	if (virtio_submit(vc->d, 3, &vb, 1, 0, &vc->ctrl_tok[HVC_BUFS]) >= 0) {
		while (!done && time_ns() < deadline && !vc->d->dead) { /* one slot: wait for it back */
			uint64_t qf = spin_lock_irqsave(&q->lock);
			void *t;
			uint32_t len;

			done = virtq_get_used(&q->vq, &t, &len) == 1;
			spin_unlock_irqrestore(&q->lock, qf);
			cpu_pause();
		}
	}
	spin_unlock_irqrestore(&vc->ctrl_tx_lock, f);
	if (!done)
		pr_warn("virtio-console", "%s: control message %u for port %u not taken", vc->d->name, event, id);
}

static void vcon_ctrl_handle(struct vcon *vc, const struct vcon_ctrl *m)
{
	struct hvc_port *p = m->id < HVC_DEV_PORTS ? &vc->ports[m->id] : NULL;

	switch (m->event) {
	case VCON_PORT_ADD:
		vcon_ctrl_send(vc, m->id, VCON_PORT_READY, p && p->ready ? 1 : 0);
		if (!p || !p->ready)
			pr_info("virtio-console", "%s: port %u: no queues for it; refused", vc->d->name, m->id);
		break;
	case VCON_CONSOLE_PORT:
		if (p && p->ready) {
			hvc_publish(p);
			vcon_ctrl_send(vc, m->id, VCON_PORT_OPEN, 1);
		}
		break;
	case VCON_RESIZE:
		if (p)
			vcon_set_size(p, m->rows, m->cols);
		break;
	default: /* PORT_OPEN (host side connected), PORT_NAME, PORT_REMOVE: nothing to do */
		break;
	}
}

void vcon_ctrl_process(struct vcon *vc)
{
	struct virtio_queue *q = &vc->d->queues[2];

	for (;;) {
		uint64_t f = spin_lock_irqsave(&q->lock);
		void *t;
		uint32_t len;
		int r = virtq_get_used(&q->vq, &t, &len);
		struct vcon_ctrl m;
		unsigned i;

		spin_unlock_irqrestore(&q->lock, f);
		if (r != 1)
			return;
		i = (unsigned)((uint8_t *)t - vc->ctrl_tok);
		if (vcon_ctrl_parse(vc->ctrl + i * HVC_CTRL_BUF, len, &m) == 0)
			vcon_ctrl_handle(vc, &m);
		else
			pr_warn("virtio-console", "%s: malformed control message (%u bytes); ignored", vc->d->name, len);
		virtio_submit(vc->d, 2, &(struct virtq_buf){ vc->ctrl_addr + i * HVC_CTRL_BUF, HVC_CTRL_BUF }, 0, 1, t);
	}
}

/* Config change: VIRTIO_CONSOLE_F_SIZE's size of port 0. Context: IRQ, or the probe (boot). */
static void vcon_config_changed(struct virtio_dev *d)
{
	struct vcon *vc = d->driver;
	uint16_t sz[2];

	if (!(d->features & VIRTIO_CONSOLE_F_SIZE))
		return;
	virtio_read_config(d, VCON_CFG_COLS, sz, sizeof(sz));
	if (sz[0] && sz[1])
		vcon_set_size(&vc->ports[0], sz[1], sz[0]);
}

/* ---------------------------------------------------------------- probe */

static int vcon_port_setup(struct vcon *vc, unsigned id)
{
	struct hvc_port *p = &vc->ports[id];
	frame_range_t fr;
	int ret;

	p->vc = vc;
	p->id = id;
	p->rxq = id == 0 ? 0 : 2 + 2 * id;
	p->txq = p->rxq + 1;
	ret = virtio_queue_setup(vc->d, p->rxq, 64, vcon_queue_cb);
	if (!ret)
		ret = virtio_queue_setup(vc->d, p->txq, 64, vcon_queue_cb);
	if (!ret)
		ret = frames_alloc(2, &fr);
	if (ret)
		return ret;
	p->rx_frame = fr.start;
	p->tx_frame = (frame_t){ fr.start.number + 1 };
	p->rx_buf = phys_ptr(frame_start(p->rx_frame));
	p->tx_buf = phys_ptr(frame_start(p->tx_frame));
	p->rx_addr = frame_start(p->rx_frame).value;
	p->tx_addr = frame_start(p->tx_frame).value;
	p->ready = true;
	return 0;
}

static int vcon_probe(struct virtio_dev *d)
{
	struct vcon *vc;
	uint64_t features;
	frame_range_t fr;
	uint32_t max_ports = 1;
	struct task *t;
	int ret;

	ret = virtio_negotiate(d, VIRTIO_CONSOLE_F_SIZE | VIRTIO_CONSOLE_F_MULTIPORT, &features);
	if (ret)
		return ret;
	vc = kzalloc(sizeof(*vc));
	if (!vc)
		return -ENOMEM;
	vc->d = d;
	d->driver = vc;
	vc->lock = (struct spinlock)SPINLOCK_INIT("vcon");
	vc->ctrl_tx_lock = (struct spinlock)SPINLOCK_INIT("vcon-ctrl");
	waitqueue_init(&vc->wq);
	vc->multiport = (features & VIRTIO_CONSOLE_F_MULTIPORT) != 0;
	if (vc->multiport)
		virtio_read_config(d, VCON_CFG_MAX_PORTS, &max_ports, sizeof(max_ports));
	ret = vcon_port_setup(vc, 0);
	if (ret)
		goto fail;
	if (vc->multiport) {
		ret = virtio_queue_setup(d, 2, 64, vcon_queue_cb);
		if (!ret)
			ret = virtio_queue_setup(d, 3, 64, NULL);
		if (!ret)
			ret = frames_alloc(1, &fr);
		if (ret)
			goto fail;
		vc->ctrl_frame = fr.start;
		vc->ctrl = phys_ptr(frame_start(fr.start));
		vc->ctrl_addr = frame_start(fr.start).value;
		for (unsigned id = 1; id < HVC_DEV_PORTS && id < max_ports; id++)
			if (vcon_port_setup(vc, id))
				break; /* ports past this one are refused when announced */
	}
	vcon_config_changed(d); /* the size, if the device gives one (interrupts are still off) */
	for (unsigned id = 0; id < HVC_DEV_PORTS; id++)
		for (unsigned i = 0; vc->ports[id].ready && i < HVC_BUFS; i++)
			hvc_post_rx(&vc->ports[id], i);
	for (unsigned i = 0; vc->multiport && i < HVC_BUFS; i++)
		virtio_submit(d, 2, &(struct virtq_buf){ vc->ctrl_addr + i * HVC_CTRL_BUF, HVC_CTRL_BUF }, 0, 1,
			      &vc->ctrl_tok[i]);
	d->config_changed = vcon_config_changed;
	virtio_setup_irq(d);
	ret = virtio_driver_ok(d);
	if (ret)
		goto fail;
	if (vc->multiport) {
		uint64_t end = time_ns() + HVC_CTRL_SETTLE_MS * 1000000ull;

		vcon_ctrl_send(vc, 0, VCON_DEVICE_READY, 1);
		while (time_ns() < end && !vc->ports[0].console) /* the announcements come at once */
			vcon_ctrl_process(vc);
		vcon_ctrl_process(vc);
		if (!vc->ports[0].console)
			pr_info("virtio-console", "%s: no console port announced (yet)", d->name);
	} else {
		hvc_publish(&vc->ports[0]);
	}
	t = task_spawn_system("hvc-rx", vcon_task, vc);
	if (!t) {
		ret = -ENOMEM;
		goto fail;
	}
	task_detach(t);
	return 0;

fail:
	virtio_fail(d, "set-up failed");
	return ret; /* vc stays: published ports and the log sink may point into it */
}

const struct virtio_driver virtio_console_driver = {
	.name = "virtio-console",
	.device_id = VIRTIO_ID_CONSOLE,
	.probe = vcon_probe,
};

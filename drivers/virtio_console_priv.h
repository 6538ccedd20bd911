/*
 * What the virtio-console files share (drivers/virtio_console.c: ports, transmit, receive, the
 * receive task; drivers/virtio_console_probe.c: set-up and the control queue). Not for anyone else.
 */
#ifndef KEEL_DRIVERS_VIRTIO_CONSOLE_PRIV_H
#define KEEL_DRIVERS_VIRTIO_CONSOLE_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include <keel/mm_types.h>
#include <keel/spinlock.h>
#include <keel/waitqueue.h>

#include "drivers/virtio.h"
#include "drivers/virtio_console.h"

#define VIRTIO_CONSOLE_F_SIZE (1ull << 0)
#define VIRTIO_CONSOLE_F_MULTIPORT (1ull << 1)
#define VCON_CFG_COLS 0
#define VCON_CFG_ROWS 2
#define VCON_CFG_MAX_PORTS 4

#define HVC_BUFS 8
#define HVC_BUF_BYTES 512
#define HVC_CTRL_BUF 64
#define HVC_DEV_PORTS 3       /* ports with queues: 0, 1, 2 (queues 0-1, 4-5, 6-7) */
#define HVC_POLL_MS 10
#define HVC_CTRL_SETTLE_MS 200 /* the device's port announcements at start-up, at most this long */

struct vcon;

struct hvc_port {
	char name[8];
	struct vcon *vc;
	unsigned id, rxq, txq;
	bool ready, console;
	frame_t rx_frame, tx_frame;
	uint8_t *rx_buf, *tx_buf;
	uint64_t rx_addr, tx_addr;
	uint8_t tok[HVC_BUFS];          /* tokens: &tok[i] names buffer / slot i */
	/* Receive FIFO: filled buffers in order (receive task only). */
	uint8_t fifo[HVC_BUFS];
	uint32_t fifo_len[HVC_BUFS];
	unsigned fifo_head, fifo_n;
	uint32_t fifo_off;              /* bytes of the head buffer already taken */
	/* Transmit slots in use (under the tx queue's lock). */
	bool tx_busy[HVC_BUFS];
	bool tx_stalled_said;
	hvc_consumer_fn consumer;
	void *consumer_ctx;
	bool claimed;                   /* the unclaimed hook ran */
	void (*resize_fn)(void *ctx);
	void *resize_ctx;
	int rows, cols;                 /* 0: no size from the device */
	bool log_on;
	struct hvc_stats stats;
};

struct vcon {
	struct virtio_dev *d;
	bool multiport;
	struct spinlock lock;           /* events, wq */
	struct waitqueue wq;
	bool events;
	struct hvc_port ports[HVC_DEV_PORTS];
	frame_t ctrl_frame;
	uint8_t *ctrl;                  /* receive buffers, then one transmit buffer at 2048 */
	uint64_t ctrl_addr;
	uint8_t ctrl_tok[HVC_BUFS + 1];
	struct spinlock ctrl_tx_lock;
};

/* virtio_console.c */
/* Post receive buffer i of p to the device. */
void hvc_post_rx(struct hvc_port *p, unsigned i);
/* Queue callback: wakes the receive task. Context: IRQ (or polling), the queue's lock held. */
void vcon_queue_cb(struct virtio_dev *d, unsigned index);
/* Name a console port hvcN and make it visible (hvc0 also gets the log sink). */
void hvc_publish(struct hvc_port *p);
/* The device reported a size for p: store it and tell the resize hook. Context: any. */
void vcon_set_size(struct hvc_port *p, int rows, int cols);
/* The device's receive task ("hvc-rx"). */
int vcon_task(void *arg);

/* virtio_console_probe.c */
/* Take and act on the control messages the device wrote. Receive task, or the probe. */
void vcon_ctrl_process(struct vcon *vc);

#endif /* KEEL_DRIVERS_VIRTIO_CONSOLE_PRIV_H */

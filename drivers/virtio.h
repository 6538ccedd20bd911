/*
 * virtio 1.x core, independent of the transport. A transport (virtio-mmio, virtio-pci) fills a
 * struct virtio_dev with its ops table and hands it to virtio_attach(), which finds the driver
 * for the device id in the static driver table (drivers/virtio_drivers.c) and runs its probe.
 * Drivers negotiate features (VIRTIO_F_VERSION_1 is required: legacy-only devices are refused
 * with a message), set up split virtqueues in frame-allocator memory, submit chains and wait for
 * them with a deadline: completion comes by interrupt when the transport has one and by polling
 * otherwise (and as the fallback for a lost interrupt), and a device that never answers gives
 * -ETIMEDOUT and a log line, never a hang.
 */
#ifndef KEEL_DRIVERS_VIRTIO_H
#define KEEL_DRIVERS_VIRTIO_H

#include <stdbool.h>
#include <stdint.h>

#include <keel/mm_types.h>
#include <keel/spinlock.h>
#include <keel/waitqueue.h>

#include "drivers/virtq.h"

/* Device status bits (virtio 1.x section 2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE 1u
#define VIRTIO_STATUS_DRIVER 2u
#define VIRTIO_STATUS_DRIVER_OK 4u
#define VIRTIO_STATUS_FEATURES_OK 8u
#define VIRTIO_STATUS_NEEDS_RESET 64u
#define VIRTIO_STATUS_FAILED 128u

#define VIRTIO_F_VERSION_1 (1ull << 32)

/* Interrupt status bits (ISR / InterruptStatus). */
#define VIRTIO_ISR_QUEUE 1u
#define VIRTIO_ISR_CONFIG 2u

#define VIRTIO_ID_NET 1u
#define VIRTIO_ID_BLOCK 2u
#define VIRTIO_ID_CONSOLE 3u

#define VIRTIO_MAX_QUEUES 8
#define VIRTIO_NAME_MAX 32
#define VIRTIO_RESET_TIMEOUT_MS 1000

struct virtio_dev;

/* The transport. Register offsets in read/write_config are in the device-specific config. */
struct virtio_transport_ops {
	uint8_t (*get_status)(struct virtio_dev *d);
	void (*set_status)(struct virtio_dev *d, uint8_t status);
	uint64_t (*get_features)(struct virtio_dev *d);
	void (*set_features)(struct virtio_dev *d, uint64_t features);
	uint32_t (*config_generation)(struct virtio_dev *d);
	void (*read_config)(struct virtio_dev *d, unsigned off, void *buf, unsigned len);
	void (*write_config)(struct virtio_dev *d, unsigned off, const void *buf, unsigned len);
	/* Largest size queue `index` may have; 0: no such queue. */
	uint16_t (*queue_max)(struct virtio_dev *d, unsigned index);
	/* Program queue `index` (size, ring addresses) and enable it. 0 or -EIO. */
	int (*queue_enable)(struct virtio_dev *d, unsigned index, uint16_t size, uint64_t desc,
			    uint64_t avail, uint64_t used);
	void (*notify)(struct virtio_dev *d, unsigned index);
	/* Read and acknowledge the interrupt status (VIRTIO_ISR_*). Context: IRQ or task. */
	uint32_t (*ack_interrupt)(struct virtio_dev *d);
	/* Transports with interrupts of their own (virtio-pci: MSI-X or INTx): attach them, their
	 * handlers calling virtio_interrupt(); the IRQ line or a negative error. NULL: the core uses
	 * d->gsi and ack_interrupt. release_irq undoes it. */
	int (*setup_irq)(struct virtio_dev *d);
	void (*release_irq)(struct virtio_dev *d);
};

/* Called from the interrupt handler (interrupts off) when a queue has used entries, and from
 * the polling path; under the queue's lock. */
typedef void (*virtio_queue_fn)(struct virtio_dev *d, unsigned index);

struct virtio_queue {
	struct virtq vq;
	struct spinlock lock;   /* guards vq */
	struct waitqueue wq;    /* tasks waiting for used entries */
	frame_range_t mem;
	virtio_queue_fn callback;
	bool ready;
};

struct virtio_dev {
	const struct virtio_transport_ops *ops;
	void *transport;               /* the transport's own state */
	char name[VIRTIO_NAME_MAX];    /* "virtio-mmio@0xfeb00e00", for messages */
	uint32_t device_id, vendor_id;
	uint64_t features;             /* negotiated */
	int gsi;                       /* the transport's interrupt (GSI), or -1: none known */
	bool gsi_level, gsi_active_low; /* its trigger and polarity */
	int irq;                       /* IRQ line in use, or -1: polling only */
	bool dead;                     /* reset after a fault or a timeout: refuses everything */
	bool mute;                     /* fault injection: notifications swallowed */
	void (*config_changed)(struct virtio_dev *d); /* IRQ context; may be NULL */
	void *driver;                  /* the driver's state */
	struct virtio_queue queues[VIRTIO_MAX_QUEUES];
};

struct virtio_driver {
	const char *name;
	uint32_t device_id;
	int (*probe)(struct virtio_dev *d);
};

/* The driver table (drivers/virtio_drivers.c). */
extern const struct virtio_driver *const virtio_drivers[];
extern const unsigned virtio_driver_count;

/* Find and probe the driver for d (device id 0: an empty transport slot, ignored). 0 when a
 * driver took the device, -ENODEV or the probe's error (logged). */
int virtio_attach(struct virtio_dev *d);

/* Reset, acknowledge, and agree on features: the device's VIRTIO_F_VERSION_1 plus those of
 * `wanted` it offers; *got (may be NULL) the result. -EOPNOTSUPP for a legacy-only device,
 * -EIO when the device refuses FEATURES_OK, -ETIMEDOUT when it does not reset. Logged. */
int virtio_negotiate(struct virtio_dev *d, uint64_t wanted, uint64_t *got);
/* Set up queue `index` with at most `max_size` entries (frames from the frame allocator). */
int virtio_queue_setup(struct virtio_dev *d, unsigned index, uint16_t max_size, virtio_queue_fn cb);
/* Set DRIVER_OK; 0 or -EIO when the device then reports NEEDS_RESET / FAILED. */
int virtio_driver_ok(struct virtio_dev *d);
/* Mark the device failed and reset it (after a timeout or a bad used entry). */
void virtio_fail(struct virtio_dev *d, const char *why);

/* Use the transport's interrupt (setup_irq), or that of d->gsi (-1: none) when the interrupt
 * controller has a line for it; else polling (logged). Drivers call it once their queues are
 * set up. */
void virtio_setup_irq(struct virtio_dev *d);

/* A transport's interrupt: `isr` (VIRTIO_ISR_*) says what happened. Context: IRQ. */
void virtio_interrupt(struct virtio_dev *d, uint32_t isr);

/* Make a chain available on queue `index` and notify the device. virtq_add's results. */
int virtio_submit(struct virtio_dev *d, unsigned index, const struct virtq_buf *bufs, unsigned n_out,
		  unsigned n_in, void *token);
/* Wait until `token` comes back on queue `index` (other used entries go to the queue's
 * callback). 0 and *len, -ETIMEDOUT after timeout_ms (logged with `what`), -EIO for a bad used
 * entry or a dead device. Context: task (blocks) or boot (polls). */
int virtio_wait(struct virtio_dev *d, unsigned index, void *token, uint32_t *len, uint64_t timeout_ms,
		const char *what);

/* Read the device config atomically with respect to config changes (generation counter). */
void virtio_read_config(struct virtio_dev *d, unsigned off, void *buf, unsigned len);

/* Device-visible address of a kernel virtual address (paging_translate), and the number of
 * bytes from there that are physically contiguous, at most len. 0 or -EFAULT. */
int virtio_dma_addr(const void *p, uint64_t len, uint64_t *addr, uint64_t *contig);

/* Fault injection (the test image's keel.test.virtio_mute=NAME): a hook that says whether the
 * device a driver names `name` (vdb, hvc0) is to be muted; muted devices never get a notify. */
void virtio_set_mute_hook(bool (*muted)(const char *name));
void virtio_apply_mute(struct virtio_dev *d, const char *name);

#endif /* KEEL_DRIVERS_VIRTIO_H */

/*
 * virtio-console driver (drivers/virtio_console*.c): each console port of a virtio-console
 * device (port 0, and with VIRTIO_CONSOLE_F_MULTIPORT the other console ports the control queue
 * announces) becomes a byte port hvc0, hvc1, ...: received bytes go to a consumer (a console)
 * with back-pressure (bytes the consumer refuses keep their receive buffer from the device until
 * hvc_rx_resume), writes go out through the transmit queue, and the terminal size comes from
 * the device (VIRTIO_CONSOLE_F_SIZE config, config-change interrupts and RESIZE control
 * messages). Mirrors drivers/serial.h, so the console manager adapts both the same way.
 * Also: the control-message parser (plain C, host-tested and fuzzed).
 */
#ifndef KEEL_DRIVERS_VIRTIO_CONSOLE_H
#define KEEL_DRIVERS_VIRTIO_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HVC_PORTS_MAX 4

struct hvc_port;

/* Takes bytes in order and returns how many it took (0..n); the rest are offered again after
 * hvc_rx_resume(). Context: the device's receive task; must not block. */
typedef uint32_t (*hvc_consumer_fn)(struct hvc_port *p, const uint8_t *buf, uint32_t n, void *ctx);

unsigned hvc_count(void);
struct hvc_port *hvc_get(unsigned i); /* NULL past the end */
const char *hvc_name(const struct hvc_port *p);

/* Write all n bytes (blocking while the transmit buffers are all with the device). A device that
 * takes nothing for HVC_TX_TIMEOUT_MS has the rest dropped, counted and logged once, never a
 * hang. Without a task to block (IRQ, boot, spinlocks), what does not fit is dropped and counted.
 * Context: any. */
void hvc_write(struct hvc_port *p, const void *buf, uint32_t n);
#define HVC_TX_TIMEOUT_MS 5000

void hvc_set_consumer(struct hvc_port *p, hvc_consumer_fn fn, void *ctx);
/* Whether a consumer takes the port's input. Context: any. */
bool hvc_has_consumer(struct hvc_port *p);
/* The consumer has room again. Context: task or IRQ. */
void hvc_rx_resume(struct hvc_port *p);
/* Received bytes on a port with no consumer: the hook may claim it (one hook, the console
 * manager). Context: the receive task. */
void hvc_set_unclaimed_hook(void (*fn)(struct hvc_port *p));

/* The terminal size the device reports for this port: true and *rows, *cols, or false. */
bool hvc_get_size(const struct hvc_port *p, int *rows, int *cols);
/* Called when the device reports a new size. Context: any (IRQ for config changes). */
void hvc_set_resize_hook(struct hvc_port *p, void (*fn)(void *ctx), void *ctx);

/* Whether kernel log lines are written raw to hvc0 (until a console there shows them itself). */
void hvc_log_enable(struct hvc_port *p, bool on);

struct hvc_stats {
	uint64_t rx_bytes, tx_bytes, tx_dropped, rx_held; /* rx_held: times input waited for room */
};
void hvc_get_stats(const struct hvc_port *p, struct hvc_stats *out);

/* ---- control messages (VIRTIO_CONSOLE_F_MULTIPORT), plain C ---- */

#define VCON_DEVICE_READY 0
#define VCON_PORT_ADD 1
#define VCON_PORT_REMOVE 2
#define VCON_PORT_READY 3
#define VCON_CONSOLE_PORT 4
#define VCON_RESIZE 5
#define VCON_PORT_OPEN 6
#define VCON_PORT_NAME 7
#define VCON_CTRL_BYTES 8 /* le32 id, le16 event, le16 value */

struct vcon_ctrl {
	uint32_t id;
	uint16_t event, value;
	uint16_t cols, rows; /* VCON_RESIZE */
};

/* Decode one control message the device wrote (len bytes). 0 and *out, or -EINVAL (too short,
 * unknown event, a RESIZE without its size or with a zero one). */
int vcon_ctrl_parse(const uint8_t *buf, uint32_t len, struct vcon_ctrl *out);
/* Encode a driver-to-device message into out[VCON_CTRL_BYTES]. */
void vcon_ctrl_encode(uint32_t id, uint16_t event, uint16_t value, uint8_t out[VCON_CTRL_BYTES]);

#endif /* KEEL_DRIVERS_VIRTIO_CONSOLE_H */

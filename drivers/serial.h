/*
 * The full serial driver: wraps the basic 16550 driver (which keeps serving the panic path) with
 * interrupt-driven receive through a deferred IRQ task per port, a transmit ring drained by the
 * THRE interrupt (writers block when it is full; nothing is dropped), per-port statistics, and
 * the I/O layer's stream interface. COM1-COM4 are probed; COM1/COM3 share IRQ 4 and COM2/COM4
 * share IRQ 3. Other 16550s (PCI cards: drivers/serial_pci.c) join with serial_add_port() as
 * pci0, pci1, ... and behave the same. Received bytes go to the port's consumer (a console), or to the unclaimed-input
 * hook that lets the console manager claim the port, or wait in the ring for stream readers.
 */
#ifndef KEEL_DRIVERS_SERIAL_H
#define KEEL_DRIVERS_SERIAL_H

#include <stdbool.h>
#include <stdint.h>

#include <keel/dirq.h>
#include <keel/ring.h>
#include <keel/spinlock.h>
#include <keel/waitqueue.h>

#include "drivers/uart16550.h"
#include "io/stream.h"

#define SERIAL_COM_PORTS 4 /* com1-com4: indices 0-3 */
#define SERIAL_EXTRA_PORTS 8 /* pci0-pci7: indices 4-11 */
#define SERIAL_PORTS (SERIAL_COM_PORTS + SERIAL_EXTRA_PORTS)
#define SERIAL_RX_RING 8192
#define SERIAL_TX_RING 8192

struct serial_stats {
	uint64_t rx_bytes, tx_bytes;
	uint64_t overrun, parity, framing, breaks;
	uint64_t rx_dropped;  /* ring full when the FIFO was drained (0 with flow control working) */
	uint64_t rx_throttles; /* times the ring filled and receiving was paused (RX interrupt masked) */
	uint32_t rx_high, tx_high; /* ring high-water marks */
	uint64_t irqs, tx_waits;
	uint32_t rx_queued;   /* received bytes waiting for the consumer now */
	bool rx_paused;       /* receiving is paused now (flow control) */
};

struct serial_rx_event {
	uint32_t bytes; /* bytes the top half moved into the ring */
};

DIRQ_DEFINE(serial_rx_dirq, struct serial_rx_event);

struct serial_port;

/* Receives bytes in order and returns how many it took (0..n). Bytes it does not take stay in the
 * port's ring and are offered again after serial_rx_resume(); while they wait the ring fills, and
 * then the port stops draining its FIFO (RX interrupt masked, RTS dropped with rtscts), which
 * back-pressures the sender instead of dropping anything. Context: the port's bottom-half task;
 * it must not block. */
typedef uint32_t (*serial_consumer_fn)(struct serial_port *p, const uint8_t *buf, uint32_t n, void *ctx);

struct serial_port {
	struct uart16550 uart;
	char name[8];
	unsigned index, irq;
	bool present;
	struct spinlock lock; /* rings, IER, stats, waiters; taken in the top half */
	struct byte_ring rx, tx;
	bool tx_active; /* the THRE interrupt is enabled and will drain the ring */
	bool rx_paused; /* the RX ring was full: RX interrupt masked (and RTS dropped) until it drains */
	struct waitqueue tx_wait, rx_wait;
	struct serial_rx_dirq dirq;
	serial_consumer_fn consumer;
	void *consumer_ctx;
	bool stream_mode; /* no consumer: bytes wait for stream readers, no console is started */
	struct io_stream stream; /* read (when no consumer), write, flush */
	struct serial_stats stats;
	uint8_t rx_buf[SERIAL_RX_RING];
	uint8_t tx_buf[SERIAL_TX_RING];
};

struct serial_port *serial_port(unsigned index); /* NULL if absent */
unsigned serial_port_count(void);                 /* ports present */

/* Add a 16550 found on some bus: *access says how its registers are reached (uart16550.h: a port
 * base, or io ops with mmio/reg_shift), `irq` is the IRQ-layer line it interrupts on (shared lines
 * are fine), `where` describes it for the log ("00:03.0 BAR0+8"). It is probed and set up with the
 * line settings of keel.serial= and keel.<name>=, then becomes the next free pciN port. The port;
 * NULL with *err set: -ENOSPC (all SERIAL_EXTRA_PORTS in use), -ENODEV / -EIO (probe failed),
 * -ENOMEM, or an IRQ registration error. When keel.console= lists it before every other serial port
 * present, or no port has the kernel log, the log moves to it (the log ring's lines first).
 * Context: task (PCI probing runs in the settle task, after "boot complete"). */
struct serial_port *serial_add_port(const struct uart16550 *access, unsigned irq, const char *where, int *err);

/* Write all n bytes: queued for the THRE interrupt, blocking while the ring is full. From IRQ
 * context, before the scheduler runs, or with interrupts off it never blocks: it drains the ring
 * by polling instead. Output keeps its order and is never dropped. Returns n or -ENODEV. */
int64_t serial_write(struct serial_port *p, const void *buf, uint32_t n);
/* Wait until everything queued has left the transmitter. */
int serial_flush(struct serial_port *p);

/* Route received bytes to fn (NULL: back to the unclaimed state). */
void serial_set_consumer(struct serial_port *p, serial_consumer_fn fn, void *ctx);

/* The consumer has room again: offer it the waiting bytes. Context: task or IRQ. */
void serial_rx_resume(struct serial_port *p);

/* Claim the port for readers of p->stream (on) or give it back (off). While claimed and without
 * a consumer, received bytes wait in the ring for io_stream_read(). */
void serial_set_stream_mode(struct serial_port *p, bool on);

/* Called from a port's bottom half when bytes arrive and the port has no consumer; it may claim
 * the port with serial_set_consumer(). One hook (the console manager). */
void serial_set_unclaimed_hook(void (*fn)(struct serial_port *p));

/* Whether kernel log lines are written raw to the log port (a console on that port turns this off
 * and shows them above its prompt instead). */
void serial_log_enable(bool on);
/* The port the raw log goes to (COM1, or the one the ACPI SPCR named), or NULL. */
struct serial_port *serial_log_port(void);

void serial_get_stats(const struct serial_port *p, struct serial_stats *out);

/* Parse "115200", "115200,8N1", "9600,7E2" into cfg (starting from its current values).
 * 0 or -EINVAL. Plain C (host-tested). */
int serial_parse_config(const char *s, struct uart_config *cfg);

#endif /* KEEL_DRIVERS_SERIAL_H */

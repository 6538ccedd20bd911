/*
 * The full serial driver (see serial.h). The top half (Context: IRQ) loops on the interrupt
 * identification register until the port has nothing pending: it drains the receive FIFO into the
 * port's ring noting line errors, refills the transmit FIFO from the TX ring (switching the THRE
 * interrupt off when the ring runs dry) and posts one event per burst to the port's deferred IRQ
 * task. The bottom half hands the ring's bytes to the consumer. Writers copy into the TX ring and
 * turn the THRE interrupt on; a full ring blocks them on a wait queue, or, where blocking is not
 * allowed, is drained by polling, so output is never dropped and keeps its order.
 * Lock order: the port spinlock is innermost; consumers are called without it. The port table,
 * the ports' boot and the log sink are in serial_ports.c.
 */
#include <keel/assert.h>
#include <keel/context.h>
#include <keel/cpu.h>
#include <keel/errno.h>
#include <keel/format.h>
#include <keel/irq.h>
#include <keel/log.h>
#include <keel/sched.h>
#include <keel/task.h>
#include <string.h>

#include "drivers/serial.h"
#include "drivers/serial_internal.h"

#define IER_RX 0x01
#define IER_THRE 0x02
#define IER_LSR 0x04
#define SERIAL_FIFO 16
#define SERIAL_TOP_ROUNDS 32
#define SERIAL_POLL_SPINS 2000000ul

static void (*serial_unclaimed)(struct serial_port *p);

void serial_set_unclaimed_hook(void (*fn)(struct serial_port *p))
{
	serial_unclaimed = fn;
}

void serial_get_stats(const struct serial_port *p, struct serial_stats *out)
{
	uint64_t flags = spin_lock_irqsave((struct spinlock *)&p->lock);

	*out = p->stats;
	out->rx_queued = byte_ring_used(&p->rx);
	out->rx_paused = p->rx_paused;
	spin_unlock_irqrestore((struct spinlock *)&p->lock, flags);
}

static void serial_note_lsr(struct serial_port *p, uint8_t lsr)
{
	if (lsr & UART_LSR_OE)
		p->stats.overrun++;
	if (lsr & UART_LSR_PE)
		p->stats.parity++;
	if (lsr & UART_LSR_FE)
		p->stats.framing++;
	if (lsr & UART_LSR_BI)
		p->stats.breaks++;
}

/* The interrupt enable register for the port's state. Port lock held. */
static void serial_update_ier(struct serial_port *p)
{
	spin_assert_held(&p->lock);
	uart_out(&p->uart, UART_IER, (uint8_t)((p->rx_paused ? 0 : IER_RX) | IER_LSR | (p->tx_active ? IER_THRE : 0)));
}

/* Flow control: stop taking bytes from the FIFO (the UART's FIFO fills, QEMU stops reading its
 * backend, a real sender sees RTS drop) or start again. Port lock held. */
static void serial_rx_pause(struct serial_port *p, bool on)
{
	uint8_t mcr;

	spin_assert_held(&p->lock);
	if (p->rx_paused == on)
		return;
	p->rx_paused = on;
	if (on)
		p->stats.rx_throttles++;
	serial_update_ier(p);
	if (p->uart.config.rtscts) {
		mcr = uart_in(&p->uart, UART_MCR);
		uart_out(&p->uart, UART_MCR, (uint8_t)(on ? mcr & ~UART_MCR_RTS : mcr | UART_MCR_RTS));
	}
}

/* The ring has room for a FIFO's worth again (called whenever bytes leave it). Port lock held. */
static void serial_rx_room(struct serial_port *p)
{
	spin_assert_held(&p->lock);
	if (p->rx_paused && byte_ring_free(&p->rx) >= SERIAL_RX_RING / 2)
		serial_rx_pause(p, false); /* re-enabling RX with data waiting raises the interrupt */
}

/* Move the receive FIFO into the ring, as far as it has room. Context: IRQ, port lock held. */
static uint32_t serial_drain_rx(struct serial_port *p)
{
	const struct uart16550 *u = &p->uart;
	uint32_t moved = 0;

	spin_assert_held(&p->lock);
	for (int i = 0; i < 256; i++) {
		uint8_t lsr = uart_in(u, UART_LSR), c;

		if (!(lsr & UART_LSR_DR))
			break;
		if (byte_ring_free(&p->rx) == 0) {
			serial_rx_pause(p, true); /* the rest waits in the FIFO */
			break;
		}
		serial_note_lsr(p, lsr);
		c = uart_in(u, UART_RBR);
		p->stats.rx_bytes++;
		if (byte_ring_put(&p->rx, c))
			moved++;
		else
			p->stats.rx_dropped++;
	}
	if (byte_ring_used(&p->rx) > p->stats.rx_high)
		p->stats.rx_high = byte_ring_used(&p->rx);
	return moved;
}

/* Refill the transmit FIFO; stop the THRE interrupt when the ring is empty. Port lock held. */
static void serial_fill_tx(struct serial_port *p)
{
	const struct uart16550 *u = &p->uart;
	int n = 0;
	uint8_t c;

	spin_assert_held(&p->lock);
	if (!(uart_in(u, UART_LSR) & UART_LSR_THRE))
		return;
	while (n < SERIAL_FIFO && byte_ring_get(&p->tx, &c)) {
		uart_out(u, UART_THR, c);
		n++;
	}
	p->stats.tx_bytes += (uint64_t)n;
	if (byte_ring_used(&p->tx) == 0 && p->tx_active) {
		p->tx_active = false;
		serial_update_ier(p);
	}
	if (n)
		waitqueue_wake_all(&p->tx_wait);
}

/* Context: IRQ; must not block. */
static void serial_top(struct serial_rx_dirq *d, void *ctx)
{
	struct serial_port *p = ctx;
	const struct uart16550 *u = &p->uart;
	uint32_t moved = 0;
	uint64_t flags = spin_lock_irqsave(&p->lock);

	(void)d;
	for (int round = 0; round < SERIAL_TOP_ROUNDS; round++) {
		uint8_t iir = uart_in(u, UART_IIR);

		if (iir & 0x01)
			break; /* nothing pending on this port (the line may be shared) */
		switch (iir & 0x0E) {
		case 0x06:
			serial_note_lsr(p, uart_in(u, UART_LSR));
			break;
		case 0x04:
		case 0x0C:
			moved += serial_drain_rx(p);
			break;
		case 0x02:
			serial_fill_tx(p);
			break;
		default:
			(void)uart_in(u, UART_MSR);
			break;
		}
	}
	p->stats.irqs++;
	spin_unlock_irqrestore(&p->lock, flags);
	if (moved) {
		struct serial_rx_event ev = { moved };

		serial_rx_dirq_post(&p->dirq, &ev);
	}
}

/* Offer the ring's bytes to the consumer until it is empty or the consumer is full. Context: the
 * port's bottom-half task. */
static void serial_bottom(struct serial_rx_dirq *d, const struct serial_rx_event *ev, void *ctx)
{
	struct serial_port *p = ctx;
	uint8_t buf[256];

	(void)d;
	(void)ev;
	if (!p->consumer && !p->stream_mode && serial_unclaimed)
		serial_unclaimed(p);
	for (;;) {
		uint64_t flags = spin_lock_irqsave(&p->lock);
		serial_consumer_fn fn = p->consumer;
		void *fctx = p->consumer_ctx;
		uint32_t n, took;

		if (!fn) {
			waitqueue_wake_all(&p->rx_wait); /* stream readers take the bytes */
			spin_unlock_irqrestore(&p->lock, flags);
			return;
		}
		n = byte_ring_peek(&p->rx, 0, buf, sizeof(buf));
		spin_unlock_irqrestore(&p->lock, flags);
		if (n == 0)
			return;
		took = fn(p, buf, n, fctx);
		ASSERT(took <= n);
		flags = spin_lock_irqsave(&p->lock);
		byte_ring_skip(&p->rx, took);
		serial_rx_room(p);
		spin_unlock_irqrestore(&p->lock, flags);
		if (took == 0)
			return; /* the consumer is full: serial_rx_resume() brings us back */
	}
}

/* Always a new pass of the bottom half (never a flag the consumer could race with: it may make
 * room before the bottom half has even returned from offering the bytes it refused). */
void serial_rx_resume(struct serial_port *p)
{
	struct serial_rx_event ev = { 0 };

	serial_rx_dirq_post(&p->dirq, &ev); /* a full event queue means a pass is coming anyway */
}

void serial_set_stream_mode(struct serial_port *p, bool on)
{
	p->stream_mode = on;
}

void serial_set_consumer(struct serial_port *p, serial_consumer_fn fn, void *ctx)
{
	uint64_t flags = spin_lock_irqsave(&p->lock);

	p->consumer = fn;
	p->consumer_ctx = ctx;
	spin_unlock_irqrestore(&p->lock, flags);
}

/* Push one byte out by polling (the ring is full and we may not block). Port lock held. */
static void serial_poll_one(struct serial_port *p)
{
	uint8_t c;

	spin_assert_held(&p->lock);
	for (unsigned long i = 0; i < SERIAL_POLL_SPINS; i++) {
		if (uart_in(&p->uart, UART_LSR) & UART_LSR_THRE)
			break;
		cpu_pause();
	}
	if (byte_ring_get(&p->tx, &c)) {
		uart_out(&p->uart, UART_THR, c);
		p->stats.tx_bytes++;
	}
}

int64_t serial_write(struct serial_port *p, const void *buf, uint32_t n)
{
	const uint8_t *b = buf;
	uint32_t done = 0;
	uint64_t flags;

	if (!p || !p->present)
		return -ENODEV;
	flags = spin_lock_irqsave(&p->lock);
	while (done < n) {
		uint32_t k = byte_ring_write(&p->tx, b + done, n - done);

		done += k;
		if (byte_ring_used(&p->tx) > p->stats.tx_high)
			p->stats.tx_high = byte_ring_used(&p->tx);
		if (!p->tx_active && byte_ring_used(&p->tx)) {
			p->tx_active = true;
			/* Enabling THRE with an empty transmitter raises the interrupt at once. */
			serial_update_ier(p);
		}
		if (done == n)
			break;
		p->stats.tx_waits++;
		if (sched_started() && !in_irq() && (flags & (1u << 9)) && spinlock_held_count() == 1)
			waitqueue_wait(&p->tx_wait, &p->lock, &flags);
		else
			serial_poll_one(p);
	}
	spin_unlock_irqrestore(&p->lock, flags);
	return n;
}

int serial_flush(struct serial_port *p)
{
	for (;;) {
		uint64_t flags = spin_lock_irqsave(&p->lock);
		bool empty = byte_ring_used(&p->tx) == 0 && (uart_in(&p->uart, UART_LSR) & UART_LSR_TEMT);

		spin_unlock_irqrestore(&p->lock, flags);
		if (empty)
			return 0;
		if (sched_started() && !in_irq())
			task_sleep_ms(1);
		else
			cpu_pause();
	}
}

/* ---------------------------------------------------------------- stream */

static int64_t serial_stream_read(void *ctx, void *buf, size_t len)
{
	struct serial_port *p = ctx;
	uint64_t flags;
	uint32_t n;

	if (len == 0)
		return 0;
	flags = spin_lock_irqsave(&p->lock);
	while (byte_ring_used(&p->rx) == 0)
		waitqueue_wait(&p->rx_wait, &p->lock, &flags);
	n = byte_ring_read(&p->rx, buf, len > UINT32_MAX ? UINT32_MAX : (uint32_t)len);
	serial_rx_room(p);
	spin_unlock_irqrestore(&p->lock, flags);
	return n;
}

static int64_t serial_stream_write(void *ctx, const void *buf, size_t len)
{
	const uint8_t *b = buf;
	size_t done = 0;

	while (done < len) {
		uint32_t k = len - done > 65536 ? 65536 : (uint32_t)(len - done);
		int64_t r = serial_write(ctx, b + done, k);

		if (r < 0)
			return r;
		done += k;
	}
	return (int64_t)len;
}

static int serial_stream_flush(void *ctx)
{
	return serial_flush(ctx);
}

static const struct io_stream_ops serial_stream_ops = {
	.read = serial_stream_read,
	.write = serial_stream_write,
	.flush = serial_stream_flush,
};

int serial_port_start(struct serial_port *p, unsigned irq)
{
	char dname[DIRQ_NAME_MAX];
	uint64_t flags;
	int ret;

	p->irq = irq;
	p->lock = (struct spinlock)SPINLOCK_INIT("serial");
	byte_ring_init(&p->rx, p->rx_buf, SERIAL_RX_RING);
	byte_ring_init(&p->tx, p->tx_buf, SERIAL_TX_RING);
	waitqueue_init(&p->tx_wait);
	waitqueue_init(&p->rx_wait);
	p->stream = (struct io_stream){ &serial_stream_ops, p };
	p->present = true;
	keel_snprintf(dname, sizeof(dname), "%s-rx", p->name);
	ret = serial_rx_dirq_register(&p->dirq, dname, irq, serial_top, serial_bottom, p, 64, DIRQ_IMMEDIATE);
	if (ret) {
		p->present = false;
		pr_err("serial", "%s: IRQ %u: %s", p->name, irq, keel_strerror(ret));
		return ret;
	}
	flags = spin_lock_irqsave(&p->lock);
	for (unsigned i = 0; i < p->uart.npending; i++)
		(void)byte_ring_put(&p->rx, p->uart.pending[i]);
	p->stats.rx_bytes += p->uart.npending;
	serial_update_ier(p);
	spin_unlock_irqrestore(&p->lock, flags);
	if (p->uart.npending) {
		struct serial_rx_event ev = { p->uart.npending };

		p->uart.npending = 0;
		serial_rx_dirq_post(&p->dirq, &ev); /* the bottom half offers them like any input */
	}
	return 0;
}

/*
 * In-kernel test of a serial port whose registers are reached through a uart_io_ops table (the
 * path memory-mapped PCI UARTs take; QEMU's pci-serial has an I/O BAR, so the test swaps pci0's
 * accessor for a counting ops table over the same ports). Explicit: test_pci.py boots it with a
 * pci-serial card. With the UART in loopback, 4000 bytes written through the driver's transmit
 * ring come back through its receive interrupts and stream, byte for byte, every register access
 * going through the table.
 */
#include <keel/errno.h>
#include <keel/ktest.h>
#include <string.h>

#include "drivers/serial.h"

struct counting_io {
	unsigned reads, writes;
};

static struct counting_io counting;

static uint8_t counting_read(const struct uart16550 *u, unsigned reg)
{
	__atomic_add_fetch(&counting.reads, 1, __ATOMIC_RELAXED);
	return inb((uint16_t)(u->base + (reg << u->reg_shift)));
}

static void counting_write(const struct uart16550 *u, unsigned reg, uint8_t v)
{
	__atomic_add_fetch(&counting.writes, 1, __ATOMIC_RELAXED);
	outb((uint16_t)(u->base + (reg << u->reg_shift)), v);
}

static const struct uart_io_ops counting_ops = { counting_read, counting_write };

static void port_access(struct serial_port *p, const struct uart_io_ops *io, bool loop)
{
	uint64_t flags = spin_lock_irqsave(&p->lock);
	uint8_t mcr;

	p->uart.io = io;
	mcr = uart_in(&p->uart, UART_MCR);
	uart_out(&p->uart, UART_MCR, (uint8_t)(loop ? mcr | UART_MCR_LOOP : mcr & ~UART_MCR_LOOP));
	spin_unlock_irqrestore(&p->lock, flags);
}

KTEST_EXPLICIT(serial_io_ops)
{
	static uint8_t out[4000], in[4000];
	struct serial_port *p = NULL;
	struct serial_stats st;

	for (unsigned i = SERIAL_COM_PORTS; i < SERIAL_PORTS && !p; i++)
		if (serial_port(i) && strcmp(serial_port(i)->name, "pci0") == 0)
			p = serial_port(i);
	KT_ASSERT(p);
	KT_ASSERT(!p->uart.io); /* pci-serial: an I/O BAR, the inline path */
	for (unsigned i = 0; i < sizeof(out); i++)
		out[i] = (uint8_t)(i * 7 + (i >> 8));
	serial_set_stream_mode(p, true);
	port_access(p, &counting_ops, true);
	KT_EXPECT_EQ(serial_write(p, out, sizeof(out)), sizeof(out));
	KT_EXPECT_EQ(io_stream_read_full(&p->stream, in, sizeof(in)), sizeof(in));
	KT_EXPECT(memcmp(in, out, sizeof(in)) == 0);
	serial_flush(p);
	port_access(p, NULL, false);
	serial_set_stream_mode(p, false);
	KT_EXPECT(counting.writes >= sizeof(out));
	KT_EXPECT(counting.reads >= sizeof(in));
	serial_get_stats(p, &st);
	KT_EXPECT(st.rx_bytes >= sizeof(in) && st.tx_bytes >= sizeof(out) && st.irqs > 0);
	KT_EXPECT_EQ(st.rx_dropped, 0);
}

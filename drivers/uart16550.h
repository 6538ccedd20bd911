/*
 * The basic 16550 UART driver, part of nano_core: probe, init and polled byte I/O with bounded
 * waits. It has no dependencies (no locks, no interrupts, no heap), so the early log and the panic
 * path can always use it; the full serial driver (drivers/serial*) wraps it.
 */
#ifndef KEEL_UART16550_H
#define KEEL_UART16550_H

#include <stdbool.h>
#include <stdint.h>

#include <keel/compiler.h>
#include <keel/cpu.h>

#define UART_COM1 0x3F8
#define UART_COM2 0x2F8
#define UART_COM3 0x3E8
#define UART_COM4 0x2E8

/* Register offsets from the base port. */
#define UART_RBR 0 /* receive buffer (read, DLAB=0) */
#define UART_THR 0 /* transmit holding (write, DLAB=0) */
#define UART_DLL 0 /* divisor latch low (DLAB=1) */
#define UART_IER 1 /* interrupt enable (DLAB=0) */
#define UART_DLM 1 /* divisor latch high (DLAB=1) */
#define UART_IIR 2 /* interrupt identification (read) */
#define UART_FCR 2 /* FIFO control (write) */
#define UART_LCR 3 /* line control */
#define UART_MCR 4 /* modem control */
#define UART_LSR 5 /* line status */
#define UART_MSR 6 /* modem status */
#define UART_SCR 7 /* scratch */

#define UART_LSR_DR (1u << 0)   /* data ready */
#define UART_LSR_OE (1u << 1)   /* overrun error */
#define UART_LSR_PE (1u << 2)   /* parity error */
#define UART_LSR_FE (1u << 3)   /* framing error */
#define UART_LSR_BI (1u << 4)   /* break interrupt */
#define UART_LSR_THRE (1u << 5) /* transmit holding register empty */
#define UART_LSR_TEMT (1u << 6) /* transmitter empty */

#define UART_MCR_DTR (1u << 0)
#define UART_MCR_RTS (1u << 1)
#define UART_MCR_OUT2 (1u << 3) /* gates the IRQ line on PCs */
#define UART_MCR_LOOP (1u << 4)

/* Line settings. Parity: 'N', 'E', 'O'. */
struct uart_config {
	uint32_t baud;
	uint8_t data_bits;
	uint8_t stop_bits;
	char parity;
	bool rtscts; /* hardware flow control: RTS dropped while Keel cannot take more input */
};

#define UART_CONFIG_DEFAULT ((struct uart_config){ 115200, 8, 1, 'N', false })

/* Field by field: the struct has padding, which memcmp would compare too. */
static inline bool uart_config_equal(const struct uart_config *a, const struct uart_config *b)
{
	return a->baud == b->baud && a->data_bits == b->data_bits && a->stop_bits == b->stop_bits &&
	       a->parity == b->parity;
}

struct uart16550;

/* Register access for a UART that is not at an x86 I/O port base (a memory-mapped one, or one
 * behind some other bus): `reg` is the 16550 register number (UART_*). Context: any. */
struct uart_io_ops {
	uint8_t (*read)(const struct uart16550 *u, unsigned reg);
	void (*write)(const struct uart16550 *u, unsigned reg, uint8_t v);
};

/* Memory-mapped registers at u->mmio, register n at byte n << u->reg_shift. */
extern const struct uart_io_ops uart_mmio_ops;

#define UART_PENDING_MAX 16 /* a 16550's receive FIFO */

struct uart16550 {
	uint16_t base;                /* I/O port base (io == NULL) */
	bool present;
	uint8_t tx_burst;             /* bytes that fit when THRE is set: 16 with a working FIFO, else 1 */
	uint8_t reg_shift;            /* for io ops: register stride is 1 << reg_shift bytes */
	const struct uart_io_ops *io; /* NULL: port I/O at base, inline (COM1's path) */
	volatile uint8_t *mmio;       /* for io ops */
	struct uart_config config;
	/* Bytes the receiver held when uart_setup() took the port (typed before its driver ran, e.g.
	 * while PCI ports are still being probed): kept here, not cleared with the FIFO; the full
	 * serial driver moves them into its receive ring. */
	uint8_t pending[UART_PENDING_MAX];
	uint8_t npending;
};

static inline uint8_t uart_in(const struct uart16550 *u, unsigned reg)
{
	if (KEEL_LIKELY(!u->io))
		return inb((uint16_t)(u->base + reg));
	return u->io->read(u, reg);
}

static inline void uart_out(const struct uart16550 *u, unsigned reg, uint8_t v)
{
	if (KEEL_LIKELY(!u->io))
		outb((uint16_t)(u->base + reg), v);
	else
		u->io->write(u, reg, v);
}

/* Probe the port: -ENODEV when absent (bus reads 0xFF or the scratch register does not hold a
 * value), -EIO when the loopback self-test fails. Never blocks for long. */
int uart_probe(uint16_t base);
/* The same for a UART whose access (base, or io/mmio/reg_shift) *u already describes. */
int uart_probe_dev(const struct uart16550 *u);

/* Probe and program the port (baud divisor, line settings, FIFOs on, interrupts off). */
int uart_init(struct uart16550 *u, uint16_t base, const struct uart_config *cfg);
/* The same for a UART whose access *u already describes (see uart_probe_dev). */
int uart_setup(struct uart16550 *u, const struct uart_config *cfg);

/* Validate a configuration: 0 or -EINVAL. */
int uart_config_check(const struct uart_config *cfg);

/* Write one byte, waiting a bounded time for the transmitter. Lock-free; safe in any context.
 * Returns 0 or -ETIMEDOUT (the byte was dropped: a stuck or absent port never hangs us). */
int uart_putc(const struct uart16550 *u, uint8_t c);

/* Write a buffer; "\n" is sent as "\r\n" when crlf is true. */
void uart_write(const struct uart16550 *u, const char *s, unsigned long n, bool crlf);

/* Read one byte if one is waiting: the byte (0..255) or -EAGAIN. */
int uart_getc_nowait(const struct uart16550 *u);

/* Wait up to about `spins` polls for a byte: the byte or -ETIMEDOUT. */
int uart_getc_timeout(const struct uart16550 *u, unsigned long spins);

/* The console port nano_core logs to (COM1 when present); NULL when there is none. */
const struct uart16550 *uart_console(void);
void uart_set_console(const struct uart16550 *u);

#endif /* KEEL_UART16550_H */

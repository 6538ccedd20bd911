/*
 * The basic 16550 UART driver (nano_core). Probing writes the scratch register and runs a
 * loopback self-test, so an absent port is reported instead of hung on; every wait is bounded.
 * No locks and no interrupts: the panic path calls uart_putc() with interrupts off. Registers are
 * reached through uart_in/uart_out: port I/O inline for ISA ports, an ops table otherwise
 * (uart_mmio_ops for memory-mapped UARTs such as PCI cards with a memory BAR).
 */
#include "drivers/uart16550.h"

#include <keel/cpu.h>
#include <keel/errno.h>

#define UART_CLOCK 115200u
#define UART_TX_SPINS 200000ul /* about 100 ms of polling on slow hardware */

static const struct uart16550 *uart_console_port;

int uart_config_check(const struct uart_config *cfg)
{
	if (cfg->baud == 0 || cfg->baud > UART_CLOCK || UART_CLOCK % cfg->baud != 0)
		return -EINVAL;
	if (cfg->data_bits < 5 || cfg->data_bits > 8)
		return -EINVAL;
	if (cfg->stop_bits != 1 && cfg->stop_bits != 2)
		return -EINVAL;
	if (cfg->parity != 'N' && cfg->parity != 'E' && cfg->parity != 'O')
		return -EINVAL;
	return 0;
}

static uint8_t uart_mmio_read(const struct uart16550 *u, unsigned reg)
{
	return u->mmio[reg << u->reg_shift];
}

static void uart_mmio_write(const struct uart16550 *u, unsigned reg, uint8_t v)
{
	u->mmio[reg << u->reg_shift] = v;
}

const struct uart_io_ops uart_mmio_ops = { uart_mmio_read, uart_mmio_write };

int uart_probe(uint16_t base)
{
	struct uart16550 u = { .base = base };

	return uart_probe_dev(&u);
}

int uart_probe_dev(const struct uart16550 *u)
{
	uint8_t saved_mcr, saved_ier;
	int ret = 0;

	if (uart_in(u, UART_LSR) == 0xFF && uart_in(u, UART_IIR) == 0xFF)
		return -ENODEV;
	uart_out(u, UART_SCR, 0x5A);
	if (uart_in(u, UART_SCR) != 0x5A)
		return -ENODEV;
	uart_out(u, UART_SCR, 0xA5);
	if (uart_in(u, UART_SCR) != 0xA5)
		return -ENODEV;

	/* Loopback self-test: what we send must come back. */
	saved_mcr = uart_in(u, UART_MCR);
	saved_ier = uart_in(u, UART_IER);
	uart_out(u, UART_IER, 0);
	uart_out(u, UART_MCR, UART_MCR_LOOP | UART_MCR_RTS | UART_MCR_DTR);
	for (int i = 0; i < 16 && (uart_in(u, UART_LSR) & UART_LSR_DR); i++)
		(void)uart_in(u, UART_RBR);
	uart_out(u, UART_THR, 0xAE);
	ret = -EIO;
	for (unsigned long spins = 0; spins < UART_TX_SPINS; spins++) {
		if (uart_in(u, UART_LSR) & UART_LSR_DR) {
			ret = uart_in(u, UART_RBR) == 0xAE ? 0 : -EIO;
			break;
		}
		cpu_pause();
	}
	uart_out(u, UART_MCR, saved_mcr);
	uart_out(u, UART_IER, saved_ier);
	return ret;
}

int uart_init(struct uart16550 *u, uint16_t base, const struct uart_config *cfg)
{
	u->base = base;
	u->io = NULL;
	u->mmio = NULL;
	u->reg_shift = 0;
	return uart_setup(u, cfg);
}

int uart_setup(struct uart16550 *u, const struct uart_config *cfg)
{
	uint16_t divisor;
	uint8_t lcr;
	int ret;

	u->present = false;
	u->npending = 0;
	ret = uart_config_check(cfg);
	if (ret)
		return ret;
	/* What was typed before the port was set up would be lost to the self-test and the FIFO
	 * clear: keep it (an absent port reads LSR 0xFF). */
	for (uint8_t lsr; u->npending < UART_PENDING_MAX && (lsr = uart_in(u, UART_LSR)) != 0xFF && (lsr & UART_LSR_DR);)
		u->pending[u->npending++] = uart_in(u, UART_RBR);
	ret = uart_probe_dev(u);
	if (ret)
		return ret;

	divisor = (uint16_t)(UART_CLOCK / cfg->baud);
	lcr = (uint8_t)(cfg->data_bits - 5);
	if (cfg->stop_bits == 2)
		lcr |= 1u << 2;
	if (cfg->parity == 'O')
		lcr |= 1u << 3;
	else if (cfg->parity == 'E')
		lcr |= (1u << 3) | (1u << 4);

	uart_out(u, UART_IER, 0);
	uart_out(u, UART_LCR, 0x80); /* DLAB */
	uart_out(u, UART_DLL, (uint8_t)divisor);
	uart_out(u, UART_DLM, (uint8_t)(divisor >> 8));
	uart_out(u, UART_LCR, lcr);
	uart_out(u, UART_FCR, 0x47); /* enable and clear FIFOs; RX trigger at 4 bytes leaves 12 of headroom */
	uart_out(u, UART_MCR, UART_MCR_DTR | UART_MCR_RTS | UART_MCR_OUT2);
	/* IIR bits 7:6 read 11 when the FIFOs are really on (a 16550A); a 16450 has none. */
	u->tx_burst = (uart_in(u, UART_IIR) & 0xC0) == 0xC0 ? 16 : 1;
	u->config = *cfg;
	u->present = true;
	return 0;
}

int uart_putc(const struct uart16550 *u, uint8_t c)
{
	if (!u || !u->present)
		return -ENODEV;
	for (unsigned long spins = 0; spins < UART_TX_SPINS; spins++) {
		if (uart_in(u, UART_LSR) & UART_LSR_THRE) {
			uart_out(u, UART_THR, c);
			return 0;
		}
		cpu_pause();
	}
	return -ETIMEDOUT;
}

/* Wait (bounded) for THRE: the transmitter, and its FIFO, is empty. */
static bool uart_wait_thre(const struct uart16550 *u)
{
	for (unsigned long spins = 0; spins < UART_TX_SPINS; spins++) {
		if (uart_in(u, UART_LSR) & UART_LSR_THRE)
			return true;
		cpu_pause();
	}
	return false;
}

/* With THRE set the FIFO takes tx_burst bytes without another status read: one LSR read per 16
 * bytes instead of per byte (each port access is a VM exit under a hypervisor). */
void uart_write(const struct uart16550 *u, const char *s, unsigned long n, bool crlf)
{
	unsigned room = 0;
	bool cr_sent = false;

	if (!u || !u->present)
		return;
	for (unsigned long i = 0; i < n;) {
		if (room == 0) {
			if (!uart_wait_thre(u))
				return;
			room = u->tx_burst ? u->tx_burst : 1;
		}
		if (crlf && s[i] == '\n' && !cr_sent) {
			uart_out(u, UART_THR, '\r');
			cr_sent = true;
		} else {
			uart_out(u, UART_THR, (uint8_t)s[i++]);
			cr_sent = false;
		}
		room--;
	}
}

int uart_getc_nowait(const struct uart16550 *u)
{
	if (!u || !u->present)
		return -ENODEV;
	if (uart_in(u, UART_LSR) & UART_LSR_DR)
		return uart_in(u, UART_RBR);
	return -EAGAIN;
}

int uart_getc_timeout(const struct uart16550 *u, unsigned long spins)
{
	for (unsigned long i = 0; i < spins; i++) {
		int c = uart_getc_nowait(u);

		if (c != -EAGAIN)
			return c;
		cpu_pause();
	}
	return -ETIMEDOUT;
}

const struct uart16550 *uart_console(void)
{
	return uart_console_port;
}

void uart_set_console(const struct uart16550 *u)
{
	uart_console_port = u;
}

/*
 * In-kernel tests of the full serial driver on COM2, whose far end the harness (ktest.py) wires
 * to a host echo peer: bytes written go through the TX ring and the THRE interrupt to the host
 * and come back through the RX interrupt, the deferred IRQ task and the consumer, in order and
 * complete, more than a ring's worth. A writer facing a full ring blocks (the port's IRQ line is
 * masked to hold the ring full) and resumes when it drains. Also the stream interface and the
 * line settings parser.
 */
#include <keel/irq.h>
#include <keel/ktest.h>
#include <keel/spinlock.h>
#include <keel/task.h>
#include <keel/timer.h>
#include <string.h>

#include "drivers/serial.h"

#define LOOP_BYTES 20000

static uint8_t loop_got[LOOP_BYTES];
static volatile uint32_t loop_n;

static uint32_t loop_consumer(struct serial_port *p, const uint8_t *buf, uint32_t n, void *ctx)
{
	(void)p;
	(void)ctx;
	for (uint32_t i = 0; i < n && loop_n < LOOP_BYTES; i++)
		loop_got[loop_n++] = buf[i];
	return n;
}

/* Takes at most 64 bytes per offer, and nothing more until the test resumes the port: the ring
 * fills, the port pauses its FIFO, and the echo peer is held back instead of losing bytes. */
static volatile bool slow_full;

static uint32_t slow_consumer(struct serial_port *p, const uint8_t *buf, uint32_t n, void *ctx)
{
	uint32_t k = n < 64 ? n : 64;

	(void)p;
	(void)ctx;
	if (slow_full)
		return 0;
	for (uint32_t i = 0; i < k && loop_n < LOOP_BYTES; i++)
		loop_got[loop_n++] = buf[i];
	slow_full = true;
	return k;
}

/* After a test, COM2 keeps a consumer that ignores input: with no consumer the console manager
 * would start a console there, and the echo peer would feed its output back to it forever. */
static uint32_t discard_consumer(struct serial_port *p, const uint8_t *buf, uint32_t n, void *ctx)
{
	(void)p;
	(void)buf;
	(void)ctx;
	return n;
}

static uint8_t loop_byte(uint32_t i)
{
	return (uint8_t)(i * 37 + (i >> 7));
}

KTEST(serial_echo_through_irqs)
{
	static uint8_t out[LOOP_BYTES];
	struct serial_port *p = serial_port(1);
	struct serial_stats before, after;
	uint64_t start;

	KT_ASSERT(p != NULL);
	for (uint32_t i = 0; i < LOOP_BYTES; i++)
		out[i] = loop_byte(i);
	loop_n = 0;
	serial_get_stats(p, &before);
	serial_set_consumer(p, loop_consumer, NULL);
	/* In pieces of odd sizes, more than the TX ring holds. */
	for (uint32_t i = 0; i < LOOP_BYTES;) {
		uint32_t k = LOOP_BYTES - i < 1777 ? LOOP_BYTES - i : 1777;

		KT_EXPECT(serial_write(p, out + i, k) == (int64_t)k);
		i += k;
	}
	start = timer_ticks();
	while (loop_n < LOOP_BYTES && timer_ticks() - start < 20000)
		task_sleep_ms(10);
	serial_set_consumer(p, discard_consumer, NULL);
	serial_get_stats(p, &after);
	KT_EXPECT_EQ(loop_n, LOOP_BYTES);
	KT_EXPECT(memcmp(loop_got, out, LOOP_BYTES) == 0);
	KT_EXPECT_EQ(after.tx_bytes - before.tx_bytes, LOOP_BYTES);
	KT_EXPECT_EQ(after.rx_bytes - before.rx_bytes, LOOP_BYTES);
	KT_EXPECT(after.rx_dropped == before.rx_dropped);
	KT_EXPECT_EQ(after.overrun - before.overrun, 0);
	KT_EXPECT(after.irqs > before.irqs);
}

struct blocked_writer {
	struct serial_port *p;
	uint32_t n;
};

static int blocked_writer_fn(void *arg)
{
	struct blocked_writer *w = arg;
	static uint8_t data[SERIAL_TX_RING + 3000];

	for (uint32_t i = 0; i < w->n; i++)
		data[i] = loop_byte(i);
	return serial_write(w->p, data, w->n) == (int64_t)w->n ? 0 : 1;
}

KTEST(serial_writer_blocks_on_full_ring)
{
	struct serial_port *p = serial_port(1);
	struct blocked_writer w = { p, SERIAL_TX_RING + 3000 };
	struct serial_stats before, mid, after;
	struct task *t;
	uint64_t start;
	int value = -1;

	KT_ASSERT(p != NULL);
	loop_n = 0;
	serial_set_consumer(p, loop_consumer, NULL);
	serial_get_stats(p, &before);
	irq_chip()->mask(p->irq); /* nothing drains the ring while the line is masked */
	t = task_spawn("serial-writer", blocked_writer_fn, &w);
	KT_ASSERT(t != NULL);
	task_sleep_ms(50);
	serial_get_stats(p, &mid);
	KT_EXPECT(task_runstate(t) == TASK_BLOCKED);
	KT_EXPECT(mid.tx_waits > before.tx_waits);
	KT_EXPECT(mid.tx_high == SERIAL_TX_RING);
	irq_chip()->unmask(p->irq);
	KT_EXPECT(task_join(t, &value) == 0 && value == 0);
	start = timer_ticks();
	while (loop_n < w.n && timer_ticks() - start < 20000)
		task_sleep_ms(10);
	serial_set_consumer(p, discard_consumer, NULL);
	serial_get_stats(p, &after);
	KT_EXPECT_EQ(loop_n, w.n); /* nothing dropped, in order */
	for (uint32_t i = 0; i < loop_n; i++)
		if (loop_got[i] != loop_byte(i)) {
			KT_EXPECT(!"echoed data differs");
			break;
		}
	KT_EXPECT_EQ(after.tx_bytes - before.tx_bytes, w.n);
}

KTEST(serial_stream_interface)
{
	struct serial_port *p = serial_port(1);
	const char msg[] = "through the stream";
	char back[sizeof(msg)];
	int64_t got = 0;

	KT_ASSERT(p != NULL);
	serial_set_stream_mode(p, true);
	serial_set_consumer(p, NULL, NULL); /* the stream reads what no consumer takes */
	KT_EXPECT(io_stream_write(&p->stream, msg, sizeof(msg)) == (int64_t)sizeof(msg));
	while (got < (int64_t)sizeof(msg)) {
		int64_t r = io_stream_read(&p->stream, back + got, sizeof(back) - (size_t)got);

		KT_ASSERT(r > 0);
		got += r;
	}
	KT_EXPECT(memcmp(back, msg, sizeof(msg)) == 0);
	KT_EXPECT(io_stream_flush(&p->stream) == 0);
	serial_set_consumer(p, discard_consumer, NULL);
	serial_set_stream_mode(p, false);
}

KTEST(serial_backpressure_loses_nothing)
{
	static uint8_t out[LOOP_BYTES];
	struct serial_port *p = serial_port(1);
	struct serial_stats before, after;
	uint64_t start;

	KT_ASSERT(p != NULL);
	for (uint32_t i = 0; i < LOOP_BYTES; i++)
		out[i] = loop_byte(i + 11);
	loop_n = 0;
	slow_full = false;
	serial_get_stats(p, &before);
	serial_set_consumer(p, slow_consumer, NULL);
	KT_EXPECT(serial_write(p, out, LOOP_BYTES) == LOOP_BYTES);
	start = timer_ticks();
	/* Let the ring fill before taking anything more, then drain at 64 bytes per resume. */
	task_sleep_ms(300);
	while (loop_n < LOOP_BYTES && timer_ticks() - start < 30000) {
		slow_full = false;
		serial_rx_resume(p);
		task_sleep_ms(1);
	}
	serial_set_consumer(p, discard_consumer, NULL);
	serial_rx_resume(p);
	serial_get_stats(p, &after);
	KT_EXPECT_EQ(loop_n, LOOP_BYTES);
	KT_EXPECT(memcmp(loop_got, out, LOOP_BYTES) == 0);
	KT_EXPECT(after.rx_dropped == before.rx_dropped);
	KT_EXPECT(after.overrun == before.overrun);
	KT_EXPECT(after.rx_throttles > before.rx_throttles);
}

KTEST(serial_parse_line_settings)
{
	struct uart_config c = UART_CONFIG_DEFAULT;

	KT_EXPECT(serial_parse_config("9600,7E2", &c) == 0);
	KT_EXPECT(c.baud == 9600 && c.data_bits == 7 && c.parity == 'E' && c.stop_bits == 2);
	KT_EXPECT(serial_parse_config("38400", &c) == 0 && c.baud == 38400 && c.data_bits == 7);
	KT_EXPECT(serial_parse_config("115200,8n1", &c) == 0 && c.parity == 'N');
	KT_EXPECT(serial_parse_config("7000", &c) == -EINVAL);     /* does not divide 115200 */
	KT_EXPECT(serial_parse_config("230400", &c) == -EINVAL);   /* faster than the UART clock */
	KT_EXPECT(serial_parse_config("9600,9N1", &c) == -EINVAL);
	KT_EXPECT(serial_parse_config("9600,8X1", &c) == -EINVAL);
	KT_EXPECT(serial_parse_config("9600,8N3", &c) == -EINVAL);
	KT_EXPECT(serial_parse_config("", &c) == -EINVAL);
	KT_EXPECT(serial_parse_config("9600,8N1x", &c) == -EINVAL);

	KT_EXPECT(c.baud == 115200); /* a failed parse leaves the settings alone */
	KT_EXPECT(serial_parse_config("9600,8N1,rts", &c) == -EINVAL && !c.rtscts);
	KT_EXPECT(serial_parse_config("9600,8N1,rtscts", &c) == 0 && c.rtscts && c.baud == 9600);
}

/*
 * The kernel log (keel/log.h). Formats one line at a time into a stack buffer with the
 * timestamp and level, writes it to the console UART (until a console takes COM1 over) and to
 * every registered sink. Sinks are a fixed array filled at boot, read without locks.
 */
#include <keel/cpu.h>
#include <keel/format.h>
#include <keel/log.h>
#include <keel/time.h>
#include <keel/errno.h>

#include <stdarg.h>
#include <string.h>

#include "drivers/uart16550.h"

#define LOG_SINKS_MAX 4

static enum log_level log_max_level = LOG_INFO;
static struct log_sink log_sinks[LOG_SINKS_MAX];
static int log_sink_count;
static int log_uart_direct = 1;

/* Boot-time lines wait here rather than being written out polled: under emulation every byte
 * written to the UART is an exit into the emulator (about 10 us), and the boot's few dozen lines
 * would cost more than the boot itself. The serial driver takes them over (log_handover) into
 * its interrupt-driven transmit ring, so they go out while the machine already runs; a panic,
 * the in-kernel test runner, or a boot with no serial driver writes them out polled first. */
#define LOG_EARLY_BYTES 8192
#define LOG_EARLY_LINES 128
static char log_early[LOG_EARLY_BYTES];
static size_t log_early_len;
static int log_early_on = 1;
static uint8_t log_early_level[LOG_EARLY_LINES]; /* of each buffered line, for log_replay_early */
static unsigned log_early_lines;

/* Firmware can leave the serial terminal with autowrap off (SeaBIOS sends ESC[?7l), which cuts
 * every boot line longer than the screen at the right margin. The first bytes the log sends to
 * the console turn it back on (DECAWM, every terminal's default); sinks never see them. */
static const char log_term_reset[] = "\033[?7h";
static int log_term_reset_sent;

static void log_uart_reset_terminal(void)
{
	if (!log_term_reset_sent && uart_console()) {
		log_term_reset_sent = 1;
		uart_write(uart_console(), log_term_reset, sizeof(log_term_reset) - 1, false);
	}
}

void log_flush_early(void)
{
	uint64_t f = irq_save();

	if (log_early_len && uart_console()) {
		log_uart_reset_terminal();
		uart_write(uart_console(), log_early, log_early_len, false);
	}
	log_early_len = 0;
	log_early_on = 0;
	irq_restore(f);
}

static void log_early_put(enum log_level level, const char *line, size_t n)
{
	uint64_t f = irq_save();

	if (log_early_len + n + 2 > LOG_EARLY_BYTES) { /* full: out with what is there, polled */
		if (uart_console()) {
			log_uart_reset_terminal();
			uart_write(uart_console(), log_early, log_early_len, false);
		}
		log_early_len = 0;
	}
	if (log_early_len == 0)
		log_early_lines = 0;
	memcpy(log_early + log_early_len, line, n);
	memcpy(log_early + log_early_len + n, "\r\n", 2);
	log_early_len += n + 2;
	if (log_early_lines < LOG_EARLY_LINES)
		log_early_level[log_early_lines] = (uint8_t)level;
	log_early_lines++;
	irq_restore(f);
}

void log_replay_early(const struct log_sink *sink)
{
	uint64_t f = irq_save();
	size_t at = 0;

	/* Each line was stored with "\r\n" after it (a line's own text may hold a bare '\n'). */
	for (unsigned i = 0; at < log_early_len; i++) {
		const char *line = log_early + at;
		size_t n = 0;

		while (at + n < log_early_len && !(line[n] == '\r' && at + n + 1 < log_early_len && line[n + 1] == '\n'))
			n++;
		at += n + 2;
		sink->write(sink->ctx, i < LOG_EARLY_LINES ? (enum log_level)log_early_level[i] : LOG_INFO, line, n);
	}
	irq_restore(f);
}

int log_handover(const struct log_sink *sink, void (*raw)(void *ctx, const char *s, size_t n))
{
	uint64_t f = irq_save();
	int ret;

	if (!log_term_reset_sent) {
		log_term_reset_sent = 1;
		raw(sink->ctx, log_term_reset, sizeof(log_term_reset) - 1);
	}
	if (log_early_len)
		raw(sink->ctx, log_early, log_early_len); /* the boot's lines first, in order */
	log_early_len = 0;
	log_early_on = 0;
	ret = log_add_sink(sink);
	if (ret == 0)
		log_uart_direct = 0;
	irq_restore(f);
	return ret;
}

static const char *const log_names[] = { "error", "warn", "info", "debug" };

const char *log_level_name(enum log_level level)
{
	return (unsigned)level < 4 ? log_names[level] : "?";
}

void log_set_level(enum log_level max)
{
	log_max_level = max;
}

enum log_level log_get_level(void)
{
	return log_max_level;
}

int log_add_sink(const struct log_sink *sink)
{
	if (log_sink_count >= LOG_SINKS_MAX)
		return -ENOSPC;
	log_sinks[log_sink_count] = *sink;
	__atomic_store_n(&log_sink_count, log_sink_count + 1, __ATOMIC_RELEASE);
	return 0;
}

void log_set_uart_direct(int on)
{
	log_uart_direct = on;
}

void klog(enum log_level level, const char *subsys, const char *fmt, ...)
{
	char line[LOG_LINE_MAX];
	uint64_t ns;
	size_t n;
	va_list ap;
	int sinks;

	if (level > log_max_level)
		return;
	ns = time_ns();
	n = keel_snprintf(line, sizeof(line), "[%5llu.%06llu] %-5s %s: ", (unsigned long long)(ns / 1000000000u),
			  (unsigned long long)(ns / 1000u % 1000000u), log_level_name(level), subsys);
	if (n < sizeof(line)) {
		va_start(ap, fmt);
		n += keel_vsnprintf(line + n, sizeof(line) - n, fmt, ap);
		va_end(ap);
	}
	if (n >= sizeof(line))
		n = sizeof(line) - 1;
	if (log_uart_direct && log_early_on) {
		log_early_put(level, line, n);
	} else if (log_uart_direct && uart_console()) {
		log_uart_reset_terminal();
		uart_write(uart_console(), line, n, true);
		uart_write(uart_console(), "\n", 1, true);
	}
	sinks = __atomic_load_n(&log_sink_count, __ATOMIC_ACQUIRE);
	for (int i = 0; i < sinks; i++)
		log_sinks[i].write(log_sinks[i].ctx, level, line, n);
}

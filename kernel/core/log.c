/*
 * The kernel log (keel/log.h). Formats one line at a time into a stack buffer with the
 * timestamp and level, writes it to the console UART (until a console takes COM1 over) and to
 * every registered sink. Sinks are a fixed array filled at boot, read without locks.
 */
#include <keel/format.h>
#include <keel/log.h>
#include <keel/time.h>
#include <keel/errno.h>

#include <stdarg.h>

#include "drivers/uart16550.h"

#define LOG_SINKS_MAX 4

static enum log_level log_max_level = LOG_INFO;
static struct log_sink log_sinks[LOG_SINKS_MAX];
static int log_sink_count;
static int log_uart_direct = 1;

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
	if (log_uart_direct && uart_console()) {
		uart_write(uart_console(), line, n, true);
		uart_write(uart_console(), "\n", 1, true);
	}
	sinks = __atomic_load_n(&log_sink_count, __ATOMIC_ACQUIRE);
	for (int i = 0; i < sinks; i++)
		log_sinks[i].write(log_sinks[i].ctx, level, line, n);
}

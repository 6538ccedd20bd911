/*
 * The kernel log: levelled, timestamped lines ("[    1.234567] info  mod: text"). In nano_core
 * every line goes straight to the console UART; modules may add sinks (the log ring behind
 * dmesg, consoles). Lines are formatted into a bounded buffer, so logging never allocates.
 */
#ifndef KEEL_LOG_H
#define KEEL_LOG_H

#include <stddef.h>

#include <keel/compiler.h>

enum log_level {
	LOG_ERROR = 0,
	LOG_WARN = 1,
	LOG_INFO = 2,
	LOG_DEBUG = 3,
};

#define LOG_LINE_MAX 240

/* A sink receives each finished line (without the newline). Context: any, including IRQ. */
struct log_sink {
	void (*write)(void *ctx, enum log_level level, const char *line, size_t len);
	void *ctx;
};

void klog(enum log_level level, const char *subsys, const char *fmt, ...) KEEL_PRINTF(3, 4);
void log_set_level(enum log_level max);
enum log_level log_get_level(void);
int log_add_sink(const struct log_sink *sink);
/* Hand the log over to a driver's sink: the boot's buffered lines go to raw(sink->ctx, ...)
 * first, then every line to the sink, none to the UART directly. 0 or -ENOSPC. */
int log_handover(const struct log_sink *sink, void (*raw)(void *ctx, const char *s, size_t n));
/* Give a sink added during the boot the lines buffered so far (the log ring: dmesg shows the
 * boot from its first line). Context: any. */
void log_replay_early(const struct log_sink *sink);
/* Write the boot's buffered lines out polled now, and stop buffering (panics, the test runner,
 * the end of a boot with no serial driver). Context: any. */
void log_flush_early(void);
/* Stop writing log lines directly to the UART (a console has taken over COM1). */
void log_set_uart_direct(int on);
const char *log_level_name(enum log_level level);

#define pr_err(sub, ...) klog(LOG_ERROR, sub, __VA_ARGS__)
#define pr_warn(sub, ...) klog(LOG_WARN, sub, __VA_ARGS__)
#define pr_info(sub, ...) klog(LOG_INFO, sub, __VA_ARGS__)
#define pr_debug(sub, ...) klog(LOG_DEBUG, sub, __VA_ARGS__)

#endif /* KEEL_LOG_H */

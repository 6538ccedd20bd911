/*
 * System inspection commands: uptime, mem, ps, kill, dmesg, irqstat, serialstat, lsblk, cpu,
 * loglevel.
 */
#include <keel/blockdev.h>
#include <keel/cpuinfo.h>
#include <keel/dirq.h>
#include <keel/errno.h>
#include <keel/format.h>
#include <keel/heap.h>
#include <keel/interrupt.h>
#include <keel/irq.h>
#include <keel/log.h>
#include <keel/logring.h>
#include <keel/mm.h>
#include <keel/sched.h>
#include <keel/task.h>
#include <keel/timer.h>
#include <string.h>

#include "drivers/serial.h"
#include "kernel/console/console.h"
#include "kernel/shell/shell.h"
#include "kernel/shell/shell_parse.h"

static int cmd_uptime(struct shell_ctx *sh, int argc, char **argv)
{
	uint64_t ms = uptime_ms(), s = ms / 1000;

	(void)argv;
	if (argc != 1)
		return shell_usage(sh, "uptime");
	shell_printf(sh, "up %llu:%02llu:%02llu.%03llu (%llu ticks)\n", (unsigned long long)(s / 3600),
		     (unsigned long long)(s / 60 % 60), (unsigned long long)(s % 60),
		     (unsigned long long)(ms % 1000), (unsigned long long)timer_ticks());
	return 0;
}
SHELL_COMMAND(uptime, "uptime -- time since boot", cmd_uptime);

static int cmd_mem(struct shell_ctx *sh, int argc, char **argv)
{
	struct heap_stats h;
	uint64_t total = frames_total_count(), free = frames_free_count();

	(void)argv;
	if (argc != 1)
		return shell_usage(sh, "mem");
	heap_get_stats(&h);
	shell_printf(sh, "frames: %llu KiB total, %llu KiB free, %llu KiB used\n",
		     (unsigned long long)(total * 4), (unsigned long long)(free * 4),
		     (unsigned long long)((total - free) * 4));
	shell_printf(sh, "heap:   %llu bytes in %llu allocations (peak %llu), %llu slab + %llu large pages\n",
		     (unsigned long long)h.bytes_in_use, (unsigned long long)h.live_allocs,
		     (unsigned long long)h.bytes_peak, (unsigned long long)h.slab_pages,
		     (unsigned long long)h.large_pages);
	shell_printf(sh, "        %llu allocations, %llu frees, %llu failures\n", (unsigned long long)h.total_allocs,
		     (unsigned long long)h.total_frees, (unsigned long long)h.failures);
	for (unsigned i = 0; i < console_count(); i++) {
		size_t used, budget;

		console_memory(console_get(i), &used, &budget);
		shell_printf(sh, "console %-5s terminal %zu KiB of its %zu KiB budget\n", console_name(console_get(i)),
			     used / 1024, budget / 1024);
	}
	return 0;
}
SHELL_COMMAND(mem, "mem -- physical memory and heap usage", cmd_mem);

static int cmd_ps(struct shell_ctx *sh, int argc, char **argv)
{
	static const unsigned max = 128;
	struct task_info *info;
	unsigned n;

	(void)argv;
	if (argc != 1)
		return shell_usage(sh, "ps");
	info = kmalloc(sizeof(*info) * max);
	if (!info)
		return -ENOMEM;
	n = task_list_snapshot(info, max);
	shell_printf(sh, "%5s  %-8s %-6s %-24s %10s %10s\n", "ID", "STATE", "KIND", "NAME", "TICKS", "SWITCHES");
	for (unsigned i = 0; i < n && i < max; i++)
		shell_printf(sh, "%5llu  %-8s %-6s %-24s %10llu %10llu\n", (unsigned long long)info[i].id,
			     info[i].running ? "running" : task_runstate_name(info[i].state),
			     info[i].system ? "kernel" : "user", info[i].name, (unsigned long long)info[i].ticks,
			     (unsigned long long)info[i].switches);
	kfree(info);
	return 0;
}
SHELL_COMMAND(ps, "ps -- list tasks", cmd_ps);

static int cmd_kill(struct shell_ctx *sh, int argc, char **argv)
{
	uint64_t id;
	int ret;

	if (argc != 2 || shell_parse_u64(argv[1], &id) != 0)
		return shell_usage(sh, "kill");
	ret = task_kill_id(id);
	if (ret == -ENOENT)
		return shell_error(sh, ret, "no task %llu", (unsigned long long)id);
	if (ret == -EPERM)
		return shell_error(sh, ret, "task %llu is a kernel task (KIND in ps); it cannot be killed",
				   (unsigned long long)id);
	if (ret)
		return shell_error(sh, ret, "task %llu cannot be killed: %s", (unsigned long long)id, keel_strerror(ret));
	return 0;
}
SHELL_COMMAND(kill, "kill ID -- stop a task (see ps)", cmd_kill);

static int cmd_dmesg(struct shell_ctx *sh, int argc, char **argv)
{
	char line[LOG_LINE_MAX + 1];
	uint64_t first = 0, next = logring_next(), from;
	uint64_t count = UINT64_MAX;

	if (argc == 2 && shell_parse_u64(argv[1], &count) != 0)
		return shell_usage(sh, "dmesg");
	if (argc > 2)
		return shell_usage(sh, "dmesg");
	logring_read(0, line, sizeof(line), NULL, &first);
	from = next - first > count ? next - count : first;
	for (uint64_t s = from; s < next && !shell_interrupted(sh); s++) {
		int n = logring_read(s, line, sizeof(line), NULL, NULL);

		if (n >= 0)
			shell_printf(sh, "%s\n", line);
	}
	return 0;
}
SHELL_COMMAND(dmesg, "dmesg [N] -- the kernel log (the last N lines)", cmd_dmesg);

/* Copied out first: printing may sleep, so it must not run under the registry's spinlock. */
static int irqstat_dirqs(struct shell_ctx *sh)
{
	unsigned n = dirq_snapshot(NULL, 0) + 4, got;
	struct dirq_info *info = kmalloc(n * sizeof(*info));

	if (!info)
		return -ENOMEM;
	got = dirq_snapshot(info, n);
	for (unsigned i = 0; i < got && i < n; i++) {
		const struct dirq_stats *s = &info[i].stats;

		shell_printf(sh, "  %-14s top %8llu posted %8llu delivered %8llu dropped %4llu bottom runs %8llu\n",
			     info[i].name, (unsigned long long)s->top_runs, (unsigned long long)s->posted,
			     (unsigned long long)s->delivered, (unsigned long long)s->dropped,
			     (unsigned long long)s->bottom_runs);
	}
	kfree(info);
	return 0;
}

static int cmd_irqstat(struct shell_ctx *sh, int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return shell_usage(sh, "irqstat");
	shell_printf(sh, "IRQ  %12s %9s handlers\n", "count", "spurious");
	for (unsigned irq = 0; irq < IRQ_LINES; irq++) {
		struct irq_stats s;

		if (irq_get_stats(irq, &s) || (!s.count && !s.handlers && !s.spurious))
			continue;
		shell_printf(sh, "%3u  %12llu %9llu %u\n", irq, (unsigned long long)s.count,
			     (unsigned long long)s.spurious, s.handlers);
	}
	shell_printf(sh, "unexpected vectors: %llu\ndeferred IRQs:\n", (unsigned long long)interrupt_unexpected_count());
	return irqstat_dirqs(sh);
}
SHELL_COMMAND(irqstat, "irqstat -- interrupt counters and deferred IRQ statistics", cmd_irqstat);

static int cmd_serialstat(struct shell_ctx *sh, int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return shell_usage(sh, "serialstat");
	for (unsigned i = 0; i < SERIAL_PORTS; i++) {
		struct serial_port *p = serial_port(i);
		struct serial_stats s;

		if (!p) {
			if (i < SERIAL_COM_PORTS)
				shell_printf(sh, "com%u: absent\n", i + 1);
			continue;
		}
		serial_get_stats(p, &s);
		shell_printf(sh, "%s: %u %u%c%u, IRQ %u: in %llu, out %llu bytes; errors: overrun %llu parity %llu "
			     "framing %llu break %llu; dropped %llu; ring high-water rx %u tx %u; irqs %llu; waiting rx %u%s, "
			     "paused %llu times\n",
			     p->name, p->uart.config.baud, p->uart.config.data_bits, p->uart.config.parity,
			     p->uart.config.stop_bits, p->irq, (unsigned long long)s.rx_bytes,
			     (unsigned long long)s.tx_bytes, (unsigned long long)s.overrun,
			     (unsigned long long)s.parity, (unsigned long long)s.framing, (unsigned long long)s.breaks,
			     (unsigned long long)s.rx_dropped, s.rx_high, s.tx_high, (unsigned long long)s.irqs,
			     s.rx_queued, s.rx_paused ? " (paused)" : "", (unsigned long long)s.rx_throttles);
	}
	return 0;
}
SHELL_COMMAND(serialstat, "serialstat -- serial port settings, traffic and errors", cmd_serialstat);

static int cmd_consoles(struct shell_ctx *sh, int argc, char **argv)
{
	char line[256];

	(void)argv;
	if (argc != 1)
		return shell_usage(sh, "consoles");
	for (unsigned i = 0; i < console_count(); i++) {
		console_describe(console_get(i), line, sizeof(line));
		shell_printf(sh, "%s\n", line);
	}
	return 0;
}
SHELL_COMMAND(consoles, "consoles -- each console: size, queued input and output, state", cmd_consoles);

static int cmd_lsblk(struct shell_ctx *sh, int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return shell_usage(sh, "lsblk");
	if (blockdev_count() == 0)
		shell_printf(sh, "no block devices\n");
	for (unsigned i = 0; i < blockdev_count(); i++) {
		const struct blockdev *b = blockdev_get(i);
		uint64_t n = 0;
		uint32_t bs = io_block_size(b->dev);

		io_block_count(b->dev, &n);
		shell_printf(sh, "%-6s %10llu KiB  %s\n", b->name, (unsigned long long)(n * bs / 1024), b->desc);
	}
	return 0;
}
SHELL_COMMAND(lsblk, "lsblk -- block devices", cmd_lsblk);

static int cmd_cpu(struct shell_ctx *sh, int argc, char **argv)
{
	const struct cpuinfo *ci = cpuinfo_get();
	struct sched_stats s;

	(void)argv;
	if (argc != 1)
		return shell_usage(sh, "cpu");
	sched_get_stats(&s);
	shell_printf(sh, "%s family %u model %u stepping %u\n%s\n", ci->vendor, ci->family, ci->model,
		     ci->stepping, ci->brand);
	shell_printf(sh, "context switches %llu, preemptions %llu\n", (unsigned long long)s.switches,
		     (unsigned long long)s.preemptions);
	return 0;
}
SHELL_COMMAND(cpu, "cpu -- processor identification and scheduler counters", cmd_cpu);

static int cmd_loglevel(struct shell_ctx *sh, int argc, char **argv)
{
	static const char *const names[] = { "error", "warn", "info", "debug" };

	if (argc == 1) {
		shell_printf(sh, "%s\n", log_level_name(log_get_level()));
		return 0;
	}
	for (int i = 0; argc == 2 && i < 4; i++) {
		if (strcmp(argv[1], names[i]) == 0) {
			log_set_level((enum log_level)i);
			return 0;
		}
	}
	return shell_usage(sh, "loglevel");
}
SHELL_COMMAND(loglevel, "loglevel [error|warn|info|debug] -- show or set the kernel log level", cmd_loglevel);

/* The text of one log line: LOG_LINE_MAX less the timestamp, level and "logger: " before it. */
#define LOGGER_TEXT_MAX 200
_Static_assert(LOGGER_TEXT_MAX + sizeof("[99999999.999999] info  logger: ") <= LOG_LINE_MAX,
	       "a logger line fits in one log line");

struct logger_job {
	uint64_t ms;
	char text[LOGGER_TEXT_MAX];
};

static int logger_task(void *arg)
{
	struct logger_job *j = arg;

	task_sleep_ms(j->ms);
	pr_info("logger", "%s", j->text);
	kfree(j);
	return 0;
}

static int cmd_logger(struct shell_ctx *sh, int argc, char **argv)
{
	struct logger_job *j;
	struct task *t;
	size_t used = 0;
	int first = 1;

	j = kzalloc(sizeof(*j));
	if (!j)
		return -ENOMEM;
	if (argc == 2 && strcmp(argv[1], "-d") == 0) {
		kfree(j);
		return shell_usage(sh, "logger");
	}
	if (argc >= 3 && strcmp(argv[1], "-d") == 0) {
		if (shell_parse_u64(argv[2], &j->ms) != 0) {
			kfree(j);
			return shell_usage(sh, "logger");
		}
		first = 3;
	}
	if (first >= argc) {
		kfree(j);
		return shell_usage(sh, "logger");
	}
	for (int i = first; i < argc; i++)
		used += strlen(argv[i]) + (i + 1 < argc);
	if (used >= sizeof(j->text)) { /* refused whole rather than cut without a word */
		kfree(j);
		return shell_error(sh, -E2BIG, "TEXT is %zu bytes; a log line holds at most %zu", used,
				   sizeof(j->text) - 1);
	}
	used = 0;
	for (int i = first; i < argc; i++)
		used += (size_t)keel_snprintf(j->text + used, sizeof(j->text) - used, "%s%s", argv[i],
					      i + 1 < argc ? " " : "");
	if (j->ms == 0) {
		pr_info("logger", "%s", j->text);
		kfree(j);
		return 0;
	}
	t = task_spawn("logger", logger_task, j);
	if (!t) {
		kfree(j);
		return -ENOMEM;
	}
	task_detach(t);
	return 0;
}
SHELL_COMMAND(logger, "logger [-d MS] TEXT -- write a kernel log line (MS milliseconds later; TEXT up to 199 bytes)",
	      cmd_logger);

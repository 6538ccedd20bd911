/*
 * The input event manager: the first bytes received on a serial port or a virtio-console port
 * (hvc0, ...) with no consumer make it create a console there (terminal, line editor, and the
 * session its client runs: the shell), if keel.console= allows that port; a port it does not
 * allow stays a plain data port. Each kind of port reaches the console through an adapter
 * (struct console_port_ops): serial ports get the CPR size query, virtio-console ports the
 * device's size and resize notifications and never a query. With
 * keel.console.autostart the allowed ports get their console at boot without waiting for a key.
 * Every console start logs "console: NAME ready COLSxROWS". New kernel log lines are pushed to
 * every console as they are written (a log sink), so no console polls. Headless is the normal
 * case: nothing here depends on a display.
 */
#include <keel/assert.h>
#include <keel/cmdline.h>
#include <keel/errno.h>
#include <keel/format.h>
#include <keel/heap.h>
#include <keel/log.h>
#include <keel/module.h>
#include <keel/mutex.h>
#include <keel/task.h>
#include <keel/time.h>

#include "drivers/serial.h"
#include "drivers/virtio_console.h"
#include "kernel/console/console.h"
#include "kernel/console/console_policy.h"
#include "kernel/console/console_priv.h"
#include "term/backend_serial.h"
#include "term/term.h"

static struct console_policy console_policy = { .all = true };
/* Serialises starting consoles: a port's first input (its bottom-half task) and the autostart of
 * ports found after the boot (the settle task) must not both start one. */
static struct mutex console_start_mutex = MUTEX_INIT("console_start");

/* The renderer's bytes go to the port. Console task. */
static void console_port_out(void *user, const char *buf, size_t len)
{
	struct console *c = user;

	c->port_ops->write(c->port, buf, (uint32_t)len);
}

/* Replies the terminal core makes to queries inside command output are for the kernel, which
 * asks none: dropped. */
static void console_term_reply(void *user, const char *buf, size_t len)
{
	(void)user;
	(void)buf;
	(void)len;
}

struct console *console_create_port(const char *name, const struct console_port_ops *ops, void *port, int rows,
				    int cols, int *err)
{
	bool fixed = rows > 0 && cols > 0, known = false;
	struct console *c = kzalloc(sizeof(*c));

	*err = -ENOMEM;
	if (!c)
		return NULL;
	if (!fixed && ops->known_size && ops->known_size(port, &rows, &cols))
		fixed = known = true;
	if (console_init_common(c, name, fixed ? rows : CONSOLE_DEFAULT_ROWS, fixed ? cols : CONSOLE_DEFAULT_COLS) < 0)
		goto free_console;
	c->ser = term_serial_new(&console_term_alloc, console_port_out, c);
	if (!c->ser)
		goto free_common;
	c->port_ops = ops;
	c->port = port;
	c->size_fixed = fixed;
	c->size_from_port = known;
	term_set_output(c->term, console_term_reply, c);
	term_attach(c->term, &term_serial_backend, c->ser);
	*err = console_register(c);
	if (*err < 0)
		goto free_ser;
	*err = console_start(c);
	if (*err < 0)
		pr_err("console", "%s: cannot start the console task: %s", name, keel_strerror(*err));
	return c;

free_ser:
	term_serial_free(c->ser);
free_common:
	console_destroy_common(c);
free_console:
	kfree(c);
	return NULL;
}

static const char *console_err_words(int err)
{
	return err == -ENOSPC ? "all " KEEL_STR(CONSOLE_MAX_SERIAL) " serial console slots are in use" : keel_strerror(err);
}

/* ---------------------------------------------------------------- serial ports */

static void serial_port_write(void *port, const void *buf, uint32_t n)
{
	serial_write(port, buf, n);
}

static void serial_port_resume(void *port)
{
	serial_rx_resume(port);
}

static const struct console_port_ops serial_console_port = {
	.write = serial_port_write,
	.resume_input = serial_port_resume,
};

static uint32_t console_serial_consumer(struct serial_port *p, const uint8_t *buf, uint32_t n, void *ctx)
{
	(void)p;
	return console_port_input(ctx, buf, n);
}

static void console_open_port(struct serial_port *p, const char *why)
{
	struct console *c;
	int rows, cols, err;

	ASSERT(mutex_is_held_by_current(&console_start_mutex));
	if (p->consumer || !console_policy_allows(&console_policy, p->name, &rows, &cols))
		return;
	c = console_create_port(p->name, &serial_console_port, p, rows, cols, &err);
	if (!c) {
		char msg[120];
		size_t n;

		n = keel_snprintf(msg, sizeof(msg), "\r\nKeel: no console on %s: %s\r\n", p->name, console_err_words(err));
		serial_write(p, msg, (uint32_t)(n < sizeof(msg) ? n : sizeof(msg) - 1)); /* the person there sees why */
		pr_err("console", "%s: cannot start a console: %s", p->name, console_err_words(err));
		serial_set_stream_mode(p, true); /* its bytes wait for readers instead of retrying */
		return;
	}
	serial_set_consumer(p, console_serial_consumer, c);
	if (p == serial_log_port())
		serial_log_enable(false); /* from now on the log shows above this port's prompt */
	pr_info("console", "%s: console started (%s)", p->name, why);
}

/* A port's first input. Context: the port's bottom-half task. */
static void console_claim(struct serial_port *p)
{
	int rows, cols;

	mutex_lock(&console_start_mutex);
	if (!console_policy_allows(&console_policy, p->name, &rows, &cols)) {
		serial_set_stream_mode(p, true); /* a data port: bytes wait for stream readers */
		pr_info("console", "%s: not a console port (keel.console=); input kept for readers", p->name);
	} else {
		console_open_port(p, "first input");
	}
	mutex_unlock(&console_start_mutex);
}

/* ---------------------------------------------------------------- virtio-console ports */

static void hvc_port_write(void *port, const void *buf, uint32_t n)
{
	hvc_write(port, buf, n);
}

static void hvc_port_resume(void *port)
{
	hvc_rx_resume(port);
}

static bool hvc_port_size(void *port, int *rows, int *cols)
{
	return hvc_get_size(port, rows, cols);
}

static const struct console_port_ops hvc_console_port = {
	.write = hvc_port_write,
	.resume_input = hvc_port_resume,
	.known_size = hvc_port_size,
	.no_size_query = true,
};

static uint32_t console_hvc_consumer(struct hvc_port *p, const uint8_t *buf, uint32_t n, void *ctx)
{
	(void)p;
	return console_port_input(ctx, buf, n);
}

static void console_hvc_resized(void *ctx)
{
	console_port_resized(ctx);
}

static void console_open_hvc(struct hvc_port *p, const char *why)
{
	struct console *c;
	int rows, cols, err;

	ASSERT(mutex_is_held_by_current(&console_start_mutex));
	if (hvc_has_consumer(p))
		return;
	if (!console_policy_allows(&console_policy, hvc_name(p), &rows, &cols)) {
		pr_info("console", "%s: not a console port (keel.console=); input ignored", hvc_name(p));
		return;
	}
	c = console_create_port(hvc_name(p), &hvc_console_port, p, rows, cols, &err);
	if (!c) {
		pr_err("console", "%s: cannot start a console: %s", hvc_name(p), console_err_words(err));
		return;
	}
	hvc_set_resize_hook(p, console_hvc_resized, c);
	hvc_set_consumer(p, console_hvc_consumer, c);
	hvc_log_enable(p, false); /* from now on the log shows above this port's prompt */
	pr_info("console", "%s: console started (%s)", hvc_name(p), why);
}

/* Context: the virtio-console receive task. */
static void console_claim_hvc(struct hvc_port *p)
{
	mutex_lock(&console_start_mutex);
	console_open_hvc(p, "first input");
	mutex_unlock(&console_start_mutex);
}

static void console_log_sink(void *ctx, enum log_level level, const char *line, size_t len)
{
	(void)ctx;
	(void)level;
	(void)line;
	(void)len;
	console_log_notify();
}

static bool console_autostart;
static unsigned console_boot_serial, console_boot_hvc; /* ports there at boot */

static void console_log_waiting(void)
{
	if (hvc_count())
		pr_info("console", "waiting for input on %u serial port(s) and %u virtio-console port(s)",
			serial_port_count(), hvc_count());
	else
		pr_info("console", "waiting for input on %u serial port(s)", serial_port_count());
}

/* keel.console.autostart: a console on every allowed serial port present that has none yet, and
 * on the virtio-console ports from hvc_from on (a refused one is logged once). At boot, and again
 * for the ports found after it. Context: task. */
static void console_autostart_ports(unsigned hvc_from)
{
	mutex_lock(&console_start_mutex);
	for (unsigned i = 0; i < SERIAL_PORTS; i++)
		if (serial_port(i))
			console_open_port(serial_port(i), "autostart");
	for (unsigned i = hvc_from; i < hvc_count(); i++)
		console_open_hvc(hvc_get(i), "autostart");
	mutex_unlock(&console_start_mutex);
}

/* Ports found after the boot (COM2-COM4, PCI serial cards, virtio consoles: the settle task
 * probes them) are claimed by the same hooks on their first input; this reports them once they
 * are all there, and starts their consoles with keel.console.autostart. Context: the settle
 * task. */
static int console_late_init(void)
{
	if (serial_port_count() == 0 && hvc_count() == 0) {
		pr_info("console", "no serial or virtio-console ports: no line consoles");
		return 0;
	}
	if (serial_port_count() == console_boot_serial && hvc_count() == console_boot_hvc)
		return 0;
	if (console_autostart)
		console_autostart_ports(console_boot_hvc);
	console_log_waiting();
	return 0;
}

MODULE_INIT_DEFERRED(console_late, SERVICE, console_late_init);

/* At boot: the hooks are installed while only the log's port is there, so the console on it
 * answers as soon as the boot is complete; later ports use the same hooks. */
static int console_mgr_init(void)
{
	struct log_sink sink = { console_log_sink, NULL };
	char val[96];
	const char *why;

	if (cmdline_find(cmdline_get(), "keel.console", val, sizeof(val)) &&
	    console_policy_parse(val, &console_policy, &why) < 0)
		pr_warn("console", "keel.console=%s: '%s' is not an input (com1-com4, pci0-pci7, hvc0-hvc3, vga, all, none, "
			"with an optional :COLSxROWS); every input may start a console", val, why);
	log_add_sink(&sink);
	serial_set_unclaimed_hook(console_claim);
	hvc_set_unclaimed_hook(console_claim_hvc);
	boot_phase_mark(BOOT_PHASE_CONSOLE);
	console_autostart = cmdline_find(cmdline_get(), "keel.console.autostart", NULL, 0);
	console_boot_serial = serial_port_count();
	console_boot_hvc = hvc_count();
	if (console_autostart)
		console_autostart_ports(0);
	if (console_boot_serial || console_boot_hvc)
		console_log_waiting();
	return 0;
}

MODULE_INIT(console, SERVICE, console_mgr_init);

bool console_display_allowed(const char *name, int *rows, int *cols)
{
	return console_policy_allows(&console_policy, name, rows, cols);
}

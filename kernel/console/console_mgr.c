/*
 * The input event manager: the first bytes received on a serial port that has no consumer make
 * it spawn a console (terminal + line editor + shell) there, so every port a person types into
 * gets its own independent shell, and a machine with no display is fully usable. A manager task
 * also drives the consoles' periodic work (escape-key timeouts, log lines above the prompt).
 * Headless is the normal case: nothing here depends on a display.
 */
#include <keel/errno.h>
#include <keel/log.h>
#include <keel/module.h>
#include <keel/task.h>
#include <keel/time.h>

#include "drivers/serial.h"
#include "kernel/console/console.h"
#include "kernel/console/console_priv.h"

#define CONSOLE_TICK_MS 20

/* Context: the port's bottom-half task. */
static void console_claim(struct serial_port *p)
{
	struct console *c = console_create_serial(p);
	struct task *t;

	if (!c) {
		pr_err("console", "%s: cannot start a console (out of memory or too many)", p->name);
		return;
	}
	if (p == serial_log_port())
		serial_log_enable(false); /* from now on the log shows above this port's prompt */
	t = task_spawn(p->index == 0 ? "shell-com1" : p->index == 1 ? "shell-com2" :
		       p->index == 2 ? "shell-com3" : "shell-com4", shell_main, c);
	if (!t) {
		pr_err("console", "%s: cannot start the shell task", p->name);
		return;
	}
	task_detach(t);
	pr_info("console", "%s: console started on first input", p->name);
}

static int console_mgr_task(void *arg)
{
	(void)arg;
	for (;;) {
		task_sleep_ms(CONSOLE_TICK_MS);
		for (unsigned i = 0; i < console_count(); i++)
			console_tick(console_get(i));
	}
	return 0;
}

static int console_mgr_init(void)
{
	struct task *t;

	/* the manager task also ticks a display console, so it runs even with no serial port */
	t = task_spawn("console-mgr", console_mgr_task, NULL);
	if (!t)
		return -ENOMEM;
	task_detach(t);
	if (serial_port_count() == 0) {
		pr_info("console", "no serial ports: no serial consoles");
		return 0;
	}
	serial_set_unclaimed_hook(console_claim);
	boot_phase_mark(BOOT_PHASE_CONSOLE);
	pr_info("console", "waiting for input on %u serial port(s)", serial_port_count());
	return 0;
}

MODULE_INIT(console, SERVICE, console_mgr_init);

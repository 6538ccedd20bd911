/*
 * The serial port table and the boot of the full serial driver (serial.h): COM1-COM4 probed at
 * their ISA addresses, other 16550s added by their bus drivers (serial_add_port: pci0-pci7), the
 * line settings from keel.serial= and keel.<port>=, and the kernel log's port (nano_core's console
 * port, or the first serial port keel.console= lists, or the first port found without one), which
 * the log sink writes to through the driver once it runs. Only the log's port is set up at boot;
 * the other COM ports and the PCI ones are added after "boot complete" by the settle task, so
 * the log can move to one then: it gets the log ring's lines first.
 */
#include <keel/cmdline.h>
#include <keel/errno.h>
#include <keel/format.h>
#include <keel/heap.h>
#include <keel/context.h>
#include <keel/cpu.h>
#include <keel/log.h>
#include <keel/logring.h>
#include <keel/module.h>
#include <string.h>

#include "drivers/serial.h"
#include "drivers/serial_internal.h"

static struct serial_port serial_com[SERIAL_COM_PORTS];
static struct serial_port *serial_ports[SERIAL_PORTS]; /* published once a port is running */
static const uint16_t serial_bases[SERIAL_COM_PORTS] = { UART_COM1, UART_COM2, UART_COM3, UART_COM4 };
static const unsigned serial_irqs[SERIAL_COM_PORTS] = { 4, 3, 4, 3 };
static unsigned serial_present;
static bool serial_log_enabled = true;
static struct serial_port *serial_log_port_p;
static bool serial_log_sink_added;
static bool serial_log_replaying; /* the log moved to a port that is catching up from the ring */

void serial_log_enable(bool on)
{
	serial_log_enabled = on;
}

struct serial_port *serial_log_port(void)
{
	return serial_log_port_p;
}

struct serial_port *serial_port(unsigned index)
{
	struct serial_port *p = index < SERIAL_PORTS ? __atomic_load_n(&serial_ports[index], __ATOMIC_ACQUIRE) : NULL;

	return p && p->present ? p : NULL;
}

unsigned serial_port_count(void)
{
	return serial_present;
}

/* Make a started port visible to serial_port(). */
static void serial_publish(struct serial_port *p)
{
	__atomic_store_n(&serial_ports[p->index], p, __ATOMIC_RELEASE);
	serial_present++;
}

/* The kernel log reaches its port (COM1, or the SPCR's) through the driver once it runs (ordered
 * with other output). */
static void serial_log_sink(void *ctx, enum log_level level, const char *line, size_t len)
{
	struct serial_port *p = __atomic_load_n(&serial_log_port_p, __ATOMIC_ACQUIRE);

	(void)ctx;
	(void)level;
	if (!serial_log_enabled || serial_log_replaying || !p)
		return;
	serial_write(p, line, (uint32_t)len);
	serial_write(p, "\r\n", 2);
}

static void serial_log_raw(void *ctx, const char *s, size_t n)
{
	serial_write(ctx, s, (uint32_t)n);
}

static void serial_config_for(const char *name, struct uart_config *cfg)
{
	char key[16], val[32];

	*cfg = UART_CONFIG_DEFAULT;
	if (cmdline_find(cmdline_get(), "keel.serial", val, sizeof(val)) && serial_parse_config(val, cfg))
		pr_warn("serial", "keel.serial=%s is not a valid setting (e.g. 115200,8N1); using defaults", val);
	keel_snprintf(key, sizeof(key), "keel.%s", name);
	if (cmdline_find(cmdline_get(), key, val, sizeof(val)) && serial_parse_config(val, cfg))
		pr_warn("serial", "%s=%s is not a valid setting; ignored", key, val);
}

/* nano_core's console port (COM1, or the SPCR's): the one COM port set up at boot. Asked before
 * any port can take the log over (which changes the console UART). */
static bool serial_is_boot_port(unsigned i)
{
	return uart_console() && !uart_console()->io && uart_console()->base == serial_bases[i];
}

static int serial_com_init(unsigned i)
{
	struct serial_port *p = &serial_com[i];
	struct uart_config cfg;
	int ret;

	keel_snprintf(p->name, sizeof(p->name), "com%u", i + 1);
	serial_config_for(p->name, &cfg);
	if (serial_is_boot_port(i) && uart_config_equal(&uart_console()->config, &cfg)) {
		/* nano_core's console port, already set up: keep what its FIFO holds (a key pressed
		 * during boot still counts). */
		p->uart = *uart_console();
		ret = 0;
	} else {
		ret = uart_init(&p->uart, serial_bases[i], &cfg);
	}
	if (ret) {
		pr_info("serial", "%s (0x%x): %s", p->name, serial_bases[i],
			ret == -ENODEV ? "absent" : keel_strerror(ret));
		return ret;
	}
	p->index = i;
	ret = serial_port_start(p, serial_irqs[i]);
	if (ret)
		return ret;
	serial_publish(p);
	pr_info("serial", "%s at 0x%x, IRQ %u, %u %u%c%u", p->name, p->uart.base, p->irq, cfg.baud, cfg.data_bits,
		cfg.parity, cfg.stop_bits);
	return 0;
}

static struct serial_port *serial_console_choice(void);

/* The log moves to p, a port added after the boot (keel.console= lists it first, or there was no
 * log port): the lines so far are replayed from the log ring, and the sink holds new lines back
 * until the replay has caught up, so the port sees the whole log in order (a line a preempted
 * writer had stored in the ring but not yet written may show twice). Context: task. */
static void serial_log_move(struct serial_port *p)
{
	struct log_sink sink = { serial_log_sink, p };
	char line[LOG_LINE_MAX];
	uint64_t seq = 0, first, flags;
	int n;

	might_sleep();
	if (serial_log_port_p)
		pr_info("serial", "kernel log moves to %s", p->name);
	flags = irq_save();
	serial_log_replaying = true;
	__atomic_store_n(&serial_log_port_p, p, __ATOMIC_RELEASE);
	serial_log_enabled = !p->consumer;
	irq_restore(flags);
	if (!serial_log_sink_added) {
		serial_log_sink_added = true;
		(void)log_handover(&sink, serial_log_raw);
	}
	for (;;) {
		n = logring_read(seq, line, sizeof(line), NULL, &first);
		if (n == -ERANGE) {
			seq = first; /* the oldest lines were dropped meanwhile */
			continue;
		}
		if (n < 0) {
			flags = irq_save();
			if (logring_next() <= seq) { /* caught up: new lines go straight out again */
				serial_log_replaying = false;
				irq_restore(flags);
				break;
			}
			irq_restore(flags);
			continue;
		}
		if (serial_log_enabled) {
			serial_write(p, line, (uint32_t)n);
			serial_write(p, "\r\n", 2);
		}
		seq++;
	}
	uart_set_console(&p->uart); /* the panic path writes here now */
	pr_info("serial", "kernel log on %s", p->name);
}

/* A port found after the boot takes the log when keel.console= lists it before every other port
 * present, or when no port has it. Context: task. */
static void serial_log_consider(struct serial_port *p)
{
	if (p != serial_log_port_p && (!serial_log_port_p || serial_console_choice() == p))
		serial_log_move(p);
}

struct serial_port *serial_add_port(const struct uart16550 *access, unsigned irq, const char *where, int *err)
{
	struct serial_port *p;
	struct uart_config cfg;
	unsigned index = SERIAL_COM_PORTS;

	while (index < SERIAL_PORTS && serial_ports[index])
		index++;
	if (index == SERIAL_PORTS) {
		*err = -ENOSPC;
		pr_warn("serial", "%s: all %u extra serial ports are in use: not added", where, SERIAL_EXTRA_PORTS);
		return NULL;
	}
	p = kzalloc(sizeof(*p));
	if (!p) {
		*err = -ENOMEM;
		return NULL;
	}
	keel_snprintf(p->name, sizeof(p->name), "pci%u", index - SERIAL_COM_PORTS);
	serial_config_for(p->name, &cfg);
	p->uart = *access;
	*err = uart_setup(&p->uart, &cfg);
	if (*err) {
		pr_warn("serial", "%s (%s): %s", p->name, where, *err == -ENODEV ? "no UART answers" : keel_strerror(*err));
		goto free_port;
	}
	p->index = index;
	*err = serial_port_start(p, irq);
	if (*err)
		goto free_port;
	serial_publish(p);
	pr_info("serial", "%s at %s, IRQ %u, %u %u%c%u", p->name, where, irq, cfg.baud, cfg.data_bits, cfg.parity,
		cfg.stop_bits);
	serial_log_consider(p);
	return p;

free_port:
	kfree(p);
	return NULL;
}

/* The port keel.console= lists first among the serial ports, if it is present. */
static struct serial_port *serial_console_choice(void)
{
	char val[96];
	const char *s = val;

	if (!cmdline_find(cmdline_get(), "keel.console", val, sizeof(val)))
		return NULL;
	while (*s) {
		size_t n = 0;

		while (s[n] && s[n] != ',' && s[n] != ':')
			n++;

		for (unsigned i = 0; i < SERIAL_PORTS; i++) {
			struct serial_port *p = serial_port(i);

			if (p && strlen(p->name) == n && memcmp(p->name, s, n) == 0)
				return p;
		}
		s = strchr(s, ',');
		if (!s)
			break;
		s++;
	}
	return NULL;
}

static int serial_boot_index = -1; /* the COM port serial_init set up, if any */

/* At boot only the log's port is set up: the console there is what "boot complete" waits for.
 * The other COM ports are probed by the settle task (com_ports below), like PCI ports. */
static int serial_init(void)
{
	struct serial_port *log_port = NULL;

	for (unsigned i = 0; i < SERIAL_COM_PORTS; i++)
		if (serial_is_boot_port(i) && serial_com_init(i) == 0) {
			log_port = &serial_com[i];
			serial_boot_index = (int)i;
		}
	if (log_port) {
		struct log_sink sink = { serial_log_sink, log_port };

		serial_log_port_p = log_port;
		serial_log_sink_added = true;
		/* From here on the log goes through the driver, in order with all other output: the
		 * boot's buffered lines first, through the transmit ring. */
		uart_set_console(&log_port->uart);
		log_handover(&sink, serial_log_raw);
	}
	return log_port ? 0 : -ENODEV;
}

MODULE_INIT(serial, DRIVER, serial_init);

/* The other COM ports, after "boot complete" (before PCI's, so a COM port is preferred for the
 * log when there was none at boot). */
static int com_ports_init(void)
{
	for (unsigned i = 0; i < SERIAL_COM_PORTS; i++)
		if ((int)i != serial_boot_index && serial_com_init(i) == 0)
			serial_log_consider(&serial_com[i]);
	return 0;
}

MODULE_INIT_DEFERRED(com_ports, DRIVER, com_ports_init);

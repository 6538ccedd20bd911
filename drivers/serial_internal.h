/*
 * What the serial driver's files share: serial.c runs ports, serial_ports.c keeps the table and
 * boots them.
 */
#ifndef KEEL_DRIVERS_SERIAL_INTERNAL_H
#define KEEL_DRIVERS_SERIAL_INTERNAL_H

#include "drivers/serial.h"

/* Rings, wait queues, stream and the deferred IRQ on `irq` for a port whose UART is set up and
 * whose name and index are filled in; interrupts enabled at the UART. 0, or the deferred IRQ's
 * registration error (the port is then not present). Context: task (boot). */
int serial_port_start(struct serial_port *p, unsigned irq);

#endif /* KEEL_DRIVERS_SERIAL_INTERNAL_H */

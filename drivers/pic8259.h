/*
 * The 8259A PIC pair (drivers/pic8259.c): its irqchip_ops, a presence probe (the mask register
 * reads back), and switching it off (remapped and every line masked) when the I/O APIC is used.
 */
#ifndef KEEL_DRIVERS_PIC8259_H
#define KEEL_DRIVERS_PIC8259_H

#include <stdbool.h>

#include <keel/irq.h>

extern const struct irqchip_ops pic8259_ops;

bool pic8259_probe(void);
void pic8259_disable(void);

#endif /* KEEL_DRIVERS_PIC8259_H */

/*
 * The 8253/8254 PIT, channel 0, as the periodic system tick (drivers/pit.h): rate generator
 * mode on IRQ 0; each interrupt is one timer_tick(). The platform module starts it when a PIT
 * exists; nano_core's TSC calibration may have used channel 0 before (it is reprogrammed here).
 */
#include <keel/cpu.h>
#include <keel/errno.h>
#include <keel/irq.h>
#include <keel/log.h>
#include <keel/timer.h>

#include "drivers/pit.h"

#define PIT_INPUT_HZ 1193182u
#define PIT_CH0 0x40
#define PIT_CMD 0x43
#define PIT_IRQ 0

/* Context: IRQ. */
static void pit_irq(unsigned irq, void *ctx)
{
	(void)irq;
	(void)ctx;
	timer_tick();
}

int pit_timer_start(unsigned hz)
{
	uint32_t divisor;
	int ret;

	if (hz == 0 || hz > PIT_INPUT_HZ / 2)
		return -EINVAL;
	divisor = (PIT_INPUT_HZ + hz / 2) / hz;
	if (divisor > 0xFFFF)
		return -ERANGE;
	outb(PIT_CMD, 0x34); /* channel 0, lo/hi byte, mode 2 (rate generator), binary */
	outb(PIT_CH0, (uint8_t)divisor);
	outb(PIT_CH0, (uint8_t)(divisor >> 8));
	ret = irq_register(PIT_IRQ, pit_irq, NULL);
	if (ret)
		return ret;
	timer_set_source("PIT", PIT_IRQ);
	pr_info("timer", "PIT channel 0 at %u Hz (divisor %u) on IRQ 0", hz, divisor);
	return 0;
}

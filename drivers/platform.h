/*
 * What the platform module chose at boot (drivers/platform.c), for the shell and tests.
 */
#ifndef KEEL_DRIVERS_PLATFORM_H
#define KEEL_DRIVERS_PLATFORM_H

#include <stdbool.h>

struct platform_state {
	const char *irqchip;     /* "8259A" or "I/O APIC" */
	const char *irqchip_why; /* the reason, as logged */
	bool lapic;              /* the local APIC is set up */
	bool pic_present, pit_present;
	bool rtc_absent;         /* the FADT says there is no CMOS RTC */
	unsigned cpus;           /* enabled CPUs in the MADT (1 without one) */
};

const struct platform_state *platform_get(void);

#endif /* KEEL_DRIVERS_PLATFORM_H */

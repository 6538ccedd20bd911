/*
 * Time from the TSC. nano_core calibrates the TSC against PIT channel 2 once at boot (polled,
 * no interrupts needed), so every log line carries a timestamp from the first one on.
 */
#ifndef KEEL_TIME_H
#define KEEL_TIME_H

#include <stdint.h>

/* Calibrate; returns the measured TSC frequency in Hz (a fallback guess if the PIT fails). */
uint64_t tsc_calibrate(void);
uint64_t tsc_hz(void);
/* Nanoseconds since calibration. */
uint64_t time_ns(void);
/* Busy-wait (no scheduler needed). */
void time_udelay(uint64_t us);

#endif /* KEEL_TIME_H */

/*
 * The TSC frequency sources of time_ref.c, used by time.c's tsc_calibrate(). Each returns the
 * TSC frequency in Hz, or 0 when its clock is absent or gave no plausible answer.
 */
#ifndef KEEL_CORE_TIME_INTERNAL_H
#define KEEL_CORE_TIME_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

uint64_t time_cpuid_hz(const char **source);
uint64_t time_hpet_hz(uint64_t phys);
uint64_t time_pm_timer_hz(uint16_t port, bool ext32);
uint64_t time_pit_hz(void);
uint64_t time_rtc_hz(void);

#endif /* KEEL_CORE_TIME_INTERNAL_H */

/*
 * The TSC frequency sources of time_ref.c, used by time.c's tsc_calibrate_begin/finish. The
 * CPUID source returns the TSC frequency in Hz, or 0 when absent or implausible. The counters
 * (HPET, PM timer, PIT) start a measurement (false: the clock is absent or does not move);
 * time_ref_finish() completes the one started, in Hz, or 0 when it gave no plausible answer. The
 * RTC's periodic flag has its own halves (time_rtc_begin/finish), alike.
 */
#ifndef KEEL_CORE_TIME_INTERNAL_H
#define KEEL_CORE_TIME_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

uint64_t time_cpuid_hz(const char **source);
bool time_hpet_begin(uint64_t phys);
bool time_pm_timer_begin(uint16_t port, bool ext32);
bool time_pit_begin(void);
bool time_pit_wrapped(void); /* after a PIT measurement: did its count go round (over 55 ms)? */
uint64_t time_ref_finish(void);
bool time_rtc_begin(void);
uint64_t time_rtc_finish(void);

#endif /* KEEL_CORE_TIME_INTERNAL_H */

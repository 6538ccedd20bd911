/*
 * The TSC frequency from TSC stamps of a periodic edge of known rate (the RTC's periodic flag):
 * see time_fit.c. Plain C, so the host tests can feed it jittered and lost edges.
 */
#ifndef KEEL_CORE_TIME_FIT_H
#define KEEL_CORE_TIME_FIT_H

#include <stdint.h>

#define TIME_FIT_MIN_STAMPS 4u
#define TIME_FIT_MAX_STAMPS 64u

/* The TSC frequency in Hz from n increasing stamps (TIME_FIT_MIN_STAMPS..TIME_FIT_MAX_STAMPS) of
 * an edge that comes edge_hz times a second, some of them possibly missed; 0 when the stamps
 * cannot be such a series (too few, too many, not increasing, edge_hz 0). */
uint64_t time_fit_edges_hz(const uint64_t *tsc, unsigned n, uint32_t edge_hz);

#endif /* KEEL_CORE_TIME_FIT_H */

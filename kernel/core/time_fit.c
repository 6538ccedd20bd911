/*
 * The TSC frequency from the TSC stamps of a periodic edge of known rate (the RTC's periodic
 * flag, polled). The stamps sit on a grid of one period plus noise: a poll sees an edge late by
 * up to a poll interval, and a stalled poll (an emulated device's timer running late, the host
 * taking the CPU) misses whole periods, so a gap can span several. Each gap is counted in periods
 * against the median gap (lost edges are rare, so the median is one period), a stamp far off the
 * grid is left out, and a least-squares line through (period number, stamp) gives cycles per
 * period: one stamp's noise is spread over the whole span instead of deciding an interval. Where
 * the line and the median disagree by more than a quarter (a count went wrong), the median
 * stands. Integer arithmetic only (the kernel has no FPU state); the bounds below keep every sum
 * inside 64 bits.
 */
#include "kernel/core/time_fit.h"

#define FIT_MAX_PERIODS 4096u      /* periods spanned by the stamps, at most */
#define FIT_MAX_SPAN (1ull << 36)  /* cycles spanned, at most (34 s at 2 GHz) */
#define FIT_MAX_EDGE_HZ (1u << 20)

static uint64_t fit_median_gap(const uint64_t *tsc, unsigned n)
{
	uint64_t g[TIME_FIT_MAX_STAMPS - 1];
	unsigned m = n - 1;

	for (unsigned i = 0; i < m; i++) {
		uint64_t v = tsc[i + 1] - tsc[i];
		unsigned j = i;

		for (; j > 0 && g[j - 1] > v; j--) /* insertion sort: a few dozen values */
			g[j] = g[j - 1];
		g[j] = v;
	}
	return g[m / 2];
}

uint64_t time_fit_edges_hz(const uint64_t *tsc, unsigned n, uint32_t edge_hz)
{
	int64_t sk = 0, sd = 0, skk = 0, skd = 0, num, den, m = 0;
	uint64_t p0, k = 0, per;
	unsigned last = 0;

	if (n < TIME_FIT_MIN_STAMPS || n > TIME_FIT_MAX_STAMPS || edge_hz == 0 || edge_hz > FIT_MAX_EDGE_HZ)
		return 0;
	for (unsigned i = 1; i < n; i++)
		if (tsc[i] <= tsc[i - 1])
			return 0;
	if (tsc[n - 1] - tsc[0] > FIT_MAX_SPAN)
		return 0;
	p0 = fit_median_gap(tsc, n);
	for (unsigned i = 0; i < n; i++) {
		int64_t d = (int64_t)(tsc[i] - tsc[0]);

		if (i) {
			/* Periods since the last stamp kept, to the nearest; a stamp far off the grid
			 * (a fifth of a period or more) is left out, and the next is counted
			 * from the last one kept. */
			uint64_t gap = tsc[i] - tsc[last], periods = (gap + p0 / 2) / p0;
			uint64_t off = gap > periods * p0 ? gap - periods * p0 : periods * p0 - gap;

			if (periods == 0 || off * 5 > p0)
				continue;
			k += periods;
			if (k > FIT_MAX_PERIODS)
				return 0;
			last = i;
		}
		m++;
		sk += (int64_t)k;
		sd += d;
		skk += (int64_t)(k * k);
		skd += (int64_t)k * d;
	}
	/* slope = (m*Skd - Sk*Sd) / (m*Skk - Sk^2): cycles per period. */
	num = m * skd - sk * sd;
	den = m * skk - sk * sk;
	if (m < TIME_FIT_MIN_STAMPS || num <= 0 || den <= 0)
		return (uint64_t)edge_hz * p0;
	per = (uint64_t)(num / den);
	if (per < p0 - p0 / 4 || per > p0 + p0 / 4)
		return (uint64_t)edge_hz * p0;
	return per * edge_hz + (uint64_t)(num % den) * edge_hz / (uint64_t)den;
}

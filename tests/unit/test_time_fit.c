/*
 * time_fit_edges_hz(): the TSC frequency from stamps of a periodic edge, as the RTC's periodic
 * flag gives them under emulation: on the grid, late by up to a poll interval, sometimes one stamp
 * very late, sometimes whole periods missed. Refused input (too few stamps, not increasing, rate
 * 0) gives 0, and random stamps never overflow (UBSan) or divide by zero.
 */
#include "check.h"

#include "kernel/core/time_fit.h"

#define HZ 2100000000ull
#define EDGE 8192u

/* A deterministic generator (xorshift) for jitter. */
static uint64_t rng_state = 88172645463325252ull;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Stamp of edge number k, late by `late` nanoseconds. */
static uint64_t stamp(uint64_t base, uint64_t k, uint64_t late_ns)
{
	return base + k * HZ / EDGE + late_ns * HZ / 1000000000ull;
}

static uint64_t abs_diff(uint64_t a, uint64_t b)
{
	return a > b ? a - b : b - a;
}

TEST(exact_grid)
{
	uint64_t t[11];

	for (unsigned i = 0; i < 11; i++)
		t[i] = stamp(123456789, i, 0);
	CHECK(abs_diff(time_fit_edges_hz(t, 11, EDGE), HZ) < HZ / 100000);
}

TEST(jitter_stays_within_about_one_percent)
{
	uint64_t t[11];
	int over = 0;

	for (int run = 0; run < 1000; run++) {
		uint64_t hz;

		for (unsigned i = 0; i < 11; i++)
			t[i] = stamp(1000000, i, rng() % 15000); /* 0-15 us late */
		hz = time_fit_edges_hz(t, 11, EDGE);
		CHECK(abs_diff(hz, HZ) < HZ / 50);
		over += abs_diff(hz, HZ) > HZ / 100;
	}
	CHECK(over < 20); /* 1 per cent is about three standard deviations */
}

TEST(missed_edges_are_counted)
{
	/* Edges 0-3, then 8-14: a stall lost four; the 4 us lateness is the poll. */
	uint64_t t[11];
	unsigned k[11] = { 0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14 };

	for (unsigned i = 0; i < 11; i++)
		t[i] = stamp(5000, k[i], 4000 * (i % 3));
	CHECK(abs_diff(time_fit_edges_hz(t, 11, EDGE), HZ) < HZ / 1000);
}

TEST(one_very_late_stamp_is_left_out)
{
	/* The stall seen under QEMU: four edges lost and the stamp after it 90 us late. */
	uint64_t t[11];
	unsigned k[11] = { 0, 1, 6, 7, 8, 9, 10, 11, 12, 13, 14 };

	for (unsigned i = 0; i < 11; i++)
		t[i] = stamp(5000, k[i], i == 2 ? 90000 : 0);
	CHECK(abs_diff(time_fit_edges_hz(t, 11, EDGE), HZ) < HZ / 1000);
	/* Late by 0.6 of a period in the middle: rounds to the wrong edge unless left out. */
	for (unsigned i = 0; i < 11; i++)
		t[i] = stamp(5000, i, i == 5 ? 73000 : 0);
	CHECK(abs_diff(time_fit_edges_hz(t, 11, EDGE), HZ) < HZ / 1000);
}

TEST(refused_input)
{
	uint64_t t[TIME_FIT_MAX_STAMPS + 1];

	for (unsigned i = 0; i <= TIME_FIT_MAX_STAMPS; i++)
		t[i] = stamp(0, i, 0);
	CHECK_EQ_U64(time_fit_edges_hz(t, TIME_FIT_MIN_STAMPS - 1, EDGE), 0);
	CHECK_EQ_U64(time_fit_edges_hz(t, TIME_FIT_MAX_STAMPS + 1, EDGE), 0);
	CHECK_EQ_U64(time_fit_edges_hz(t, 8, 0), 0);
	CHECK(time_fit_edges_hz(t, TIME_FIT_MIN_STAMPS, EDGE) != 0);
	CHECK(time_fit_edges_hz(t, TIME_FIT_MAX_STAMPS, EDGE) != 0);
	t[3] = t[2]; /* not increasing */
	CHECK_EQ_U64(time_fit_edges_hz(t, 8, EDGE), 0);
	t[3] = t[2] - 1;
	CHECK_EQ_U64(time_fit_edges_hz(t, 8, EDGE), 0);
	t[0] = 0;
	t[1] = UINT64_MAX; /* a span no measurement has */
	CHECK_EQ_U64(time_fit_edges_hz(t, 2 + TIME_FIT_MIN_STAMPS, EDGE), 0);
}

TEST(worst_input_random_stamps)
{
	uint64_t t[TIME_FIT_MAX_STAMPS];

	for (int run = 0; run < 20000; run++) {
		unsigned n = TIME_FIT_MIN_STAMPS + (unsigned)(rng() % (TIME_FIT_MAX_STAMPS - TIME_FIT_MIN_STAMPS + 1));
		uint64_t v = rng() >> (rng() % 64);
		uint32_t edge = (uint32_t)(rng() % 3 ? EDGE : rng());

		for (unsigned i = 0; i < n; i++) {
			v += (rng() >> (rng() % 64)) % (run % 2 ? 1000 : 1ull << 40);
			t[i] = v;
		}
		(void)time_fit_edges_hz(t, n, edge); /* no overflow, no division by zero, no hang */
	}
}

CHECK_MAIN("time_fit")

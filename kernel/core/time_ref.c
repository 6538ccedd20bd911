/*
 * TSC frequency sources (see keel/time.h), tried in order by tsc_calibrate(): CPUID leaves that
 * state the frequency, then reference clocks of known rate read by polling (HPET main counter,
 * ACPI PM timer, PIT channel 0 read back through latch commands, the RTC's periodic flag). Each
 * reference read is bracketed by two TSC reads and repeated, keeping the tightest bracket, so a
 * slow emulated access does not skew the result; a clock that is absent, does not advance or
 * gives an implausible result is skipped. Every wait is bounded by a spin count. A counter's
 * measurement has two halves (time_*_begin, time_ref_finish) so the boot can do other work while
 * the window runs: the window is at least CAL_WINDOW_US, longer if the work between takes longer.
 */
#include <keel/cpu.h>
#include <keel/mm.h>
#include <keel/time.h>

#include "kernel/core/time_fit.h"
#include "kernel/core/time_internal.h"

#define CAL_WINDOW_US 500u
#define SPIN_LIMIT 4000000ul
#define TSC_MIN_HZ 50000000ull
#define TSC_MAX_HZ 20000000000ull

#define HPET_CAP 0x00
#define HPET_CONFIG 0x10
#define HPET_COUNTER 0xF0
#define HPET_COUNT_64 (1ull << 13)
#define HPET_MAX_PERIOD_FS 100000000ull /* 100 ns: the specification's slowest clock */

#define PM_TIMER_HZ 3579545u
#define PIT_HZ 1193182u
#define PIT_CH0 0x40
#define PIT_CMD 0x43
#define RTC_INDEX 0x70
#define RTC_DATA 0x71
#define RTC_RATE_CODE 3u /* 8192 Hz */
#define RTC_RATE_HZ 8192u
#define RTC_SYNC_EDGES 1u
#define RTC_EDGES (RTC_SYNC_EDGES + 11u) /* fitted: ten periods, 1.2 ms */
#define REF_MOVE_READS 64u
#define RTC_POLL_PAUSES 16u

struct time_ref {
	uint64_t hz;
	uint64_t mask;
	uint64_t (*read)(const struct time_ref *r);
	volatile uint8_t *mmio;
	uint16_t port;
};

static bool valid_hz(uint64_t hz)
{
	return hz >= TSC_MIN_HZ && hz <= TSC_MAX_HZ;
}

uint64_t time_cpuid_hz(const char **source)
{
	uint32_t max, a, b, c, d;

	cpuid(0, 0, &max, &b, &c, &d);
	if (max >= 0x15) {
		cpuid(0x15, 0, &a, &b, &c, &d);
		if (a && b && c && valid_hz((uint64_t)c * b / a)) {
			*source = "CPUID 0x15";
			return (uint64_t)c * b / a;
		}
	}
	cpuid(1, 0, &a, &b, &c, &d);
	if (c & (1u << 31)) { /* running under a hypervisor */
		cpuid(0x40000000, 0, &a, &b, &c, &d);
		if (a >= 0x40000010 && a < 0x40010000) {
			cpuid(0x40000010, 0, &a, &b, &c, &d);
			if (valid_hz((uint64_t)a * 1000)) {
				*source = "hypervisor CPUID 0x40000010";
				return (uint64_t)a * 1000;
			}
		}
	}
	if (max >= 0x16) {
		cpuid(0x16, 0, &a, &b, &c, &d);
		if (valid_hz((uint64_t)(a & 0xFFFF) * 1000000)) {
			*source = "CPUID 0x16";
			return (uint64_t)(a & 0xFFFF) * 1000000;
		}
	}
	return 0;
}

uint64_t time_read_bracketed(uint64_t (*read)(const void *ctx), const void *ctx, uint64_t *tsc)
{
	uint64_t best = UINT64_MAX, val = 0;

	for (int i = 0; i < 4; i++) {
		uint64_t t0 = rdtsc(), v = read(ctx), t1 = rdtsc();

		if (t1 - t0 < best) {
			best = t1 - t0;
			*tsc = t0 + (t1 - t0) / 2;
			val = v;
		}
	}
	return val;
}

/* A reference's count, for time_read_bracketed(). */
static uint64_t ref_read_ctx(const void *ctx)
{
	const struct time_ref *r = ctx;

	return r->read(r);
}

/* The measurement under way: its reference and the first bracketed reading. */
static struct time_ref cal_ref;
static uint64_t cal_v0, cal_t0;
static bool cal_pending;

static bool ref_begin(const struct time_ref *r)
{
	cal_ref = *r;
	cal_v0 = time_read_bracketed(ref_read_ctx, &cal_ref, &cal_t0);
	cal_pending = true;
	return true;
}

uint64_t time_ref_finish(void)
{
	const struct time_ref *r = &cal_ref;
	uint64_t t1 = 0, v1, d, target = r->hz * CAL_WINDOW_US / 1000000u;
	unsigned long spins = 0;

	if (!cal_pending)
		return 0;
	cal_pending = false;
	/* The counters do not wrap during the boot's work between the halves: the HPET (32 bits at
	 * 100 MHz at most: 42 s), the PM timer (24 bits: 4.7 s); the PIT (16 bits: 55 ms) says when
	 * it did (time_pit_wrapped), and time.c then measures again at once. */
	while (((r->read(r) - cal_v0) & r->mask) < target) {
		if (++spins > SPIN_LIMIT)
			return 0;
	}
	v1 = time_read_bracketed(ref_read_ctx, r, &t1);
	d = (v1 - cal_v0) & r->mask;
	if (d < target || t1 <= cal_t0 || t1 - cal_t0 > UINT64_MAX / r->hz)
		return 0;
	d = (t1 - cal_t0) * r->hz / d;
	return valid_hz(d) ? d : 0;
}

/* A counter that never moves is no clock (absent hardware often reads as a constant). The
 * slowest (the PIT, 1.19 MHz) ticks within a few reads, each a port access of 0.1 us or more;
 * an absent one costs the boot REF_MOVE_READS of them. */
static bool ref_moves(const struct time_ref *r)
{
	uint64_t v = r->read(r);

	for (unsigned i = 0; i < REF_MOVE_READS; i++)
		if (r->read(r) != v)
			return true;
	return false;
}

static uint64_t hpet_read(const struct time_ref *r)
{
	if (r->mask == UINT64_MAX)
		return *(volatile uint64_t *)(r->mmio + HPET_COUNTER);
	return *(volatile uint32_t *)(r->mmio + HPET_COUNTER);
}

bool time_hpet_begin(uint64_t phys)
{
	struct time_ref r = { .read = hpet_read };
	uint64_t cap, period;
	volatile uint64_t *config;

	if (!phys || phys >= (4ull << 30) - 0x400)
		return false;
	r.mmio = phys_ptr(paddr(phys));
	cap = *(volatile uint64_t *)(r.mmio + HPET_CAP);
	period = cap >> 32;
	if (period == 0 || period > HPET_MAX_PERIOD_FS)
		return false;
	r.hz = 1000000000000000ull / period;
	r.mask = (cap & HPET_COUNT_64) ? UINT64_MAX : 0xFFFFFFFFull;
	config = (volatile uint64_t *)(r.mmio + HPET_CONFIG);
	*config |= 1; /* ENABLE_CNF: the main counter runs (left running for later users) */
	return ref_moves(&r) && ref_begin(&r);
}

static uint64_t pm_read(const struct time_ref *r)
{
	return inl(r->port) & r->mask;
}

bool time_pm_timer_begin(uint16_t port, bool ext32)
{
	struct time_ref r = { PM_TIMER_HZ, ext32 ? 0xFFFFFFFFull : 0xFFFFFFull, pm_read, NULL, port };

	return port && ref_moves(&r) && ref_begin(&r);
}

/* Channel 0 latched: the down-counter complemented into an up-counter. */
static uint64_t pit_read(const struct time_ref *r)
{
	uint8_t lo, hi;

	(void)r;
	outb(PIT_CMD, 0x00);
	lo = inb(PIT_CH0);
	hi = inb(PIT_CH0);
	return (uint16_t)~(lo | hi << 8);
}

/* Asked by the clock's calibration and again by the platform: the answer is kept (a PIT does not
 * come or go), so an absent one costs the boot its reads once. */
bool time_pit_present(void)
{
	static int known = -1;
	struct time_ref r = { PIT_HZ, 0xFFFF, pit_read, NULL, 0 };

	if (known == 0)
		return false;
	outb(PIT_CMD, 0x34); /* channel 0, lo/hi, mode 2, binary; count 0 = 65536 */
	outb(PIT_CH0, 0);
	outb(PIT_CH0, 0);
	/* No PIT: every read is 0xFFFF (complemented: 0), and it never moves. */
	if (known < 0)
		known = ref_moves(&r);
	return known;
}

/* Channel 0 in mode 0 (interrupt on terminal count) from 0xFFFF: its OUT pin rises after 55 ms
 * and stays up, so time_pit_wrapped() tells whether the count went round during the window. */
bool time_pit_begin(void)
{
	struct time_ref r = { PIT_HZ, 0xFFFF, pit_read, NULL, 0 };

	if (!time_pit_present())
		return false;
	outb(PIT_CMD, 0x30); /* channel 0, lo/hi, mode 0, binary: OUT goes low */
	outb(PIT_CH0, 0xFF);
	outb(PIT_CH0, 0xFF);
	return ref_begin(&r);
}

bool time_pit_wrapped(void)
{
	outb(PIT_CMD, 0xE2); /* read-back: status only, channel 0 */
	return (inb(PIT_CH0) & 0x80) != 0; /* OUT high: the terminal count was reached */
}

static uint8_t rtc_get(uint8_t reg)
{
	outb(RTC_INDEX, reg);
	return inb(RTC_DATA);
}

static void rtc_put(uint8_t reg, uint8_t v)
{
	outb(RTC_INDEX, reg);
	outb(RTC_DATA, v);
}

/* TSC at the next periodic-flag edge (reading register C clears the flag), or 0 on timeout.
 * The polls are spaced by a short pause: an emulated RTC's timer needs the device lock that a
 * tight loop of port reads would keep taking (QEMU under TCG then delays the edges by ms). */
static uint64_t rtc_next_edge(void)
{
	for (unsigned long i = 0; i < SPIN_LIMIT / 16; i++) {
		uint64_t t = rdtsc();

		if (rtc_get(0x0C) & 0x40)
			return t;
		for (unsigned p = 0; p < RTC_POLL_PAUSES; p++)
			cpu_pause();
	}
	return 0;
}

/* The RTC's periodic flag at 8192 Hz: time_rtc_begin() sets the rate (the first edges after a
 * rate change come late, by up to 0.6 ms under QEMU: the boot's memory set-up runs meanwhile),
 * time_rtc_finish() takes RTC_EDGES edges, the first only to synchronise (the flag has been up
 * since the first edge), and fits the rest with time_fit_edges_hz(): 1.3 ms of boot.
 * Under emulation the stamps scatter by some 15 us and a stalled poll misses edges; the fit takes
 * both, to a per cent or two, and the platform's time-refine task (drivers/platform.c) later
 * replaces the figure with a measurement over whole RTC seconds. */
static uint8_t rtc_saved_a, rtc_saved_b;
static bool rtc_pending;

bool time_rtc_begin(void)
{
	rtc_saved_a = rtc_get(0x0A);
	rtc_saved_b = rtc_get(0x0B);
	if (rtc_saved_a == 0xFF && rtc_saved_b == 0xFF)
		return false;
	rtc_put(0x0B, (uint8_t)(rtc_saved_b | 0x40)); /* PIE: the flag only runs with it (interrupts are off) */
	rtc_put(0x0A, (uint8_t)((rtc_saved_a & 0xF0) | RTC_RATE_CODE));
	rtc_pending = true;
	return true;
}

uint64_t time_rtc_finish(void)
{
	uint64_t t[RTC_EDGES], hz = 0;
	unsigned n;

	if (!rtc_pending)
		return 0;
	rtc_pending = false;
	for (n = 0; n < RTC_EDGES; n++)
		if (!(t[n] = rtc_next_edge()))
			break;
	rtc_put(0x0B, rtc_saved_b);
	rtc_put(0x0A, rtc_saved_a);
	(void)rtc_get(0x0C);
	if (n == RTC_EDGES)
		hz = time_fit_edges_hz(t + RTC_SYNC_EDGES, n - RTC_SYNC_EDGES, RTC_RATE_HZ);
	return valid_hz(hz) ? hz : 0;
}

/* TSC at the next change of the RTC's seconds register, or 0 (no RTC, or no change within ~3000
 * looks). sleep_ms(1) yields the CPU between looks, so the stamp is late by up to a tick; over a
 * measurement of whole seconds that is a fraction of a per mille. */
uint64_t time_rtc_second_edge(void (*sleep_ms)(uint64_t ms))
{
	uint8_t s0 = rtc_get(0x00);

	if (s0 == 0xFF)
		return 0;
	for (unsigned i = 0; i < 3000; i++) {
		sleep_ms(1);
		if (rtc_get(0x00) != s0)
			return rdtsc();
	}
	return 0;
}

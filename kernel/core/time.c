/*
 * TSC calibration against PIT channel 2 and TSC-based time (see keel/time.h). Channel 2's gate
 * is controlled through port 0x61 and its output is readable there, so calibration needs no
 * interrupt. Every wait is bounded: a missing or broken PIT falls back to an assumed frequency.
 */
#include <keel/cpu.h>
#include <keel/time.h>

#define PIT_HZ 1193182u
#define PIT_CH2 0x42
#define PIT_CMD 0x43
#define PIT_GATE 0x61
#define CAL_MS 10u
#define TSC_FALLBACK_HZ 2000000000ull

static uint64_t time_tsc_hz = TSC_FALLBACK_HZ;
static uint64_t time_tsc_base;

static uint64_t tsc_measure_once(void)
{
	uint16_t count = (uint16_t)(PIT_HZ * CAL_MS / 1000);
	uint8_t gate = inb(PIT_GATE);
	uint64_t start, end;
	unsigned long spins = 0;

	outb(PIT_GATE, (uint8_t)((gate & ~0x02) | 0x01)); /* gate high, speaker off */
	outb(PIT_CMD, 0xB0);                               /* ch2, lo/hi, mode 0, binary */
	outb(PIT_CH2, (uint8_t)count);
	outb(PIT_CH2, (uint8_t)(count >> 8));
	/* Restart the count: toggle the gate. */
	gate = inb(PIT_GATE);
	outb(PIT_GATE, (uint8_t)(gate & ~0x01));
	outb(PIT_GATE, (uint8_t)(gate | 0x01));
	start = rdtsc();
	while (!(inb(PIT_GATE) & 0x20)) {
		if (++spins > 50000000ul)
			return 0;
	}
	end = rdtsc();
	return (end - start) * (1000 / CAL_MS);
}

uint64_t tsc_calibrate(void)
{
	uint64_t best = 0;

	/* The smallest of three runs is the one least disturbed (e.g. by an emulator's scheduling). */
	for (int i = 0; i < 3; i++) {
		uint64_t hz = tsc_measure_once();

		if (hz && (!best || hz < best))
			best = hz;
	}
	if (best > 1000000)
		time_tsc_hz = best;
	time_tsc_base = rdtsc();
	return time_tsc_hz;
}

uint64_t tsc_hz(void)
{
	return time_tsc_hz;
}

uint64_t time_ns(void)
{
	uint64_t d = rdtsc() - time_tsc_base;

	/* Split to avoid 128-bit division (no libgcc): exact while the TSC runs below 18 GHz. */
	return d / time_tsc_hz * 1000000000u + d % time_tsc_hz * 1000000000u / time_tsc_hz;
}

void time_udelay(uint64_t us)
{
	uint64_t end = rdtsc() + us / 1000000u * time_tsc_hz + us % 1000000u * time_tsc_hz / 1000000u;

	while ((int64_t)(rdtsc() - end) < 0)
		cpu_pause();
}

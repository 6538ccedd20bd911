/*
 * TSC-based time (keel/time.h): the zero is the TSC at kernel entry, the frequency is measured
 * once by tsc_calibrate_begin/finish() from the first source in the documented order that answers (the
 * sources are in time_ref.c), and the boot phases are TSC stamps for the `boottime` command.
 * Until the frequency is known, time_ns() is 0 (log lines say 0.000000 rather than a guess).
 */
#include <keel/cpu.h>
#include <keel/time.h>

#include "kernel/core/time_internal.h"

static uint64_t time_tsc_hz;
static uint64_t time_tsc_base;
/* time_ns() = time_ns_at_rebase + cycles since time_tsc_rebase at time_tsc_hz (a refinement of
 * the frequency rebases, so the clock stays continuous and monotonic). */
static uint64_t time_tsc_rebase, time_ns_at_rebase;
static uint64_t time_cal_ns;
static const char *time_src = "not measured yet";
static bool time_measured;
static uint64_t boot_phases[BOOT_PHASES];

void time_init(uint64_t entry_tsc)
{
	uint64_t now = rdtsc();

	/* A loader that does not go through entry.asm's stamp, or a TSC that went backwards. */
	time_tsc_base = entry_tsc && entry_tsc <= now ? entry_tsc : now;
	time_tsc_rebase = time_tsc_base;
}

void time_refine(uint64_t hz, const char *source)
{
	uint64_t flags = read_rflags(), now;

	/* One CPU: with interrupts off no reader can see the update half done. */
	cpu_cli();
	now = rdtsc();
	time_ns_at_rebase += time_tsc_to_ns(now - time_tsc_rebase);
	time_tsc_rebase = now;
	time_tsc_hz = hz;
	time_src = source;
	time_measured = true;
	if (flags & (1u << 9))
		cpu_sti();
}

uint64_t boot_entry_tsc(void)
{
	return time_tsc_base;
}

/* The sources in order; the counters' measurements run in two halves (time_internal.h). */
enum cal_source { CAL_CPUID, CAL_HPET, CAL_PM_TIMER, CAL_PIT, CAL_RTC, CAL_NONE };

static const char *const cal_names[] = { "CPUID", "HPET", "ACPI PM timer", "PIT", "RTC", "" };
static const struct acpi_info *cal_ai;
static enum cal_source cal_next = CAL_CPUID, cal_running = CAL_NONE;
static uint64_t cal_hz, cal_busy;

/* Start the first source from cal_next on that answers; false when none is left. A source that
 * is not a counter measures at once (cal_hz). */
static bool cal_start(void)
{
	const struct acpi_info *ai = cal_ai;

	while (cal_next < CAL_NONE) {
		enum cal_source s = cal_next++;
		bool started = false;

		if (s == CAL_CPUID)
			cal_hz = time_cpuid_hz(&time_src);
		else if (s == CAL_HPET)
			started = ai && ai->has_hpet && time_hpet_begin(ai->hpet_addr);
		else if (s == CAL_PM_TIMER)
			started = ai && ai->pm_timer_port && time_pm_timer_begin(ai->pm_timer_port, ai->pm_timer_32bit);
		else if (s == CAL_PIT)
			started = time_pit_begin();
		else if (!(ai && ai->boot_arch_valid && (ai->boot_arch & ACPI_BOOT_NO_CMOS_RTC)))
			started = time_rtc_begin();
		if (s != CAL_CPUID)
			time_src = cal_names[s];
		if (cal_hz)
			return true;
		if (started) {
			cal_running = s;
			return true;
		}
	}
	return false;
}

void tsc_calibrate_begin(const struct acpi_info *ai)
{
	uint64_t t0 = rdtsc();

	cal_ai = ai;
	cal_next = CAL_CPUID;
	cal_running = CAL_NONE;
	cal_hz = 0;
	(void)cal_start();
	cal_busy = rdtsc() - t0;
}

uint64_t tsc_calibrate_finish(void)
{
	uint64_t t0 = rdtsc(), hz;

	for (;;) {
		if (cal_running != CAL_NONE) {
			enum cal_source s = cal_running;

			cal_running = CAL_NONE;
			cal_hz = s == CAL_RTC ? time_rtc_finish() : time_ref_finish();
			/* The PIT's count went round while the boot worked (a host that stalled us for
			 * 55 ms): measure it again, at once, over its plain 0.5 ms. */
			if (s == CAL_PIT && time_pit_wrapped()) {
				cal_hz = time_pit_begin() ? time_ref_finish() : 0;
				if (cal_hz && time_pit_wrapped())
					cal_hz = 0;
			}
		}
		if (cal_hz || !cal_start())
			break;
	}
	hz = cal_hz;
	time_measured = hz != 0;
	if (!hz) {
		hz = TSC_FALLBACK_HZ;
		time_src = "assumed: nothing could measure it";
	}
	time_tsc_hz = hz;
	cal_busy += rdtsc() - t0;
	time_cal_ns = time_tsc_to_ns(cal_busy);
	return hz;
}

uint64_t tsc_calibrate(const struct acpi_info *ai)
{
	tsc_calibrate_begin(ai);
	return tsc_calibrate_finish();
}

uint64_t tsc_hz(void)
{
	return time_tsc_hz ? time_tsc_hz : TSC_FALLBACK_HZ;
}

const char *tsc_source(void)
{
	return time_src;
}

uint64_t tsc_calibration_ns(void)
{
	return time_cal_ns;
}

bool tsc_measured(void)
{
	return time_measured;
}

uint64_t time_tsc_to_ns(uint64_t d)
{
	uint64_t hz = time_tsc_hz;

	if (!hz)
		return 0;
	/* Split to avoid 128-bit division (no libgcc): exact while the TSC runs below 18 GHz. */
	return d / hz * 1000000000u + d % hz * 1000000000u / hz;
}

uint64_t time_us_to_tsc(uint64_t us)
{
	uint64_t hz = tsc_hz();

	return us / 1000000u * hz + us % 1000000u * hz / 1000000u;
}

uint64_t time_ns(void)
{
	return time_ns_at_rebase + time_tsc_to_ns(rdtsc() - time_tsc_rebase);
}

void time_udelay(uint64_t us)
{
	uint64_t end = rdtsc() + time_us_to_tsc(us);

	while ((int64_t)(rdtsc() - end) < 0)
		cpu_pause();
}

void boot_phase_mark(enum boot_phase phase)
{
	uint64_t zero = 0, now = rdtsc() - time_tsc_base;

	if (phase >= BOOT_PHASES || phase == BOOT_PHASE_ENTRY)
		return;
	__atomic_compare_exchange_n(&boot_phases[phase], &zero, now ? now : 1, false, __ATOMIC_RELAXED,
				    __ATOMIC_RELAXED);
}

uint64_t boot_phase_cycles(enum boot_phase phase)
{
	if (phase >= BOOT_PHASES)
		return 0;
	return __atomic_load_n(&boot_phases[phase], __ATOMIC_RELAXED);
}

const char *boot_phase_name(enum boot_phase phase)
{
	static const char *const names[BOOT_PHASES] = {
		[BOOT_PHASE_ENTRY] = "kernel entry",
		[BOOT_PHASE_MEMORY] = "memory (frames, page tables)",
		[BOOT_PHASE_CLOCK] = "clock measured, first log line",
		[BOOT_PHASE_CONSOLE] = "console ready",
		[BOOT_PHASE_MODULES] = "boot modules initialised",
		[BOOT_PHASE_COMPLETE] = "boot complete",
		[BOOT_PHASE_SETTLED] = "devices settled (deferred)",
	};

	return phase < BOOT_PHASES ? names[phase] : "?";
}

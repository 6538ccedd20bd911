/*
 * Time from the TSC, counted from the kernel's first instruction (boot/entry.asm reads the TSC
 * before anything else). nano_core measures the TSC frequency once at boot, before the first log
 * line, from the best source the machine has: CPUID leaf 0x15/0x16, the hypervisor leaf
 * 0x40000010, else a calibration of at least 0.5 ms against the HPET, the ACPI PM timer, PIT
 * channel 0 or the RTC's periodic flag, in that order (all polled: no interrupts needed; the HPET's
 * and PM timer's window runs while the boot sets up memory). When nothing can measure
 * it, an assumed frequency is used and a loud warning says so. Uptime and log timestamps come
 * from here, never from counting timer ticks, so lost ticks do not skew them.
 */
#ifndef KEEL_TIME_H
#define KEEL_TIME_H

#include <stdbool.h>
#include <stdint.h>

#include <keel/acpi_tables.h>

#define TSC_FALLBACK_HZ 2000000000ull

/* Record the TSC at kernel entry (the zero of time_ns). Called first thing by kmain. */
void time_init(uint64_t entry_tsc);

/* Measure the TSC frequency (ai may be NULL or hold no tables). Returns it in Hz; never 0. */
uint64_t tsc_calibrate(const struct acpi_info *ai);
/* The same in two halves, so the boot works while a counter's window runs (ai must stay valid
 * until the finish, which returns the frequency; the time spent in the two calls is what
 * tsc_calibration_ns() reports). */
void tsc_calibrate_begin(const struct acpi_info *ai);
uint64_t tsc_calibrate_finish(void);
uint64_t tsc_hz(void);
/* How the frequency was found ("CPUID 0x15", "HPET", ..., or "assumed"), and how long it took. */
const char *tsc_source(void);
uint64_t tsc_calibration_ns(void);
bool tsc_measured(void);

/* A better measurement of the frequency (e.g. over whole RTC seconds, after boot): the clock
 * continues from its current value at the new rate. Context: task. */
void time_refine(uint64_t hz, const char *source);
/* TSC at the next tick of the RTC's seconds register (looked at after each sleep_ms(1)), or 0
 * when it does not change within ~3000 looks. */
uint64_t time_rtc_second_edge(void (*sleep_ms)(uint64_t ms));

/* Nanoseconds since kernel entry; 0 until the TSC frequency is known. */
uint64_t time_ns(void);
/* TSC cycles to nanoseconds / microseconds to cycles at the measured frequency. */
uint64_t time_tsc_to_ns(uint64_t cycles);
uint64_t time_us_to_tsc(uint64_t us);
/* Busy-wait (no scheduler needed). */
void time_udelay(uint64_t us);
/* read(ctx) between two TSC reads, four times: the value of the tightest bracket, and in *tsc the
 * TSC at its middle (so a slow, emulated read does not skew a calibration). */
uint64_t time_read_bracketed(uint64_t (*read)(const void *ctx), const void *ctx, uint64_t *tsc);

/* True when a PIT answers on ports 0x40-0x43 (channel 0 is left in mode 2, count 65536). */
bool time_pit_present(void);

/* Boot phases (kernel entry = 0), for the `boottime` command and `make bench`. */
enum boot_phase {
	BOOT_PHASE_ENTRY,
	BOOT_PHASE_MEMORY,    /* frames and final page tables (while the clock's window runs) */
	BOOT_PHASE_CLOCK,     /* TSC frequency known: the first log line */
	BOOT_PHASE_CONSOLE,   /* a console listens on a serial port (a module: before the next) */
	BOOT_PHASE_MODULES,   /* every boot-time module initialised (the deferred ones come later) */
	BOOT_PHASE_COMPLETE,  /* "boot complete" */
	BOOT_PHASE_SETTLED,   /* the deferred modules (device probes, volumes) have run, after boot */
	BOOT_PHASES,
};

/* Record that `phase` was reached now (the first call per phase counts). Context: any. */
void boot_phase_mark(enum boot_phase phase);
/* TSC cycles since entry at which the phase was reached, or 0 when not (yet) reached. */
uint64_t boot_phase_cycles(enum boot_phase phase);
const char *boot_phase_name(enum boot_phase phase);
/* The TSC at kernel entry: on a machine whose TSC starts at reset, the firmware's share. */
uint64_t boot_entry_tsc(void);

#endif /* KEEL_TIME_H */

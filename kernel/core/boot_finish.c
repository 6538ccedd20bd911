/*
 * The end of the boot sequence. With a scheduler module linked, its hook takes over the CPU
 * and never returns (the settle task then runs the deferred modules); nano_core alone runs any
 * deferred modules here, has nothing left to run, so it says so and halts cleanly.
 */
#include <keel/cpu.h>
#include <keel/log.h>
#include <keel/mm.h>
#include <keel/module.h>
#include <keel/time.h>

#include "kernel/core/boot.h"

void (*boot_idle_hook)(void);
void (*boot_ktest_hook)(const char *selection);

void boot_finish(void)
{
	boot_phase_mark(BOOT_PHASE_COMPLETE);
	log_flush_early(); /* nothing took the boot's lines over (no serial driver): out they go */
	pr_info("keel", "boot complete: %llu of %llu frames free, %llu us from kernel entry",
		(unsigned long long)frames_free_count(), (unsigned long long)frames_total_count(),
		(unsigned long long)(time_tsc_to_ns(boot_phase_cycles(BOOT_PHASE_COMPLETE)) / 1000));
	if (boot_idle_hook)
		boot_idle_hook();
	(void)modules_init_deferred(); /* no scheduler to run them after the boot: now */
	pr_info("keel", "nothing to run; halting");
	cpu_halt_forever();
}

/*
 * The end of the boot sequence. With a scheduler module linked, its hook takes over the CPU
 * and never returns; nano_core alone has nothing left to run, so it says so and halts cleanly.
 */
#include <keel/cpu.h>
#include <keel/log.h>
#include <keel/mm.h>

#include "kernel/core/boot.h"

void (*boot_idle_hook)(void);
void (*boot_ktest_hook)(const char *selection);

void boot_finish(void)
{
	pr_info("keel", "boot complete: %llu of %llu frames free",
		(unsigned long long)frames_free_count(), (unsigned long long)frames_total_count());
	if (boot_idle_hook)
		boot_idle_hook();
	pr_info("keel", "nothing to run; halting");
	cpu_halt_forever();
}

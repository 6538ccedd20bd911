/*
 * Static module registration. MODULE_INIT(name, LEVEL, fn) places a descriptor in a
 * .modinit.<level>.<name> section; linker.ld gathers them sorted, so nano_core walks them in
 * level order (then name order) and logs each result. nano_core itself never names a module
 * symbol: `make nano` links it with zero modules and the table is simply empty. A module that
 * fails is logged and the boot goes on, unless it is MODULE_INIT_REQUIRED.
 * MODULE_INIT_DEFERRED marks a module the serial console does not need (probes of devices such as
 * the PS/2 controller and the ATA channels, mounting volumes): it is left out of the boot's walk
 * and run, in the same level order, by modules_init_deferred() after "boot complete" (kernel/
 * settle.c calls it from a task; without a scheduler boot_finish() calls it).
 */
#ifndef KEEL_MODULE_H
#define KEEL_MODULE_H

#include <stdint.h>

#include <keel/compiler.h>

/* Levels: single digits, so the section names sort numerically. */
#define MODULE_LEVEL_EARLY 1   /* heap, log ring */
#define MODULE_LEVEL_CORE 2    /* interrupt controller, timer, scheduler */
#define MODULE_LEVEL_BUS 3     /* PCI, ACPI */
#define MODULE_LEVEL_DRIVER 4  /* devices */
#define MODULE_LEVEL_FS 5      /* file systems */
#define MODULE_LEVEL_SERVICE 6 /* consoles, shell */
#define MODULE_LEVEL_LATE 7

#define MODULE_REQUIRED 1u
#define MODULE_DEFERRED 2u

struct module_desc {
	const char *name;
	int (*init)(void);
	uint32_t level;
	uint32_t flags;
};

/* The table holds pointers to descriptors: 8-byte entries the compiler never pads or
 * over-aligns (it may over-align larger objects, which would leave gaps in a table of structs). */
#define MODULE_INIT_FLAGS(mname, lvl, fn, fl) \
	static const struct module_desc module_desc_##mname = { #mname, fn, MODULE_LEVEL_##lvl, fl }; \
	static const struct module_desc *const module_ptr_##mname KEEL_USED KEEL_ALIGNED(8) KEEL_SECTION( \
		".modinit." KEEL_STR(MODULE_LEVEL_##lvl) "." #mname) = &module_desc_##mname

#define MODULE_INIT(mname, lvl, fn) MODULE_INIT_FLAGS(mname, lvl, fn, 0)
#define MODULE_INIT_REQUIRED(mname, lvl, fn) MODULE_INIT_FLAGS(mname, lvl, fn, MODULE_REQUIRED)
#define MODULE_INIT_DEFERRED(mname, lvl, fn) MODULE_INIT_FLAGS(mname, lvl, fn, MODULE_DEFERRED)

/* Walk the table, skipping deferred modules; returns the number of modules run. */
unsigned modules_init_all(void);
/* Run the deferred modules, once (a second call, or a concurrent one, returns 0 at once), then
 * mark BOOT_PHASE_SETTLED and log how long they took. Returns the number run. Context: task or
 * the end of the boot. */
unsigned modules_init_deferred(void);
unsigned modules_deferred_count(void);
unsigned modules_count(void);
const struct module_desc *const *modules_table(void);

#endif /* KEEL_MODULE_H */

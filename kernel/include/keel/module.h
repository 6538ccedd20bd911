/*
 * Static module registration. MODULE_INIT(name, LEVEL, fn) places a descriptor in a
 * .modinit.<level>.<name> section; linker.ld gathers them sorted, so nano_core walks them in
 * level order (then name order) and logs each result. nano_core itself never names a module
 * symbol: `make nano` links it with zero modules and the table is simply empty. A module that
 * fails is logged and the boot goes on, unless it is MODULE_INIT_REQUIRED.
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

/* 32 bytes and 32-aligned: compilers over-align objects of 16 bytes or more (gcc to 16, and to
 * 32 for 32+), so a 24-byte descriptor would leave padding holes in the table. */
struct module_desc {
	const char *name;
	int (*init)(void);
	uint32_t level;
	uint32_t flags;
	uint64_t reserved;
} KEEL_ALIGNED(32);

_Static_assert(sizeof(struct module_desc) == 32, "module descriptors are packed in a table");

#define MODULE_INIT_FLAGS(mname, lvl, fn, fl) \
	static const struct module_desc module_desc_##mname KEEL_USED KEEL_SECTION( \
		".modinit." KEEL_STR(MODULE_LEVEL_##lvl) "." #mname) = { #mname, fn, MODULE_LEVEL_##lvl, fl, 0 }

#define MODULE_INIT(mname, lvl, fn) MODULE_INIT_FLAGS(mname, lvl, fn, 0)
#define MODULE_INIT_REQUIRED(mname, lvl, fn) MODULE_INIT_FLAGS(mname, lvl, fn, MODULE_REQUIRED)

/* Walk the table; returns the number of modules run. */
unsigned modules_init_all(void);
unsigned modules_count(void);
const struct module_desc *modules_table(void);

#endif /* KEEL_MODULE_H */

/*
 * Runs the statically-registered modules (keel/module.h) in level order, logging each result
 * with its time. A failing optional module is reported and skipped; a required one panics.
 */
#include <keel/errno.h>
#include <keel/log.h>
#include <keel/module.h>
#include <keel/panic.h>
#include <keel/time.h>

extern const struct module_desc *const __modinit_start[], *const __modinit_end[];

unsigned modules_count(void)
{
	return (unsigned)(__modinit_end - __modinit_start);
}

const struct module_desc *const *modules_table(void)
{
	return __modinit_start;
}

unsigned modules_init_all(void)
{
	unsigned n = modules_count(), failed = 0, absent = 0;

	if (n == 0) {
		pr_info("nano_core", "no modules");
		return 0;
	}
	pr_info("modules", "%u modules linked", n);
	for (const struct module_desc *const *mp = __modinit_start; mp < __modinit_end; mp++) {
		const struct module_desc *m = *mp;
		uint64_t t0 = time_ns();
		int ret = m->init();
		uint64_t us = (time_ns() - t0) / 1000;

		if (ret == 0) {
			pr_debug("modules", "%s: ok (level %u, %llu us)", m->name, m->level, (unsigned long long)us);
			continue;
		}
		if (m->flags & MODULE_REQUIRED)
			panic("required module %s failed: %s (%d)", m->name, keel_strerror(ret), ret);
		if (ret == -ENODEV) {
			absent++;
			pr_debug("modules", "%s: no device (%llu us)", m->name, (unsigned long long)us);
		} else {
			failed++;
			pr_err("modules", "%s: failed: %s (%d); continuing without it", m->name,
			       keel_strerror(ret), ret);
		}
	}
	pr_info("modules", "%u modules: %u started, %u found no device, %u failed", n, n - failed - absent,
		absent, failed);
	return n;
}

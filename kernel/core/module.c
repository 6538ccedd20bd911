/*
 * Runs the statically-registered modules (keel/module.h) in level order, logging each result
 * with its time. A failing optional module is reported and skipped; a required one panics.
 * Deferred modules are skipped by the boot's walk and run by modules_init_deferred() once the
 * boot is complete, so what the serial console does not need costs the boot nothing.
 */
#include <keel/errno.h>
#include <keel/log.h>
#include <keel/module.h>
#include <keel/panic.h>
#include <keel/time.h>

extern const struct module_desc *const __modinit_start[], *const __modinit_end[];

static bool modules_deferred_claimed;

unsigned modules_count(void)
{
	return (unsigned)(__modinit_end - __modinit_start);
}

const struct module_desc *const *modules_table(void)
{
	return __modinit_start;
}

unsigned modules_deferred_count(void)
{
	unsigned n = 0;

	for (const struct module_desc *const *mp = __modinit_start; mp < __modinit_end; mp++)
		n += ((*mp)->flags & MODULE_DEFERRED) != 0;
	return n;
}

/* Run every module whose deferred flag is `deferred`; counts the absent and failed ones. */
static unsigned modules_run(bool deferred, unsigned *absent, unsigned *failed)
{
	unsigned ran = 0;

	for (const struct module_desc *const *mp = __modinit_start; mp < __modinit_end; mp++) {
		const struct module_desc *m = *mp;
		uint64_t t0, us;
		int ret;

		if (((m->flags & MODULE_DEFERRED) != 0) != deferred)
			continue;
		ran++;
		t0 = time_ns();
		ret = m->init();
		us = (time_ns() - t0) / 1000;
		if (ret == 0) {
			pr_debug("modules", "%s: ok (level %u, %llu us)", m->name, m->level, (unsigned long long)us);
			continue;
		}
		if (m->flags & MODULE_REQUIRED)
			panic("required module %s failed: %s (%d)", m->name, keel_strerror(ret), ret);
		if (ret == -ENODEV) {
			(*absent)++;
			pr_debug("modules", "%s: no device (%llu us)", m->name, (unsigned long long)us);
		} else {
			(*failed)++;
			pr_err("modules", "%s: failed: %s (%d); continuing without it", m->name,
			       keel_strerror(ret), ret);
		}
	}
	return ran;
}

unsigned modules_init_all(void)
{
	unsigned n = modules_count(), failed = 0, absent = 0, ran;

	if (n == 0) {
		pr_info("nano_core", "no modules");
		return 0;
	}
	pr_info("modules", "%u modules linked", n);
	ran = modules_run(false, &absent, &failed);
	pr_info("modules", "%u modules: %u started, %u found no device, %u failed, %u deferred until after boot", n,
		ran - failed - absent, absent, failed, n - ran);
	return ran;
}

unsigned modules_init_deferred(void)
{
	unsigned failed = 0, absent = 0, ran;
	uint64_t t0;

	if (__atomic_exchange_n(&modules_deferred_claimed, true, __ATOMIC_ACQ_REL))
		return 0;
	t0 = time_ns();
	ran = modules_run(true, &absent, &failed);
	boot_phase_mark(BOOT_PHASE_SETTLED);
	if (ran)
		pr_info("modules", "%u deferred modules in %llu us: %u started, %u found no device, %u failed; "
			"devices settled %llu us from kernel entry", ran, (unsigned long long)((time_ns() - t0) / 1000),
			ran - failed - absent, absent, failed,
			(unsigned long long)(time_tsc_to_ns(boot_phase_cycles(BOOT_PHASE_SETTLED)) / 1000));
	return ran;
}

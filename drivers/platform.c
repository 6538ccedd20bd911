/*
 * Interrupt routing and the system tick, owned by Keel whatever the firmware left (CORE level,
 * before the scheduler). Chooses the interrupt controller: the 8259 pair when it answers (with
 * the local APIC in virtual wire mode: LINT0 ExtINT), else the I/O APICs of the MADT or, without
 * one, of the MP table (8259 masked, LINT0 masked); `keel.irqchip=pic|ioapic` overrides, and the
 * log says which and why.
 * Then the tick: the PIT when one answers, else the local APIC timer (`keel.timer=lapic` forces
 * it). Application processors are never started: the log says how many stay parked.
 * Where the TSC frequency at boot came only from the RTC's periodic flag (rough under emulation)
 * or from nothing, a task measures it over two whole RTC seconds once the scheduler runs, and the
 * local APIC timer is recalibrated against the better figure.
 */
#include <keel/acpi_tables.h>
#include <keel/cmdline.h>
#include <keel/errno.h>
#include <keel/irq.h>
#include <keel/log.h>
#include <keel/module.h>
#include <keel/task.h>
#include <keel/time.h>
#include <keel/timer.h>
#include <string.h>

#include "drivers/ioapic.h"
#include "drivers/lapic.h"
#include "drivers/pic8259.h"
#include "drivers/pit.h"
#include "drivers/platform.h"

static struct platform_state platform = { .irqchip = "none", .irqchip_why = "not set up", .cpus = 1 };

const struct platform_state *platform_get(void)
{
	return &platform;
}

/* Which controller, and why (a static string). */
static bool platform_use_ioapic(bool have_pic, bool have_ioapic, bool mp, const char **why)
{
	char want[16];

	if (cmdline_find(cmdline_get(), "keel.irqchip", want, sizeof(want))) {
		if (strcmp(want, "pic") == 0 && have_pic) {
			*why = "keel.irqchip=pic";
			return false;
		}
		if (strcmp(want, "ioapic") == 0 && have_ioapic) {
			*why = mp ? "keel.irqchip=ioapic; routes from the MP table" : "keel.irqchip=ioapic";
			return true;
		}
		if (strcmp(want, "pic") == 0 || strcmp(want, "ioapic") == 0)
			pr_warn("irq", "keel.irqchip=%s: this machine has none; ignored", want);
		else
			pr_warn("irq", "keel.irqchip=%s: not pic or ioapic; ignored", want);
	}
	if (have_pic) {
		*why = have_ioapic ? "the 8259 pair answers; keel.irqchip=ioapic selects the I/O APIC" :
				     "the 8259 pair answers and no table lists an I/O APIC";
		return false;
	}
	*why = mp ? "no 8259 answers: the I/O APIC from the MP table" :
		    "no 8259 answers: the I/O APIC from the MADT";
	return true;
}

/* Context: IRQ. */
static void platform_lapic_tick(unsigned irq, void *ctx)
{
	(void)irq;
	(void)ctx;
	timer_tick();
}

/* Start (or restart, after a better TSC measurement) the local APIC tick; `why` is logged with it,
 * NULL for a quiet restart. */
static int platform_start_lapic_timer(const char *why)
{
	uint64_t input_hz;
	int ret = lapic_timer_start(TIMER_HZ, IRQ_VECTOR_BASE + IRQ_LAPIC_TIMER, &input_hz);

	if (ret || !why)
		return ret;
	pr_info("timer", "%s: local APIC timer at %u Hz (input %llu.%03llu MHz, measured against the TSC)", why,
		TIMER_HZ, (unsigned long long)(input_hz / 1000000), (unsigned long long)(input_hz / 1000 % 1000));
	return 0;
}

static int platform_start_timer(void)
{
	bool force_lapic = false;
	char want[16];
	int ret;

	if (cmdline_find(cmdline_get(), "keel.timer", want, sizeof(want))) {
		force_lapic = strcmp(want, "lapic") == 0;
		if (!force_lapic && strcmp(want, "pit") != 0)
			pr_warn("timer", "keel.timer=%s: not pit or lapic; ignored", want);
	}
	if (platform.pit_present && !force_lapic)
		return pit_timer_start(TIMER_HZ);
	if (!platform.lapic) {
		pr_err("timer", "no PIT and no local APIC: no timer tick");
		return -ENODEV;
	}
	ret = irq_register(IRQ_LAPIC_TIMER, platform_lapic_tick, NULL);
	if (ret)
		return ret;
	ret = platform_start_lapic_timer(force_lapic ? "keel.timer=lapic" : "no PIT");
	if (ret) {
		irq_unregister(IRQ_LAPIC_TIMER, platform_lapic_tick, NULL);
		return ret;
	}
	timer_set_source("local APIC timer", IRQ_LAPIC_TIMER);
	return 0;
}

#define REFINE_SECONDS 2u

static int platform_refine_task(void *arg)
{
	uint64_t e0, e1 = 0, hz, old = tsc_hz();

	(void)arg;
	e0 = time_rtc_second_edge(task_sleep_ms);
	for (unsigned i = 0; e0 && i < REFINE_SECONDS; i++)
		if (!(e1 = time_rtc_second_edge(task_sleep_ms)))
			break;
	if (!e0 || !e1 || e1 <= e0) {
		pr_warn("time", "the RTC's seconds do not advance: the TSC frequency stays %s", tsc_source());
		return 0;
	}
	hz = (e1 - e0) / REFINE_SECONDS;
	time_refine(hz, "RTC seconds");
	pr_info("time", "TSC %llu.%03llu MHz over %u RTC seconds (%llu.%03llu MHz at boot)",
		(unsigned long long)(hz / 1000000), (unsigned long long)(hz / 1000 % 1000), REFINE_SECONDS,
		(unsigned long long)(old / 1000000), (unsigned long long)(old / 1000 % 1000));
	if (strcmp(timer_source(), "local APIC timer") == 0 && platform_start_lapic_timer(NULL) != 0)
		pr_warn("timer", "local APIC timer recalibration failed; the tick keeps its old rate");
	return 0;
}

static int platform_refine_init(void)
{
	struct task *t;

	if (tsc_measured() && strcmp(tsc_source(), "RTC") != 0)
		return 0; /* a good clock measured it */
	if (platform_get()->rtc_absent)
		return 0;
	t = task_spawn("time-refine", platform_refine_task, NULL);
	if (!t)
		return -ENOMEM;
	task_detach(t);
	return 0;
}

MODULE_INIT(platform_refine, LATE, platform_refine_init);

static int platform_init(void)
{
	const struct acpi_info *ai = acpi_info_get();
	bool have_ioapic, use_ioapic;
	int ret;

	platform.pic_present = pic8259_probe();
	platform.pit_present = time_pit_present();
	platform.rtc_absent = ai->boot_arch_valid && (ai->boot_arch & ACPI_BOOT_NO_CMOS_RTC);
	have_ioapic = lapic_present() && ai->ioapic_count > 0;
	if (!platform.pic_present && !have_ioapic) {
		pr_err("irq", "no 8259 answers and no MADT or MP table lists an I/O APIC: no interrupt controller");
		return -ENODEV;
	}
	use_ioapic = platform_use_ioapic(platform.pic_present, have_ioapic, ai->mp_table, &platform.irqchip_why);
	if (lapic_present()) {
		ret = lapic_init(!use_ioapic, ai);
		if (ret && use_ioapic)
			return ret;
		platform.lapic = ret == 0;
		if (platform.lapic)
			irq_set_local_eoi(lapic_eoi);
	}
	if (use_ioapic) {
		ret = ioapic_setup(ai, lapic_id());
		if (ret == -ENODEV)
			return ret;
		if (platform.pic_present)
			pic8259_disable();
		ret = irq_set_chip(&ioapic_ops, platform.irqchip_why);
	} else {
		ret = irq_set_chip(&pic8259_ops, platform.irqchip_why);
	}
	if (ret)
		return ret;
	platform.irqchip = irq_chip()->name;
	if ((ai->has_madt || ai->mp_table) && ai->cpus_enabled > 1) {
		platform.cpus = ai->cpus_enabled;
		pr_info("smp", "%u CPUs in the %s: Keel runs on the boot CPU (APIC %u); the other %u stay parked",
			ai->cpus_enabled, ai->has_madt ? "MADT" : "MP table", platform.lapic ? lapic_id() : 0,
			ai->cpus_enabled - 1);
	} else {
		pr_info("smp", "1 CPU");
	}
	return platform_start_timer();
}

MODULE_INIT_REQUIRED(platform, CORE, platform_init);

/*
 * The local APIC driver (drivers/lapic.h). Register access goes through the MMIO page at the
 * address in IA32_APIC_BASE (in the direct map; firmware MTRRs make that range uncached), or
 * through the x2APIC MSRs when the firmware enabled x2APIC mode (which cannot be left without a
 * reset). Spurious interrupts (vector 0xFF) need no EOI and are only counted; APIC errors are
 * logged with the error status. The timer runs periodic, divide by 16, its count calibrated
 * against the TSC over 1 ms.
 */
#include <keel/cpu.h>
#include <keel/errno.h>
#include <keel/interrupt.h>
#include <keel/log.h>
#include <keel/mm.h>
#include <keel/time.h>

#include "drivers/lapic.h"

#define MSR_APIC_BASE 0x1B
#define APIC_BASE_ENABLE (1ull << 11)
#define APIC_BASE_X2APIC (1ull << 10)
#define APIC_BASE_ADDR_MASK 0xFFFFFF000ull

#define LAPIC_ID 0x20
#define LAPIC_VERSION 0x30
#define LAPIC_TPR 0x80
#define LAPIC_EOI 0xB0
#define LAPIC_SVR 0xF0
#define LAPIC_ESR 0x280
#define LAPIC_ICR_LOW 0x300
#define LAPIC_ICR_HIGH 0x310
#define X2APIC_SELF_IPI 0x83F
#define LAPIC_LVT_TIMER 0x320
#define LAPIC_LVT_LINT0 0x350
#define LAPIC_LVT_LINT1 0x360
#define LAPIC_LVT_ERROR 0x370
#define LAPIC_TIMER_INIT 0x380
#define LAPIC_TIMER_CUR 0x390
#define LAPIC_TIMER_DIV 0x3E0

#define LVT_MASKED (1u << 16)
#define LVT_LEVEL (1u << 15)
#define LVT_ACTIVE_LOW (1u << 13)
#define LVT_NMI (4u << 8)
#define LVT_EXTINT (7u << 8)
#define LVT_TIMER_PERIODIC (1u << 17)
#define ICR_SELF (1u << 18)
#define ICR_ASSERT (1u << 14)
#define ICR_PENDING (1u << 12)
#define SVR_ENABLE (1u << 8)
#define TIMER_DIV_16 0x3
#define TIMER_CAL_US 250u /* boot time; bracketed reads keep it to about 0.1 per cent */

static volatile uint8_t *lapic_mmio;
static bool lapic_x2;
static uint64_t lapic_spurious, lapic_errors;

static uint32_t lapic_read(uint32_t reg)
{
	if (lapic_x2)
		return (uint32_t)rdmsr(0x800 + (reg >> 4));
	return *(volatile uint32_t *)(lapic_mmio + reg);
}

static void lapic_write(uint32_t reg, uint32_t v)
{
	if (lapic_x2)
		wrmsr(0x800 + (reg >> 4), v);
	else
		*(volatile uint32_t *)(lapic_mmio + reg) = v;
}

bool lapic_present(void)
{
	uint32_t a, b, c, d;

	cpuid(1, 0, &a, &b, &c, &d);
	return (d & (1u << 9)) != 0;
}

uint32_t lapic_id(void)
{
	uint32_t id = lapic_read(LAPIC_ID);

	return lapic_x2 ? id : id >> 24;
}

const char *lapic_mode(void)
{
	return lapic_x2 ? "x2APIC" : "xAPIC";
}

void lapic_eoi(void)
{
	lapic_write(LAPIC_EOI, 0);
}

void lapic_self_ipi(uint8_t vector)
{
	if (lapic_x2) {
		wrmsr(X2APIC_SELF_IPI, vector);
		return;
	}
	for (unsigned i = 0; i < 100000 && (lapic_read(LAPIC_ICR_LOW) & ICR_PENDING); i++)
		cpu_pause();
	lapic_write(LAPIC_ICR_HIGH, 0);
	lapic_write(LAPIC_ICR_LOW, ICR_SELF | ICR_ASSERT | vector);
}

uint64_t lapic_spurious_count(void)
{
	return __atomic_load_n(&lapic_spurious, __ATOMIC_RELAXED);
}

uint64_t lapic_error_count(void)
{
	return __atomic_load_n(&lapic_errors, __ATOMIC_RELAXED);
}

/* Context: IRQ. A spurious interrupt is not in service: no EOI. */
static void lapic_spurious_irq(struct interrupt_frame *f, void *ctx)
{
	(void)f;
	(void)ctx;
	__atomic_add_fetch(&lapic_spurious, 1, __ATOMIC_RELAXED);
}

/* Context: IRQ. */
static void lapic_error_irq(struct interrupt_frame *f, void *ctx)
{
	uint32_t esr;
	uint64_t n;

	(void)f;
	(void)ctx;
	lapic_write(LAPIC_ESR, 0); /* latch the errors into the register */
	esr = lapic_read(LAPIC_ESR);
	lapic_eoi();
	n = __atomic_add_fetch(&lapic_errors, 1, __ATOMIC_RELAXED);
	if (n <= 10)
		pr_warn("lapic", "APIC error, status 0x%x", esr);
}

/* The LVT value for LINTn: NMI when the MADT says so (for every CPU or this one's UID is not
 * known here, so entries for "all" and for UID 0 count), ExtINT for LINT0 in virtual wire. */
static uint32_t lapic_lint_lvt(unsigned lint, bool virtual_wire, const struct acpi_info *ai)
{
	bool nmi = lint == 1 && (!ai || ai->lapic_nmi_count == 0);

	for (unsigned i = 0; ai && i < ai->lapic_nmi_count; i++) {
		const struct acpi_lapic_nmi *n = &ai->lapic_nmis[i];

		if (n->lint == lint && (n->uid == 0xFFFFFFFFu || n->uid == 0)) {
			uint32_t v = LVT_NMI;

			if ((n->flags & ACPI_INTI_POLARITY_MASK) == ACPI_INTI_POLARITY_LOW)
				v |= LVT_ACTIVE_LOW;
			return v;
		}
	}
	if (nmi)
		return LVT_NMI;
	if (lint == 0 && virtual_wire)
		return LVT_EXTINT;
	return LVT_MASKED;
}

int lapic_init(bool virtual_wire, const struct acpi_info *ai)
{
	uint64_t base;
	int ret;

	if (!lapic_present())
		return -ENODEV;
	base = rdmsr(MSR_APIC_BASE);
	lapic_x2 = (base & APIC_BASE_X2APIC) != 0;
	if (!(base & APIC_BASE_ENABLE))
		wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
	if (!lapic_x2) {
		uint64_t phys = base & APIC_BASE_ADDR_MASK;

		if (phys >= (4ull << 30))
			return -ERANGE; /* outside the direct map of the first 4 GiB */
		if (ai && ai->has_madt && ai->lapic_addr != phys)
			pr_warn("lapic", "MADT says the local APIC is at 0x%llx, the CPU says 0x%llx; using the CPU's",
				(unsigned long long)ai->lapic_addr, (unsigned long long)phys);
		lapic_mmio = phys_ptr(paddr(phys));
	}
	ret = interrupt_set_handler(LAPIC_SPURIOUS_VECTOR, lapic_spurious_irq, NULL);
	if (!ret)
		ret = interrupt_set_handler(LAPIC_ERROR_VECTOR, lapic_error_irq, NULL);
	if (ret)
		return ret;
	lapic_write(LAPIC_SVR, SVR_ENABLE | LAPIC_SPURIOUS_VECTOR);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED);
	lapic_write(LAPIC_LVT_LINT0, lapic_lint_lvt(0, virtual_wire, ai));
	lapic_write(LAPIC_LVT_LINT1, lapic_lint_lvt(1, virtual_wire, ai));
	lapic_write(LAPIC_LVT_ERROR, LAPIC_ERROR_VECTOR);
	lapic_write(LAPIC_ESR, 0);
	lapic_write(LAPIC_ESR, 0);
	lapic_write(LAPIC_TPR, 0);
	lapic_eoi(); /* anything the firmware left in service */
	pr_info("lapic", "APIC %u (%s): LINT0 %s, LINT1 %s", lapic_id(), lapic_mode(),
		(lapic_read(LAPIC_LVT_LINT0) & LVT_MASKED) ? "masked" :
		((lapic_read(LAPIC_LVT_LINT0) & (7u << 8)) == LVT_EXTINT ? "ExtINT (virtual wire)" : "NMI"),
		(lapic_read(LAPIC_LVT_LINT1) & LVT_MASKED) ? "masked" : "NMI");
	return 0;
}

static uint64_t lapic_timer_count(const void *ctx)
{
	(void)ctx;
	return lapic_read(LAPIC_TIMER_CUR);
}

int lapic_timer_start(unsigned hz, uint8_t vector, uint64_t *input_hz)
{
	uint64_t t0, t1, elapsed, counted, freq;
	uint32_t init;

	if (!lapic_mmio && !lapic_x2)
		return -ENODEV;
	if (!tsc_measured())
		pr_warn("lapic", "timer calibrated against an unmeasured TSC: the tick rate is a guess");
	lapic_write(LAPIC_TIMER_DIV, TIMER_DIV_16);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED);
	lapic_write(LAPIC_TIMER_INIT, 0xFFFFFFFFu);
	counted = time_read_bracketed(lapic_timer_count, NULL, &t0); /* the TSC at the read's middle */
	time_udelay(TIMER_CAL_US);
	counted -= time_read_bracketed(lapic_timer_count, NULL, &t1);
	elapsed = t1 - t0;
	lapic_write(LAPIC_TIMER_INIT, 0);
	if (counted == 0 || elapsed == 0)
		return -EIO;
	if (counted > (1u << 28))
		return -ERANGE;
	freq = counted * tsc_hz() / elapsed; /* counted < 2^28, tsc_hz < 2^35: no overflow */
	if (freq / hz == 0 || freq / hz > 0xFFFFFFFFu)
		return -ERANGE;
	init = (uint32_t)(freq / hz);
	lapic_write(LAPIC_LVT_TIMER, LVT_TIMER_PERIODIC | vector);
	lapic_write(LAPIC_TIMER_INIT, init);
	*input_hz = freq * 16;
	return 0;
}

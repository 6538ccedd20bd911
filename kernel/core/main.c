/*
 * kmain(): the nano_core boot sequence, entered from boot/entry.asm in long mode on the boot
 * stack with the TSC read at entry. COM1 first (so everything after can be seen), GDT/TSS/IDT,
 * the boot information and the ACPI tables, frames and the final page tables while the TSC
 * frequency is measured (so every log line has a timestamp from kernel entry), then the
 * statically-registered modules and, when asked for on the command line, the in-kernel tests.
 */
#include <keel/acpi_tables.h>
#include <keel/bootinfo.h>
#include <keel/cmdline.h>
#include <keel/cpu.h>
#include <keel/errno.h>
#include <keel/interrupt.h>
#include <keel/ktest.h>
#include <keel/log.h>
#include <keel/mm.h>
#include <keel/module.h>
#include <keel/panic.h>
#include <keel/time.h>

#include "drivers/uart16550.h"
#include "kernel/core/boot.h"

#define KEEL_VERSION "0.1"
/* The boot page tables map the first 4 GiB at the direct map: Multiboot data lives there. */
#define BOOT_MAPPED_LIMIT (4ull << 30)

static struct uart16550 boot_com1, boot_spcr;
static int boot_spcr_result = 1; /* 1: no SPCR console; 0: switched to it; < 0: why not */
static struct boot_info boot_info;

const struct boot_info *boot_info_get(void)
{
	return &boot_info;
}

static void boot_warn(void *ctx, const char *msg)
{
	(void)ctx;
	pr_warn("boot", "boot information: %s", msg);
}

static const void *boot_map_phys(void *ctx, uint64_t phys, size_t len)
{
	(void)ctx;
	if (phys >= BOOT_MAPPED_LIMIT || len > BOOT_MAPPED_LIMIT - phys)
		return NULL;
	return phys_ptr(paddr(phys));
}

static void boot_parse_info(uint32_t magic, uint32_t info_phys)
{
	int ret;

	if (magic == MB2_BOOT_MAGIC)
		ret = bootinfo_parse_mb2(phys_ptr(paddr(info_phys)), BOOT_MAPPED_LIMIT - info_phys, info_phys,
					 &boot_info, boot_warn, NULL);
	else if (magic == PVH_START_MAGIC)
		ret = bootinfo_parse_pvh(info_phys, boot_map_phys, &boot_info, boot_warn, NULL);
	else
		ret = bootinfo_parse_mb1(info_phys, boot_map_phys, &boot_info, boot_warn, NULL);
	if (ret)
		panic("boot information from the loader is unusable (%s); cannot find memory", keel_strerror(ret));
}

static void boot_report(void)
{
	const struct boot_info *b = &boot_info;
	uint64_t avail = 0;

	pr_info("boot", "loader: %s (%s), command line: \"%s\"", b->loader_name[0] ? b->loader_name : "unknown",
		b->protocol == BOOT_PROTOCOL_PVH ? "PVH" : b->protocol == BOOT_PROTOCOL_MB2 ? "Multiboot2" : "Multiboot1",
		b->cmdline);
	for (unsigned i = 0; i < b->mmap_count; i++) {
		const struct boot_mmap_entry *e = &b->mmap[i];

		if (e->type == BOOT_MEM_AVAILABLE)
			avail += e->length;
		pr_debug("boot", "  mem 0x%012llx-0x%012llx %s", (unsigned long long)e->base,
			(unsigned long long)(e->base + e->length - 1), bootinfo_mem_type_name(e->type));
	}
	pr_info("boot", "memory map: %u entries, %llu MiB available", b->mmap_count,
		(unsigned long long)(avail >> 20));
	for (unsigned i = 0; i < b->module_count; i++)
		pr_info("boot", "module %u: 0x%llx-0x%llx %s", i, (unsigned long long)b->modules[i].start,
			(unsigned long long)b->modules[i].end, b->modules[i].name);
	if (b->fb.type == BOOT_FB_RGB)
		pr_info("boot", "framebuffer: %ux%u %u bpp at 0x%llx", b->fb.width, b->fb.height, b->fb.bpp,
			(unsigned long long)b->fb.addr);
	else if (b->fb.type == BOOT_FB_EGA_TEXT)
		pr_info("boot", "display: EGA text %ux%u", b->fb.width, b->fb.height);
	else
		pr_info("boot", "display: none from the loader (headless is fine)");
	if (b->warnings)
		pr_warn("boot", "%u problems in the boot information (see above)", b->warnings);
}

/* The firmware's console (ACPI SPCR): when it names a 16550 on another I/O port, the log moves
 * there (the serial driver then keeps it there). Logged once the log is up. */
static void boot_spcr_console(void)
{
	static const uint32_t bauds[8] = { 0, 0, 0, 9600, 19200, 0, 57600, 115200 };
	const struct acpi_info *ai = acpi_info_get();
	struct uart_config cfg = UART_CONFIG_DEFAULT;

	if (!ai->has_spcr)
		return;
	if (ai->spcr_addr.space != ACPI_GAS_IO || ai->spcr_addr.address > 0xFFFF || ai->spcr_interface > 1) {
		boot_spcr_result = -EOPNOTSUPP;
		return;
	}
	if (uart_console() && uart_console()->base == ai->spcr_addr.address)
		return; /* already the console */
	if (ai->spcr_baud_code < 8 && bauds[ai->spcr_baud_code])
		cfg.baud = bauds[ai->spcr_baud_code];
	boot_spcr_result = uart_init(&boot_spcr, (uint16_t)ai->spcr_addr.address, &cfg);
	if (boot_spcr_result == 0)
		uart_set_console(&boot_spcr);
}

static void boot_spcr_report(void)
{
	const struct acpi_info *ai = acpi_info_get();

	if (boot_spcr_result == 0)
		pr_info("uart", "ACPI SPCR names the 16550 at 0x%llx (%u baud) as the console: the log goes there",
			(unsigned long long)ai->spcr_addr.address, boot_spcr.config.baud);
	else if (boot_spcr_result < 0)
		pr_warn("uart", "ACPI SPCR console (interface %u, %s 0x%llx): %s; the log stays on COM1",
			ai->spcr_interface, ai->spcr_addr.space == ACPI_GAS_IO ? "port" : "memory",
			(unsigned long long)ai->spcr_addr.address, keel_strerror(boot_spcr_result));
}

static void boot_log_level(void)
{
	char v[16];

	if (!cmdline_find(boot_info.cmdline, "keel.log", v, sizeof(v)))
		return;
	if (v[0] == 'd')
		log_set_level(LOG_DEBUG);
	else if (v[0] == 'w')
		log_set_level(LOG_WARN);
	else if (v[0] == 'e')
		log_set_level(LOG_ERROR);
}

void kmain(uint32_t magic, uint32_t info_phys, uint64_t entry_tsc);
void kmain(uint32_t magic, uint32_t info_phys, uint64_t entry_tsc)
{
	char tests[256];
	int ret, ret_mem;

	time_init(entry_tsc);
	ret = uart_init(&boot_com1, UART_COM1, &UART_CONFIG_DEFAULT);
	if (ret == 0)
		uart_set_console(&boot_com1);
	gdt_init();
	idt_init();
	/* Boot information and ACPI tables first (no log lines unless they are broken): the clock
	 * calibration uses the HPET or PM timer they describe, and the first line has the result. */
	boot_parse_info(magic, info_phys);
	acpi_boot_init(&boot_info);
	boot_spcr_console();
	/* The clock's window (HPET, PM timer) runs while the memory is set up: no log lines there
	 * but errors (they show time 0); the reports follow the first line. */
	tsc_calibrate_begin(acpi_info_get());
	ret_mem = frames_init(&boot_info);
	if (ret_mem)
		panic("frame allocator: %s", keel_strerror(ret_mem));
	ret_mem = paging_init(&boot_info);
	if (ret_mem)
		panic("paging: %s", keel_strerror(ret_mem));
	boot_phase_mark(BOOT_PHASE_MEMORY);
	tsc_calibrate_finish();
	boot_phase_mark(BOOT_PHASE_CLOCK);
	pr_info("keel", "Keel " KEEL_VERSION " (nano_core) booting; TSC %llu.%03llu MHz from %s (%llu us)",
		(unsigned long long)(tsc_hz() / 1000000), (unsigned long long)(tsc_hz() / 1000 % 1000), tsc_source(),
		(unsigned long long)(tsc_calibration_ns() / 1000));
	if (!tsc_measured())
		pr_err("time", "*** NO CLOCK COULD MEASURE THE TSC: assuming %llu MHz; timestamps, uptime and delays "
		       "may be wrong ***", TSC_FALLBACK_HZ / 1000000);
	if (ret)
		pr_info("uart", "COM1: %s", keel_strerror(ret)); /* reaches sinks only */

	cmdline_set(boot_info.cmdline);
	boot_log_level();
	boot_report();
	acpi_boot_report();
	boot_spcr_report();
	frames_report();
	paging_report();

	modules_init_all();
	boot_phase_mark(BOOT_PHASE_MODULES);

	if (cmdline_find(boot_info.cmdline, "keel.test", tests, sizeof(tests))) {
		if (boot_ktest_hook)
			boot_ktest_hook(tests); /* run in a task once the scheduler starts */
		else
			ktest_run(tests);
	}

	boot_finish();
}

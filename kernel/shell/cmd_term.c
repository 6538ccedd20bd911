/*
 * Terminal and machine commands: colors (the SGR palette), termdump (the console's screen to
 * QEMU's debug console, for tests), reboot and poweroff. (Pasted text is checked with `crc32` or
 * `wc` on standard input.)
 */
#include <keel/acpi.h>
#include <keel/cpu.h>
#include <keel/errno.h>
#include <keel/heap.h>
#include <keel/ktest.h> /* qemu_debug_exit */
#include <keel/task.h>
#include <keel/time.h>
#include <string.h>

#include "kernel/console/console.h"
#include "kernel/shell/shell.h"
#include "kernel/shell/shell_parse.h"
#include "term/lineedit.h"

static int cmd_colors(struct shell_ctx *sh, int argc, char **argv)
{
	static const char *const names[8] = { "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white" };

	(void)argv;
	if (argc != 1)
		return shell_usage(sh, "colors");
	shell_printf(sh, "16 colours (SGR 30-37, 90-97 on 40-47, 100-107):\n");
	for (int bright = 0; bright < 2; bright++) {
		for (int i = 0; i < 8; i++)
			shell_printf(sh, "\033[%d;%dm %-7s\033[0m", (bright ? 90 : 30) + i, i == 0 ? 47 : 40, names[i]);
		shell_printf(sh, "\n");
		for (int i = 0; i < 8; i++)
			shell_printf(sh, "\033[%dm %-7s\033[0m", (bright ? 100 : 40) + i, bright ? "bright" : "normal");
		shell_printf(sh, "\n");
	}
	shell_printf(sh, "attributes: \033[1mbold\033[0m \033[2mfaint\033[0m \033[3mitalic\033[0m \033[4munderline\033[0m "
		     "\033[5mblink\033[0m \033[7minverse\033[0m \033[9mstrike\033[0m\n");
	shell_printf(sh, "256 colours (SGR 48;5;n):\n");
	for (int i = 0; i < 16; i++)
		shell_printf(sh, "\033[48;5;%dm  \033[0m", i);
	shell_printf(sh, "\n");
	for (int row = 0; row < 6; row++) {
		for (int i = 16 + row * 36; i < 16 + (row + 1) * 36; i++)
			shell_printf(sh, "\033[48;5;%dm  \033[0m", i);
		shell_printf(sh, "\n");
	}
	for (int i = 232; i < 256; i++)
		shell_printf(sh, "\033[48;5;%dm  \033[0m", i);
	shell_printf(sh, "\n24-bit colour (SGR 48;2;r;g;b):\n");
	for (int i = 0; i < 64; i++)
		shell_printf(sh, "\033[48;2;%d;%d;%dm \033[0m", i * 4, 255 - i * 4, 128);
	shell_printf(sh, "\n");
	return 0;
}
SHELL_COMMAND(colors, "colors -- show the terminal's colours and attributes", cmd_colors);

struct termdump_later {
	struct console *con;
	uint64_t ms;
};

static int termdump_task(void *arg)
{
	struct termdump_later *t = arg;

	task_sleep_ms(t->ms);
	console_dump_screen(t->con);
	kfree(t);
	return 0;
}

static int cmd_termdump(struct shell_ctx *sh, int argc, char **argv)
{
	struct termdump_later *t;
	struct task *task;
	uint64_t ms = 0;

	if (argc > 2 || (argc == 2 && shell_parse_u64(argv[1], &ms) != 0))
		return shell_usage(sh, "termdump");
	if (ms == 0) {
		console_dump_screen(sh->con);
		return 0;
	}
	/* Later, from a task of its own: after the next prompt, when the screen is at rest. */
	t = kmalloc(sizeof(*t));
	if (!t)
		return -ENOMEM;
	*t = (struct termdump_later){ sh->con, ms };
	task = task_spawn("termdump", termdump_task, t);
	if (!task) {
		kfree(t);
		return -ENOMEM;
	}
	task_detach(task);
	return 0;
}
SHELL_COMMAND(termdump, "termdump [MS] -- write this console's screen to debug port 0xE9 (now, or MS later)",
	      cmd_termdump);

static int cmd_reboot(struct shell_ctx *sh, int argc, char **argv)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) null_idt = { 0, 0 };

	(void)argv;
	if (argc != 1)
		return shell_usage(sh, "reboot");
	shell_printf(sh, "rebooting%s\n", acpi_reset_available() ? " through the ACPI reset register" : "");
	task_sleep_ms(100);
	cpu_cli();
	(void)acpi_reset(); /* returns when there is none or it did nothing */
	/* The keyboard controller's reset line, then a triple fault if that did nothing. */
	for (int i = 0; i < 100000 && (inb(0x64) & 0x02); i++)
		cpu_pause();
	outb(0x64, 0xFE);
	time_udelay(50000);
	__asm__ volatile("lidt %0; int3" : : "m"(null_idt));
	cpu_halt_forever();
}
SHELL_COMMAND(reboot, "reboot -- restart the machine", cmd_reboot);

static int cmd_poweroff(struct shell_ctx *sh, int argc, char **argv)
{
	int ret;

	(void)argv;
	if (argc != 1)
		return shell_usage(sh, "poweroff");
	shell_printf(sh, "powering off\n");
	task_sleep_ms(100);
	qemu_debug_exit(0x00); /* QEMU with isa-debug-exit: exits with status 1 */
	ret = acpi_poweroff();
	shell_printf(sh, "poweroff: %s; it is safe to switch the machine off\n", keel_strerror(ret));
	return ret;
}
SHELL_COMMAND(poweroff, "poweroff -- switch the machine off (ACPI S5; exits QEMU)", cmd_poweroff);

/*
 * The kernel's shell command table: the linker-section bounds of the SHELL_COMMAND pointers
 * (linker.ld, sorted by name). Kernel only; everything else in shell_cmd.c is host-tested.
 */
#include "kernel/shell/shell_cmd.h"

extern const struct shell_command *const __shellcmd_start[], *const __shellcmd_end[];

struct shell_cmd_table shell_cmd_kernel_table(void)
{
	struct shell_cmd_table t = { __shellcmd_start, (size_t)(__shellcmd_end - __shellcmd_start) };

	return t;
}

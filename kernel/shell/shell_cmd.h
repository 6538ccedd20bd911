/*
 * Shell commands, registered statically: SHELL_COMMAND(name, help, fn) places a POINTER to a
 * descriptor in a `.shellcmd.<name>` section; linker.ld gathers them with
 * KEEP(*(SORT(.shellcmd.*))) between __shellcmd_start and __shellcmd_end, sorted by name. The
 * table holds 8-byte pointers, never the descriptors themselves: the compiler may over-align
 * larger objects, which would leave gaps in a table of structs (as for MODULE_INIT). The
 * lookup, check and completion functions take the table as an array of pointers, so they are
 * host-tested; shell_cmd_kernel_table() (shell_table.c) supplies the linker-section bounds.
 */
#ifndef KEEL_SHELL_CMD_H
#define KEEL_SHELL_CMD_H

#include <stddef.h>

#include <keel/compiler.h>

#include "term/lineedit.h"

/* The running shell (defined by the shell itself): commands print and read through it. */
struct shell_ctx;

/* A command returns 0 on success or a negative E* code (the shell reports it). */
typedef int (*shell_cmd_fn)(struct shell_ctx *sh, int argc, char **argv);

struct shell_command {
	const char *name; /* a C identifier: it also names the section and the symbols */
	const char *help; /* one line: "usage -- what it does" */
	shell_cmd_fn fn;
};

_Static_assert(sizeof(const struct shell_command *) == 8, "table entries are 8-byte pointers");

#define SHELL_COMMAND(cname, chelp, cfn) \
	static const struct shell_command shell_cmd_desc_##cname = { #cname, chelp, cfn }; \
	static const struct shell_command *const shell_cmd_ptr_##cname KEEL_USED KEEL_ALIGNED(8) \
		KEEL_SECTION(".shellcmd." #cname) = &shell_cmd_desc_##cname

struct shell_cmd_table {
	const struct shell_command *const *cmds;
	size_t count;
};

/* The kernel's table (linker section); kernel only. */
struct shell_cmd_table shell_cmd_kernel_table(void);

/* 0 if every entry has a name and a function and names are strictly increasing (so unique);
 * else -EINVAL with *bad (may be NULL) set to the index of the first offending entry. */
int shell_cmd_check(const struct shell_cmd_table *t, size_t *bad);
/* The command called exactly `name`, or NULL. */
const struct shell_command *shell_cmd_find(const struct shell_cmd_table *t, const char *name);
/* Command by index (table order: sorted by name), or NULL past the end. */
const struct shell_command *shell_cmd_at(const struct shell_cmd_table *t, size_t i);
/* Call fn for each command whose name starts with prefix[0, len); returns how many. */
size_t shell_cmd_complete(const struct shell_cmd_table *t, const char *prefix, size_t len,
			  void (*fn)(void *user, const struct shell_command *c), void *user);
/* A line-editor completion hook body: completes the command name when the cursor is in a
 * command word (shell_complete_context); other words get no candidates here (file names:
 * shell_fs_complete). */
void shell_cmd_complete_line(const struct shell_cmd_table *t, const char *line, size_t len,
			     size_t cursor, struct term_le_completions *out);

#endif /* KEEL_SHELL_CMD_H */

/*
 * Lookup, checking and completion over a table of shell command pointers (see shell_cmd.h).
 * The tables are small (tens of commands), so lookup is a plain scan: it stays correct even if
 * a table is not sorted, and shell_cmd_check() reports that separately.
 */
#include "kernel/shell/shell_cmd.h"
#include "kernel/shell/shell_parse.h"

#include <keel/errno.h>
#include <string.h>

int shell_cmd_check(const struct shell_cmd_table *t, size_t *bad)
{
	for (size_t i = 0; i < t->count; i++) {
		const struct shell_command *c = t->cmds[i];

		if (!c || !c->name || !c->name[0] || !c->fn ||
		    (i > 0 && t->cmds[i - 1] && t->cmds[i - 1]->name &&
		     strcmp(t->cmds[i - 1]->name, c->name) >= 0)) {
			if (bad)
				*bad = i;
			return -EINVAL;
		}
	}
	return 0;
}

const struct shell_command *shell_cmd_at(const struct shell_cmd_table *t, size_t i)
{
	return i < t->count ? t->cmds[i] : NULL;
}

const struct shell_command *shell_cmd_find(const struct shell_cmd_table *t, const char *name)
{
	for (size_t i = 0; i < t->count; i++) {
		const struct shell_command *c = t->cmds[i];

		if (c && c->name && strcmp(c->name, name) == 0)
			return c;
	}
	return NULL;
}

size_t shell_cmd_complete(const struct shell_cmd_table *t, const char *prefix, size_t len,
			  void (*fn)(void *user, const struct shell_command *c), void *user)
{
	size_t n = 0;

	for (size_t i = 0; i < t->count; i++) {
		const struct shell_command *c = t->cmds[i];

		if (c && c->name && strncmp(c->name, prefix, len) == 0 && strnlen(c->name, len) == len) {
			if (fn)
				fn(user, c);
			n++;
		}
	}
	return n;
}

static void add_candidate(void *user, const struct shell_command *c)
{
	term_le_comp_add(user, c->name, strlen(c->name));
}

void shell_cmd_complete_line(const struct shell_cmd_table *t, const char *line, size_t len,
			     size_t cursor, struct term_le_completions *out)
{
	size_t start;

	if (cursor > len)
		cursor = len;
	if (!shell_complete_context(line, cursor, &start))
		return; /* not a command name */
	out->start = start;
	shell_cmd_complete(t, line + start, cursor - start, add_candidate, out);
}

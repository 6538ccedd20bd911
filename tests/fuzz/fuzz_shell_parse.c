/*
 * libFuzzer target for the shell's line splitting and getopt: arbitrary bytes as a command
 * line (NUL-terminated copy). The split must stay inside the line, give at most cap - 1 words
 * each inside the buffer, or a negative error with a message; getopt over the words must end.
 */
#include <keel/assert.h>
#include <keel/errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/shell/shell_parse.h"


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = malloc(size + 1);
	char *argv[SHELL_MAX_ARGS + 1];
	struct shell_parse_error err;
	struct shell_getopt g;
	int argc, steps = 0;

	memcpy(line, data, size);
	line[size] = 0;
	argc = shell_split(line, argv, SHELL_MAX_ARGS + 1, &err);
	if (argc < 0) {
		if ((argc != -EINVAL && argc != -E2BIG) || !err.msg || err.pos > size)
			abort();
		free(line);
		return 0;
	}
	if (argc > SHELL_MAX_ARGS || argv[argc] != NULL)
		abort();
	for (int i = 0; i < argc; i++)
		if (argv[i] < line || argv[i] + strlen(argv[i]) > line + size)
			abort();
	shell_getopt_init(&g);
	while (shell_getopt(&g, argc, argv, "ab:c") != -1)
		if (++steps > 4096 || g.ind > argc + 1)
			abort();
	free(line);
	return 0;
}

/*
 * libFuzzer target for the shell's line splitting, pipeline parsing and getopt: arbitrary bytes
 * as a command line (NUL-terminated copy). The split must stay inside the line, give at most
 * cap - 1 words each inside the buffer, or a negative error with a message; getopt over the
 * words must end. The pipeline parser must keep every stage's words and '<' file inside the
 * line, within the word budget and SHELL_MAX_STAGES; a line with no '|', '<' or '>' byte must
 * parse into exactly shell_split's words. The completion context at every cursor position must
 * put the word's start at or before the cursor.
 */
#include <keel/assert.h>
#include <keel/errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/shell/shell_parse.h"


static void inside(const char *s, const char *line, size_t size)
{
	if (s < line || s + strlen(s) > line + size)
		abort();
}

static void fuzz_complete_context(const uint8_t *data, size_t size)
{
	char *line = malloc(size + 1);

	memcpy(line, data, size);
	line[size] = 0;
	for (size_t cursor = 0; cursor <= size && cursor <= 1024; cursor++) {
		size_t start = SIZE_MAX;

		(void)shell_complete_context(line, cursor, &start);
		if (start > cursor)
			abort();
	}
	free(line);
}

static void fuzz_pipeline(const uint8_t *data, size_t size)
{
	char *line = malloc(size + 1), *plain = malloc(size + 1);
	char *words[SHELL_MAX_ARGS + SHELL_MAX_STAGES + 1], *argv[SHELL_MAX_ARGS + SHELL_MAX_STAGES + 1];
	struct shell_pipeline p;
	struct shell_parse_error err;
	size_t used = 0;
	int n, argc;

	memcpy(line, data, size);
	line[size] = 0;
	memcpy(plain, line, size + 1);
	n = shell_parse_pipeline(line, words, SHELL_MAX_ARGS + SHELL_MAX_STAGES + 1, &p, &err);
	if (n < 0) {
		if ((n != -EINVAL && n != -E2BIG && n != -EROFS) || !err.msg || err.pos > size)
			abort();
		goto free_bufs;
	}
	if (n > SHELL_MAX_STAGES || n != p.n)
		abort();
	for (int i = 0; i < n; i++) {
		if (p.stage[i].argc < 1 || p.stage[i].argv[p.stage[i].argc] != NULL)
			abort();
		used += (size_t)p.stage[i].argc + 1;
		for (int k = 0; k < p.stage[i].argc; k++)
			inside(p.stage[i].argv[k], line, size);
		if (p.stage[i].in_file)
			inside(p.stage[i].in_file, line, size);
	}
	if (used > SHELL_MAX_ARGS + SHELL_MAX_STAGES + 1)
		abort();
	if (!memchr(data, '|', size) && !memchr(data, '<', size) && !memchr(data, '>', size) && !memchr(data, 0, size)) {
		argc = shell_split(plain, argv, SHELL_MAX_ARGS + SHELL_MAX_STAGES + 1, NULL);
		if (argc != (n ? p.stage[0].argc : 0))
			abort();
		for (int k = 0; k < argc; k++)
			if (strcmp(argv[k], p.stage[0].argv[k]) != 0)
				abort();
	}
free_bufs:
	free(line);
	free(plain);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = malloc(size + 1);
	char *argv[SHELL_MAX_ARGS + 1];
	struct shell_parse_error err;
	struct shell_getopt g;
	int argc, steps = 0;

	fuzz_pipeline(data, size);
	fuzz_complete_context(data, size);
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

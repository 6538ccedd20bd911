/*
 * The shell's pathname expansion of a parsed command line (kernel/shell/shell_glob.h over the
 * VFS): every word with an unquoted pattern becomes the paths it matches, relative to the
 * shell's current directory, before any command of the pipeline starts; so `cd x | ls *` lists
 * where the shell is, as in sh. A '<' file must match one path ("ambiguous redirect" otherwise).
 * One line may expand to SHELL_EXPAND_WORDS paths, reading at most SHELL_EXPAND_DIRS directories.
 */
#ifndef KEEL_SHELL_EXPAND_H
#define KEEL_SHELL_EXPAND_H

#include <stdint.h>

#include "kernel/shell/shell_parse.h"

#define SHELL_EXPAND_WORDS 256
#define SHELL_EXPAND_BYTES 16384
#define SHELL_EXPAND_DIRS 256

struct shell_ctx;
struct shell_expansion;

/* Expand the patterns of p, parsed in place from line with meta (shell_parse_pipeline_meta).
 * Stages with a pattern get a new argv held by *x (NULL when nothing was to expand); free it with
 * shell_expand_free once the pipeline is done. 0, or a negative E* code with its line printed
 * (-E2BIG: too many matches or words, -EINVAL: an ambiguous '<', -ENAMETOOLONG, -ENOMEM). Context:
 * the shell's task (reads directories, may sleep). */
int shell_expand_pipeline(struct shell_ctx *sh, const char *line, const uint8_t *meta, struct shell_pipeline *p,
			  struct shell_expansion **x);
void shell_expand_free(struct shell_expansion *x);

#endif /* KEEL_SHELL_EXPAND_H */

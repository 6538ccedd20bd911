/*
 * Kernel command line lookup. The line is space-separated words, each `key` or `key=value`
 * (a value may be double-quoted to hold spaces). Plain C, host-tested.
 */
#ifndef KEEL_CMDLINE_H
#define KEEL_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

/* Find `key` in `line`. Returns true when present; then copies its value (empty for a bare
 * word) into val (NUL-terminated, clipped to val_size; val may be NULL). The last occurrence wins. */
bool cmdline_find(const char *line, const char *key, char *val, size_t val_size);

/* The boot command line (set by kmain); never NULL. */
const char *cmdline_get(void);
void cmdline_set(const char *line);

#endif /* KEEL_CMDLINE_H */

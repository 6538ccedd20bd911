/*
 * The reference side of the differential tests: run bytes through libvterm 0.1.4 (Debian's
 * libvterm-dev) and produce the same neutral dump Keel's screen gives (tools/term_host_util.h).
 */
#ifndef TESTS_DIFF_VTERM_DUMP_H
#define TESTS_DIFF_VTERM_DUMP_H

#include <stddef.h>

#include "tools/term_host_util.h"

void vterm_dump_bytes(const void *buf, size_t len, int rows, int cols, bool alt, struct dump_screen *d);

#endif

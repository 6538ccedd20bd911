/*
 * A fake directory tree for the pathname-expansion tests and fuzzer: the tree is a list of paths
 * ("docs/" a directory, "docs/a.txt" a file in it) and the ops read it the way the shell's VFS ops
 * read a volume, with "a//b/", "./" and "x/../" resolved, "/ram0/" as the tree's root, and counts
 * of the directories opened and still open.
 */
#ifndef KEEL_TESTS_GLOB_FAKE_H
#define KEEL_TESTS_GLOB_FAKE_H

#include <stddef.h>

#include "kernel/shell/shell_glob.h"

struct glob_fake {
	const char *const *paths;
	size_t count;
	unsigned opens, open_now;
	unsigned fail_next; /* the next read of an entry fails with -EIO */
};

/* ctx of every call: the struct glob_fake. */
extern const struct shell_glob_ops glob_fake_ops;

#endif /* KEEL_TESTS_GLOB_FAKE_H */

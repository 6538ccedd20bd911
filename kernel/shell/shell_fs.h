/*
 * The shell's side of the file tree (kernel/fs/vfs.h): every shell keeps a current directory, a
 * canonical path string under its own lock (struct shell_cwd, reached from struct shell_ctx);
 * commands hand it with their arguments to the VFS, which resolves and reads. Also the
 * formatting helpers file commands share, the one way they report a VFS error, and the file-name
 * completion the line editor calls for the words after a command name.
 *
 * Locking: cwd->lock guards the path against the console task (which completes names). The VFS
 * takes each mount's lock itself; completion opens directories with VFS_NOWAIT, so a console
 * never waits behind another console's long read: a busy volume completes nothing.
 */
#ifndef KEEL_SHELL_FS_H
#define KEEL_SHELL_FS_H

#include <stdbool.h>
#include <stddef.h>

#include <keel/mutex.h>

#include "kernel/fs/vfs.h"
#include "term/lineedit.h"

struct shell_ctx;

struct shell_cwd {
	struct mutex lock;
	char path[VFS_PATH_MAX];  /* canonical and absolute: "/", "/ram0", "/ram0/docs" */
};

/* The home directory into out[VFS_PATH_MAX]: the root of the first mounted volume, else "/". */
void shell_fs_home(char *out);
/* A new current directory: the home directory. NULL: no memory. */
struct shell_cwd *shell_cwd_create(void);
/* A new current directory holding sh's (a pipeline command's own); NULL without memory. Freed
 * with kfree. */
struct shell_cwd *shell_cwd_copy(struct shell_ctx *sh);
/* Copy sh's current directory into out[VFS_PATH_MAX] ("/" when it has none). */
void shell_cwd_get(struct shell_ctx *sh, char *out);
/* Make path (canonical, absolute) sh's current directory. */
void shell_cwd_set(struct shell_ctx *sh, const char *path);

/* Print "<command>: what: <vfs_strerror(e)>" as the command's error line; returns e->code. */
int shell_fs_error(struct shell_ctx *sh, const char *what, const struct vfs_err *e);

/* "12.3 KiB"-style sizes; "2024-05-01 12:34" times ("-", padded to that width, when none was
 * recorded). */
void shell_fs_human(char *buf, size_t size, uint64_t bytes);
void shell_fs_time(char *buf, size_t size, const struct vfs_time *t);

/*
 * Completion hook body: when the cursor is past the first word, offer the names in the
 * directory the word points into (directories with a trailing '/'; spaces, quotes and * ? [ escaped
 * with a backslash) and return true; return false when the cursor is in the first word (the
 * command name). cwd may be NULL.
 */
bool shell_fs_complete(struct shell_cwd *cwd, const char *line, size_t len, size_t cursor,
		       struct term_le_completions *out);

#endif /* KEEL_SHELL_FS_H */

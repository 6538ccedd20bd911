/*
 * The shell's view of the mounted volumes (keel/volume.h): one tree whose root "/" lists the
 * volumes by name, each volume's root below it ("/ram0/docs/guide"). Every shell keeps a
 * current directory (struct shell_cwd, reached from struct shell_ctx); paths given to commands
 * are absolute or relative to it, with "." and ".." resolved on the text (FAT has no links) and
 * the remainder handed to the FAT reader (case-insensitive lookup). Also the file-name
 * completion the line editor calls for the words after a command name.
 *
 * Locking: cwd->lock guards the current directory against the console task (which completes
 * names); v->lock (keel/volume.h) guards every FAT call. Completion only try-locks, so a console
 * never waits behind another console's long read: a busy volume completes nothing.
 */
#ifndef KEEL_SHELL_FS_H
#define KEEL_SHELL_FS_H

#include <stdbool.h>
#include <stddef.h>

#include <keel/mutex.h>
#include <keel/volume.h>

#include "io/fat/fat.h"
#include "term/lineedit.h"

struct shell_ctx;

#define SHELL_PATH_MAX 1024

/* A command failed and has already printed why (the shell prints nothing more). */
#define SHELL_FS_FAILED 1

struct shell_cwd {
	struct mutex lock;
	struct volume *vol;         /* NULL: "/", the list of volumes */
	struct fat_dir dir;         /* the directory itself, when vol != NULL */
	char path[SHELL_PATH_MAX];  /* canonical and absolute: "/", "/ram0", "/ram0/docs" */
};

/* A resolved path. */
struct shell_path {
	struct volume *vol;         /* NULL: the path is "/" */
	char abs[SHELL_PATH_MAX];   /* canonical absolute path as typed ("/ram0/Docs") */
	const char *rel;            /* inside the volume, from its root ("/Docs"; "/" for the root) */
};

/* A new current directory: the root of the first mounted volume, else "/". NULL: no memory. */
struct shell_cwd *shell_cwd_create(void);

/* Join cwd and arg into a canonical absolute path in out ("." and ".." resolved, empty
 * components dropped; ".." at "/" stays). 0 or -ENAMETOOLONG. */
int shell_path_join(const char *cwd, const char *arg, char *out, size_t size);

/*
 * Resolve arg against sh's current directory. On failure prints "cmd: arg: why" and returns
 * SHELL_FS_FAILED (no such volume, volume not mounted, path too long).
 */
int shell_path_resolve(struct shell_ctx *sh, const char *cmd, const char *arg, struct shell_path *p);

/*
 * Where the reader should look the path up from: when p lies under the current directory, a
 * copy of its cursor is put in *base and returned, with *path the rest of p; otherwise NULL
 * (the volume root) with *path = p->rel.
 */
const struct fat_dir *shell_path_base(struct shell_ctx *sh, const struct shell_path *p, struct fat_dir *base,
				      const char **path);

/*
 * Print "cmd: what: message" for err: the volume's own message (fat_error) for corrupt
 * structures and device errors, else the code's text. Call with v locked (v may be NULL).
 */
void shell_fs_perror(struct shell_ctx *sh, const char *cmd, const char *what, struct volume *v, int err);

/* "FAT16", "12.3 KiB"-style helpers for listings. */
void shell_fs_human(char *buf, size_t size, uint64_t bytes);
/* "2024-05-01 12:34" */
void shell_fs_time(char *buf, size_t size, const struct fat_time *t);

/*
 * Completion hook body: when the cursor is past the first word, offer the names in the
 * directory the word points into (directories with a trailing '/'; spaces and quotes escaped
 * with a backslash) and return true; return false when the cursor is in the first word (the
 * command name). cwd may be NULL.
 */
bool shell_fs_complete(struct shell_cwd *cwd, const char *line, size_t len, size_t cursor,
		       struct term_le_completions *out);

#endif /* KEEL_SHELL_FS_H */

/*
 * Pathname expansion for the shell (sh's globbing): a word with an unquoted `*`, `?` or `[` is
 * replaced by the paths it matches, sorted as `ls` sorts names; a pattern that matches nothing
 * stays as typed, so the command says "no such file" about it. `*` is any run of characters,
 * `?` one character (UTF-8 aware), `[abc]`, `[a-z]` and `[!x]` (or `[^x]`) one ASCII character
 * of a set; a backslash makes the next character literal. Matching ignores ASCII case, as the FAT
 * volumes do, and a name starting with '.' needs a literal '.'. Plain C with no kernel
 * dependencies (host-tested, fuzzed): directories are read through an ops table.
 */
#ifndef KEEL_SHELL_GLOB_H
#define KEEL_SHELL_GLOB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SHELL_GLOB_PATH_MAX 1024 /* a typed path with its matches, with its NUL */
#define SHELL_GLOB_NAME_MAX 768  /* one directory entry's name with its NUL */
#define SHELL_GLOB_DEPTH_MAX 16  /* path parts from the first pattern on */
#define SHELL_GLOB_SCRATCH (SHELL_GLOB_PATH_MAX + SHELL_GLOB_NAME_MAX)

/* Does the word (meta as from shell_parse_pipeline_meta, for the word's own bytes) hold an
 * unquoted pattern character that asks for expansion (* ? [)? */
bool shell_glob_wanted(const char *word, const uint8_t *meta);

/* The word as a pattern: every byte that is special to the matcher but was quoted gets a
 * backslash before it. 0, or -ENAMETOOLONG when it does not fit in cap bytes. */
int shell_glob_pattern(const char *word, const uint8_t *meta, char *out, size_t cap);

/* The order ls lists names in, and expansion sorts its matches in: ASCII case folded, ties by
 * the bytes. < 0, 0 or > 0 as a sorts before, with or after b. */
int shell_name_cmp(const char *a, const char *b);

/* Does one name match the pattern pat[0, plen) (one path part: no '/')? */
bool shell_glob_match(const char *pat, size_t plen, const char *name);

/* Reading a directory: open "" means the current directory, else the path as typed so far
 * (relative or absolute, ending in '/'); next gives 1 with the entry's name (NUL-terminated)
 * and whether it is a directory, 0 at the end, or a negative E* code. */
struct shell_glob_ops {
	int (*open)(void *ctx, const char *dir, void **dh);
	int (*next)(void *ctx, void *dh, char name[SHELL_GLOB_NAME_MAX], bool *is_dir);
	void (*close)(void *ctx, void *dh);
};

/* Where matches go: the paths one after another in buf, a pointer to each in words; scratch is
 * the walk's own room (SHELL_GLOB_SCRATCH bytes), so that no path sits on a kernel stack. */
struct shell_glob_out {
	char *scratch;
	char *buf;
	size_t cap, used;
	char **words;
	size_t max, n;
	unsigned dirs_read, dirs_max; /* a bound on the work one line can ask for */
};

/* Append the matches of pattern (as from shell_glob_pattern) to out, sorted. Returns how many
 * (0: none, out unchanged), or -E2BIG when out is full, dirs_max directories were read or the
 * pattern has more than SHELL_GLOB_DEPTH_MAX parts, or -ENAMETOOLONG (out unchanged then). A
 * directory that cannot be read matches nothing. */
int shell_glob_expand(const struct shell_glob_ops *ops, void *ctx, const char *pattern, struct shell_glob_out *out);

#endif /* KEEL_SHELL_GLOB_H */

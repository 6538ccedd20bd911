/*
 * Where a command's input comes from: the files it is given, or its standard input (sh->in: the
 * console's line editor, a pipe, or a file after `<`) when it is given none or "-". One function
 * opens each operand through the VFS in turn, reports the ones that cannot be opened (one error
 * line each, naming the file) and hands the stream to the command's callback, so every command
 * that reads data (cat, hexdump, crc32, md5sum, wc, grep, head, tail, sort, uniq) treats files
 * and stdin alike.
 */
#ifndef KEEL_SHELL_INPUT_H
#define KEEL_SHELL_INPUT_H

#include <stdint.h>

#include "io/stream.h"

struct shell_ctx;
struct vfs_file;

/* One input: its name as the user wrote it ("-" for stdin), its stream, its size when known
 * (a file: its length; stdin: UINT64_MAX). */
struct shell_input {
	const char *name;
	const struct io_stream *s;
	uint64_t size;
	struct vfs_file *file;  /* NULL for stdin */
};

/* Words for an error reading in (the file system's reason for a file when it gave one). */
const char *shell_input_strerror(const struct shell_input *in, int err);
/* Print "<command>: <name>: <words for err>" as the error line; returns err. */
int shell_input_error(struct shell_ctx *sh, const struct shell_input *in, int err);

/*
 * Call fn for each operand argv[first..argc-1] (stdin when there is none; "-" is stdin too).
 * An operand that does not open gets its error line and counts as a failure; the others still
 * run. fn returns 0, a negative E* code (stops the loop for -EINTR and -EPIPE), or reports its
 * own error. Returns 0, or the last failure.
 */
int shell_each_input(struct shell_ctx *sh, int argc, char **argv, int first,
		     int (*fn)(struct shell_ctx *sh, const struct shell_input *in, void *user), void *user);

#endif /* KEEL_SHELL_INPUT_H */

/*
 * Shell command-line parsing: split a line into words (whitespace-separated; single quotes
 * keep everything literally, double quotes keep everything but \" \\ \$ \`; a backslash
 * outside quotes escapes the next character) with clear errors for unterminated quotes and
 * too many words; a small getopt for commands' flags (-a -b, grouped -ab, -n5 / -n 5, "--");
 * and number parsing for arguments. Plain C with no kernel dependencies, host-tested.
 */
#ifndef KEEL_SHELL_PARSE_H
#define KEEL_SHELL_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SHELL_MAX_ARGS 32 /* words of one command line (shell_split) */
#define SHELL_LINE_WORDS 64 /* words of one pipeline line as the shell parses it, all commands together */

struct shell_parse_error {
	const char *msg; /* "unterminated single quote", ... (static text) */
	size_t pos;      /* byte offset in the line where the problem starts */
};

/* Split `line` in place (quotes and escapes are removed, words NUL-terminated). argv has
 * room for `cap` pointers: at most cap - 1 words, then argv[argc] = NULL. Returns argc, or
 * -EINVAL (unterminated quote, trailing backslash) or -E2BIG (too many words) with *err set
 * (err may be NULL). On error argv is not meaningful. */
int shell_split(char *line, char **argv, size_t cap, struct shell_parse_error *err);

/* A pipeline: commands joined by '|', each optionally reading a file ("cmd < FILE"). */
#define SHELL_MAX_STAGES 8

struct shell_stage {
	int argc;
	char **argv;          /* argv[argc] == NULL */
	const char *in_file;  /* after '<', or NULL */
};

struct shell_pipeline {
	int n;
	struct shell_stage stage[SHELL_MAX_STAGES];
};

/* Split `line` in place into a pipeline: words as shell_split, and the unquoted operators '|'
 * and '<' (with or without blanks around them: "a|b", "cat<f"). words has room for cap pointers
 * shared by all stages (each stage's argv ends with a NULL). Returns the number of commands (0
 * for an empty line), or -EINVAL (a quote or backslash as shell_split, an empty command around
 * '|', '<' without a file or twice), -E2BIG (too many words or commands), or -EROFS for '>'
 * (files cannot be written), with *err set. */
int shell_parse_pipeline(char *line, char **words, size_t cap, struct shell_pipeline *p,
			 struct shell_parse_error *err);

/* The characters a glob pattern gives a meaning to (kernel/shell/shell_glob.h) when unquoted. */
#define SHELL_PATTERN_CHARS "*?[]!^-"

/* As shell_parse_pipeline, and meta (NULL, or room for strlen(line) + 1 bytes) tells which bytes
 * of the words came from unquoted pattern characters: meta[i] is 1 for line[i] then, else 0. So
 * `ls *.txt` can be expanded while `ls '*.txt'` and `ls \*.txt` name a file called "*.txt". */
int shell_parse_pipeline_meta(char *line, uint8_t *meta, char **words, size_t cap, struct shell_pipeline *p,
			      struct shell_parse_error *err);

struct shell_getopt {
	int ind;         /* next argv index to look at; starts at 1; after -1: first operand */
	int opt;         /* the option just returned (or the offending one for '?') */
	const char *arg; /* its argument, for options marked with ':' in optstring */
	size_t next;     /* position inside a group like -abc (private) */
	char err[40];    /* "unknown option -x" / "option -x needs an argument" after '?' */
};

void shell_getopt_init(struct shell_getopt *g);
/* Next option from argv: its character, '?' on a bad option (g->err says why), or -1 when the
 * options end (first operand, a lone "-", or after "--", which is consumed). */
int shell_getopt(struct shell_getopt *g, int argc, char *const argv[], const char *optstring);

/* Unsigned number: decimal, 0x hex, 0b binary, with an optional K/M/G suffix (x1024^n).
 * Returns 0, -EINVAL (not a number) or -ERANGE (does not fit in 64 bits). */
int shell_parse_u64(const char *s, uint64_t *out);

/* Where the word under the cursor starts (*start), and whether it names a command: the first
 * word of the line or of a pipeline stage (after an unquoted '|'), not the file after '<'.
 * Blanks, '|' and '<' end words unless quoted or escaped ("a|he", "cat<READ" complete too). */
bool shell_complete_context(const char *line, size_t cursor, size_t *start);

#endif /* KEEL_SHELL_PARSE_H */

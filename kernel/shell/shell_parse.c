/*
 * Command-line splitting, getopt and number parsing (see shell_parse.h). Splitting works in
 * place: every output byte comes from at least one input byte, so the write position never
 * passes the read position and the words can share the line's storage.
 */
#include "kernel/shell/shell_parse.h"

#include <keel/errno.h>
#include <string.h>

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int fail(struct shell_parse_error *err, const char *msg, size_t pos, int code)
{
	if (err) {
		err->msg = msg;
		err->pos = pos;
	}
	return code;
}

static int is_op(char c)
{
	return c == '|' || c == '<' || c == '>';
}

/*
 * One word from line[*r] (not a blank), unquoted into line[*w...] and NUL-terminated. With ops,
 * an unquoted '|', '<' or '>' ends the word (and is left at *r). With meta, each byte written
 * from an unquoted pattern character gets meta[w] = 1 (the rest stay as the caller zeroed them).
 * Returns 0 or -EINVAL.
 */
static int scan_word(char *line, uint8_t *meta, size_t *rp, size_t *wp, int ops, struct shell_parse_error *err)
{
	size_t r = *rp, w = *wp;

	while (line[r] && !is_space(line[r]) && !(ops && is_op(line[r]))) {
		char c = line[r];

		if (c == '\\') {
			if (!line[r + 1])
				return fail(err, "backslash at end of line", r, -EINVAL);
			line[w++] = line[r + 1];
			r += 2;
		} else if (c == '\'') {
			size_t open = r++;

			while (line[r] && line[r] != '\'')
				line[w++] = line[r++];
			if (!line[r])
				return fail(err, "unterminated single quote", open, -EINVAL);
			r++;
		} else if (c == '"') {
			size_t open = r++;

			while (line[r] && line[r] != '"') {
				if (line[r] == '\\' && line[r + 1] && strchr("\"\\$`", line[r + 1])) {
					line[w++] = line[r + 1];
					r += 2;
				} else {
					line[w++] = line[r++];
				}
			}
			if (!line[r])
				return fail(err, "unterminated double quote", open, -EINVAL);
			r++;
		} else {
			if (meta && strchr(SHELL_PATTERN_CHARS, c))
				meta[w] = 1;
			line[w++] = line[r++];
		}
	}
	*rp = r;
	*wp = w;
	return 0;
}

static void clear_err(struct shell_parse_error *err)
{
	if (err) {
		err->msg = NULL;
		err->pos = 0;
	}
}

int shell_split(char *line, char **argv, size_t cap, struct shell_parse_error *err)
{
	size_t r = 0, w = 0, argc = 0;

	clear_err(err);
	if (cap == 0)
		return fail(err, "no room for arguments", 0, -E2BIG);
	for (;;) {
		int ret;

		while (is_space(line[r]))
			r++;
		if (!line[r])
			break;
		if (argc + 1 >= cap)
			return fail(err, "too many arguments", r, -E2BIG);
		argv[argc++] = line + w;
		ret = scan_word(line, NULL, &r, &w, 0, err);
		if (ret)
			return ret;
		/* w <= r here, so the terminator never overwrites unread input */
		if (line[r]) {
			line[w++] = 0;
			r++;
		} else {
			line[w++] = 0;
			break;
		}
	}
	argv[argc] = NULL;
	return (int)argc;
}

/* A word that names a file descriptor other than standard output ("2" in "2>&1"). */
static bool is_fd_word(const char *w)
{
	if (!*w || (w[0] == '1' && !w[1]))
		return false;
	for (; *w; w++)
		if (*w < '0' || *w > '9')
			return false;
	return true;
}

/*
 * Pipelines. Words are unquoted in place as by shell_split, but an operator may follow a word
 * with no blank ("a|b"), where the word's terminator takes the operator's byte: so the operator
 * is consumed first and handled as pending at the top of the loop.
 */
int shell_parse_pipeline(char *line, char **words, size_t cap, struct shell_pipeline *p,
			 struct shell_parse_error *err)
{
	return shell_parse_pipeline_meta(line, NULL, words, cap, p, err);
}

int shell_parse_pipeline_meta(char *line, uint8_t *meta, char **words, size_t cap, struct shell_pipeline *p,
			      struct shell_parse_error *err)
{
	size_t r = 0, w = 0, used = 0, op_pos = 0;
	struct shell_stage *st;
	bool want_file = false, adjacent;
	char pending = 0;
	size_t word_at = 0; /* where the last word started */

	clear_err(err);
	memset(p, 0, sizeof(*p));
	if (meta)
		memset(meta, 0, strlen(line) + 1);
	if (cap < 2)
		return fail(err, "no room for arguments", 0, -E2BIG);
	st = &p->stage[0];
	st->argv = words;
	for (;;) {
		size_t at;
		char c;

		adjacent = pending != 0; /* the operator follows a word with no blank */
		if (pending) {
			c = pending;
			at = r - 1;
			pending = 0;
		} else {
			while (is_space(line[r]))
				r++;
			c = line[r];
			at = r;
			if (c)
				r++;
		}
		if (c == '\0' || c == '|') {
			if (want_file)
				return fail(err, "< needs a file name", op_pos, -EINVAL);
			if (st->argc == 0) {
				if (st->in_file)
					return fail(err, "a command is missing for <", op_pos, -EINVAL);
				if (c == '\0' && p->n == 0)
					return 0; /* an empty line */
				return fail(err, c == '|' ? "a command is missing before |" : "a command is missing after |",
					    at, -EINVAL);
			}
			if (used + 1 > cap)
				return fail(err, "too many arguments", at, -E2BIG);
			words[used++] = NULL;
			p->n++;
			if (c == '\0')
				return p->n;
			if (p->n == SHELL_MAX_STAGES)
				return fail(err, "too many commands in the pipeline", at, -E2BIG);
			st = &p->stage[p->n];
			st->argv = words + used;
			continue;
		}
		if (c == '>') {
			/* "2>&1", "2>/dev/null": a habit from other shells. A word of digits right before
			 * the '>' names a file descriptor, and Keel's commands have no standard error:
			 * their error lines go to the console, so say that rather than speak of files. */
			if (adjacent && st->argc && is_fd_word(st->argv[st->argc - 1]))
				return fail(err, "N> (2>&1, 2>file) is not supported: "
						 "error lines always go to the console", word_at, -EINVAL);
			return fail(err, "> cannot write files: the volumes are read-only", at, -EROFS);
		}
		if (c == '<') {
			if (want_file || st->in_file)
				return fail(err, want_file ? "< needs a file name" : "more than one < for one command", at,
					    -EINVAL);
			want_file = true;
			op_pos = at;
			continue;
		}
		{
			char *word;
			int ret;

			r = at; /* the word starts at the byte just read */
			word_at = at;
			word = line + w;
			if (!want_file && used + 2 > cap)
				return fail(err, "too many arguments", r, -E2BIG);
			ret = scan_word(line, meta, &r, &w, 1, err);
			if (ret)
				return ret;
			if (line[r] && is_op(line[r])) {
				pending = line[r]; /* the NUL below may take its byte */
				r++;
			} else if (line[r]) {
				r++; /* a blank */
			}
			line[w++] = 0; /* w <= r: nothing unread is overwritten */
			if (want_file) {
				st->in_file = word;
				want_file = false;
			} else {
				st->argv[st->argc++] = word;
				used++;
			}
		}
	}
}

/* ---------------------------------------------------------------- completion */

bool shell_complete_context(const char *line, size_t cursor, size_t *start)
{
	size_t words = 0, wstart = cursor;
	bool in_word = false, file_next = false, file_word = false;
	char quote = 0;

	for (size_t i = 0; i < cursor && line[i]; i++) {
		char c = line[i];

		if (quote) {
			if (c == quote)
				quote = 0;
			else if (c == '\\' && quote == '"' && i + 1 < cursor)
				i++;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '|' || c == '<') {
			if (in_word && !file_word)
				words++;
			in_word = file_word = false;
			if (c == '|') {
				words = 0;
				file_next = false;
			} else if (c == '<') {
				file_next = true;
			}
			continue;
		}
		if (!in_word) {
			in_word = true;
			wstart = i;
			file_word = file_next;
			file_next = false;
		}
		if (c == '\\' && i + 1 < cursor)
			i++;
		else if (c == '\'' || c == '"')
			quote = c;
	}
	if (!in_word)
		file_word = file_next;
	*start = in_word ? wstart : cursor;
	return !file_word && words == 0;
}

/* ---------------------------------------------------------------- getopt */

void shell_getopt_init(struct shell_getopt *g)
{
	memset(g, 0, sizeof(*g));
	g->ind = 1;
}

static int bad(struct shell_getopt *g, const char *what, char opt)
{
	size_t n = strlen(what);

	memcpy(g->err, what, n); /* callers pass short literals */
	g->err[n] = 0;
	/* "unknown option -x": put the option letter where the 'x' is */
	for (size_t i = 0; i < n; i++)
		if (g->err[i] == '-' && g->err[i + 1] == 'x') {
			g->err[i + 1] = opt;
			break;
		}
	return '?';
}

int shell_getopt(struct shell_getopt *g, int argc, char *const argv[], const char *optstring)
{
	const char *a, *spec;
	char c;

	g->arg = NULL;
	if (g->next == 0) {
		if (g->ind >= argc)
			return -1;
		a = argv[g->ind];
		if (a[0] != '-' || a[1] == 0)
			return -1;
		if (a[1] == '-' && a[2] == 0) {
			g->ind++;
			return -1;
		}
		g->next = 1;
	}
	a = argv[g->ind];
	c = a[g->next++];
	g->opt = (unsigned char)c;
	spec = c != ':' ? strchr(optstring, c) : NULL;
	if (a[g->next] == 0) {
		g->next = 0;
		g->ind++;
	}
	if (!spec)
		return bad(g, "unknown option -x", c);
	if (spec[1] != ':')
		return c;
	if (g->next) { /* -n5 */
		g->arg = a + g->next;
		g->next = 0;
		g->ind++;
	} else if (g->ind < argc) { /* -n 5 */
		g->arg = argv[g->ind++];
	} else {
		return bad(g, "option -x needs an argument", c);
	}
	return c;
}

/* ---------------------------------------------------------------- numbers */

int shell_parse_u64(const char *s, uint64_t *out)
{
	unsigned base = 10, shift = 0;
	uint64_t v = 0;
	size_t digits = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	} else if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) {
		base = 2;
		s += 2;
	}
	for (;; s++, digits++) {
		char c = *s;
		unsigned d;

		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			break;
		if (d >= base)
			break;
		if (v > (UINT64_MAX - d) / base)
			return -ERANGE;
		v = v * base + d;
	}
	if (digits == 0)
		return -EINVAL;
	if (*s == 'K' || *s == 'k')
		shift = 10;
	else if (*s == 'M' || *s == 'm')
		shift = 20;
	else if (*s == 'G' || *s == 'g')
		shift = 30;
	if (shift) {
		if (v > (UINT64_MAX >> shift))
			return -ERANGE;
		v <<= shift;
		s++;
	}
	if (*s)
		return -EINVAL;
	*out = v;
	return 0;
}

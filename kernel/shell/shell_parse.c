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

int shell_split(char *line, char **argv, size_t cap, struct shell_parse_error *err)
{
	size_t r = 0, w = 0, argc = 0;

	if (err) {
		err->msg = NULL;
		err->pos = 0;
	}
	if (cap == 0)
		return fail(err, "no room for arguments", 0, -E2BIG);
	for (;;) {
		while (is_space(line[r]))
			r++;
		if (!line[r])
			break;
		if (argc + 1 >= cap)
			return fail(err, "too many arguments", r, -E2BIG);
		argv[argc++] = line + w;
		while (line[r] && !is_space(line[r])) {
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
				line[w++] = line[r++];
			}
		}
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

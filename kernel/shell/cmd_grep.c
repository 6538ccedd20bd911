/*
 * grep: print the lines of its inputs (files, or stdin) that match a pattern (shell_regex.h: a
 * small regular-expression subset, or a fixed string with -F), with -i (either case), -v (the
 * lines that do not match), -c (only their count) and -n (line numbers). With several inputs each
 * line (or count) is prefixed with the input's name, as grep does. Lines are matched whole: one
 * of up to 64 KiB; a longer line is an error naming its number, and that input stops there (the
 * reader's buffer bounds grep's memory). A last line without '\n' is printed with one. Finding
 * nothing is not a failure (Keel has no exit codes for scripts to test).
 */
#include <keel/errno.h>
#include <keel/format.h>
#include <keel/heap.h>
#include <string.h>

#include "kernel/shell/shell.h"
#include "kernel/shell/shell_input.h"
#include "kernel/shell/shell_lines.h"
#include "kernel/shell/shell_outbuf.h"
#include "kernel/shell/shell_parse.h"
#include "kernel/shell/shell_regex.h"

struct grep_job {
	struct shell_re *re;
	struct shell_outbuf *ob;
	char *buf;
	bool invert, count, number, names;
};

static int grep_input(struct shell_ctx *sh, const struct shell_input *in, void *user)
{
	struct grep_job *g = user;
	struct shell_lines lr;
	struct shell_line l;
	struct shell_outbuf *ob = g->ob;
	uint64_t lineno = 0, hits = 0;
	char num[24];
	int ret;

	shell_lines_init(&lr, in->s, g->buf, SHELL_LINES_WHOLE_MAX + 1);
	shell_lines_before_read(&lr, shell_outbuf_flush_hook, ob);
	while ((ret = shell_lines_next(&lr, &l)) > 0) {
		if (shell_interrupted(sh))
			return -EINTR;
		lineno++;
		if (l.more) {
			shell_outbuf_flush(ob);
			return shell_error(sh, -EFBIG, "%s: line %llu is longer than %u KiB", in->name,
					   (unsigned long long)lineno, SHELL_LINES_WHOLE_MAX / 1024);
		}
		if (shell_re_match(g->re, l.text, l.len) == g->invert)
			continue;
		hits++;
		if (g->count)
			continue;
		if (g->names) {
			shell_outbuf_put(ob, in->name, strlen(in->name));
			shell_outbuf_put(ob, ":", 1);
		}
		if (g->number)
			shell_outbuf_put(ob, num, (size_t)keel_snprintf(num, sizeof(num), "%llu:",
									 (unsigned long long)lineno));
		shell_outbuf_put(ob, l.text, l.len);
		shell_outbuf_put(ob, "\n", 1);
	}
	shell_outbuf_flush(ob);
	if (ret == -EINTR)
		return ret;
	if (ret < 0)
		return shell_input_error(sh, in, ret);
	if (g->count) {
		if (g->names)
			shell_printf(sh, "%s:", in->name);
		shell_printf(sh, "%llu\n", (unsigned long long)hits);
	}
	return 0;
}

static int cmd_grep(struct shell_ctx *sh, int argc, char **argv)
{
	struct grep_job g = { 0 };
	struct shell_getopt o;
	unsigned flags = 0;
	const char *err;
	int opt, ret;

	shell_getopt_init(&o);
	while ((opt = shell_getopt(&o, argc, argv, "ivcnF")) != -1) {
		switch (opt) {
		case 'i': flags |= SHELL_RE_ICASE; break;
		case 'F': flags |= SHELL_RE_FIXED; break;
		case 'v': g.invert = true; break;
		case 'c': g.count = true; break;
		case 'n': g.number = true; break;
		default: return shell_error(sh, -EINVAL, "%s (see 'help grep')", o.err);
		}
	}
	if (o.ind >= argc)
		return shell_usage(sh, "grep");
	g.names = argc - (o.ind + 1) > 1;
	g.re = kmalloc(sizeof(*g.re));
	g.buf = kmalloc(SHELL_LINES_WHOLE_MAX + 1);
	g.ob = kmalloc(sizeof(*g.ob));
	if (!g.re || !g.buf || !g.ob) {
		ret = shell_error(sh, -ENOMEM, "out of memory");
		goto free_bufs;
	}
	ret = shell_re_compile(g.re, argv[o.ind], strlen(argv[o.ind]), flags, &err);
	if (ret) {
		shell_error(sh, ret, "%s", err);
		goto free_bufs;
	}
	shell_outbuf_init(g.ob, sh);
	ret = shell_each_input(sh, argc, argv, o.ind + 1, grep_input, &g);
free_bufs:
	kfree(g.ob);
	kfree(g.buf);
	kfree(g.re);
	return ret;
}
SHELL_COMMAND(grep, "grep [-ivcnF] PATTERN [FILE...] -- lines matching PATTERN (. * ^ $ [a-z] [^x] \\x; -F fixed)",
	      cmd_grep);

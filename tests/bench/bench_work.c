/*
 * The benchmark workloads (see bench_work.h): scrolling ASCII lines, short "y\r\n" lines, text
 * scrolling inside a scroll region, full-screen writes without scrolling, a 256-colour SGR per
 * cell, a 9-parameter SGR (fg and bg 256-colour, bold, italic, underline) per cell, cursor-addressed single characters, CJK/emoji with combining marks, and a recorded vim
 * session (tests/bench/data/, recorded with script(1) under tmux at 25x80 and 50x160).
 */
#include "tests/bench/bench_work.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long rng = 88172645463325252ULL;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static void add(struct bench_buf *b, const char *s, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2;
		b->p = realloc(b->p, b->cap);
		if (!b->p)
			abort();
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

static void adds(struct bench_buf *b, const char *s)
{
	add(b, s, strlen(s));
}

static void w_ascii_scroll(struct bench_buf *b, int rows, int cols, size_t target)
{
	char line[512];

	(void)rows;
	while (b->len < target) {
		int n = cols - 1 - (int)rnd(8);
		for (int i = 0; i < n; i++)
			line[i] = (char)(0x21 + rnd(94));
		line[n] = '\r';
		line[n + 1] = '\n';
		add(b, line, (size_t)n + 2);
	}
}

static void w_short_lines(struct bench_buf *b, int rows, int cols, size_t target)
{
	(void)rows;
	(void)cols;
	while (b->len < target)
		adds(b, "y\r\n");
}

static void w_region(struct bench_buf *b, int rows, int cols, size_t target)
{
	char tmp[32], line[512];

	snprintf(tmp, sizeof(tmp), "\x1b[3;%dr\x1b[%d;1H", rows - 2, rows - 2);
	adds(b, tmp);
	while (b->len < target) {
		int n = cols / 2 + (int)rnd((unsigned)cols / 2 - 1);
		for (int i = 0; i < n; i++)
			line[i] = (char)(0x21 + rnd(94));
		line[n] = '\r';
		line[n + 1] = '\n';
		add(b, line, (size_t)n + 2);
	}
}

static void w_fullscreen(struct bench_buf *b, int rows, int cols, size_t target)
{
	while (b->len < target) {
		adds(b, "\x1b[H");
		for (int i = 0; i < rows * cols; i++) {
			char c = (char)(0x21 + rnd(94));
			add(b, &c, 1);
		}
	}
}

static void w_sgr256(struct bench_buf *b, int rows, int cols, size_t target)
{
	char tmp[32];

	while (b->len < target) {
		adds(b, "\x1b[H");
		for (int i = 0; i < rows * cols; i++) {
			int n = snprintf(tmp, sizeof(tmp), "\x1b[38;5;%um%c", rnd(256), 0x21 + rnd(94));
			add(b, tmp, (size_t)n);
		}
	}
}

/* Every cell carries one multi-parameter SGR: 256-colour fg and bg plus bold/italic/underline. */
static void w_sgr_multi(struct bench_buf *b, int rows, int cols, size_t target)
{
	char tmp[48];

	while (b->len < target) {
		adds(b, "\x1b[H");
		for (int i = 0; i < rows * cols; i++) {
			int n = snprintf(tmp, sizeof(tmp), "\x1b[38;5;%u;48;5;%u;1;3;4m%c", rnd(256), rnd(256),
					 0x21 + rnd(94));
			add(b, tmp, (size_t)n);
		}
	}
}

static void w_cup(struct bench_buf *b, int rows, int cols, size_t target)
{
	char tmp[32];

	while (b->len < target) {
		int n = snprintf(tmp, sizeof(tmp), "\x1b[%u;%uH%c", 1 + rnd((unsigned)rows), 1 + rnd((unsigned)cols),
				 0x21 + rnd(94));
		add(b, tmp, (size_t)n);
	}
}

static void w_cjk(struct bench_buf *b, int rows, int cols, size_t target)
{
	static const char *pieces[] = {
		"\xe4\xb8\xad", "\xe6\x96\x87", "\xe5\xad\x97", "\xed\x95\x9c", "\xea\xb8\x80",
		"\xf0\x9f\x98\x80", "\xf0\x9f\x8c\x8d", "e\xcc\x81", "a\xcc\x88\xcc\xa3", "n\xcc\x83",
		"\xe3\x81\x82", "x", " ",
	};
	int col = 0;

	(void)rows;
	while (b->len < target) {
		const char *p = pieces[rnd(sizeof(pieces) / sizeof(pieces[0]))];
		adds(b, p);
		col += (unsigned char)p[0] >= 0xe0 ? 2 : 1;
		if (col >= cols - 2) {
			adds(b, "\r\n");
			col = 0;
		}
	}
}

static void w_vim(struct bench_buf *b, int rows, int cols, size_t target)
{
	char path[256], *data;
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "tests/bench/data/vim_%dx%d.vt", rows, cols);
	f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "bench: cannot open %s\n", path);
		exit(1);
	}
	data = malloc(1 << 20);
	n = fread(data, 1, 1 << 20, f);
	fclose(f);
	/* restart the session each time: full reset, then the recording */
	while (b->len < target) {
		adds(b, "\x1b" "c");
		add(b, data, n);
	}
	free(data);
}

const struct bench_workload bench_workloads[] = {
	{ "ascii-scroll", w_ascii_scroll },
	{ "short-lines", w_short_lines },
	{ "scroll-region", w_region },
	{ "fullscreen", w_fullscreen },
	{ "sgr256-cell", w_sgr256 },
	{ "sgr-multi-cell", w_sgr_multi },
	{ "cup-char", w_cup },
	{ "cjk-emoji-comb", w_cjk },
	{ "vim-session", w_vim },
};
const int bench_nworkloads = sizeof(bench_workloads) / sizeof(bench_workloads[0]);

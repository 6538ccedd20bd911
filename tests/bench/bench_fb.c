/*
 * make bench: the framebuffer backend in the host build, at 1024x768 and 1920x1080 (32 bpp,
 * the default 8x16 font, framebuffer in RAM). Measures a full-screen redraw (every cell
 * rendered and every row blitted) and scrolling (a line written at the bottom of a full
 * screen, then flushed), in cell rows per second, and checks from the backend's counters that
 * only damaged rows are touched: a full redraw blits each row once, a one-character change
 * blits one row, a flush with no change blits nothing. Exits non-zero if a count is wrong.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "term/backend_fb.h"
#include "term/term.h"
#include "tools/term_host_util.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int fails;

static void expect(const char *what, uint64_t got, uint64_t want)
{
	if (got != want) {
		printf("  FAIL %s: %llu rows blitted, expected %llu\n", what, (unsigned long long)got,
		       (unsigned long long)want);
		fails++;
	}
}

static void fill_line(char *buf, int cols, int seed)
{
	int n = sprintf(buf, "\x1b[3%dm", seed % 8);

	for (int c = 0; c < cols; c++)
		buf[n++] = (char)('!' + (seed * 7 + c) % 90);
	buf[n] = 0;
}

static void run(uint32_t w, uint32_t h)
{
	struct term_fb_format f = { w, h, w * 4, 32, 16, 8, 8, 8, 0, 8 };
	uint8_t *mem = malloc((size_t)f.pitch * h);
	struct term_fb *b = term_fb_new(&term_host_alloc, mem, &f, &term_font_default);
	struct term_fb_stats s0, s1;
	int rows, cols;
	char *line;

	term_fb_grid(b, &rows, &cols);
	struct term *t = term_new(&term_host_alloc, rows, cols);
	line = malloc((size_t)cols + 16);
	term_attach(t, &term_fb_backend, b);
	for (int r = 0; r < rows; r++) {
		fill_line(line, cols, r);
		term_write(t, line, strlen(line));
		if (r + 1 < rows)
			term_write(t, "\r\n", 2);
	}
	term_flush(t);

	/* full redraw */
	int iters = 0;
	term_fb_get_stats(b, &s0);
	double t0 = now(), el;
	do {
		term_attach(t, &term_fb_backend, b);
		term_flush(t);
		iters++;
	} while ((el = now() - t0) < 1.0);
	term_fb_get_stats(b, &s1);
	expect("full redraw", s1.rows_blitted - s0.rows_blitted, (uint64_t)iters * (uint64_t)rows);
	printf("%ux%u (%dx%d cells): full redraw %.0f rows/s (%.1f screens/s, %.1f MiB/s blitted)\n", w, h, cols, rows,
	       (double)(s1.rows_blitted - s0.rows_blitted) / el, iters / el,
	       (double)(s1.bytes_blitted - s0.bytes_blitted) / el / 1048576.0);

	/* scroll: one new line per flush */
	int lines = 0;
	term_fb_get_stats(b, &s0);
	t0 = now();
	do {
		fill_line(line, cols, lines);
		term_write(t, "\r\n", 2);
		term_write(t, line, strlen(line));
		term_flush(t);
		lines++;
	} while ((el = now() - t0) < 1.0);
	term_fb_get_stats(b, &s1);
	expect("scroll", s1.scrolls - s0.scrolls, (uint64_t)lines);
	expect("scroll rows", s1.rows_blitted - s0.rows_blitted, (uint64_t)lines * (uint64_t)rows);
	printf("%ux%u: scroll %.0f lines/s (%.0f rows/s blitted, glyphs rendered for 1 row of %d per line)\n", w, h,
	       lines / el, (double)(s1.rows_blitted - s0.rows_blitted) / el, rows);

	/* damage only */
	term_fb_get_stats(b, &s0);
	term_write(t, "\x1b[5;5Hx", 7);
	term_flush(t);
	term_fb_get_stats(b, &s1);
	expect("cursor move + one cell", s1.rows_blitted - s0.rows_blitted, 2);   /* old cursor row, new row */
	s0 = s1;
	term_write(t, "y", 1);
	term_flush(t);
	term_fb_get_stats(b, &s1);
	expect("one cell", s1.rows_blitted - s0.rows_blitted, 1);
	s0 = s1;
	term_flush(t);
	term_fb_get_stats(b, &s1);
	expect("no change", s1.rows_blitted - s0.rows_blitted, 0);
	printf("%ux%u: damage counts %s\n", w, h, fails ? "WRONG" : "ok (1 row per one-cell change, 0 with none)");
	term_free(t);
	term_fb_free(b);
	free(line);
	free(mem);
}

int main(void)
{
	run(1024, 768);
	run(1920, 1080);
	return fails ? 1 : 0;
}

/*
 * make bench: parse + grid throughput of Keel's terminal against libvterm 0.1.4 in the same
 * process on the same bytes, per workload (tests/bench/bench_work.c), at 80x25 and 160x50.
 * Both keep a 10,000-line scrollback: Keel its own ring, libvterm through sb_pushline into a
 * preallocated ring of cell rows. Both are fed 4 KiB at a time (libvterm 0.1.4 overflows its
 * stack on larger writes). Times are the thread's CPU time, so time spent descheduled while other
 * jobs run is not counted. On a machine shared with others, load comes and goes: each workload
 * runs BENCH_REPS (default 7) rounds, a round being one Keel run and one libvterm run back to back
 * (which goes first alternates), and the ratio reported is the median of the rounds' ratios, so
 * a burst of load that slows one round's pair moves neither the ratio nor the verdict; the MiB/s
 * shown are the medians of each side's runs. Exits non-zero if a ratio is below 3
 * (BENCH_NO_FAIL=1 to only report). BENCH_ONLY=<workload> runs one workload.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <vterm.h>

#include "tests/bench/bench_stats.h"
#include "tests/bench/bench_work.h"
#include "tools/term_host_util.h"

#define SB_LINES 10000
#define CHUNK 4096

struct vt_sb {
	VTermScreenCell *ring;
	int cols, head, count;
};

static int sb_push(int cols, const VTermScreenCell *cells, void *user)
{
	struct vt_sb *sb = user;
	int n = cols < sb->cols ? cols : sb->cols;

	memcpy(&sb->ring[(size_t)sb->head * (size_t)sb->cols], cells, (size_t)n * sizeof(*cells));
	sb->head = (sb->head + 1) % SB_LINES;
	if (sb->count < SB_LINES)
		sb->count++;
	return 1;
}

static const VTermScreenCallbacks vt_cbs = { .sb_pushline = sb_push };

#define MAX_REPS 64

/* The thread's CPU time: time the scheduler gives to other sessions' jobs is not counted
 * (BENCH_WALL=1 measures wall time instead). */
static double now(void)
{
	static int wall = -1;
	struct timespec ts;

	if (wall < 0)
		wall = getenv("BENCH_WALL") != NULL;
	clock_gettime(wall ? CLOCK_MONOTONIC : CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double run_keel(const struct bench_buf *b, int rows, int cols)
{
	struct term *t = term_new(&term_host_alloc, rows, cols);
	double t0 = now();

	for (size_t off = 0; off < b->len; off += CHUNK) {
		size_t n = b->len - off < CHUNK ? b->len - off : CHUNK;
		term_write(t, b->p + off, n);
	}
	double dt = now() - t0;
	term_free(t);
	return dt;
}

static double run_vterm(const struct bench_buf *b, int rows, int cols, struct vt_sb *sb)
{
	VTerm *vt = vterm_new(rows, cols);
	VTermScreen *vs;
	double t0, dt;

	vterm_set_utf8(vt, 1);
	vs = vterm_obtain_screen(vt);
	sb->head = sb->count = 0;
	vterm_screen_set_callbacks(vs, &vt_cbs, sb);
	vterm_screen_enable_altscreen(vs, 1);
	vterm_screen_reset(vs, 1);
	t0 = now();
	for (size_t off = 0; off < b->len; off += CHUNK) {
		size_t n = b->len - off < CHUNK ? b->len - off : CHUNK;
		vterm_input_write(vt, b->p + off, n);
	}
	dt = now() - t0;
	vterm_free(vt);
	return dt;
}

int main(int argc, char **argv)
{
	static const int sizes[][2] = { { 25, 80 }, { 50, 160 } };
	size_t target = (argc > 1 ? (size_t)atoi(argv[1]) : 8) << 20;
	int reps = getenv("BENCH_REPS") ? atoi(getenv("BENCH_REPS")) : 7, bad = 0;
	struct vt_sb sb = { 0 };
	bool keel_only = getenv("BENCH_KEEL_ONLY") != NULL;

	if (reps < 1 || reps > MAX_REPS)
		reps = 7;

	printf("%-16s %-7s %10s %10s %7s\n", "workload", "size", "keel MiB/s", "vterm MiB/s", "ratio");
	for (int z = 0; z < 2; z++) {
		int rows = sizes[z][0], cols = sizes[z][1];
		sb.cols = cols;
		sb.ring = realloc(sb.ring, (size_t)SB_LINES * (size_t)cols * sizeof(VTermScreenCell));
		for (int w = 0; w < bench_nworkloads; w++) {
			struct bench_buf b = { 0 };
			const char *only = getenv("BENCH_ONLY");
			if (only && strcmp(only, bench_workloads[w].name) != 0)
				continue;
			double tk[MAX_REPS], tv[MAX_REPS], ratio[MAX_REPS];
			/* libvterm needs ~20 s for 8 MiB of "y\r\n": a quarter is plenty there */
			bench_workloads[w].build(&b, rows, cols,
						 strcmp(bench_workloads[w].name, "short-lines") ? target : target / 4);
			for (int r = 0; r < reps; r++) {
				if (r % 2 == 0)
					tk[r] = run_keel(&b, rows, cols);
				tv[r] = keel_only ? 1.0 : run_vterm(&b, rows, cols, &sb);
				if (r % 2 == 1)
					tk[r] = run_keel(&b, rows, cols);
				ratio[r] = tv[r] / tk[r];
			}
			double rt = bench_median(ratio, reps);
			double mk = (double)b.len / bench_median(tk, reps) / 1048576.0;
			double mv = (double)b.len / bench_median(tv, reps) / 1048576.0;
			printf("%-16s %3dx%-3d %10.1f %10.1f %6.2fx\n", bench_workloads[w].name, cols, rows, mk, mv, rt);
			fflush(stdout);
			if (rt < 3.0)
				bad++;
			free(b.p);
		}
	}
	free(sb.ring);
	if (bad)
		printf("%d workload(s) below the 3x target\n", bad);
	return bad && !getenv("BENCH_NO_FAIL") ? 1 : 0;
}

/*
 * Differential tests: thousands of generated streams (tests/diff/term_diff_gen.c) are fed to
 * Keel's terminal and to libvterm 0.1.4, and the screens (text, cursor, visibility, every cell's
 * character, width, attributes and colours) must match. A mismatch is minimized by dropping
 * tokens while it persists and printed with both dumps. Intended divergences are avoided by the
 * generator and listed in docs/terminal.md.
 * TERM_DIFF_N=<count> changes the number of streams per family set.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "tests/diff/term_diff_gen.h"
#include "tests/diff/vterm_dump.h"

#define BUF_MAX (GEN_MAX_TOKENS * GEN_TOKEN_MAX)

static const int sizes[][2] = { { 25, 80 }, { 5, 20 }, { 3, 10 }, { 40, 132 }, { 8, 9 } };

static void keel_dump(const char *buf, size_t len, int rows, int cols, bool alt, struct dump_screen *d)
{
	struct term *t = term_new(&term_host_alloc, rows, cols);

	term_set_altscreen(t, alt);
	term_write(t, buf, len);
	dump_from_term(t, d);
	term_free(t);
}

/* Both dumps as text; cells libvterm marks "don't care" take Keel's value. */
static void dumps(const char *buf, size_t len, int rows, int cols, bool alt, struct strbuf *a,
		  struct strbuf *b)
{
	struct dump_screen k, v;

	keel_dump(buf, len, rows, cols, alt, &k);
	vterm_dump_bytes(buf, len, rows, cols, alt, &v);
	for (int i = 0; i < rows * cols; i++)
		if (v.cells[i].dontcare) {
			v.cells[i] = k.cells[i];
			if (k.cells[i].width == 0 && i % cols && v.cells[i - 1].width != 2)
				v.cells[i].width = 1;
		}
	dump_format(&k, true, TERM_DUMP_ATTR_VTERM, a);
	dump_format(&v, true, TERM_DUMP_ATTR_VTERM, b);
	dump_screen_free(&k);
	dump_screen_free(&v);
}

static bool differs(const char *buf, size_t len, int rows, int cols, bool alt)
{
	struct strbuf a = { 0 }, b = { 0 };
	bool diff;

	dumps(buf, len, rows, cols, alt, &a, &b);
	diff = strcmp(a.s, b.s) != 0;
	sb_free(&a);
	sb_free(&b);
	return diff;
}

static void print_escaped(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];
		if (c == 0x1b)
			fputs("\\e", stderr);
		else if (c < 0x20 || c == 0x7f)
			fprintf(stderr, "\\x%02x", c);
		else if (c == '\\')
			fputs("\\\\", stderr);
		else
			fputc(c, stderr);
	}
	fputc('\n', stderr);
}

/* Both dumps' screen text, then the first differing lines. */
static void print_diff(const char *a, const char *b)
{
	const char *pa = strstr(a, "cell "), *pb = strstr(b, "cell ");
	int shown = 0;

	fprintf(stderr, "--- keel\n%.*s--- libvterm\n%.*s", (int)(pa ? pa - a : (long)strlen(a)), a,
		(int)(pb ? pb - b : (long)strlen(b)), b);
	while (*a && *b && shown < 6) {
		size_t la = strcspn(a, "\n"), lb = strcspn(b, "\n");
		if (la != lb || memcmp(a, b, la) != 0) {
			fprintf(stderr, "  keel: %.*s\n  vterm: %.*s\n", (int)la, a, (int)lb, b);
			shown++;
		}
		a += la + (a[la] != 0);
		b += lb + (b[lb] != 0);
	}
}

static void report(struct gen_stream *g, int rows, int cols, bool alt)
{
	static char buf[BUF_MAX];
	struct strbuf a = { 0 }, b = { 0 };
	size_t len;

	/* minimize: drop tokens while the mismatch persists */
	for (int i = g->ntok - 1; i >= 1; i--) {     /* token 0 is the generator's guard */
		len = gen_join(g, i, buf, sizeof(buf));
		if (differs(buf, len, rows, cols, alt)) {
			memmove(&g->tok[i], &g->tok[i + 1], (size_t)(g->ntok - i - 1) * sizeof(g->tok[0]));
			memmove(&g->len[i], &g->len[i + 1], (size_t)(g->ntok - i - 1));
			g->ntok--;
		}
	}
	len = gen_join(g, -1, buf, sizeof(buf));
	fprintf(stderr, "mismatch at %dx%d%s, minimized input: ", rows, cols, alt ? " (alt)" : "");
	print_escaped(buf, len);
	dumps(buf, len, rows, cols, alt, &a, &b);
	print_diff(a.s, b.s);
	sb_free(&a);
	sb_free(&b);
}

static int run_family(unsigned families, int count, int ntok)
{
	static char buf[BUF_MAX];
	static struct gen_stream g;
	struct gen_rng r = { check_seed() ^ ((uint64_t)families * 0x9e3779b97f4a7c15ULL) };
	int bad = 0;
	const char *env = getenv("TERM_DIFF_N");

	if (env)
		count = atoi(env);
	for (int i = 0; i < count; i++) {
		const int *sz = sizes[gen_rand(&r, sizeof(sizes) / sizeof(sizes[0]))];
		bool alt = gen_rand(&r, 2);
		size_t len;

		gen_stream(&r, families, 1 + (int)gen_rand(&r, (uint32_t)ntok), &g);
		len = gen_join(&g, -1, buf, sizeof(buf));
		if (differs(buf, len, sz[0], sz[1], alt)) {
			if (bad < 3)
				report(&g, sz[0], sz[1], alt);
			bad++;
		}
	}
	if (bad)
		fprintf(stderr, "families 0x%x: %d of %d streams differ\n", families, bad, count);
	return bad;
}

TEST(diff_text_ctrl) { CHECK_EQ_INT(run_family(GEN_TEXT | GEN_CTRL, 1000, 60), 0); }
TEST(diff_utf8) { CHECK_EQ_INT(run_family(GEN_TEXT | GEN_UTF8 | GEN_CTRL, 1000, 60), 0); }
TEST(diff_cursor) { CHECK_EQ_INT(run_family(GEN_TEXT | GEN_CURSOR | GEN_CTRL, 1000, 80), 0); }
TEST(diff_edit) { CHECK_EQ_INT(run_family(GEN_TEXT | GEN_UTF8 | GEN_CURSOR | GEN_EDIT, 1000, 80), 0); }
TEST(diff_sgr) { CHECK_EQ_INT(run_family(GEN_TEXT | GEN_SGR | GEN_EDIT | GEN_CTRL, 1000, 60), 0); }
TEST(diff_modes) { CHECK_EQ_INT(run_family(GEN_TEXT | GEN_MODES | GEN_CURSOR | GEN_CTRL | GEN_EDIT, 1000, 80), 0); }
TEST(diff_margins) { CHECK_EQ_INT(run_family(GEN_TEXT | GEN_MARGINS | GEN_CURSOR | GEN_CTRL | GEN_EDIT, 1000, 80), 0); }
TEST(diff_misc) { CHECK_EQ_INT(run_family(GEN_TEXT | GEN_MISC | GEN_CURSOR | GEN_CTRL, 1000, 80), 0); }
TEST(diff_all) { CHECK_EQ_INT(run_family(GEN_ALL, 2000, 150), 0); }

/* Real program output: the recorded vim sessions of the benchmark, whole and cut at many
 * points (so intermediate screens are compared too), with and without the alternate screen. */
TEST(diff_recorded_vim)
{
	static const char *files[] = { "tests/bench/data/vim_25x80.vt", "tests/bench/data/vim_50x160.vt" };
	static const int sizes[][2] = { { 25, 80 }, { 50, 160 } };
	static char buf[1 << 17];

	for (int f = 0; f < 2; f++) {
		FILE *fp = fopen(files[f], "rb");
		CHECK(fp != NULL);
		if (!fp)
			continue;
		size_t n = fread(buf, 1, sizeof(buf), fp);
		fclose(fp);
		for (size_t cut = n % 997; cut <= n; cut += n / 16 + 1)
			for (int alt = 0; alt < 2; alt++)
				if (differs(buf, cut, sizes[f][0], sizes[f][1], alt)) {
					fprintf(stderr, "%s differs after %zu bytes (alt %d)\n", files[f], cut, alt);
					CHECK(0);
				}
		CHECK(!differs(buf, n, sizes[f][0], sizes[f][1], true));
	}
}

CHECK_MAIN("test_term_diff")

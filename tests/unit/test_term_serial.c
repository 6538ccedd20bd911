/*
 * The serial renderer: a round trip (the renderer's output, fed to a second Keel terminal and
 * to libvterm, reproduces the original screen: text, attributes, colours, cursor) over
 * generated streams flushed at random points, and the byte economy: nothing is sent when
 * nothing changed, a typed character costs one byte, a scroll costs a line feed, SGR changes
 * are differences only.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "term/backend_serial.h"
#include "term_test_util.h"
#include "tests/diff/term_diff_gen.h"
#include "tests/diff/vterm_dump.h"

static struct strbuf wire;

static void to_wire(void *user, const char *buf, size_t len)
{
	(void)user;
	for (size_t i = 0; i < len; i++)
		sb_putc(&wire, buf[i]);
}

/* A space without attributes looks exactly like an erased cell of the same colours. */
static void normalize(struct dump_screen *d)
{
	for (int i = 0; i < d->rows * d->cols; i++) {
		struct dump_cell *c = &d->cells[i];
		if (c->nchars == 1 && c->chars[0] == ' ' && (c->attr & TERM_DUMP_ATTR_VTERM) == 0)
			c->nchars = 0;
		c->dontcare = false;
	}
}

static void fmt(struct dump_screen *d, uint32_t mask, struct strbuf *out)
{
	normalize(d);
	dump_format(d, true, mask, out);
	dump_screen_free(d);
}

/* The wire through a tty that maps LF to CR LF (QEMU -nographic, make run) into t. */
static void write_onlcr(struct term *t)
{
	for (size_t i = 0, start = 0; i <= wire.len; i++) {
		if (i == wire.len || wire.s[i] == '\n') {
			term_write(t, wire.s + start, i - start);
			if (i < wire.len)
				term_write(t, "\r\n", 2);
			start = i + 1;
		}
	}
}

static int round_trip(struct gen_rng *r, const struct gen_stream *g, int rows, int cols)
{
	struct term *a = term_new(&term_host_alloc, rows, cols), *b;
	struct term_serial *ser = term_serial_new(&term_host_alloc, to_wire, NULL);
	struct dump_screen da, db, dv;
	struct strbuf sa = { 0 }, sb = { 0 }, sv = { 0 }, sa2 = { 0 };
	int bad = 0;

	sb_free(&wire);
	sb_puts(&wire, "");
	term_attach(a, &term_serial_backend, ser);
	for (int i = 0; i < g->ntok; i++) {
		term_write(a, g->tok[i], g->len[i]);
		if (gen_rand(r, 4) == 0)
			term_flush(a);
	}
	term_flush(a);
	b = term_new(&term_host_alloc, rows, cols);
	term_write(b, wire.s, wire.len);
	dump_from_term(a, &da);
	dump_from_term(b, &db);
	fmt(&da, TERM_DUMP_ATTR_ALL, &sa);
	fmt(&db, TERM_DUMP_ATTR_ALL, &sb);
	if (strcmp(sa.s, sb.s) != 0) {
		fprintf(stderr, "round trip to Keel differs:\n--- original\n%s--- replayed\n%s", sa.s, sb.s);
		bad = 1;
	}
	/* The same bytes through a tty that maps LF to CR LF (QEMU -nographic, make run): same screen. */
	term_free(b);
	b = term_new(&term_host_alloc, rows, cols);
	write_onlcr(b);
	sb_free(&sb);
	dump_from_term(b, &db);
	fmt(&db, TERM_DUMP_ATTR_ALL, &sb);
	if (strcmp(sa.s, sb.s) != 0) {
		fprintf(stderr, "round trip through ONLCR differs:\n--- original\n%s--- replayed\n%s", sa.s, sb.s);
		bad = 1;
	}
	vterm_dump_bytes(wire.s, wire.len, rows, cols, false, &dv);
	dump_from_term(a, &da);
	fmt(&da, TERM_DUMP_ATTR_VTERM, &sa2);
	fmt(&dv, TERM_DUMP_ATTR_VTERM, &sv);
	if (strcmp(sa2.s, sv.s) != 0) {
		fprintf(stderr, "round trip to libvterm differs:\n--- original\n%s--- libvterm\n%s", sa2.s, sv.s);
		bad = 1;
	}
	sb_free(&sa);
	sb_free(&sb);
	sb_free(&sa2);
	sb_free(&sv);
	term_attach(a, NULL, NULL);
	term_serial_free(ser);
	term_free(a);
	term_free(b);
	return bad;
}

TEST(round_trip_generated)
{
	static struct gen_stream g;
	struct gen_rng r = { check_seed() | 1 };
	static const int sizes[][2] = { { 25, 80 }, { 5, 20 }, { 3, 10 }, { 12, 40 } };
	int bad = 0;

	for (int i = 0; i < 1500 && bad < 3; i++) {
		const int *sz = sizes[gen_rand(&r, 4)];
		gen_stream(&r, GEN_ALL, 1 + (int)gen_rand(&r, 120), &g);
		bad += round_trip(&r, &g, sz[0], sz[1]);
	}
	CHECK_EQ_INT(bad, 0);
}

static struct term *attached(int rows, int cols, struct term_serial **ser)
{
	struct term *t = term_new(&term_host_alloc, rows, cols);

	*ser = term_serial_new(&term_host_alloc, to_wire, NULL);
	term_attach(t, &term_serial_backend, *ser);
	term_flush(t);
	sb_free(&wire);
	sb_puts(&wire, "");
	return t;
}

static void detach(struct term *t, struct term_serial *ser)
{
	term_attach(t, NULL, NULL);
	term_serial_free(ser);
	term_free(t);
}

TEST(no_change_sends_nothing)
{
	struct term_serial *ser;
	struct term *t = attached(10, 40, &ser);

	tt_write(t, "hello \x1b[1;31mworld\x1b[m\r\nline two");
	term_flush(t);
	CHECK(wire.len > 0);
	sb_free(&wire);
	sb_puts(&wire, "");
	term_flush(t);
	CHECK_EQ_INT(wire.len, 0);
	/* rewriting the same text is damage, but the remote already shows it */
	tt_write(t, "\x1b[1;1Hhello");
	term_flush(t);
	CHECK_EQ_STR(wire.s, "\x1b[1;6H");      /* only the cursor moves */
	detach(t, ser);
}

/* DECDWL/DECDHL are passed through; only the visible half of the columns is drawn. */
TEST(line_sizes_passed_through)
{
	struct term_serial *ser;
	struct term *t = attached(5, 20, &ser);

	tt_write(t, "\x1b#6ab");
	term_flush(t);
	CHECK(strstr(wire.s, "\x1b#6") != NULL);
	CHECK(strstr(wire.s, "ab") != NULL);
	sb_free(&wire);
	sb_puts(&wire, "");
	tt_write(t, "\x1b[1;1H\x1b#5");
	term_flush(t);
	CHECK(strstr(wire.s, "\x1b#5") != NULL);
	sb_free(&wire);
	sb_puts(&wire, "");
	tt_write(t, "\x1b[2;1H\x1b#3x\r\n\x1b#4x");
	term_flush(t);
	CHECK(strstr(wire.s, "\x1b#3") != NULL && strstr(wire.s, "\x1b#4") != NULL);
	sb_free(&wire);
	sb_puts(&wire, "");
	term_flush(t);
	CHECK_EQ_INT(wire.len, 0);              /* nothing resent */
	detach(t, ser);
}

TEST(typing_costs_one_byte)
{
	struct term_serial *ser;
	struct term *t = attached(10, 40, &ser);

	tt_write(t, "a");
	term_flush(t);
	CHECK_EQ_STR(wire.s, "a");
	sb_free(&wire);
	tt_write(t, "b");
	term_flush(t);
	CHECK_EQ_STR(wire.s, "b");
	detach(t, ser);
}

TEST(scroll_is_a_line_feed)
{
	struct term_serial *ser;
	struct term *t = attached(4, 20, &ser);

	tt_write(t, "one\r\ntwo\r\nthree\r\nfour");
	term_flush(t);
	sb_free(&wire);
	sb_puts(&wire, "");
	tt_write(t, "\r\nfive");
	term_flush(t);
	CHECK(wire.len < 16);
	CHECK(strchr(wire.s, '\n') != NULL);
	CHECK(strstr(wire.s, "five") != NULL);
	CHECK(strstr(wire.s, "four") == NULL);  /* not redrawn */
	detach(t, ser);
}

/* A remote taller than the terminal drawn on it (a console clamped to its memory budget): the
 * renderer sets margins around the terminal's rows, so scrolling at its last row scrolls there
 * and the remote's rows below stay untouched. Checked by feeding the wire to a taller terminal. */
TEST(taller_remote_keeps_to_the_rows)
{
	struct term_serial *ser;
	struct term *t = attached(4, 20, &ser);
	struct term *remote = term_new(&term_host_alloc, 7, 20);

	CHECK(term_serial_set_remote_rows(ser, 7));
	CHECK(!term_serial_set_remote_rows(ser, 7));
	term_serial_invalidate(ser);
	term_attach(t, &term_serial_backend, ser); /* a repaint from scratch, as the console does */
	tt_write(t, "one\r\ntwo\r\nthree\r\nfour\r\nfive\r\nsix");
	term_flush(t);
	CHECK(strstr(wire.s, "\x1b[1;4r") != NULL);
	term_write(remote, wire.s, wire.len);
	for (int r = 0; r < 4; r++) {
		char want[64];

		snprintf(want, sizeof(want), "%s", tt_row(t, r));
		CHECK_EQ_STR(tt_row(remote, r), want);
	}
	CHECK_EQ_STR(tt_row(t, 3), "six");
	for (int r = 4; r < 7; r++)
		CHECK_EQ_STR(tt_row(remote, r), ""); /* below the margins: nothing */
	term_free(remote);
	detach(t, ser);
}

TEST(sgr_differences_only)
{
	struct term_serial *ser;
	struct term *t = attached(4, 40, &ser);

	tt_write(t, "\x1b[1;31ma\x1b[32mb\x1b[22mc\x1b[mxd");
	term_flush(t);
	CHECK_EQ_STR(wire.s, "\x1b[1;31ma\x1b[32mb\x1b[22mc\x1b[mxd");
	detach(t, ser);
}

TEST(blank_tail_uses_el)
{
	struct term_serial *ser;
	struct term *t = attached(4, 40, &ser);

	tt_write(t, "a long line of text here");
	term_flush(t);
	sb_free(&wire);
	sb_puts(&wire, "");
	tt_write(t, "\x1b[1;3H\x1b[K");
	term_flush(t);
	CHECK_EQ_STR(wire.s, "\x1b[22D\x1b[K");  /* the shorter move, then EL */
	detach(t, ser);
}

CHECK_MAIN("test_term_serial")

/* After a screen full of coloured cells (wider than the core's 64-cell flush chunks), a clear
 * costs a cursor move and one ED, not a line of spaces per row; a replay stays exact. */
TEST(clear_after_colours_is_cheap)
{
	struct term_serial *ser;
	struct term *t = attached(25, 80, &ser);
	struct strbuf all = { 0 };
	char seq[32];

	for (int r = 0; r < 12; r++) {
		for (int c = 0; c < 36; c++) {
			int n = snprintf(seq, sizeof(seq), "\x1b[48;5;%dm  ", 16 + r * 12 + c % 12);
			term_write(t, seq, (size_t)n);
		}
		term_write(t, "\x1b[0m\r\n", 6);
	}
	term_flush(t);
	sb_puts(&all, wire.s);
	sb_free(&wire);
	sb_puts(&wire, "");
	term_write(t, "\x1b[H\x1b[2J", 7);
	term_flush(t);
	CHECK(wire.len <= 12);
	CHECK(strstr(wire.s, "\x1b[J") != NULL);
	sb_puts(&all, wire.s);
	/* Erasing one coloured row (72 columns) costs one EL. */
	term_write(t, "\x1b[48;5;200m", 11);
	for (int c = 0; c < 72; c++)
		term_write(t, " ", 1);
	term_write(t, "\x1b[0m", 4);
	term_flush(t);
	sb_puts(&all, wire.s);
	sb_free(&wire);
	sb_puts(&wire, "");
	term_write(t, "\r\x1b[2K", 5);
	term_flush(t);
	CHECK(wire.len <= 12);
	CHECK(strstr(wire.s, "\x1b[K") != NULL);
	sb_puts(&all, wire.s);
	{
		struct term *b = term_new(&term_host_alloc, 25, 80);
		struct dump_screen da, db;
		struct strbuf sa = { 0 }, sb = { 0 };

		term_write(b, all.s, all.len);
		dump_from_term(t, &da);
		dump_from_term(b, &db);
		fmt(&da, TERM_DUMP_ATTR_ALL, &sa);
		fmt(&db, TERM_DUMP_ATTR_ALL, &sb);
		CHECK_EQ_STR(sa.s, sb.s);
		sb_free(&sa);
		sb_free(&sb);
		term_free(b);
	}
	sb_free(&all);
	detach(t, ser);
}

/* Every line the terminal holds, oldest scrollback line first, then the screen's rows. */
static void all_lines(struct term *t, struct strbuf *out)
{
	const struct term_screen *s = term_get_screen(t);
	int rows, cols;

	for (uint32_t i = 0; i < s->sb_count; i++) {
		const struct term_line *l = term_screen_sb_line(s, i);
		int end = l->len;

		while (end > 0 && ((l->cells[end - 1].ch & TERM_CH_CP_MASK) == ' ' ||
				   (l->cells[end - 1].ch & TERM_CH_CP_MASK) == 0))
			end--;
		for (int c = 0; c < end; c++) {
			uint32_t cp = l->cells[c].ch & TERM_CH_CP_MASK;
			sb_putc(out, cp ? (char)cp : ' ');
		}
		sb_putc(out, '\n');
	}
	term_get_size(t, &rows, &cols);
	for (int r = 0; r < rows; r++) {
		sb_puts(out, tt_row(t, r));
		sb_putc(out, '\n');
	}
}

/* A flood of lines between flushes (a command's output, a burst of log lines) reaches the remote
 * line by line: its scrollback holds every line the terminal's does, raw and through ONLCR, and
 * the wire carries little more than the text. Flushed rarely, or only at the end. */
TEST(flood_keeps_remote_scrollback)
{
	static const int sizes[][2] = { { 24, 80 }, { 5, 20 }, { 2, 10 }, { 4, 30 }, { 40, 120 } }; /* the console has 4 rows or more */
	struct gen_rng r = { check_seed() | 1 };

	for (int round = 0; round < 40; round++) {
		const int *sz = sizes[round % 5];
		int rows = sz[0], cols = sz[1], nlines = 50 + (int)gen_rand(&r, 400);
		uint32_t flush_every = round % 3 == 0 ? 0 : 1 + gen_rand(&r, 300);
		struct term_serial *ser;
		struct term *t = attached(rows, cols, &ser);
		struct strbuf want = { 0 }, got = { 0 }, got_onlcr = { 0 };
		struct term *b = term_new(&term_host_alloc, rows, cols), *c = term_new(&term_host_alloc, rows, cols);
		size_t text_bytes = 0;

		term_set_scrollback(t, 5000);
		term_set_scrollback(b, 5000);
		term_set_scrollback(c, 5000);
		for (int i = 0; i < nlines; i++) {
			char line[400];
			int n = snprintf(line, sizeof(line), "%s%d:", i % 7 == 3 ? "\x1b[1;32m" : "", i);
			int fill = (int)gen_rand(&r, (uint32_t)(2 * cols + 1));

			for (int k = 0; k < fill && n < (int)sizeof(line) - 16; k++)
				line[n++] = (char)('a' + (i + k) % 26);
			n += snprintf(line + n, sizeof(line) - (size_t)n, "%s\r\n", i % 7 == 3 ? "\x1b[m" : "");
			if (i % 50 == 49)
				n += snprintf(line + n, sizeof(line) - (size_t)n, "\x1b[%dS", 1 + (int)gen_rand(&r, 3));
			term_write(t, line, (size_t)n);
			text_bytes += (size_t)n;
			if (flush_every && gen_rand(&r, flush_every) == 0)
				term_flush(t);
		}
		term_flush(t);
		term_write(b, wire.s, wire.len);
		write_onlcr(c);
		all_lines(t, &want);
		all_lines(b, &got);
		all_lines(c, &got_onlcr);
		CHECK_EQ_STR(got.s, want.s);
		CHECK_EQ_STR(got_onlcr.s, want.s);
		/* wrapped rows end in the last column, where the next row needs an absolute move */
		CHECK(wire.len < (cols >= 80 ? text_bytes + text_bytes / 4 : 2 * text_bytes));
		sb_free(&want);
		sb_free(&got);
		sb_free(&got_onlcr);
		term_free(b);
		term_free(c);
		detach(t, ser);
	}
}

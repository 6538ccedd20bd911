/*
 * termtest: Keel's terminal core behind the command protocol of libvterm's test harness
 * (t/harness.c), so tools/vterm_t_run.py can run libvterm's t/ test files screen and state
 * assertions black-box against Keel. Reads one command per line on stdin: INIT, RESET,
 * RESIZE r,c, UTF8 0|1, WANTSCREEN flags (a: alternate screen, r: reflow), SETDEFAULTCOL
 * rgb(..) [rgb(..)], PUSH hex, and the queries ?cursor, ?pen NAME, ?lineinfo R, ?screen_chars,
 * ?screen_text, ?screen_cell R,C, ?screen_eol R,C, ?screen_attrs_extent R,C, each answered by
 * one line in the harness's format. Other commands (events, mouse, selection) are ignored.
 * Colours are shown as libvterm's harness shows them (its default palette), so answers compare.
 * As in the harness, one terminal lives from INIT on: RESET resets it (RIS, as the harness's
 * vterm_state_reset + vterm_screen_reset) and keeps its size. The harness's scrollback store is
 * modelled too: it keeps nothing that is pushed, and while WANTSCREEN b is on it answers every
 * pop with a line "ABCDE" (screen_sb_popline in t/harness.c), otherwise with nothing. So before
 * each RESIZE the adapter empties Keel's scrollback and, with b on and the screen growing, fills
 * it with one such line per row the resize can take back.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/term_host_util.h"

static struct term *t;
static int rows = 25, cols = 80;
static bool alt, reflow, utf8 = true, want_sb;
static uint32_t dflt_fg = 0xf0f0f0, dflt_bg = 0x000000;

/* libvterm's default palette (the harness converts colours with it) */
static uint32_t vterm_rgb(uint32_t idx)
{
	static const uint32_t base[16] = {
		0x000000, 0xe00000, 0x00e000, 0xe0e000, 0x0000e0, 0xe000e0, 0x00e0e0, 0xe0e0e0,
		0x808080, 0xff4040, 0x40ff40, 0xffff40, 0x4040ff, 0xff40ff, 0x40ffff, 0xffffff,
	};
	static const uint8_t ramp6[6] = { 0x00, 0x5f, 0x87, 0xaf, 0xd7, 0xff };
	static const uint8_t ramp24[24] = {
		0x00, 0x0b, 0x16, 0x21, 0x2c, 0x37, 0x42, 0x4d, 0x58, 0x63, 0x6e, 0x79,
		0x85, 0x90, 0x9b, 0xa6, 0xb1, 0xbc, 0xc7, 0xd2, 0xdd, 0xe8, 0xf3, 0xff,
	};

	if (idx < 16)
		return base[idx];
	if (idx < 232) {
		idx -= 16;
		return (uint32_t)ramp6[idx / 36] << 16 | (uint32_t)ramp6[idx / 6 % 6] << 8 | ramp6[idx % 6];
	}
	uint32_t g = ramp24[idx - 232];
	return g << 16 | g << 8 | g;
}

static void print_rgb(uint32_t rgb)
{
	printf("rgb(%u,%u,%u", rgb >> 16, rgb >> 8 & 0xff, rgb & 0xff);
}

/* A pen colour as the harness prints a state colour. */
static void print_pen_color(uint32_t c, bool fg)
{
	switch (c & TERM_COLOR_KIND_MASK) {
	case TERM_COLOR_INDEX: printf("idx(%u)", c & 0xff); break;
	case TERM_COLOR_RGB: print_rgb(c & TERM_COLOR_VALUE_MASK); printf(")"); break;
	default:
		print_rgb(fg ? dflt_fg : dflt_bg);
		printf(fg ? ",is_default_fg)" : ",is_default_bg)");
		break;
	}
}

static uint32_t cell_rgb(uint32_t c, bool fg)
{
	switch (c & TERM_COLOR_KIND_MASK) {
	case TERM_COLOR_INDEX: return vterm_rgb(c & 0xff);
	case TERM_COLOR_RGB: return c & TERM_COLOR_VALUE_MASK;
	default: return fg ? dflt_fg : dflt_bg;
	}
}

static void init(void)
{
	term_free(t);
	t = term_new(&term_host_alloc, rows, cols);
	if (!t) {
		fprintf(stderr, "termtest: out of memory\n");
		exit(1);
	}
	term_set_altscreen(t, alt);
	term_set_reflow(t, reflow);
	term_set_utf8(t, utf8);
	term_set_c1_utf8(t, false);             /* as libvterm: C1 as UTF-8 is not a control */
	term_set_bold_bright(t, true);          /* as libvterm's harness sets it */
}

static int hexval(int ch)
{
	return ch <= '9' ? ch - '0' : (ch | 0x20) - 'a' + 10;
}

static void push(const char *hex)
{
	size_t n = strlen(hex) / 2;
	unsigned char *buf = malloc(n + 1);

	for (size_t i = 0; i < n; i++)
		buf[i] = (unsigned char)(hexval(hex[2 * i]) << 4 | hexval(hex[2 * i + 1]));
	term_write(t, buf, n);
	free(buf);
}

static uint32_t parse_rgb(const char **p)
{
	unsigned r = 0, g = 0, b = 0;
	const char *s = strstr(*p, "rgb(");

	if (!s || sscanf(s, "rgb(%u,%u,%u)", &r, &g, &b) != 3)
		return 0;
	*p = strchr(s, ')') + 1;
	return r << 16 | g << 8 | b;
}

static const struct term_line *line_of(int row)
{
	return &term_get_screen(t)->lines[row];
}

static void pen_query(const char *what)
{
	struct term_pen p;
	uint32_t bl;

	term_get_pen(t, &p);
	bl = (p.bg & TERM_BG_BASELINE_MASK) >> TERM_BG_BASELINE_SHIFT;
	if (!strcmp(what, "bold"))
		printf("%s\n", p.attr & TERM_ATTR_BOLD ? "on" : "off");
	else if (!strcmp(what, "underline"))
		printf("%u\n", (p.fg & TERM_UL_MASK) >> TERM_UL_SHIFT);
	else if (!strcmp(what, "italic"))
		printf("%s\n", p.attr & TERM_ATTR_ITALIC ? "on" : "off");
	else if (!strcmp(what, "blink"))
		printf("%s\n", p.attr & TERM_ATTR_BLINK ? "on" : "off");
	else if (!strcmp(what, "reverse"))
		printf("%s\n", p.attr & TERM_ATTR_INVERSE ? "on" : "off");
	else if (!strcmp(what, "conceal"))
		printf("%s\n", p.attr & TERM_ATTR_HIDDEN ? "on" : "off");
	else if (!strcmp(what, "strike"))
		printf("%s\n", p.attr & TERM_ATTR_STRIKE ? "on" : "off");
	else if (!strcmp(what, "font"))
		printf("%u\n", (p.fg & TERM_FONT_MASK) >> TERM_FONT_SHIFT);
	else if (!strcmp(what, "small"))
		printf("%s\n", bl ? "on" : "off");
	else if (!strcmp(what, "baseline"))
		printf("%s\n", bl == 1 ? "raise" : bl == 2 ? "lower" : "normal");
	else if (!strcmp(what, "foreground")) {
		print_pen_color(p.fg, true);
		printf("\n");
	} else if (!strcmp(what, "background")) {
		print_pen_color(p.bg, false);
		printf("\n");
	} else {
		printf("?\n");
	}
}

/* Characters of a rectangle as libvterm's get_chars: erased cells inside a row become spaces
 * only when something follows them; rows after the first are joined by a newline. */
static void rect_chars(int r0, int c0, int r1, int c1, bool utf8_out)
{
	const struct term_screen *s = term_get_screen(t);
	uint32_t *out = malloc(sizeof(uint32_t) * (size_t)((r1 - r0) * (c1 - c0 + 1) * 6 + 1));
	size_t n = 0;

	for (int r = r0; r < r1 && r < rows; r++) {
		size_t pad = 0;
		for (int c = c0; c < c1 && c < cols; c++) {
			struct term_cell cell = term_screen_cell(s, r, c);
			uint32_t cps[6];
			int k;
			if (cell.ch & TERM_CH_CONT)
				continue;
			k = term_screen_chars(s, &cell, cps, 6);
			if (k == 0) {
				pad++;
				continue;
			}
			for (; pad; pad--)
				out[n++] = ' ';
			for (int i = 0; i < k; i++)
				out[n++] = cps[i];
		}
		if (r + 1 < r1)
			out[n++] = '\n';
	}
	if (n == 0) {
		printf("\n");
	} else {
		bool first = true;
		for (size_t i = 0; i < n; i++) {
			if (utf8_out) {
				struct strbuf b = { 0 };
				sb_utf8(&b, out[i]);
				for (size_t k = 0; k < b.len; k++) {
					printf("%s0x%02x", first ? "" : ",", (unsigned char)b.s[k]);
					first = false;
				}
				sb_free(&b);
			} else {
				printf("%s0x%02x", first ? "" : ",", out[i]);
				first = false;
			}
		}
		printf("\n");
	}
	free(out);
}

static void screen_cell(int r, int c)
{
	const struct term_screen *s = term_get_screen(t);
	struct term_cell cell = term_screen_cell(s, r, c);
	uint32_t cps[6], a = cell.ch;
	int k = term_screen_chars(s, &cell, cps, 6);
	uint32_t ul = (cell.fg & TERM_UL_MASK) >> TERM_UL_SHIFT, font = (cell.fg & TERM_FONT_MASK) >> TERM_FONT_SHIFT;
	uint32_t bl = (cell.bg & TERM_BG_BASELINE_MASK) >> TERM_BG_BASELINE_SHIFT;
	uint16_t lf = line_of(r)->flags;

	if (cell.ch & TERM_CH_CONT)
		k = 0;
	printf("{");
	for (int i = 0; i < k; i++)
		printf("%s0x%x", i ? "," : "", cps[i]);
	printf("} width=%d attrs={", (a & TERM_CH_WIDE) ? 2 : 1);
	if (a & TERM_ATTR_BOLD) printf("B");
	if (ul) printf("U%u", ul);
	if (a & TERM_ATTR_ITALIC) printf("I");
	if (a & TERM_ATTR_BLINK) printf("K");
	if (!(a & TERM_ATTR_INVERSE) != !term_get_mode(t, TERM_MODE_REVERSE_SCREEN)) printf("R");
	if (font) printf("F%u", font);
	if (bl) printf("S%s", bl == 1 ? "^" : "_");
	printf("} ");
	if (lf & TERM_LINE_SIZE_MASK) printf("dwl ");
	if (lf & TERM_LINE_DHL_TOP) printf("dhl-top ");
	if (lf & TERM_LINE_DHL_BOT) printf("dhl-bottom ");
	printf("fg=");
	print_rgb(cell_rgb(cell.fg, true));
	printf(") bg=");
	print_rgb(cell_rgb(cell.bg, false));
	printf(")\n");
}

static bool same_attrs(struct term_cell a, struct term_cell b)
{
	return (a.ch & TERM_CH_ATTR_MASK) == (b.ch & TERM_CH_ATTR_MASK) &&
	       (a.fg & ~0u) == b.fg && (a.bg & ~TERM_BG_PROTECTED) == (b.bg & ~TERM_BG_PROTECTED);
}

static void attrs_extent(int r, int c)
{
	const struct term_screen *s = term_get_screen(t);
	struct term_cell at = term_screen_cell(s, r, c);
	int lo = c, hi = c;

	while (lo > 0 && same_attrs(term_screen_cell(s, r, lo - 1), at))
		lo--;
	while (hi + 1 < cols && same_attrs(term_screen_cell(s, r, hi + 1), at))
		hi++;
	printf("%d,%d-%d,%d\n", r, lo, r + 1, hi);
}

static void query(const char *q)
{
	int a, b, c, d;

	if (!strcmp(q, "?cursor")) {
		int r, col;
		term_get_cursor(t, &r, &col, NULL);
		printf("%d,%d\n", r, col);
	} else if (!strncmp(q, "?pen ", 5)) {
		pen_query(q + 5 + strspn(q + 5, " "));
	} else if (sscanf(q, "?lineinfo %d", &a) == 1 && a >= 0 && a < rows) {
		uint16_t f = line_of(a)->flags;
		if (f & TERM_LINE_SIZE_MASK) printf("dwl ");
		if (f & (TERM_LINE_DHL_TOP | TERM_LINE_DHL_BOT)) printf("dhl ");
		if (a > 0 && (line_of(a - 1)->flags & TERM_LINE_WRAPPED)) printf("cont ");
		printf("\n");
	} else if (!strncmp(q, "?screen_chars ", 14)) {
		if (sscanf(q + 14, "%d,%d,%d,%d", &a, &b, &c, &d) == 4)
			rect_chars(a, b, c, d, false);
		else if (sscanf(q + 14, "%d", &a) == 1)
			rect_chars(a, 0, a + 1, cols, false);
		else
			printf("?\n");
	} else if (sscanf(q, "?screen_text %d,%d,%d,%d", &a, &b, &c, &d) == 4) {
		rect_chars(a, b, c, d, true);
	} else if (sscanf(q, "?screen_cell %d,%d", &a, &b) == 2 && a >= 0 && a < rows && b >= 0 && b < cols) {
		screen_cell(a, b);
	} else if (sscanf(q, "?screen_eol %d,%d", &a, &b) == 2 && a >= 0 && a < rows) {
		const struct term_line *l = line_of(a);
		bool eol = true;
		for (int i = b; i < l->len; i++)
			if (l->cells[i].ch & (TERM_CH_CP_MASK | TERM_CH_CLUSTER | TERM_CH_CONT))
				eol = false;
		printf("%d\n", eol);
	} else if (sscanf(q, "?screen_attrs_extent %d,%d", &a, &b) == 2 && a >= 0 && a < rows) {
		attrs_extent(a, b);
	} else {
		printf("?\n");
	}
}

/* The harness's store at a resize: nothing that was pushed comes back; with b on, each row the
 * screen grows by can pop an "ABCDE" line. */
static void resize(int nrows, int ncols)
{
	int orows, ocols;

	term_get_size(t, &orows, &ocols);
	term_set_scrollback(t, TERM_SB_DEFAULT);        /* empties it */
	for (int i = 0; want_sb && i < nrows - orows; i++) {
		struct term_cell abcde[5] = { { 0 } };
		for (int c = 0; c < 5; c++)
			abcde[c].ch = 'A' + (uint32_t)c;
		term_scrollback_push(t, abcde, ocols < 5 ? ocols : 5);
	}
	term_resize(t, nrows, ncols);
}

int main(void)
{
	char line[1 << 16];

	init();
	while (fgets(line, sizeof(line), stdin)) {
		line[strcspn(line, "\n")] = 0;
		if (!strcmp(line, "INIT")) {
			rows = 25;
			cols = 80;
			alt = reflow = false;
			utf8 = true;
			dflt_fg = 0xf0f0f0;
			dflt_bg = 0;
			want_sb = false;
			init();
		} else if (!strcmp(line, "RESET")) {
			term_write(t, "\033c", 2);
		} else if (sscanf(line, "RESIZE %d,%d", &rows, &cols) == 2) {
			resize(rows, cols);
		} else if (!strncmp(line, "UTF8 ", 5)) {
			utf8 = line[5] == '1';
			term_set_utf8(t, utf8);
		} else if (!strncmp(line, "WANTSCREEN", 10)) {
			bool sense = true;
			for (const char *p = line + 10; *p; p++) {
				if (*p == '-')
					sense = false;
				else if (*p == 'a')
					term_set_altscreen(t, alt = true);
				else if (*p == 'r')
					term_set_reflow(t, reflow = sense);
				else if (*p == 'b')
					want_sb = sense;
			}
		} else if (!strncmp(line, "SETDEFAULTCOL ", 14)) {
			const char *p = line + 14;
			dflt_fg = parse_rgb(&p);
			if (strstr(p, "rgb("))
				dflt_bg = parse_rgb(&p);
		} else if (!strncmp(line, "PUSH ", 5)) {
			push(line + 5);
		} else if (line[0] == '?') {
			query(line);
		}
		fflush(stdout);
	}
	term_free(t);
	return 0;
}

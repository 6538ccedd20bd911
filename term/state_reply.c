/*
 * Frontend state, part 4: the replies, i.e. everything the terminal writes back to the program
 * through the output callback. Device attributes (DA1/DA2/DA3, by the DECSCL conformance level),
 * device status reports (DSR 5/6 and the DEC private variants), XTWINOPS size and title reports
 * with the title stack, DECRQCRA (the rectangle checksum, computed as xterm does for esctest) and
 * DECRQSS (status strings); the colour replies are in state_color.c. Every reply is built in a
 * bounded buffer and written with its exact length: no reply carries a stray byte.
 */
#include "term/numfmt.h"
#include "term/state.h"

#include <string.h>


void term_state_reply(struct term *t, const char *s, size_t n)
{
	if (t->output && n)
		t->output(t->output_user, s, n);
}

size_t term_state_put_num(char *p, int v)
{
	return term_fmt_uint(p, v < 0 ? 0u : (unsigned)v);
}

void term_state_reply_csi(struct term *t, const char *prefix, const int *nums, int n, char final)
{
	char buf[80];
	size_t len = 0, pl = strlen(prefix);

	buf[len++] = 0x1b;
	buf[len++] = '[';
	memcpy(buf + len, prefix, pl);
	len += pl;
	for (int i = 0; i < n && i < 4; i++) {
		if (i)
			buf[len++] = ';';
		len += term_state_put_num(buf + len, nums[i]);
	}
	buf[len++] = final;
	term_state_reply(t, buf, len);
}

/* ESC P body ESC \ */
void term_state_reply_dcs(struct term *t, const char *body, size_t n)
{
	char buf[TERM_TITLE_MAX + 16];

	if (n > sizeof(buf) - 4)
		n = sizeof(buf) - 4;
	buf[0] = 0x1b;
	buf[1] = 'P';
	memcpy(buf + 2, body, n);
	buf[n + 2] = 0x1b;
	buf[n + 3] = '\\';
	term_state_reply(t, buf, n + 4);
}

/* ------------------------------------------------------------------ DA, DSR */

/* DA1 per DECSCL level: the level, then only what Keel implements: 1 132 columns, 6 selective
 * erase, 22 colour, 28 rectangular editing (level 4 and up). xterm lists more (printer, NRCS,
 * locator, ...), which esctest's DA tests expect; see docs/terminal.md. */
static const char da1[5][24] = {
	"\x1b[?1;2c",
	"\x1b[?62;1;6;22c",
	"\x1b[?63;1;6;22c",
	"\x1b[?64;1;6;22;28c",
	"\x1b[?65;1;6;22;28c",
};

void term_state_da1(struct term *t)
{
	int lvl = t->vt_level >= 1 && t->vt_level <= 5 ? t->vt_level : 5;
	term_state_reply(t, da1[lvl - 1], strlen(da1[lvl - 1]));
}

void term_state_da(struct term *t, const struct term_csi *c)
{
	static const int da2_id[5] = { 0, 1, 24, 41, 64 };
	int lvl = t->vt_level >= 1 && t->vt_level <= 5 ? t->vt_level : 5;

	if (term_csi_arg(c, 0, 0) != 0)
		return;
	if (!c->leader) {
		term_state_da1(t);
	} else if (c->leader == '>') {
		int nums[3] = { da2_id[lvl - 1], 390, 0 };      /* type, "firmware" (xterm patch level), 0 */
		term_state_reply_csi(t, ">", nums, 3, 'c');
	} else if (c->leader == '=') {
		term_state_reply_dcs(t, "!|00000000", 10);                 /* DA3: unit id 0 */
	}
}

static void report_cursor(struct term *t, bool dec)
{
	int row = t->row + 1 - (t->origin ? t->top : 0);
	int col = t->col + 1 - (t->origin && t->lrmm ? t->left : 0);
	int nums[3] = { row, col, 1 };

	term_state_reply_csi(t, dec ? "?" : "", nums, dec && t->vt_level >= 4 ? 3 : 2, 'R');
}

void term_state_dsr(struct term *t, const struct term_csi *c)
{
	int n = term_csi_arg(c, 0, 0);

	if (!c->leader) {
		if (n == 5) {
			int zero = 0;
			term_state_reply_csi(t, "", &zero, 1, 'n');
		} else if (n == 6) {
			report_cursor(t, false);
		}
		return;
	}
	if (c->leader != '?')
		return;
	switch (n) {
	case 6: report_cursor(t, true); break;
	case 15: term_state_reply(t, "\x1b[?13n", 6); break;            /* no printer */
	case 25: term_state_reply(t, "\x1b[?20n", 6); break;            /* UDKs unlocked */
	case 26: term_state_reply(t, "\x1b[?27;1;0;0n", 12); break;      /* North American, ready, LK201 */
	case 53: case 55: term_state_reply(t, "\x1b[?50n", 6); break;   /* no locator */
	case 56: term_state_reply(t, "\x1b[?57;0n", 8); break;          /* locator type unknown */
	case 62: term_state_reply(t, "\x1b[0*{", 5); break;             /* DECMSR: no macro space */
	case 63: {                                                      /* DECCKSR: macros' checksum */
		char body[24];
		size_t k = term_state_put_num(body, term_csi_arg(c, 1, 0));
		memcpy(body + k, "!~0000", 6);
		term_state_reply_dcs(t, body, k + 6);
		break;
	}
	case 75: term_state_reply(t, "\x1b[?70n", 6); break;            /* data integrity: ok */
	case 85: term_state_reply(t, "\x1b[?83n", 6); break;            /* not multi-session */
	default: break;
	}
}

/* ------------------------------------------------------------------ XTWINOPS */

/* OSC 'l' (window) or 'L' (icon) title report: ESC ] L title ESC \ */
static void report_title(struct term *t, char kind, const char *title)
{
	char buf[TERM_TITLE_MAX + 8];
	size_t n = strlen(title), len = 0;

	if (n > TERM_TITLE_MAX - 1)
		n = TERM_TITLE_MAX - 1;
	buf[len++] = 0x1b;
	buf[len++] = ']';
	buf[len++] = kind;
	memcpy(buf + len, title, n);
	len += n;
	buf[len++] = 0x1b;
	buf[len++] = '\\';
	term_state_reply(t, buf, len);
}

static void copy_title(char *dst, size_t max, const char *src)
{
	size_t n = strlen(src);

	if (n > max - 1)
		n = max - 1;
	memcpy(dst, src, n);
	dst[n] = 0;
}

/* 22/23: push/pop; which: 0 both, 1 icon, 2 window. As xterm: one stack whose entries hold
 * what was pushed; a pop takes the top entry and restores the requested titles it holds, and
 * a pop of both goes on to the next entry for a title the top one did not hold. */
static void title_stack(struct term *t, bool push, int which)
{
	uint8_t want = which == 0 ? 3 : which == 1 ? 1 : 2;        /* bit 0 icon, bit 1 window */

	if (push) {
		if (t->title_depth == TERM_TITLE_STACK) {
			memmove(t->title_stack[0], t->title_stack[1], sizeof(t->title_stack[0]) * (TERM_TITLE_STACK - 1));
			memmove(t->icon_stack[0], t->icon_stack[1], sizeof(t->icon_stack[0]) * (TERM_TITLE_STACK - 1));
			memmove(t->title_what, t->title_what + 1, TERM_TITLE_STACK - 1);
			t->title_depth--;
		}
		copy_title(t->title_stack[t->title_depth], sizeof(t->title_stack[0]), t->title);
		copy_title(t->icon_stack[t->title_depth], sizeof(t->icon_stack[0]), t->icon);
		t->title_what[t->title_depth++] = want;
		return;
	}
	while (want && t->title_depth) {
		int i = --t->title_depth;
		uint8_t got = t->title_what[i] & want;
		if (got & 1)
			copy_title(t->icon, sizeof(t->icon), t->icon_stack[i]);
		if (got & 2)
			copy_title(t->title, sizeof(t->title), t->title_stack[i]);
		want &= (uint8_t)~got;
		if (which != 0)
			break;
	}
}

void term_state_winops(struct term *t, const struct term_csi *c)
{
	int op = term_csi_arg(c, 0, 0);

	switch (op) {
	case 8: {                                       /* resize in characters; 0 = the display's */
		int rows = term_csi_arg(c, 1, t->rows), cols = term_csi_arg(c, 2, t->cols);
		if (rows == 0)
			rows = t->rows;
		if (cols == 0)
			cols = t->cols;
		term_state_resize(t, rows, cols);
		break;
	}
	case 11: term_state_reply(t, "\x1b[1t", 4); break;     /* not iconified */
	case 13: {
		int nums[3] = { 3, 0, 0 };
		term_state_reply_csi(t, "", nums, 3, 't');
		break;
	}
	case 14: {                                      /* text area in pixels: an 8x16 cell */
		int nums[3] = { 4, t->rows * 16, t->cols * 8 };
		term_state_reply_csi(t, "", nums, 3, 't');
		break;
	}
	case 15: {
		int nums[3] = { 5, t->rows * 16, t->cols * 8 };
		term_state_reply_csi(t, "", nums, 3, 't');
		break;
	}
	case 16: {
		int nums[3] = { 6, 16, 8 };
		term_state_reply_csi(t, "", nums, 3, 't');
		break;
	}
	case 18: case 19: {
		int nums[3] = { op == 18 ? 8 : 9, t->rows, t->cols };
		term_state_reply_csi(t, "", nums, 3, 't');
		break;
	}
	case 20: report_title(t, 'L', t->icon); break;
	case 21: report_title(t, 'l', t->title); break;
	case 22: case 23: {
		int which = term_csi_arg(c, 1, 0);
		if (which >= 0 && which <= 2)
			title_stack(t, op == 22, which);
		break;
	}
	default:
		if (op >= 24 && op <= TERM_MAX_DIM)
			term_state_resize(t, op, t->cols);      /* DECSLPP: lines per page */
		break;
	}
}

/* ------------------------------------------------------------------ DECRQCRA */

/* One cell's share of the checksum, as xterm computes it for esctest's default: the character's
 * low byte (an erased cell counts as a space) plus the video attributes (hidden 0x08, underline
 * 0x10, inverse 0x20, blink 0x40, bold 0x80); DECSCA protection is not counted. */
static uint32_t cell_sum(const struct term_cell *c)
{
	uint32_t ch = c->ch & TERM_CH_CP_MASK, a = c->ch, v;

	if (c->ch & TERM_CH_CONT)
		return 0;
	if (c->ch & TERM_CH_CLUSTER)
		ch = 0xff;                      /* a combined character: not representable in a byte */
	v = ch ? ch & 0xff : ' ';
	if (a & TERM_ATTR_HIDDEN)
		v += 0x08;
	if (c->fg & TERM_UL_MASK)
		v += 0x10;
	if (a & TERM_ATTR_INVERSE)
		v += 0x20;
	if (a & TERM_ATTR_BLINK)
		v += 0x40;
	if (a & TERM_ATTR_BOLD)
		v += 0x80;
	return v;
}

void term_state_rqcra(struct term *t, const struct term_csi *c)
{
	int id = term_csi_arg(c, 0, 0);
	int r0 = t->origin ? t->top : 0, c0 = t->origin && t->lrmm ? t->left : 0;
	int r1 = t->origin ? t->bottom : t->rows, c1 = t->origin && t->lrmm ? t->right : t->cols;
	int top = term_csi_arg(c, 2, 1), left = term_csi_arg(c, 3, 1);
	int bottom = term_csi_arg(c, 4, r1 - r0), right = term_csi_arg(c, 5, c1 - c0);
	uint32_t total = 0;
	bool first = true;
	char body[32];
	size_t k;

	top = (top < 1 ? 1 : top) - 1 + r0;
	left = (left < 1 ? 1 : left) - 1 + c0;
	bottom = (bottom < 1 ? r1 - r0 : bottom) + r0;
	right = (right < 1 ? c1 - c0 : right) + c0;
	if (bottom > r1)
		bottom = r1;
	if (right > c1)
		right = c1;
	for (int r = top; r < bottom; r++) {
		for (int col = left; col < right; col++) {
			struct term_cell cell = term_screen_cell(&t->screen, r, col);
			uint32_t v = cell_sum(&cell);
			/* blanks are left out, except the rectangle's first cell */
			if (v == ' ' && !first)
				continue;
			first = false;
			total += v;
		}
	}
	k = term_state_put_num(body, id);
	body[k++] = '!';
	body[k++] = '~';
	uint32_t sum = (0u - total) & 0xffff;
	for (int i = 3; i >= 0; i--)
		body[k++] = "0123456789ABCDEF"[(sum >> (i * 4)) & 15];
	term_state_reply_dcs(t, body, k);
}

/* ------------------------------------------------------------------ DECRQSS */

static size_t put_pair(char *p, int a, int b, char final)
{
	size_t n = term_state_put_num(p, a);
	p[n++] = ';';
	n += term_state_put_num(p + n, b);
	p[n++] = final;
	return n;
}

void term_state_rqss(struct term *t, const char *s, size_t n)
{
	char body[160];
	size_t k = 3;

	memcpy(body, "1$r", 3);
	if (n == 1 && s[0] == 'm') {
		k += term_state_sgr_string(t, body + k, sizeof(body) - k - 2);
		body[k++] = 'm';
	} else if (n == 1 && s[0] == 'r') {
		k += put_pair(body + k, t->top + 1, t->bottom, 'r');
	} else if (n == 1 && s[0] == 's') {
		k += put_pair(body + k, t->left + 1, t->right, 's');
	} else if (n == 1 && s[0] == 't') {
		k += term_state_put_num(body + k, t->rows);
		body[k++] = 't';
	} else if (n == 2 && s[0] == ' ' && s[1] == 'q') {
		k += term_state_put_num(body + k, t->cursor_style);
		memcpy(body + k, " q", 2);
		k += 2;
	} else if (n == 2 && s[0] == '"' && s[1] == 'q') {
		k += term_state_put_num(body + k, (t->pen.bg & TERM_BG_PROTECTED) && !t->protect_iso ? 1 : 0);
		memcpy(body + k, "\"q", 2);
		k += 2;
	} else if (n == 2 && s[0] == '"' && s[1] == 'p') {
		k += put_pair(body + k, 60 + t->vt_level, 1, '"');
		body[k++] = 'p';
	} else if (n == 2 && s[0] == '*' && s[1] == '|') {
		k += term_state_put_num(body + k, t->rows);
		memcpy(body + k, "*|", 2);
		k += 2;
	} else {
		int slot = term_state_setting_slot(s, n);
		if (slot < 0) {
			term_state_reply_dcs(t, "0$r", 3);
			return;
		}
		k += term_state_put_num(body + k, t->settings[slot]);
		memcpy(body + k, s, n);
		k += n;
	}
	term_state_reply_dcs(t, body, k);
}

/*
 * Terminal unit test helpers (see term_test_util.h).
 */
#include "term_test_util.h"

#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct strbuf replies;

static void on_output(void *user, const char *buf, size_t len)
{
	(void)user;
	for (size_t i = 0; i < len; i++)
		sb_putc(&replies, buf[i]);
}

struct term *tt_new(int rows, int cols)
{
	struct term *t = term_new(&term_host_alloc, rows, cols);

	if (t)
		term_set_output(t, on_output, NULL);
	sb_free(&replies);
	return t;
}

void tt_free(struct term *t)
{
	term_free(t);
}

void tt_write(struct term *t, const char *s)
{
	term_write(t, s, strlen(s));
}

const char *tt_row(struct term *t, int row)
{
	static struct strbuf b;
	const struct term_screen *s = term_get_screen(t);
	int rows, cols, end;

	term_get_size(t, &rows, &cols);
	sb_free(&b);
	sb_putc(&b, 0);
	b.len = 0;
	end = cols;
	while (end > 0) {
		struct term_cell c = term_screen_cell(s, row, end - 1);
		uint32_t cp = c.ch & TERM_CH_CP_MASK;
		if (!(c.ch & (TERM_CH_CONT | TERM_CH_CLUSTER)) && (cp == 0 || cp == ' '))
			end--;
		else
			break;
	}
	for (int c = 0; c < end; c++) {
		struct term_cell cell = term_screen_cell(s, row, c);
		uint32_t cps[6];
		int n = term_screen_chars(s, &cell, cps, 6);
		if (cell.ch & TERM_CH_CONT)
			continue;
		if (n == 0)
			sb_putc(&b, ' ');
		for (int k = 0; k < n; k++)
			sb_utf8(&b, cps[k]);
	}
	return b.s;
}

struct term_cell tt_cell(struct term *t, int row, int col)
{
	return term_screen_cell(term_get_screen(t), row, col);
}

uint32_t tt_ch(struct term *t, int row, int col)
{
	return tt_cell(t, row, col).ch & TERM_CH_CP_MASK;
}

const char *tt_replies(struct term *t)
{
	static char buf[1024];
	size_t n = 0;

	(void)t;
	/* a NUL or other stray control byte is shown as <XX>, so no comparison can miss it */
	for (size_t i = 0; i < replies.len && n + 5 < sizeof(buf); i++) {
		unsigned char c = (unsigned char)replies.s[i];
		if ((c < 0x20 && c != 0x1b) || c == 0x7f)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "<%02X>", c);
		else
			buf[n++] = (char)c;
	}
	buf[n] = 0;
	sb_free(&replies);
	return buf;
}

size_t tt_replies_raw(struct term *t, char *out, size_t max)
{
	size_t n = replies.len < max ? replies.len : max;

	(void)t;
	if (n)
		memcpy(out, replies.s, n);
	sb_free(&replies);
	return n;
}

void tt_cursor(struct term *t, int *row, int *col)
{
	term_get_cursor(t, row, col, NULL);
}

void tt_at(struct term *t, int row, int col)
{
	int r, c;

	tt_cursor(t, &r, &c);
	CHECK_EQ_INT(r, row);
	CHECK_EQ_INT(c, col);
}

void tt_size(struct term *t, int rows, int cols)
{
	int r, c;

	term_get_size(t, &r, &c);
	CHECK_EQ_INT(r, rows);
	CHECK_EQ_INT(c, cols);
}

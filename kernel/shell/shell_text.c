/*
 * wc counting, sort's comparison and merge sort (see shell_text.h). Numbers for sort -n are
 * compared as digit strings (sign, then integer length without leading zeros, then the digits,
 * then the fraction), so a 300-digit number neither overflows nor compares wrong.
 */
#include <string.h>

#include <keel/msort.h>

#include "kernel/shell/shell_text.h"

static inline bool text_space(uint8_t c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

void shell_wc_feed(struct shell_wc *wc, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint8_t c = (uint8_t)p[i];

		if (c == '\n')
			wc->lines++;
		if (text_space(c)) {
			wc->in_word = false;
		} else if (!wc->in_word) {
			wc->in_word = true;
			wc->words++;
		}
	}
	wc->bytes += n;
}

int shell_wc_width(int counts, int inputs, uint64_t known_total, bool any_unknown)
{
	int width = 1;

	if (counts == 1 && inputs == 1)
		return 1;
	for (; known_total >= 10; known_total /= 10)
		width++;
	if (any_unknown && width < 7)
		width = 7;
	return width;
}

struct text_num {
	bool neg;
	const char *ip; /* integer digits without leading zeros */
	size_t ilen;
	const char *fp; /* fraction digits without trailing zeros */
	size_t flen;
};

static void text_num_parse(const struct shell_text_line *l, struct text_num *n)
{
	size_t i = 0, s;

	while (i < l->len && (l->p[i] == ' ' || l->p[i] == '\t'))
		i++;
	n->neg = i < l->len && l->p[i] == '-';
	if (n->neg)
		i++;
	while (i < l->len && l->p[i] == '0')
		i++;
	s = i;
	while (i < l->len && l->p[i] >= '0' && l->p[i] <= '9')
		i++;
	n->ip = l->p + s;
	n->ilen = i - s;
	n->fp = l->p + i;
	n->flen = 0;
	if (i < l->len && l->p[i] == '.') {
		s = ++i;
		while (i < l->len && l->p[i] >= '0' && l->p[i] <= '9')
			i++;
		n->fp = l->p + s;
		n->flen = i - s;
		while (n->flen && n->fp[n->flen - 1] == '0')
			n->flen--;
	}
	if (n->ilen == 0 && n->flen == 0)
		n->neg = false; /* -0, -0.00 and no number at all are zero */
}

/* Magnitudes. */
static int text_num_cmp_abs(const struct text_num *a, const struct text_num *b)
{
	size_t m;
	int c;

	if (a->ilen != b->ilen)
		return a->ilen < b->ilen ? -1 : 1;
	c = memcmp(a->ip, b->ip, a->ilen);
	if (c)
		return c;
	m = a->flen < b->flen ? a->flen : b->flen;
	c = memcmp(a->fp, b->fp, m);
	if (c)
		return c;
	return a->flen == b->flen ? 0 : a->flen < b->flen ? -1 : 1;
}

int shell_sort_cmp(const struct shell_text_line *a, const struct shell_text_line *b, unsigned flags)
{
	int c;

	if (flags & SHELL_SORT_NUMERIC) {
		struct text_num x, y;

		text_num_parse(a, &x);
		text_num_parse(b, &y);
		if (x.neg != y.neg)
			c = x.neg ? -1 : 1;
		else
			c = x.neg ? -text_num_cmp_abs(&x, &y) : text_num_cmp_abs(&x, &y);
	} else {
		size_t m = a->len < b->len ? a->len : b->len;

		c = memcmp(a->p, b->p, m); /* memcmp compares as unsigned char */
		if (c == 0 && a->len != b->len)
			c = a->len < b->len ? -1 : 1;
	}
	return flags & SHELL_SORT_REVERSE ? -c : c;
}

static int sort_line_cmp(const void *a, const void *b, void *ctx)
{
	return shell_sort_cmp(a, b, *(const unsigned *)ctx);
}

void shell_sort_lines(struct shell_text_line *v, struct shell_text_line *tmp, size_t n, unsigned flags)
{
	keel_msort(v, tmp, n, sizeof(*v), sort_line_cmp, &flags);
}

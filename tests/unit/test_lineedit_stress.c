/*
 * Line editor stress tests: random edit sequences at widths 10, 13 and 80 checked after every
 * key against an independent layout of prompt + line (xterm wrapping rules, wide characters
 * pushed to the next row), and 64 KiB pastes of text lines (plain and bracketed, LF and CRLF)
 * arriving in random chunks: every line must be submitted intact and in order.
 */
#include "check.h"

#include <stdlib.h>

#include "le_fixture.h"

static uint64_t rs;
static uint32_t rnd(void)
{
	rs = rs * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(rs >> 33);
}

/* Independent oracle: where each cell of prompt + line goes; returns rows and the cursor. */
static void oracle(const char *prompt, const char *line, size_t cursor, int cols, char rows[][512],
		   int *nrows, int *crow, int *ccol)
{
	char all[2048];
	size_t plen = strlen(prompt), n;
	int r = 0, c = 0;
	size_t rl[64] = { 0 };

	snprintf(all, sizeof(all), "%s%s", prompt, line);
	n = strlen(all);
	*crow = -1;
	for (size_t i = 0; i <= n;) {
		uint32_t cp = 0;
		size_t k = 1;
		int w;

		if (i < n) {
			unsigned char b = (unsigned char)all[i];

			k = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
			cp = b < 0x80 ? b : b < 0xE0 ? (b & 0x1Fu) : b < 0xF0 ? (b & 0x0Fu) : (b & 0x07u);
			for (size_t j = 1; j < k; j++)
				cp = (cp << 6) | ((unsigned char)all[i + j] & 0x3Fu);
		}
		w = i < n ? term_le_default_width(cp) : 1;
		if (c + w > cols) {
			r++;
			c = 0;
		}
		if (i == plen + cursor) {
			*crow = r;
			*ccol = c;
		}
		if (i == n)
			break;
		memcpy(rows[r] + rl[r], all + i, k);
		rl[r] += k;
		rows[r][rl[r]] = 0;
		c += w;
		i += k;
	}
	*nrows = r + 1;
	for (int y = 0; y <= r; y++)
		rows[y][rl[y]] = 0;
}

static const char *const keys[] = {
	"a", "b", "z", " ", "-", "\xc3\xa9", "\xe4\xb8\xad", "\xf0\x9f\x98\x80", "\x1b[D", "\x1b[C",
	"\x1b[H", "\x1b[F", "\x7f", "\x1b[3~", "\x0b", "\x15", "\x17", "\x19", "\x1b" "b", "\x1b" "f",
	"\x1b[1;5D", "\x1b[1;5C", "\x1b" "d", "\x01", "\x05", "\x02", "\x06",
};

static void random_edits(int cols, int steps)
{
	struct fix *f = fix_new(cols, 64, "> ");
	static char rows[64][512];

	for (int s = 0; s < steps; s++) {
		const char *k = keys[rnd() % (sizeof(keys) / sizeof(keys[0]))];
		int nrows, crow = 0, ccol = 0;
		size_t len;
		const char *line;

		if (f->le.len > 120 && rnd() % 2)
			k = "\x15";
		fix_type(f, k);
		line = term_le_line(&f->le, &len);
		memset(rows, 0, sizeof(rows));
		oracle("> ", line, term_le_cursor(&f->le), cols, rows, &nrows, &crow, &ccol);
		{
			const char *want[66];

			for (int y = 0; y < nrows; y++)
				want[y] = rows[y];
			want[nrows] = NULL;
			fix_expect(f, __FILE__, __LINE__, want, crow, ccol);
		}
		if (f->vt.errors || f->vt.scrolls)
			break;
	}
	CHECK_EQ_INT(f->vt.scrolls, 0);
	fix_free(f);
}

TEST(random_edits_width_10)
{
	rs = check_seed();
	random_edits(10, 4000);
}

TEST(random_edits_width_13)
{
	rs = check_seed() + 1;
	random_edits(13, 4000);
}

TEST(random_edits_width_80)
{
	rs = check_seed() + 2;
	random_edits(80, 4000);
}

static void paste(bool bracketed, bool crlf, bool utf8)
{
	struct fix *f = fix_new(80, 24, "> ");
	size_t cap = 80 * 1024, len = 0, nl = 0;
	char *text = malloc(cap);
	size_t *starts = malloc(sizeof(size_t) * 4096), *lens = malloc(sizeof(size_t) * 4096);

	if (bracketed) {
		memcpy(text, "\x1b[200~", 6);
		len = 6;
	}
	while (len < 65536 + 6) {
		size_t l = rnd() % 200;

		starts[nl] = len;
		for (size_t i = 0; i < l; i++) {
			if (utf8 && rnd() % 10 == 0) {
				memcpy(text + len, "\xc3\xa9", 2);
				len += 2;
				i++;
			} else {
				text[len++] = (char)(' ' + rnd() % 95);
			}
		}
		lens[nl] = len - starts[nl];
		nl++;
		if (crlf)
			text[len++] = '\r';
		text[len++] = '\n';
	}
	if (bracketed) {
		memcpy(text + len, "\x1b[201~", 6);
		len += 6;
	}
	for (size_t i = 0; i < len;) {
		size_t n = 1 + rnd() % 700;

		if (n > len - i)
			n = len - i;
		term_keys_feed(&f->keys, text + i, n);
		i += n;
	}
	CHECK(!term_keys_pending(&f->keys));
	CHECK_EQ_INT(f->nlines, nl);
	for (size_t i = 0; i < nl && i < f->nlines; i++) {
		if (f->line_len[i] != lens[i] || memcmp(f->lines[i], text + starts[i], lens[i]) != 0) {
			check_fail(__FILE__, __LINE__, "line %zu differs", i);
			break;
		}
	}
	CHECK_EQ_INT(f->vt.errors, 0);
	CHECK_EQ_INT(f->notices[TERM_LE_TOO_LONG], 0);
	free(text);
	free(starts);
	free(lens);
	fix_free(f);
}

TEST(paste_64k_plain_lf)
{
	rs = check_seed() + 10;
	paste(false, false, false);
}

TEST(paste_64k_plain_crlf_utf8)
{
	rs = check_seed() + 11;
	paste(false, true, true);
}

TEST(paste_64k_bracketed)
{
	rs = check_seed() + 12;
	paste(true, false, true);
}

TEST(paste_64k_bracketed_crlf)
{
	rs = check_seed() + 13;
	paste(true, true, false);
}

TEST(paste_control_chars_kept)
{
	struct fix *f = fix_new(80, 24, "> ");

	fix_type(f, "\x1b[200~a\tb\x1b[201~");
	FIX_EXPECT(f, 0, 6, "> a^Ib");
	fix_type(f, "\r");
	CHECK_EQ_STR(f->lines[0], "a\tb");
	fix_free(f);
}

CHECK_MAIN("lineedit_stress")

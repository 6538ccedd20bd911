/*
 * The line editor test fixture (see le_fixture.h).
 */
#include "le_fixture.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"

static void fx_write(void *user, const char *buf, size_t len)
{
	struct fix *f = user;

	f->out_bytes += len;
	if (f->feed_vt)
		vt_feed(&f->vt, buf, len);
}

static void fx_submit(void *user, const char *line, size_t len)
{
	struct fix *f = user;

	CHECK(line[len] == 0);
	if (f->nlines == FIX_MAX_LINES)
		return;
	f->lines[f->nlines] = malloc(len + 1);
	memcpy(f->lines[f->nlines], line, len + 1);
	f->line_len[f->nlines++] = len;
}

static void fx_complete(void *user, const char *line, size_t len, size_t cursor,
			struct term_le_completions *out)
{
	struct fix *f = user;
	size_t start = cursor;

	(void)len;
	while (start > 0 && line[start - 1] != ' ')
		start--;
	out->start = start;
	for (const char *const *w = f->words; w && *w; w++)
		if (strncmp(*w, line + start, cursor - start) == 0)
			term_le_comp_add(out, *w, strlen(*w));
}

static void fx_notify(void *user, enum term_le_notice n)
{
	struct fix *f = user;

	f->notices[n]++;
}

static void fx_key(void *user, const struct term_key_event *ev)
{
	struct fix *f = user;

	term_le_key(&f->le, ev);
}

struct fix *fix_new(int cols, int rows, const char *prompt)
{
	struct fix *f = calloc(1, sizeof(*f));

	vt_init(&f->vt, cols, rows);
	f->feed_vt = true;
	f->ops.write = fx_write;
	f->ops.submit = fx_submit;
	f->ops.complete = fx_complete;
	f->ops.notify = fx_notify;
	term_keys_init(&f->keys, fx_key, f);
	term_le_init(&f->le, &f->ops, f, (unsigned)cols);
	term_le_set_prompt(&f->le, prompt);
	term_le_set_auto_prompt(&f->le, true);
	term_le_show(&f->le);
	return f;
}

void fix_free(struct fix *f)
{
	for (unsigned i = 0; i < f->nlines; i++)
		free(f->lines[i]);
	free(f);
}

void fix_type_n(struct fix *f, const char *s, size_t n)
{
	term_keys_feed(&f->keys, s, n);
	if (term_keys_pending(&f->keys))
		term_keys_timeout(&f->keys);
}

void fix_type(struct fix *f, const char *s)
{
	fix_type_n(f, s, strlen(s));
}

void fix_expect(struct fix *f, const char *file, int line, const char *const *want, int crow, int ccol)
{
	char row[VT_MAX_COLS * 4 + 1];
	int n = 0;

	while (want[n])
		n++;
	for (int y = 0; y < f->vt.rows; y++) {
		const char *w = y < n ? want[y] : "";
		size_t wl = strlen(w);

		while (wl && w[wl - 1] == ' ')
			wl--; /* trailing blanks are invisible: the cursor checks say where the line ends */
		vt_row(&f->vt, y, row, sizeof(row));
		if (strlen(row) != wl || memcmp(row, w, wl) != 0)
			check_fail(file, line, "row %d: \"%s\", want \"%s\"", y, row, y < n ? want[y] : "");
	}
	if (f->vt.cy != crow || f->vt.cx != ccol || f->vt.pending)
		check_fail(file, line, "cursor (%d,%d)%s, want (%d,%d)", f->vt.cy, f->vt.cx,
			   f->vt.pending ? " pending" : "", crow, ccol);
	if (f->vt.errors)
		check_fail(file, line, "screen model: %s", f->vt.error);
}

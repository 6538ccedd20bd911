/*
 * Line editor test fixture: a key decoder feeding an editor whose output goes into the test
 * screen model (vt_model.h); submitted lines and notices are recorded. Helpers type bytes (as
 * a terminal would send them) and assert the visible screen and cursor.
 */
#ifndef KEEL_TESTS_LE_FIXTURE_H
#define KEEL_TESTS_LE_FIXTURE_H

#include "term/keys.h"
#include "term/lineedit.h"
#include "vt_model.h"

#define FIX_MAX_LINES 8192

struct fix {
	struct vt_model vt;
	struct term_keys keys;
	struct term_le le;
	struct term_le_ops ops;
	char *lines[FIX_MAX_LINES];
	size_t line_len[FIX_MAX_LINES];
	unsigned nlines;
	unsigned notices[8];
	size_t out_bytes;
	const char *const *words; /* completion candidates (NULL-terminated) */
	bool feed_vt;
};

struct fix *fix_new(int cols, int rows, const char *prompt);
void fix_free(struct fix *f);
/* Bytes from the terminal, then a quiet-period timeout if the decoder waits. */
void fix_type(struct fix *f, const char *s);
void fix_type_n(struct fix *f, const char *s, size_t n);
/* Assert rows [0, n) equal want[] and every other row is blank; and the cursor. */
void fix_expect(struct fix *f, const char *file, int line, const char *const *want, int crow, int ccol);
#define FIX_EXPECT(f, crow, ccol, ...) \
	fix_expect(f, __FILE__, __LINE__, (const char *const[]){ __VA_ARGS__, NULL }, crow, ccol)

#endif /* KEEL_TESTS_LE_FIXTURE_H */

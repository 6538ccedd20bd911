/*
 * Internals shared by the line editor's files: lineedit.c (keys and editing),
 * lineedit_draw.c (output, layout and redraw) and lineedit_hist.c (history). Not part of
 * the API.
 */
#ifndef KEEL_TERM_LINEEDIT_PRIV_H
#define KEEL_TERM_LINEEDIT_PRIV_H

#include "term/lineedit.h"

/* output */
void le_out(struct term_le *le, const char *s, size_t n);
void le_out_str(struct term_le *le, const char *s);
void le_flush(struct term_le *le);

/* characters in the line */
size_t le_decode(const char *s, size_t len, size_t i, uint32_t *cp);
int le_width(const struct term_le *le, uint32_t cp);
/* Columns that s[0, n) takes on the screen (UTF-8 decoded, wide and zero-width code points). */
size_t le_span_width(const struct term_le *le, const char *s, size_t n);
size_t le_next_char(const struct term_le *le, size_t i);
size_t le_prev_char(const struct term_le *le, size_t i);

/* drawing */
void le_refresh_from(struct term_le *le, size_t from, bool clear);
void le_redraw_all(struct term_le *le);
void le_move_to_end(struct term_le *le);
void le_move_cursor(struct term_le *le);
/* Erase prompt and line, cursor to the prompt's first cell (no state change). */
void le_erase(struct term_le *le);
/* Write text with '\n' as CRLF, ending on a fresh line. */
void le_out_text(struct term_le *le, const char *text, size_t len);

/* The text from byte `from` on (or the prompt, or the width) changed: forget layouts past it. */
static inline void le_layout_changed(struct term_le *le, size_t from)
{
	if (from < le->lay_upto)
		le->lay_ok = false;
}
#endif /* KEEL_TERM_LINEEDIT_PRIV_H */

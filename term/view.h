/*
 * Scrollback view: draw a terminal's screen as it looked `offset` lines further back (the last
 * rows of the scrollback above the top rows of the screen) onto any backend, without changing
 * the terminal. Display consoles use it for Shift+PgUp/PgDn; returning to the live screen is
 * term_attach() (full damage) and term_flush(). The cursor is hidden while scrolled back.
 */
#ifndef TERM_VIEW_H
#define TERM_VIEW_H

#include "term/backend.h"
#include "term/term.h"

/* Lines available above the screen (the scrollback length; 0 on the alternate screen). */
unsigned term_view_max(const struct term *t);
/* Draw every row for a view offset lines back (clamped to term_view_max); returns the offset used. */
unsigned term_view_draw(const struct term *t, const struct term_backend *be, void *ctx, unsigned offset);

#endif /* TERM_VIEW_H */

/*
 * The backend interface: what a display (VGA text, framebuffer, serial line) implements so that
 * term_flush() can bring it up to date. The core calls the optional scroll first (replaying
 * the pending scroll, if any, so unchanged text need not be redrawn), then draw for each damaged
 * run of cells (never splitting a wide character; blanks past a line's end are given as
 * default blank cells), then move_cursor, bell for each bell received, and flush last. A backend
 * with keeps_scrollback is also flushed from inside term_write(), before a line-feed scroll.
 * Context: whatever context calls term_flush(); backends must not call back into the terminal
 * except through the const screen pointer they are given.
 */
#ifndef TERM_BACKEND_H
#define TERM_BACKEND_H

#include <stdbool.h>

#include "term/cell.h"
#include "term/screen.h"

struct term_backend {
	/* Cells [col, col + n) of row now hold cells[0..n). s resolves combining clusters. */
	void (*draw)(void *ctx, const struct term_screen *s, int row, int col,
		     const struct term_cell *cells, int n);
	void (*move_cursor)(void *ctx, int row, int col, bool visible);
	/* Optional: scroll rows [top, bottom) by n (> 0 up, blank rows enter). 0 if done, or a
	 * negative error to have the region redrawn instead. */
	int (*scroll)(void *ctx, int top, int bottom, int n);
	void (*bell)(void *ctx);
	void (*flush)(void *ctx);
	/* Optional: the display's size in cells. */
	void (*size)(void *ctx, int *rows, int *cols);
	/* The display keeps lines scrolled off the top of its whole screen in a scrollback of its
	 * own (a remote terminal): the core then flushes before a line the display has not been
	 * shown would leave the screen, and before the pending scroll could no longer be replayed,
	 * so every line reaches it and its scrollback misses none however much is written between
	 * flushes. */
	bool keeps_scrollback;
};

static inline void term_backend_draw(const struct term_backend *b, void *ctx, const struct term_screen *s,
				     int row, int col, const struct term_cell *cells, int n)
{
	b->draw(ctx, s, row, col, cells, n);
}

static inline void term_backend_move_cursor(const struct term_backend *b, void *ctx, int row, int col,
					    bool visible)
{
	b->move_cursor(ctx, row, col, visible);
}

static inline int term_backend_scroll(const struct term_backend *b, void *ctx, int top, int bottom, int n)
{
	return b->scroll ? b->scroll(ctx, top, bottom, n) : -38;    /* -ENOSYS */
}

static inline void term_backend_bell(const struct term_backend *b, void *ctx)
{
	if (b->bell)
		b->bell(ctx);
}

static inline void term_backend_flush(const struct term_backend *b, void *ctx)
{
	if (b->flush)
		b->flush(ctx);
}

#endif /* TERM_BACKEND_H */

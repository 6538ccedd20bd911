/*
 * Keel's terminal core, the public interface. A terminal is created with an injected allocator
 * and a size, fed the bytes a program writes (term_write), and answers queries (DA, DSR/CPR,
 * size report) through an output callback. The screen it maintains can be read cell by cell,
 * its damage (what changed since the last flush) queried, and an attached backend
 * (term/backend.h) redrawn with term_flush(). Plain freestanding C: used by the kernel and by
 * host tools alike. Not thread-safe: callers serialize access to one terminal.
 */
#ifndef TERM_TERM_H
#define TERM_TERM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "term/cell.h"
#include "term/screen.h"

struct term;
struct term_backend;

typedef void (*term_output_fn)(void *user, const char *buf, size_t len);

/* Create a rows x cols terminal (1..TERM_MAX_DIM each); NULL when out of memory or bad size. */
struct term *term_new(const struct term_alloc *alloc, int rows, int cols);
void term_free(struct term *t);

void term_set_output(struct term *t, term_output_fn fn, void *user);
/* Scrollback limit in lines (default TERM_SB_DEFAULT); 0 disables scrollback. */
void term_set_scrollback(struct term *t, uint32_t lines);
/* Memory budget in bytes for everything the terminal holds (term_memory_used: the terminal
 * object, both screens, the scrollback and the combining-mark table); 0 (the default) means
 * none. An allocation that would exceed it evicts the oldest scrollback lines first; when even
 * an empty scrollback leaves no room, the write that needed it is dropped as on any allocation
 * failure. A resize is fitted to the budget once the new screen is in place (the reflow's
 * working copy is transient and not counted against it), and term_resize refuses with -ENOMEM
 * a size whose grid alone exceeds it (see term_memory_grid). Returns 0, or -ENOMEM (budget
 * unchanged) when the current size does not fit in bytes. */
int term_set_scrollback_budget(struct term *t, size_t bytes);
/* Bytes the terminal holds from its allocator right now. */
size_t term_memory_used(const struct term *t);
/* The most a rows x cols terminal holds with no scrollback (every line written full width, no
 * combining marks): the smallest budget that size accepts. */
size_t term_memory_grid(int rows, int cols);
/* Append n cells (at most the width) as the newest scrollback line, as if scrolled off the top
 * (restoring saved history; a test harness's scrollback store); a cell referring to a
 * combining cluster becomes blank. 0 (also with scrollback disabled), -EINVAL or -ENOMEM. */
int term_scrollback_push(struct term *t, const struct term_cell *cells, int n);
/* Whether modes 47/1047/1049 switch to the alternate screen (default on). */
void term_set_altscreen(struct term *t, bool enabled);
/* UTF-8 input (default) or 8-bit input, where 0x80-0x9f are C1 controls and 0xa0-0xff Latin-1. */
void term_set_utf8(struct term *t, bool utf8);

/* Whether term_resize reflows soft-wrapped lines (default on); off cuts/pads rows as xterm does. */
void term_set_reflow(struct term *t, bool reflow);
/* SGR 1 together with colours 30-37 selects the bright colours 90-97 (default off). */
void term_set_bold_bright(struct term *t, bool on);
/* Whether U+0080-U+009F arriving as UTF-8 act as C1 controls, as xterm does (default on). */
void term_set_c1_utf8(struct term *t, bool on);
/* Whether the program's output may resize the terminal (DECCOLM, CSI 8;r;c t, DECSLPP, DECSNLS;
 * default on, as for a host window); a console whose remote screen has a fixed size turns it off. */
void term_set_program_resize(struct term *t, bool allowed);
/* The current SGR pen (attributes, colours, underline, font) as cell attribute words. */
void term_get_pen(const struct term *t, struct term_pen *pen);

/* Interpret bytes written by the application. Any byte stream is accepted. */
void term_write(struct term *t, const void *buf, size_t len);
/* Change the size, reflowing soft-wrapped lines of the primary screen. 0 or -EINVAL/-ENOMEM. */
int term_resize(struct term *t, int rows, int cols);

/* Queries. */
const struct term_screen *term_get_screen(const struct term *t);
void term_get_size(const struct term *t, int *rows, int *cols);
void term_get_cursor(const struct term *t, int *row, int *col, bool *visible);
/* The window title set by OSC 0/2 (UTF-8, NUL-terminated). */
const char *term_get_title(const struct term *t);

enum term_mode {
	TERM_MODE_INSERT,
	TERM_MODE_NEWLINE,
	TERM_MODE_AUTOWRAP,
	TERM_MODE_ORIGIN,
	TERM_MODE_CURSOR_VISIBLE,
	TERM_MODE_ALTSCREEN,
	TERM_MODE_BRACKETED_PASTE,
	TERM_MODE_APP_CURSOR,
	TERM_MODE_APP_KEYPAD,
	TERM_MODE_REVERSE_SCREEN,       /* DECSCNM: term_flush draws every cell inverted */
	TERM_MODE_LEFT_RIGHT_MARGINS,   /* DECLRMM */
};
bool term_get_mode(const struct term *t, enum term_mode m);
/* Number of BEL characters received so far. */
uint32_t term_get_bells(const struct term *t);

/* Damage: whether row changed since the last flush, and in which columns [*c0, *c1). */
bool term_damage_row(const struct term *t, int row, int *c0, int *c1);
/* A pending scroll a backend may replay instead of redrawing (false if none). */
bool term_damage_scroll(const struct term *t, struct term_scroll_hint *hint);
void term_damage_clear(struct term *t);

/* Attach a backend (NULL detaches) and redraw damaged cells on it. */
void term_attach(struct term *t, const struct term_backend *be, void *be_ctx);
int term_flush(struct term *t);

#endif /* TERM_TERM_H */

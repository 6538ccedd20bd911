/*
 * The serial renderer: a backend (term/backend.h) that draws the terminal onto a remote
 * xterm-like terminal over a byte stream (a serial line seen through picocom, screen or
 * minicom). It keeps a model of what the remote screen holds, so it sends only cells that
 * differ, moves the cursor only where needed (picking the shortest of CUP, CR/LF and relative
 * moves), sends SGR differences only, erases blank tails with EL and replays scrolls with LF
 * (whole screen, so the remote keeps its scrollback) or DECSTBM + SU/SD. A redraw after no
 * change sends nothing. Output goes to a byte callback in chunks of up to 1 KiB.
 */
#ifndef TERM_BACKEND_SERIAL_H
#define TERM_BACKEND_SERIAL_H

#include <stdbool.h>

#include "term/backend.h"
#include "term/term.h"

struct term_serial;

extern const struct term_backend term_serial_backend;

struct term_serial *term_serial_new(const struct term_alloc *alloc, term_output_fn out, void *user);
void term_serial_free(struct term_serial *s);
/* Forget what the remote holds: the next flush clears it and redraws everything. */
void term_serial_invalidate(struct term_serial *s);
/* The remote's own height, when it has more rows than the terminal drawn on it (a size clamped
 * to a memory budget; 0 otherwise): the renderer then keeps its lines inside margins of the
 * terminal's rows, set when it starts from a known state. True when it changed: the caller then
 * repaints from scratch (term_serial_invalidate and full damage). */
bool term_serial_set_remote_rows(struct term_serial *s, int rows);
/* Bytes sent so far. */
uint64_t term_serial_bytes(const struct term_serial *s);

#endif /* TERM_BACKEND_SERIAL_H */

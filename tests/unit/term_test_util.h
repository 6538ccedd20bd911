/*
 * Helpers for the terminal unit tests: a terminal with captured replies, row text in the
 * termdump style (UTF-8, trailing blanks trimmed) and cell access.
 */
#ifndef TESTS_UNIT_TERM_TEST_UTIL_H
#define TESTS_UNIT_TERM_TEST_UTIL_H

#include "tools/term_host_util.h"

struct term *tt_new(int rows, int cols);
void tt_free(struct term *t);
void tt_write(struct term *t, const char *s);
/* Row text (static buffer, valid until the next call). */
const char *tt_row(struct term *t, int row);
struct term_cell tt_cell(struct term *t, int row, int col);
uint32_t tt_ch(struct term *t, int row, int col);
/* Replies the terminal wrote since the last call (static buffer); control bytes other than ESC
 * (a stray NUL, say) appear as "<XX>". */
const char *tt_replies(struct term *t);
/* The same bytes raw, with their count (at most max). */
size_t tt_replies_raw(struct term *t, char *out, size_t max);
void tt_cursor(struct term *t, int *row, int *col);
/* CHECK that the cursor is at (row, col). */
void tt_at(struct term *t, int row, int col);
/* CHECK that the terminal is rows x cols. */
void tt_size(struct term *t, int rows, int cols);

#endif

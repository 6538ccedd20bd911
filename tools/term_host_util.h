/*
 * Host-side helpers for term/ users (termdump, termhost, tests, fuzzers, benchmark): a malloc
 * allocator for the terminal core and the textual screen dump format termdump prints.
 */
#ifndef TOOLS_TERM_HOST_UTIL_H
#define TOOLS_TERM_HOST_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "term/term.h"

extern const struct term_alloc term_host_alloc;

/* Which attributes -C prints (libvterm 0.1.4 has no faint or hidden). */
#define TERM_DUMP_ATTR_ALL  0xffffffffu
#define TERM_DUMP_ATTR_VTERM (~(TERM_ATTR_FAINT | TERM_ATTR_HIDDEN))

/* A growable string. */
struct strbuf {
	char *s;
	size_t len, cap;
};
void sb_putc(struct strbuf *b, char c);
void sb_puts(struct strbuf *b, const char *s);
void sb_printf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_utf8(struct strbuf *b, uint32_t cp);
void sb_free(struct strbuf *b);

/* One cell in a neutral form, so Keel's screen and libvterm's dump identically. */
struct dump_cell {
	uint32_t chars[6];
	int nchars;                     /* 0: erased */
	int width;                      /* 1 or 2; 0 for a continuation cell (skipped) */
	uint32_t attr;                  /* TERM_ATTR_* plus underline style in TERM_UL_MASK bits */
	uint32_t fg, bg;                /* TERM_COLOR_* */
	bool dontcare;                  /* differential tests: take the other side's cell */
};

struct dump_screen {
	int rows, cols, crow, ccol;
	bool visible;
	struct dump_cell *cells;        /* rows * cols */
};

void dump_from_term(const struct term *t, struct dump_screen *d);
void dump_screen_free(struct dump_screen *d);
/* Append the termdump text (with_cells: the -C lines) to b. */
void dump_format(const struct dump_screen *d, bool with_cells, uint32_t attr_mask, struct strbuf *b);


/* Consistency checks of a terminal's grid: cursor in range, line lengths within the width, every
 * wide lead followed by its continuation and every continuation preceded by its lead. Returns
 * NULL if consistent, else a description. */
const char *term_check_invariants(const struct term *t);
/* All text (scrollback then screen) as logical lines: soft-wrapped rows joined, trailing blanks
 * dropped, one '\n' per logical line; trailing empty lines dropped. */
void term_logical_text(const struct term *t, struct strbuf *out);

#endif /* TOOLS_TERM_HOST_UTIL_H */

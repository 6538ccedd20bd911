/*
 * One screen cell: exactly one displayed column (grid design 3). 12 bytes:
 *   ch: bits 0-20 a code point (0 = erased) or, with TERM_CH_CLUSTER, an index into the
 *       screen's cluster table (a base character plus combining marks); TERM_CH_WIDE marks the
 *       lead (left) cell of a double-width character, TERM_CH_CONT its continuation (right) cell;
 *       bits 24-31 the text attributes (TERM_ATTR_*).
 *   fg, bg: a colour (bits 0-23: RGB or palette index, bits 24-25: kind); fg bits 26-27 hold the
 *       underline style, fg bits 28-31 the font (SGR 10-19); bg bit 26 marks a cell protected
 *       from selective erase (DECSCA), bg bits 27-28 super/subscript (SGR 73/74).
 * A pen is the same three words minus the character, so writing a cell is three stores.
 */
#ifndef TERM_CELL_H
#define TERM_CELL_H

#include <stdbool.h>
#include <stdint.h>

#define TERM_CH_CP_MASK   0x001fffffu
#define TERM_CH_CLUSTER   (1u << 21)
#define TERM_CH_WIDE      (1u << 22)
#define TERM_CH_CONT      (1u << 23)
#define TERM_CH_ATTR_MASK 0xff000000u

#define TERM_ATTR_BOLD    (1u << 24)
#define TERM_ATTR_FAINT   (1u << 25)
#define TERM_ATTR_ITALIC  (1u << 26)
#define TERM_ATTR_BLINK   (1u << 27)
#define TERM_ATTR_INVERSE (1u << 28)
#define TERM_ATTR_HIDDEN  (1u << 29)
#define TERM_ATTR_STRIKE  (1u << 30)

#define TERM_COLOR_VALUE_MASK 0x00ffffffu
#define TERM_COLOR_KIND_SHIFT 24
#define TERM_COLOR_KIND_MASK  (3u << 24)
#define TERM_COLOR_DEFAULT    (0u << 24)
#define TERM_COLOR_INDEX      (1u << 24)
#define TERM_COLOR_RGB        (2u << 24)
#define TERM_COLOR_MASK       (TERM_COLOR_VALUE_MASK | TERM_COLOR_KIND_MASK)
#define TERM_UL_SHIFT         26
#define TERM_UL_MASK          (3u << 26)   /* in fg: 0 none, 1 single, 2 double, 3 curly */
#define TERM_FONT_SHIFT       28
#define TERM_FONT_MASK        (15u << 28)  /* in fg: SGR 10-19 font 0..9 */
#define TERM_BG_PROTECTED     (1u << 26)   /* in bg: DECSCA/SPA protected from selective erase */
#define TERM_BG_BASELINE_SHIFT 27
#define TERM_BG_BASELINE_MASK (3u << 27)   /* in bg: SGR 73 superscript (1), 74 subscript (2) */

struct term_cell {
	uint32_t ch;
	uint32_t fg;
	uint32_t bg;
};
_Static_assert(sizeof(struct term_cell) == 12, "a cell is 12 bytes");

struct term_pen {
	uint32_t attr;      /* TERM_ATTR_* bits (the ch word's top byte) */
	uint32_t fg;        /* colour plus underline bits */
	uint32_t bg;
};

static inline uint32_t term_color_index(uint32_t i) { return TERM_COLOR_INDEX | (i & 0xff); }
static inline uint32_t term_color_rgb(uint32_t r, uint32_t g, uint32_t b)
{
	return TERM_COLOR_RGB | ((r & 0xff) << 16) | ((g & 0xff) << 8) | (b & 0xff);
}

/* An erased cell keeps only the pen's colours (as libvterm does). */
static inline struct term_cell term_cell_blank(const struct term_pen *pen)
{
	struct term_cell c = { 0, pen->fg & TERM_COLOR_MASK, pen->bg & TERM_COLOR_MASK };
	return c;
}

static inline bool term_cell_is_default_blank(const struct term_cell *c)
{
	return (c->ch | c->fg | c->bg) == 0;
}

#endif /* TERM_CELL_H */

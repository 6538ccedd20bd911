/*
 * libvterm side of the differential tests (see vterm_dump.h). Input is fed in 4 KiB pieces
 * because one large write overflows libvterm 0.1.4's stack.
 */
#include "tests/diff/vterm_dump.h"

#include <stdlib.h>
#include <string.h>

#include <vterm.h>

#include "term/width.h"

static int on_prop(VTermProp prop, VTermValue *val, void *user)
{
	if (prop == VTERM_PROP_CURSORVISIBLE)
		*(bool *)user = val->boolean;
	return 1;
}

static const VTermScreenCallbacks dump_cbs = { .settermprop = on_prop };

static uint32_t conv_color(const VTermColor *c, bool fg)
{
	if (fg ? VTERM_COLOR_IS_DEFAULT_FG(c) : VTERM_COLOR_IS_DEFAULT_BG(c))
		return TERM_COLOR_DEFAULT;
	if (VTERM_COLOR_IS_INDEXED(c))
		return term_color_index(c->indexed.idx);
	return term_color_rgb(c->rgb.red, c->rgb.green, c->rgb.blue);
}

void vterm_dump_bytes(const void *buf, size_t len, int rows, int cols, bool alt, struct dump_screen *d)
{
	VTerm *vt = vterm_new(rows, cols);
	VTermScreen *vs;
	VTermState *st;
	VTermPos pos;
	const char *p = buf;

	d->visible = true;
	vterm_set_utf8(vt, 1);
	vs = vterm_obtain_screen(vt);
	vterm_screen_set_callbacks(vs, &dump_cbs, &d->visible);
	vterm_screen_enable_altscreen(vs, alt);
	vterm_screen_reset(vs, 1);
	while (len) {
		size_t n = len > 4096 ? 4096 : len;
		vterm_input_write(vt, p, n);
		p += n;
		len -= n;
	}
	st = vterm_obtain_state(vt);
	vterm_state_get_cursorpos(st, &pos);
	d->rows = rows;
	d->cols = cols;
	d->crow = pos.row;
	d->ccol = pos.col;
	d->cells = calloc((size_t)rows * (size_t)cols, sizeof(*d->cells));
	for (int r = 0; r < rows; r++)
		for (int c = 0; c < cols; c++) {
			VTermScreenCell vc;
			struct dump_cell *dc = &d->cells[r * cols + c];
			VTermPos at = { r, c };
			vterm_screen_get_cell(vs, at, &vc);
			if (vc.chars[0] == (uint32_t)-1 && c > 0 && d->cells[r * cols + c - 1].width == 2) {
				dc->width = 0;
				continue;
			}
			/* An intended divergence: libvterm leaves the other half of a partly
			 * overwritten or erased wide character in place (a lone continuation with
			 * stale colours, or a wide character shown one column wide); Keel erases it.
			 * Such cells are not compared. */
			if (vc.chars[0] == (uint32_t)-1 ||
			    (vc.width == 1 && vc.chars[0] && term_char_width(vc.chars[0]) == 2)) {
				dc->dontcare = true;
				dc->width = 1;
				continue;
			}
			for (int k = 0; k < VTERM_MAX_CHARS_PER_CELL && vc.chars[k]; k++)
				dc->chars[dc->nchars++] = vc.chars[k];
			/* DEC graphics 0x79/0x7a: libvterm uses the slanted forms, Keel (like xterm)
			 * U+2264/U+2265 */
			if (dc->chars[0] == 0x2a7d)
				dc->chars[0] = 0x2264;
			if (dc->chars[0] == 0x2a7e)
				dc->chars[0] = 0x2265;
			dc->width = vc.width == 2 && term_char_width(vc.chars[0]) == 2 ? 2 : 1;
			if (c > 0 && d->cells[r * cols + c - 1].width == 2)
				dc->width = 0;
			dc->attr = (vc.attrs.bold ? TERM_ATTR_BOLD : 0) | (vc.attrs.italic ? TERM_ATTR_ITALIC : 0) |
				   (vc.attrs.blink ? TERM_ATTR_BLINK : 0) | (vc.attrs.reverse ? TERM_ATTR_INVERSE : 0) |
				   (vc.attrs.strike ? TERM_ATTR_STRIKE : 0) |
				   ((uint32_t)vc.attrs.underline << TERM_UL_SHIFT);
			/* libvterm 0.1.4 gives erased cells stray attribute bits (its pen is copied
			 * bitwise); only the colours of an erased cell are meaningful */
			if (!dc->nchars)
				dc->attr = 0;
			dc->fg = conv_color(&vc.fg, true);
			dc->bg = conv_color(&vc.bg, false);
		}
	vterm_free(vt);
}

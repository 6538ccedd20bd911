/*
 * Framebuffer backend (see backend_fb.h). The shadow has the framebuffer's own pixel format
 * and a tight pitch (width * bytes per pixel), so a blit is one memcpy per pixel line of the
 * damaged span. Damage is kept per cell row as a column range; flush copies those spans and
 * forgets them. The cursor is an XOR over the shadow, undone before anything that moves or
 * replaces its pixels.
 */
#include "term/backend_fb.h"

#include <keel/errno.h>
#include <string.h>

#include "term/palette.h"

struct term_fb {
	struct term_alloc alloc;
	uint8_t *fb;
	struct term_fb_format f;
	const struct term_font *font;
	unsigned bypp, cw, chh;         /* bytes per pixel, cell width and height in pixels */
	int rows, cols;
	uint8_t *shadow;
	size_t spitch, shadow_size;
	uint16_t *dlo, *dhi;            /* damaged columns [dlo, dhi) per cell row */
	uint32_t xor_mask, bg_default;
	int crow, ccol;
	bool cursor_drawn;
	int32_t ascii[128];             /* glyphs of ASCII, looked up once */
	struct term_fb_stats stats;
};

int term_fb_check_format(const struct term_fb_format *f, const char **why)
{
	const char *w = NULL;

	if (f->bpp != 24 && f->bpp != 32)
		w = "only 24 and 32 bits per pixel direct colour is supported";
	else if (!f->red_size || !f->green_size || !f->blue_size || f->red_size > 8 || f->green_size > 8 ||
		 f->blue_size > 8)
		w = "colour channels must be 1 to 8 bits";
	else if (f->red_pos + f->red_size > f->bpp || f->green_pos + f->green_size > f->bpp ||
		 f->blue_pos + f->blue_size > f->bpp)
		w = "colour channels do not fit in the pixel";
	else if (!f->width || !f->height || f->width > 16384 || f->height > 16384 ||
		 f->pitch < f->width * (f->bpp / 8u))
		w = "bad geometry";
	if (why)
		*why = w;
	return w ? -EINVAL : 0;
}

static uint32_t chan(uint32_t v8, uint8_t pos, uint8_t size)
{
	return (v8 >> (8 - size)) << pos;
}

uint32_t term_fb_pixel(const struct term_fb *b, uint32_t rgb)
{
	const struct term_fb_format *f = &b->f;

	return chan((rgb >> 16) & 0xff, f->red_pos, f->red_size) | chan((rgb >> 8) & 0xff, f->green_pos, f->green_size) |
	       chan(rgb & 0xff, f->blue_pos, f->blue_size);
}

static void damage(struct term_fb *b, int row, int c0, int c1)
{
	if (c0 < b->dlo[row])
		b->dlo[row] = (uint16_t)c0;
	if (c1 > b->dhi[row])
		b->dhi[row] = (uint16_t)c1;
}

static void fill_rect(struct term_fb *b, unsigned x, unsigned y, unsigned w, unsigned h, uint32_t px)
{
	for (unsigned yy = y; yy < y + h; yy++) {
		uint8_t *p = b->shadow + yy * b->spitch + x * b->bypp;
		if (b->bypp == 4) {
			uint32_t *q = (uint32_t *)(void *)p;
			for (unsigned i = 0; i < w; i++)
				q[i] = px;
		} else {
			for (unsigned i = 0; i < w; i++, p += 3) {
				p[0] = (uint8_t)px;
				p[1] = (uint8_t)(px >> 8);
				p[2] = (uint8_t)(px >> 16);
			}
		}
	}
}

struct term_fb *term_fb_new(const struct term_alloc *alloc, void *fb, const struct term_fb_format *f,
			    const struct term_font *font)
{
	struct term_fb *b;

	if (term_fb_check_format(f, NULL) < 0 || !font->width || !font->height || font->width > 32 ||
	    f->width < font->width || f->height < font->height)
		return NULL;
	b = alloc->alloc(alloc->ctx, sizeof(*b));
	if (!b)
		return NULL;
	memset(b, 0, sizeof(*b));
	b->alloc = *alloc;
	b->fb = fb;
	b->f = *f;
	b->font = font;
	b->bypp = f->bpp / 8u;
	b->cw = font->width;
	b->chh = font->height;
	b->cols = (int)(f->width / b->cw);
	b->rows = (int)(f->height / b->chh);
	if (b->cols > TERM_MAX_DIM)
		b->cols = TERM_MAX_DIM;
	if (b->rows > TERM_MAX_DIM)
		b->rows = TERM_MAX_DIM;
	b->spitch = (size_t)f->width * b->bypp;
	b->shadow_size = b->spitch * f->height;
	b->shadow = alloc->alloc(alloc->ctx, b->shadow_size);
	b->dlo = alloc->alloc(alloc->ctx, (size_t)b->rows * sizeof(uint16_t));
	b->dhi = alloc->alloc(alloc->ctx, (size_t)b->rows * sizeof(uint16_t));
	if (!b->shadow || !b->dlo || !b->dhi) {
		term_fb_free(b);
		return NULL;
	}
	b->xor_mask = term_fb_pixel(b, 0xffffff);
	b->bg_default = term_fb_pixel(b, TERM_RGB_DEFAULT_BG);
	for (int i = 0; i < 128; i++)
		b->ascii[i] = term_font_find(font, (uint32_t)i);
	fill_rect(b, 0, 0, f->width, f->height, b->bg_default);
	for (uint32_t y = 0; y < f->height; y++)
		memcpy(b->fb + (size_t)y * f->pitch, b->shadow + y * b->spitch, b->spitch);
	for (int r = 0; r < b->rows; r++) {
		b->dlo[r] = (uint16_t)b->cols;
		b->dhi[r] = 0;
	}
	b->crow = b->ccol = -1;
	return b;
}

void term_fb_free(struct term_fb *b)
{
	if (!b)
		return;
	if (b->shadow)
		b->alloc.free(b->alloc.ctx, b->shadow, b->shadow_size);
	if (b->dlo)
		b->alloc.free(b->alloc.ctx, b->dlo, (size_t)b->rows * sizeof(uint16_t));
	if (b->dhi)
		b->alloc.free(b->alloc.ctx, b->dhi, (size_t)b->rows * sizeof(uint16_t));
	b->alloc.free(b->alloc.ctx, b, sizeof(*b));
}

void term_fb_grid(const struct term_fb *b, int *rows, int *cols)
{
	*rows = b->rows;
	*cols = b->cols;
}

void term_fb_get_stats(const struct term_fb *b, struct term_fb_stats *out)
{
	*out = b->stats;
}

/* ---------------------------------------------------------------- cursor */

static void cursor_xor(struct term_fb *b)
{
	unsigned x = (unsigned)b->ccol * b->cw, y = (unsigned)b->crow * b->chh;

	for (unsigned yy = y + b->chh - TERM_FB_CURSOR_LINES; yy < y + b->chh; yy++) {
		uint8_t *p = b->shadow + yy * b->spitch + x * b->bypp;
		for (unsigned i = 0; i < b->cw * b->bypp; i++)
			p[i] ^= (uint8_t)(b->xor_mask >> (8 * (i % b->bypp)));
	}
	damage(b, b->crow, b->ccol, b->ccol + 1);
}

static void cursor_remove(struct term_fb *b)
{
	if (b->cursor_drawn) {
		cursor_xor(b);
		b->cursor_drawn = false;
	}
}

static void fb_move_cursor(void *ctx, int row, int col, bool visible)
{
	struct term_fb *b = ctx;

	visible = visible && row >= 0 && row < b->rows && col >= 0 && col < b->cols;
	if (b->cursor_drawn && (!visible || row != b->crow || col != b->ccol))
		cursor_remove(b);
	if (visible && !b->cursor_drawn) {
		b->crow = row;
		b->ccol = col;
		cursor_xor(b);
		b->cursor_drawn = true;
	}
}

/* ---------------------------------------------------------------- drawing */

static uint32_t glyph_row(const struct term_font *font, uint32_t g, unsigned y)
{
	const uint8_t *p = font->bits + ((size_t)g * font->height + y) * font->stride;
	uint32_t v = 0;

	for (unsigned i = 0; i < font->stride; i++)
		v = v << 8 | p[i];
	return v >> (font->stride * 8 - font->width);   /* bit (width - 1 - x) is pixel x */
}

static uint32_t blend_half(uint32_t a, uint32_t b)
{
	return ((a >> 1) & 0x7f7f7f) + ((b >> 1) & 0x7f7f7f);
}

/* Draw one cell spanning span columns. On a double-width line (lsize != 0) the cell is drawn at
 * twice the width at column 2 * col; DECDHL lines (lsize '3' top, '4' bottom) also double the
 * height, showing the upper or lower half of the glyph. */
static void draw_cell(struct term_fb *b, const struct term_screen *s, int row, int col, const struct term_cell *c,
		      int span, char lsize)
{
	uint32_t cps[TERM_CLUSTER_CPS];
	uint32_t fg = term_palette_rgb(c->fg, TERM_RGB_DEFAULT_FG), bg = term_palette_rgb(c->bg, TERM_RGB_DEFAULT_BG);
	uint32_t a = c->ch & TERM_CH_ATTR_MASK, ul = (c->fg & TERM_UL_MASK) >> TERM_UL_SHIFT, t;
	int n = (c->ch & TERM_CH_CONT) ? 0 : term_screen_chars(s, c, cps, TERM_CLUSTER_CPS);
	int32_t g = -1;
	unsigned xs = lsize ? 2 : 1;
	unsigned w = b->cw * (unsigned)span * xs, x0 = (unsigned)col * b->cw * xs, y0 = (unsigned)row * b->chh;
	bool stretch = (span == 2 || xs == 2) && b->font->width * 2 <= 32;

	if (x0 + w > (unsigned)b->cols * b->cw)
		w = x0 < (unsigned)b->cols * b->cw ? (unsigned)b->cols * b->cw - x0 : 0;

	if (n > 0) {
		g = cps[0] < 128 ? b->ascii[cps[0]] : term_font_find(b->font, cps[0]);
		if (g < 0)
			g = (int32_t)b->font->replacement;
	}
	if (a & TERM_ATTR_FAINT)
		fg = blend_half(fg, bg);
	if (a & TERM_ATTR_INVERSE) {
		t = fg;
		fg = bg;
		bg = t;
	}
	if (a & TERM_ATTR_HIDDEN) {
		g = -1;
		ul = 0;
		a &= ~TERM_ATTR_STRIKE;
	}
	uint32_t pf = term_fb_pixel(b, fg), pb = term_fb_pixel(b, bg);
	for (unsigned y = 0; y < b->chh; y++) {
		unsigned gy = lsize == '3' ? y / 2 : lsize == '4' ? (b->chh + y) / 2 : y;
		uint64_t bits = g >= 0 && gy < b->font->height ? glyph_row(b->font, (uint32_t)g, gy) : 0;
		unsigned gw = b->cw;
		if (stretch) {              /* a narrow glyph doubled across the two cells */
			uint64_t wide = 0;
			for (unsigned x = 0; x < b->cw; x++)
				if (bits & (1ull << x))
					wide |= 3ull << (2 * x);
			bits = wide;
			gw = w;
		}
		if (a & TERM_ATTR_BOLD)
			bits |= bits >> 1;
		if ((ul == 1 || ul == 2) && y == b->chh - 2)
			bits = ~0ull;
		if (ul == 2 && y + 4 == b->chh)
			bits = ~0ull;
		if (ul == 3 && y == b->chh - 2)
			bits = 0x5555555555555555ull;
		if ((a & TERM_ATTR_STRIKE) && y == b->chh / 2)
			bits = ~0ull;
		uint8_t *p = b->shadow + (y0 + y) * b->spitch + x0 * b->bypp;
		for (unsigned x = 0; x < w; x++) {
			uint32_t px = x < gw && ((bits >> (gw - 1 - x)) & 1) ? pf : pb;
			if (b->bypp == 4) {
				((uint32_t *)(void *)p)[x] = px;
			} else {
				p[3 * x] = (uint8_t)px;
				p[3 * x + 1] = (uint8_t)(px >> 8);
				p[3 * x + 2] = (uint8_t)(px >> 16);
			}
		}
	}
	b->stats.cells_drawn++;
}

static void fb_draw(void *ctx, const struct term_screen *s, int row, int col, const struct term_cell *cells, int n)
{
	struct term_fb *b = ctx;
	int end;
	uint16_t lf;
	char lsize;

	if (row < 0 || row >= b->rows || col < 0)
		return;
	lf = s->lines[row].flags;
	lsize = lf & TERM_LINE_DHL_TOP ? '3' : lf & TERM_LINE_DHL_BOT ? '4' : lf & TERM_LINE_DWL ? '6' : 0;
	if (lsize) {
		/* a double-width line shows its first half of the columns, each twice as wide */
		if (n > b->cols / 2 - col)
			n = b->cols / 2 - col;
		if (n <= 0)
			return;
		if (b->cursor_drawn && row == b->crow)
			b->cursor_drawn = false;
		for (int i = 0; i < n; i++) {
			struct term_cell one = cells[i];
			if (one.ch & TERM_CH_CONT)
				continue;
			bool wide = (one.ch & TERM_CH_WIDE) && i + 1 < n;
			one.ch &= wide ? ~0u : ~(uint32_t)TERM_CH_WIDE;
			draw_cell(b, s, row, col + i, &one, wide ? 2 : 1, lsize);
		}
		damage(b, row, 2 * col, b->cols);
		return;
	}
	if (n > b->cols - col)
		n = b->cols - col;
	if (n <= 0)
		return;
	end = col + n + ((cells[n - 1].ch & TERM_CH_WIDE) && col + n < b->cols ? 1 : 0);
	if (b->cursor_drawn && row == b->crow && b->ccol >= col && b->ccol < end)
		b->cursor_drawn = false;      /* its pixels are about to be replaced */
	for (int i = 0; i < n; i++) {
		const struct term_cell *c = &cells[i];
		if ((c->ch & TERM_CH_WIDE) && col + i + 1 < b->cols) {
			draw_cell(b, s, row, col + i, c, 2, 0);
			if (i + 1 < n && (cells[i + 1].ch & TERM_CH_CONT))
				i++;
		} else if ((c->ch & TERM_CH_CONT) && i > 0 && (cells[i - 1].ch & TERM_CH_WIDE)) {
			continue;
		} else {
			struct term_cell one = *c;
			one.ch &= ~(uint32_t)TERM_CH_WIDE;
			draw_cell(b, s, row, col + i, &one, 1, 0);
		}
	}
	damage(b, row, col, end);
}

static int fb_scroll(void *ctx, int top, int bottom, int n)
{
	struct term_fb *b = ctx;
	int h = bottom - top, an = n > 0 ? n : -n;
	size_t line = b->spitch * b->chh;

	if (top < 0 || bottom > b->rows || an >= h || n == 0)
		return -EINVAL;
	cursor_remove(b);
	uint8_t *base = b->shadow + (size_t)top * line;
	if (n > 0) {
		memmove(base, base + (size_t)n * line, (size_t)(h - n) * line);
		fill_rect(b, 0, (unsigned)(bottom - n) * b->chh, b->f.width, (unsigned)n * b->chh, b->bg_default);
	} else {
		memmove(base + (size_t)an * line, base, (size_t)(h - an) * line);
		fill_rect(b, 0, (unsigned)top * b->chh, b->f.width, (unsigned)an * b->chh, b->bg_default);
	}
	for (int r = top; r < bottom; r++)
		damage(b, r, 0, b->cols);
	b->stats.scrolls++;
	return 0;
}

static void fb_flush(void *ctx)
{
	struct term_fb *b = ctx;

	for (int r = 0; r < b->rows; r++) {
		if (b->dlo[r] >= b->dhi[r])
			continue;
		size_t x = (size_t)b->dlo[r] * b->cw * b->bypp, len = (size_t)(b->dhi[r] - b->dlo[r]) * b->cw * b->bypp;
		for (unsigned y = (unsigned)r * b->chh; y < (unsigned)(r + 1) * b->chh; y++)
			memcpy(b->fb + (size_t)y * b->f.pitch + x, b->shadow + y * b->spitch + x, len);
		b->stats.rows_blitted++;
		b->stats.bytes_blitted += len * b->chh;
		b->dlo[r] = (uint16_t)b->cols;
		b->dhi[r] = 0;
	}
}

static void fb_size(void *ctx, int *rows, int *cols)
{
	term_fb_grid(ctx, rows, cols);
}

const struct term_backend term_fb_backend = {
	.draw = fb_draw,
	.move_cursor = fb_move_cursor,
	.scroll = fb_scroll,
	.flush = fb_flush,
	.size = fb_size,
};

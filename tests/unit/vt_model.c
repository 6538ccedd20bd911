/*
 * The test screen model (see vt_model.h). Cells hold one code point each; a wide character
 * is a lead cell plus a continuation cell, and overwriting either half clears the other.
 */
#include "vt_model.h"

#include <stdio.h>
#include <string.h>

#include "term/keys.h"
#include "term/lineedit.h"

#define WIDE_CONT 0xFFFFFFFFu

static void error(struct vt_model *m, const char *what)
{
	if (!m->errors)
		snprintf(m->error, sizeof(m->error), "%s (after %zu bytes)", what, m->bytes);
	m->errors++;
}

void vt_init(struct vt_model *m, int cols, int rows)
{
	memset(m, 0, sizeof(*m));
	m->cols = cols;
	m->rows = rows;
}

static void clear_cells(struct vt_model *m, int row, int from, int to)
{
	for (int x = from; x < to; x++)
		m->cell[row][x] = 0;
}

static void linefeed(struct vt_model *m)
{
	if (m->cy < m->rows - 1) {
		m->cy++;
		return;
	}
	memmove(&m->cell[0], &m->cell[1], sizeof(m->cell[0]) * (size_t)(m->rows - 1));
	clear_cells(m, m->rows - 1, 0, VT_MAX_COLS);
	m->scrolls++;
}

static void put_cell(struct vt_model *m, int x, uint32_t v)
{
	uint32_t *row = m->cell[m->cy];

	if (row[x] == WIDE_CONT && x > 0)
		row[x - 1] = 0;
	else if (row[x] != 0 && x + 1 < m->cols && row[x + 1] == WIDE_CONT)
		row[x + 1] = 0;
	row[x] = v;
}

static void print(struct vt_model *m, uint32_t cp)
{
	int w = term_le_default_width(cp);

	if (w == 0)
		return;
	if (m->pending || (w == 2 && m->cx == m->cols - 1)) {
		m->cx = 0;
		m->pending = false;
		linefeed(m);
	}
	put_cell(m, m->cx, cp);
	if (w == 2)
		put_cell(m, m->cx + 1, WIDE_CONT);
	m->cx += w;
	if (m->cx >= m->cols) {
		m->cx = m->cols - 1;
		m->pending = true;
	}
}

static int param(const struct vt_model *m, int idx, int def)
{
	const char *p = m->seq;
	int v = 0, have = 0;

	for (int i = 0; i < idx; i++) {
		p = strchr(p, ';');
		if (!p)
			return def;
		p++;
	}
	while (*p >= '0' && *p <= '9') {
		v = v * 10 + (*p++ - '0');
		have = 1;
	}
	return have && v ? v : def;
}

static void csi(struct vt_model *m, char f)
{
	int n = param(m, 0, 1), mode = param(m, 0, 0);

	m->pending = false;
	switch (f) {
	case 'A': m->cy = m->cy - n < 0 ? 0 : m->cy - n; break;
	case 'B': m->cy = m->cy + n >= m->rows ? m->rows - 1 : m->cy + n; break;
	case 'C': m->cx = m->cx + n >= m->cols ? m->cols - 1 : m->cx + n; break;
	case 'D': m->cx = m->cx - n < 0 ? 0 : m->cx - n; break;
	case 'H':
		m->cy = param(m, 0, 1) - 1;
		m->cx = param(m, 1, 1) - 1;
		if (m->cy >= m->rows)
			m->cy = m->rows - 1;
		if (m->cx >= m->cols)
			m->cx = m->cols - 1;
		break;
	case 'K':
		if (mode == 0)
			clear_cells(m, m->cy, m->cx, VT_MAX_COLS);
		else if (mode == 1)
			clear_cells(m, m->cy, 0, m->cx + 1);
		else if (mode == 2)
			clear_cells(m, m->cy, 0, VT_MAX_COLS);
		else
			error(m, "EL mode");
		break;
	case 'J':
		if (mode == 0) {
			clear_cells(m, m->cy, m->cx, VT_MAX_COLS);
			for (int y = m->cy + 1; y < m->rows; y++)
				clear_cells(m, y, 0, VT_MAX_COLS);
		} else if (mode == 2) {
			for (int y = 0; y < m->rows; y++)
				clear_cells(m, y, 0, VT_MAX_COLS);
		} else {
			error(m, "ED mode");
		}
		break;
	default: {
		char e[64];

		snprintf(e, sizeof(e), "unexpected CSI %s%c", m->seq, f);
		error(m, e);
	}
	}
}

static void byte(struct vt_model *m, unsigned char b)
{
	if (m->state == 1) {
		if (b == '[') {
			m->state = 2;
			m->seq_len = 0;
			m->seq[0] = 0;
		} else {
			error(m, "unexpected ESC sequence");
			m->state = 0;
		}
		return;
	}
	if (m->state == 2) {
		if ((b >= '0' && b <= '9') || b == ';') {
			if (m->seq_len < (int)sizeof(m->seq) - 1) {
				m->seq[m->seq_len++] = (char)b;
				m->seq[m->seq_len] = 0;
			}
		} else {
			m->state = 0;
			csi(m, (char)b);
		}
		return;
	}
	if (m->u8_need) {
		if ((b & 0xC0) != 0x80) {
			error(m, "bad UTF-8");
			m->u8_need = 0;
			return;
		}
		m->u8_cp = (m->u8_cp << 6) | (b & 0x3F);
		if (--m->u8_need == 0)
			print(m, m->u8_cp);
		return;
	}
	switch (b) {
	case 0x1B: m->state = 1; return;
	case '\r': m->cx = 0; m->pending = false; return;
	case '\n': m->pending = false; linefeed(m); return;
	case '\b': if (m->cx > 0) m->cx--; m->pending = false; return;
	case '\a': return;
	default: break;
	}
	if (b < 0x20 || b == 0x7F) {
		error(m, "unexpected control byte");
	} else if (b < 0x80) {
		print(m, b);
	} else if (b >= 0xC2 && b <= 0xDF) {
		m->u8_need = 1, m->u8_cp = b & 0x1F;
	} else if (b >= 0xE0 && b <= 0xEF) {
		m->u8_need = 2, m->u8_cp = b & 0x0F;
	} else if (b >= 0xF0 && b <= 0xF4) {
		m->u8_need = 3, m->u8_cp = b & 0x07;
	} else {
		error(m, "bad UTF-8 lead");
	}
}

void vt_feed(struct vt_model *m, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		byte(m, (unsigned char)s[i]);
		m->bytes++;
	}
}

void vt_row(const struct vt_model *m, int row, char *out, size_t size)
{
	size_t len = 0, keep = 0;

	for (int x = 0; x < m->cols; x++) {
		uint32_t c = m->cell[row][x];
		char u[4];
		size_t n;

		if (c == WIDE_CONT)
			continue;
		n = c ? term_utf8_encode(c, u) : 1;
		if (!c)
			u[0] = ' ';
		if (len + n + 1 > size)
			break;
		memcpy(out + len, u, n);
		len += n;
		if (c && c != ' ')
			keep = len;
	}
	out[keep] = 0;
}

void vt_resize(struct vt_model *m, int cols, int rows)
{
	for (int y = 0; y < VT_MAX_ROWS; y++)
		if (cols < VT_MAX_COLS)
			clear_cells(m, y, cols, VT_MAX_COLS);
	m->cols = cols;
	m->rows = rows;
	if (m->cx >= cols)
		m->cx = cols - 1;
	if (m->cy >= rows)
		m->cy = rows - 1;
	m->pending = false;
}

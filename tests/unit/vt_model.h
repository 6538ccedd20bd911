/*
 * A tiny test-only terminal screen model: just the sequences the line editor emits (printable
 * UTF-8 with xterm's autowrap and pending-wrap rules, wide characters, CR, LF, BS, BEL, CUU,
 * CUD, CUF, CUB, CUP, EL, ED), scrolling at the bottom, and a resize that truncates rows
 * without reflowing (as xterm does). Anything else is recorded as an error, so tests also
 * prove the editor emits nothing unexpected.
 */
#ifndef KEEL_TESTS_VT_MODEL_H
#define KEEL_TESTS_VT_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VT_MAX_COLS 200
#define VT_MAX_ROWS 64

struct vt_model {
	int cols, rows;
	int cx, cy;
	bool pending; /* a character was written in the last column */
	uint32_t cell[VT_MAX_ROWS][VT_MAX_COLS];
	int state; /* 0 ground, 1 ESC, 2 CSI */
	char seq[32];
	int seq_len;
	uint32_t u8_cp;
	int u8_need;
	int errors;
	char error[160];
	unsigned long scrolls;
	size_t bytes; /* bytes fed */
};

void vt_init(struct vt_model *m, int cols, int rows);
void vt_feed(struct vt_model *m, const char *s, size_t n);
/* Row contents as UTF-8, trailing blanks removed. */
void vt_row(const struct vt_model *m, int row, char *out, size_t size);
void vt_resize(struct vt_model *m, int cols, int rows);

#endif /* KEEL_TESTS_VT_MODEL_H */

/*
 * Random terminal input for the differential tests: streams of tokens (text, UTF-8, controls and
 * the escape sequences Keel implements) drawn from selectable families.
 */
#ifndef TESTS_DIFF_TERM_DIFF_GEN_H
#define TESTS_DIFF_TERM_DIFF_GEN_H

#include <stddef.h>
#include <stdint.h>

enum {
	GEN_TEXT = 1 << 0,      /* ASCII text */
	GEN_UTF8 = 1 << 1,      /* Latin/Greek/CJK/Hangul/fullwidth and combining marks */
	GEN_CTRL = 1 << 2,      /* CR LF BS HT VT FF BEL */
	GEN_CURSOR = 1 << 3,    /* cursor movement */
	GEN_EDIT = 1 << 4,      /* erase, insert, delete, scroll */
	GEN_SGR = 1 << 5,
	GEN_MODES = 1 << 6,     /* IRM, LNM, DECAWM, DECOM, DECTCEM, alt screen */
	GEN_MARGINS = 1 << 7,   /* DECSTBM, IND/NEL/RI */
	GEN_MISC = 1 << 8,      /* save/restore, tabs, charsets, DECALN, resets, REP, OSC */
	GEN_ALL = (1 << 9) - 1,
};

#define GEN_MAX_TOKENS 256
#define GEN_TOKEN_MAX 64

struct gen_stream {
	int ntok;
	char tok[GEN_MAX_TOKENS][GEN_TOKEN_MAX];
	uint8_t len[GEN_MAX_TOKENS];
};

struct gen_rng {
	uint64_t s;
};

uint32_t gen_rand(struct gen_rng *r, uint32_t n);
void gen_stream(struct gen_rng *r, unsigned families, int ntok, struct gen_stream *g);
/* Concatenate the tokens (skipping token `skip`, -1 for none) into buf; returns the length. */
size_t gen_join(const struct gen_stream *g, int skip, char *buf, size_t cap);

#endif

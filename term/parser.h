/*
 * The DEC/ANSI escape sequence parser: a byte-at-a-time state machine (ground, escape,
 * escape-intermediate, CSI entry/param/intermediate/ignore, OSC string, DCS
 * entry/param/intermediate/passthrough/ignore, SOS/PM/APC string) with UTF-8 decoding in the
 * ground state. It never allocates: parameters, intermediates and strings live in bounded
 * buffers inside struct term_parser, and overlong input is truncated, never stuck. Results go to
 * callbacks shaped like libvterm's: runs of decoded text, C0/C1 controls, escape, CSI, OSC, DCS.
 * Printable text is handed over in runs (not per byte), which is the throughput hot path.
 */
#ifndef TERM_PARSER_H
#define TERM_PARSER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TERM_PARSER_MAX_ARGS 32
#define TERM_PARSER_MAX_INTER 4
#define TERM_PARSER_STR_MAX 512
#define TERM_PARSER_TEXT_MAX 256

/* A missing parameter (empty field); a present one is clamped to TERM_ARG_MAX. */
#define TERM_ARG_MISSING (-1)
#define TERM_ARG_MAX 65535

struct term_csi {
	char leader;                   /* '?', '>', '<', '=' or 0 */
	char final;
	uint8_t nargs;                 /* at least 1: "CSI m" has one missing argument */
	uint8_t ninter;
	char inter[TERM_PARSER_MAX_INTER];
	int32_t args[TERM_PARSER_MAX_ARGS];
	/* more[i]: argument i is followed by a ':' sub-parameter (args[i + 1]) */
	bool more[TERM_PARSER_MAX_ARGS];
};

struct term_parser_ops {
	/* A run of printable code points (already UTF-8 decoded, U+FFFD for bad input). */
	void (*text)(void *user, const uint32_t *cps, size_t n);
	/* A C0 control (0x00-0x1f except ESC/CAN/SUB handling) or C1 control (0x80-0x9f). */
	void (*control)(void *user, uint8_t c);
	/* ESC with up to TERM_PARSER_MAX_INTER intermediates and a final byte. */
	void (*escape)(void *user, const char *inter, size_t ninter, char final);
	void (*csi)(void *user, const struct term_csi *csi);
	/* A complete OSC string (truncated to TERM_PARSER_STR_MAX bytes). */
	void (*osc)(void *user, const char *s, size_t n);
	/* A complete DCS: its header (leader/args/inter/final) and data (truncated). */
	void (*dcs)(void *user, const struct term_csi *hdr, const char *s, size_t n);
};

struct term_parser {
	const struct term_parser_ops *ops;
	void *user;
	uint8_t state;
	bool str_esc;                  /* ESC seen inside a string: ST if '\' follows */
	bool overflow;                 /* too many args or intermediates: ignore the sequence */
	bool utf8;                     /* UTF-8 mode (default); else 8-bit with C1 controls */
	bool c1_utf8;                  /* U+0080-U+009F as UTF-8 act as C1 controls (default) */
	bool drop_utf8;                /* the UTF-8 character being decoded arrived inside a sequence */
	uint8_t utf8_need;             /* continuation bytes still expected */
	uint8_t utf8_len;              /* total length of the current sequence */
	uint32_t utf8_cp;
	struct term_csi csi;
	size_t slen;
	char str[TERM_PARSER_STR_MAX];
	size_t ntext;
	uint32_t text[TERM_PARSER_TEXT_MAX];
};

void term_parser_init(struct term_parser *p, const struct term_parser_ops *ops, void *user);
/* Back to the ground state, dropping any partial sequence. */
void term_parser_reset(struct term_parser *p);
void term_parser_feed(struct term_parser *p, const uint8_t *buf, size_t len);

/* Argument helpers in the style of libvterm's CSI_ARG_OR / CSI_ARG_COUNT. */
static inline int32_t term_csi_arg(const struct term_csi *c, unsigned i, int32_t dflt)
{
	if (i >= c->nargs || c->args[i] == TERM_ARG_MISSING)
		return dflt;
	return c->args[i];
}

static inline int32_t term_csi_count(const struct term_csi *c, unsigned i)
{
	int32_t v = term_csi_arg(c, i, 1);
	return v == 0 ? 1 : v;
}

#endif /* TERM_PARSER_H */

/*
 * Parser internals shared by parser.c (the byte-wise state machine) and parser_fast.c (the
 * ground-state hot paths): the state numbers and the text and control helpers both use.
 */
#ifndef TERM_PARSER_INTERNAL_H
#define TERM_PARSER_INTERNAL_H

#include "term/parser.h"

enum {
	PS_GROUND,
	PS_ESC,
	PS_ESC_INTER,
	PS_CSI_ENTRY,
	PS_CSI_PARAM,
	PS_CSI_INTER,
	PS_CSI_IGNORE,
	PS_OSC,
	PS_DCS_ENTRY,
	PS_DCS_PARAM,
	PS_DCS_INTER,
	PS_DCS_PASS,
	PS_DCS_IGNORE,
	PS_SOS,
};

#define REPLACEMENT 0xFFFDu

static inline void term_parser_flush_text(struct term_parser *p)
{
	if (p->ntext) {
		if (p->ops->text)
			p->ops->text(p->user, p->text, p->ntext);
		p->ntext = 0;
	}
}

static inline void term_parser_put_text(struct term_parser *p, uint32_t cp)
{
	if (p->ntext == TERM_PARSER_TEXT_MAX)
		term_parser_flush_text(p);
	p->text[p->ntext++] = cp;
}

static inline void term_parser_control(struct term_parser *p, uint8_t c)
{
	term_parser_flush_text(p);
	if (p->ops->control)
		p->ops->control(p->user, c);
}

/* One byte through the state machine (parser.c). */
void term_parser_step(struct term_parser *p, uint8_t b);

#endif /* TERM_PARSER_INTERNAL_H */

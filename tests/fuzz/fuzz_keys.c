/*
 * libFuzzer target for the key decoder: arbitrary bytes fed whole, byte by byte and in chunks
 * chosen by the input, with quiet-period timeouts at input-chosen points. Every event must be
 * well-formed (valid scalar values, known keys and modifiers), the three splits without
 * timeouts must give identical event streams, and after a final timeout nothing is pending.
 */
#include <keel/assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "term/keys.h"


struct sink {
	uint64_t hash;
	size_t count;
	int in_paste;
};

static void on_event(void *user, const struct term_key_event *ev)
{
	struct sink *s = user;
	uint64_t v = ((uint64_t)ev->type << 56) ^ ((uint64_t)ev->key << 40) ^ ((uint64_t)ev->mods << 32) ^
		     ev->cp ^ ((uint64_t)ev->row << 16) ^ ev->col;

	if (ev->mods & ~(TERM_MOD_SHIFT | TERM_MOD_ALT | TERM_MOD_CTRL))
		abort();
	switch (ev->type) {
	case TERM_KEV_CHAR:
	case TERM_KEV_PASTE:
		if (ev->cp > 0x10FFFF || (ev->cp >= 0xD800 && ev->cp <= 0xDFFF))
			abort();
		if ((ev->type == TERM_KEV_PASTE) != (s->in_paste != 0))
			abort();
		break;
	case TERM_KEV_KEY:
		if (ev->key == TERM_KEY_NONE || ev->key > TERM_KEY_F12 || s->in_paste)
			abort();
		break;
	case TERM_KEV_PASTE_BEGIN:
		if (s->in_paste)
			abort();
		s->in_paste = 1;
		break;
	case TERM_KEV_PASTE_END:
		if (!s->in_paste)
			abort();
		s->in_paste = 0;
		break;
	case TERM_KEV_CPR:
		if (ev->row == 0 || ev->col == 0 || s->in_paste)
			abort();
		break;
	default:
		abort();
	}
	s->hash = (s->hash ^ v) * 0x100000001b3ULL;
	s->count++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct term_keys k;
	struct sink a = { 0 }, b = { 0 }, c = { 0 }, d = { 0 };

	term_keys_init(&k, on_event, &a);
	term_keys_feed(&k, data, size);

	term_keys_init(&k, on_event, &b);
	for (size_t i = 0; i < size; i++)
		term_keys_feed(&k, data + i, 1);

	term_keys_init(&k, on_event, &c);
	for (size_t i = 0; i < size;) {
		size_t n = 1 + (data[i] % 7);

		if (n > size - i)
			n = size - i;
		term_keys_feed(&k, data + i, n);
		i += n;
	}
	if (a.hash != b.hash || a.count != b.count || a.hash != c.hash || a.count != c.count)
		abort();

	/* timeouts wherever a byte's low bits say so */
	term_keys_init(&k, on_event, &d);
	for (size_t i = 0; i < size; i++) {
		term_keys_feed(&k, data + i, 1);
		if ((data[i] & 0x0F) == 0x0F && term_keys_pending(&k))
			term_keys_timeout(&k);
	}
	term_keys_timeout(&k);
	if (term_keys_pending(&k) || d.in_paste)
		abort();
	return 0;
}

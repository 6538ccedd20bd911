/*
 * libFuzzer target for the PS/2 scancode decoder: any byte sequence, in set 1 and set 2, must
 * give only well-formed key events (a known type, a key in range, a valid code point) and leave
 * the decoder in a consistent state; the first input byte picks the set.
 */
#include <stdint.h>
#include <stdlib.h>

#include "drivers/ps2kbd_decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ps2kbd_dec d;
	struct term_key_event ev;

	if (size == 0)
		return 0;
	ps2kbd_dec_init(&d, (data[0] & 1) ? 2 : 1);
	for (size_t i = 1; i < size; i++) {
		if (!ps2kbd_dec_byte(&d, data[i], &ev))
			continue;
		if (ev.type != TERM_KEV_CHAR && ev.type != TERM_KEV_KEY)
			abort();
		if (ev.type == TERM_KEV_KEY && (ev.key == TERM_KEY_NONE || ev.key > TERM_KEY_F12))
			abort();
		if (ev.type == TERM_KEV_CHAR && (ev.cp == 0 || ev.cp > 0x10FFFF))
			abort();
		if (ev.mods & ~(TERM_MOD_SHIFT | TERM_MOD_ALT | TERM_MOD_CTRL))
			abort();
	}
	if (d.set != 1 && d.set != 2)
		abort();
	return 0;
}

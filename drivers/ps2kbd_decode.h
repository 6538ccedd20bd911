/*
 * PS/2 keyboard scancode decoder: the bytes a PS/2 keyboard sends (scancode set 1, as the
 * controller's translation delivers it, or raw set 2) turned into key events for the console
 * (term/keys.h), with a US layout, Shift/Ctrl/Alt (both sides), Caps Lock and Num Lock,
 * cursor keys, Home/End/PgUp/PgDn/Insert/Delete, F1-F12 and the keypad. Key repeat is the
 * keyboard's own (typematic): each repeated make code gives another event. Plain C with no
 * kernel dependencies, so the tables are tested on the host.
 */
#ifndef KEEL_PS2KBD_DECODE_H
#define KEEL_PS2KBD_DECODE_H

#include <stdbool.h>
#include <stdint.h>

#include "term/keys.h"

#define PS2KBD_LED_SCROLL 1u
#define PS2KBD_LED_NUM 2u
#define PS2KBD_LED_CAPS 4u

struct ps2kbd_dec {
	uint8_t set;          /* 1 or 2 */
	bool e0, release;     /* prefixes seen */
	uint8_t skip;         /* bytes of a Pause sequence still to drop */
	bool caps, num;
	bool leds_changed;    /* set when a lock key changed the LEDs; the driver clears it */
	uint8_t down[32];     /* keys held, by keycode (set-1 code, 0x80 bit = E0 prefix) */
};

void ps2kbd_dec_init(struct ps2kbd_dec *d, unsigned set);
/* Feed one byte; true (and *ev filled) when it completes a key press that produces an event. */
bool ps2kbd_dec_byte(struct ps2kbd_dec *d, uint8_t byte, struct term_key_event *ev);
/* Current modifier flags (TERM_MOD_*). */
uint8_t ps2kbd_dec_mods(const struct ps2kbd_dec *d);
/* LED bits (PS2KBD_LED_*) for the lock states. */
uint8_t ps2kbd_dec_leds(const struct ps2kbd_dec *d);

#endif /* KEEL_PS2KBD_DECODE_H */

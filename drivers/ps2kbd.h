/*
 * PS/2 keyboard driver: probes the 8042 controller and the keyboard on its first port (their
 * absence is normal: the driver logs it and stays out of the way), then takes IRQ 1 through a
 * deferred IRQ task: the top half reads scancode bytes from port 0x60 and posts them, the
 * bottom half decodes them (drivers/ps2kbd_decode.c) and hands key events to one consumer
 * (the display console). Caps/Num Lock LEDs follow the lock state.
 */
#ifndef KEEL_DRIVERS_PS2KBD_H
#define KEEL_DRIVERS_PS2KBD_H

#include <stdbool.h>
#include <stdint.h>

#include "term/keys.h"

/* Context: the keyboard's bottom-half task. */
typedef void (*ps2kbd_consumer_fn)(const struct term_key_event *ev, void *ctx);

/* True when a keyboard was found and its interrupt is live. */
bool ps2kbd_present(void);
/* Where key events go (NULL: dropped). */
void ps2kbd_set_consumer(ps2kbd_consumer_fn fn, void *ctx);

#endif /* KEEL_DRIVERS_PS2KBD_H */

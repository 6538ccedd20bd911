/*
 * PS/2 scancode decoder: set 1 and set 2 give the same events for the same keystrokes; US
 * layout with Shift and Caps Lock; Ctrl/Alt as flags; extended keys; keypad with and without
 * Num Lock; typematic repeats; Pause and controller replies ignored; random bytes never crash.
 */
#include <stdlib.h>

#include "check.h"
#include "drivers/ps2kbd_decode.h"

static struct term_key_event evs[64];
static int nev;

static void feed(struct ps2kbd_dec *d, const uint8_t *b, size_t n)
{
	nev = 0;
	for (size_t i = 0; i < n; i++)
		if (ps2kbd_dec_byte(d, b[i], &evs[nev]) && nev < 63)
			nev++;
}

#define FEED(d, ...) do { const uint8_t b_[] = { __VA_ARGS__ }; feed(d, b_, sizeof(b_)); } while (0)

static bool is_char(int i, uint32_t cp, uint8_t mods)
{
	return i < nev && evs[i].type == TERM_KEV_CHAR && evs[i].cp == cp && evs[i].mods == mods;
}

static bool is_key(int i, enum term_key k, uint8_t mods)
{
	return i < nev && evs[i].type == TERM_KEV_KEY && evs[i].key == k && evs[i].mods == mods;
}

TEST(set1_letters_shift_caps)
{
	struct ps2kbd_dec d;

	ps2kbd_dec_init(&d, 1);
	FEED(&d, 0x23, 0xa3, 0x17, 0x97);                     /* h i */
	CHECK_EQ_INT(nev, 2);
	CHECK(is_char(0, 'h', 0) && is_char(1, 'i', 0));
	FEED(&d, 0x2a, 0x23, 0xa3, 0x02, 0x82, 0xaa, 0x02);   /* Shift+h Shift+1, 1 */
	CHECK(is_char(0, 'H', 0) && is_char(1, '!', 0) && is_char(2, '1', 0));
	FEED(&d, 0x3a, 0xba, 0x1e, 0x02, 0x36, 0x1e, 0xb6);   /* Caps: A 1, Shift+a -> a */
	CHECK(is_char(0, 'A', 0) && is_char(1, '1', 0) && is_char(2, 'a', 0));
	CHECK_EQ_INT(ps2kbd_dec_leds(&d), PS2KBD_LED_CAPS);
	CHECK(d.leds_changed);
	FEED(&d, 0x3a, 0x3a, 0x3a, 0xba);                     /* held Caps repeats: one toggle */
	CHECK_EQ_INT(ps2kbd_dec_leds(&d), 0);
}

TEST(set1_modifiers_and_extended)
{
	struct ps2kbd_dec d;

	ps2kbd_dec_init(&d, 1);
	FEED(&d, 0x1d, 0x2e, 0xae, 0x9d);                     /* Ctrl-C */
	CHECK(is_char(0, 'c', TERM_MOD_CTRL));
	FEED(&d, 0xe0, 0x1d, 0x20, 0xe0, 0x9d, 0x20);         /* RCtrl-D, then d */
	CHECK(is_char(0, 'd', TERM_MOD_CTRL) && is_char(1, 'd', 0));
	FEED(&d, 0x38, 0x30, 0xb8, 0xe0, 0x38, 0x30, 0xe0, 0xb8); /* Alt-b, AltGr-b */
	CHECK(is_char(0, 'b', TERM_MOD_ALT) && is_char(1, 'b', TERM_MOD_ALT));
	FEED(&d, 0xe0, 0x48, 0xe0, 0x50, 0xe0, 0x4b, 0xe0, 0x4d, 0xe0, 0x47, 0xe0, 0x4f, 0xe0, 0x49, 0xe0, 0x51,
	     0xe0, 0x53, 0xe0, 0x52, 0x1c, 0xe0, 0x1c, 0x0e, 0x0f, 0x01, 0x3b, 0x58);
	enum term_key want[] = { TERM_KEY_UP, TERM_KEY_DOWN, TERM_KEY_LEFT, TERM_KEY_RIGHT, TERM_KEY_HOME,
				 TERM_KEY_END, TERM_KEY_PGUP, TERM_KEY_PGDN, TERM_KEY_DELETE, TERM_KEY_INSERT,
				 TERM_KEY_ENTER, TERM_KEY_ENTER, TERM_KEY_BACKSPACE, TERM_KEY_TAB, TERM_KEY_ESCAPE,
				 TERM_KEY_F1, TERM_KEY_F12 };
	CHECK_EQ_INT(nev, 17);
	for (int i = 0; i < 17; i++)
		CHECK(is_key(i, want[i], 0));
	FEED(&d, 0x2a, 0xe0, 0x49, 0xe0, 0xc9, 0xe0, 0x51, 0xaa); /* Shift+PgUp/PgDn */
	CHECK(is_key(0, TERM_KEY_PGUP, TERM_MOD_SHIFT) && is_key(1, TERM_KEY_PGDN, TERM_MOD_SHIFT));
	FEED(&d, 0xe0, 0x2a, 0xe0, 0x37, 0xe0, 0xb7, 0xe0, 0xaa, 0x1e); /* PrtSc's fake shift */
	CHECK_EQ_INT(nev, 1);
	CHECK(is_char(0, 'a', 0));
	FEED(&d, 0xe1, 0x1d, 0x45, 0xe1, 0x9d, 0xc5, 0x1e);   /* Pause dropped whole */
	CHECK_EQ_INT(nev, 1);
	CHECK(is_char(0, 'a', 0));
	FEED(&d, 0xfa, 0xfe, 0x00, 0xff, 0x1e);               /* controller replies ignored */
	CHECK_EQ_INT(nev, 1);
}

TEST(repeat_and_keypad)
{
	struct ps2kbd_dec d;

	ps2kbd_dec_init(&d, 1);
	FEED(&d, 0x1e, 0x1e, 0x1e, 0x9e);                     /* typematic repeat */
	CHECK_EQ_INT(nev, 3);
	FEED(&d, 0x47, 0xc7, 0x4e, 0x45, 0xc5, 0x47, 0x53, 0xe0, 0x35);
	CHECK(is_key(0, TERM_KEY_HOME, 0) && is_char(1, '+', 0) && is_char(2, '7', 0) && is_char(3, '.', 0) &&
	      is_char(4, '/', 0));
	CHECK_EQ_INT(ps2kbd_dec_leds(&d), PS2KBD_LED_NUM);
}

/* Set 2 sequences of the same keystrokes give the same events as set 1. */
TEST(set2_matches_set1)
{
	struct ps2kbd_dec d1, d2;
	const uint8_t s1[] = { 0x2a, 0x23, 0xaa, 0x17, 0x97, 0xe0, 0x48, 0xe0, 0xc8, 0x1d, 0x2e, 0x9d, 0x41,
			       0xe0, 0x53, 0x3a, 0x10, 0x1c, 0x44, 0x57, 0xe1, 0x1d, 0x45, 0xe1, 0x9d, 0xc5, 0x39 };
	const uint8_t s2[] = { 0x12, 0x33, 0xf0, 0x12, 0x43, 0xf0, 0x43, 0xe0, 0x75, 0xe0, 0xf0, 0x75, 0x14,
			       0x21, 0xf0, 0x14, 0x83, 0xe0, 0x71, 0x58, 0x15, 0x5a, 0x09, 0x78,
			       0xe1, 0x14, 0x77, 0xe1, 0xf0, 0x14, 0xf0, 0x77, 0x29 };
	struct term_key_event a[32];
	int na;

	ps2kbd_dec_init(&d1, 1);
	ps2kbd_dec_init(&d2, 2);
	feed(&d1, s1, sizeof(s1));
	na = nev;
	memcpy(a, evs, sizeof(a));
	feed(&d2, s2, sizeof(s2));
	CHECK_EQ_INT(na, 11);
	CHECK_EQ_INT(nev, na);
	for (int i = 0; i < na && i < nev; i++)
		CHECK(memcmp(&a[i], &evs[i], sizeof(a[i])) == 0);
	CHECK(is_char(0, 'H', 0) && is_char(1, 'i', 0) && is_key(2, TERM_KEY_UP, 0) &&
	      is_char(3, 'c', TERM_MOD_CTRL) && is_key(4, TERM_KEY_F1 + 6, 0) && is_key(5, TERM_KEY_DELETE, 0) &&
	      is_char(6, 'Q', 0) && is_key(7, TERM_KEY_ENTER, 0) && is_key(8, TERM_KEY_F1 + 9, 0) && is_key(9, TERM_KEY_F1 + 10, 0) && is_char(10, ' ', 0));
}

TEST(random_bytes)
{
	struct ps2kbd_dec d;
	struct term_key_event ev;
	uint64_t x = check_seed() | 1;

	for (unsigned set = 1; set <= 2; set++) {
		ps2kbd_dec_init(&d, set);
		for (int i = 0; i < 200000; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			if (ps2kbd_dec_byte(&d, (uint8_t)x, &ev))
				CHECK(ev.type == TERM_KEV_CHAR || ev.type == TERM_KEV_KEY);
		}
		CHECK(d.skip <= 7);
	}
}

CHECK_MAIN("ps2kbd")

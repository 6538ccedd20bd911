/*
 * Internals of the key decoder shared between keys.c (the state machine) and keys_map.c
 * (the tables). Not part of the API.
 */
#ifndef KEEL_TERM_KEYS_PRIV_H
#define KEEL_TERM_KEYS_PRIV_H

#include "term/keys.h"

/* xterm modifier parameter (1 + shift 1, alt 2, ctrl 4, meta 8 as alt) to TERM_MOD_*. */
uint8_t term_keys_mods(uint32_t p);
/* Key of a CSI/SS3 final letter (A-D, H, F, E, P-S), or TERM_KEY_NONE. */
enum term_key term_keys_letter(uint8_t f);
/* Key of CSI n ~, or TERM_KEY_NONE. */
enum term_key term_keys_tilde(uint32_t n);

#endif /* KEEL_TERM_KEYS_PRIV_H */

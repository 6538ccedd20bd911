/*
 * The kernel log ring behind `dmesg`: every log line, numbered in order, kept in a fixed ring of
 * text (the oldest lines are overwritten; the reader learns how many it missed). Writers may be
 * in any context (an IRQ-safe spinlock, no allocation); readers copy a line out by sequence
 * number; consoles poll logring_next() and show new lines above their prompt.
 */
#ifndef KEEL_LOGRING_H
#define KEEL_LOGRING_H

#include <stddef.h>
#include <stdint.h>

#include <keel/log.h>

#define LOGRING_BYTES (64 * 1024)

/* Copy line `seq` into buf (NUL-terminated, clipped). Returns its length, or -ENOENT when it
 * has not been written yet, or -ERANGE when it was overwritten (then *first is the oldest kept). */
int logring_read(uint64_t seq, char *buf, size_t size, enum log_level *level, uint64_t *first);
/* The sequence number the next line will get. */
uint64_t logring_next(void);

#endif /* KEEL_LOGRING_H */

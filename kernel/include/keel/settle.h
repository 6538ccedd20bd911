/*
 * Deferred device work: the modules marked MODULE_INIT_DEFERRED (keel/module.h) - device probes
 * and volume mounting that the serial console does not need - run in the "settle" task right
 * after "boot complete", so the console answers sooner. Whatever shows devices or files (the
 * shell before each command, the in-kernel tests) waits here first, so nothing ever shows the
 * empty state of a device not yet probed or a volume not yet mounted.
 */
#ifndef KEEL_SETTLE_H
#define KEEL_SETTLE_H

#include <stdbool.h>
#include <stdint.h>

/* True once every deferred module has run. Context: any. */
bool devices_settled(void);
/* Block until devices_settled(), for at most `ms` milliseconds (0: no limit). Returns
 * devices_settled(). Context: task (might sleep). */
bool devices_settle_wait(uint64_t ms);

#endif /* KEEL_SETTLE_H */

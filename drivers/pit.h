/*
 * The 8253/8254 PIT's channel 0 as a tick source (drivers/pit.c). Presence is probed by
 * nano_core's time_pit_present() (keel/time.h).
 */
#ifndef KEEL_DRIVERS_PIT_H
#define KEEL_DRIVERS_PIT_H

/* Channel 0 in rate-generator mode at `hz` on IRQ 0, each interrupt a timer_tick(). */
int pit_timer_start(unsigned hz);

#endif /* KEEL_DRIVERS_PIT_H */

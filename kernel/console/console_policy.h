/*
 * Console policy from the kernel command line: which inputs may start a console, at what size.
 * keel.console=all (the default), none, or a comma-separated list of inputs, each optionally with
 * a known size (COLSxROWS), e.g. keel.console=com1:120x40,com2,hvc0,vga. Serial inputs are
 * com1-com4 and the PCI UARTs' ports pci0-pci7; the first serial input listed also gets the
 * kernel log; hvc0-hvc3 are virtio-console ports. A serial port not listed is a
 * plain data port: input there never starts a shell. "vga" stands for any display console (VGA
 * text or framebuffer). keel.console.autostart starts the listed serial consoles at boot without
 * waiting for a key. Plain C, host-tested.
 */
#ifndef KEEL_CONSOLE_POLICY_H
#define KEEL_CONSOLE_POLICY_H

#include <stdbool.h>

#define CONSOLE_POLICY_MAX 8

struct console_policy {
	bool all; /* every input may start a console */
	unsigned n;
	struct {
		char name[8];
		int rows, cols; /* 0, 0: ask the terminal */
	} ent[CONSOLE_POLICY_MAX];
};

/* Parse a keel.console= value into *p. 0, or -EINVAL with *p set to the default (all) and *why
 * naming the first bad item. */
int console_policy_parse(const char *val, struct console_policy *p, const char **why);

/* May input `name` ("com1", "pci0", "vga", ...) start a console? If so, its known size (0 x 0 if none). */
bool console_policy_allows(const struct console_policy *p, const char *name, int *rows, int *cols);

#endif /* KEEL_CONSOLE_POLICY_H */

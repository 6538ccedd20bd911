/*
 * Fault injection for the virtio drivers, in the test image only: keel.test.virtio_mute=NAME
 * (vda, hvc0, ...) makes that device's driver never notify it, so the device never answers and
 * every request must end in the driver's timeout with a message (tests/qemu/test_virtio.py).
 * Installed at BUS level, before the virtio drivers probe at DRIVER level.
 */
#include <keel/cmdline.h>
#include <keel/errno.h>
#include <keel/module.h>
#include <string.h>

#include "drivers/virtio.h"

static char mute_name[16];

static bool virtio_fault_muted(const char *name)
{
	return strcmp(name, mute_name) == 0;
}

static int virtio_fault_init(void)
{
	if (!cmdline_find(cmdline_get(), "keel.test.virtio_mute", mute_name, sizeof(mute_name)) || !mute_name[0])
		return -ENODEV;
	virtio_set_mute_hook(virtio_fault_muted);
	return 0;
}

MODULE_INIT(virtio_fault, BUS, virtio_fault_init);

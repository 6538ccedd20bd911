/*
 * The virtio driver table: which driver takes which device type. Static, like the module and
 * shell tables; a new driver adds one line here.
 */
#include <keel/compiler.h>

#include "drivers/virtio.h"

extern const struct virtio_driver virtio_blk_driver;
extern const struct virtio_driver virtio_console_driver;

const struct virtio_driver *const virtio_drivers[] = {
	&virtio_blk_driver,
	&virtio_console_driver,
};
const unsigned virtio_driver_count = ARRAY_SIZE(virtio_drivers);

/*
 * virtio-console control messages (drivers/virtio_console_ctrl.c): every event the device may
 * send decoded, resize sizes in the specification's order, short and unknown messages refused,
 * encoding round-trips, and every length / byte of a resize message tried.
 */
#include <keel/errno.h>

#include "check.h"
#include "drivers/virtio_console.h"

static void msg(uint8_t *b, uint32_t id, uint16_t ev, uint16_t val)
{
	vcon_ctrl_encode(id, ev, val, b);
}

TEST(encode_layout)
{
	uint8_t b[VCON_CTRL_BYTES];

	vcon_ctrl_encode(0x01020304u, VCON_PORT_OPEN, 0x0506, b);
	CHECK(b[0] == 4 && b[1] == 3 && b[2] == 2 && b[3] == 1);
	CHECK(b[4] == VCON_PORT_OPEN && b[5] == 0 && b[6] == 6 && b[7] == 5);
}

TEST(device_events)
{
	static const uint16_t evs[] = { VCON_PORT_ADD, VCON_PORT_REMOVE, VCON_CONSOLE_PORT, VCON_PORT_OPEN, VCON_PORT_NAME };
	uint8_t b[32];
	struct vcon_ctrl m;

	for (size_t i = 0; i < sizeof(evs) / sizeof(evs[0]); i++) {
		msg(b, 7, evs[i], 1);
		CHECK_EQ_INT(vcon_ctrl_parse(b, VCON_CTRL_BYTES, &m), 0);
		CHECK_EQ_INT(m.id, 7);
		CHECK_EQ_INT(m.event, evs[i]);
		CHECK_EQ_INT(m.value, 1);
	}
	msg(b, 0, VCON_PORT_NAME, 1);
	memcpy(b + 8, "org.qemu.console.0", 18);
	CHECK_EQ_INT(vcon_ctrl_parse(b, 26, &m), 0);
}

TEST(resize)
{
	uint8_t b[12];
	struct vcon_ctrl m;

	msg(b, 1, VCON_RESIZE, 0);
	b[8] = 132, b[9] = 0, b[10] = 43, b[11] = 0; /* cols 132, rows 43 */
	CHECK_EQ_INT(vcon_ctrl_parse(b, 12, &m), 0);
	CHECK_EQ_INT(m.cols, 132);
	CHECK_EQ_INT(m.rows, 43);
	for (uint32_t len = 0; len < 12; len++)
		CHECK_EQ_INT(vcon_ctrl_parse(b, len, &m), -EINVAL);
	b[8] = 0;
	CHECK_EQ_INT(vcon_ctrl_parse(b, 12, &m), -EINVAL); /* zero columns */
	b[8] = 80, b[10] = 0;
	CHECK_EQ_INT(vcon_ctrl_parse(b, 12, &m), -EINVAL); /* zero rows */
}

TEST(refused)
{
	uint8_t b[VCON_CTRL_BYTES];
	struct vcon_ctrl m;

	CHECK_EQ_INT(vcon_ctrl_parse(NULL, 8, &m), -EINVAL);
	msg(b, 0, VCON_DEVICE_READY, 1); /* driver-to-device events */
	CHECK_EQ_INT(vcon_ctrl_parse(b, 8, &m), -EINVAL);
	msg(b, 0, VCON_PORT_READY, 1);
	CHECK_EQ_INT(vcon_ctrl_parse(b, 8, &m), -EINVAL);
	for (unsigned ev = VCON_PORT_NAME + 1; ev < 0x10000; ev += 97) {
		msg(b, 0, (uint16_t)ev, 0);
		CHECK_EQ_INT(vcon_ctrl_parse(b, 8, &m), -EINVAL);
	}
	for (uint32_t len = 0; len < VCON_CTRL_BYTES; len++) {
		msg(b, 0, VCON_PORT_ADD, 0);
		CHECK_EQ_INT(vcon_ctrl_parse(b, len, &m), -EINVAL);
	}
}

CHECK_MAIN("virtio_console")

/*
 * virtio-console control messages (virtio 1.x section 5.3.6.2): the device's side is untrusted
 * input, so decoding checks the length for each event and refuses unknown events and empty
 * sizes. The resize payload is read in the specification's order (cols, then rows). Plain C.
 */
#include <keel/errno.h>

#include "drivers/virtio_console.h"

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

int vcon_ctrl_parse(const uint8_t *buf, uint32_t len, struct vcon_ctrl *out)
{
	if (!buf || len < VCON_CTRL_BYTES)
		return -EINVAL;
	out->id = (uint32_t)buf[0] | (uint32_t)buf[1] << 8 | (uint32_t)buf[2] << 16 | (uint32_t)buf[3] << 24;
	out->event = le16(buf + 4);
	out->value = le16(buf + 6);
	out->cols = out->rows = 0;
	switch (out->event) {
	case VCON_PORT_ADD:
	case VCON_PORT_REMOVE:
	case VCON_CONSOLE_PORT:
	case VCON_PORT_OPEN:
	case VCON_PORT_NAME: /* the name that follows is not used */
		return 0;
	case VCON_RESIZE:
		if (len < VCON_CTRL_BYTES + 4)
			return -EINVAL;
		out->cols = le16(buf + 8);
		out->rows = le16(buf + 10);
		return out->cols && out->rows ? 0 : -EINVAL;
	default: /* DEVICE_READY and PORT_READY go the other way */
		return -EINVAL;
	}
}

void vcon_ctrl_encode(uint32_t id, uint16_t event, uint16_t value, uint8_t out[VCON_CTRL_BYTES])
{
	for (int i = 0; i < 4; i++)
		out[i] = (uint8_t)(id >> (8 * i));
	out[4] = (uint8_t)event;
	out[5] = (uint8_t)(event >> 8);
	out[6] = (uint8_t)value;
	out[7] = (uint8_t)(value >> 8);
}

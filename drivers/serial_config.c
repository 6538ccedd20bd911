/*
 * Serial line settings from text, as given on the kernel command line (keel.serial=115200,8N1
 * for every port, keel.com2=9600,7E1 for one). Plain C, host-tested; the result is validated
 * with uart_config_check()'s rules (baud dividing 115200, 5-8 data bits, N/E/O, 1-2 stop bits);
 * ",rtscts" at the end turns on hardware flow control (115200,8N1,rtscts).
 */
#include <keel/errno.h>
#include <string.h>

#include "drivers/serial.h"

int serial_parse_config(const char *s, struct uart_config *cfg)
{
	struct uart_config c = *cfg;
	uint32_t baud = 0;
	int digits = 0;

	while (*s >= '0' && *s <= '9' && digits < 8) {
		baud = baud * 10 + (uint32_t)(*s++ - '0');
		digits++;
	}
	if (digits == 0 || (*s >= '0' && *s <= '9'))
		return -EINVAL;
	c.baud = baud;
	if (*s == ',') {
		s++;
		if (s[0] < '5' || s[0] > '8')
			return -EINVAL;
		c.data_bits = (uint8_t)(s[0] - '0');
		if (s[1] != 'N' && s[1] != 'E' && s[1] != 'O' && s[1] != 'n' && s[1] != 'e' && s[1] != 'o')
			return -EINVAL;
		c.parity = (char)(s[1] & ~0x20);
		if (s[2] != '1' && s[2] != '2')
			return -EINVAL;
		c.stop_bits = (uint8_t)(s[2] - '0');
		s += 3;
	}
	if (strcmp(s, ",rtscts") == 0) {
		c.rtscts = true;
		s += 7;
	}
	if (*s != '\0')
		return -EINVAL;
	if (c.baud == 0 || c.baud > 115200 || 115200 % c.baud != 0)
		return -EINVAL;
	*cfg = c;
	return 0;
}

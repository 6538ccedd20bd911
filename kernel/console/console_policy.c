/*
 * keel.console= parsing (console_policy.h). Items are checked whole: a name Keel knows (com1-com4,
 * hvc0-hvc3 for virtio-console ports, pci0-pci7 for PCI UARTs, vga), an optional ":COLSxROWS"
 * within the terminal's limits; anything else rejects the value so a typo never silently turns
 * every port into a data port.
 */
#include <keel/errno.h>
#include <string.h>

#include "kernel/console/console_policy.h"

static const char *const console_inputs[] = { "com1", "com2", "com3", "com4", "pci0", "pci1", "pci2",
					       "pci3", "pci4", "pci5", "pci6", "pci7", "hvc0", "hvc1",
					       "hvc2", "hvc3", "vga" };

static bool known_input(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof(console_inputs) / sizeof(console_inputs[0]); i++)
		if (strlen(console_inputs[i]) == n && memcmp(console_inputs[i], s, n) == 0)
			return true;
	return false;
}

/* "120x40" -> cols 120, rows 40 (within 10..1000 x 4..500). */
static int parse_size(const char *s, size_t n, int *rows, int *cols)
{
	int v[2] = { 0, 0 }, k = 0;
	size_t digits = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == 'x' && k == 0 && digits) {
			k = 1;
			digits = 0;
		} else if (s[i] >= '0' && s[i] <= '9' && digits < 4) {
			v[k] = v[k] * 10 + (s[i] - '0');
			digits++;
		} else {
			return -EINVAL;
		}
	}
	if (k != 1 || !digits || v[0] < 10 || v[0] > 1000 || v[1] < 4 || v[1] > 500)
		return -EINVAL;
	*cols = v[0];
	*rows = v[1];
	return 0;
}

int console_policy_parse(const char *val, struct console_policy *p, const char **why)
{
	struct console_policy out = { .all = false, .n = 0 };
	const char *s = val;

	*why = NULL;
	if (strcmp(val, "all") == 0 || strcmp(val, "") == 0) {
		*p = (struct console_policy){ .all = true };
		return 0;
	}
	if (strcmp(val, "none") == 0) {
		*p = out;
		return 0;
	}
	while (*s) {
		const char *end = strchr(s, ','), *colon;
		size_t len = end ? (size_t)(end - s) : strlen(s), name_len;

		colon = memchr(s, ':', len);
		name_len = colon ? (size_t)(colon - s) : len;
		if (!known_input(s, name_len) || out.n == CONSOLE_POLICY_MAX)
			goto bad;
		memcpy(out.ent[out.n].name, s, name_len);
		out.ent[out.n].name[name_len] = '\0';
		out.ent[out.n].rows = out.ent[out.n].cols = 0;
		if (colon && parse_size(colon + 1, len - name_len - 1, &out.ent[out.n].rows, &out.ent[out.n].cols))
			goto bad;
		out.n++;
		s += len;
		if (*s == ',' && *++s == '\0')
			goto bad;
	}
	*p = out;
	return 0;
bad:
	*why = s;
	*p = (struct console_policy){ .all = true };
	return -EINVAL;
}

bool console_policy_allows(const struct console_policy *p, const char *name, int *rows, int *cols)
{
	*rows = *cols = 0;
	for (unsigned i = 0; i < p->n; i++) {
		if (strcmp(p->ent[i].name, name) == 0 || (strcmp(p->ent[i].name, "vga") == 0 && strcmp(name, "fb") == 0)) {
			*rows = p->ent[i].rows;
			*cols = p->ent[i].cols;
			return true;
		}
	}
	return p->all;
}

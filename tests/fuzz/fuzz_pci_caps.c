/*
 * libFuzzer target for the PCI capability walker and BAR decoding: the input is a function's
 * conventional configuration space (short inputs are padded with zeros, the status register's
 * list bit is forced on unless the first byte is even, so most inputs have a list), walked and
 * searched for every capability id; then its BAR registers decoded against sized values taken
 * from the input's tail. The walk must stay inside the space (ASan), terminate, visit each
 * offset once, and report at most PCI_CAPS_MAX capabilities.
 */
#include <stdlib.h>
#include <string.h>

#include "drivers/pci_parse.h"

struct fz_space {
	uint8_t b[PCI_CONFIG_SIZE];
	uint8_t seen[PCI_CONFIG_SIZE];
	unsigned calls;
};

static uint8_t fz_read8(void *ctx, uint16_t off)
{
	struct fz_space *s = ctx;

	if (off >= PCI_CONFIG_SIZE)
		abort();
	return s->b[off];
}

static void fz_cap(void *user, uint8_t id, uint8_t off)
{
	struct fz_space *s = user;

	(void)id;
	if (off < 0x40 || (off & 3) || s->seen[off]++ || ++s->calls > PCI_CAPS_MAX)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fz_space s;
	struct pci_caps_src src = { fz_read8, &s };
	int n;

	memset(&s, 0, sizeof(s));
	memcpy(s.b, data, size < PCI_CONFIG_SIZE ? size : PCI_CONFIG_SIZE);
	if (size && (data[0] & 1))
		s.b[PCI_STATUS] |= PCI_STATUS_CAP_LIST;
	n = pci_caps_walk(&src, fz_cap, &s);
	if (n > PCI_CAPS_MAX || (n >= 0 && (unsigned)n != s.calls))
		abort();
	for (unsigned id = 0; id < 256; id++) {
		uint8_t off = 0;

		for (unsigned k = 0; k <= PCI_CAPS_MAX; k++) {
			uint8_t next = pci_caps_find(&src, (uint8_t)id, off);

			if (!next)
				break;
			if (!s.seen[next] || s.b[next] != id)
				abort(); /* found something the walk did not visit */
			off = next;
			if (k == PCI_CAPS_MAX)
				abort(); /* iteration did not end */
		}
	}
	for (unsigned i = 0; i < PCI_BARS; i++) {
		const uint8_t *t = size >= PCI_CONFIG_SIZE + 8 * PCI_BARS ? data + PCI_CONFIG_SIZE + 8 * i : s.b + 0x10 + 4 * i;
		uint32_t orig, sized, hi = 0, sized_hi = 0;
		struct pci_bar b;
		const char *why;
		unsigned used;
		int r;

		memcpy(&orig, s.b + 0x10 + 4 * i, 4);
		memcpy(&sized, t, 4);
		if (i + 1 < PCI_BARS)
			memcpy(&hi, s.b + 0x14 + 4 * i, 4);
		if (size >= PCI_CONFIG_SIZE + 8 * PCI_BARS)
			memcpy(&sized_hi, t + 4, 4);
		r = pci_bar_decode(orig, sized, hi, sized_hi, i + 1 == PCI_BARS, &b, &used, &why);
		if ((r < 0) != (why != NULL) || (used != 1 && used != 2))
			abort();
		if (r == 0 && (!b.size || (b.size & (b.size - 1))))
			abort();
	}
	return 0;
}

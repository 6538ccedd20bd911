/*
 * libFuzzer target for the virtio parsers of untrusted bytes. The virtio_mmio.device= command-line
 * parser: arbitrary bytes as a
 * command line (NUL-terminated copy). Stored windows must be well formed (at least the register
 * size, no wrap, 4-byte aligned, pairwise disjoint), never more than asked, and every reported
 * word must lie inside the line. The same bytes then go through the DSDT scan for LNRO0005
 * devices, which must stay inside them and store only well-formed windows, and through the
 * virtio-console control-message decoder at every length (a decoded resize has a size).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/virtio_console.h"
#include "drivers/virtio_mmio.h"

static const char *fz_line;
static size_t fz_len;

static void fz_bad(void *ctx, const char *word, size_t len, const char *why)
{
	(void)ctx;
	if (!why || word < fz_line || word + len > fz_line + fz_len)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct virtio_mmio_loc l[4];
	char *line = malloc(size + 1);
	unsigned n;

	memcpy(line, data, size);
	line[size] = 0;
	fz_line = line;
	fz_len = strlen(line);
	n = virtio_mmio_parse_cmdline(line, l, 4, fz_bad, NULL);
	if (n > 4)
		abort();
	for (unsigned i = 0; i < n; i++) {
		if (l[i].size < VIRTIO_MMIO_MIN_SIZE || l[i].base + l[i].size < l[i].base || (l[i].base & 3))
			abort();
		for (unsigned k = 0; k < i; k++)
			if (l[i].base < l[k].base + l[k].size && l[k].base < l[i].base + l[i].size)
				abort();
	}
	/* the same bytes as AML: the LNRO0005 scan stays inside them */
	n = virtio_mmio_scan_aml(data, size, l, 4);
	if (n > 4)
		abort();
	for (unsigned i = 0; i < n; i++)
		if (l[i].size < VIRTIO_MMIO_MIN_SIZE || (l[i].base & 3))
			abort();
	for (uint32_t len = 0; len <= size && len <= 64; len++) {
		struct vcon_ctrl m;

		if (vcon_ctrl_parse(data, len, &m) == 0 && m.event == VCON_RESIZE && (!m.cols || !m.rows || len < 12))
			abort();
	}
	free(line);
	return 0;
}

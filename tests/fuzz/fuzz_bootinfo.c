/*
 * libFuzzer target for the boot-information parsers and the command line: arbitrary bytes as a
 * Multiboot2 block, as a Multiboot1 and a PVH (hvm_start_info) physical memory image, and as a
 * command line. The parsers
 * must never read outside what they were given (ASan) or misbehave (UBSan), and their output
 * must stay within its bounds.
 */
#include <keel/assert.h>
#include <keel/bootinfo.h>
#include <keel/cmdline.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "phys_image.h"


static void check_out(const struct boot_info *bi)
{
	if (bi->mmap_count > BOOT_MMAP_MAX || bi->module_count > BOOT_MODULES_MAX || bi->rsdp_len > 36)
		abort();
	if (strnlen(bi->cmdline, BOOT_CMDLINE_MAX) >= BOOT_CMDLINE_MAX)
		abort();
	for (unsigned i = 0; i < bi->module_count; i++)
		if (bi->modules[i].end < bi->modules[i].start)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct boot_info bi;
	uint8_t *copy = malloc(size + 8);
	struct phys_image mem = { .data = data, .size = size };
	char *line, val[16];

	/* Multiboot2 needs 8-byte alignment: malloc gives it. */
	memcpy(copy, data, size);
	if (bootinfo_parse_mb2(copy, size, 0, &bi, NULL, NULL) == 0)
		check_out(&bi);
	if (size >= 4 && bootinfo_parse_mb1(data[0] % 64, phys_image_map, &bi, NULL, &mem) == 0)
		check_out(&bi);
	/* PVH: the start info at a small offset, its magic planted so the parser goes past it. */
	if (size >= 64) {
		uint64_t at = data[0] % 8;

		memcpy(copy, data, size);
		memcpy(copy + at, "\x78\xc5\x6e\x33", 4);
		mem.data = copy;
		if (bootinfo_parse_pvh(at, phys_image_map, &bi, NULL, &mem) == 0)
			check_out(&bi);
		mem.data = data;
	}
	line = (char *)copy;
	memcpy(line, data, size);
	line[size] = '\0';
	cmdline_find(line, "keel.test", val, sizeof(val));
	cmdline_find(line, "a", NULL, 0);
	free(copy);
	return 0;
}

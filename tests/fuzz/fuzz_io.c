/*
 * libFuzzer target for the io/ layer: the input picks a wrapper stack (kind, access mode,
 * block size, device size) and then drives a sequence of random reads, writes, seeks, flushes
 * and injected faults through it, checked step by step against the memory model of
 * tests/unit/io_model.c. Any mismatch, sanitizer report or assertion is a finding.
 */
#include <stdio.h>
#include <stdlib.h>

#include "io_model.h"

static const uint32_t fuzz_block_sizes[] = { 1, 2, 3, 7, 512, 520, 4096 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tio_stack s;
	struct tio_rng r;

	if (size < 4)
		return 0;
	int kind = data[0] % TIO_KIND_COUNT;
	int mode = data[1] % TIO_MODE_COUNT;
	uint32_t bs = fuzz_block_sizes[data[2] % ARRAY_SIZE(fuzz_block_sizes)];
	uint64_t nblocks = data[3] % (bs >= 512 ? 9 : 64);

	tio_rng_data(&r, data + 4, size - 4);
	if (!tio_stack_init(&s, kind, mode, bs, nblocks, (size_t)(data[3] >> 6) % bs, &r)) {
		fprintf(stderr, "fuzz_io: %s\n", s.msg);
		abort();
	}
	for (int i = 0; i < 256 && !tio_rng_done(&r); i++) {
		if (!tio_stack_step(&s, &r)) {
			fprintf(stderr, "fuzz_io: %s\n", s.msg);
			abort();
		}
	}
	tio_stack_fini(&s);
	if (kind != TIO_MEM_BYTE && s.alloc.outstanding != 0) {
		fprintf(stderr, "fuzz_io: scratch leaked\n");
		abort();
	}
	return 0;
}

/*
 * Randomized model check of the io/ layer: thousands of random reads, writes, seeks and flushes
 * through every wrapper stack (io_model.h), for block sizes 1, 3, 512, 520 and 4096, devices
 * from empty to a few dozen KiB, with random fault injection; and a systematic pass that fails
 * every call position of a transfer in turn and checks the error comes back each time.
 * CHECK_SEED=<n> reproduces a run.
 */
#include "check.h"

#include <stdlib.h>

#include "io_model.h"

static const uint32_t block_sizes[] = { 1, 3, 512, 520, 4096 };

/* Device sizes in blocks: empty, tiny, and a random size up to about 40 KiB. */
static uint64_t pick_nblocks(struct tio_rng *r, uint32_t bs, int i)
{
	static const uint64_t tiny[] = { 0, 1, 2, 3 };

	if (i < 4)
		return tiny[i];
	return 1 + tio_rng_below(r, 40000 / bs + 8);
}

static bool run_stack(int kind, int mode, uint32_t bs, uint64_t nblocks, struct tio_rng *r,
		      int steps, uint64_t *faults)
{
	struct tio_stack *s = malloc(sizeof(*s));
	bool ok;

	ok = s && tio_stack_init(s, kind, mode, bs, nblocks, (size_t)tio_rng_below(r, bs), r);
	for (int i = 0; ok && i < steps; i++)
		ok = tio_stack_step(s, r);
	if (!ok)
		check_fail(__FILE__, __LINE__, "%s", s ? s->msg : "out of memory");
	if (s) {
		*faults += s->faults_fired;
		tio_stack_fini(s);
		if (s->kind != TIO_MEM_BYTE && s->alloc.outstanding != 0)
			check_fail(__FILE__, __LINE__, "scratch leaked");
	}
	free(s);
	return ok;
}

/* Every kind x mode x block size x a few device sizes, a few hundred operations each. */
TEST(random_all_stacks)
{
	struct tio_rng r;
	uint64_t faults = 0, runs = 0;

	tio_rng_seed(&r, check_seed());
	for (int kind = 0; kind < TIO_KIND_COUNT; kind++)
		for (int mode = 0; mode < TIO_MODE_COUNT; mode++)
			for (size_t b = 0; b < ARRAY_SIZE(block_sizes); b++)
				for (int i = 0; i < 6; i++) {
					uint32_t bs = block_sizes[b];

					runs++;
					if (!run_stack(kind, mode, bs, pick_nblocks(&r, bs, i), &r,
						       120, &faults))
						return;
				}
	/* the fault injection really happened, often */
	CHECK(faults > runs);
}

/* A few long runs on odd configurations. */
TEST(random_long_runs)
{
	struct tio_rng r;
	uint64_t faults = 0;

	tio_rng_seed(&r, check_seed() ^ 0x1234);
	for (int i = 0; i < 12; i++) {
		int kind = (int)tio_rng_below(&r, TIO_KIND_COUNT);
		int mode = (int)tio_rng_below(&r, TIO_MODE_COUNT);
		uint32_t bs = block_sizes[tio_rng_below(&r, ARRAY_SIZE(block_sizes))];

		if (!run_stack(kind, mode, bs, 1 + tio_rng_below(&r, 20000 / bs + 4), &r, 3000,
			       &faults))
			return;
	}
}

/*
 * Fail each call position of one transfer in turn: the transfer must return the injected error,
 * a failed write may only have changed a prefix, and the transfer must stop at the failure.
 */
static void fault_every_position(int kind, int mode, uint32_t bs, bool write, uint64_t off,
				 size_t len)
{
	struct tio_rng r;
	struct tio_stack *s = malloc(sizeof(*s));
	uint64_t calls;
	uint8_t *buf = malloc(len + 1);

	if (!s || !buf)
		goto out;
	tio_rng_seed(&r, check_seed() + off);
	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)(i * 13 + 1);
	/* count the calls of a clean run */
	if (!tio_stack_init(s, kind, mode, bs, 16, 0, &r))
		goto out_stack;
	if (mode != TIO_BYTES)
		CHECK_EQ_INT(io_stream_seek(s->stream, (int64_t)off, IO_SEEK_SET), (int64_t)off);
	int64_t clean = write ? (mode == TIO_BYTES ? io_byte_write(s->top, off, buf, len) :
				 io_stream_write(s->stream, buf, len)) :
				(mode == TIO_BYTES ? io_byte_read(s->top, off, buf, len) :
				 io_stream_read(s->stream, buf, len));
	calls = *s->calls;
	CHECK_EQ_INT(clean, (int64_t)len);
	CHECK(calls >= 1);
	tio_stack_fini(s);

	for (uint64_t k = 0; k < calls; k++) {
		for (int partial = 0; partial < 2; partial++) {
			uint8_t *model;

			if (!tio_stack_init(s, kind, mode, bs, 16, 0, &r))
				goto out_stack;
			if (mode != TIO_BYTES)
				io_stream_seek(s->stream, (int64_t)off, IO_SEEK_SET);
			model = s->model;
			*s->fail_at = (int64_t)k;
			*s->partial = partial;
			*s->err = -ETIMEDOUT;
			int64_t got = write ? (mode == TIO_BYTES ? io_byte_write(s->top, off, buf, len) :
					       io_stream_write(s->stream, buf, len)) :
					      (mode == TIO_BYTES ? io_byte_read(s->top, off, buf, len) :
					       io_stream_read(s->stream, buf, len));
			CHECK_EQ_INT(got, -ETIMEDOUT);
			CHECK(*s->fired);
			CHECK_EQ_U64(*s->calls, k + 1);  /* nothing after the failure */
			if (mode != TIO_BYTES)
				CHECK_EQ_INT(io_stream_tell(s->stream), (int64_t)off);
			/* only a prefix of the range changed */
			uint64_t p = off;
			while (p < off + len && s->mem[p] == buf[p - off])
				p++;
			for (uint64_t i = 0; i < s->size; i++)
				if ((i < off || i >= p) && s->mem[i] != model[i]) {
					check_fail(__FILE__, __LINE__, "k %llu: byte %llu changed",
						   (unsigned long long)k, (unsigned long long)i);
					break;
				}
			if (!write)
				CHECK(memcmp(s->mem, model, s->size) == 0);
			tio_stack_fini(s);
		}
	}
	goto out;
out_stack:
	check_fail(__FILE__, __LINE__, "%s", s->msg);
	tio_stack_fini(s);
out:
	free(buf);
	free(s);
}

TEST(fault_every_call_position)
{
	static const struct { uint64_t off; size_t len; } ranges[] = {
		{ 1500, 2450 },  /* head, middle, tail */
		{ 0, 4096 },     /* one aligned run */
		{ 10, 20 },      /* one partial block */
		{ 500, 30 },     /* head and tail */
		{ 3, 512 * 3 },
	};

	for (int kind = 0; kind < TIO_KIND_COUNT; kind++) {
		if (kind == TIO_VIEW_RO)
			continue;
		for (size_t i = 0; i < ARRAY_SIZE(ranges); i++)
			for (int w = 0; w < 2; w++) {
				fault_every_position(kind, TIO_BYTES, 512, w, ranges[i].off,
						     ranges[i].len);
				fault_every_position(kind, TIO_STREAM_LOCKED, 512, w, ranges[i].off,
						     ranges[i].len);
				fault_every_position(kind, TIO_STREAM_RW, 520, w, ranges[i].off,
						     ranges[i].len);
			}
	}
}

CHECK_MAIN("io_model")

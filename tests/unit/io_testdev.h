/*
 * Test devices for the io/ layer, shared by the unit tests, the fuzz target and the benchmark:
 * faulty block and byte devices (wrap a device, count its calls, fail the N-th call, optionally
 * after writing a prefix, check a lock is held, hide the block count), a counting lock fake and
 * a malloc-backed io_alloc that counts what is outstanding.
 */
#ifndef KEEL_TESTS_IO_TESTDEV_H
#define KEEL_TESTS_IO_TESTDEV_H

#include <stdbool.h>
#include <stdint.h>

#include <io/io.h>
#include <io/lockable.h>

struct tio_fault_block {
	struct io_block_dev dev;   /* exported */
	struct io_block_dev inner;
	int64_t fail_at;           /* index of the data call (read/write/flush) to fail; -1: never */
	int err;                   /* what the failing call returns */
	bool partial;              /* a failing write first writes the first half of its blocks */
	bool hide_count;           /* report no block count (unknown-length device) */
	bool fired;                /* the fault has fired */
	const bool *require_held;  /* if set, every call asserts *require_held */
	uint64_t calls, reads, writes, flushes;
	const void *last_buf;      /* buffer of the last read/write call */
	uint64_t last_count;
};

struct tio_fault_byte {
	struct io_byte_dev dev;
	struct io_byte_dev inner;
	int64_t fail_at;
	int err;
	bool partial;              /* a failing write first writes the first half of its range */
	bool fired;
	const bool *require_held;
	uint64_t calls;
};

void tio_fault_block_init(struct tio_fault_block *f, const struct io_block_dev *inner);
void tio_fault_byte_init(struct tio_fault_byte *f, const struct io_byte_dev *inner);

/* A non-recursive lock fake: asserts correct pairing, counts acquisitions. */
struct tio_lock {
	bool held;
	uint64_t locks;
	struct io_lock lock;  /* pass &l->lock to lockable inits */
};

void tio_lock_init(struct tio_lock *l);

/* malloc-backed allocator; outstanding counts live allocations; fail_next makes one fail. */
struct tio_alloc {
	struct io_alloc alloc;
	int64_t outstanding;
	bool fail_next;
};

void tio_alloc_init(struct tio_alloc *a);

/* Random numbers: xorshift from a seed, or (data != NULL) bytes of a fuzz input, then zeros. */
struct tio_rng {
	uint64_t state;
	const uint8_t *data;
	size_t len, pos;
};

void tio_rng_seed(struct tio_rng *r, uint64_t seed);
void tio_rng_data(struct tio_rng *r, const uint8_t *data, size_t len);
uint64_t tio_rng_next(struct tio_rng *r);
/* Uniform-ish in [0, n); 0 when n is 0. */
uint64_t tio_rng_below(struct tio_rng *r, uint64_t n);
bool tio_rng_done(const struct tio_rng *r);

#endif /* KEEL_TESTS_IO_TESTDEV_H */

/*
 * The io/ model checker shared by the randomized unit tests and the fuzz target: builds one
 * wrapper stack over a RAM device (with a faulty device inside it), keeps a plain memory model
 * of the device and of the stream position, and runs random operations on both, comparing every
 * result, every byte returned and the whole device buffer after every step. Faults are armed at
 * random call positions; a fired fault must come back as the call's error, a failed write may
 * only have changed a prefix of its range, and no byte past a reported count is written.
 */
#ifndef KEEL_TESTS_IO_MODEL_H
#define KEEL_TESTS_IO_MODEL_H

#include <stdbool.h>

#include <keel/compiler.h>

#include <io/byte_view.h>
#include <io/lockable.h>
#include <io/mem_dev.h>
#include <io/stream.h>

#include "io_testdev.h"

/* What sits between the top byte device and the RAM device. */
enum tio_kind {
	TIO_MEM_BYTE,          /* fault_byte -> mem byte device */
	TIO_VIEW,              /* byte view -> fault_block -> mem */
	TIO_VIEW_LOCKBLK,      /* byte view -> lockable block -> fault_block -> mem */
	TIO_LOCK_VIEW,         /* lockable byte -> byte view -> fault_block -> mem */
	TIO_VIEW_NOCOUNT,      /* byte view -> fault_block (hides its count) -> mem: unknown length */
	TIO_LOCK_VIEW_LOCKBLK, /* lockable byte -> view -> lockable block -> fault_block -> mem */
	TIO_VIEW_RO,           /* byte view -> fault_block -> read-only mem */
	TIO_KIND_COUNT
};

/* How the test drives the top device. */
enum tio_mode {
	TIO_BYTES,        /* io_byte_read/write at offsets */
	TIO_STREAM_RW,    /* reader-writer stream */
	TIO_STREAM_R,     /* reader: writes must be -EBADF */
	TIO_STREAM_W,     /* writer: reads must be -EBADF */
	TIO_STREAM_LOCKED,/* lockable stream -> reader-writer */
	TIO_MODE_COUNT
};

struct tio_stack {
	int kind, mode;
	uint32_t bs;
	uint64_t nblocks;
	size_t size;       /* RAM buffer bytes (nblocks * bs plus an unaddressable tail) */
	uint64_t reach;    /* bytes the top device can address */
	bool known;        /* the top device has a known length (== reach) */
	bool read_only;
	uint8_t *mem, *model;
	uint64_t pos;      /* model stream position */

	struct io_mem_dev md;
	struct tio_fault_block fblk;
	struct tio_fault_byte fbyte;
	struct tio_lock lk_blk, lk_byte, lk_stream;
	struct io_lockable_block lblk;
	struct io_lockable_byte lbyte;
	struct io_lockable_stream lstream;
	struct io_byte_view view;
	struct tio_alloc alloc;
	struct io_dev_stream ds;
	const struct io_byte_dev *top;
	const struct io_stream *stream;

	/* the fault device in use */
	int64_t *fail_at;
	bool *fired, *partial;
	int *err;
	uint64_t *calls;

	uint64_t steps, faults_fired;
	char msg[256];     /* why the last step failed */
};

/*
 * Build a stack in place (s must not move afterwards). tail: extra unaddressable bytes after the
 * blocks. Returns false (with s->msg) if the stack cannot be built.
 */
bool tio_stack_init(struct tio_stack *s, int kind, int mode, uint32_t bs, uint64_t nblocks,
		    size_t tail, struct tio_rng *r);
void tio_stack_fini(struct tio_stack *s);
/* One random operation checked against the model; false (with s->msg) on any mismatch. */
bool tio_stack_step(struct tio_stack *s, struct tio_rng *r);

#endif /* KEEL_TESTS_IO_MODEL_H */

/*
 * Focused tests of the io/ devices and wrappers: the RAM device, unsupported operations
 * (read-only and write-only devices), the byte view's call pattern (one device call per aligned
 * run, straight into the caller's buffer; read-modify-write of partial blocks), its scratch
 * handling, and the lockable wrappers (one lock per call, inner calls under the lock, real
 * sharing between threads with a pthread mutex).
 */
#include "check.h"

#include <pthread.h>
#include <stdlib.h>

#include <keel/compiler.h>
#include <io/byte_view.h>
#include <io/lockable.h>
#include <io/mem_dev.h>

#include "io_testdev.h"

static void pattern(uint8_t *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + i * 31 + (i >> 9));
}

TEST(mem_dev_blocks)
{
	static uint8_t mem[512 * 4 + 100], buf[512 * 4];
	struct io_mem_dev m;
	uint64_t count = 0;

	pattern(mem, sizeof(mem), 1);
	CHECK_EQ_INT(io_mem_dev_init(&m, mem, sizeof(mem), 0, false), -EINVAL);
	CHECK_EQ_INT(io_mem_dev_init(&m, mem, sizeof(mem), 512, false), 0);
	CHECK_EQ_INT(io_block_size(&m.blk), 512);
	CHECK_EQ_INT(io_block_count(&m.blk, &count), 0);
	CHECK_EQ_U64(count, 4);  /* the 100-byte tail is not a block */
	CHECK_EQ_INT(io_block_read(&m.blk, 1, 3, buf), 0);
	CHECK(memcmp(buf, mem + 512, 512 * 3) == 0);
	CHECK_EQ_INT(io_block_read(&m.blk, 2, 3, buf), -ENXIO);
	CHECK_EQ_INT(io_block_read(&m.blk, 4, 1, buf), -ENXIO);
	CHECK_EQ_INT(io_block_read(&m.blk, UINT64_MAX, 2, buf), -ENXIO);
	CHECK_EQ_INT(io_block_read(&m.blk, 99, 0, buf), 0);  /* zero blocks: nothing, anywhere */
	memset(buf, 0x5a, 512);
	CHECK_EQ_INT(io_block_write(&m.blk, 3, 1, buf), 0);
	CHECK_EQ_INT(mem[3 * 512], 0x5a);
	CHECK_EQ_INT(io_block_write(&m.blk, 3, 2, buf), -ENXIO);
	CHECK_EQ_INT(io_block_flush(&m.blk), 0);
}

TEST(mem_dev_bytes)
{
	static uint8_t mem[1000], buf[64];
	struct io_mem_dev m;
	uint64_t len = 0;

	pattern(mem, sizeof(mem), 2);
	CHECK_EQ_INT(io_mem_dev_init(&m, mem, sizeof(mem), 512, false), 0);
	CHECK_EQ_INT(io_byte_length(&m.byte, &len), 0);
	CHECK_EQ_U64(len, 1000);
	CHECK_EQ_INT(io_byte_read(&m.byte, 990, buf, 64), 10);   /* short at the end */
	CHECK(memcmp(buf, mem + 990, 10) == 0);
	CHECK_EQ_INT(io_byte_read(&m.byte, 1000, buf, 64), 0);   /* at the end */
	CHECK_EQ_INT(io_byte_read(&m.byte, 5000, buf, 64), 0);   /* past it */
	CHECK_EQ_INT(io_byte_write(&m.byte, 995, buf, 64), 5);   /* what fits */
	CHECK_EQ_INT(io_byte_write(&m.byte, 1000, buf, 1), -ENOSPC);
	CHECK_EQ_INT(io_byte_write(&m.byte, 1000, buf, 0), 0);
	CHECK_EQ_INT(io_byte_read(&m.byte, UINT64_MAX, buf, 2), -EINVAL);  /* wraps */
}

TEST(mem_dev_read_only)
{
	static uint8_t mem[2048], buf[512];
	struct io_mem_dev m;

	CHECK_EQ_INT(io_mem_dev_init(&m, mem, sizeof(mem), 512, true), 0);
	CHECK_EQ_INT(io_block_read(&m.blk, 0, 1, buf), 0);
	CHECK_EQ_INT(io_block_write(&m.blk, 0, 1, buf), -EROFS);
	CHECK_EQ_INT(io_block_write(&m.blk, 0, 0, buf), -EROFS);
	CHECK_EQ_INT(io_byte_write(&m.byte, 0, buf, 1), -EROFS);
	CHECK_EQ_INT(io_byte_read(&m.byte, 0, buf, 1), 1);
}

/* A write-only block device (a log sink): only write_blocks and block_size. */
static uint64_t sink_written;
static int sink_write(void *ctx, uint64_t lba, uint64_t count, const void *buf)
{
	(void)ctx, (void)lba, (void)buf;
	sink_written += count;
	return 0;
}
static uint32_t sink_bs(void *ctx)
{
	(void)ctx;
	return 512;
}
static const struct io_block_ops sink_ops = { .write_blocks = sink_write, .block_size = sink_bs };

TEST(unsupported_operations)
{
	static uint8_t buf[1024];
	struct io_block_dev sink = { &sink_ops, NULL };
	struct io_byte_view v;
	uint64_t n;

	CHECK_EQ_INT(io_block_read(&sink, 0, 1, buf), -EOPNOTSUPP);
	CHECK_EQ_INT(io_block_count(&sink, &n), -EOPNOTSUPP);
	CHECK_EQ_INT(io_block_flush(&sink), 0);
	CHECK_EQ_INT(io_block_write(&sink, 0, 2, buf), 0);
	CHECK_EQ_U64(sink_written, 2);

	/* a byte view over it: aligned writes work, reads and partial writes cannot */
	CHECK_EQ_INT(io_byte_view_init(&v, &sink, buf + 512, NULL), 0);
	CHECK_EQ_INT(io_byte_write(&v.dev, 512, buf, 512), 512);
	CHECK_EQ_U64(sink_written, 3);
	CHECK_EQ_INT(io_byte_write(&v.dev, 10, buf, 20), -EOPNOTSUPP);
	CHECK_EQ_INT(io_byte_read(&v.dev, 0, buf, 512), -EOPNOTSUPP);
	CHECK_EQ_INT(io_byte_length(&v.dev, &n), -EOPNOTSUPP);
	io_byte_view_fini(&v);

	/* a byte device with no ops but read: -EROFS for writes, flush succeeds */
	static const struct io_byte_ops empty = { 0 };
	struct io_byte_dev none = { &empty, NULL };
	CHECK_EQ_INT(io_byte_read(&none, 0, buf, 1), -EOPNOTSUPP);
	CHECK_EQ_INT(io_byte_write(&none, 0, buf, 1), -EROFS);
	CHECK_EQ_INT(io_byte_flush(&none), 0);
	CHECK_EQ_INT(io_byte_length(&none, &n), -EOPNOTSUPP);
}

/* The byte view's calls: whole runs in one call into the caller's buffer, RMW for partials. */
TEST(view_call_pattern)
{
	static uint8_t mem[512 * 16], buf[512 * 16], scratch[512];
	struct io_mem_dev m;
	struct tio_fault_block f;
	struct io_byte_view v;

	pattern(mem, sizeof(mem), 3);
	io_mem_dev_init(&m, mem, sizeof(mem), 512, false);
	tio_fault_block_init(&f, &m.blk);
	CHECK_EQ_INT(io_byte_view_init(&v, &f.dev, scratch, NULL), 0);

	CHECK_EQ_INT(io_byte_read(&v.dev, 1024, buf, 4096), 4096);
	CHECK_EQ_U64(f.reads, 1);
	CHECK(f.last_buf == buf);
	CHECK_EQ_U64(f.last_count, 8);
	CHECK(memcmp(buf, mem + 1024, 4096) == 0);

	/* Theseus's vector: head via scratch, middle straight into buf + 36, tail via scratch */
	f.reads = 0;
	CHECK_EQ_INT(io_byte_read(&v.dev, 1500, buf, 2450), 2450);
	CHECK_EQ_U64(f.reads, 3);
	CHECK(memcmp(buf, mem + 1500, 2450) == 0);
	f.reads = 0;
	CHECK_EQ_INT(io_byte_read(&v.dev, 1500, buf, 36 + 2048), 36 + 2048);
	CHECK(f.last_buf == buf + 36);
	CHECK_EQ_U64(f.last_count, 4);

	/* aligned write: one call from the caller's buffer, no reads */
	f.reads = f.writes = 0;
	pattern(buf, sizeof(buf), 9);
	CHECK_EQ_INT(io_byte_write(&v.dev, 2048, buf, 3072), 3072);
	CHECK_EQ_U64(f.reads, 0);
	CHECK_EQ_U64(f.writes, 1);
	CHECK(f.last_buf == buf);
	CHECK(memcmp(mem + 2048, buf, 3072) == 0);

	/* partial write: read-modify-write of that one block, neighbours intact */
	uint8_t before[512];
	memcpy(before, mem + 512, 512);
	f.reads = f.writes = 0;
	CHECK_EQ_INT(io_byte_write(&v.dev, 600, "hello", 5), 5);
	CHECK_EQ_U64(f.reads, 1);
	CHECK_EQ_U64(f.writes, 1);
	CHECK(memcmp(mem + 600, "hello", 5) == 0);
	CHECK(memcmp(mem + 512, before, 88) == 0);
	CHECK(memcmp(mem + 605, before + 93, 512 - 93) == 0);

	/* zero-length transfers make no device call */
	f.reads = f.writes = 0;
	CHECK_EQ_INT(io_byte_read(&v.dev, 3, buf, 0), 0);
	CHECK_EQ_INT(io_byte_write(&v.dev, 3, buf, 0), 0);
	CHECK_EQ_U64(f.reads + f.writes, 0);
	io_byte_view_fini(&v);
}

TEST(view_scratch_and_length)
{
	static uint8_t mem[520 * 3];
	struct io_mem_dev m;
	struct tio_alloc a;
	struct tio_fault_block f;
	struct io_byte_view v;
	uint64_t len = 0;

	io_mem_dev_init(&m, mem, sizeof(mem), 520, false);
	tio_alloc_init(&a);
	CHECK_EQ_INT(io_byte_view_init(&v, &m.blk, NULL, NULL), -EINVAL);
	a.fail_next = true;
	CHECK_EQ_INT(io_byte_view_init(&v, &m.blk, NULL, &a.alloc), -ENOMEM);
	CHECK_EQ_INT(a.outstanding, 0);
	CHECK_EQ_INT(io_byte_view_init(&v, &m.blk, NULL, &a.alloc), 0);
	CHECK_EQ_INT(a.outstanding, 1);
	CHECK_EQ_INT(io_byte_length(&v.dev, &len), 0);
	CHECK_EQ_U64(len, 520 * 3);
	io_byte_view_fini(&v);
	CHECK_EQ_INT(a.outstanding, 0);

	/* unknown count: unknown length, and the device's range error comes back */
	tio_fault_block_init(&f, &m.blk);
	f.hide_count = true;
	CHECK_EQ_INT(io_byte_view_init(&v, &f.dev, NULL, &a.alloc), 0);
	CHECK_EQ_INT(io_byte_length(&v.dev, &len), -EOPNOTSUPP);
	CHECK_EQ_INT(io_byte_read(&v.dev, 520 * 3 - 4, mem, 4), 4);
	CHECK_EQ_INT(io_byte_read(&v.dev, 520 * 3 - 4, mem, 5), -ENXIO);
	io_byte_view_fini(&v);
}

/* Every call through a lockable takes the lock exactly once, and the inner call runs under it. */
TEST(lockable_one_lock_per_call)
{
	static uint8_t mem[4096], buf[1024];
	struct io_mem_dev m;
	struct tio_fault_block f;
	struct tio_fault_byte fb;
	struct tio_lock lk;
	struct io_lockable_block lb;
	struct io_lockable_byte lbyte;
	uint64_t n;

	io_mem_dev_init(&m, mem, sizeof(mem), 512, false);
	tio_lock_init(&lk);
	tio_fault_block_init(&f, &m.blk);
	f.require_held = &lk.held;
	io_lockable_block_init(&lb, &f.dev, &lk.lock);
	CHECK_EQ_INT(io_block_size(&lb.dev), 512);
	CHECK_EQ_U64(lk.locks, 1);
	CHECK_EQ_INT(io_block_count(&lb.dev, &n), 0);
	CHECK_EQ_U64(n, 8);
	CHECK_EQ_INT(io_block_read(&lb.dev, 0, 2, buf), 0);
	CHECK_EQ_INT(io_block_write(&lb.dev, 0, 2, buf), 0);
	CHECK_EQ_INT(io_block_flush(&lb.dev), 0);
	CHECK_EQ_U64(lk.locks, 5);
	CHECK(!lk.held);
	f.fail_at = (int64_t)f.calls;
	f.err = -ETIMEDOUT;
	CHECK_EQ_INT(io_block_read(&lb.dev, 0, 1, buf), -ETIMEDOUT);
	CHECK(!lk.held);

	tio_lock_init(&lk);
	tio_fault_byte_init(&fb, &m.byte);
	fb.require_held = &lk.held;
	io_lockable_byte_init(&lbyte, &fb.dev, &lk.lock);
	CHECK_EQ_INT(io_byte_read(&lbyte.dev, 4000, buf, 200), 96);
	CHECK_EQ_INT(io_byte_write(&lbyte.dev, 4096, buf, 1), -ENOSPC);
	CHECK_EQ_INT(io_byte_length(&lbyte.dev, &n), 0);
	CHECK_EQ_INT(io_byte_flush(&lbyte.dev), 0);
	CHECK_EQ_U64(lk.locks, 4);
	CHECK(!lk.held);

	/* the inner device's "unsupported" answers come through unchanged */
	struct io_mem_dev ro;
	struct io_lockable_block lro;
	io_mem_dev_init(&ro, mem, sizeof(mem), 512, true);
	io_lockable_block_init(&lro, &ro.blk, &lk.lock);
	CHECK_EQ_INT(io_block_write(&lro.dev, 0, 1, buf), -EROFS);
}

/* ---------------------------------------------------------------- real threads */

static void mutex_lock(void *ctx)
{
	pthread_mutex_lock(ctx);
}
static void mutex_unlock(void *ctx)
{
	pthread_mutex_unlock(ctx);
}
static const struct io_lock_ops mutex_ops = { mutex_lock, mutex_unlock, NULL };

#define THREADS 4
#define SLICE 100   /* bytes per thread per round: slices share blocks, so RMWs collide */
#define ROUNDS 2000

struct worker {
	const struct io_byte_dev *dev;
	int id;
	int errors;
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	uint8_t out[SLICE], in[SLICE];

	for (int round = 0; round < ROUNDS; round++) {
		uint64_t off = (uint64_t)(round % 20) * THREADS * SLICE + (uint64_t)w->id * SLICE;

		memset(out, (uint8_t)(w->id * 64 + round % 64), SLICE);
		if (io_byte_write(w->dev, off, out, SLICE) != SLICE)
			w->errors++;
		if (io_byte_read(w->dev, off, in, SLICE) != SLICE || memcmp(in, out, SLICE) != 0)
			w->errors++;
	}
	return NULL;
}

/* Threads share one byte view (one scratch block) through a lockable with a pthread mutex. */
TEST(lockable_threads)
{
	static uint8_t mem[20 * THREADS * SLICE + 512];
	pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
	struct io_lock lock = { &mutex_ops, &mutex };
	struct io_mem_dev m;
	struct io_byte_view v;
	struct io_lockable_byte l;
	struct worker w[THREADS];
	pthread_t t[THREADS];
	static uint8_t scratch[512];

	io_mem_dev_init(&m, mem, sizeof(mem), 512, false);
	CHECK_EQ_INT(io_byte_view_init(&v, &m.blk, scratch, NULL), 0);
	io_lockable_byte_init(&l, &v.dev, &lock);
	for (int i = 0; i < THREADS; i++) {
		w[i] = (struct worker){ &l.dev, i, 0 };
		CHECK_EQ_INT(pthread_create(&t[i], NULL, worker_main, &w[i]), 0);
	}
	for (int i = 0; i < THREADS; i++) {
		pthread_join(t[i], NULL);
		CHECK_EQ_INT(w[i].errors, 0);
	}
	/* the last round of every thread is intact: no lost read-modify-write */
	for (int i = 0; i < THREADS; i++)
		for (int r = ROUNDS - 20; r < ROUNDS; r++) {
			uint64_t off = (uint64_t)(r % 20) * THREADS * SLICE + (uint64_t)i * SLICE;
			uint8_t want = (uint8_t)(i * 64 + r % 64);

			for (int b = 0; b < SLICE; b++)
				if (mem[off + (uint64_t)b] != want) {
					check_fail(__FILE__, __LINE__, "thread %d round %d lost", i, r);
					return;
				}
		}
	io_byte_view_fini(&v);
}

CHECK_MAIN("io_dev")

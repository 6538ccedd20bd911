/*
 * Faulty devices, a lock fake, a counting allocator and a small RNG for the io/ tests
 * (io_testdev.h). Host-only test support: may use libc freely.
 */
#include "io_testdev.h"

#include <stdlib.h>
#include <string.h>

#include <keel/assert.h>

/* Count a data call; true when this one must fail. */
static bool fault_hit(uint64_t *calls, int64_t fail_at, bool *fired, const bool *require_held)
{
	if (require_held)
		ASSERT(*require_held);
	if (fail_at >= 0 && *calls == (uint64_t)fail_at) {
		(*calls)++;
		*fired = true;
		return true;
	}
	(*calls)++;
	return false;
}

static int fblk_read(void *ctx, uint64_t lba, uint64_t count, void *buf)
{
	struct tio_fault_block *f = ctx;

	f->reads++;
	f->last_buf = buf;
	f->last_count = count;
	if (fault_hit(&f->calls, f->fail_at, &f->fired, f->require_held))
		return f->err;
	return io_block_read(&f->inner, lba, count, buf);
}

static int fblk_write(void *ctx, uint64_t lba, uint64_t count, const void *buf)
{
	struct tio_fault_block *f = ctx;

	f->writes++;
	f->last_buf = buf;
	f->last_count = count;
	if (fault_hit(&f->calls, f->fail_at, &f->fired, f->require_held)) {
		if (f->partial && count / 2)
			(void)io_block_write(&f->inner, lba, count / 2, buf);
		return f->err;
	}
	return io_block_write(&f->inner, lba, count, buf);
}

static int fblk_flush(void *ctx)
{
	struct tio_fault_block *f = ctx;

	f->flushes++;
	if (fault_hit(&f->calls, f->fail_at, &f->fired, f->require_held))
		return f->err;
	return io_block_flush(&f->inner);
}

static uint32_t fblk_size(void *ctx)
{
	struct tio_fault_block *f = ctx;

	if (f->require_held)
		ASSERT(*f->require_held);
	return io_block_size(&f->inner);
}

static int fblk_count(void *ctx, uint64_t *count)
{
	struct tio_fault_block *f = ctx;

	if (f->require_held)
		ASSERT(*f->require_held);
	if (f->hide_count)
		return -EOPNOTSUPP;
	return io_block_count(&f->inner, count);
}

static const struct io_block_ops fault_block_ops = {
	.read_blocks = fblk_read,
	.write_blocks = fblk_write,
	.flush = fblk_flush,
	.block_size = fblk_size,
	.block_count = fblk_count,
};

void tio_fault_block_init(struct tio_fault_block *f, const struct io_block_dev *inner)
{
	memset(f, 0, sizeof(*f));
	f->inner = *inner;
	f->fail_at = -1;
	f->err = -EIO;
	f->dev = (struct io_block_dev){ &fault_block_ops, f };
}

static int64_t fbyte_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct tio_fault_byte *f = ctx;

	if (fault_hit(&f->calls, f->fail_at, &f->fired, f->require_held))
		return f->err;
	return io_byte_read(&f->inner, off, buf, len);
}

static int64_t fbyte_write(void *ctx, uint64_t off, const void *buf, size_t len)
{
	struct tio_fault_byte *f = ctx;

	if (fault_hit(&f->calls, f->fail_at, &f->fired, f->require_held)) {
		if (f->partial && len / 2)
			(void)io_byte_write(&f->inner, off, buf, len / 2);
		return f->err;
	}
	return io_byte_write(&f->inner, off, buf, len);
}

static int fbyte_flush(void *ctx)
{
	struct tio_fault_byte *f = ctx;

	if (fault_hit(&f->calls, f->fail_at, &f->fired, f->require_held))
		return f->err;
	return io_byte_flush(&f->inner);
}

static int fbyte_length(void *ctx, uint64_t *len)
{
	struct tio_fault_byte *f = ctx;

	if (f->require_held)
		ASSERT(*f->require_held);
	return io_byte_length(&f->inner, len);
}

static const struct io_byte_ops fault_byte_ops = {
	.read_at = fbyte_read,
	.write_at = fbyte_write,
	.flush = fbyte_flush,
	.length = fbyte_length,
};

void tio_fault_byte_init(struct tio_fault_byte *f, const struct io_byte_dev *inner)
{
	memset(f, 0, sizeof(*f));
	f->inner = *inner;
	f->fail_at = -1;
	f->err = -EIO;
	f->dev = (struct io_byte_dev){ &fault_byte_ops, f };
}

static void tlock_lock(void *ctx)
{
	struct tio_lock *l = ctx;

	ASSERT(!l->held);
	l->held = true;
	l->locks++;
}

static void tlock_unlock(void *ctx)
{
	struct tio_lock *l = ctx;

	ASSERT(l->held);
	l->held = false;
}

static const struct io_lock_ops tio_lock_ops = { tlock_lock, tlock_unlock, NULL };

void tio_lock_init(struct tio_lock *l)
{
	memset(l, 0, sizeof(*l));
	l->lock = (struct io_lock){ &tio_lock_ops, l };
}

static void *talloc_alloc(void *ctx, size_t size)
{
	struct tio_alloc *a = ctx;
	void *p;

	if (a->fail_next) {
		a->fail_next = false;
		return NULL;
	}
	p = malloc(size);
	if (p)
		a->outstanding++;
	return p;
}

static void talloc_free(void *ctx, void *ptr, size_t size)
{
	struct tio_alloc *a = ctx;

	(void)size;
	if (ptr)
		a->outstanding--;
	free(ptr);
}

void tio_alloc_init(struct tio_alloc *a)
{
	memset(a, 0, sizeof(*a));
	a->alloc = (struct io_alloc){ talloc_alloc, talloc_free, a };
}

void tio_rng_seed(struct tio_rng *r, uint64_t seed)
{
	memset(r, 0, sizeof(*r));
	r->state = seed ? seed : 0x9e3779b97f4a7c15ULL;
}

void tio_rng_data(struct tio_rng *r, const uint8_t *data, size_t len)
{
	memset(r, 0, sizeof(*r));
	r->data = data;
	r->len = len;
}

uint64_t tio_rng_next(struct tio_rng *r)
{
	if (r->data) {
		uint64_t v = 0;

		/* Three bytes per value: plenty for test sizes, cheap for the fuzzer to mutate. */
		for (int i = 0; i < 3 && r->pos < r->len; i++)
			v |= (uint64_t)r->data[r->pos++] << (8 * i);
		return v;
	}
	r->state ^= r->state << 13;
	r->state ^= r->state >> 7;
	r->state ^= r->state << 17;
	return r->state * 0x2545f4914f6cdd1dULL;
}

uint64_t tio_rng_below(struct tio_rng *r, uint64_t n)
{
	return n ? tio_rng_next(r) % n : 0;
}

bool tio_rng_done(const struct tio_rng *r)
{
	return r->data && r->pos >= r->len;
}

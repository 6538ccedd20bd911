/*
 * The io/ model checker (io_model.h): builds wrapper stacks over a RAM device, runs random
 * operations through them and through a plain memory model, and reports the first mismatch.
 */
#include "io_model.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GUARD 16
#define GUARD_BYTE 0xA5

static bool fail(struct tio_stack *s, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(s->msg, sizeof(s->msg), "kind %d mode %d bs %u nblocks %llu step %llu: ",
			 s->kind, s->mode, s->bs, (unsigned long long)s->nblocks,
			 (unsigned long long)s->steps);

	va_start(ap, fmt);
	vsnprintf(s->msg + n, sizeof(s->msg) - (size_t)n, fmt, ap);
	va_end(ap);
	return false;
}

bool tio_stack_init(struct tio_stack *s, int kind, int mode, uint32_t bs, uint64_t nblocks,
		    size_t tail, struct tio_rng *r)
{
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	s->mode = mode;
	s->bs = bs;
	s->nblocks = nblocks;
	s->size = (size_t)(nblocks * bs) + tail;
	s->read_only = kind == TIO_VIEW_RO;
	s->mem = malloc(s->size + 1);
	s->model = malloc(s->size + 1);
	if (!s->mem || !s->model)
		return fail(s, "out of memory");
	for (size_t i = 0; i < s->size; i++)
		s->mem[i] = (uint8_t)tio_rng_next(r);
	memcpy(s->model, s->mem, s->size);
	if (io_mem_dev_init(&s->md, s->mem, s->size, bs, s->read_only) != 0)
		return fail(s, "mem init");

	tio_lock_init(&s->lk_blk);
	tio_lock_init(&s->lk_byte);
	tio_lock_init(&s->lk_stream);
	tio_alloc_init(&s->alloc);
	tio_fault_block_init(&s->fblk, &s->md.blk);
	tio_fault_byte_init(&s->fbyte, &s->md.byte);

	const struct io_block_dev *under_view = &s->fblk.dev;
	if (kind == TIO_VIEW_LOCKBLK || kind == TIO_LOCK_VIEW_LOCKBLK) {
		io_lockable_block_init(&s->lblk, &s->fblk.dev, &s->lk_blk.lock);
		s->fblk.require_held = &s->lk_blk.held;
		under_view = &s->lblk.dev;
	}
	s->fblk.hide_count = kind == TIO_VIEW_NOCOUNT;

	if (kind == TIO_MEM_BYTE) {
		s->top = &s->fbyte.dev;
		s->reach = s->size;
		s->fail_at = &s->fbyte.fail_at;
		s->fired = &s->fbyte.fired;
		s->partial = &s->fbyte.partial;
		s->err = &s->fbyte.err;
		s->calls = &s->fbyte.calls;
	} else {
		if (io_byte_view_init(&s->view, under_view, NULL, &s->alloc.alloc) != 0)
			return fail(s, "view init");
		s->top = &s->view.dev;
		if (kind == TIO_LOCK_VIEW || kind == TIO_LOCK_VIEW_LOCKBLK) {
			io_lockable_byte_init(&s->lbyte, &s->view.dev, &s->lk_byte.lock);
			s->top = &s->lbyte.dev;
		}
		/* from here on the view only reaches the device under the byte lock */
		if (kind == TIO_LOCK_VIEW)
			s->fblk.require_held = &s->lk_byte.held;
		s->reach = nblocks * bs;
		s->fail_at = &s->fblk.fail_at;
		s->fired = &s->fblk.fired;
		s->partial = &s->fblk.partial;
		s->err = &s->fblk.err;
		s->calls = &s->fblk.calls;
	}
	s->known = kind != TIO_VIEW_NOCOUNT;

	switch (mode) {
	case TIO_STREAM_R:
		io_reader_init(&s->ds, s->top);
		break;
	case TIO_STREAM_W:
		io_writer_init(&s->ds, s->top);
		break;
	default:
		io_reader_writer_init(&s->ds, s->top);
		break;
	}
	s->stream = &s->ds.stream;
	if (mode == TIO_STREAM_LOCKED) {
		io_lockable_stream_init(&s->lstream, &s->ds.stream, &s->lk_stream.lock);
		s->stream = &s->lstream.stream;
	}
	return true;
}

void tio_stack_fini(struct tio_stack *s)
{
	if (s->kind != TIO_MEM_BYTE && s->view.scratch)
		io_byte_view_fini(&s->view);
	free(s->mem);
	free(s->model);
	s->mem = s->model = NULL;
}

/* ---------------------------------------------------------------- expected results */

static int64_t expect_read(const struct tio_stack *s, uint64_t off, size_t len)
{
	if (len == 0)
		return 0;
	if (!io_byte_range_ok(off, len))
		return -EINVAL;
	if (s->known)
		return (int64_t)io_clamp_len(off, len, s->reach);
	return off + len > s->reach ? -ENXIO : (int64_t)len;
}

static int64_t expect_write(const struct tio_stack *s, uint64_t off, size_t len)
{
	if (len == 0)
		return 0;
	if (!io_byte_range_ok(off, len))
		return -EINVAL;
	if (s->known) {
		if (off >= s->reach)
			return -ENOSPC;
		if (s->read_only)
			return -EROFS;
		return (int64_t)io_clamp_len(off, len, s->reach);
	}
	return off + len > s->reach ? -ENXIO : (int64_t)len;
}

/* ---------------------------------------------------------------- checks */

static bool check_locks_free(struct tio_stack *s)
{
	if (s->lk_blk.held || s->lk_byte.held || s->lk_stream.held)
		return fail(s, "a lock is still held after the call");
	return true;
}

/* Result of a read into buf (len requested, guard after it) at off. */
static bool check_read(struct tio_stack *s, uint64_t off, size_t len, const uint8_t *buf,
		       int64_t got, int64_t want, bool fired)
{
	size_t keep = len;  /* bytes from here on must be untouched */

	if (fired) {
		if (got != *s->err)
			return fail(s, "read off %llu len %zu: injected %d, returned %lld",
				    (unsigned long long)off, len, *s->err, (long long)got);
	} else if (got != want) {
		return fail(s, "read off %llu len %zu: returned %lld, expected %lld",
			    (unsigned long long)off, len, (long long)got, (long long)want);
	} else if (got > 0) {
		if (memcmp(buf, s->model + off, (size_t)got) != 0)
			return fail(s, "read off %llu len %zu: wrong data", (unsigned long long)off, len);
		keep = (size_t)got;
	} else if (got == 0) {
		keep = 0;
	}
	for (size_t i = keep; i < len + GUARD; i++)
		if (buf[i] != GUARD_BYTE)
			return fail(s, "read off %llu len %zu: byte %zu written past the reported %lld",
				    (unsigned long long)off, len, i, (long long)got);
	if (memcmp(s->mem, s->model, s->size) != 0)
		return fail(s, "a read changed the device");
	return true;
}

/* Result of a write of data (len) at off. */
static bool check_write(struct tio_stack *s, uint64_t off, size_t len, const uint8_t *data,
			int64_t got, int64_t want, bool fired)
{
	if (fired) {
		if (got != *s->err)
			return fail(s, "write off %llu len %zu: injected %d, returned %lld",
				    (unsigned long long)off, len, *s->err, (long long)got);
	} else if (got != want) {
		return fail(s, "write off %llu len %zu: returned %lld, expected %lld",
			    (unsigned long long)off, len, (long long)got, (long long)want);
	}
	if (got >= 0) {
		if (got > 0)
			memcpy(s->model + off, data, (size_t)got);
		if (memcmp(s->mem, s->model, s->size) != 0)
			return fail(s, "write off %llu len %zu: device differs from model",
				    (unsigned long long)off, len);
		return true;
	}
	/* Failed: at most a prefix of [off, end) changed, nothing outside it. */
	uint64_t end = off < s->reach ? off + KEEL_MIN((uint64_t)len, s->reach - off) : off;
	uint64_t k = off;

	while (k < end && s->mem[k] == data[k - off])
		k++;
	for (uint64_t i = 0; i < s->size; i++) {
		if (i >= off && i < k)
			continue;
		if (s->mem[i] != s->model[i])
			return fail(s, "failed write off %llu len %zu (%lld) changed byte %llu "
				    "outside its written prefix", (unsigned long long)off, len,
				    (long long)got, (unsigned long long)i);
	}
	memcpy(s->model, s->mem, s->size);
	return true;
}

/* ---------------------------------------------------------------- random operations */

static uint64_t pick_off(struct tio_stack *s, struct tio_rng *r)
{
	uint64_t span = s->reach + 2ull * s->bs + 4;

	switch (tio_rng_below(r, 16)) {
	case 0:
		return UINT64_MAX - tio_rng_below(r, 2ull * s->bs + 2);
	case 1:
		return (tio_rng_next(r) << 20) ^ tio_rng_next(r);
	case 2: case 3: {  /* near a block boundary */
		uint64_t b = tio_rng_below(r, s->nblocks + 2) * s->bs;

		return b + tio_rng_below(r, 3) - (b ? 1 : 0);
	}
	case 4:  /* at or near the end */
		return s->reach - KEEL_MIN(s->reach, tio_rng_below(r, 2ull * s->bs + 2));
	default:
		return tio_rng_below(r, span);
	}
}

static size_t pick_len(struct tio_stack *s, struct tio_rng *r)
{
	switch (tio_rng_below(r, 8)) {
	case 0:
		return 0;
	case 1: case 2:
		return (size_t)tio_rng_below(r, 2ull * s->bs + 4);
	case 3:
		return (size_t)(tio_rng_below(r, 4) * s->bs);
	default:
		return (size_t)tio_rng_below(r, s->reach + 2ull * s->bs + 2);
	}
}

static uint8_t *make_buf(size_t len)
{
	uint8_t *b = malloc(len + GUARD);

	if (b)
		memset(b, GUARD_BYTE, len + GUARD);
	return b;
}

static void fill(uint8_t *p, size_t len, uint8_t tag)
{
	for (size_t i = 0; i < len; i++)
		p[i] = (uint8_t)(tag + i * 7 + (i >> 8));
}

static void maybe_arm(struct tio_stack *s, struct tio_rng *r)
{
	if (*s->fail_at >= 0 || tio_rng_below(r, 8) != 0)
		return;
	*s->fail_at = (int64_t)(*s->calls + tio_rng_below(r, 4));
	*s->err = tio_rng_below(r, 2) ? -EIO : -ETIMEDOUT;
	*s->partial = tio_rng_below(r, 2);
	*s->fired = false;
}

/* After a call: was the fault consumed by it? Disarms a fired fault. */
static bool took_fault(struct tio_stack *s)
{
	if (!*s->fired)
		return false;
	*s->fired = false;
	*s->fail_at = -1;
	s->faults_fired++;
	return true;
}

static bool step_bytes(struct tio_stack *s, struct tio_rng *r, int op)
{
	uint64_t off = pick_off(s, r);
	size_t len = pick_len(s, r);
	uint8_t *buf = make_buf(len);
	bool ok;

	if (!buf)
		return fail(s, "out of memory");
	if (op == 0) {
		int64_t got = io_byte_read(s->top, off, buf, len);
		bool fired = took_fault(s);

		ok = check_read(s, off, len, buf, got, expect_read(s, off, len), fired);
	} else {
		fill(buf, len, (uint8_t)tio_rng_next(r));
		int64_t got = io_byte_write(s->top, off, buf, len);
		bool fired = took_fault(s);

		ok = check_write(s, off, len, buf, got, expect_write(s, off, len), fired);
	}
	free(buf);
	return ok;
}

static int64_t expect_seek(struct tio_stack *s, int64_t off, int whence)
{
	int64_t base = whence == IO_SEEK_SET ? 0 : whence == IO_SEEK_CUR ? (int64_t)s->pos :
		       (int64_t)s->reach;

	if (whence == IO_SEEK_END && !s->known)
		return -ESPIPE;
	if (off > 0 && base > INT64_MAX - off)
		return -EOVERFLOW;
	if (base + off < 0)
		return -EINVAL;
	return base + off;
}

static bool step_stream(struct tio_stack *s, struct tio_rng *r, int op)
{
	bool can_read = s->mode != TIO_STREAM_W, can_write = s->mode != TIO_STREAM_R;
	uint64_t room = (uint64_t)INT64_MAX - s->pos;
	size_t len = pick_len(s, r);
	size_t eff = KEEL_MIN((uint64_t)len, room);
	uint8_t *buf;
	bool ok = true;

	if (op == 2) {  /* seek */
		int whence = (int)tio_rng_below(r, 4);  /* 3 is invalid */
		int64_t off = (int64_t)pick_off(s, r);

		if (tio_rng_below(r, 2))
			off = (int64_t)tio_rng_below(r, 2ull * s->bs + 3) - (int64_t)s->bs;
		int64_t want = whence == 3 ? -EINVAL : expect_seek(s, off, whence);
		int64_t got = io_stream_seek(s->stream, off, whence);

		if (got != want)
			return fail(s, "seek %lld whence %d from %llu: %lld, expected %lld",
				    (long long)off, whence, (unsigned long long)s->pos,
				    (long long)got, (long long)want);
		if (got >= 0)
			s->pos = (uint64_t)got;
		return true;
	}
	if (op == 3) {  /* flush */
		int got = io_stream_flush(s->stream);
		bool fired = took_fault(s);

		if (got != (fired ? *s->err : 0))
			return fail(s, "flush returned %d (fault %d)", got, fired ? *s->err : 0);
		return true;
	}
	buf = make_buf(len);
	if (!buf)
		return fail(s, "out of memory");
	if (op == 0) {
		int64_t want = !can_read ? -EBADF : expect_read(s, s->pos, eff);
		int64_t got = io_stream_read(s->stream, buf, len);
		bool fired = took_fault(s);

		if (len == 0 && can_read)
			want = 0;
		ok = check_read(s, s->pos, eff, buf, got, want, fired);
		if (ok && got > 0)
			s->pos += (uint64_t)got;
	} else {
		int64_t want = !can_write ? -EBADF : len && !room ? -EFBIG :
			       expect_write(s, s->pos, eff);
		int64_t got;
		bool fired;

		fill(buf, len, (uint8_t)tio_rng_next(r));
		got = io_stream_write(s->stream, buf, len);
		fired = took_fault(s);
		ok = check_write(s, s->pos, eff, buf, got, want, fired);
		if (ok && got > 0)
			s->pos += (uint64_t)got;
	}
	free(buf);
	return ok;
}

bool tio_stack_step(struct tio_stack *s, struct tio_rng *r)
{
	int op = (int)tio_rng_below(r, s->mode == TIO_BYTES ? 3 : 5);
	bool ok;

	s->steps++;
	maybe_arm(s, r);
	if (s->mode == TIO_BYTES) {
		if (op == 2) {
			int got = io_byte_flush(s->top);
			bool fired = took_fault(s);

			ok = got == (fired ? *s->err : 0) ||
			     fail(s, "flush returned %d (fault %d)", got, fired ? *s->err : 0);
		} else {
			ok = step_bytes(s, r, op);
		}
	} else {
		ok = step_stream(s, r, op == 4 ? 0 : op);
	}
	if (ok && s->mode != TIO_BYTES) {
		int64_t at = io_stream_tell(s->stream);

		if (at != (int64_t)s->pos)
			ok = fail(s, "position %lld, model %llu", (long long)at,
				  (unsigned long long)s->pos);
	}
	return ok && check_locks_free(s);
}

/*
 * Lockable wrappers: a block device, byte device or stream that takes a lock around every call
 * of the device it wraps, so one device (and the state of wrappers under it, such as a byte
 * view's scratch block or a stream's position) can be shared by tasks. The lock is injected as
 * a small ops table: the kernel plugs a mutex, host tests a counting fake or a pthread mutex.
 * The lock is never held when the wrapper returns, and it is not recursive: a device below a
 * lockable must not call back into the same lockable.
 * Context: as the lock allows (a sleeping mutex: task context only).
 */
#ifndef KEEL_IO_LOCKABLE_H
#define KEEL_IO_LOCKABLE_H

#include <stdbool.h>

#include <io/io.h>
#include <io/stream.h>

struct io_lock_ops {
	void (*lock)(void *ctx);
	void (*unlock)(void *ctx);
	bool (*trylock)(void *ctx);  /* optional: true when taken without waiting */
};

struct io_lock {
	const struct io_lock_ops *ops;
	void *ctx;
};

struct io_lockable_block {
	struct io_block_dev dev;    /* exported: pass &l->dev */
	struct io_block_dev inner;
	struct io_lock lock;
};

struct io_lockable_byte {
	struct io_byte_dev dev;     /* exported: pass &l->dev */
	struct io_byte_dev inner;
	struct io_lock lock;
};

struct io_lockable_stream {
	struct io_stream stream;    /* exported: pass &l->stream */
	struct io_stream inner;
	struct io_lock lock;
};

void io_lockable_block_init(struct io_lockable_block *l, const struct io_block_dev *inner,
			    const struct io_lock *lock);
void io_lockable_byte_init(struct io_lockable_byte *l, const struct io_byte_dev *inner,
			   const struct io_lock *lock);
void io_lockable_stream_init(struct io_lockable_stream *l, const struct io_stream *inner,
			     const struct io_lock *lock);

#endif /* KEEL_IO_LOCKABLE_H */

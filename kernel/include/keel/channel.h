/*
 * Bounded channels: a fixed-capacity FIFO of fixed-size messages between any number of senders
 * and receivers (MPMC). send blocks while the channel is full, recv while it is empty; the
 * try_ variants never block and are safe in interrupt context. close wakes everyone: sends then
 * fail with -EPIPE, receives drain what is left and then fail with -EPIPE.
 *
 * CHANNEL_DEFINE(name, type) generates `struct name` and typed inline wrappers
 * (name_init/_send/_try_send/_recv/_try_recv/_close/_destroy), so sending the wrong type is a
 * compile error rather than a silent size mismatch.
 */
#ifndef KEEL_CHANNEL_H
#define KEEL_CHANNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <keel/compiler.h>
#include <keel/spinlock.h>
#include <keel/waitqueue.h>

struct channel {
	struct spinlock lock; /* protects everything below */
	uint8_t *buf;
	size_t elem_size, capacity;
	size_t head, count;
	bool closed;
	struct waitqueue senders, receivers;
	uint64_t sent, received;
};

/* Allocate room for `capacity` messages of `elem_size` bytes: 0, -EINVAL or -ENOMEM. */
int channel_init(struct channel *c, size_t elem_size, size_t capacity);
/* Free the buffer; no task may be using the channel any more. */
void channel_destroy(struct channel *c);

/* 0, or -EPIPE once closed. Context: task. */
int channel_send(struct channel *c, const void *msg);
/* 0, -EAGAIN when full, -EPIPE once closed. Context: any. */
int channel_try_send(struct channel *c, const void *msg);
/* 0, or -EPIPE when closed and empty. Context: task. */
int channel_recv(struct channel *c, void *out);
/* 0, -EAGAIN when empty, -EPIPE when closed and empty. Context: any. */
int channel_try_recv(struct channel *c, void *out);
/* Context: any. */
void channel_close(struct channel *c);
size_t channel_len(struct channel *c);

#define CHANNEL_DEFINE(name, type) \
	struct name { \
		struct channel ch; \
	}; \
	static inline KEEL_UNUSED int name##_init(struct name *c, size_t capacity) \
	{ \
		return channel_init(&c->ch, sizeof(type), capacity); \
	} \
	static inline KEEL_UNUSED void name##_destroy(struct name *c) \
	{ \
		channel_destroy(&c->ch); \
	} \
	static inline KEEL_UNUSED int name##_send(struct name *c, const type *msg) \
	{ \
		return channel_send(&c->ch, msg); \
	} \
	static inline KEEL_UNUSED int name##_try_send(struct name *c, const type *msg) \
	{ \
		return channel_try_send(&c->ch, msg); \
	} \
	static inline KEEL_UNUSED int name##_recv(struct name *c, type *out) \
	{ \
		return channel_recv(&c->ch, out); \
	} \
	static inline KEEL_UNUSED int name##_try_recv(struct name *c, type *out) \
	{ \
		return channel_try_recv(&c->ch, out); \
	} \
	static inline KEEL_UNUSED void name##_close(struct name *c) \
	{ \
		channel_close(&c->ch); \
	} \
	struct name

#endif /* KEEL_CHANNEL_H */

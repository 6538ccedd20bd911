/*
 * Tests of the stateful layer: reader / writer / reader-writer streams over byte devices
 * (permissions, seek set/current/end, short reads and writes at the end, errors leave the
 * position alone), the loop helpers, a character device implemented directly as a stream, and
 * a full stack: stream -> lockable -> byte view -> block device.
 */
#include "check.h"

#include <keel/compiler.h>
#include <io/byte_view.h>
#include <io/lockable.h>
#include <io/mem_dev.h>
#include <io/stream.h>

#include "io_testdev.h"

TEST(permissions)
{
	static uint8_t mem[100], buf[10];
	struct io_mem_dev m;
	struct io_dev_stream r, w, rw;

	memset(mem, 7, sizeof(mem));
	io_mem_dev_init(&m, mem, sizeof(mem), 1, false);
	io_reader_init(&r, &m.byte);
	io_writer_init(&w, &m.byte);
	io_reader_writer_init(&rw, &m.byte);

	memset(buf, 1, sizeof(buf));
	CHECK_EQ_INT(io_stream_write(&r.stream, buf, 10), -EBADF);
	CHECK_EQ_INT(io_stream_write(&r.stream, buf, 0), -EBADF);
	CHECK_EQ_INT(mem[0], 7);
	CHECK_EQ_INT(io_stream_tell(&r.stream), 0);
	CHECK_EQ_INT(io_stream_read(&w.stream, buf, 10), -EBADF);
	CHECK_EQ_INT(io_stream_write(&w.stream, buf, 10), 10);
	CHECK_EQ_INT(io_stream_tell(&w.stream), 10);
	CHECK_EQ_INT(io_stream_read(&r.stream, buf, 10), 10);
	CHECK_EQ_INT(buf[0], 1);
	CHECK_EQ_INT(io_stream_read(&rw.stream, buf, 5), 5);
	CHECK_EQ_INT(io_stream_write(&rw.stream, buf, 5), 5);
	CHECK_EQ_INT(io_stream_tell(&rw.stream), 10);

	/* a reader over a read-only device reads; a writer over it gets -EROFS */
	struct io_mem_dev ro;
	io_mem_dev_init(&ro, mem, sizeof(mem), 1, true);
	io_writer_init(&w, &ro.byte);
	CHECK_EQ_INT(io_stream_write(&w.stream, buf, 1), -EROFS);
	CHECK_EQ_INT(io_stream_tell(&w.stream), 0);
}

TEST(seek)
{
	static uint8_t mem[1000];
	struct io_mem_dev m;
	struct io_dev_stream s;

	io_mem_dev_init(&m, mem, sizeof(mem), 512, false);
	io_reader_writer_init(&s, &m.byte);
	CHECK_EQ_INT(io_stream_seek(&s.stream, 100, IO_SEEK_SET), 100);
	CHECK_EQ_INT(io_stream_seek(&s.stream, 50, IO_SEEK_CUR), 150);
	CHECK_EQ_INT(io_stream_seek(&s.stream, -20, IO_SEEK_CUR), 130);
	CHECK_EQ_INT(io_stream_seek(&s.stream, -1, IO_SEEK_END), 999);
	CHECK_EQ_INT(io_stream_seek(&s.stream, 24, IO_SEEK_END), 1024);  /* past the end is fine */
	CHECK_EQ_INT(io_stream_seek(&s.stream, -2000, IO_SEEK_CUR), -EINVAL);
	CHECK_EQ_INT(io_stream_seek(&s.stream, 0, 7), -EINVAL);
	CHECK_EQ_INT(io_stream_seek(&s.stream, INT64_MAX, IO_SEEK_CUR), -EOVERFLOW);
	CHECK_EQ_INT(io_stream_tell(&s.stream), 1024);  /* errors leave the position */
	CHECK_EQ_INT(io_stream_seek(&s.stream, INT64_MAX, IO_SEEK_SET), INT64_MAX);
	CHECK_EQ_INT(io_stream_write(&s.stream, mem, 1), -EFBIG);
	CHECK_EQ_INT(io_stream_read(&s.stream, mem, 1), 0);

	/* SEEK_END needs a known length */
	struct tio_fault_block f;
	struct io_byte_view v;
	static uint8_t scratch[512];
	tio_fault_block_init(&f, &m.blk);
	f.hide_count = true;
	io_byte_view_init(&v, &f.dev, scratch, NULL);
	io_reader_init(&s, &v.dev);
	CHECK_EQ_INT(io_stream_seek(&s.stream, 0, IO_SEEK_END), -ESPIPE);
	CHECK_EQ_INT(io_stream_seek(&s.stream, 10, IO_SEEK_SET), 10);
	io_byte_view_fini(&v);
}

TEST(end_of_device)
{
	static uint8_t mem[1000], buf[300];
	struct io_mem_dev m;
	struct io_dev_stream s;

	for (int i = 0; i < 1000; i++)
		mem[i] = (uint8_t)i;
	io_mem_dev_init(&m, mem, sizeof(mem), 512, false);
	io_reader_writer_init(&s, &m.byte);
	io_stream_seek(&s.stream, 900, IO_SEEK_SET);
	CHECK_EQ_INT(io_stream_read(&s.stream, buf, 300), 100);   /* short at the end */
	CHECK_EQ_INT(buf[0], (uint8_t)900);
	CHECK_EQ_INT(io_stream_read(&s.stream, buf, 300), 0);     /* end of stream */
	CHECK_EQ_INT(io_stream_tell(&s.stream), 1000);
	CHECK_EQ_INT(io_stream_write(&s.stream, buf, 1), -ENOSPC);
	CHECK_EQ_INT(io_stream_tell(&s.stream), 1000);
	io_stream_seek(&s.stream, 950, IO_SEEK_SET);
	CHECK_EQ_INT(io_stream_write(&s.stream, buf, 300), 50);   /* what fits */
	io_stream_seek(&s.stream, 950, IO_SEEK_SET);
	CHECK_EQ_INT(io_stream_write_all(&s.stream, buf, 300), -ENOSPC);
	io_stream_seek(&s.stream, 0, IO_SEEK_SET);
	CHECK_EQ_INT(io_stream_read_full(&s.stream, buf, 300), 300);
	io_stream_seek(&s.stream, 800, IO_SEEK_SET);
	CHECK_EQ_INT(io_stream_read_full(&s.stream, buf, 300), 200);
}

TEST(errors_keep_position)
{
	static uint8_t mem[4096], buf[1000];
	struct io_mem_dev m;
	struct tio_fault_byte f;
	struct io_dev_stream s;

	io_mem_dev_init(&m, mem, sizeof(mem), 512, false);
	tio_fault_byte_init(&f, &m.byte);
	io_reader_writer_init(&s, &f.dev);
	io_stream_seek(&s.stream, 123, IO_SEEK_SET);
	f.fail_at = (int64_t)f.calls;
	CHECK_EQ_INT(io_stream_read(&s.stream, buf, 1000), -EIO);
	CHECK_EQ_INT(io_stream_tell(&s.stream), 123);
	f.fail_at = (int64_t)f.calls;
	f.partial = true;
	CHECK_EQ_INT(io_stream_write(&s.stream, buf, 1000), -EIO);
	CHECK_EQ_INT(io_stream_tell(&s.stream), 123);
	f.fail_at = (int64_t)f.calls;
	CHECK_EQ_INT(io_stream_flush(&s.stream), -EIO);
	f.fail_at = (int64_t)f.calls + 1;  /* the second write of write_all fails */
	io_stream_seek(&s.stream, 4000, IO_SEEK_SET);
	CHECK_EQ_INT(io_stream_write_all(&s.stream, buf, 200), -EIO);
}

/* A character device as a stream: a fake UART that hands out at most 3 bytes per read. */
struct fake_uart {
	const char *rx;
	size_t rx_len, rx_pos;
	char tx[64];
	size_t tx_len;
	int closed;
};

static int64_t uart_read(void *ctx, void *buf, size_t len)
{
	struct fake_uart *u = ctx;
	size_t n = KEEL_MIN(len, KEEL_MIN((size_t)3, u->rx_len - u->rx_pos));

	memcpy(buf, u->rx + u->rx_pos, n);
	u->rx_pos += n;
	return (int64_t)n;
}

static int64_t uart_write(void *ctx, const void *buf, size_t len)
{
	struct fake_uart *u = ctx;
	size_t n = KEEL_MIN(len, sizeof(u->tx) - u->tx_len);

	if (n == 0)
		return -EAGAIN;
	memcpy(u->tx + u->tx_len, buf, n);
	u->tx_len += n;
	return (int64_t)n;
}

static int uart_close(void *ctx)
{
	struct fake_uart *u = ctx;

	u->closed++;
	return 0;
}

static const struct io_stream_ops uart_ops = {
	.read = uart_read, .write = uart_write, .close = uart_close,
};

TEST(char_device_stream)
{
	struct fake_uart u = { .rx = "hello, keel", .rx_len = 11 };
	struct io_stream s = { &uart_ops, &u };
	struct tio_lock lk;
	struct io_lockable_stream ls;
	char buf[32];

	tio_lock_init(&lk);
	io_lockable_stream_init(&ls, &s, &lk.lock);
	CHECK_EQ_INT(io_stream_seek(&s, 0, IO_SEEK_SET), -ESPIPE);
	CHECK_EQ_INT(io_stream_seek(&ls.stream, 0, IO_SEEK_CUR), -ESPIPE);
	CHECK_EQ_INT(io_stream_read(&ls.stream, buf, 32), 3);  /* short: what is available */
	CHECK_EQ_INT(io_stream_read_full(&ls.stream, buf + 3, 29), 8);
	CHECK(memcmp(buf, "hello, keel", 11) == 0);
	CHECK_EQ_INT(io_stream_write_all(&ls.stream, "ok\r\n", 4), 0);
	CHECK(memcmp(u.tx, "ok\r\n", 4) == 0);
	CHECK_EQ_INT(io_stream_flush(&ls.stream), 0);
	CHECK_EQ_INT(io_stream_close(&ls.stream), 0);
	CHECK_EQ_INT(u.closed, 1);
	CHECK_EQ_U64(lk.locks, 9);  /* seek, read, 4 reads of read_full, write, flush, close */
	CHECK(!lk.held);
}

/* The stacking the issue asks for: stream -> lockable -> byte view -> block device. */
TEST(stack_stream_lockable_view_block)
{
	static uint8_t disk[512 * 8], scratch[512], blk[512 * 2];
	static const char msg[] = "Keel stacks streams on lockables on byte views on block devices.";
	struct io_mem_dev m;
	struct tio_fault_block dev;  /* stands in for the ATA disk: counts its calls */
	struct io_byte_view view;
	struct tio_lock lk;
	struct io_lockable_byte locked;
	struct io_dev_stream s;
	char back[sizeof(msg)];

	io_mem_dev_init(&m, disk, sizeof(disk), 512, false);
	tio_fault_block_init(&dev, &m.blk);
	tio_lock_init(&lk);
	CHECK_EQ_INT(io_byte_view_init(&view, &dev.dev, scratch, NULL), 0);
	io_lockable_byte_init(&locked, &view.dev, &lk.lock);
	dev.require_held = &lk.held;
	io_reader_writer_init(&s, &locked.dev);

	CHECK_EQ_INT(io_stream_seek(&s.stream, 500, IO_SEEK_SET), 500);  /* straddles 2 blocks */
	CHECK_EQ_INT(io_stream_write_all(&s.stream, msg, sizeof(msg)), 0);
	CHECK_EQ_INT(io_stream_tell(&s.stream), 500 + (int64_t)sizeof(msg));
	CHECK_EQ_INT(io_stream_seek(&s.stream, -(int64_t)sizeof(msg), IO_SEEK_CUR), 500);
	CHECK_EQ_INT(io_stream_read_full(&s.stream, back, sizeof(back)), (int64_t)sizeof(msg));
	CHECK(memcmp(back, msg, sizeof(msg)) == 0);
	/* the bytes really are in blocks 0 and 1 of the block device */
	CHECK_EQ_INT(io_block_read(&m.blk, 0, 2, blk), 0);
	CHECK(memcmp(blk + 500, msg, sizeof(msg)) == 0);
	CHECK_EQ_INT(io_stream_seek(&s.stream, 0, IO_SEEK_END), 4096);
	CHECK_EQ_INT(io_stream_flush(&s.stream), 0);
	CHECK(!lk.held);
	CHECK_EQ_U64(lk.locks, 4);  /* write, read, length (SEEK_END), flush */
	/* and a device error deep in the stack reaches the stream's caller */
	dev.fail_at = (int64_t)dev.calls;
	dev.err = -ETIMEDOUT;
	io_stream_seek(&s.stream, 1000, IO_SEEK_SET);
	CHECK_EQ_INT(io_stream_read(&s.stream, back, 10), -ETIMEDOUT);
	CHECK(!lk.held);
	io_byte_view_fini(&view);
}

CHECK_MAIN("io_stream")

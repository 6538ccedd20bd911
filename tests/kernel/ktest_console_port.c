/*
 * Explicit ktest console_port_size (run by tests/qemu/test_virtio.py): consoles on fake ports
 * through struct console_port_ops, as virtio-console's are. A port that knows its size starts the
 * console at that size and a resize notification (console_port_resized) is applied by the
 * console task; `resize` (console_query_size) reads the port's size again; a port that knows none
 * stays 80x24 and says -EOPNOTSUPP; none of them is ever sent the CPR size query. This is the
 * resize path QEMU cannot drive (its virtio-serial reports no size).
 */
#include <keel/errno.h>
#include <keel/ktest.h>
#include <keel/spinlock.h>
#include <keel/task.h>
#include <string.h>

#include "kernel/console/console.h"

struct fake_port {
	struct spinlock lock;
	int rows, cols;          /* 0: no known size */
	uint64_t bytes;
	bool saw_query;          /* ESC [ 6 n or ESC [ 18 t went out */
	char tail[8];
};

static void fake_write(void *port, const void *buf, uint32_t n)
{
	struct fake_port *f = port;
	const char *b = buf;
	uint64_t fl = spin_lock_irqsave(&f->lock);

	for (uint32_t i = 0; i < n; i++) {
		memmove(f->tail, f->tail + 1, sizeof(f->tail) - 1);
		f->tail[sizeof(f->tail) - 1] = b[i];
		if (memcmp(f->tail + 4, "\033[6n", 4) == 0 || memcmp(f->tail + 3, "\033[18t", 5) == 0)
			f->saw_query = true;
	}
	f->bytes += n;
	spin_unlock_irqrestore(&f->lock, fl);
}

static void fake_resume(void *port)
{
	(void)port;
}

static bool fake_size(void *port, int *rows, int *cols)
{
	struct fake_port *f = port;

	if (!f->rows)
		return false;
	*rows = __atomic_load_n(&f->rows, __ATOMIC_RELAXED);
	*cols = __atomic_load_n(&f->cols, __ATOMIC_RELAXED);
	return true;
}

static const struct console_port_ops fake_ops = {
	.write = fake_write,
	.resume_input = fake_resume,
	.known_size = fake_size,
	.no_size_query = true,
};

static struct fake_port sized = { SPINLOCK_INIT("fake0"), 43, 132, 0, false, { 0 } };
static struct fake_port unsized = { SPINLOCK_INIT("fake1"), 0, 0, 0, false, { 0 } };

KTEST_EXPLICIT(console_port_size)
{
	struct console *c, *u;
	int err, rows, cols;

	c = console_create_port("fake0", &fake_ops, &sized, 0, 0, &err);
	KT_ASSERT(c != NULL);
	console_get_size(c, &rows, &cols);
	KT_EXPECT_EQ(rows, 43);
	KT_EXPECT_EQ(cols, 132);

	__atomic_store_n(&sized.rows, 50, __ATOMIC_RELAXED);
	__atomic_store_n(&sized.cols, 200, __ATOMIC_RELAXED);
	console_port_resized(c);
	for (int i = 0; i < 100; i++) { /* applied by the console task on its next round */
		console_get_size(c, &rows, &cols);
		if (rows == 50 && cols == 200)
			break;
		task_sleep_ms(10);
	}
	KT_EXPECT_EQ(rows, 50);
	KT_EXPECT_EQ(cols, 200);

	__atomic_store_n(&sized.rows, 30, __ATOMIC_RELAXED);
	__atomic_store_n(&sized.cols, 100, __ATOMIC_RELAXED);
	KT_EXPECT_EQ(console_query_size(c), 0); /* `resize`: the port's size, applied on return */
	console_get_size(c, &rows, &cols);
	KT_EXPECT_EQ(rows, 30);
	KT_EXPECT_EQ(cols, 100);

	__atomic_store_n(&sized.rows, 2, __ATOMIC_RELAXED); /* absurd sizes are clamped (4 x 10 at least) */
	__atomic_store_n(&sized.cols, 5, __ATOMIC_RELAXED);
	KT_EXPECT_EQ(console_query_size(c), 0);
	console_get_size(c, &rows, &cols);
	KT_EXPECT_EQ(rows, 4);
	KT_EXPECT_EQ(cols, 10);

	u = console_create_port("fake1", &fake_ops, &unsized, 0, 0, &err);
	KT_ASSERT(u != NULL);
	console_get_size(u, &rows, &cols);
	KT_EXPECT_EQ(rows, 24);
	KT_EXPECT_EQ(cols, 80);
	KT_EXPECT_EQ(console_query_size(u), -EOPNOTSUPP);
	KT_EXPECT_EQ(console_port_input(c, (const uint8_t *)"echo hi\r", 8), 8);
	KT_EXPECT_EQ(console_port_input(u, (const uint8_t *)"echo hi\r", 8), 8);
	for (int i = 0; i < 200 && (sized.bytes < 20 || unsized.bytes < 20); i++)
		task_sleep_ms(10);
	task_sleep_ms(200); /* past the 100 ms a serial console's first size query would wait */
	KT_EXPECT(sized.bytes >= 20 && unsized.bytes >= 20); /* both consoles drew */
	KT_EXPECT(!sized.saw_query);
	KT_EXPECT(!unsized.saw_query);
}

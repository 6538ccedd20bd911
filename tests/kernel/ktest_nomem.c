/*
 * Allocation failures on the console's paths, under the heap's failure injection (every Nth
 * allocation fails): the terminal core with the serial renderer and a memory budget, floods of
 * long lines, resizes, and task creation must all degrade (a NULL, a refused resize, a dropped
 * write) and never crash, leak or wedge; with injection off again everything works and every
 * byte allocated meanwhile has been given back.
 */
#include <keel/heap.h>
#include <keel/ktest.h>
#include <keel/task.h>
#include <string.h>

#include "kernel/console/console_priv.h"
#include "term/backend_serial.h"
#include "term/term.h"

static uint64_t nomem_wire;

static void nomem_out(void *user, const char *buf, size_t len)
{
	(void)user;
	(void)buf;
	nomem_wire += len;
}

static int nomem_task(void *arg)
{
	(void)arg;
	return 7;
}

/* One console-shaped terminal through its life; returns whether it was created. */
static bool nomem_round(unsigned every)
{
	static const char line[] = "\033[1;31mlong line of output with colour\033[m and some more text to wrap around\r\n";
	struct term *t;
	struct term_serial *ser;
	struct task *k;
	int v = 0;

	heap_inject_failures(every);
	t = term_new(&console_term_alloc, 24, 80);
	ser = t ? term_serial_new(&console_term_alloc, nomem_out, NULL) : NULL;
	if (t && ser) {
		term_set_scrollback_budget(t, 64 * 1024);
		term_attach(t, &term_serial_backend, ser);
		for (int i = 0; i < 400; i++) {
			term_write(t, line, sizeof(line) - 1);
			if (i % 50 == 0) {
				term_resize(t, 24 + i % 7, 80 + i % 13); /* may be refused: the old size stays */
				term_flush(t);
			}
		}
		term_flush(t);
		KT_EXPECT(term_memory_used(t) <= 64 * 1024 || term_memory_used(t) <= term_memory_grid(30, 93));
	}
	k = task_spawn("nomem", nomem_task, NULL);
	heap_inject_failures(0);
	if (k) {
		task_join(k, &v);
		KT_EXPECT_EQ(v, 7);
	}
	if (t) {
		term_attach(t, NULL, NULL);
		term_free(t);
	}
	if (ser)
		term_serial_free(ser);
	return t && ser;
}

KTEST(nomem_console_paths_degrade)
{
	struct heap_stats before, after;
	unsigned made = 0;

	heap_get_stats(&before);
	for (unsigned every = 2; every <= 40; every++)
		made += nomem_round(every) ? 1 : 0;
	heap_get_stats(&after);
	KT_EXPECT(after.failures > before.failures);   /* the failure paths were taken */
	KT_EXPECT(made > 0);                             /* and some rounds got far */
	KT_EXPECT_EQ(after.bytes_in_use, before.bytes_in_use); /* nothing leaked on any path */
	KT_EXPECT(nomem_round(0));                       /* all fine again */
}

/*
 * libFuzzer target: arbitrary bytes through the parser, state and screen of a terminal whose
 * size comes from the first two bytes, written in pieces of varying size, with damage flushed
 * to the serial renderer now and then. Checks the grid invariants after every piece; half the
 * inputs run under a memory budget a little above the grid's, which must hold after every piece.
 */
#include <stdio.h>
#include <stdlib.h>

#include "term/backend_serial.h"
#include "tools/term_host_util.h"

static void sink(void *user, const char *buf, size_t len)
{
	(void)user;
	(void)buf;
	(void)len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct term *t;
	struct term_serial *ser;
	const char *e;
	size_t i = 2, budget = 0;

	if (size < 2)
		return 0;
	t = term_new(&term_host_alloc, 1 + data[0] % 40, 1 + data[1] % 100);
	if (!t)
		return 0;
	term_set_output(t, sink, NULL);
	term_set_scrollback(t, 64);
	if ((data[0] ^ data[1]) & 1) {
		budget = term_memory_grid(1 + data[0] % 40, 1 + data[1] % 100) + (size_t)data[0] * 97u % 8192u;
		if (term_set_scrollback_budget(t, budget) != 0)
			abort();
	}
	ser = term_serial_new(&term_host_alloc, sink, NULL);
	if (ser)
		term_attach(t, &term_serial_backend, ser);
	while (i < size) {
		size_t n = 1 + data[i] % 64;
		i++;
		if (n > size - i)
			n = size - i;
		term_write(t, data + i, n);
		i += n;
		if ((e = term_check_invariants(t)) != NULL) {
			fprintf(stderr, "invariant: %s\n", e);
			abort();
		}
		if (budget && term_memory_used(t) > budget) {
			fprintf(stderr, "memory %zu over the budget %zu\n", term_memory_used(t), budget);
			abort();
		}
		if (ser && (i & 3) == 0)
			term_flush(t);
	}
	if (ser) {
		term_flush(t);
		term_attach(t, NULL, NULL);
		term_serial_free(ser);
	}
	term_free(t);
	return 0;
}

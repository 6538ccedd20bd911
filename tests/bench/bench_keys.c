/*
 * Benchmark of the console's input path on line noise (`make bench`): random bytes (a seeded
 * generator) fed as the console task feeds them, one byte at a time, through the key decoder into
 * the line editor (every submitted line discarded), and again with the editor's drawing going
 * through the terminal core and the serial renderer, flushed every 128 bytes as the console does.
 * A noisy port is back-pressured, not dropped, so this rate is what such a port costs. Fails
 * (exit 1) below 1 MB/s for decoder + editor.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "term/backend_serial.h"
#include "term/keys.h"
#include "term/lineedit.h"
#include "term/term.h"
#include "tools/term_host_util.h"

#define NOISE_BYTES (4u << 20)
#define LIMIT_MBPS 1.0

struct pipe {
	struct term_keys keys;
	struct term_le le;
	struct term *term;
	unsigned long lines;
	unsigned long long wire;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void le_write(void *user, const char *buf, size_t len)
{
	struct pipe *p = user;

	if (p->term)
		term_write(p->term, buf, len);
}

static void le_submit(void *user, const char *line, size_t len)
{
	struct pipe *p = user;

	(void)line;
	(void)len;
	p->lines++;
}

static const struct term_le_ops ops = { .write = le_write, .submit = le_submit };

static void key(void *user, const struct term_key_event *ev)
{
	struct pipe *p = user;

	term_le_key(&p->le, ev);
}

static void wire_out(void *user, const char *buf, size_t len)
{
	struct pipe *p = user;

	(void)buf;
	p->wire += len;
}

static double run(const unsigned char *noise, int with_term, struct pipe *p)
{
	static struct term_serial *ser;
	double t0;

	memset(p, 0, sizeof(*p));
	term_keys_init(&p->keys, key, p);
	term_le_init(&p->le, &ops, p, 80);
	term_le_set_auto_prompt(&p->le, 1);
	term_le_set_prompt(&p->le, "keel> ");
	if (with_term) {
		p->term = term_new(&term_host_alloc, 24, 80);
		ser = term_serial_new(&term_host_alloc, wire_out, p);
		term_attach(p->term, &term_serial_backend, ser);
	}
	term_le_show(&p->le);
	t0 = now();
	for (size_t i = 0; i < NOISE_BYTES; i++) {
		term_keys_feed(&p->keys, &noise[i], 1);
		if (p->term && (i & 127) == 127)
			term_flush(p->term);
	}
	t0 = now() - t0;
	if (with_term) {
		term_attach(p->term, NULL, NULL);
		term_serial_free(ser);
		term_free(p->term);
	}
	return NOISE_BYTES / t0 / 1e6;
}

int main(void)
{
	unsigned char *noise = malloc(NOISE_BYTES);
	unsigned long long x = 0x9e3779b97f4a7c15ull;
	struct pipe p;
	double le_mbps, full_mbps;

	if (!noise)
		return 2;
	for (size_t i = 0; i < NOISE_BYTES; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		noise[i] = (unsigned char)(x >> 24);
	}
	le_mbps = run(noise, 0, &p);
	printf("bench_keys: line noise through key decoder + line editor: %.1f MB/s (%lu lines submitted)\n",
	       le_mbps, p.lines);
	full_mbps = run(noise, 1, &p);
	printf("bench_keys: ... + terminal core + serial renderer: %.1f MB/s (%.1f bytes to the wire per byte in)\n",
	       full_mbps, (double)p.wire / NOISE_BYTES);
	free(noise);
	if (le_mbps < LIMIT_MBPS) {
		printf("bench_keys: FAIL: below %.1f MB/s\n", LIMIT_MBPS);
		return 1;
	}
	return 0;
}

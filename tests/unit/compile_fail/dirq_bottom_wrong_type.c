/* Must NOT compile: a bottom half expecting another event type than the one its top half posts. */
#include <keel/dirq.h>

struct key_event {
	unsigned char scancode;
};

struct rx_event {
	unsigned long bytes;
};

DIRQ_DEFINE(key_dirq, struct key_event);

static void key_top(struct key_dirq *d, void *ctx)
{
	(void)d;
	(void)ctx;
}

static void rx_bottom(struct key_dirq *d, const struct rx_event *ev, void *ctx)
{
	(void)d;
	(void)ev;
	(void)ctx;
}

int compile_fail(struct key_dirq *d);
int compile_fail(struct key_dirq *d)
{
	return key_dirq_register(d, "kbd", 1, key_top, rx_bottom, 0, 16, 0);
}

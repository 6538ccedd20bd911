/* Must NOT compile: a top half posting an event of another type than its deferred IRQ's. */
#include <keel/dirq.h>

struct key_event {
	unsigned char scancode;
};

struct rx_event {
	unsigned long bytes;
};

DIRQ_DEFINE(key_dirq, struct key_event);

int compile_fail(struct key_dirq *d);
int compile_fail(struct key_dirq *d)
{
	struct rx_event ev = { 1 };

	return key_dirq_post(d, &ev);
}

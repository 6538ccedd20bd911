/* Control case: correct use of the typed channel and deferred-IRQ wrappers MUST compile (so the
 * dirq_ and channel_ failures are failures for the right reason). */
#include <keel/channel.h>
#include <keel/dirq.h>

struct key_event {
	unsigned char scancode;
};

CHANNEL_DEFINE(key_chan, struct key_event);
DIRQ_DEFINE(key_dirq, struct key_event);

static void key_top(struct key_dirq *d, void *ctx)
{
	struct key_event ev = { 1 };

	(void)ctx;
	key_dirq_post(d, &ev);
}

static void key_bottom(struct key_dirq *d, const struct key_event *ev, void *ctx)
{
	(void)d;
	key_chan_try_send(ctx, ev);
}

int compile_ok(struct key_dirq *d, struct key_chan *c);
int compile_ok(struct key_dirq *d, struct key_chan *c)
{
	return key_dirq_register(d, "kbd", 1, key_top, key_bottom, c, 16, DIRQ_IMMEDIATE);
}

/* Must NOT compile: sending a message of another type than the channel's. */
#include <keel/channel.h>

CHANNEL_DEFINE(u32_chan, unsigned int);

int compile_fail(struct u32_chan *c);
int compile_fail(struct u32_chan *c)
{
	unsigned long long v = 1;

	return u32_chan_send(c, &v);
}

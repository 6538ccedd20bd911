/*
 * The log ring (keel/logring.h): a log sink storing each line as [u16 length][u8 level][text]
 * records in a byte ring, with a small index of record offsets by sequence number so a line is
 * found in O(1). When space runs out, the oldest records are dropped and the first kept
 * sequence number advances. Context: any (IRQ-safe spinlock, no allocation).
 */
#include <keel/errno.h>
#include <keel/logring.h>
#include <keel/module.h>
#include <keel/spinlock.h>
#include <string.h>

#define LOGRING_INDEX 2048 /* lines remembered at most (power of two) */

struct logring {
	struct spinlock lock;
	uint8_t buf[LOGRING_BYTES];
	uint64_t head, tail;           /* byte positions (free-running) of oldest record and end */
	uint64_t first_seq, next_seq;  /* kept lines are [first_seq, next_seq) */
	uint64_t offset[LOGRING_INDEX]; /* byte position of each kept line, by seq % LOGRING_INDEX */
};

static struct logring logring = { .lock = SPINLOCK_INIT("logring") };

static void lr_put(uint64_t pos, const void *src, size_t n)
{
	for (size_t i = 0; i < n; i++)
		logring.buf[(pos + i) % LOGRING_BYTES] = ((const uint8_t *)src)[i];
}

static void lr_get(uint64_t pos, void *dst, size_t n)
{
	for (size_t i = 0; i < n; i++)
		((uint8_t *)dst)[i] = logring.buf[(pos + i) % LOGRING_BYTES];
}

static void lr_drop_oldest(void)
{
	uint16_t len;

	lr_get(logring.head, &len, 2);
	logring.head += 3u + len;
	logring.first_seq++;
}

static void logring_sink(void *ctx, enum log_level level, const char *line, size_t len)
{
	uint64_t flags;
	uint16_t n = (uint16_t)(len > LOG_LINE_MAX ? LOG_LINE_MAX : len);
	uint8_t lv = (uint8_t)level;

	(void)ctx;
	flags = spin_lock_irqsave(&logring.lock);
	while (logring.next_seq > logring.first_seq &&
	       (logring.tail + 3u + n - logring.head > LOGRING_BYTES ||
		logring.next_seq - logring.first_seq >= LOGRING_INDEX))
		lr_drop_oldest();
	logring.offset[logring.next_seq % LOGRING_INDEX] = logring.tail;
	lr_put(logring.tail, &n, 2);
	lr_put(logring.tail + 2, &lv, 1);
	lr_put(logring.tail + 3, line, n);
	logring.tail += 3u + n;
	logring.next_seq++;
	spin_unlock_irqrestore(&logring.lock, flags);
}

int logring_read(uint64_t seq, char *buf, size_t size, enum log_level *level, uint64_t *first)
{
	uint64_t flags = spin_lock_irqsave(&logring.lock);
	uint16_t len;
	uint8_t lv;
	size_t n;

	if (first)
		*first = logring.first_seq;
	if (seq >= logring.next_seq) {
		spin_unlock_irqrestore(&logring.lock, flags);
		return -ENOENT;
	}
	if (seq < logring.first_seq) {
		spin_unlock_irqrestore(&logring.lock, flags);
		return -ERANGE;
	}
	lr_get(logring.offset[seq % LOGRING_INDEX], &len, 2);
	lr_get(logring.offset[seq % LOGRING_INDEX] + 2, &lv, 1);
	n = size ? (len < size - 1 ? len : size - 1) : 0;
	lr_get(logring.offset[seq % LOGRING_INDEX] + 3, buf, n);
	spin_unlock_irqrestore(&logring.lock, flags);
	if (size)
		buf[n] = '\0';
	if (level)
		*level = (enum log_level)lv;
	return (int)n;
}

uint64_t logring_next(void)
{
	return __atomic_load_n(&logring.next_seq, __ATOMIC_ACQUIRE);
}

static int logring_init(void)
{
	struct log_sink sink = { logring_sink, NULL };

	log_replay_early(&sink); /* the lines from before this module, so dmesg starts at the first */
	return log_add_sink(&sink);
}

MODULE_INIT(logring, EARLY, logring_init);

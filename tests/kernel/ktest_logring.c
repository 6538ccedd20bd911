/*
 * The log ring: lines logged are found by sequence number in order with their level; a flood
 * of lines overwrites the oldest and the reader is told what it missed.
 */
#include <keel/errno.h>
#include <keel/format.h>
#include <keel/ktest.h>
#include <keel/logring.h>
#include <string.h>

KTEST(logring_keeps_lines_in_order)
{
	uint64_t start = logring_next(), first;
	char buf[LOG_LINE_MAX + 1];
	enum log_level lv;
	int n;

	pr_warn("ktest", "logring line %d", 1);
	pr_info("ktest", "logring line %d", 2);
	n = logring_read(start, buf, sizeof(buf), &lv, NULL);
	KT_ASSERT(n > 0);
	KT_EXPECT(strstr(buf, "ktest: logring line 1") != NULL && lv == LOG_WARN);
	KT_ASSERT(logring_read(start + 1, buf, sizeof(buf), &lv, NULL) > 0);
	KT_EXPECT(strstr(buf, "logring line 2") != NULL && lv == LOG_INFO);
	KT_EXPECT(logring_read(start + 2, buf, sizeof(buf), NULL, &first) == -ENOENT);
	/* Clipping to a small buffer. */
	KT_EXPECT(logring_read(start, buf, 8, NULL, NULL) == 7 && strlen(buf) == 7);
}

KTEST(logring_overwrites_oldest)
{
	uint64_t start = logring_next(), first = 0;
	char buf[LOG_LINE_MAX + 1];

	for (int i = 0; i < 3000; i++)
		pr_debug("ktest", "flood %d", i); /* below the default level: not stored */
	KT_EXPECT(logring_next() == start);
	log_set_level(LOG_DEBUG);
	for (int i = 0; i < 3000; i++)
		pr_debug("ktest", "flood line %04d ....................................", i);
	log_set_level(LOG_INFO);
	KT_EXPECT(logring_next() == start + 3000);
	KT_EXPECT(logring_read(start, buf, sizeof(buf), NULL, &first) == -ERANGE);
	KT_EXPECT(first > start);
	KT_ASSERT(logring_read(start + 2999, buf, sizeof(buf), NULL, NULL) > 0);
	KT_EXPECT(strstr(buf, "flood line 2999") != NULL);
	KT_ASSERT(logring_read(first, buf, sizeof(buf), NULL, NULL) > 0);
}

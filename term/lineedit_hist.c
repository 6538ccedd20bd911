/*
 * Line editor history: up to TERM_LE_HIST_ENTRIES lines packed oldest-first into one fixed
 * byte pool of TERM_LE_HIST_BYTES; adding a line evicts the oldest ones until it fits. Empty
 * lines and a repeat of the newest entry are not added.
 */
#include "term/lineedit_priv.h"

#include <string.h>

static void evict_oldest(struct term_le *le)
{
	size_t n = le->hist_len[0];

	memmove(le->hist, le->hist + n, le->hist_used - n);
	le->hist_used -= n;
	for (unsigned i = 1; i < le->hist_count; i++) {
		le->hist_off[i - 1] = (uint16_t)(le->hist_off[i] - n);
		le->hist_len[i - 1] = le->hist_len[i];
	}
	le->hist_count--;
}

void term_le_history_add(struct term_le *le, const char *line, size_t len)
{
	if (len == 0 || len > TERM_LE_MAX_LINE)
		return;
	if (le->hist_count) {
		unsigned last = le->hist_count - 1;

		if (le->hist_len[last] == len && memcmp(le->hist + le->hist_off[last], line, len) == 0)
			return;
	}
	while (le->hist_count && (le->hist_count == TERM_LE_HIST_ENTRIES ||
				  le->hist_used + len > sizeof(le->hist)))
		evict_oldest(le);
	memcpy(le->hist + le->hist_used, line, len);
	le->hist_off[le->hist_count] = (uint16_t)le->hist_used;
	le->hist_len[le->hist_count] = (uint16_t)len;
	le->hist_used += len;
	le->hist_count++;
}

unsigned term_le_history_count(const struct term_le *le)
{
	return le->hist_count;
}

const char *term_le_history_get(const struct term_le *le, unsigned i, size_t *len)
{
	if (i >= le->hist_count)
		return NULL;
	if (len)
		*len = le->hist_len[i];
	return le->hist + le->hist_off[i];
}

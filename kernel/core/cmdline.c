/*
 * Kernel command line parsing (keel/cmdline.h). A single forward scan over the words; quoting
 * is only meaningful in values. Bounded by the input string; never writes past val_size.
 */
#include <keel/cmdline.h>
#include <string.h>

static const char *cmdline_line = "";

const char *cmdline_get(void)
{
	return cmdline_line;
}

void cmdline_set(const char *line)
{
	cmdline_line = line ? line : "";
}

bool cmdline_find(const char *line, const char *key, char *val, size_t val_size)
{
	size_t klen = strlen(key);
	bool found = false;
	const char *p = line;

	if (klen == 0)
		return false;
	while (*p) {
		const char *word;

		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		word = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '=')
			p++;
		if ((size_t)(p - word) == klen && strncmp(word, key, klen) == 0) {
			found = true;
			if (val && val_size)
				val[0] = '\0';
		} else {
			word = NULL;
		}
		if (*p == '=') {
			size_t n = 0;
			bool quoted = *++p == '"';

			if (quoted)
				p++;
			while (*p && (quoted ? *p != '"' : (*p != ' ' && *p != '\t'))) {
				if (word && val && n + 1 < val_size)
					val[n++] = *p;
				p++;
			}
			if (quoted && *p == '"')
				p++;
			if (word && val && val_size)
				val[n] = '\0';
		}
		while (*p && *p != ' ' && *p != '\t')
			p++; /* junk after a closing quote belongs to this word */
	}
	return found;
}

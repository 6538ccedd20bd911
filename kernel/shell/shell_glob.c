/*
 * Pathname expansion (see shell_glob.h): the matcher for one path part, and the walk that reads
 * each directory a pattern part applies to. Matching keeps one backtrack point (the last `*`),
 * so a pattern of n bytes against a name of m bytes costs at most about n * m steps, whatever
 * the stars; the walk is bounded by SHELL_GLOB_DEPTH_MAX parts and out->dirs_max directories.
 */
#include "kernel/shell/shell_glob.h"

#include <keel/errno.h>
#include <string.h>

#include "kernel/shell/shell_parse.h"

static unsigned char lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* Bytes of the UTF-8 character at s (a stray continuation byte counts as one character). */
static size_t u8len(const char *s)
{
	size_t n = 1;

	if ((unsigned char)s[0] >= 0xC0)
		while (n < 4 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n++;
	return n;
}

bool shell_glob_wanted(const char *word, const uint8_t *meta)
{
	for (size_t i = 0; word[i]; i++)
		if (meta[i] && (word[i] == '*' || word[i] == '?' || word[i] == '['))
			return true;
	return false;
}

int shell_glob_pattern(const char *word, const uint8_t *meta, char *out, size_t cap)
{
	size_t n = 0;

	for (size_t i = 0; word[i]; i++) {
		bool special = word[i] == '\\' || strchr(SHELL_PATTERN_CHARS, word[i]) != NULL;

		if (n + 3 > cap)
			return -ENAMETOOLONG;
		if (special && !meta[i])
			out[n++] = '\\';
		out[n++] = word[i];
	}
	if (cap == 0)
		return -ENAMETOOLONG;
	out[n] = '\0';
	return 0;
}

/*
 * The bracket expression at pat[i] == '[' against the character c (k bytes: a character outside
 * ASCII is never in a set). Returns the index after its ']' with *hit set, or 0 when the bracket
 * is not closed (then the '[' is an ordinary character).
 */
static size_t bracket(const char *pat, size_t plen, size_t i, const char *c, size_t k, bool *hit)
{
	size_t j = i + 1, first;
	bool neg = false, in = false;
	unsigned char ch = (unsigned char)c[0], other = ch;

	if (ch >= 'a' && ch <= 'z')
		other = (unsigned char)(ch - 'a' + 'A');
	else if (ch >= 'A' && ch <= 'Z')
		other = (unsigned char)(ch - 'A' + 'a');
	if (j < plen && (pat[j] == '!' || pat[j] == '^')) {
		neg = true;
		j++;
	}
	first = j;
	while (j < plen && (pat[j] != ']' || j == first)) {
		unsigned char lo = (unsigned char)pat[j], hi;

		if (lo == '\\' && j + 1 < plen)
			lo = (unsigned char)pat[++j];
		hi = lo;
		if (j + 2 < plen && pat[j + 1] == '-' && pat[j + 2] != ']') {
			j += 2;
			hi = (unsigned char)pat[j];
			if (hi == '\\' && j + 1 < plen)
				hi = (unsigned char)pat[++j];
		}
		if (k == 1 && ((ch >= lo && ch <= hi) || (other >= lo && other <= hi)))
			in = true; /* the character or its other case */
		j++;
	}
	if (j >= plen)
		return 0;
	*hit = in != neg;
	return j + 1;
}

bool shell_glob_match(const char *pat, size_t plen, const char *name)
{
	size_t p = 0, n = 0, star_p = 0, star_n = 0;
	bool star = false;

	if (name[0] == '.' && !(plen > 0 && pat[0] == '.') && !(plen > 1 && pat[0] == '\\' && pat[1] == '.'))
		return false; /* a hidden name needs a literal '.' */
	for (;;) {
		if (p < plen && pat[p] == '*') {
			star = true;
			star_p = ++p;
			star_n = n;
			continue;
		}
		if (p < plen && name[n]) {
			size_t k = u8len(name + n), after;
			bool hit = false;

			if (pat[p] == '?') {
				p++;
				n += k;
				continue;
			}
			if (pat[p] == '[' && (after = bracket(pat, plen, p, name + n, k, &hit)) != 0) {
				if (hit) {
					p = after;
					n += k;
					continue;
				}
			} else {
				size_t q = pat[p] == '\\' && p + 1 < plen ? p + 1 : p;

				if (lower((unsigned char)pat[q]) == lower((unsigned char)name[n])) {
					p = q + 1;
					n++;
					continue;
				}
			}
		} else if (p == plen && !name[n]) {
			return true;
		}
		/* A mismatch: let the last star take one more character, if there is one. */
		if (!star || !name[star_n])
			return false;
		star_n += u8len(name + star_n);
		n = star_n;
		p = star_p;
	}
}

struct glob_walk {
	const struct shell_glob_ops *ops;
	void *ctx;
	struct shell_glob_out *out;
	char *path; /* SHELL_GLOB_PATH_MAX: the typed prefix and the matches so far */
	char *name; /* SHELL_GLOB_NAME_MAX: the entry being looked at */
};

static bool part_has_pattern(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\')
			i++;
		else if (s[i] == '*' || s[i] == '?' || s[i] == '[')
			return true;
	}
	return false;
}

static int add_match(struct glob_walk *w, size_t len)
{
	struct shell_glob_out *o = w->out;

	if (o->n >= o->max || o->used + len + 1 > o->cap)
		return -E2BIG;
	memcpy(o->buf + o->used, w->path, len);
	o->buf[o->used + len] = '\0';
	o->words[o->n++] = o->buf + o->used;
	o->used += len + 1;
	return 0;
}

static int walk(struct glob_walk *w, const char *part, size_t len, unsigned depth);

/* "." and ".." as typed after a pattern part: taken as they are (no directory lists them all). */
static int walk_dots(struct glob_walk *w, const char *part, size_t plen, size_t len, unsigned depth)
{
	if (len + plen + 2 > SHELL_GLOB_PATH_MAX)
		return 0;
	memcpy(w->path + len, part, plen);
	len += plen;
	if (!part[plen])
		return add_match(w, len);
	w->path[len] = '/';
	return walk(w, part + plen + 1, len + 1, depth + 1);
}

/* Match the parts of the pattern from `part` on below the directory path[0, len). */
static int walk(struct glob_walk *w, const char *part, size_t len, unsigned depth)
{
	const char *end;
	size_t plen;
	void *dh;
	int ret = 0;

	while (*part == '/') {
		if (len + 2 > SHELL_GLOB_PATH_MAX)
			return 0;
		w->path[len++] = '/';
		part++;
	}
	if (!*part)
		return add_match(w, len); /* a trailing '/': the directory itself */
	if (depth >= SHELL_GLOB_DEPTH_MAX)
		return -E2BIG;
	end = strchr(part, '/');
	plen = end ? (size_t)(end - part) : strlen(part);
	if (!part_has_pattern(part, plen) && ((plen == 1 && part[0] == '.') || (plen == 2 && part[0] == '.' && part[1] == '.')))
		return walk_dots(w, part, plen, len, depth);
	if (w->out->dirs_read >= w->out->dirs_max)
		return -E2BIG;
	w->out->dirs_read++;
	w->path[len] = '\0';
	if (w->ops->open(w->ctx, w->path, &dh) != 0)
		return 0; /* not a directory, or unreadable: nothing matches below it */
	while (ret == 0) {
		bool is_dir = false;
		size_t k;

		if (w->ops->next(w->ctx, dh, w->name, &is_dir) <= 0)
			break;
		w->name[SHELL_GLOB_NAME_MAX - 1] = '\0';
		if (strcmp(w->name, ".") == 0 || strcmp(w->name, "..") == 0 || (end && !is_dir))
			continue;
		if (!shell_glob_match(part, plen, w->name))
			continue;
		k = strlen(w->name);
		if (len + k + 2 > SHELL_GLOB_PATH_MAX)
			continue; /* no path could name it */
		memcpy(w->path + len, w->name, k);
		if (!end) {
			ret = add_match(w, len + k);
		} else {
			w->path[len + k] = '/';
			ret = walk(w, end + 1, len + k + 1, depth + 1);
		}
	}
	w->ops->close(w->ctx, dh);
	return ret;
}

int shell_name_cmp(const char *a, const char *b)
{
	for (size_t i = 0;; i++) {
		unsigned char x = lower((unsigned char)a[i]), y = lower((unsigned char)b[i]);

		if (x != y || !x)
			return x != y ? (x < y ? -1 : 1) : strcmp(a, b);
	}
}

int shell_glob_expand(const struct shell_glob_ops *ops, void *ctx, const char *pattern, struct shell_glob_out *out)
{
	struct glob_walk w = { ops, ctx, out, out->scratch, out->scratch + SHELL_GLOB_PATH_MAX };
	size_t first = out->n, used = out->used, len = 0, start = 0;
	int ret;

	/* The parts before the first pattern part are taken as typed (without their backslashes). */
	for (size_t i = 0;; i++) {
		if (pattern[i] == '/' || !pattern[i]) {
			if (part_has_pattern(pattern + start, i - start) || !pattern[i])
				break;
			for (size_t j = start; j <= i; j++) {
				if (pattern[j] == '\\' && j + 1 < i)
					j++;
				if (len + 2 > SHELL_GLOB_PATH_MAX)
					return -ENAMETOOLONG;
				w.path[len++] = pattern[j];
			}
			start = i + 1;
		}
	}
	ret = walk(&w, pattern + start, len, 0);
	if (ret < 0) {
		out->n = first;
		out->used = used;
		return ret;
	}
	for (size_t i = first + 1; i < out->n; i++) {
		char *v = out->words[i];
		size_t j = i;

		for (; j > first && shell_name_cmp(out->words[j - 1], v) > 0; j--)
			out->words[j] = out->words[j - 1];
		out->words[j] = v;
	}
	return (int)(out->n - first);
}

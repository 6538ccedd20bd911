/*
 * The fake directory tree of glob_fake.h: a directory handle is the directory's normalized path
 * and the index of the next path to look at.
 */
#include "tests/unit/glob_fake.h"

#include <keel/errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fake_dir {
	char dir[512];
	size_t next;
};

/* "a//b/", "./a/", "a/../b/" as the VFS would resolve them (directories end in '/'). */
static void normalize(char *p, size_t cap)
{
	char *out = calloc(1, cap);
	size_t n = 0;

	for (char *seg = p; *seg;) {
		size_t k = strcspn(seg, "/");

		if (k == 2 && seg[0] == '.' && seg[1] == '.') {
			if (n)
				n--;
			while (n && out[n - 1] != '/')
				n--;
		} else if (k && !(k == 1 && seg[0] == '.') && n + k + 2 <= cap) {
			memcpy(out + n, seg, k);
			n += k;
			out[n++] = '/';
		}
		seg += k;
		while (*seg == '/')
			seg++;
	}
	out[n] = '\0';
	memcpy(p, out, n + 1);
	free(out);
}

static int fake_open(void *ctx, const char *dir, void **dh)
{
	struct glob_fake *f = ctx;
	struct fake_dir *d = calloc(1, sizeof(*d));
	size_t n;

	snprintf(d->dir, sizeof(d->dir), "%s", strncmp(dir, "/ram0", 5) == 0 ? dir + 5 : dir);
	n = strlen(d->dir);
	if (n && d->dir[n - 1] != '/') {
		free(d);
		return -ENOTDIR;
	}
	normalize(d->dir, sizeof(d->dir));
	if (d->dir[0]) {
		bool found = false;

		for (size_t i = 0; i < f->count; i++)
			found |= strcmp(f->paths[i], d->dir) == 0;
		if (!found) {
			free(d);
			return -ENOENT;
		}
	}
	*dh = d;
	f->opens++;
	f->open_now++;
	return 0;
}

static int fake_next(void *ctx, void *dh, char name[SHELL_GLOB_NAME_MAX], bool *is_dir)
{
	struct glob_fake *f = ctx;
	struct fake_dir *d = dh;
	size_t dl = strlen(d->dir);

	if (f->fail_next) {
		f->fail_next = 0;
		return -EIO;
	}
	while (d->next < f->count) {
		const char *t = f->paths[d->next++], *rest;
		size_t k;

		if (strncmp(t, d->dir, dl) != 0 || !t[dl])
			continue;
		rest = t + dl;
		k = strcspn(rest, "/");
		if ((rest[k] == '/' && rest[k + 1]) || k >= SHELL_GLOB_NAME_MAX)
			continue; /* deeper down */
		memcpy(name, rest, k);
		name[k] = '\0';
		*is_dir = rest[k] == '/';
		return 1;
	}
	return 0;
}

static void fake_close(void *ctx, void *dh)
{
	struct glob_fake *f = ctx;

	f->open_now--;
	free(dh);
}

const struct shell_glob_ops glob_fake_ops = { fake_open, fake_next, fake_close };

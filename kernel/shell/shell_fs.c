/*
 * Paths, current directories and file-name completion for the shell's file commands
 * (shell_fs.h): the text of a path is made canonical and absolute first, its first component
 * names the volume, and the rest goes to the FAT reader, from the current directory's cursor
 * when the path lies under it (saving the lookups from the root).
 */
#include <keel/errno.h>
#include <keel/format.h>
#include <keel/heap.h>
#include <string.h>

#include "kernel/shell/shell.h"
#include "kernel/shell/shell_fs.h"

struct shell_cwd *shell_cwd_create(void)
{
	struct shell_cwd *c = kzalloc(sizeof(*c));
	struct volume *v;

	if (!c)
		return NULL;
	mutex_init(&c->lock, "shell-cwd");
	keel_snprintf(c->path, sizeof(c->path), "/");
	v = volume_first_mounted();
	if (v) {
		volume_lock(v);
		if (fat_dir_root(v->fat, &c->dir) == 0) {
			c->vol = v;
			keel_snprintf(c->path, sizeof(c->path), "/%s", v->name);
		}
		volume_unlock(v);
	}
	return c;
}

int shell_path_join(const char *cwd, const char *arg, char *out, size_t size)
{
	size_t n = 0;
	const char *srcs[2] = { cwd, arg };
	int first = (arg[0] == '/') ? 1 : 0;

	if (size < 2)
		return -ENAMETOOLONG;
	for (int s = first; s < 2; s++) {
		const char *p = srcs[s];

		while (*p) {
			const char *e;
			size_t len;

			while (*p == '/')
				p++;
			e = p;
			while (*e && *e != '/')
				e++;
			len = (size_t)(e - p);
			if (len == 0 || (len == 1 && p[0] == '.')) {
				/* nothing */
			} else if (len == 2 && p[0] == '.' && p[1] == '.') {
				while (n > 0 && out[n - 1] != '/')
					n--;
				if (n > 0)
					n--; /* the '/' too */
			} else {
				if (n + 1 + len + 1 > size)
					return -ENAMETOOLONG;
				out[n++] = '/';
				memcpy(out + n, p, len);
				n += len;
			}
			p = e;
		}
	}
	if (n == 0)
		out[n++] = '/';
	out[n] = '\0';
	return 0;
}

/* Split a canonical absolute path: the volume named by its first component (NULL for "/"),
 * *rel the rest ("/" when none). -ENOENT: no such volume; -ENODEV: it did not mount. */
static int path_volume(char *abs, struct volume **vol, const char **rel)
{
	char name[VOLUME_NAME_MAX];
	const char *e;
	size_t len;

	*vol = NULL;
	*rel = "/";
	if (strcmp(abs, "/") == 0)
		return 0;
	e = strchr(abs + 1, '/');
	len = e ? (size_t)(e - abs - 1) : strlen(abs + 1);
	if (len >= sizeof(name))
		return -ENOENT;
	memcpy(name, abs + 1, len);
	name[len] = '\0';
	*vol = volume_find(name);
	if (!*vol)
		return -ENOENT;
	if (!(*vol)->fat)
		return -ENODEV;
	*rel = e ? e : "/";
	return 0;
}

int shell_path_resolve(struct shell_ctx *sh, const char *cmd, const char *arg, struct shell_path *p)
{
	struct shell_cwd *c = sh->cwd;
	int ret;

	if (!c) {
		shell_printf(sh, "%s: no current directory (out of memory)\n", cmd);
		return SHELL_FS_FAILED;
	}
	mutex_lock(&c->lock);
	ret = shell_path_join(c->path, arg, p->abs, sizeof(p->abs));
	mutex_unlock(&c->lock);
	if (ret) {
		shell_printf(sh, "%s: %s: path too long\n", cmd, arg);
		return SHELL_FS_FAILED;
	}
	ret = path_volume(p->abs, &p->vol, &p->rel);
	if (ret == -ENOENT) {
		shell_printf(sh, "%s: %s: no such volume (see 'mount')\n", cmd, arg);
		return SHELL_FS_FAILED;
	}
	if (ret == -ENODEV) {
		shell_printf(sh, "%s: %s: volume %s is not mounted: %s\n", cmd, arg, p->vol->name, p->vol->why);
		return SHELL_FS_FAILED;
	}
	return 0;
}

const struct fat_dir *shell_path_base(struct shell_ctx *sh, const struct shell_path *p, struct fat_dir *base,
				      const char **path)
{
	struct shell_cwd *c = sh->cwd;
	const struct fat_dir *ret = NULL;

	*path = p->rel;
	if (!c || !p->vol)
		return NULL;
	mutex_lock(&c->lock);
	if (c->vol == p->vol) {
		size_t n = strlen(c->path);

		if (strncmp(p->abs, c->path, n) == 0 && (p->abs[n] == '/' || p->abs[n] == '\0')) {
			*base = c->dir;
			*path = p->abs[n] ? p->abs + n + 1 : ".";
			ret = base;
		}
	}
	mutex_unlock(&c->lock);
	return ret;
}

void shell_fs_perror(struct shell_ctx *sh, const char *cmd, const char *what, struct volume *v, int err)
{
	const char *msg = keel_strerror(err);

	if (v && v->fat && (err == -EUCLEAN || err == -EIO || err == -ENXIO))
		msg = fat_error(v->fat);
	shell_printf(sh, "%s: %s: %s\n", cmd, what, msg);
}

void shell_fs_human(char *buf, size_t size, uint64_t bytes)
{
	static const char units[] = "KMGT";
	uint64_t whole = bytes, tenths = 0;
	int u = -1;

	while (whole >= 1024 && u < 3) {
		tenths = (bytes * 10 >> (10 * (u + 2))) % 10;
		whole >>= 10;
		u++;
	}
	if (u < 0)
		keel_snprintf(buf, size, "%llu B", (unsigned long long)bytes);
	else
		keel_snprintf(buf, size, "%llu.%llu %ciB", (unsigned long long)whole, (unsigned long long)tenths,
			      units[u]);
}

void shell_fs_time(char *buf, size_t size, const struct fat_time *t)
{
	keel_snprintf(buf, size, "%04u-%02u-%02u %02u:%02u", t->year, t->month, t->day, t->hour, t->minute);
}

/* ---------------------------------------------------------------- completion */

struct comp_state {
	struct term_le_completions *out;
	const char *dir_typed;  /* the directory part as typed (unescaped), "" if none */
	size_t dir_len;
	const char *prefix;     /* the name part (unescaped) */
	size_t prefix_len;
	unsigned matches;
	bool last_dir;
	char dir[TERM_LE_MAX_LINE + 1];
	char cand[TERM_LE_MAX_LINE + 1];
};

static bool ascii_prefix_ci(const char *name, const char *prefix, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char a = name[i], b = prefix[i];

		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (b >= 'A' && b <= 'Z')
			b = (char)(b - 'A' + 'a');
		if (a != b || !a)
			return false;
	}
	return true;
}

static size_t escape_into(char *dst, size_t n, size_t cap, const char *src, size_t len)
{
	for (size_t i = 0; i < len && n + 2 < cap; i++) {
		char ch = src[i];

		if (ch == ' ' || ch == '\'' || ch == '"' || ch == '\\' || ch == '\t')
			dst[n++] = '\\';
		dst[n++] = ch;
	}
	return n;
}

static void comp_offer(struct comp_state *s, const char *name, bool dir)
{
	size_t n;

	if (!ascii_prefix_ci(name, s->prefix, s->prefix_len))
		return;
	n = escape_into(s->cand, 0, sizeof(s->cand), s->dir_typed, s->dir_len);
	n = escape_into(s->cand, n, sizeof(s->cand), name, strlen(name));
	if (dir && n + 1 < sizeof(s->cand))
		s->cand[n++] = '/';
	term_le_comp_add(s->out, s->cand, n);
	s->matches++;
	s->last_dir = dir;
}

/* Offer the entries of the directory at abs (canonical). Context: the console task (completion);
 * it only try-locks the volume, so a volume busy with a long read completes nothing. */
static void comp_dir(struct comp_state *s, char *abs)
{
	struct volume *v;
	const char *rel;
	struct fat_dirent *e;
	struct fat_dir *d;

	if (path_volume(abs, &v, &rel) != 0)
		return;
	if (!v) {
		for (unsigned i = 0; i < volume_count(); i++)
			if (volume_get(i)->fat)
				comp_offer(s, volume_get(i)->name, true);
		return;
	}
	e = kmalloc(sizeof(*e));
	d = kmalloc(sizeof(*d));
	if (!e || !d)
		goto free_bufs;
	if (!volume_trylock(v))
		goto free_bufs;
	if (fat_dir_open(v->fat, NULL, rel, d) == 0) {
		for (;;) {
			int r = fat_dir_read(d, e);

			if (r == 0 || (r < 0 && !d->bad_entry))
				break;
			if (r < 0 || strcmp(e->name, ".") == 0 || strcmp(e->name, "..") == 0)
				continue;
			comp_offer(s, e->name, fat_dirent_is_dir(e));
		}
	}
	volume_unlock(v);
free_bufs:
	kfree(e);
	kfree(d);
}

bool shell_fs_complete(struct shell_cwd *cwd, const char *line, size_t len, size_t cursor,
		       struct term_le_completions *out)
{
	struct comp_state *s;
	char *word, *abs;
	size_t i, start, wn = 0;
	char *slash;

	if (cursor > len)
		cursor = len;
	i = 0;
	while (i < cursor && (line[i] == ' ' || line[i] == '\t'))
		i++;
	while (i < cursor && line[i] != ' ' && line[i] != '\t')
		i++;
	if (i >= cursor)
		return false; /* in the command name */
	/* The word under the cursor starts after the last unescaped blank. */
	start = cursor;
	while (start > i) {
		char ch = line[start - 1];

		if ((ch == ' ' || ch == '\t') && !(start >= 2 && line[start - 2] == '\\'))
			break;
		start--;
	}
	out->start = start;
	if (!cwd)
		return true;
	s = kmalloc(sizeof(*s));
	word = kmalloc(TERM_LE_MAX_LINE + 1);
	abs = kmalloc(SHELL_PATH_MAX);
	if (!s || !word || !abs)
		goto free_bufs;
	for (size_t k = start; k < cursor; k++) {
		if (line[k] == '\\' && k + 1 < cursor) {
			word[wn++] = line[++k];
		} else if (line[k] != '\'' && line[k] != '"') {
			word[wn++] = line[k];
		}
	}
	word[wn] = '\0';
	memset(s, 0, sizeof(*s));
	s->out = out;
	slash = strrchr(word, '/');
	s->dir_len = slash ? (size_t)(slash - word + 1) : 0;
	memcpy(s->dir, word, s->dir_len);
	s->dir[s->dir_len] = '\0';
	s->dir_typed = s->dir;
	s->prefix = slash ? slash + 1 : word;
	s->prefix_len = strlen(s->prefix);
	if (!mutex_trylock(&cwd->lock))
		goto free_bufs;
	{
		int r = shell_path_join(cwd->path, slash ? s->dir : ".", abs, SHELL_PATH_MAX);

		mutex_unlock(&cwd->lock);
		if (r == 0)
			comp_dir(s, abs);
	}
	out->no_space = s->matches == 1 && s->last_dir;
free_bufs:
	kfree(s);
	kfree(word);
	kfree(abs);
	return true;
}

/*
 * Current directories, error lines, listing formats and file-name completion for the shell's
 * file commands (shell_fs.h). Paths are the VFS's business (kernel/fs/vfs.h): the shell only keeps
 * the current directory's text and hands it over with each argument.
 */
#include <keel/errno.h>
#include <keel/format.h>
#include <keel/heap.h>
#include <string.h>

#include "kernel/shell/shell.h"
#include "kernel/shell/shell_fs.h"
#include "kernel/shell/shell_parse.h"

void shell_fs_home(char *out)
{
	struct vfs *v = vfs_kernel();

	memcpy(out, "/", 2);
	for (unsigned i = 0; i < vfs_mount_count(v); i++) {
		bool mounted;
		const char *name = vfs_mount_name(v, i, &mounted);

		if (mounted) {
			keel_snprintf(out, VFS_PATH_MAX, "/%s", name);
			return;
		}
	}
}

static struct shell_cwd *shell_cwd_alloc(void)
{
	struct shell_cwd *c = kzalloc(sizeof(*c));

	if (c)
		mutex_init(&c->lock, "shell-cwd");
	return c;
}

struct shell_cwd *shell_cwd_create(void)
{
	struct shell_cwd *c = shell_cwd_alloc();

	if (c)
		shell_fs_home(c->path);
	return c;
}

struct shell_cwd *shell_cwd_copy(struct shell_ctx *sh)
{
	struct shell_cwd *c = shell_cwd_alloc();

	if (c)
		shell_cwd_get(sh, c->path);
	return c;
}

void shell_cwd_get(struct shell_ctx *sh, char *out)
{
	if (!sh->cwd) {
		memcpy(out, "/", 2);
		return;
	}
	mutex_lock(&sh->cwd->lock);
	memcpy(out, sh->cwd->path, strlen(sh->cwd->path) + 1);
	mutex_unlock(&sh->cwd->lock);
}

void shell_cwd_set(struct shell_ctx *sh, const char *path)
{
	if (!sh->cwd)
		return;
	mutex_lock(&sh->cwd->lock);
	keel_snprintf(sh->cwd->path, sizeof(sh->cwd->path), "%s", path);
	mutex_unlock(&sh->cwd->lock);
}

int shell_fs_error(struct shell_ctx *sh, const char *what, const struct vfs_err *e)
{
	return shell_error(sh, e->code, "%s: %s", what, vfs_strerror(e));
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

void shell_fs_time(char *buf, size_t size, const struct vfs_time *t)
{
	if (t->month == 0) /* never recorded (a volume's root has no directory entry) */
		keel_snprintf(buf, size, "%-16s", "-");
	else
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

		/* blanks, quotes and pattern characters: the completed word names this file only */
		if (ch == ' ' || ch == '\'' || ch == '"' || ch == '\\' || ch == '\t' || ch == '*' || ch == '?' || ch == '[')
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
static void comp_dir(struct comp_state *s, const char *abs)
{
	struct vfs_stat *st = kmalloc(sizeof(*st));
	struct vfs_dir *d = NULL;
	bool skip;

	if (!st || vfs_opendir(vfs_kernel(), "/", abs, VFS_NOWAIT, &d, NULL) != 0)
		goto free_bufs;
	for (;;) {
		int r = vfs_readdir(d, st, &skip, NULL);

		if (r == 0 || (r < 0 && !skip))
			break;
		if (r < 0 || strcmp(st->name, ".") == 0 || strcmp(st->name, "..") == 0)
			continue;
		comp_offer(s, st->name, st->type == VFS_DIR);
	}
	vfs_closedir(d);
free_bufs:
	kfree(st);
}

bool shell_fs_complete(struct shell_cwd *cwd, const char *line, size_t len, size_t cursor,
		       struct term_le_completions *out)
{
	struct comp_state *s;
	char *word, *abs;
	size_t start, wn = 0;
	char *slash;

	if (cursor > len)
		cursor = len;
	if (shell_complete_context(line, cursor, &start))
		return false; /* in a command name */
	out->start = start;
	if (!cwd)
		return true;
	s = kmalloc(sizeof(*s));
	word = kmalloc(TERM_LE_MAX_LINE + 1);
	abs = kmalloc(VFS_PATH_MAX);
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
		int r = vfs_path_join(cwd->path, slash ? s->dir : ".", abs, VFS_PATH_MAX, NULL);

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

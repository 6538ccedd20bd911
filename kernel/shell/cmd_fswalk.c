/*
 * Recursive file-system commands: tree and find. One walker descends a directory depth first
 * through the VFS (a level per directory, at most WALK_DEPTH, on the heap), and guards against
 * corrupt volumes: a subdirectory whose first cluster is already an ancestor's (a directory
 * loop) is reported and not entered, a corrupt entry is reported with the reader's message and
 * skipped, and Ctrl-C stops the walk. From "/" it walks every mounted volume.
 */
#include <keel/errno.h>
#include <keel/format.h>
#include <keel/heap.h>
#include <stdarg.h>
#include <string.h>

#include "kernel/shell/shell.h"
#include "kernel/shell/shell_fs.h"

#define WALK_DEPTH 64

struct walk_level {
	struct vfs_dir *d;
	uint64_t id;      /* the directory's own id (first cluster); 0: a volume's root */
	size_t path_len;  /* of walk.path when this level was entered */
};

struct walk {
	struct shell_ctx *sh;
	/* Called for each entry (not "." / ".."), depth 0 for the start directory's children. */
	void (*visit)(struct walk *w, const struct vfs_stat *e, int depth);
	const char *pattern;  /* find: the name fragment */
	unsigned dirs, files, errors, matches;
	int status;           /* the last error line's code */
	struct walk_level lv[WALK_DEPTH];
	struct vfs_stat e;
	struct vfs_err err;
	char msg[VFS_PATH_MAX + VFS_WHY_MAX];
	char cwd[VFS_PATH_MAX];
	char path[VFS_PATH_MAX]; /* of the entry being visited ("" for "/") */
};

static void walk_error(struct walk *w, int code, const char *fmt, ...) KEEL_PRINTF(3, 4);
static void walk_error(struct walk *w, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	keel_vsnprintf(w->msg, sizeof(w->msg), fmt, ap);
	va_end(ap);
	w->status = shell_error(w->sh, code, "%s", w->msg);
	w->errors++;
}

/* Is id a directory on the way down from this volume's root (a loop)? 0 is a volume root. */
static bool walk_is_ancestor(const struct walk *w, int depth, uint64_t id)
{
	if (id == 0)
		return true; /* ".." of a first-level directory, or a corrupt entry: the root */
	for (int i = depth; i >= 0; i--) {
		if (w->lv[i].id == id)
			return true;
		if (w->lv[i].id == 0)
			break; /* this volume's root: above it is "/" */
	}
	return false;
}

static void walk_close_all(struct walk *w, int depth)
{
	for (; depth >= 0; depth--) {
		vfs_closedir(w->lv[depth].d);
		w->lv[depth].d = NULL;
	}
}

/* Walk from the directory already open in w->lv[0]; w->path holds its path. */
static int walk_run(struct walk *w)
{
	int depth = 0;

	w->lv[0].path_len = strlen(w->path);
	while (depth >= 0) {
		struct walk_level *l = &w->lv[depth];
		struct vfs_stat *e = &w->e;
		size_t n;
		bool skip;
		int ret;

		if (shell_interrupted(w->sh)) {
			walk_close_all(w, depth);
			return -EINTR;
		}
		ret = vfs_readdir(l->d, e, &skip, &w->err);
		w->path[l->path_len] = '\0';
		if (ret == 0 || (ret < 0 && !skip)) {
			if (ret < 0)
				walk_error(w, ret, "%s: %s", w->path[0] ? w->path : "/", vfs_strerror(&w->err));
			vfs_closedir(l->d);
			l->d = NULL;
			depth--;
			continue;
		}
		if (ret < 0) {
			walk_error(w, ret, "%s: %s (entry skipped)", w->path[0] ? w->path : "/", vfs_strerror(&w->err));
			continue;
		}
		if (strcmp(e->name, ".") == 0 || strcmp(e->name, "..") == 0)
			continue;
		n = l->path_len;
		if (n + 1 + strlen(e->name) >= sizeof(w->path)) {
			walk_error(w, -ENAMETOOLONG, "%s/%s: path too long; not entered", w->path, e->name);
			continue;
		}
		keel_snprintf(w->path + n, sizeof(w->path) - n, "/%s", e->name);
		if (e->type == VFS_DIR)
			w->dirs++;
		else
			w->files++;
		w->visit(w, e, depth);
		if (e->type != VFS_DIR)
			continue;
		if (!e->is_mount && walk_is_ancestor(w, depth, e->id)) {
			walk_error(w, -ELOOP, "%s: directory loop (cluster %llu is an ancestor); not entered", w->path,
				   (unsigned long long)e->id);
			continue;
		}
		if (depth + 1 >= WALK_DEPTH) {
			walk_error(w, -ELOOP, "%s: deeper than %d levels; not entered", w->path, WALK_DEPTH);
			continue;
		}
		ret = vfs_opendir(vfs_kernel(), "/", w->path, 0, &w->lv[depth + 1].d, &w->err);
		if (ret) {
			walk_error(w, ret, "%s: %s", w->path, vfs_strerror(&w->err));
			continue;
		}
		depth++;
		w->lv[depth].id = e->is_mount ? 0 : e->id;
		w->lv[depth].path_len = strlen(w->path);
	}
	return 0;
}

/* Set up w for arg: open the start directory. 0, or the error line's code. */
static int walk_start(struct walk *w, const char *arg)
{
	int ret;

	shell_cwd_get(w->sh, w->cwd);
	ret = vfs_path_join(w->cwd, arg, w->path, sizeof(w->path), NULL);
	if (ret == 0)
		ret = vfs_stat(vfs_kernel(), w->cwd, arg, &w->e, &w->err);
	else
		w->err = (struct vfs_err){ ret, "" };
	if (ret == 0 && w->e.type != VFS_DIR) {
		ret = -ENOTDIR;
		w->err = (struct vfs_err){ ret, "" };
	}
	if (ret == 0)
		ret = vfs_opendir(vfs_kernel(), w->cwd, arg, 0, &w->lv[0].d, &w->err);
	if (ret)
		return shell_fs_error(w->sh, arg, &w->err);
	w->lv[0].id = w->e.is_mount ? 0 : w->e.id;
	if (strcmp(w->path, "/") == 0)
		w->path[0] = '\0';
	return 0;
}

static void tree_visit(struct walk *w, const struct vfs_stat *e, int depth)
{
	for (int i = 0; i <= depth; i++)
		shell_write(w->sh, "  ", 2);
	shell_printf(w->sh, "%s%s\n", e->name, e->type == VFS_DIR ? "/" : "");
}

static int cmd_tree(struct shell_ctx *sh, int argc, char **argv)
{
	struct walk *w;
	int ret;

	if (argc > 2)
		return shell_usage(sh, "tree");
	w = kzalloc(sizeof(*w));
	if (!w)
		return -ENOMEM;
	w->sh = sh;
	w->visit = tree_visit;
	ret = walk_start(w, argc == 2 ? argv[1] : ".");
	if (ret)
		goto free_walk;
	shell_printf(sh, "%s\n", w->path[0] ? w->path : "/");
	ret = walk_run(w);
	if (ret == 0) {
		shell_printf(sh, "%u directories, %u files", w->dirs, w->files);
		if (w->errors)
			shell_printf(sh, ", %u errors", w->errors);
		shell_write(sh, "\n", 1);
		ret = w->errors ? w->status : 0;
	}
free_walk:
	kfree(w);
	return ret;
}
SHELL_COMMAND(tree, "tree [DIR] -- list a directory and everything under it", cmd_tree);

/* Does name contain pattern, ignoring ASCII case? */
static bool name_contains(const char *name, const char *pattern)
{
	size_t n = strlen(name), m = strlen(pattern);

	for (size_t i = 0; i + m <= n; i++) {
		size_t k = 0;

		while (k < m) {
			char a = name[i + k], b = pattern[k];

			if (a >= 'A' && a <= 'Z')
				a = (char)(a - 'A' + 'a');
			if (b >= 'A' && b <= 'Z')
				b = (char)(b - 'A' + 'a');
			if (a != b)
				break;
			k++;
		}
		if (k == m)
			return true;
	}
	return false;
}

static void find_visit(struct walk *w, const struct vfs_stat *e, int depth)
{
	(void)depth;
	if (!name_contains(e->name, w->pattern))
		return;
	w->matches++;
	shell_printf(w->sh, "%s%s\n", w->path, e->type == VFS_DIR ? "/" : "");
}

static int cmd_find(struct shell_ctx *sh, int argc, char **argv)
{
	struct walk *w;
	int ret;

	if (argc < 2 || argc > 3 || argv[1][0] == '\0')
		return shell_usage(sh, "find");
	w = kzalloc(sizeof(*w));
	if (!w)
		return -ENOMEM;
	w->sh = sh;
	w->visit = find_visit;
	w->pattern = argv[1];
	ret = walk_start(w, argc == 3 ? argv[2] : ".");
	if (ret == 0)
		ret = walk_run(w);
	if (ret == 0 && w->errors)
		ret = w->status;
	else if (ret == 0 && w->matches == 0)
		ret = shell_error(sh, -ENOENT, "nothing named like '%s'", argv[1]);
	kfree(w);
	return ret;
}
SHELL_COMMAND(find, "find NAME [DIR] -- paths under DIR (default .) whose name contains NAME, any case",
	      cmd_find);

/*
 * Recursive file-system commands: tree and find. One walker descends a directory depth first
 * with its cursors on the heap (a level per directory, at most WALK_DEPTH), takes the volume's
 * lock only around each reader call, and guards against corrupt volumes: a subdirectory whose
 * cluster is already an ancestor's (a directory loop) is reported and not entered, a corrupt
 * entry is reported with the reader's message and skipped, and Ctrl-C stops the walk.
 */
#include <keel/errno.h>
#include <keel/format.h>
#include <keel/heap.h>
#include <keel/task.h>
#include <string.h>

#include "kernel/shell/shell.h"
#include "kernel/shell/shell_fs.h"

#define WALK_DEPTH 64

struct walk_level {
	struct fat_dir d;
	size_t path_len; /* of walk.path when this level was entered */
};

struct walk {
	struct shell_ctx *sh;
	const char *cmd;
	struct volume *v;
	/* Called for each entry (not "." / ".."), depth 0 for the start directory's children. */
	void (*visit)(struct walk *w, const struct fat_dirent *e, int depth);
	const char *pattern;  /* find: the name fragment */
	unsigned dirs, files, errors, matches;
	struct walk_level lv[WALK_DEPTH];
	struct fat_dirent e;
	char msg[128];
	char path[SHELL_PATH_MAX]; /* of the entry being visited */
};

static int walk_error_copy(struct walk *w, int err)
{
	keel_snprintf(w->msg, sizeof(w->msg), "%s",
		      err == -EUCLEAN || err == -EIO || err == -ENXIO ? fat_error(w->v->fat) : keel_strerror(err));
	return err;
}

static bool walk_is_ancestor(const struct walk *w, int depth, uint32_t cluster)
{
	if (cluster == 0)
		return true; /* ".." of a first-level directory, or a corrupt entry: the root */
	for (int i = 0; i <= depth; i++)
		if (w->lv[i].d.first_cluster == cluster)
			return true;
	return false;
}

/* Walk from the directory already open in w->lv[0]; w->path holds its path. */
static int walk_run(struct walk *w)
{
	int depth = 0;

	w->lv[0].path_len = strlen(w->path);
	while (depth >= 0) {
		struct walk_level *l = &w->lv[depth];
		struct fat_dirent *e = &w->e;
		size_t n;
		bool bad;
		int ret;

		if (shell_interrupted(w->sh))
			return -EINTR;
		volume_lock(w->v);
		ret = fat_dir_read(&l->d, e);
		bad = ret < 0 && l->d.bad_entry;
		if (ret < 0)
			walk_error_copy(w, ret);
		volume_unlock(w->v);
		w->path[l->path_len] = '\0';
		if (ret == 0) {
			depth--;
			continue;
		}
		if (ret < 0) {
			shell_printf(w->sh, "%s: %s: %s%s\n", w->cmd, w->path[0] ? w->path : "/", w->msg,
				     bad ? " (entry skipped)" : "");
			w->errors++;
			if (!bad)
				depth--;
			continue;
		}
		if (strcmp(e->name, ".") == 0 || strcmp(e->name, "..") == 0)
			continue;
		n = l->path_len;
		keel_snprintf(w->path + n, sizeof(w->path) - n, "/%s", e->name);
		if (fat_dirent_is_dir(e))
			w->dirs++;
		else
			w->files++;
		w->visit(w, e, depth);
		if (!fat_dirent_is_dir(e))
			continue;
		if (walk_is_ancestor(w, depth, e->first_cluster)) {
			shell_printf(w->sh, "%s: %s: directory loop (cluster %u is an ancestor); not entered\n", w->cmd,
				     w->path, (unsigned)e->first_cluster);
			w->errors++;
			continue;
		}
		if (depth + 1 >= WALK_DEPTH) {
			shell_printf(w->sh, "%s: %s: deeper than %d levels; not entered\n", w->cmd, w->path, WALK_DEPTH);
			w->errors++;
			continue;
		}
		volume_lock(w->v);
		ret = fat_dir_from_entry(w->v->fat, e, &w->lv[depth + 1].d);
		if (ret)
			walk_error_copy(w, ret);
		volume_unlock(w->v);
		if (ret) {
			shell_printf(w->sh, "%s: %s: %s\n", w->cmd, w->path, w->msg);
			w->errors++;
			continue;
		}
		depth++;
		w->lv[depth].path_len = strlen(w->path);
	}
	return 0;
}

/* Set up w for arg: resolve and open the start directory. 0, or already reported. */
static int walk_start(struct walk *w, const char *arg)
{
	struct shell_path *p = kmalloc(sizeof(*p));
	struct fat_dir base;
	const struct fat_dir *b;
	const char *rel;
	int ret;

	if (!p)
		return -ENOMEM;
	ret = shell_path_resolve(w->sh, w->cmd, arg, p);
	if (ret)
		goto free_path;
	if (!p->vol) {
		shell_printf(w->sh, "%s: /: give a volume (e.g. /%s)\n", w->cmd,
			     volume_first_mounted() ? volume_first_mounted()->name : "ram0");
		ret = SHELL_FS_FAILED;
		goto free_path;
	}
	w->v = p->vol;
	b = shell_path_base(w->sh, p, &base, &rel);
	volume_lock(w->v);
	ret = fat_dir_open(w->v->fat, b, rel, &w->lv[0].d);
	if (ret)
		shell_fs_perror(w->sh, w->cmd, arg, w->v, ret);
	volume_unlock(w->v);
	if (ret) {
		ret = SHELL_FS_FAILED;
		goto free_path;
	}
	keel_snprintf(w->path, sizeof(w->path), "%s", strcmp(p->abs, "/") ? p->abs : "");
free_path:
	kfree(p);
	return ret;
}

static void tree_visit(struct walk *w, const struct fat_dirent *e, int depth)
{
	for (int i = 0; i <= depth; i++)
		shell_write(w->sh, "  ", 2);
	shell_printf(w->sh, "%s%s\n", e->name, fat_dirent_is_dir(e) ? "/" : "");
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
	w->cmd = "tree";
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
		ret = w->errors ? SHELL_FS_FAILED : 0;
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

static void find_visit(struct walk *w, const struct fat_dirent *e, int depth)
{
	(void)depth;
	if (!name_contains(e->name, w->pattern))
		return;
	w->matches++;
	shell_printf(w->sh, "%s%s\n", w->path, fat_dirent_is_dir(e) ? "/" : "");
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
	w->cmd = "find";
	w->visit = find_visit;
	w->pattern = argv[1];
	ret = walk_start(w, argc == 3 ? argv[2] : ".");
	if (ret == 0)
		ret = walk_run(w);
	if (ret == 0 && w->matches == 0 && !w->errors)
		shell_printf(sh, "find: nothing named like '%s'\n", argv[1]);
	if (ret == 0 && (w->errors || w->matches == 0))
		ret = SHELL_FS_FAILED;
	kfree(w);
	return ret;
}
SHELL_COMMAND(find, "find NAME [DIR] -- paths under DIR (default .) whose name contains NAME, any case",
	      cmd_find);

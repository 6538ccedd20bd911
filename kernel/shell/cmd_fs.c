/*
 * File-system shell commands: mount (the volume table, with why a volume did not mount), ls
 * (sorted: by name, -t time, -S size, -r reversed; -l long, -h human sizes, -a . and ..), cd,
 * pwd and stat. Everything but `mount` goes through the VFS (kernel/fs/vfs.h), which resolves
 * paths, takes the volumes' locks and words the errors; this file only parses and formats.
 * A listing is read whole (bounded) and sorted before it is printed.
 */
#include <keel/errno.h>
#include <keel/format.h>
#include <keel/heap.h>
#include <keel/msort.h>
#include <keel/volume.h>
#include <string.h>

#include "kernel/shell/shell.h"
#include "kernel/shell/shell_fs.h"
#include "kernel/shell/shell_glob.h"
#include "kernel/shell/shell_parse.h"

static int cmd_mount(struct shell_ctx *sh, int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return shell_usage(sh, "mount");
	if (volume_count() == 0) {
		shell_printf(sh, "no volumes: no block device was found at boot\n");
		return 0;
	}
	shell_printf(sh, "%-10s %-8s %-6s %10s  %s\n", "VOLUME", "DEVICE", "TYPE", "SIZE", "LABEL / ERROR");
	for (unsigned i = 0; i < volume_count(); i++) {
		struct volume *v = volume_get(i);
		char size[24], type[8];

		if (v->fat) {
			shell_fs_human(size, sizeof(size), v->info.total_bytes);
			keel_snprintf(type, sizeof(type), "FAT%d", v->info.fat_bits);
			shell_printf(sh, "%-10s %-8s %-6s %10s  %s\n", v->name, v->bdev->name, type, size,
				     v->info.label[0] ? v->info.label : "(no label)");
		} else {
			shell_printf(sh, "%-10s %-8s %-6s %10s  error: %s\n", v->name, v->bdev->name, "-", "-", v->why);
		}
	}
	return 0;
}
SHELL_COMMAND(mount, "mount -- list the volumes found at boot (mounted as /NAME) or why they did not mount", cmd_mount);

static void attr_string(char out[6], const struct vfs_stat *st)
{
	out[0] = st->type == VFS_DIR ? 'd' : '-';
	out[1] = (st->attr & VFS_ATTR_READ_ONLY) ? 'r' : '-';
	out[2] = (st->attr & VFS_ATTR_HIDDEN) ? 'h' : '-';
	out[3] = (st->attr & VFS_ATTR_SYSTEM) ? 's' : '-';
	out[4] = (st->attr & VFS_ATTR_ARCHIVE) ? 'a' : '-';
	out[5] = '\0';
}

#define LS_MAX_ENTRIES 65536  /* FAT's limit for one directory */

struct ls_ent {
	char *name;
	uint64_t size;
	struct vfs_time mtime;
	uint32_t attr;
	enum vfs_type type;
	bool is_mount;
};

struct ls_opts {
	bool longfmt, all, human, reverse;
	char sort;  /* 0: name, 't': time, 'S': size */
};

struct ls_list {
	struct ls_ent *e;
	size_t n, cap;
};

static int64_t time_key(const struct vfs_time *t)
{
	return ((((int64_t)t->year * 16 + t->month) * 32 + t->day) * 32 + t->hour) * 4096 + t->minute * 64 + t->second;
}

/* Negative when a lists before b. */
static int ls_cmp(const struct ls_ent *a, const struct ls_ent *b, const struct ls_opts *o)
{
	int r = 0;

	if (o->sort == 't' && time_key(&a->mtime) != time_key(&b->mtime))
		r = time_key(&a->mtime) > time_key(&b->mtime) ? -1 : 1; /* newest first */
	else if (o->sort == 'S' && a->size != b->size)
		r = a->size > b->size ? -1 : 1; /* largest first */
	if (r == 0)
		r = shell_name_cmp(a->name, b->name);
	return o->reverse ? -r : r;
}

static int ls_ent_cmp(const void *a, const void *b, void *ctx)
{
	return ls_cmp(a, b, ctx);
}

/* Stable, so entries equal under -t or -S stay in name order (ls_cmp breaks ties by name). */
static int ls_sort(struct ls_list *l, const struct ls_opts *o)
{
	struct ls_ent *tmp;

	if (l->n < 2)
		return 0;
	tmp = kmalloc(l->n * sizeof(*tmp));
	if (!tmp)
		return -ENOMEM;
	keel_msort(l->e, tmp, l->n, sizeof(*tmp), ls_ent_cmp, (void *)o);
	kfree(tmp);
	return 0;
}

/* Add st to the listing, under name (st's own when NULL: an operand keeps the path it was given). */
static int ls_add(struct ls_list *l, const struct vfs_stat *st, const char *name)
{
	size_t len;

	if (!name)
		name = st->name;
	len = strlen(name);
	struct ls_ent *e;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		struct ls_ent *ne;

		if (cap > LS_MAX_ENTRIES)
			return -E2BIG;
		ne = kmalloc(cap * sizeof(*ne));
		if (!ne)
			return -ENOMEM;
		if (l->n)
			memcpy(ne, l->e, l->n * sizeof(*ne));
		kfree(l->e);
		l->e = ne;
		l->cap = cap;
	}
	e = &l->e[l->n];
	e->name = kmalloc(len + 1);
	if (!e->name)
		return -ENOMEM;
	memcpy(e->name, name, len + 1);
	e->size = st->size;
	e->mtime = st->mtime;
	e->attr = st->attr;
	e->type = st->type;
	e->is_mount = st->is_mount;
	l->n++;
	return 0;
}

static void ls_free(struct ls_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		kfree(l->e[i].name);
	kfree(l->e);
	l->e = NULL;
	l->n = l->cap = 0;
}

static void ls_print(struct shell_ctx *sh, const struct ls_ent *e, const struct ls_opts *o)
{
	const char *slash = e->type == VFS_DIR ? "/" : "";
	char attr[6], when[24], size[24];
	struct vfs_stat st;

	if (!o->longfmt) {
		shell_printf(sh, "%s%s\n", e->name, slash);
		return;
	}
	if (o->human || e->is_mount)
		shell_fs_human(size, sizeof(size), e->size);
	else
		keel_snprintf(size, sizeof(size), "%llu", (unsigned long long)e->size);
	if (e->is_mount) {
		struct vfs_statfs sf;

		if (vfs_statfs(vfs_kernel(), e->name, &sf) != 0)
			memset(&sf, 0, sizeof(sf));
		shell_printf(sh, "d---- %10s %-6s %-11s  %s/\n", size, sf.type, sf.label, e->name);
		return;
	}
	st.type = e->type;
	st.attr = e->attr;
	attr_string(attr, &st);
	shell_fs_time(when, sizeof(when), &e->mtime);
	shell_printf(sh, "%s %10s %s  %s%s\n", attr, size, when, e->name, slash);
}

struct ls_work {
	char cwd[VFS_PATH_MAX];
	struct vfs_stat st;
	struct vfs_err err;
	struct ls_list list, files, dirs;
};

/* List one directory. */
static int ls_dir(struct shell_ctx *sh, struct ls_work *w, const char *arg, const struct ls_opts *o)
{
	struct vfs_dir *d;
	int ret, status = 0;
	bool skip;

	ret = vfs_opendir(vfs_kernel(), w->cwd, arg, 0, &d, &w->err);
	if (ret)
		return shell_fs_error(sh, arg, &w->err);
	for (;;) {
		if (shell_interrupted(sh)) {
			status = -EINTR;
			break;
		}
		ret = vfs_readdir(d, &w->st, &skip, &w->err);
		if (ret == 0)
			break;
		if (ret < 0) {
			status = shell_error(sh, ret, "%s: %s%s", arg, vfs_strerror(&w->err), skip ? " (entry skipped)" : "");
			if (skip)
				continue;
			break;
		}
		if (!o->all && (strcmp(w->st.name, ".") == 0 || strcmp(w->st.name, "..") == 0))
			continue;
		ret = ls_add(&w->list, &w->st, NULL);
		if (ret) {
			status = shell_error(sh, ret, "%s: %s", arg,
					     ret == -E2BIG ? "more entries than a listing holds" : keel_strerror(ret));
			break;
		}
	}
	vfs_closedir(d);
	if (status == 0 || status != -EINTR) {
		ret = ls_sort(&w->list, o);
		if (ret)
			status = shell_error(sh, ret, "%s: no memory to sort the listing", arg);
		for (size_t i = 0; i < w->list.n && !shell_interrupted(sh); i++)
			ls_print(sh, &w->list.e[i], o);
	}
	ls_free(&w->list);
	return status;
}

/*
 * Operands as ls takes them: the ones that are not there are reported first, the files are
 * listed together (sorted, each named as it was given), then each directory (sorted the same
 * way) with a "path:" line above it when there is more than one operand, a blank line between.
 */
static int ls_operands(struct shell_ctx *sh, struct ls_work *w, int n, char **args, const struct ls_opts *o)
{
	int status = 0, ret;

	for (int i = 0; i < n && !shell_interrupted(sh); i++) {
		if (vfs_stat(vfs_kernel(), w->cwd, args[i], &w->st, &w->err) != 0) {
			status = shell_fs_error(sh, args[i], &w->err);
			continue;
		}
		ret = ls_add(w->st.type == VFS_DIR ? &w->dirs : &w->files, &w->st, args[i]);
		if (ret)
			return shell_error(sh, ret, "%s: %s", args[i], keel_strerror(ret));
	}
	if (ls_sort(&w->files, o) || ls_sort(&w->dirs, o))
		return shell_error(sh, -ENOMEM, "no memory to sort the operands");
	for (size_t i = 0; i < w->files.n && !shell_interrupted(sh); i++)
		ls_print(sh, &w->files.e[i], o);
	for (size_t i = 0; i < w->dirs.n; i++) {
		if (shell_interrupted(sh))
			return -EINTR;
		if (n > 1)
			shell_printf(sh, "%s%s:\n", i > 0 || w->files.n ? "\n" : "", w->dirs.e[i].name);
		ret = ls_dir(sh, w, w->dirs.e[i].name, o);
		if (ret == -EINTR)
			return ret;
		if (ret)
			status = ret;
	}
	return status;
}

static int cmd_ls(struct shell_ctx *sh, int argc, char **argv)
{
	struct shell_getopt g;
	struct ls_opts o = { 0 };
	struct ls_work *w;
	int opt, status;

	shell_getopt_init(&g);
	while ((opt = shell_getopt(&g, argc, argv, "lahrtS")) != -1) {
		switch (opt) {
		case 'l': o.longfmt = true; break;
		case 'a': o.all = true; break;
		case 'h': o.human = true; break;
		case 'r': o.reverse = true; break;
		case 't': case 'S': o.sort = (char)opt; break;
		default: return shell_error(sh, -EINVAL, "%s (see 'help ls')", g.err);
		}
	}
	w = kzalloc(sizeof(*w));
	if (!w)
		return -ENOMEM;
	shell_cwd_get(sh, w->cwd);
	if (g.ind >= argc)
		status = ls_dir(sh, w, ".", &o);
	else
		status = ls_operands(sh, w, argc - g.ind, argv + g.ind, &o);
	ls_free(&w->files);
	ls_free(&w->dirs);
	kfree(w);
	return status;
}
SHELL_COMMAND(ls, "ls [-lahrtS] [PATH...] -- list a directory, sorted by name (-t time, -S size, -r reverse; "
	      "-l long, -h human sizes, -a . and ..)", cmd_ls);

static int cmd_cd(struct shell_ctx *sh, int argc, char **argv)
{
	struct ls_work *w;
	char *out, *home;
	int ret = 0;

	if (argc > 2)
		return shell_usage(sh, "cd");
	if (!sh->cwd)
		return shell_error(sh, -ENOMEM, "no current directory (out of memory)");
	w = kmalloc(sizeof(*w));
	out = kmalloc(VFS_PATH_MAX);
	home = kmalloc(VFS_PATH_MAX);
	if (!w || !out || !home) {
		ret = -ENOMEM;
		goto free_bufs;
	}
	shell_cwd_get(sh, w->cwd);
	shell_fs_home(home); /* cd alone: back to where the shell started */
	ret = vfs_realdir(vfs_kernel(), w->cwd, argc == 2 ? argv[1] : home, out, VFS_PATH_MAX, &w->err);
	if (ret)
		ret = shell_fs_error(sh, argc == 2 ? argv[1] : home, &w->err);
	else
		shell_cwd_set(sh, out);
free_bufs:
	kfree(w);
	kfree(out);
	kfree(home);
	return ret;
}
SHELL_COMMAND(cd, "cd [PATH] -- change directory (alone: the first volume's root; / lists the volumes)", cmd_cd);

static int cmd_pwd(struct shell_ctx *sh, int argc, char **argv)
{
	char *path;

	(void)argv;
	if (argc != 1)
		return shell_usage(sh, "pwd");
	path = kmalloc(VFS_PATH_MAX);
	if (!path)
		return -ENOMEM;
	shell_cwd_get(sh, path);
	shell_printf(sh, "%s\n", path);
	kfree(path);
	return 0;
}
SHELL_COMMAND(pwd, "pwd -- print the current directory", cmd_pwd);

/* "Modify: 2024-05-01 12:34:56" (shell_fs_time and the seconds; the date alone without the
 * clock), "-" when the file system recorded none. */
static void stat_time(struct shell_ctx *sh, const char *what, const struct vfs_time *t, bool clock)
{
	char when[24];

	shell_fs_time(when, sizeof(when), t);
	if (t->month == 0)
		shell_printf(sh, "%s: -\n", what);
	else if (clock)
		shell_printf(sh, "%s: %s:%02u\n", what, when, t->second);
	else
		shell_printf(sh, "%s: %.10s\n", what, when);
}

static int stat_one(struct shell_ctx *sh, struct ls_work *w, const char *arg)
{
	struct vfs_stat *st = &w->st;
	char attr[6], abs[VFS_PATH_MAX];
	int ret = vfs_stat(vfs_kernel(), w->cwd, arg, st, &w->err);

	if (ret)
		return shell_fs_error(sh, arg, &w->err);
	vfs_path_join(w->cwd, arg, abs, sizeof(abs), NULL);
	if (strcmp(abs, "/") == 0) {
		shell_printf(sh, "  File: /\n  Type: the list of volumes (%u found at boot)\n", volume_count());
		return 0;
	}
	attr_string(attr, st);
	shell_printf(sh, "  File: %s\n", abs);
	if (st->alt_name[0])
		shell_printf(sh, "  Name: %s  (8.3: %s)\n", st->name, st->alt_name);
	else
		shell_printf(sh, "  Name: %s\n", st->name);
	shell_printf(sh, "  Type: %s\n", st->type == VFS_DIR ? "directory" : "regular file");
	shell_printf(sh, "  Size: %llu\n", (unsigned long long)(st->is_mount ? 0 : st->size));
	if (st->is_mount)
		shell_printf(sh, "  Attr: %s (a volume's root: no directory entry, no attributes or times)\n", attr);
	else
		shell_printf(sh, "  Attr: %s (0x%02x)\n", attr, (unsigned)st->attr);
	{
		const char *e = strchr(abs + 1, '/');
		int n = e ? (int)(e - abs - 1) : (int)strlen(abs + 1);

		shell_printf(sh, "Volume: %.*s  first cluster: %llu\n", n, abs + 1, (unsigned long long)st->id);
	}
	stat_time(sh, "Modify", &st->mtime, true);
	stat_time(sh, "Create", &st->ctime, true);
	stat_time(sh, "Access", &st->atime, false); /* FAT keeps the day only */
	return 0;
}

static int cmd_stat(struct shell_ctx *sh, int argc, char **argv)
{
	struct ls_work *w;
	int status = 0;

	if (argc < 2)
		return shell_usage(sh, "stat");
	w = kmalloc(sizeof(*w));
	if (!w)
		return -ENOMEM;
	shell_cwd_get(sh, w->cwd);
	for (int i = 1; i < argc && !shell_interrupted(sh); i++) {
		int ret = stat_one(sh, w, argv[i]);

		if (ret)
			status = ret;
	}
	kfree(w);
	return status;
}
SHELL_COMMAND(stat, "stat PATH... -- describe files or directories (names, size, attributes, times)", cmd_stat);

/*
 * File-system shell commands over the volumes mounted at boot (keel/volume.h): mount, ls, cd,
 * pwd, stat. Paths are resolved by shell_fs.c; every FAT call is made with the volume's lock
 * held, and output is printed after the lock is dropped where a loop is involved (so a slow
 * terminal does not hold a volume). A corrupt entry is reported with the reader's message and
 * the listing goes on. Failures print their own message and return SHELL_FS_FAILED.
 */
#include <keel/errno.h>
#include <keel/format.h>
#include <keel/task.h>
#include <string.h>

#include "kernel/shell/shell.h"
#include "kernel/shell/shell_fs.h"
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

static void attr_string(char out[6], const struct fat_dirent *e)
{
	out[0] = fat_dirent_is_dir(e) ? 'd' : '-';
	out[1] = (e->attr & FAT_ATTR_READ_ONLY) ? 'r' : '-';
	out[2] = (e->attr & FAT_ATTR_HIDDEN) ? 'h' : '-';
	out[3] = (e->attr & FAT_ATTR_SYSTEM) ? 's' : '-';
	out[4] = (e->attr & FAT_ATTR_ARCHIVE) ? 'a' : '-';
	out[5] = '\0';
}

static void ls_print(struct shell_ctx *sh, const struct fat_dirent *e, bool longfmt)
{
	const char *slash = fat_dirent_is_dir(e) ? "/" : "";
	char attr[6], when[24];

	if (!longfmt) {
		shell_printf(sh, "%s%s\n", e->name, slash);
		return;
	}
	attr_string(attr, e);
	shell_fs_time(when, sizeof(when), &e->modified);
	shell_printf(sh, "%s %10u %s  %s%s\n", attr, (unsigned)e->size, when, e->name, slash);
}

static void ls_volumes(struct shell_ctx *sh, bool longfmt)
{
	for (unsigned i = 0; i < volume_count(); i++) {
		struct volume *v = volume_get(i);
		char size[24];

		if (!v->fat)
			continue;
		if (!longfmt) {
			shell_printf(sh, "%s/\n", v->name);
			continue;
		}
		shell_fs_human(size, sizeof(size), v->info.total_bytes);
		shell_printf(sh, "d---- %10s FAT%d %-11s  %s/\n", size, v->info.fat_bits, v->info.label, v->name);
	}
}

/* List one directory or describe one file. */
static int ls_one(struct shell_ctx *sh, const char *arg, bool longfmt, bool all)
{
	struct fat_dirent e;
	struct fat_dir d, base;
	struct shell_path p;
	const struct fat_dir *b;
	const char *rel;
	char msg[128];
	int ret;

	ret = shell_path_resolve(sh, "ls", arg, &p);
	if (ret)
		return ret;
	if (!p.vol) {
		ls_volumes(sh, longfmt);
		return 0;
	}
	b = shell_path_base(sh, &p, &base, &rel);
	volume_lock(p.vol);
	ret = fat_dir_open(p.vol->fat, b, rel, &d);
	if (ret == -ENOTDIR) {
		ret = fat_stat(p.vol->fat, b, rel, &e);
		if (ret == 0) {
			volume_unlock(p.vol);
			ls_print(sh, &e, longfmt);
			return 0;
		}
	}
	if (ret) {
		shell_fs_perror(sh, "ls", arg, p.vol, ret);
		volume_unlock(p.vol);
		return SHELL_FS_FAILED;
	}
	volume_unlock(p.vol);
	for (;;) {
		bool bad;

		if (shell_interrupted(sh))
			return -EINTR;
		volume_lock(p.vol);
		ret = fat_dir_read(&d, &e);
		bad = ret < 0 && d.bad_entry;
		if (ret < 0)
			keel_snprintf(msg, sizeof(msg), "%s", ret == -EUCLEAN || ret == -EIO ? fat_error(p.vol->fat)
											 : keel_strerror(ret));
		volume_unlock(p.vol);
		if (ret == 0)
			return 0;
		if (ret < 0) {
			shell_printf(sh, "ls: %s: %s%s\n", arg, msg, bad ? " (entry skipped)" : "");
			if (!bad)
				return SHELL_FS_FAILED;
			continue;
		}
		if (!all && (strcmp(e.name, ".") == 0 || strcmp(e.name, "..") == 0))
			continue;
		ls_print(sh, &e, longfmt);
	}
}

static int cmd_ls(struct shell_ctx *sh, int argc, char **argv)
{
	struct shell_getopt g;
	bool longfmt = false, all = false;
	int opt, status = 0;

	shell_getopt_init(&g);
	while ((opt = shell_getopt(&g, argc, argv, "la")) != -1) {
		if (opt == 'l') {
			longfmt = true;
		} else if (opt == 'a') {
			all = true;
		} else {
			return shell_error(sh, -EINVAL, "%s (see 'help ls')", g.err);
		}
	}
	if (g.ind >= argc)
		return ls_one(sh, ".", longfmt, all);
	for (int i = g.ind; i < argc; i++) {
		int ret;

		if (argc - g.ind > 1)
			shell_printf(sh, "%s%s:\n", i > g.ind ? "\n" : "", argv[i]);
		ret = ls_one(sh, argv[i], longfmt, all);
		if (ret == -EINTR)
			return ret;
		if (ret)
			status = ret;
	}
	return status;
}
SHELL_COMMAND(ls, "ls [-l] [-a] [PATH...] -- list a directory (-l: attributes, size, date; -a: . and ..)", cmd_ls);

/* Walk rel from the volume root component by component, so the path kept for pwd carries the
 * names as stored (lookups are case-insensitive). Context: p->vol locked. */
static int cd_walk(struct shell_path *p, struct fat_dir *d, char *path, size_t size)
{
	struct fat_dirent e;
	char comp[FAT_NAME_MAX];
	const char *s = p->rel;
	size_t n;
	int ret;

	ret = fat_dir_root(p->vol->fat, d);
	if (ret)
		return ret;
	n = (size_t)keel_snprintf(path, size, "/%s", p->vol->name);
	while (*s) {
		const char *e_end;
		size_t len;

		while (*s == '/')
			s++;
		if (!*s)
			break;
		e_end = strchr(s, '/');
		len = e_end ? (size_t)(e_end - s) : strlen(s);
		if (len >= sizeof(comp))
			return -ENAMETOOLONG;
		memcpy(comp, s, len);
		comp[len] = '\0';
		s += len;
		ret = fat_stat(p->vol->fat, d, comp, &e);
		if (ret == 0)
			ret = fat_dir_from_entry(p->vol->fat, &e, d);
		if (ret)
			return ret;
		if (n + 1 + strlen(e.name) >= size)
			return -ENAMETOOLONG;
		n += (size_t)keel_snprintf(path + n, size - n, "/%s", e.name);
	}
	return 0;
}

static int cmd_cd(struct shell_ctx *sh, int argc, char **argv)
{
	struct shell_cwd *c = sh->cwd;
	struct shell_path p;
	struct fat_dir d;
	char path[SHELL_PATH_MAX];
	struct volume *first;
	int ret;

	if (argc > 2)
		return shell_usage(sh, "cd");
	if (!c) {
		shell_printf(sh, "cd: no current directory (out of memory)\n");
		return SHELL_FS_FAILED;
	}
	first = volume_first_mounted();
	if (argc == 2)
		keel_snprintf(path, sizeof(path), "%s", argv[1]);
	else
		keel_snprintf(path, sizeof(path), "/%s", first ? first->name : "");
	ret = shell_path_resolve(sh, "cd", path, &p);
	if (ret)
		return ret;
	if (!p.vol) {
		mutex_lock(&c->lock);
		c->vol = NULL;
		keel_snprintf(c->path, sizeof(c->path), "/");
		mutex_unlock(&c->lock);
		return 0;
	}
	volume_lock(p.vol);
	ret = cd_walk(&p, &d, path, sizeof(path));
	if (ret) {
		shell_fs_perror(sh, "cd", argc == 2 ? argv[1] : p.abs, p.vol, ret);
		volume_unlock(p.vol);
		return SHELL_FS_FAILED;
	}
	volume_unlock(p.vol);
	mutex_lock(&c->lock);
	c->vol = p.vol;
	c->dir = d;
	keel_snprintf(c->path, sizeof(c->path), "%s", path);
	mutex_unlock(&c->lock);
	return 0;
}
SHELL_COMMAND(cd, "cd [PATH] -- change directory (alone: the first volume's root; / lists the volumes)", cmd_cd);

static int cmd_pwd(struct shell_ctx *sh, int argc, char **argv)
{
	char path[SHELL_PATH_MAX];

	(void)argv;
	if (argc != 1)
		return shell_usage(sh, "pwd");
	if (!sh->cwd) {
		shell_printf(sh, "/\n");
		return 0;
	}
	mutex_lock(&sh->cwd->lock);
	keel_snprintf(path, sizeof(path), "%s", sh->cwd->path);
	mutex_unlock(&sh->cwd->lock);
	shell_printf(sh, "%s\n", path);
	return 0;
}
SHELL_COMMAND(pwd, "pwd -- print the current directory", cmd_pwd);

static int stat_one(struct shell_ctx *sh, const char *arg)
{
	struct fat_dirent e;
	struct fat_dir base;
	struct shell_path p;
	const struct fat_dir *b;
	const char *rel;
	char attr[6], when[24];
	int ret;

	ret = shell_path_resolve(sh, "stat", arg, &p);
	if (ret)
		return ret;
	if (!p.vol) {
		shell_printf(sh, "  File: /\n  Type: the list of volumes (%u found at boot)\n", volume_count());
		return 0;
	}
	b = shell_path_base(sh, &p, &base, &rel);
	volume_lock(p.vol);
	ret = fat_stat(p.vol->fat, b, rel, &e);
	if (ret) {
		shell_fs_perror(sh, "stat", arg, p.vol, ret);
		volume_unlock(p.vol);
		return SHELL_FS_FAILED;
	}
	volume_unlock(p.vol);
	attr_string(attr, &e);
	shell_printf(sh, "  File: %s\n", p.abs);
	if (e.has_long_name)
		shell_printf(sh, "  Name: %s  (8.3: %s)\n", e.name, e.short_name);
	else
		shell_printf(sh, "  Name: %s\n", e.name);
	shell_printf(sh, "  Type: %s\n", fat_dirent_is_dir(&e) ? "directory" : "regular file");
	shell_printf(sh, "  Size: %u\n", (unsigned)e.size);
	shell_printf(sh, "  Attr: %s (0x%02x)\n", attr, e.attr);
	shell_printf(sh, "Volume: %s  first cluster: %u\n", p.vol->name, (unsigned)e.first_cluster);
	shell_fs_time(when, sizeof(when), &e.modified);
	shell_printf(sh, "Modify: %s:%02u\n", when, e.modified.second);
	shell_fs_time(when, sizeof(when), &e.created);
	shell_printf(sh, "Create: %s:%02u\n", when, e.created.second);
	shell_printf(sh, "Access: %04u-%02u-%02u\n", e.accessed.year, e.accessed.month, e.accessed.day);
	return 0;
}

static int cmd_stat(struct shell_ctx *sh, int argc, char **argv)
{
	int status = 0;

	if (argc < 2)
		return shell_usage(sh, "stat");
	for (int i = 1; i < argc && !shell_interrupted(sh); i++) {
		int ret = stat_one(sh, argv[i]);

		if (ret)
			status = ret;
	}
	return status;
}
SHELL_COMMAND(stat, "stat PATH... -- describe files or directories (names, size, attributes, times)", cmd_stat);

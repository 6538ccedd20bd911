/*
 * shell_each_input(): a command's operands, opened through the VFS one at a time (a failure is
 * one error line naming the file, and the next operand still runs), or its standard input.
 */
#include <keel/errno.h>
#include <keel/heap.h>

#include "kernel/fs/vfs.h"
#include "kernel/shell/shell.h"
#include "kernel/shell/shell_fs.h"
#include "kernel/shell/shell_input.h"

const char *shell_input_strerror(const struct shell_input *in, int err)
{
	return in->file ? vfs_file_strerror(in->file, err) : keel_strerror(err);
}

int shell_input_error(struct shell_ctx *sh, const struct shell_input *in, int err)
{
	return shell_error(sh, err, "%s: %s", in->name, shell_input_strerror(in, err));
}

struct input_work {
	char cwd[VFS_PATH_MAX];
	struct vfs_stat st;
	struct vfs_err err;
};

static int one_file(struct shell_ctx *sh, struct input_work *w, const char *name,
		    int (*fn)(struct shell_ctx *sh, const struct shell_input *in, void *user), void *user)
{
	struct shell_input in = { name, NULL, 0, NULL };
	int ret = vfs_open(vfs_kernel(), w->cwd, name, &in.file, &w->st, &w->err);

	if (ret)
		return shell_fs_error(sh, name, &w->err);
	in.s = vfs_file_stream(in.file);
	in.size = vfs_file_size(in.file);
	ret = fn(sh, &in, user);
	vfs_close(in.file);
	return ret;
}

int shell_each_input(struct shell_ctx *sh, int argc, char **argv, int first,
		     int (*fn)(struct shell_ctx *sh, const struct shell_input *in, void *user), void *user)
{
	struct shell_input std = { "-", sh->in, UINT64_MAX, NULL };
	struct input_work *w;
	int status = 0;

	if (first >= argc)
		return fn(sh, &std, user);
	w = kmalloc(sizeof(*w));
	if (!w)
		return -ENOMEM;
	shell_cwd_get(sh, w->cwd);
	for (int i = first; i < argc; i++) {
		int ret;

		if (shell_interrupted(sh)) {
			status = -EINTR;
			break;
		}
		if (argv[i][0] == '-' && argv[i][1] == '\0')
			ret = fn(sh, &std, user);
		else
			ret = one_file(sh, w, argv[i], fn, user);
		if (ret == -EINTR || ret == -EPIPE) {
			status = ret;
			break;
		}
		if (ret)
			status = ret;
	}
	kfree(w);
	return status;
}

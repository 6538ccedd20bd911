/*
 * shell_each_input(): a command's operands, or its standard input. Files are opened through the
 * VFS (kernel/fs/vfs.h); until the VFS lands only standard input is supported here.
 */
#include <keel/errno.h>

#include "kernel/shell/shell.h"
#include "kernel/shell/shell_input.h"

int shell_each_input(struct shell_ctx *sh, int argc, char **argv, int first,
		     int (*fn)(struct shell_ctx *sh, const struct shell_input *in, void *user), void *user)
{
	int status = 0;

	if (first >= argc) {
		struct shell_input in = { "-", sh->in, UINT64_MAX };

		return fn(sh, &in, user);
	}
	for (int i = first; i < argc; i++) {
		int ret;

		if (argv[i][0] == '-' && argv[i][1] == '\0') {
			struct shell_input in = { "-", sh->in, UINT64_MAX };

			ret = fn(sh, &in, user);
		} else {
			ret = shell_error(sh, -ENOSYS, "%s: files are not readable here yet", argv[i]);
		}
		if (ret == -EINTR || ret == -EPIPE)
			return ret;
		if (ret)
			status = ret;
	}
	return status;
}

/*
 * The ktest shell command: run in-kernel tests from a console. It exists only in the test image
 * (build/keel-test.elf), with the tests themselves; the production image has neither.
 */
#include <keel/errno.h>
#include <keel/ktest.h>
#include <string.h>

#include "kernel/shell/shell.h"

static void ktest_to_shell(void *ctx, const char *s, size_t n)
{
	shell_write(ctx, s, n);
}

static int cmd_ktest(struct shell_ctx *sh, int argc, char **argv)
{
	char sel[256];
	size_t used = 0;
	unsigned passed = 0, failed = 0;
	int ret;

	if (argc == 2 && strcmp(argv[1], "-l") == 0) {
		ktest_list(ktest_to_shell, sh);
		return 0;
	}
	sel[0] = '\0';
	for (int i = 1; i < argc; i++) {
		size_t k = strlen(argv[i]);

		if (used + k + 2 > sizeof(sel))
			return shell_usage(sh, "ktest");
		if (used)
			sel[used++] = ',';
		memcpy(sel + used, argv[i], k + 1);
		used += k;
	}
	ret = ktest_run_selected(sel, ktest_to_shell, sh, &passed, &failed);
	if (ret)
		return ret;
	return failed ? -EIO : 0;
}
SHELL_COMMAND(ktest, "ktest [-l | names...] -- run the in-kernel tests (-l lists them)", cmd_ktest);


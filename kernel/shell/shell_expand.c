/*
 * Pathname expansion of a command line (shell_expand.h): the directory ops the glob walk reads
 * through (the kernel VFS, from the shell's current directory), and the rebuilding of each
 * stage's argv with the matches in place of the patterns. Nothing is allocated unless a word
 * asks for expansion; then one block holds the patterns' scratch, the new argv and the paths.
 */
#include "kernel/shell/shell_expand.h"

#include <keel/errno.h>
#include <keel/heap.h>
#include <string.h>

#include "kernel/fs/vfs.h"
#include "kernel/shell/shell.h"
#include "kernel/shell/shell_fs.h"
#include "kernel/shell/shell_glob.h"

#define EXPAND_ARGV_MAX (SHELL_EXPAND_WORDS + SHELL_LINE_WORDS + SHELL_MAX_STAGES)

struct shell_expansion {
	char cwd[VFS_PATH_MAX];
	char pattern[SHELL_GLOB_PATH_MAX];
	char scratch[SHELL_GLOB_SCRATCH];
	char *argv[EXPAND_ARGV_MAX];
	char *matches[SHELL_EXPAND_WORDS];
	char buf[SHELL_EXPAND_BYTES];
	struct vfs_stat st; /* the entry being read: the walk copies its name out at once */
	struct shell_glob_out out;
};

static int expand_open(void *ctx, const char *dir, void **dh)
{
	struct shell_expansion *x = ctx;
	struct vfs_dir *d;
	int ret = vfs_opendir(vfs_kernel(), x->cwd, dir[0] ? dir : ".", 0, &d, NULL);

	if (ret == 0)
		*dh = d;
	return ret;
}

static int expand_next(void *ctx, void *dh, char name[SHELL_GLOB_NAME_MAX], bool *is_dir)
{
	struct shell_expansion *x = ctx;

	_Static_assert(sizeof(x->st.name) <= SHELL_GLOB_NAME_MAX, "a VFS name fits the walk's buffer");
	for (;;) {
		bool skip = false;
		int r = vfs_readdir(dh, &x->st, &skip, NULL);

		if (r < 0 && skip)
			continue; /* one corrupt entry: the others still match */
		if (r <= 0)
			return r;
		memcpy(name, x->st.name, sizeof(x->st.name));
		*is_dir = x->st.type == VFS_DIR;
		return 1;
	}
}

static void expand_close(void *ctx, void *dh)
{
	(void)ctx;
	vfs_closedir(dh);
}

static const struct shell_glob_ops expand_ops = {
	.open = expand_open,
	.next = expand_next,
	.close = expand_close,
};

static bool wanted(const char *line, const uint8_t *meta, const char *word)
{
	return word && shell_glob_wanted(word, meta + (word - line));
}

static bool pipeline_wants(const char *line, const uint8_t *meta, const struct shell_pipeline *p)
{
	for (int i = 0; i < p->n; i++) {
		if (wanted(line, meta, p->stage[i].in_file))
			return true;
		for (int k = 0; k < p->stage[i].argc; k++)
			if (wanted(line, meta, p->stage[i].argv[k]))
				return true;
	}
	return false;
}

/* The matches of one word: how many (0: none, the word stays), or a negative code, printed. */
static int expand_word(struct shell_ctx *sh, struct shell_expansion *x, const char *line, const uint8_t *meta,
		       const char *word)
{
	int n;

	if (shell_glob_pattern(word, meta + (word - line), x->pattern, sizeof(x->pattern)) != 0)
		return shell_error(sh, -ENAMETOOLONG, "%s: pattern too long", word);
	n = shell_glob_expand(&expand_ops, x, x->pattern, &x->out);
	if (n == -E2BIG)
		return shell_error(sh, n, "%s: too many matches (a line expands to at most %d paths, reading %d directories)",
				   word, SHELL_EXPAND_WORDS, SHELL_EXPAND_DIRS);
	if (n < 0)
		return shell_error(sh, n, "%s: cannot expand", word);
	return n;
}

static int expand_stage(struct shell_ctx *sh, struct shell_expansion *x, const char *line, const uint8_t *meta,
			struct shell_stage *st, size_t *used)
{
	char **argv = x->argv + *used;
	size_t a = 0;

	for (int k = 0; k < st->argc; k++) {
		int n = 0;

		if (wanted(line, meta, st->argv[k])) {
			n = expand_word(sh, x, line, meta, st->argv[k]);
			if (n < 0)
				return n;
		}
		if (*used + a + (size_t)(n ? n : 1) + 1 > EXPAND_ARGV_MAX)
			return shell_error(sh, -E2BIG, "too many arguments after expansion");
		if (n == 0)
			argv[a++] = st->argv[k];
		for (int m = 0; m < n; m++)
			argv[a++] = x->out.words[x->out.n - (size_t)n + (size_t)m];
	}
	argv[a] = NULL;
	st->argv = argv;
	st->argc = (int)a;
	*used += a + 1;
	if (wanted(line, meta, st->in_file)) {
		int n = expand_word(sh, x, line, meta, st->in_file);

		if (n < 0)
			return n;
		if (n > 1)
			return shell_error(sh, -EINVAL, "%s: ambiguous redirect (%d files match)", st->in_file, n);
		if (n == 1)
			st->in_file = x->out.words[x->out.n - 1];
	}
	return 0;
}

int shell_expand_pipeline(struct shell_ctx *sh, const char *line, const uint8_t *meta, struct shell_pipeline *p,
			  struct shell_expansion **xp)
{
	struct shell_expansion *x;
	size_t used = 0;

	*xp = NULL;
	if (!pipeline_wants(line, meta, p))
		return 0;
	x = kzalloc(sizeof(*x));
	if (!x)
		return shell_error(sh, -ENOMEM, "out of memory for pathname expansion");
	*xp = x;
	shell_cwd_get(sh, x->cwd);
	x->out = (struct shell_glob_out){ .scratch = x->scratch, .buf = x->buf, .cap = sizeof(x->buf),
					  .words = x->matches, .max = SHELL_EXPAND_WORDS, .dirs_max = SHELL_EXPAND_DIRS };
	for (int i = 0; i < p->n; i++) {
		int ret = expand_stage(sh, x, line, meta, &p->stage[i], &used);

		if (ret)
			return ret;
	}
	return 0;
}

void shell_expand_free(struct shell_expansion *x)
{
	kfree(x);
}

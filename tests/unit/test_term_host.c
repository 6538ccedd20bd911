/*
 * termhost end to end: a shell command runs on a pseudo-terminal under Keel's core; what the
 * serial renderer sends, replayed into a fresh terminal, shows the command's output with its
 * attributes, and the command got an answer to its cursor position query; a size the command
 * sets through the terminal reaches its pty.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "term_test_util.h"

static const char cmd[] =
	"build/host/termhost -r 6 -c 30 -- sh -c '"
	"printf \"hello \\033[1;32mgreen\\033[m\\r\\n\"; stty -echo -icanon min 1; "
	"printf \"\\033[6n\"; r=$(dd bs=6 count=1 2>/dev/null); "
	"case \"$r\" in *\"[2;1R\") echo CPR-OK;; *) echo CPR-BAD;; esac' < /dev/null";

TEST(runs_command_and_answers_queries)
{
	FILE *p = popen(cmd, "r");
	char buf[65536];
	size_t n;
	struct term *t;

	CHECK(p != NULL);
	if (!p)
		return;
	n = fread(buf, 1, sizeof(buf), p);
	CHECK_EQ_INT(pclose(p), 0);
	t = tt_new(7, 30);                      /* one more row: termhost ends below the screen */
	term_write(t, buf, n);
	CHECK_EQ_STR(tt_row(t, 0), "hello green");
	CHECK(tt_cell(t, 0, 6).ch & TERM_ATTR_BOLD);
	CHECK_EQ_U64(tt_cell(t, 0, 6).fg, term_color_index(2));
	CHECK_EQ_STR(tt_row(t, 1), "CPR-OK");
	tt_free(t);
}

/* A size the command sets through the terminal (XTWINOPS 8) reaches the pty: stty sees it. */
static const char resize_cmd[] =
	"build/host/termhost -r 6 -c 30 -- sh -c '"
	"stty -echo -icanon min 1; printf \"\\033[8;5;40t\\033[18t\"; "
	"r=$(dd bs=10 count=1 2>/dev/null); sleep 0.2; echo \"size $(stty size)\"' < /dev/null";

TEST(resize_from_the_program_reaches_the_pty)
{
	FILE *p = popen(resize_cmd, "r");
	char buf[65536];
	size_t n;
	struct term *t;

	CHECK(p != NULL);
	if (!p)
		return;
	n = fread(buf, 1, sizeof(buf), p);
	CHECK_EQ_INT(pclose(p), 0);
	t = tt_new(7, 40);
	term_write(t, buf, n);
	CHECK_EQ_STR(tt_row(t, 0), "size 5 40");
	tt_free(t);
}

CHECK_MAIN("test_term_host")

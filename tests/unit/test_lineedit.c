/*
 * Line editor scenarios: keys typed as a terminal sends them, the editor's output interpreted
 * by the test screen model, and the visible screen and cursor asserted after each step. Covers
 * editing, wrapping at widths 10 and 80, wide and multi-byte characters, resize, history,
 * completion, Ctrl-C/D/L, overlong lines, log lines above the prompt and hide/show.
 */
#include "check.h"

#include <stdlib.h>

#include "le_fixture.h"

#define LEFT "\x1b[D"
#define RIGHT "\x1b[C"
#define HOME "\x1b[H"
#define END "\x1b[F"
#define UP "\x1b[A"
#define DOWN "\x1b[B"
#define DEL "\x1b[3~"

TEST(typing)
{
	struct fix *f = fix_new(80, 24, "> ");

	FIX_EXPECT(f, 0, 2, "> ");
	fix_type(f, "hello");
	FIX_EXPECT(f, 0, 7, "> hello");
	CHECK_EQ_STR(term_le_line(&f->le, NULL), "hello");
	fix_free(f);
}

TEST(insert_and_delete_anywhere)
{
	struct fix *f = fix_new(80, 24, "> ");

	fix_type(f, "helo" LEFT "l");
	FIX_EXPECT(f, 0, 6, "> hello");
	fix_type(f, HOME);
	FIX_EXPECT(f, 0, 2, "> hello");
	fix_type(f, DEL);
	FIX_EXPECT(f, 0, 2, "> ello");
	fix_type(f, END "\x7f");
	FIX_EXPECT(f, 0, 5, "> ell");
	fix_type(f, "\x01");
	FIX_EXPECT(f, 0, 2, "> ell");
	fix_type(f, "\x05" "\x08");
	FIX_EXPECT(f, 0, 4, "> el");
	fix_type(f, "\x1bOH" "x" "\x1b[4~" "y" "\x1b[1~" "\x06" "\x04");
	FIX_EXPECT(f, 0, 3, "> xly");
	fix_type(f, "\x02\x02\x02" "\x7f" RIGHT RIGHT RIGHT RIGHT DEL);
	FIX_EXPECT(f, 0, 5, "> xly");
	fix_free(f);
}

TEST(wrap_width_10)
{
	struct fix *f = fix_new(10, 12, "> ");

	fix_type(f, "abcdefghijklmnopqrst");
	FIX_EXPECT(f, 2, 2, "> abcdefgh", "ijklmnopqr", "st");
	fix_type(f, HOME);
	FIX_EXPECT(f, 0, 2, "> abcdefgh", "ijklmnopqr", "st");
	fix_type(f, "X");
	FIX_EXPECT(f, 0, 3, "> Xabcdefg", "hijklmnopq", "rst");
	fix_type(f, END);
	FIX_EXPECT(f, 2, 3, "> Xabcdefg", "hijklmnopq", "rst");
	fix_type(f, HOME DEL DEL);
	FIX_EXPECT(f, 0, 2, "> bcdefghi", "jklmnopqrs", "t");
	fix_type(f, RIGHT RIGHT RIGHT RIGHT RIGHT RIGHT RIGHT RIGHT);
	FIX_EXPECT(f, 1, 0, "> bcdefghi", "jklmnopqrs", "t");
	fix_type(f, LEFT);
	FIX_EXPECT(f, 0, 9, "> bcdefghi", "jklmnopqrs", "t");
	fix_type(f, "\x0b");
	FIX_EXPECT(f, 0, 9, "> bcdefgh");
	fix_free(f);
}

TEST(wrap_exact_fill)
{
	struct fix *f = fix_new(10, 12, "> ");

	fix_type(f, "abcdefgh");
	FIX_EXPECT(f, 1, 0, "> abcdefgh");
	fix_type(f, "\x7f");
	FIX_EXPECT(f, 0, 9, "> abcdefg");
	fix_type(f, "h");
	FIX_EXPECT(f, 1, 0, "> abcdefgh");
	fix_type(f, LEFT);
	FIX_EXPECT(f, 0, 9, "> abcdefgh");
	fix_type(f, RIGHT "i\r");
	FIX_EXPECT(f, 2, 2, "> abcdefgh", "i", "> ");
	CHECK_EQ_INT(f->nlines, 1);
	CHECK_EQ_STR(f->lines[0], "abcdefghi");
	fix_free(f);
}

TEST(wrap_width_80_long_line)
{
	struct fix *f = fix_new(80, 24, "keel> ");
	char line[200];

	for (int i = 0; i < 199; i++)
		line[i] = (char)('a' + i % 26);
	line[199] = 0;
	fix_type(f, line);
	CHECK_EQ_INT(f->vt.cy, 2);
	CHECK_EQ_INT(f->vt.cx, (6 + 199) % 80);
	fix_type(f, HOME);
	CHECK_EQ_INT(f->vt.cy, 0);
	CHECK_EQ_INT(f->vt.cx, 6);
	fix_free(f);
}

TEST(utf8_and_wide_characters)
{
	struct fix *f = fix_new(10, 12, "> ");

	fix_type(f, "a\xc3\xa9" LEFT);
	FIX_EXPECT(f, 0, 3, "> a\xc3\xa9");
	fix_type(f, END "\x7f\x7f");
	fix_type(f, "a\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87"); /* a中文中文 */
	FIX_EXPECT(f, 1, 2, "> a\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad", "\xe6\x96\x87");
	fix_type(f, LEFT);
	FIX_EXPECT(f, 1, 0, "> a\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad", "\xe6\x96\x87");
	fix_type(f, LEFT);
	FIX_EXPECT(f, 0, 7, "> a\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad", "\xe6\x96\x87");
	fix_type(f, HOME "b");
	FIX_EXPECT(f, 0, 3, "> ba\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad", "\xe6\x96\x87");
	fix_type(f, "c");
	FIX_EXPECT(f, 0, 4, "> bca\xe4\xb8\xad\xe6\x96\x87", "\xe4\xb8\xad\xe6\x96\x87");
	fix_type(f, END "\x7f");
	FIX_EXPECT(f, 1, 2, "> bca\xe4\xb8\xad\xe6\x96\x87", "\xe4\xb8\xad");
	fix_free(f);
}

TEST(resize)
{
	struct fix *f = fix_new(80, 12, "> ");

	fix_type(f, "x\rabcdefghijklmnopqrstuvwxyz0123");
	FIX_EXPECT(f, 1, 32, "> x", "> abcdefghijklmnopqrstuvwxyz0123");
	vt_resize(&f->vt, 10, 12);
	term_le_resize(&f->le, 10);
	FIX_EXPECT(f, 4, 2, "> x", "> abcdefgh", "ijklmnopqr", "stuvwxyz01", "23");
	fix_type(f, HOME);
	FIX_EXPECT(f, 1, 2, "> x", "> abcdefgh", "ijklmnopqr", "stuvwxyz01", "23");
	vt_resize(&f->vt, 80, 12);
	term_le_resize(&f->le, 80);
	FIX_EXPECT(f, 1, 2, "> x", "> abcdefghijklmnopqrstuvwxyz0123");
	fix_free(f);
}

TEST(history)
{
	struct fix *f = fix_new(80, 24, "> ");

	fix_type(f, "one\rtwo\rtwo\r\r");
	CHECK_EQ_INT(f->nlines, 4);
	CHECK_EQ_INT(term_le_history_count(&f->le), 2);
	fix_type(f, "par");
	fix_type(f, UP);
	FIX_EXPECT(f, 4, 5, "> one", "> two", "> two", "> ", "> two");
	fix_type(f, UP UP);
	FIX_EXPECT(f, 4, 5, "> one", "> two", "> two", "> ", "> one");
	fix_type(f, DOWN);
	CHECK_EQ_STR(term_le_line(&f->le, NULL), "two");
	fix_type(f, DOWN);
	FIX_EXPECT(f, 4, 5, "> one", "> two", "> two", "> ", "> par");
	fix_type(f, DOWN);
	CHECK_EQ_STR(term_le_line(&f->le, NULL), "par");
	fix_type(f, "\x10" "X\r");
	CHECK_EQ_STR(f->lines[4], "twoX");
	CHECK_EQ_INT(term_le_history_count(&f->le), 3);
	fix_type(f, "\x10\x10\x0e");
	CHECK_EQ_STR(term_le_line(&f->le, NULL), "twoX");
	fix_free(f);
}

/* History entries added (and the oldest evicted) while the user browses must not leave the
 * editor pointing past the end. */
TEST(history_changes_while_browsing)
{
	struct fix *f = fix_new(80, 24, "> ");
	char line[32], big[1001];

	f->feed_vt = false;
	for (int i = 0; i < TERM_LE_HIST_ENTRIES; i++) {
		snprintf(line, sizeof(line), "c%d\r", i);
		fix_type(f, line);
	}
	fix_type(f, UP UP);
	CHECK_EQ_INT(term_le_history_count(&f->le), TERM_LE_HIST_ENTRIES);
	/* Long entries push most of the short ones out (the byte limit), shrinking the history. */
	memset(big, 'L', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	for (int i = 0; i < 9; i++)
		term_le_history_add(&f->le, big, strlen(big) - (size_t)i);
	CHECK(term_le_history_count(&f->le) < 16);
	fix_type(f, DOWN DOWN UP UP UP DOWN);
	fix_type(f, "\x10\x0e\x0e\x0e");
	fix_free(f);
}

TEST(history_bounded)
{
	struct fix *f = fix_new(80, 24, "> ");
	char line[32];

	f->feed_vt = false;
	for (int i = 0; i < 200; i++) {
		snprintf(line, sizeof(line), "cmd%d\r", i);
		fix_type(f, line);
	}
	CHECK_EQ_INT(term_le_history_count(&f->le), TERM_LE_HIST_ENTRIES);
	{
		size_t n;
		const char *s = term_le_history_get(&f->le, 0, &n);

		snprintf(line, sizeof(line), "cmd%d", 200 - TERM_LE_HIST_ENTRIES);
		CHECK(n == strlen(line) && memcmp(s, line, n) == 0);
	}
	/* long entries: the byte pool bounds the history too */
	for (int i = 0; i < 20; i++) {
		char big[1001];

		memset(big, 'a' + i, 1000);
		big[1000] = 0;
		term_le_history_add(&f->le, big, 1000);
	}
	CHECK_EQ_INT(term_le_history_count(&f->le), TERM_LE_HIST_BYTES / 1000);
	fix_free(f);
}

static const char *const cmd_words[] = { "help", "hexdump", "history", "echo", "exit", NULL };

TEST(completion)
{
	struct fix *f = fix_new(80, 24, "> ");

	f->words = cmd_words;
	fix_type(f, "ec\t");
	FIX_EXPECT(f, 0, 7, "> echo ");
	fix_type(f, "\x15" "h\t");
	FIX_EXPECT(f, 2, 3, "> h", "help     hexdump  history", "> h");
	fix_type(f, "ex\t");
	FIX_EXPECT(f, 2, 10, "> h", "help     hexdump  history", "> hexdump ");
	fix_type(f, "x\t");
	FIX_EXPECT(f, 2, 11, "> h", "help     hexdump  history", "> hexdump x");
	fix_free(f);

	static const char *const fw[] = { "format", "formula", NULL };
	f = fix_new(10, 12, "> ");
	f->words = fw;
	fix_type(f, "a fo\t");
	FIX_EXPECT(f, 0, 8, "> a form");
	fix_type(f, "\t");
	FIX_EXPECT(f, 3, 8, "> a form", "format", "formula", "> a form");
	fix_type(f, "u\t");
	FIX_EXPECT(f, 4, 2, "> a form", "format", "formula", "> a formul", "a ");
	fix_free(f);
}

TEST(completion_list_utf8)
{
	/* the list's columns are counted in screen columns, not bytes: "\u00e91" is two columns */
	static const char *const uw[] = { "q\u00e91", "q\u00e9\u00e92", "qx", NULL };
	struct fix *f = fix_new(80, 24, "> ");

	f->words = uw;
	fix_type(f, "q\t");
	FIX_EXPECT(f, 2, 3, "> q", "q\u00e91   q\u00e9\u00e92  qx", "> q");
	fix_free(f);
}

TEST(completion_in_middle)
{
	struct fix *f = fix_new(80, 24, "> ");

	f->words = cmd_words;
	fix_type(f, "hi foo" HOME RIGHT RIGHT "\t");
	FIX_EXPECT(f, 0, 9, "> history foo");
	fix_free(f);
}

TEST(ctrl_c_ctrl_d_ctrl_l)
{
	struct fix *f = fix_new(80, 24, "> ");

	fix_type(f, "abc" LEFT "\x03");
	FIX_EXPECT(f, 1, 2, "> abc^C", "> ");
	CHECK_EQ_INT(f->le.len, 0);
	CHECK_EQ_INT(f->notices[TERM_LE_CANCELLED], 1);
	CHECK_EQ_INT(f->nlines, 0);
	fix_type(f, "\x04");
	FIX_EXPECT(f, 2, 2, "> abc^C", "Ctrl-D ignored: this console cannot be closed (type 'help')", "> ");
	CHECK_EQ_INT(f->notices[TERM_LE_EOF_IGNORED], 1);
	fix_type(f, "xy" LEFT "\x04");
	FIX_EXPECT(f, 2, 3, "> abc^C", "Ctrl-D ignored: this console cannot be closed (type 'help')", "> x");
	fix_type(f, "\x0c");
	FIX_EXPECT(f, 0, 3, "> x");
	fix_free(f);
}

TEST(kill_yank_words)
{
	struct fix *f = fix_new(80, 24, "> ");

	fix_type(f, "echo foo-bar baz");
	fix_type(f, "\x1b" "b");
	CHECK_EQ_INT(term_le_cursor(&f->le), 13);
	fix_type(f, "\x1b" "b" "\x1b" "b");
	CHECK_EQ_INT(term_le_cursor(&f->le), 5);
	fix_type(f, "\x1b" "f");
	CHECK_EQ_INT(term_le_cursor(&f->le), 8);
	fix_type(f, "\x1b[1;5C");
	CHECK_EQ_INT(term_le_cursor(&f->le), 12);
	fix_type(f, "\x1b[1;5D" "\x1b[1;3D");
	CHECK_EQ_INT(term_le_cursor(&f->le), 5);
	fix_type(f, "\x0b");
	FIX_EXPECT(f, 0, 7, "> echo ");
	fix_type(f, "\x19\x19");
	FIX_EXPECT(f, 0, 29, "> echo foo-bar bazfoo-bar baz");
	fix_type(f, "\x17");
	FIX_EXPECT(f, 0, 26, "> echo foo-bar bazfoo-bar ");
	fix_type(f, "\x15");
	FIX_EXPECT(f, 0, 2, "> ");
	fix_type(f, "echo a b\x1b\x7f");
	FIX_EXPECT(f, 0, 9, "> echo a ");
	fix_type(f, "\x01\x1b" "d");
	FIX_EXPECT(f, 0, 2, ">  a ");
	fix_type(f, "\x05\x15");
	FIX_EXPECT(f, 0, 2, "> ");
	fix_type(f, "\x19");
	FIX_EXPECT(f, 0, 5, ">  a ");
	fix_free(f);
}

TEST(overlong_line)
{
	struct fix *f = fix_new(80, 40, "> ");
	char *big = malloc(1031);

	memset(big, 'x', 1030);
	big[1030] = 0;
	fix_type(f, big);
	CHECK_EQ_INT(f->le.len, TERM_LE_MAX_LINE);
	CHECK_EQ_INT(f->notices[TERM_LE_TOO_LONG], 1);
	CHECK_EQ_INT(f->vt.errors, 0);
	fix_type(f, "\r");
	CHECK_EQ_INT(f->nlines, 0);
	CHECK_EQ_INT(f->notices[TERM_LE_DISCARDED], 1);
	CHECK_EQ_INT(f->le.len, 0);
	fix_type(f, "ok\r");
	CHECK_EQ_INT(f->nlines, 1);
	CHECK_EQ_STR(f->lines[0], "ok");
	/* refused input, then a deletion: the (shorter) line is the user's to submit */
	fix_type(f, big);
	fix_type(f, "\x7f\r");
	CHECK_EQ_INT(f->nlines, 2);
	CHECK_EQ_INT(f->line_len[1], TERM_LE_MAX_LINE - 1);
	CHECK_EQ_INT(f->notices[TERM_LE_TOO_LONG], 2);
	CHECK_EQ_INT(f->vt.errors, 0);
	free(big);
	fix_free(f);
}

TEST(print_above)
{
	struct fix *f = fix_new(10, 12, "> ");

	fix_type(f, "abcdefghijkl" LEFT LEFT);
	FIX_EXPECT(f, 1, 2, "> abcdefgh", "ijkl");
	term_le_print_above(&f->le, "log!", 4);
	FIX_EXPECT(f, 2, 2, "log!", "> abcdefgh", "ijkl");
	term_le_print_above(&f->le, "a\nb\n", 4);
	FIX_EXPECT(f, 4, 2, "log!", "a", "b", "> abcdefgh", "ijkl");
	fix_type(f, "Z");
	FIX_EXPECT(f, 4, 3, "log!", "a", "b", "> abcdefgh", "ijZkl");
	fix_free(f);
}

TEST(hide_show_typeahead)
{
	struct fix *f = fix_new(80, 24, "$ ");
	size_t before;

	term_le_set_auto_prompt(&f->le, false);
	fix_type(f, "run\r");
	FIX_EXPECT(f, 1, 0, "$ run");
	CHECK(!term_le_shown(&f->le));
	before = f->out_bytes;
	fix_type(f, "ne" LEFT "x");
	CHECK_EQ_INT(f->out_bytes, before); /* hidden: nothing drawn */
	vt_feed(&f->vt, "output\r\n", 8);
	term_le_show(&f->le);
	FIX_EXPECT(f, 2, 4, "$ run", "output", "$ nxe");
	term_le_hide(&f->le);
	FIX_EXPECT(f, 2, 0, "$ run", "output");
	fix_type(f, "\x03");
	CHECK_EQ_INT(f->notices[TERM_LE_INTERRUPT], 1);
	CHECK_EQ_INT(f->le.len, 0);
	term_le_print_above(&f->le, "log", 3);
	term_le_show(&f->le);
	FIX_EXPECT(f, 3, 2, "$ run", "output", "log", "$ ");
	term_le_set_prompt(&f->le, "keel# ");
	FIX_EXPECT(f, 3, 6, "$ run", "output", "log", "keel# ");
	fix_free(f);
}

CHECK_MAIN("lineedit")

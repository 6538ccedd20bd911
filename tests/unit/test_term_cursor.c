/*
 * Cursor movement: CUU/CUD/CUF/CUB/CNL/CPL/CHA/HPA/HPR/VPA/VPR/CUP/HVP with defaults and
 * clamping, origin mode, BS/CR/LF/VT/FF, IND/NEL/RI, tab stops (HT, HTS, TBC, CHT, CBT) and
 * save/restore (DECSC/DECRC, CSI s/u).
 */
#include "check.h"
#include "term_test_util.h"

static void at(struct term *t, int row, int col)
{
	int r, c;
	tt_cursor(t, &r, &c);
	CHECK_EQ_INT(r, row);
	CHECK_EQ_INT(c, col);
}

TEST(relative_moves)
{
	struct term *t = tt_new(10, 20);

	tt_write(t, "\x1b[5;5H");
	at(t, 4, 4);
	tt_write(t, "\x1b[2A"); at(t, 2, 4);
	tt_write(t, "\x1b[B"); at(t, 3, 4);
	tt_write(t, "\x1b[0C"); at(t, 3, 5);          /* 0 counts as 1 */
	tt_write(t, "\x1b[3D"); at(t, 3, 2);
	tt_write(t, "\x1b[2E"); at(t, 5, 0);
	tt_write(t, "\x1b[F"); at(t, 4, 0);
	tt_write(t, "\x1b[99A\x1b[99D"); at(t, 0, 0);  /* clamped */
	tt_write(t, "\x1b[99B\x1b[99C"); at(t, 9, 19);
	tt_write(t, "\x1b[3a\x1b[2e"); at(t, 9, 19);   /* HPR/VPR clamp */
	tt_free(t);
}

TEST(absolute_moves)
{
	struct term *t = tt_new(10, 20);

	tt_write(t, "\x1b[H"); at(t, 0, 0);
	tt_write(t, "\x1b[3;7f"); at(t, 2, 6);
	tt_write(t, "\x1b[12G"); at(t, 2, 11);
	tt_write(t, "\x1b[4`"); at(t, 2, 3);
	tt_write(t, "\x1b[8d"); at(t, 7, 3);
	tt_write(t, "\x1b[;5H"); at(t, 0, 4);
	tt_write(t, "\x1b[50;50H"); at(t, 9, 19);
	tt_free(t);
}

TEST(origin_mode)
{
	struct term *t = tt_new(10, 20);

	tt_write(t, "\x1b[3;6r\x1b[?6h");
	at(t, 2, 0);
	tt_write(t, "\x1b[2;3H"); at(t, 3, 2);
	tt_write(t, "\x1b[9;1H"); at(t, 5, 0);        /* clamped to the region */
	tt_write(t, "\x1b[6n");
	CHECK_EQ_STR(tt_replies(t), "\x1b[4;1R");      /* CPR is relative to the region */
	tt_write(t, "\x1b[?6l"); at(t, 0, 0);
	tt_free(t);
}

TEST(controls)
{
	struct term *t = tt_new(4, 10);

	tt_write(t, "abc\b\bX");
	CHECK_EQ_STR(tt_row(t, 0), "aXc");
	tt_write(t, "\rY\n\x0b\x0cZ");
	at(t, 3, 2);
	CHECK_EQ_STR(tt_row(t, 3), " Z");
	tt_write(t, "\x1bM\x1bM"); at(t, 1, 2);       /* RI */
	tt_write(t, "\x1b" "E"); at(t, 2, 0);         /* NEL */
	tt_write(t, "\x1b" "D"); at(t, 3, 0);         /* IND */
	tt_write(t, "\x1b[H\x1bMtop");                 /* RI at the top scrolls down */
	CHECK_EQ_STR(tt_row(t, 0), "top");
	CHECK_EQ_STR(tt_row(t, 1), "YXc");
	tt_free(t);
}

TEST(tabs)
{
	struct term *t = tt_new(2, 30);

	tt_write(t, "\t"); at(t, 0, 8);
	tt_write(t, "\t\t"); at(t, 0, 24);
	tt_write(t, "\t\t"); at(t, 0, 29);            /* stops at the last column */
	tt_write(t, "\x1b[Z"); at(t, 0, 24);
	tt_write(t, "\x1b[2Z"); at(t, 0, 8);
	tt_write(t, "\x1b[3G\x1bH\r\t"); at(t, 0, 2);   /* HTS at column 2 */
	tt_write(t, "\x1b[g\r\t"); at(t, 0, 8);        /* TBC 0 clears it */
	tt_write(t, "\x1b[3g\r\t"); at(t, 0, 29);      /* TBC 3 clears all */
	tt_write(t, "\x1b[H\x1b[2I"); at(t, 0, 29);
	tt_free(t);
}

TEST(save_restore)
{
	struct term *t = tt_new(5, 20);

	tt_write(t, "\x1b[2;3H\x1b[1;31m\x1b" "7\x1b[5;5H\x1b[m\x1b" "8x");
	at(t, 1, 3);
	CHECK(tt_cell(t, 1, 2).ch & TERM_ATTR_BOLD);   /* the pen came back too */
	tt_write(t, "\x1b[4;4H\x1b[s\x1b[H\x1b[u"); at(t, 3, 3);
	tt_free(t);
}

CHECK_MAIN("test_term_cursor")

/* Parameters with leading zeros and many digits mean the same whether the sequence arrives in
 * one write (the parser's fast path) or byte by byte (its state machine). */
TEST(cup_long_zero_padded_parameters)
{
	static const char *const seqs[] = {
		"\x1b[012345;7H", "\x1b[0000000000005;0000000000007H", "\x1b[00000000000000000003;2H",
		"\x1b[99999999999;3H", "\x1b[5;0000123456789H",
	};

	for (unsigned k = 0; k < sizeof(seqs) / sizeof(seqs[0]); k++) {
		struct term *a = term_new(&term_host_alloc, 25, 80), *b = term_new(&term_host_alloc, 25, 80);
		int ra, ca, rb, cb;
		bool va, vb;

		term_write(a, seqs[k], strlen(seqs[k]));
		for (size_t i = 0; seqs[k][i]; i++)
			term_write(b, seqs[k] + i, 1);
		term_get_cursor(a, &ra, &ca, &va);
		term_get_cursor(b, &rb, &cb, &vb);
		if (ra != rb || ca != cb)
			check_fail(__FILE__, __LINE__, "%s: whole %d,%d, byte-wise %d,%d", seqs[k] + 1, ra, ca, rb, cb);
		term_free(a);
		term_free(b);
	}
}

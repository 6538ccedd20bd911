/*
 * Every reply the terminal writes back, byte for byte: DA1/DA2/DA3 by conformance level, DSR and
 * its DEC variants, XTWINOPS reports and the title stack, DECRQM, DECRQSS, DECRQCRA (xterm's
 * checksum) and the OSC colour queries. Test names follow the esctest2 cases they mirror. An
 * audit sends every query and requires each reply to be a single well-formed sequence with no
 * stray byte (the DA2 reply once carried its C string's NUL).
 */
#include <string.h>

#include "check.h"
#include "term_test_util.h"

static struct term *fresh(void)
{
	return tt_new(25, 80);
}

TEST(DA_NoParameter)
{
	struct term *t = fresh();

	tt_write(t, "\x1b[c");
	CHECK_EQ_STR(tt_replies(t), "\x1b[?65;1;6;22;28c");
	tt_write(t, "\x1b[0c");
	CHECK_EQ_STR(tt_replies(t), "\x1b[?65;1;6;22;28c");
	tt_write(t, "\x1b[62;1\"p\x1b[c");             /* DECSCL level 2 */
	CHECK_EQ_STR(tt_replies(t), "\x1b[?62;1;6;22c");
	tt_write(t, "\x1bZ");                           /* DECID */
	CHECK_EQ_STR(tt_replies(t), "\x1b[?62;1;6;22c");
	tt_free(t);
}

TEST(DA2_NoParameter)
{
	struct term *t = fresh();
	char raw[64];

	tt_write(t, "\x1b[>c");
	size_t n = tt_replies_raw(t, raw, sizeof(raw));
	CHECK_EQ_INT(n, 12);
	CHECK(memcmp(raw, "\x1b[>64;390;0c", 12) == 0);
	tt_write(t, "\x1b[64;1\"p\x1b[>0c");
	CHECK_EQ_STR(tt_replies(t), "\x1b[>41;390;0c");
	tt_write(t, "\x1b[=c");                         /* DA3 */
	CHECK_EQ_STR(tt_replies(t), "\x1bP!|00000000\x1b\\");
	tt_free(t);
}

TEST(DECDSR_DECXCPR)
{
	struct term *t = fresh();

	tt_write(t, "\x1b[5;6H\x1b[?6n");
	CHECK_EQ_STR(tt_replies(t), "\x1b[?5;6;1R");
	tt_write(t, "\x1b[6n");
	CHECK_EQ_STR(tt_replies(t), "\x1b[5;6R");
	/* origin mode: relative to the margins */
	tt_write(t, "\x1b[3;10r\x1b[?6h\x1b[?69h\x1b[5;20s\x1b[2;3H\x1b[6n");
	CHECK_EQ_STR(tt_replies(t), "\x1b[2;3R");
	tt_free(t);
}

TEST(DECDSR_variants)
{
	struct term *t = fresh();

	tt_write(t, "\x1b[?15n");
	CHECK_EQ_STR(tt_replies(t), "\x1b[?13n");
	tt_write(t, "\x1b[?25n");
	CHECK_EQ_STR(tt_replies(t), "\x1b[?20n");
	tt_write(t, "\x1b[?26n");
	CHECK_EQ_STR(tt_replies(t), "\x1b[?27;1;0;0n");
	tt_write(t, "\x1b[?53n\x1b[?55n");
	CHECK_EQ_STR(tt_replies(t), "\x1b[?50n\x1b[?50n");
	tt_write(t, "\x1b[?56n");
	CHECK_EQ_STR(tt_replies(t), "\x1b[?57;0n");
	tt_write(t, "\x1b[?62n");
	CHECK_EQ_STR(tt_replies(t), "\x1b[0*{");
	tt_write(t, "\x1b[?63;123n");
	CHECK_EQ_STR(tt_replies(t), "\x1bP123!~0000\x1b\\");
	tt_write(t, "\x1b[?75n\x1b[?85n");
	CHECK_EQ_STR(tt_replies(t), "\x1b[?70n\x1b[?83n");
	tt_write(t, "\x1b[5n");
	CHECK_EQ_STR(tt_replies(t), "\x1b[0n");
	tt_free(t);
}

TEST(XtermWinops_reports)
{
	struct term *t = fresh();

	tt_write(t, "\x1b[18t\x1b[19t");
	CHECK_EQ_STR(tt_replies(t), "\x1b[8;25;80t\x1b[9;25;80t");
	tt_write(t, "\x1b[14t");
	CHECK_EQ_STR(tt_replies(t), "\x1b[4;400;640t");
	tt_write(t, "\x1b[11t\x1b[13t");
	CHECK_EQ_STR(tt_replies(t), "\x1b[1t\x1b[3;0;0t");
	tt_write(t, "\x1b[8;10;90t\x1b[18t");          /* resize in characters */
	CHECK_EQ_STR(tt_replies(t), "\x1b[8;10;90t");
	tt_write(t, "\x1b[27t\x1b[18t");                /* DECSLPP */
	CHECK_EQ_STR(tt_replies(t), "\x1b[8;27;90t");
	tt_free(t);
}

TEST(XtermWinops_PushIconAndWindow_PopIconAndWindow)
{
	struct term *t = fresh();

	tt_write(t, "\x1b]0;both\x1b\\\x1b[22;0t\x1b]2;x\x1b\\\x1b]1;y\x1b\\\x1b[21t\x1b[20t");
	CHECK_EQ_STR(tt_replies(t), "\x1b]lx\x1b\\\x1b]Ly\x1b\\");
	tt_write(t, "\x1b[23;0t\x1b[21t\x1b[20t");
	CHECK_EQ_STR(tt_replies(t), "\x1b]lboth\x1b\\\x1b]Lboth\x1b\\");
	/* pop only the icon title */
	tt_write(t, "\x1b[22;0t\x1b]0;z\x1b\\\x1b[23;1t\x1b[21t\x1b[20t");
	CHECK_EQ_STR(tt_replies(t), "\x1b]lz\x1b\\\x1b]Lboth\x1b\\");
	tt_write(t, "\x1b[23;0t\x1b[23;0t");           /* popping an empty stack: nothing */
	CHECK_EQ_STR(tt_replies(t), "");
	tt_free(t);
}

TEST(DECRQM_modes)
{
	struct term *t = fresh();

	tt_write(t, "\x1b[4$p");
	CHECK_EQ_STR(tt_replies(t), "\x1b[4;2$y");
	tt_write(t, "\x1b[4h\x1b[4$p\x1b[20$p");
	CHECK_EQ_STR(tt_replies(t), "\x1b[4;1$y\x1b[20;2$y");
	tt_write(t, "\x1b[1$p\x1b[19$p\x1b[99$p");      /* GATM, EBM permanently reset; unknown */
	CHECK_EQ_STR(tt_replies(t), "\x1b[1;4$y\x1b[19;4$y\x1b[99;0$y");
	tt_write(t, "\x1b[?7$p\x1b[?7l\x1b[?7$p");
	CHECK_EQ_STR(tt_replies(t), "\x1b[?7;1$y\x1b[?7;2$y");
	tt_write(t, "\x1b[?69h\x1b[?69$p\x1b[?1000h\x1b[?1000$p\x1b[?60$p\x1b[?9999$p");
	CHECK_EQ_STR(tt_replies(t), "\x1b[?69;1$y\x1b[?1000;1$y\x1b[?60;4$y\x1b[?9999;0$y");
	tt_write(t, "\x1b[62\"p\x1b[4$p");              /* VT level 2: no DECRQM */
	CHECK_EQ_STR(tt_replies(t), "");
	tt_free(t);
}

TEST(DECRQSS)
{
	struct term *t = fresh();

	tt_write(t, "\x1b[1;4;38;5;9;48;2;1;2;3m\x1bP$qm\x1b\\");
	CHECK_EQ_STR(tt_replies(t), "\x1bP1$r0;1;4;91;48;2;1;2;3m\x1b\\");   /* 9 as 91 */
	tt_write(t, "\x1b[m\x1b[1m\x1bP$qm\x1b\\");
	CHECK_EQ_STR(tt_replies(t), "\x1bP1$r0;1m\x1b\\");
	tt_write(t, "\x1b[5;6r\x1bP$qr\x1b\\");
	CHECK_EQ_STR(tt_replies(t), "\x1bP1$r5;6r\x1b\\");
	tt_write(t, "\x1b[?69h\x1b[3;4s\x1bP$qs\x1b\\");
	CHECK_EQ_STR(tt_replies(t), "\x1bP1$r3;4s\x1b\\");
	tt_write(t, "\x1b[4 q\x1bP$q q\x1b\\");
	CHECK_EQ_STR(tt_replies(t), "\x1bP1$r4 q\x1b\\");
	tt_write(t, "\x1b[1\"q\x1bP$q\"q\x1b\\");
	CHECK_EQ_STR(tt_replies(t), "\x1bP1$r1\"q\x1b\\");
	tt_write(t, "\x1bP$q\"p\x1b\\");
	CHECK_EQ_STR(tt_replies(t), "\x1bP1$r65;1\"p\x1b\\");
	tt_write(t, "\x1b[1$}\x1bP$q$}\x1b\\");         /* DECSASD, recorded */
	CHECK_EQ_STR(tt_replies(t), "\x1bP1$r1$}\x1b\\");
	tt_write(t, "\x1b[2*x\x1bP$q*x\x1b\\");         /* DECSACE */
	CHECK_EQ_STR(tt_replies(t), "\x1bP1$r2*x\x1b\\");
	tt_write(t, "\x1bP$q+q\x1b\\");                  /* DECELF: not answered, as xterm */
	CHECK_EQ_STR(tt_replies(t), "\x1bP0$r\x1b\\");
	tt_write(t, "\x1bP$qzz\x1b\\");
	CHECK_EQ_STR(tt_replies(t), "\x1bP0$r\x1b\\");
	tt_free(t);
}

/* The checksum of one cell as esctest reads it (xterm before patch 279: 0x10000 - reply). */
static int cell_checksum(struct term *t, int row, int col)
{
	char q[64], raw[64];
	unsigned v = 0;

	snprintf(q, sizeof(q), "\x1b[7;0;%d;%d;%d;%d*y", row, col, row, col);
	tt_write(t, q);
	size_t n = tt_replies_raw(t, raw, sizeof(raw) - 1);
	raw[n] = 0;
	if (n != 11 || memcmp(raw, "\x1bP7!~", 5) != 0 || memcmp(raw + 9, "\x1b\\", 2) != 0)
		return -1;
	if (sscanf(raw + 5, "%4x", &v) != 1)
		return -1;
	return (int)(0x10000 - v);
}

TEST(DECRQCRA_cells)
{
	struct term *t = fresh();

	tt_write(t, "\x1b[2;3Ha\x1b[1mb");
	CHECK_EQ_INT(cell_checksum(t, 2, 3), 'a');
	CHECK_EQ_INT(cell_checksum(t, 2, 4), 'b' + 0x80);       /* bold adds 0x80 */
	CHECK_EQ_INT(cell_checksum(t, 1, 1), ' ');              /* erased counts as a space */
	tt_write(t, "\x1b[m\x1b[4;7m\x1b[5;5Hc");
	CHECK_EQ_INT(cell_checksum(t, 5, 5), 'c' + 0x10 + 0x20);
	/* a whole rectangle: blanks after the first cell are left out */
	tt_write(t, "\x1b[m\x1b[2J\x1b[1;1Hxy");
	tt_write(t, "\x1b[1;0;1;1;2;3*y");
	CHECK_EQ_STR(tt_replies(t), "\x1bP1!~FF0F\x1b\\");     /* -(0x78 + 0x79) */
	tt_free(t);
}

/* Every query at once: each reply is one sequence, nothing between or after. */
TEST(audit_no_stray_bytes)
{
	static const char *queries[] = {
		"\x1b[c", "\x1b[>c", "\x1b[=c", "\x1bZ", "\x1b[5n", "\x1b[6n", "\x1b[?6n", "\x1b[?15n",
		"\x1b[?25n", "\x1b[?26n", "\x1b[?53n", "\x1b[?56n", "\x1b[?62n", "\x1b[?63;9n", "\x1b[?75n",
		"\x1b[?85n", "\x1b[11t", "\x1b[13t", "\x1b[14t", "\x1b[15t", "\x1b[16t", "\x1b[18t", "\x1b[19t",
		"\x1b[20t", "\x1b[21t", "\x1b[4$p", "\x1b[?25$p", "\x1bP$qm\x1b\\", "\x1bP$qr\x1b\\",
		"\x1bP$q q\x1b\\", "\x1bP$qx\x1b\\", "\x1b[1;0;1;1;3;3*y", "\x1b]4;1;?\x1b\\",
		"\x1b]10;?\x1b\\", "\x1b]11;?\x07", "\x1b]12;?\x1b\\",
	};
	struct term *t = fresh();
	char raw[512];

	for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
		tt_write(t, queries[i]);
		size_t n = tt_replies_raw(t, raw, sizeof(raw));
		CHECK(n >= 3);
		CHECK(raw[0] == 0x1b);
		size_t esc = 0, ctl = 0;
		for (size_t k = 0; k < n; k++) {
			if (raw[k] == 0x1b)
				esc++;
			else if ((unsigned char)raw[k] < 0x20 || raw[k] == 0x7f)
				ctl++;
		}
		CHECK_EQ_INT(ctl, 0);
		if (raw[1] == 'P' || raw[1] == ']') {
			/* a string: ESC P/] ... ESC \, exactly two ESCs */
			CHECK_EQ_INT(esc, 2);
			CHECK(raw[n - 2] == 0x1b && raw[n - 1] == '\\');
		} else {
			CHECK_EQ_INT(esc, 1);
			CHECK(raw[1] == '[');
			CHECK((unsigned char)raw[n - 1] >= 0x40 && (unsigned char)raw[n - 1] <= 0x7e);
		}
	}
	tt_free(t);
}

TEST(ChangeColor_queries)
{
	struct term *t = fresh();

	tt_write(t, "\x1b]4;1;?\x1b\\");
	CHECK_EQ_STR(tt_replies(t), "\x1b]4;1;rgb:cdcd/0000/0000\x1b\\");
	tt_write(t, "\x1b]4;1;rgb:12/34/56\x1b\\\x1b]4;1;?\x1b\\");
	CHECK_EQ_STR(tt_replies(t), "\x1b]4;1;rgb:1212/3434/5656\x1b\\");
	tt_write(t, "\x1b]4;2;#abcdef;3;?\x1b\\\x1b]4;2;?\x1b\\");
	CHECK_EQ_STR(tt_replies(t), "\x1b]4;3;rgb:cdcd/cdcd/0000\x1b\\\x1b]4;2;rgb:abab/cdcd/efef\x1b\\");
	tt_write(t, "\x1b]104;1\x1b\\\x1b]4;1;?\x1b\\");
	CHECK_EQ_STR(tt_replies(t), "\x1b]4;1;rgb:cdcd/0000/0000\x1b\\");
	tt_write(t, "\x1b]10;#000\x1b\\\x1b]10;?\x1b\\\x1b]11;?\x1b\\");
	CHECK_EQ_STR(tt_replies(t), "\x1b]10;rgb:0000/0000/0000\x1b\\\x1b]11;rgb:0000/0000/0000\x1b\\");
	tt_write(t, "\x1b]10;?;?\x1b\\");              /* the next field is the next colour */
	CHECK_EQ_STR(tt_replies(t), "\x1b]10;rgb:0000/0000/0000\x1b\\\x1b]11;rgb:0000/0000/0000\x1b\\");
	tt_write(t, "\x1b]4;1;nonsense\x1b\\\x1b]4;999;?\x1b\\\x1b]4;1;?\x1b\\");
	CHECK_EQ_STR(tt_replies(t), "\x1b]4;1;rgb:cdcd/0000/0000\x1b\\");
	tt_free(t);
}

CHECK_MAIN("test_term_replies")

/*
 * termdump: feed a file (or stdin) to a fresh Keel terminal and print the resulting screen in
 * the plain format libvterm-based tools print (see tools/term_host_util.c):
 *   termdump [-r ROWS] [-c COLS] [-a] [-C] [FILE]
 * -a enables the alternate screen, -C adds one line per non-blank or non-default cell.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tools/term_host_util.h"

static void usage(void)
{
	fprintf(stderr, "usage: termdump [-r ROWS] [-c COLS] [-a] [-C] [FILE]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	int rows = 25, cols = 80, opt;
	bool alt = false, cells = false;
	FILE *f = stdin;
	struct term *t;
	struct dump_screen d;
	struct strbuf out = { 0 };
	char buf[65536];
	size_t n;

	while ((opt = getopt(argc, argv, "r:c:aC")) != -1) {
		switch (opt) {
		case 'r': rows = atoi(optarg); break;
		case 'c': cols = atoi(optarg); break;
		case 'a': alt = true; break;
		case 'C': cells = true; break;
		default: usage();
		}
	}
	if (optind < argc - 1)
		usage();
	if (optind == argc - 1 && strcmp(argv[optind], "-") != 0) {
		f = fopen(argv[optind], "rb");
		if (!f) {
			perror(argv[optind]);
			return 1;
		}
	}
	t = term_new(&term_host_alloc, rows, cols);
	if (!t) {
		fprintf(stderr, "termdump: bad size %dx%d\n", rows, cols);
		return 1;
	}
	term_set_altscreen(t, alt);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		term_write(t, buf, n);
	if (f != stdin)
		fclose(f);
	dump_from_term(t, &d);
	dump_format(&d, cells, TERM_DUMP_ATTR_ALL, &out);
	fwrite(out.s, 1, out.len, stdout);
	sb_free(&out);
	dump_screen_free(&d);
	term_free(t);
	return 0;
}

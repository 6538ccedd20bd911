/*
 * termhost: run a command on a pseudo-terminal with Keel's terminal core interpreting its
 * output and the serial renderer drawing the result onto the real terminal (this one, or a
 * serial line seen through picocom/screen/minicom). Keys typed go to the command; the core's
 * replies (DA, DSR/CPR, size report) go back to it; a size the command sets through the terminal
 * (DECCOLM, XTWINOPS 8, DECSLPP) is passed on to the pty. Usage:
 *   termhost [-r ROWS -c COLS] -- COMMAND [ARGS...]
 * Without -r/-c the size follows the real terminal (SIGWINCH resizes and reflows).
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "term/backend_serial.h"
#include "tools/term_host_util.h"

static int master = -1;
static volatile sig_atomic_t winch;
static struct termios saved_tio;
static bool raw_mode;

static void write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return;
		}
		p += w;
		n -= (size_t)w;
	}
}

static void to_screen(void *user, const char *buf, size_t len)
{
	(void)user;
	write_all(STDOUT_FILENO, buf, len);
}

static void to_child(void *user, const char *buf, size_t len)
{
	(void)user;
	write_all(master, buf, len);
}

static void on_winch(int sig)
{
	(void)sig;
	winch = 1;
}

static void restore_tty(void)
{
	if (raw_mode)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tio);
}

static bool real_size(int *rows, int *cols)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) < 0 || ws.ws_row == 0 || ws.ws_col == 0)
		return false;
	*rows = ws.ws_row;
	*cols = ws.ws_col;
	return true;
}

static void usage(void)
{
	fprintf(stderr, "usage: termhost [-r ROWS -c COLS] -- COMMAND [ARGS...]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	int rows = 0, cols = 0, opt, status = 0;
	bool fixed;
	struct winsize ws;
	struct term *t;
	struct term_serial *ser;
	pid_t pid;
	char buf[16384];
	bool stdin_open = true;

	while ((opt = getopt(argc, argv, "+r:c:")) != -1) {
		if (opt == 'r')
			rows = atoi(optarg);
		else if (opt == 'c')
			cols = atoi(optarg);
		else
			usage();
	}
	if (optind >= argc)
		usage();
	fixed = rows > 0 || cols > 0;
	if (!fixed && !real_size(&rows, &cols)) {
		rows = 25;
		cols = 80;
	}
	if (rows <= 0)
		rows = 25;
	if (cols <= 0)
		cols = 80;
	t = term_new(&term_host_alloc, rows, cols);
	ser = term_serial_new(&term_host_alloc, to_screen, NULL);
	if (!t || !ser) {
		fprintf(stderr, "termhost: bad size %dx%d or out of memory\n", rows, cols);
		return 1;
	}
	memset(&ws, 0, sizeof(ws));
	ws.ws_row = (unsigned short)rows;
	ws.ws_col = (unsigned short)cols;
	pid = forkpty(&master, NULL, NULL, &ws);
	if (pid < 0) {
		perror("termhost: forkpty");
		return 1;
	}
	if (pid == 0) {
		setenv("TERM", "xterm-256color", 1);
		execvp(argv[optind], argv + optind);
		perror("termhost: exec");
		_exit(127);
	}
	term_set_output(t, to_child, NULL);
	term_attach(t, &term_serial_backend, ser);
	if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved_tio) == 0) {
		struct termios raw = saved_tio;
		cfmakeraw(&raw);
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw);
		raw_mode = true;
		atexit(restore_tty);
	}
	signal(SIGWINCH, on_winch);
	term_flush(t);

	for (;;) {
		struct pollfd fds[2] = { { master, POLLIN, 0 }, { STDIN_FILENO, POLLIN, 0 } };
		int n = poll(fds, stdin_open ? 2 : 1, -1);
		if (n < 0 && errno != EINTR)
			break;
		if (winch && !fixed) {
			winch = 0;
			if (real_size(&rows, &cols) && term_resize(t, rows, cols) == 0) {
				ws.ws_row = (unsigned short)rows;
				ws.ws_col = (unsigned short)cols;
				ioctl(master, TIOCSWINSZ, &ws);
				term_serial_invalidate(ser);
				term_flush(t);
			}
		}
		if (n <= 0)
			continue;
		if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			ssize_t r = read(master, buf, sizeof(buf));
			if (r <= 0)
				break;          /* EIO: the child closed the terminal */
			term_write(t, buf, (size_t)r);
			term_flush(t);
			/* the program may have resized the terminal (DECCOLM, CSI 8;r;c t, DECSLPP):
			 * the pty follows, so the program sees the size it asked for */
			int nr, nc;
			term_get_size(t, &nr, &nc);
			if (nr != ws.ws_row || nc != ws.ws_col) {
				ws.ws_row = (unsigned short)nr;
				ws.ws_col = (unsigned short)nc;
				ioctl(master, TIOCSWINSZ, &ws);
			}
		}
		if (stdin_open && (fds[1].revents & (POLLIN | POLLHUP))) {
			ssize_t r = read(STDIN_FILENO, buf, sizeof(buf));
			if (r <= 0)
				stdin_open = false;
			else
				write_all(master, buf, (size_t)r);
		}
	}
	term_flush(t);
	waitpid(pid, &status, 0);
	/* leave the real terminal usable: default attributes, full margins, cursor shown, below */
	to_screen(NULL, "\x1b[m\x1b[r\x1b[?25h", 13);
	snprintf(buf, sizeof(buf), "\x1b[%d;1H\r\n", rows);
	to_screen(NULL, buf, strlen(buf));
	term_attach(t, NULL, NULL);
	term_serial_free(ser);
	term_free(t);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

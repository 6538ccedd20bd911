/*
 * Line editor: a readline-like editor driven by key events (term/keys.h) that draws on a
 * VT/ANSI terminal of a given width through an output callback. It keeps the prompt and the
 * line (which may wrap over several rows) correct on screen with relative cursor moves only
 * (CR, CUU/CUD/CUF/CUB, ED), so it works on any xterm-like terminal without knowing the
 * absolute cursor position. Editing: insert anywhere, character and word moves, Home/End,
 * Backspace/Delete, Ctrl-A/E/K/U/W/Y/L, Alt-B/F/D, history (Up/Down, Ctrl-P/N), Tab
 * completion through a hook, Ctrl-C, Ctrl-D, bracketed and plain paste (each newline submits
 * a line). Lines longer than TERM_LE_MAX_LINE bytes are refused with a message. Everything
 * lives in fixed buffers inside struct term_le: no allocation. Not thread-safe: the owner
 * serialises calls (one console task, or a lock around every call).
 */
#ifndef KEEL_TERM_LINEEDIT_H
#define KEEL_TERM_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "term/keys.h"

#define TERM_LE_MAX_LINE 1024     /* bytes of one line (without the NUL) */
#define TERM_LE_MAX_PROMPT 64     /* bytes of the prompt */
#define TERM_LE_HIST_ENTRIES 64   /* history: at most this many lines */
#define TERM_LE_HIST_BYTES 8192   /* ... and this many bytes in all; the oldest go first */
#define TERM_LE_COMP_MAX 128      /* completion candidates kept */
#define TERM_LE_COMP_BYTES 4096   /* ... and their bytes */
#define TERM_LE_OUT_BUF 256       /* output is handed to write() in chunks of at most this */

/* Filled by the completion hook through term_le_comp_add(). */
struct term_le_completions {
	size_t start;     /* hook sets: byte offset where the word being completed starts (<= cursor) */
	bool no_space;    /* hook sets: no space after a unique match (e.g. a directory "dir/") */
	unsigned count;   /* candidates kept */
	unsigned dropped; /* candidates that did not fit */
	size_t used;
	uint16_t off[TERM_LE_COMP_MAX];
	uint16_t len[TERM_LE_COMP_MAX];
	char pool[TERM_LE_COMP_BYTES];
};

/* Add one candidate (the whole replacement for the word); returns 0 or -ENOSPC (counted). */
int term_le_comp_add(struct term_le_completions *c, const char *s, size_t len);

enum term_le_notice {
	TERM_LE_CANCELLED,   /* Ctrl-C while editing: line dropped, new prompt */
	TERM_LE_INTERRUPT,   /* Ctrl-C while the editor is hidden (a command runs) */
	TERM_LE_EOF_IGNORED, /* Ctrl-D on an empty line: ignored, hint printed */
	TERM_LE_TOO_LONG,    /* input refused: the line would exceed TERM_LE_MAX_LINE */
	TERM_LE_DISCARDED,   /* Enter on a line whose input was refused: the line is dropped */
	TERM_LE_EOF,         /* Ctrl-D on an empty line with term_le_set_eof() on: end of input */
};

struct term_le_ops {
	/* Required: bytes for the terminal. */
	void (*write)(void *user, const char *buf, size_t len);
	/* Required: a finished line (NUL-terminated, no newline). Called in order, once per line. */
	void (*submit)(void *user, const char *line, size_t len);
	/* Optional: candidates for the word before `cursor`. */
	void (*complete)(void *user, const char *line, size_t len, size_t cursor,
			 struct term_le_completions *out);
	/* Optional: columns of a printable code point (0, 1 or 2); default term_le_default_width. */
	int (*width)(void *user, uint32_t cp);
	/* Optional: told about Ctrl-C, Ctrl-D and overlong input. */
	void (*notify)(void *user, enum term_le_notice n);
};

/* The editor. Embed or allocate it (about 16 KiB); fields are private. */
struct term_le {
	const struct term_le_ops *ops;
	void *user;
	unsigned cols;
	bool shown;       /* prompt and line are on screen */
	bool auto_prompt; /* after Enter, draw the next prompt at once (else wait for show()) */
	bool too_long;    /* input was refused since the last deletion */
	bool pasting;
	bool eof_ends;    /* Ctrl-D on an empty line is end of input (else ignored with a hint) */
	bool lay_ok;      /* layout cache: prompt + buf[0, lay_upto) ends at (lay_row, lay_col) */
	size_t lay_upto;
	unsigned lay_row, lay_col;
	unsigned cur_row, cur_col; /* terminal cursor, relative to the prompt's first cell */
	size_t len, pos;           /* line length and cursor, in bytes */
	size_t prompt_len;
	int hist_pos; /* -1: editing the new line; else the history entry shown */
	unsigned hist_count;
	size_t hist_used;
	size_t saved_len, kill_len, out_len;
	char buf[TERM_LE_MAX_LINE + 1];
	char saved[TERM_LE_MAX_LINE + 1]; /* the new line while browsing history */
	char kill[TERM_LE_MAX_LINE];      /* last killed text, for Ctrl-Y */
	char prompt[TERM_LE_MAX_PROMPT + 1];
	uint16_t hist_off[TERM_LE_HIST_ENTRIES];
	uint16_t hist_len[TERM_LE_HIST_ENTRIES];
	char hist[TERM_LE_HIST_BYTES];
	char out[TERM_LE_OUT_BUF];
	struct term_le_completions comp;
};

/* Set up a hidden editor for a terminal `cols` wide (0 means 80), prompt "> ". */
void term_le_init(struct term_le *le, const struct term_le_ops *ops, void *user, unsigned cols);
/* Prompt text (printable; truncated to TERM_LE_MAX_PROMPT bytes); redrawn if shown. */
void term_le_set_prompt(struct term_le *le, const char *prompt);
/* When on, Enter draws the next prompt at once; when off (the default) the editor hides after
 * Enter until term_le_show() (the shell calls it when the command is done). */
void term_le_set_auto_prompt(struct term_le *le, bool on);
/* When on, Ctrl-D on an empty line hides the editor and notifies TERM_LE_EOF (a command reading
 * its input); when off (the default) it is ignored with a hint (a shell prompt). */
void term_le_set_eof(struct term_le *le, bool on);
/* Drop the line being edited (erased from the screen if shown) and hide the editor: its reader
 * went away. */
void term_le_discard(struct term_le *le);
/* Draw the prompt and the current line (typed-ahead text included). The terminal cursor must be
 * at the start of a line. */
void term_le_show(struct term_le *le);
/* Erase prompt and line; the cursor is left where the prompt began. Keys still edit the line. */
void term_le_hide(struct term_le *le);
bool term_le_shown(const struct term_le *le);
/* Handle one key event. */
void term_le_key(struct term_le *le, const struct term_key_event *ev);
/* The terminal is now `cols` wide: redraw (assumes the terminal does not reflow old rows). */
void term_le_resize(struct term_le *le, unsigned cols);
/* Print text (a log line; '\n' becomes CRLF, a final newline is added if missing) above the
 * prompt: the prompt rows are erased, the text printed, prompt and line redrawn, cursor kept. */
void term_le_print_above(struct term_le *le, const char *text, size_t len);
/* The line being edited (NUL-terminated). */
const char *term_le_line(const struct term_le *le, size_t *len);
size_t term_le_cursor(const struct term_le *le);

/* History, oldest first. add() skips empty lines and repeats of the newest entry. */
void term_le_history_add(struct term_le *le, const char *line, size_t len);
unsigned term_le_history_count(const struct term_le *le);
const char *term_le_history_get(const struct term_le *le, unsigned i, size_t *len);

/* Columns of a code point: 0 for combining marks and zero-width characters, 2 for East Asian
 * wide and fullwidth ranges and emoji, else 1 (control characters are drawn as ^X: 2). */
int term_le_default_width(uint32_t cp);

#endif /* KEEL_TERM_LINEEDIT_H */

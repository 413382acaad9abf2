/* Line editor: backspace, Ctrl-C, Ctrl-U, and history on the up/down arrows. */
#include <stdlib.h>
#include "common.h"
#include "console.h"
#include "cli.h"

#define HIST_MAX 16
static char *history[HIST_MAX];   /* on the heap: lines run up to 4 KiB */
static int hist_count, hist_next; /* ring buffer */

static void hist_add(const char *line)
{
	int prev = (hist_next + HIST_MAX - 1) % HIST_MAX;
	char *copy;

	if (!*line || (hist_count && !strcmp(history[prev], line)) || !(copy = strdup(line)))
		return;
	free(history[hist_next]);
	history[hist_next] = copy;
	hist_next = (hist_next + 1) % HIST_MAX;
	if (hist_count < HIST_MAX)
		hist_count++;
}

static void erase_chars(size_t n)
{
	while (n--)
		console_puts("\b \b");
}

static size_t replace_line(char *buf, size_t size, size_t len, const char *with)
{
	erase_chars(len);
	strncpy(buf, with, size - 1);
	buf[size - 1] = '\0';
	console_puts(buf);
	return strlen(buf);
}

int cli_readline(const char *prompt, char *buf, size_t size)
{
	size_t len = 0;
	int hist_pos = 0; /* 0 = the line being typed, n = n-th newest entry */
	int esc = 0;
	bool too_long = false; /* a line that does not fit is refused whole, never cut */
	static bool after_cr;  /* CR LF ends one line, not a line and an empty one (a repeat) */

	console_puts(prompt);
	buf[0] = '\0';
	for (;;) {
		int c = console_getc();
		bool lf_of_crlf = after_cr && c == '\n' && !len;

		after_cr = c == '\r';
		if (lf_of_crlf)
			continue;

		if (esc > 1 && c < 0x20)
			esc = 0; /* Enter or Ctrl-C cuts an unfinished sequence short */
		if (esc == 1) {
			esc = c == '[' ? 2 : c == 'O' ? 3 : 0;
			if (esc)
				continue;
			/* a lone ESC (or Alt-key) must not swallow the key after it */
		} else if (esc == 2 && c >= 0x20 && c <= 0x3f) {
			/*
			 * Parameters of a CSI sequence (Delete is ESC [ 3 ~, Ctrl-Right
			 * ESC [ 1 ; 5 C): swallowed up to the final byte, or the ';'
			 * would split the line into two commands.
			 */
			esc = 4;
			continue;
		} else if (esc == 4 && c >= 0x20 && c <= 0x3f) {
			continue;
		} else if (esc == 4) {
			esc = 0;
			continue;
		} else if (esc) {
			esc = 0;
			if (c == 'A' && hist_pos < hist_count) {
				hist_pos++;
				len = replace_line(
					buf, size, len,
					history[(hist_next + HIST_MAX - hist_pos) % HIST_MAX]);
			} else if (c == 'B' && hist_pos > 0) {
				hist_pos--;
				len = replace_line(
					buf, size, len,
					hist_pos ? history[(hist_next + HIST_MAX - hist_pos) % HIST_MAX]
						 : "");
			}
			continue;
		}
		switch (c) {
		case 0x1b:
			esc = 1;
			break;
		case '\r':
		case '\n':
			console_puts("\n");
			buf[len] = '\0';
			if (too_long) {
				printf("## Error: line longer than %u characters, not run\n",
				       (unsigned)(size - 1));
				buf[0] = '\0';
				return -1;
			}
			hist_add(buf);
			return (int)len;
		case 0x03: /* Ctrl-C */
			console_puts("<INTERRUPT>\n");
			buf[0] = '\0';
			return -1;
		case 0x15: /* Ctrl-U */
			erase_chars(len);
			len = 0;
			too_long = false;
			break;
		case 0x08:
		case 0x7f:
			if (len) {
				len--;
				erase_chars(1);
			}
			break;
		default:
			if ((c >= 0x20 && c < 0x7f) || c == '\t') {
				if (len + 1 >= size) {
					too_long = true; /* the rest is read (not echoed) up to Enter */
					break;
				}
				buf[len++] = c == '\t' ? ' ' : (char)c;
				console_putc(buf[len - 1]);
			}
			break;
		}
		buf[len] = '\0';
	}
}

/* Line editor with history. */
#ifndef FB_CLI_H
#define FB_CLI_H
#include <stddef.h>
#define CLI_LINE_MAX (4096 + 1) /* the longest line taken, and its NUL */
/* Reads one line; returns its length, or -1 when Ctrl-C aborted it or it was too long (never cut). */
int cli_readline(const char *prompt, char *buf, size_t size);
#endif

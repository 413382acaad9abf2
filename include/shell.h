/* Shell parser: ; && || quotes, backslash, $var/${var} expansion; executes through a callback. */
#ifndef FB_SHELL_H
#define FB_SHELL_H
#include "common.h"

#define SHELL_MAXARGS 64

typedef int (*shell_exec_fn)(int argc, char *argv[], void *ctx); /* 0 = success */
typedef const char *(*shell_var_fn)(const char *name, void *ctx);

struct shell_ops {
	shell_exec_fn exec;
	shell_var_fn getvar;  /* variable lookup (the environment) */
	bool (*interrupted)(void *ctx); /* Ctrl-C between commands */
	void *ctx;
	int *last_status; /* $? kept across calls; may be NULL */
};

/*
 * Parse and run one or more commands of text (newlines separate commands
 * as ';' does). Returns the status of the last command run (0 success,
 * non-zero failure); -EINVAL for a syntax error (unterminated quote), -E2BIG
 * for too many arguments, -EINTR when interrupted.
 */
int shell_run(const struct shell_ops *ops, const char *text, size_t len);

#endif

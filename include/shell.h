/* Shell parser and executor in the manner of U-Boot's hush: control flow, ; && || !, quotes, $var; commands run through callbacks. */
#ifndef FB_SHELL_H
#define FB_SHELL_H
#include "common.h"

// clang-format off
#define SHELL_MAXARGS 64
#define SHELL_ARGS_MAX 65536 /* bytes of one command's expanded arguments */
#define SHELL_MAXDEPTH 32 /* if/for/while nested deeper is a syntax error */
#define SHELL_ERRLEN 80
// clang-format on
/* shell_run's result when `exit [n]` ended the text; *last_status holds n */
#define SHELL_EXIT (-ECANCELED)

typedef int (*shell_exec_fn)(int argc, char *argv[], void *ctx); /* 0 = success */
typedef const char *(*shell_var_fn)(const char *name, void *ctx);

/* Shell-local variables (`name=value`, the variable of `for`), newest first. */
struct shell_var {
	struct shell_var *next;
	char *value;
	char name[];
};

struct shell_ops {
	shell_exec_fn exec;
	shell_var_fn getvar;            /* the environment: looked up before the locals, as U-Boot */
	bool (*interrupted)(void *ctx); /* Ctrl-C: asked before every command and loop turn */
	void *ctx;
	int *last_status;          /* $? kept across calls; may be NULL */
	struct shell_var **locals; /* may be NULL: no local variables */
	char *errmsg;              /* SHELL_ERRLEN bytes: what a syntax error was; may be NULL */
};

/*
 * Parse and run text: one line or a script (newlines separate commands as
 * ';' does). Each top-level line is parsed whole, then run. Returns the
 * status of the last command run (0 success), SHELL_EXIT after `exit`,
 * -EINVAL for a syntax error (described in ops->errmsg), -E2BIG for too many
 * or too long (SHELL_ARGS_MAX) arguments, -EINTR when interrupted, -ENOMEM.
 */
int shell_run(const struct shell_ops *ops, const char *text, size_t len);

const char *shell_local_get(struct shell_var *const *locals, const char *name);
int shell_local_set(struct shell_var **locals, const char *name, const char *value);
void shell_locals_free(struct shell_var **locals);
bool shell_is_name(const char *s, size_t len); /* [A-Za-z_][A-Za-z0-9_]* */

#endif

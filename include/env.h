/* The environment: name=value variables in RAM, imported from and exported to U-Boot's format. */
#ifndef FB_ENV_H
#define FB_ENV_H
#include "common.h"

const char *env_get(const char *name);                  /* NULL when unset */
int env_set(const char *name, const char *value);       /* value NULL or "" deletes; -EINVAL bad name */
int env_set_hex(const char *name, unsigned long value); /* "%lx", as U-Boot's filesize */
unsigned long env_get_hex(const char *name, unsigned long def);
long env_get_long(const char *name, long def); /* decimal or 0x hex */
void env_clear(void);

/* Walk variables in sorted order; callback returns non-zero to stop. */
int env_for_each(int (*fn)(const char *name, const char *value, void *arg), void *arg);

/*
 * Import "name=value<sep>name=value<sep>..." (sep '\0' for the binary
 * format, '\n' for text). Stops at an empty entry ("\0\0"). With
 * replace, the current set is cleared first. Returns number of vars or -errno.
 */
int env_import(const char *data, size_t len, char sep, bool replace);
/* Export sorted "name=value<sep>..." plus a terminating empty entry when
 * sep is '\0'. Returns bytes used or -ENOSPC. */
int env_export(char *buf, size_t size, char sep);

/*
 * Where the environment persists: an ops struct the board points to
 * (board_desc.env; env/env_board.c's env_flash_backend keeps it in flash).
 * Without one the environment lives in RAM only.
 */
struct env_backend {
	void (*load)(void);       /* start-up: import it, or the defaults (prints what it did) */
	int (*save)(void);        /* saveenv: prints its progress; 0 or 1 */
	void (*print_info)(void); /* env info */
};
void env_set_backend(const struct env_backend *b); /* start-up, from the board */
int env_save(void);                                /* the backend's save; -ENODEV without one */
int env_print_info(void);                          /* the backend's env info; -ENODEV without one */

/* The board's default environment ("a=b\0c=d\0\0"), given once at start-up; env_set_default()
 * (env default -a, an environment that does not load) replaces the whole environment with it. */
void env_set_default_text(const char *text);
void env_set_default(void);
/* Set the named variables to their default values; names the defaults lack are left alone. */
void env_set_default_vars(int n, char *const names[]);

/*
 * Change callbacks, as U-Boot's env callbacks: ENV_CALLBACK(name, fn) in any
 * layer puts {name, fn} in a linker table, and the environment calls fn when
 * that variable changes.
 * - env_set() (setenv, a script): before the change, with the new value
 *   (NULL: deleted) and ENV_OP_SET/ENV_OP_DELETE; a negative return refuses
 *   it: env_set() returns that errno and the variable keeps its old value.
 * - a batch (env_import(), env_set_default(), env_batch_begin/end): after all
 *   the changes, once per callback function whose variables changed, with
 *   the value in force and ENV_OP_IMPORT; the change stands whatever it returns.
 * Callbacks explain themselves with env_report(); the command that made the
 * change prints env_messages().
 */
enum env_op { ENV_OP_SET, ENV_OP_DELETE, ENV_OP_IMPORT };

struct env_callback {
	const char *name;
	int (*fn)(const char *name, const char *value, enum env_op op);
};

#ifdef HOST_SIM
#define ENV_CB_SECTION(_name) "env_cb"
#else
#define ENV_CB_SECTION(_name) ".env_cb." #_name
#endif
// clang-format off
#define ENV_CALLBACK(_name, _fn)                                                                 \
	static const struct env_callback __env_cb_##_name __attribute__((used,                   \
		aligned(__alignof__(struct env_callback)), section(ENV_CB_SECTION(_name)))) =    \
		{ #_name, _fn }
// clang-format on

void env_batch_begin(void); /* nests; callbacks run at the outermost env_batch_end() */
void env_batch_end(void);
/* A callback's message line(s), kept until the next change begins. */
void env_report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *env_messages(void); /* "" when none */

#endif

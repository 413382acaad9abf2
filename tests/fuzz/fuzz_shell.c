/* libFuzzer target: scripts through the shell (if/for/while/until, quotes, ; && || !, $var, ${var:-x}, exit), and env text import/export. */
#include <stdlib.h>
#include "env.h"
#include "shell.h"
#include "fuzz_check.h"

static int ran;

/* Every command the parser hands over: well-formed argv, and `setenv` really sets (so $var sees it). */
static int exec(int argc, char *argv[], void *ctx)
{
	(void)ctx;
	CHECK(argc >= 1 && argc <= SHELL_MAXARGS);
	CHECK(argv[argc] == NULL);
	for (int i = 0; i < argc; i++)
		CHECK(argv[i] != NULL && strlen(argv[i]) < 65536);
	ran++;
	if (!strcmp(argv[0], "setenv") && argc >= 2)
		env_set(argv[1], argc > 2 ? argv[2] : NULL);
	return !strcmp(argv[0], "false");
}

static const char *getvar(const char *name, void *ctx)
{
	(void)ctx;
	return env_get(name);
}

/* Asked before every command and every loop turn: the budget that bounds every loop */
static int polls;
static bool interrupted(void *ctx)
{
	(void)ctx;
	return ++polls > 1000;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char out[8192], again[8192];
	static char errmsg[SHELL_ERRLEN];
	struct shell_var *locals = NULL;
	int status = 0, ret, n, m;
	// clang-format off
	const struct shell_ops ops = { .exec = exec, .getvar = getvar, .interrupted = interrupted,
				       .last_status = &status, .locals = &locals, .errmsg = errmsg };
	// clang-format on

	env_clear();
	env_set("a", "1");
	env_set("two", "x y");
	ran = polls = 0;
	ret = shell_run(&ops, (const char *)data, size);
	CHECK(ret >= 0 || ret == -EINVAL || ret == -E2BIG || ret == -EINTR || ret == -ENOMEM ||
	      ret == SHELL_EXIT);
	CHECK(ret != -EINVAL || errmsg[0]); /* a syntax error always says what it was */
	CHECK(strlen(errmsg) < SHELL_ERRLEN);
	shell_locals_free(&locals);

	/* the same bytes as environment text: what is imported exports and re-imports the same */
	env_clear();
	n = env_import((const char *)data, size, '\n', true);
	if (n >= 0) {
		m = env_export(out, sizeof(out), '\n');
		if (m >= 0) {
			/* (counts may differ: "name=" entries delete, and count) */
			CHECK(env_import(out, (size_t)m, '\n', true) >= 0);
			CHECK(env_export(again, sizeof(again), '\n') == m);
			CHECK(!memcmp(out, again, (size_t)m));
		}
	}
	env_clear();
	return 0;
}

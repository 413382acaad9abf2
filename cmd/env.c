/* Environment commands: printenv, setenv, env (default, print, set, export, import). */
#include <stdlib.h>
#include "command.h"
#include "cmd_mtd.h"
#include "env.h"

static int print_one(const char *name, const char *value, void *arg)
{
	(*(int *)arg)++;
	printf("%s=%s\n", name, value);
	return 0;
}

static int do_printenv(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	int count = 0, ret = 0;

	(void)cmd;
	if (argc == 1) {
		env_for_each(print_one, &count);
		printf("\nEnvironment size: %d variables\n", count);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		const char *v = env_get(argv[i]);
		if (!v) {
			printf("## Error: \"%s\" not defined\n", argv[i]);
			ret = 1;
		} else {
			printf("%s=%s\n", argv[i], v);
		}
	}
	return ret;
}

static int do_setenv(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	char *val = NULL;
	size_t len = 0;
	int ret;

	(void)cmd;
	if (argc < 2)
		return CMD_RET_USAGE;
	/* U-Boot joins the remaining arguments with single spaces */
	for (int i = 2; i < argc; i++)
		len += strlen(argv[i]) + 1;
	if (len) {
		val = malloc(len);
		if (!val)
			return 1;
		val[0] = '\0';
		for (int i = 2; i < argc; i++) {
			strcat(val, argv[i]);
			if (i + 1 < argc)
				strcat(val, " ");
		}
	}
	ret = env_set(argv[1], val);
	free(val);
	if (ret == -EINVAL) {
		printf("## Error: illegal character in variable name \"%s\"\n", argv[1]);
		return 1;
	}
	return ret ? 1 : 0;
}

static bool var_is(const char *name, const char *was)
{
	const char *v = env_get(name);

	return v && was ? !strcmp(v, was) : v == was;
}

/*
 * `env default -a` and `env import` may change mtdparts/mtdids: register the
 * partitions again, or `nor`/`mtd` keep using a table the variables no longer say.
 */
static void parts_follow_env(char *parts, char *ids, bool had_parts, bool had_ids)
{
	if ((had_parts && !parts) || (had_ids && !ids) || !var_is("mtdparts", parts) ||
	    !var_is("mtdids", ids))
		mtdparts_init();
	free(parts);
	free(ids);
}

__attribute__((weak)) int env_save(void)
{
	printf("## Error: this board keeps no environment in flash\n");
	return 1;
}

__attribute__((weak)) void env_print_info(void)
{
	printf("env_valid = n/a (environment in RAM only)\n");
}

static int do_env(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	if (argc < 2)
		return CMD_RET_USAGE;
	if (!strcmp(argv[1], "default")) {
		if (argc != 3 || strcmp(argv[2], "-a")) {
			printf("## Error: only 'env default -a' is supported\n");
			return 1;
		}
		const char *p = env_get("mtdparts"), *i = env_get("mtdids");
		char *parts = p ? strdup(p) : NULL, *ids = i ? strdup(i) : NULL;

		env_set_default();
		printf("## Resetting to default environment\n");
		parts_follow_env(parts, ids, p != NULL, i != NULL);
		return 0;
	}
	if (!strcmp(argv[1], "print"))
		return do_printenv(cmd, argc - 1, argv + 1);
	if (!strcmp(argv[1], "set"))
		return do_setenv(cmd, argc - 1, argv + 1);
	if (!strcmp(argv[1], "save"))
		return env_save();
	if (!strcmp(argv[1], "info")) {
		env_print_info();
		return 0;
	}
	if (!strcmp(argv[1], "export") || !strcmp(argv[1], "import")) {
		/* env export -t addr [size]; env import -t addr size */
		unsigned long addr, size = 0;
		int n;
		if (argc < 4 || strcmp(argv[2], "-t") || parse_ulong(argv[3], &addr) ||
		    (argc > 4 && parse_ulong(argv[4], &size)))
			return CMD_RET_USAGE;
		if (argv[1][0] == 'e') {
			if (!size)
				size = 0x10000;
			if (addr_check_write(addr, size))
				return 1;
			/* keep a byte for the terminating NUL: the last line keeps its '\n' */
			n = size > 1 ? env_export((char *)addr, size - 1, '\n') : -ENOSPC;
			if (n < 0) {
				printf("## Error: environment does not fit in 0x%lx bytes\n", size);
				return 1;
			}
			((char *)addr)[n] = '\0';
			env_set_hex("filesize", (unsigned long)n);
			return 0;
		}
		if (!size || addr_check_read(addr, size))
			return size ? 1 : CMD_RET_USAGE;
		const char *p = env_get("mtdparts"), *i = env_get("mtdids");
		char *parts = p ? strdup(p) : NULL, *ids = i ? strdup(i) : NULL;

		n = env_import((const char *)addr, strnlen((const char *)addr, size), '\n', false);
		parts_follow_env(parts, ids, p != NULL, i != NULL);
		if (n < 0) {
			printf("## Error: text is not name=value lines\n");
			return 1;
		}
		return 0;
	}
	return CMD_RET_USAGE;
}

static int do_saveenv(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	(void)cmd;
	(void)argc;
	(void)argv;
	return env_save();
}

CMD(printenv, 0, do_printenv, "print environment variables", "[name ...]");
CMD(setenv, 0, do_setenv, "set environment variables", "name [value ...]\n    - set 'name' to 'value ...'; without value, delete 'name'");
CMD(env, 0, do_env, "environment handling commands",
    "default -a | print [name...] | set name [value] | save | info | export -t addr [size] | import -t addr size");
CMD(saveenv, 1, do_saveenv, "save environment variables to persistent storage", NULL);

/* Environment commands: printenv, setenv, env (default, print, set, delete, exists, export, import). */
#include <stdlib.h>
#include "board.h"
#include "command.h"
#include "env.h"

struct print_all {
	unsigned long bytes; /* U-Boot's count: the listing's "name=value\n" lines and a NUL */
	bool dot;            /* names starting with '.' too (U-Boot hides them unless -a) */
};

static int print_one(const char *name, const char *value, void *arg)
{
	struct print_all *pa = arg;

	if (name[0] == '.' && !pa->dot)
		return 0;
	pa->bytes += (unsigned long)printf("%s=%s\n", name, value);
	return 0;
}

static int do_printenv(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	struct print_all pa = { 1, false };
	int ret = 0;

	(void)cmd;
	if (argc > 1 && !strcmp(argv[1], "-a")) {
		pa.dot = true;
		argc--;
		argv++;
	}
	if (argc == 1) {
		env_for_each(print_one, &pa);
		/* U-Boot's ENV_SIZE: a copy without its header (CRC, and the flag byte when redundant) */
		printf("\nEnvironment size: %lu/%lu bytes\n", pa.bytes,
		       (unsigned long)board->env_size - 4 - board->env_redundant);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		const char *v = env_get(argv[i]);
		if (!v) {
			cmd_err("\"%s\" not defined", argv[i]);
			ret = 1;
		} else {
			printf("%s=%s\n", argv[i], v);
		}
	}
	return ret;
}

/*
 * Leading "-f" options (U-Boot's "force"): flashboot has no write-protected
 * variables (no .flags; ethaddr stays changeable, as in U-Boot built with
 * CONFIG_ENV_OVERWRITE), so -f is accepted and changes nothing. Returns the index of the first
 * non-option argument, or -1 for an unknown option.
 */
static int skip_force(int argc, char *const argv[], int first)
{
	int i = first;

	for (; i < argc && argv[i][0] == '-'; i++)
		for (const char *o = argv[i] + 1; *o; o++)
			if (*o != 'f')
				return -1;
	return i;
}

static int do_setenv(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	char *val = NULL;
	size_t len = 0;
	int ret, first = skip_force(argc, argv, 1);

	(void)cmd;
	if (first < 0 || first >= argc)
		return CMD_RET_USAGE;
	argc -= first - 1;
	argv += first - 1;
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
	printf("%s", env_messages()); /* what a callback said ($mtdparts: the new table's warnings) */
	if (ret && *env_messages())
		return 1;
	if (ret == -EINVAL) {
		cmd_err("illegal character in variable name \"%s\"", argv[1]);
		return 1;
	}
	return ret ? 1 : 0;
}

static int env_save_cmd(void)
{
	int ret = env_save();

	if (ret == -ENODEV)
		cmd_err("this board keeps no environment in flash");
	return ret ? 1 : 0;
}

/* env default -a | env default [-f] var...: all of it, or the named variables (U-Boot 2023.01). */
static int env_default_cmd(int argc, char *const argv[])
{
	bool all = false;
	int i = 1;

	for (; i < argc && argv[i][0] == '-'; i++)
		for (const char *o = argv[i] + 1; *o; o++) {
			if (*o == 'a')
				all = true;
			else if (*o != 'f')
				return CMD_RET_USAGE;
		}
	if (all == (i < argc))
		return CMD_RET_USAGE;
	if (all) {
		env_set_default();
		printf("## Resetting to default environment\n");
	} else {
		/* a name the defaults lack keeps its value, silently (U-Boot's H_NOCLEAR import) */
		env_set_default_vars(argc - i, argv + i);
	}
	printf("%s", env_messages()); /* a new mtdparts table's warnings or errors */
	return 0;
}

/* env delete [-f] var...: a missing name fails without a message, as in U-Boot. */
static int env_delete_cmd(int argc, char *const argv[])
{
	int i = skip_force(argc, argv, 1), ret = 0;

	if (i < 0 || i == argc)
		return CMD_RET_USAGE;
	for (; i < argc; i++) {
		if (!env_get(argv[i]) || env_set(argv[i], NULL))
			ret = 1;
		printf("%s", env_messages());
	}
	return ret;
}

static int env_exists_cmd(int argc, char *const argv[])
{
	(void)argc;
	return !env_get(argv[1]);
}

static int env_print_cmd(int argc, char *const argv[])
{
	return do_printenv(NULL, argc, argv);
}

static int env_set_cmd(int argc, char *const argv[])
{
	return do_setenv(NULL, argc, argv);
}

static int env_save_sub(int argc, char *const argv[])
{
	(void)argc;
	(void)argv;
	return env_save_cmd();
}

static int env_info_cmd(int argc, char *const argv[])
{
	(void)argc;
	(void)argv;
	if (env_print_info() == -ENODEV)
		printf("env_valid = n/a (environment in RAM only)\n");
	return 0;
}

/* "-t addr [size]" of export/import: 0 or -EINVAL (*size untouched without one) */
static int text_args(int argc, char *const argv[], unsigned long *addr, unsigned long *size)
{
	if (strcmp(argv[1], "-t") || parse_ulong(argv[2], addr) ||
	    (argc > 3 && parse_ulong(argv[3], size)))
		return -EINVAL;
	return 0;
}

/* env export -t addr [size] */
static int env_export_cmd(int argc, char *const argv[])
{
	unsigned long addr, size = 0x10000;
	int n;

	if (text_args(argc, argv, &addr, &size))
		return CMD_RET_USAGE;
	if (!size)
		size = 0x10000;
	if (addr_check_write(addr, size))
		return 1;
	/* keep a byte for the terminating NUL: the last line keeps its '\n' */
	n = size > 1 ? env_export((char *)addr, size - 1, '\n') : -ENOSPC;
	if (n < 0) {
		cmd_err("environment does not fit in 0x%lx bytes", size);
		return 1;
	}
	((char *)addr)[n] = '\0';
	env_set_hex("filesize", (unsigned long)n);
	return 0;
}

/* env import -t addr size */
static int env_import_cmd(int argc, char *const argv[])
{
	unsigned long addr, size = 0;
	int n;

	if (text_args(argc, argv, &addr, &size))
		return CMD_RET_USAGE;
	if (!size || addr_check_read(addr, size))
		return size ? 1 : CMD_RET_USAGE;
	n = env_import((const char *)addr, strnlen((const char *)addr, size), '\n', false);
	printf("%s", env_messages());
	if (n < 0) {
		/* U-Boot's rules take any other line (a bare name deletes) */
		if (n == -EINVAL)
			cmd_err("a line has an empty name (\"=value\"); the lines before it were imported");
		else
			cmd_err("env import: %s", errno_str(n));
		return 1;
	}
	return 0;
}

/* U-Boot's env (find_cmd_tbl): a unique prefix names a sub-command (`env pri`, `env sa`) */
// clang-format off
static const struct cmd_sub env_subs[] = {
	{ "default", 1, 0, 0, false, env_default_cmd, true },
	{ "delete", 1, 0, 0, false, env_delete_cmd, true },
	{ "exists", 2, 0, 0, false, env_exists_cmd, true },
	{ "export", 3, 0, 0, false, env_export_cmd, true },
	{ "import", 3, 0, 0, false, env_import_cmd, true },
	{ "info", 1, 0, 0, false, env_info_cmd, true },
	{ "print", 1, 0, 0, false, env_print_cmd, true },
	{ "save", 1, 0, 0, false, env_save_sub, true },
	{ "set", 1, 0, 0, false, env_set_cmd, true },
};
// clang-format on

static int do_env(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	(void)cmd;
	return CMD_SUB_RUN(env_subs, CMD_SUB_PREFIX, argc, argv);
}

static int do_saveenv(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	(void)cmd;
	(void)argc;
	(void)argv;
	return env_save_cmd();
}

CMD_REPEATABLE(
	printenv, 0, do_printenv, "print environment variables",
	"[-a] [name ...]\n    - print all (-a: also names starting with '.') or the named variables");
CMD(setenv, 0, do_setenv, "set environment variables",
    "[-f] name [value ...]\n    - set 'name' to 'value ...'; without value, delete 'name'\n"
    "      (-f: force; flashboot has no write-protected variables)");
CMD_REPEATABLE(
	env, 0, do_env, "environment handling commands",
	"default -a | default [-f] var [...] | print [-a] [name...] | set [-f] name [value] | delete [-f] var [...]\n"
	"    | exists name | save | info | export -t addr [size] | import -t addr size");
CMD(saveenv, 1, do_saveenv, "save environment variables to persistent storage", NULL);

/* A model of how Linux 6.1 reads mtdparts= from its command line, for the tests (written from lib/cmdline.c's rules). */
#ifndef LX_CMDLINE_H
#define LX_CMDLINE_H
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/*
 * What Linux 6.1 does with a command line, written out here independently of
 * the library: parse_args() splits with next_arg() (lib/cmdline.c) and stops
 * at "--"; __setup("mtdparts=") keeps the last value, and the built-in module
 * parameter cmdlinepart.mtdparts= (applied at module init) overrides it.
 * Returns true and the value cmdlinepart would parse, or false for none.
 */
static bool lx_isspace(char c)
{
	return c == ' ' || (c >= 9 && c <= 13) || (unsigned char)c == 0xa0;
}

static char *lx_next_arg(char *args, char **param, char **val)
{
	unsigned int i, equals = 0;
	int in_quote = 0, quoted = 0;

	if (*args == '"') {
		args++;
		in_quote = 1;
		quoted = 1;
	}
	for (i = 0; args[i]; i++) {
		if (lx_isspace(args[i]) && !in_quote)
			break;
		if (equals == 0 && args[i] == '=')
			equals = i;
		if (args[i] == '"')
			in_quote = !in_quote;
	}
	*param = args;
	if (!equals) {
		*val = NULL;
	} else {
		args[equals] = '\0';
		*val = args + equals + 1;
		if (**val == '"') {
			(*val)++;
			if (args[i - 1] == '"')
				args[i - 1] = '\0';
		}
	}
	if (quoted && i > 0 && args[i - 1] == '"')
		args[i - 1] = '\0';
	if (args[i]) {
		args[i] = '\0';
		args += i + 1;
	} else {
		args += i;
	}
	while (lx_isspace(*args))
		args++;
	return args;
}

static bool linux_mtdparts(const char *cmdline, char *out, size_t size)
{
	char *copy = strdup(cmdline), *args = copy, *param, *val;
	const char *setup = NULL, *modparam = NULL;

	while (lx_isspace(*args))
		args++;
	while (*args) {
		args = lx_next_arg(args, &param, &val);
		if (!val && !strcmp(param, "--"))
			break;
		if (val && !strcmp(param, "mtdparts"))
			setup = val;
		if (val && !strcmp(param, "cmdlinepart.mtdparts"))
			modparam = val;
	}
	if (modparam)
		setup = modparam;
	if (setup)
		snprintf(out, size, "%s", setup);
	free(copy);
	return setup != NULL;
}

#endif

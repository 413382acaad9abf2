/* setexpr: arithmetic and bitwise expressions on hex numbers or memory, string +, and sub/gsub with regular expressions. */
#include <stdlib.h>
#include "command.h"
#include "env.h"
#include "setexpr.h"

/* "*addr" of a value: parsed, aligned to the width and readable (setexpr only reads memory). */
static int sx_addr(const char *arg, int size, unsigned long *addr)
{
	if (parse_ulong(arg + 1, addr)) {
		cmd_err("'%s' is not a hex address", arg + 1);
		return -EINVAL;
	}
	if (*addr % (unsigned long)size) {
		cmd_err("address 0x%lx is not aligned to %d bytes", *addr, size);
		return -EINVAL;
	}
	return addr_check_read(*addr, (size_t)size);
}

/* A value: hex as U-Boot's simple_strtoul(.., 16) reads it, or *addr read with the command's width. */
static int sx_value(const char *arg, int size, uint32_t *v)
{
	unsigned long addr;

	if (*arg != '*') {
		*v = simple_strtou32(arg, 16);
		return 0;
	}
	if (sx_addr(arg, size, &addr))
		return -EFAULT;
	*v = size == 1   ? *(volatile uint8_t *)addr
	     : size == 2 ? *(volatile uint16_t *)addr
			 : *(volatile uint32_t *)addr;
	return 0;
}

/*
 * A setexpr.s operand, as U-Boot reads it: only "*addr", the NUL-terminated string there (it
 * must end in RAM or flash). U-Boot fails on a plain word without a word; we say why.
 */
static const char *sx_string(const char *arg)
{
	unsigned long addr;
	const char *p;

	if (*arg != '*') {
		cmd_err("setexpr.s wants *addr, not '%s'", arg);
		return NULL;
	}
	if (sx_addr(arg, 1, &addr))
		return NULL;
	for (p = (const char *)addr; *p; p++)
		if (!addr_is_memory((uintptr_t)p + 1, 1)) {
			addr_check_read((uintptr_t)p + 1, 1); /* says where memory ends */
			return NULL;
		}
	return (const char *)addr;
}

static int sx_arith(const char *name, int size, char *const argv[])
{
	uint32_t a, b, r;
	char op = argv[1][0];

	if (sx_value(argv[0], size, &a) || sx_value(argv[2], size, &b))
		return 1;
	if (!strchr("&|^+-*/%", op)) {
		printf("invalid op\n");
		return 1;
	}
	if ((op == '/' || op == '%') && !b) {
		cmd_err("division by zero");
		return 1;
	}
	r = op == '&'   ? a & b
	    : op == '|' ? a | b
	    : op == '^' ? a ^ b
	    : op == '+' ? a + b
	    : op == '-' ? a - b
	    : op == '*' ? a * b
	    : op == '/' ? a / b
			: a % b;
	return env_set_hex(name, r) ? 1 : 0;
}

/* Without CONFIG_REGEX (mini2440: its image must fit one 128 KiB NAND block) sub/gsub are left out. */
__attribute__((weak)) int setexpr_sub(const char *name, bool global, int argc, char *const argv[])
{
	(void)name;
	(void)global;
	(void)argc;
	(void)argv;
	cmd_err("setexpr sub/gsub are not built in (CONFIG_REGEX)");
	return 1;
}

/* setexpr.s name *a [+ *b]: strings from memory, + joins them */
static int sx_strings(const char *name, int argc, char *const argv[])
{
	const char *a = sx_string(argv[0]), *b = "";
	char *cat;
	int ret;

	if (!a || (argc > 1 && !(b = sx_string(argv[2]))))
		return 1;
	if (argc > 1 && argv[1][0] != '+') {
		printf("invalid op\n");
		return 1;
	}
	cat = malloc(strlen(a) + strlen(b) + 1);
	if (!cat)
		return 1;
	strcpy(cat, a);
	strcat(cat, b);
	ret = env_set(name, cat) ? 1 : 0;
	free(cat);
	return ret;
}

static int do_setexpr(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	const char *dot = strchr(argv[0], '.');
	bool str = dot && !strcmp(dot, ".s");
	int size = str ? 4 : cmd_get_data_size(argv[0], 4);
	uint32_t v;

	(void)cmd;
	if (argc < 3 || argc == 4 || size < 0)
		return CMD_RET_USAGE;
	if (argc >= 5 && (!strcmp(argv[2], "sub") || !strcmp(argv[2], "gsub")))
		return setexpr_sub(argv[1], argv[2][0] == 'g', argc - 2, argv + 2);
	/* as U-Boot: 5 arguments, and an operator of one character (`==`, `<<` are usage) */
	if (argc > 3 && (argc != 5 || strlen(argv[3]) != 1))
		return CMD_RET_USAGE;
	if (str)
		return sx_strings(argv[1], argc - 2, argv + 2);
	if (argc == 3)
		return sx_value(argv[2], size, &v) || env_set_hex(argv[1], v) ? 1 : 0;
	return sx_arith(argv[1], size, argv + 2);
}

CMD(setexpr, 6, do_setexpr, "set environment variable as the result of eval expression",
    "[.b, .w, .l, .s] name [*]value1 <op> [*]value2\n"
    "    - set environment variable 'name' to the result of the evaluated\n"
    "      expression specified by <op>.  <op> can be &, |, ^, +, -, *, /, %\n"
    "      (for strings only + is supported); numbers are hex\n"
    "setexpr[.b, .w, .l] name [*]value\n"
    "    - load a value into a variable\n"
    "setexpr name gsub r s [t]\n"
    "    - For each substring matching the regular expression <r> in the\n"
    "      string <t>, substitute the string <s>.  The result is\n"
    "      assigned to <name>.  If <t> is not supplied, use the old\n"
    "      value of <name>\n"
    "setexpr name sub r s [t]\n"
    "    - Just like gsub(), but replace only the first matching substring");

/* Script conditions: test, itest, true, false, and exit (which the shell carries out itself). */
#include <stdlib.h>
#include "command.h"

/* U-Boot's simple_strtol(s, NULL, 0): a '-' and then simple_strtoul (so "+5" and " 5" are 0) */
static long test_number(const char *s)
{
	uint32_t u = simple_strtou32(s + (*s == '-'), 0);

	return (long)(int32_t)(*s == '-' ? 0u - u : u); /* 32 bits, as U-Boot's long on ARM */
}

enum {
	T_NOT = 1,
	T_OR,
	T_AND,
	T_Z,
	T_N,
	T_SEQ,
	T_SNE,
	T_SLT,
	T_SGT,
	T_EQ,
	T_NE,
	T_LT,
	T_LE,
	T_GT,
	T_GE
};
/* the names in place (no pointers) and bytes for the rest: half the table's size */
static const struct {
	char str[4];
	uint8_t op;
	uint8_t pos; /* where the operator stands: 0 first (unary), 1 between two operands */
	uint8_t adv; /* arguments it takes up */
} test_ops[] = {
	{ "=", T_SEQ, 1, 3 },  { "!=", T_SNE, 1, 3 }, { "<", T_SLT, 1, 3 },  { ">", T_SGT, 1, 3 },
	{ "-eq", T_EQ, 1, 3 }, { "-ne", T_NE, 1, 3 }, { "-lt", T_LT, 1, 3 }, { "-le", T_LE, 1, 3 },
	{ "-gt", T_GT, 1, 3 }, { "-ge", T_GE, 1, 3 }, { "!", T_NOT, 0, 1 },  { "-o", T_OR, 0, 1 },
	{ "-a", T_AND, 0, 1 }, { "-z", T_Z, 0, 2 },   { "-n", T_N, 0, 2 },
};

static bool test_eval(int op, char *const ap[])
{
	long l, r;

	switch (op) {
	case T_Z:
		return !*ap[1];
	case T_N:
		return *ap[1];
	case T_SEQ:
		return !strcmp(ap[0], ap[2]);
	case T_SNE:
		return strcmp(ap[0], ap[2]);
	case T_SLT:
		return strcmp(ap[0], ap[2]) < 0;
	case T_SGT:
		return strcmp(ap[0], ap[2]) > 0;
	}
	l = test_number(ap[0]);
	r = test_number(ap[2]);
	return op == T_EQ   ? l == r
	       : op == T_NE ? l != r
	       : op == T_LT ? l < r
	       : op == T_LE ? l <= r
	       : op == T_GT ? l > r
			    : l >= r;
}

/*
 * As U-Boot's test: strictly left to right, `!` flips the next term, -a/-o
 * join it to the result so far; a term short of operands ends the
 * expression as true (`test 1 -eq`).
 */
static int do_test(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	char *const *ap = argv + 1;
	int left = argc - 1, last_bin = 0, not = 0;
	bool expr = false, last = false;

	(void)cmd;
	if (argc == 2) { /* one word: true when not empty and not an operator */
		for (size_t i = 0; i < ARRAY_SIZE(test_ops); i++)
			if (!strcmp(argv[1], test_ops[i].str))
				return 1;
		return !*argv[1];
	}
	while (left > 0) {
		size_t i;

		for (i = 0; i < ARRAY_SIZE(test_ops); i++)
			if (left > test_ops[i].pos && !strcmp(ap[test_ops[i].pos], test_ops[i].str))
				break;
		if (i == ARRAY_SIZE(test_ops) || left < test_ops[i].adv) {
			expr = true;
			break;
		}
		if (test_ops[i].op == T_OR || test_ops[i].op == T_AND) {
			last = expr;
			last_bin = test_ops[i].op;
		} else if (test_ops[i].op == T_NOT) {
			not = !not ;
		} else {
			expr = test_eval(test_ops[i].op, ap);
			if (not )
				expr = !expr;
			not = 0;
			if (last_bin)
				expr = last_bin == T_OR ? (last || expr) : (last && expr);
			last_bin = 0;
		}
		ap += test_ops[i].adv;
		left -= test_ops[i].adv;
	}
	return argc < 2 ? 1 : !expr;
}

static int do_true(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	(void)cmd;
	(void)argc;
	(void)argv;
	return 0;
}

static int do_false(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	(void)cmd;
	(void)argc;
	(void)argv;
	return 1;
}

/* The shell ends the script at `exit` before any command runs; only a prefix (`exi`) lands here. */
static int do_exit(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	(void)cmd;
	return argc > 1 ? (int)strtoul(argv[1], NULL, 10) : 0;
}

/*
 * itest: a value is hex, or *addr read with the command's width, cut to the width and then
 * compared as U-Boot's long: signed, so `itest ffffffff < 0` is true there and here.
 */
static int itest_value(const char *arg, int size, int32_t *v)
{
	unsigned long addr;
	uint32_t u;

	if (*arg != '*') {
		u = simple_strtou32(arg, 16);
	} else {
		if (parse_ulong(arg + 1, &addr) || addr_check_read(addr, (size_t)size))
			return -EINVAL;
		u = size == 1   ? *(volatile uint8_t *)addr
		    : size == 2 ? *(volatile uint16_t *)addr
				: *(volatile uint32_t *)addr;
	}
	*v = (int32_t)(size < 4 ? u & ((1u << (8 * size)) - 1) : u);
	return 0;
}

/* itest.s: "*addr" is the string at addr (as U-Boot's evalstr), anything else itself */
static const char *itest_string(const char *arg)
{
	unsigned long addr;

	if (*arg != '*')
		return arg;
	if (parse_ulong(arg + 1, &addr) || addr_check_read(addr, 1))
		return NULL;
	return (const char *)addr;
}

enum { I_LT, I_GT, I_EQ, I_NE, I_GE, I_LE };
static const struct {
	char str[4];
	uint8_t op;
} itest_ops[] = {
	{ "-lt", I_LT }, { "<", I_LT },   { "-gt", I_GT }, { ">", I_GT },  { "-eq", I_EQ },
	{ "==", I_EQ },  { "-ne", I_NE }, { "!=", I_NE },  { "<>", I_NE }, { "-ge", I_GE },
	{ ">=", I_GE },  { "-le", I_LE }, { "<=", I_LE },
};

static int do_itest(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	const char *dot = strchr(argv[0], '.');
	int size, c;
	int32_t l, r;
	const char *ls, *rs;
	size_t i;

	(void)cmd;
	if (argc != 4)
		return CMD_RET_USAGE;
	for (i = 0; i < ARRAY_SIZE(itest_ops) && strcmp(argv[2], itest_ops[i].str); i++)
		;
	if (i == ARRAY_SIZE(itest_ops)) {
		printf("Unknown operator '%s'\n", argv[2]);
		return 1;
	}
	if (dot && !strcmp(dot, ".s")) {
		ls = itest_string(argv[1]);
		rs = itest_string(argv[3]);
		if (!ls || !rs)
			return 1;
		c = strcmp(ls, rs);
	} else {
		size = cmd_get_data_size(argv[0], 4);
		if (size < 0)
			return CMD_RET_USAGE;
		if (itest_value(argv[1], size, &l) || itest_value(argv[3], size, &r))
			return 1;
		c = l < r ? -1 : l > r;
	}
	switch (itest_ops[i].op) {
	case I_LT:
		return !(c < 0);
	case I_GT:
		return !(c > 0);
	case I_EQ:
		return c != 0;
	case I_NE:
		return c == 0;
	case I_GE:
		return !(c >= 0);
	default:
		return !(c <= 0);
	}
}

/* stdbool's macros would turn the names below into 1 and 0 */
#undef true
#undef false
CMD_REPEATABLE(test, 0, do_test, "minimal test like /bin/sh", "[args..]");
CMD_REPEATABLE(true, 0, do_true, "do nothing, successfully", NULL);
CMD_REPEATABLE(false, 0, do_false, "do nothing, unsuccessfully", NULL);
CMD_REPEATABLE(exit, 2, do_exit, "exit script",
	       "[n]\n    - end the script (or run, source) with status n");
CMD(itest, 4, do_itest, "return true/false on integer compare",
    "[.b, .w, .l, .s] [*]value1 <op> [*]value2");

/* Host tests for U-Boot number parsing, data-size suffixes, command lookup and the address checks. */
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include "command.h"
#include "board.h"
#include "env.h"
#include "ramguard.h"

/* What common/command.c needs from the rest of the firmware */
static const struct mem_region map[] = {
	{ 0x00000000, 0x08000000, MEM_RAM },
	{ 0x10000000, 0x00200000, MEM_DEVICE },
	{ 0x34000000, 0x04000000, MEM_FLASH },
};
static const struct board_desc test_board = { .name = "test", .memmap = map, .nmemmap = 3 };
const struct board_desc *board = &test_board;
struct fw_layout fw = { .start = 0x07e00000, .stack_hi = 0x08000000, .memmap = map, .nmemmap = 3 };
/* ctrlc(): the real console with no device says false */

static int ran;
static int do_probe(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	(void)cmd;
	(void)argv;
	ran = argc;
	return argc > 2 ? CMD_RET_USAGE : 0;
}
CMD(probe, 3, do_probe, "test command", "[a]");

static void test_parse_numbers(void **state)
{
	unsigned long v;
	uint64_t w;
	(void)state;
	assert_int_equal(parse_ulong("10", &v), 0);
	assert_int_equal(v, 0x10); /* hex by default, as U-Boot */
	assert_int_equal(parse_ulong("0x7E00000", &v), 0);
	assert_int_equal(v, 0x7e00000);
	assert_int_equal(parse_ulong("deadBEEF", &v), 0);
	assert_int_equal(v, 0xdeadbeef);
	assert_int_equal(parse_ulong("0x", &v), -EINVAL);
	assert_int_equal(parse_ulong("", &v), -EINVAL);
	assert_int_equal(parse_ulong("12g", &v), -EINVAL);
	assert_int_equal(parse_ulong("-1", &v), -EINVAL);
	assert_int_equal(parse_u64("123456789abcdef0", &w), 0);
	assert_true(w == 0x123456789abcdef0ull);
	assert_int_equal(parse_u64("123456789abcdef01", &w), -ERANGE);
	if (sizeof(unsigned long) == 4)
		assert_int_equal(parse_ulong("100000000", &v), -ERANGE);
}

static void test_data_size(void **state)
{
	(void)state;
	assert_int_equal(cmd_get_data_size("md", 4), 4);
	assert_int_equal(cmd_get_data_size("md.b", 4), 1);
	assert_int_equal(cmd_get_data_size("md.w", 4), 2);
	assert_int_equal(cmd_get_data_size("md.l", 4), 4);
	assert_int_equal(cmd_get_data_size("md.q", 4), -1);
}

static void test_dispatch(void **state)
{
	(void)state;
	assert_non_null(cmd_find("probe"));
	assert_ptr_equal(cmd_find("probe.b"), cmd_find("probe"));
	/* a unique prefix names the command, as in U-Boot (`pri` for printenv) */
	assert_ptr_equal(cmd_find("prob"), cmd_find("probe"));
	assert_ptr_equal(cmd_find("p.b"), cmd_find("probe"));
	assert_null(cmd_find("probes"));
	assert_null(cmd_find("q"));
	ran = 0;
	assert_int_equal(run_command("probe x"), 0);
	assert_int_equal(ran, 2);
	assert_int_equal(run_command("probe x y"), 1);   /* usage */
	assert_int_equal(run_command("probe a b c"), 1); /* over maxargs */
	assert_int_equal(run_command("nosuch"), 1);
	env_set("v", "probe");
	assert_int_equal(run_command("$v && probe"), 0);
	assert_int_equal(ran, 1);
}

static const char *sub_ran;
static int sub_argc;
static int sub_fn(int argc, char *const argv[])
{
	sub_ran = argv[0];
	sub_argc = argc;
	return 0;
}

// clang-format off
static const struct cmd_sub subs[] = {
	{ "read", 2, 3, 0, true, sub_fn, false },
	{ "reset", 1, 1, 0, false, sub_fn, false },
	{ "addr", 1, 0, 2, false, sub_fn, false },
	{ "print", 1, 0, 0, false, sub_fn, false },
	{ "erase.part", 1, 0, 0, false, sub_fn, false },
};
// clang-format on

static int sub(unsigned int flags, const char *a, const char *b, const char *c)
{
	char *argv[] = { (char *)"x", (char *)a, (char *)b, (char *)c, NULL };
	int argc = 2 + (b != NULL) + (b && c);

	sub_ran = NULL;
	return cmd_sub_run(subs, ARRAY_SIZE(subs), flags, argc, argv);
}

/* sub-command tables: exact names, .suffix where allowed, fdt's abbreviations, U-Boot's unique prefixes */
static void test_subcommands(void **state)
{
	(void)state;
	assert_int_equal(sub(0, "read", "1", NULL), 0);
	assert_string_equal(sub_ran, "read");
	assert_int_equal(sub_argc, 2);
	assert_int_equal(sub(0, "read.raw", "1", "2"), 0); /* suffix for the handler */
	assert_string_equal(sub_ran, "read.raw");
	assert_int_equal(sub(0, "read", NULL, NULL), CMD_RET_USAGE); /* below minargs */
	assert_int_equal(sub(0, "read", "1", "2"), 0);
	assert_int_equal(sub(0, "reset", "1", NULL), CMD_RET_USAGE);    /* over maxargs */
	assert_int_equal(sub(0, "reset.x", NULL, NULL), CMD_RET_USAGE); /* no suffix allowed */
	assert_int_equal(sub(0, "readx", "1", NULL), CMD_RET_USAGE);
	assert_int_equal(sub(0, "res", NULL, NULL), CMD_RET_USAGE); /* prefixes only with the flag */
	assert_int_equal(sub(0, "ad", NULL, NULL), 0);              /* abbrev 2 */
	assert_string_equal(sub_ran, "ad");
	assert_int_equal(sub(0, "a", NULL, NULL), CMD_RET_USAGE);
	assert_int_equal(sub(0, "adx", NULL, NULL), CMD_RET_USAGE);
	assert_int_equal(sub(CMD_SUB_PREFIX, "pri", NULL, NULL), 0); /* unique prefix */
	assert_int_equal(sub(CMD_SUB_PREFIX, "pri.x", NULL, NULL), 0);
	assert_int_equal(sub(CMD_SUB_PREFIX, "re", NULL, NULL), CMD_RET_USAGE); /* read or reset */
	assert_int_equal(sub(CMD_SUB_PREFIX, "rea", "1", NULL), 0);
	assert_string_equal(sub_ran, "rea");
	assert_int_equal(sub(CMD_SUB_PREFIX, "", NULL, NULL), CMD_RET_USAGE);
	assert_int_equal(sub(0, "erase.part", NULL, NULL), 0); /* a name with a dot */
	assert_string_equal(sub_ran, "erase.part");
	assert_int_equal(sub(0, "erase.x", NULL, NULL), CMD_RET_USAGE);
	assert_int_equal(sub(0, "nosuch", NULL, NULL), CMD_RET_USAGE);
	assert_null(sub_ran);
	assert_string_equal(cmd_sub_suffix("read.raw.x"), ".raw.x");
	assert_string_equal(cmd_sub_suffix("read"), "");
}

static void test_addr_checks(void **state)
{
	(void)state;
	assert_int_equal(addr_check_read(0x100000, 0x100), 0);
	assert_int_equal(addr_check_read(0x07fffff0, 0x10), 0);
	assert_int_equal(addr_check_read(0x08000000, 4), -EFAULT);    /* past RAM */
	assert_int_equal(addr_check_read(0x07fffffc, 8), -EFAULT);    /* runs past RAM */
	assert_int_equal(addr_check_read(0xfffffff0, 0x20), -EFAULT); /* wraps */
	assert_int_equal(addr_check_read(0x34000000, 0x04000000), 0);
	assert_int_equal(addr_check_write(0x100000, 0x100), 0);
	assert_int_equal(addr_check_write(0x07dffffc, 4), 0);
	assert_int_equal(addr_check_write(0x07dffffc, 8), -EFAULT); /* touches the firmware */
	assert_int_equal(addr_check_write(0x07fff000, 4), -EFAULT);
}

/* A protected range (a phram region) refuses writes and pokes, not reads; loads stop before it. */
static void test_ram_guards(void **state)
{
	(void)state;
	assert_int_equal(ram_guard_add("phram region", "rootfs", 0x07000000, 0x100000), 0);
	assert_int_equal(ram_guard_add("phram region", "low", 0x00100000, 0x1000), 0);
	assert_int_equal(ram_guard_add("x", "empty", 0x1000, 0), -EINVAL);
	assert_int_equal(addr_check_read(0x07000000, 0x100), 0);
	assert_int_equal(addr_check_write(0x06ffff00, 0x100), 0);
	assert_int_equal(addr_check_write(0x06ffff00, 0x101), -EBUSY);
	assert_int_equal(addr_check_write(0x070fffff, 1), -EBUSY);
	assert_int_equal(addr_check_write(0x07100000, 4), 0);
	assert_int_equal(addr_check_poke(0x07080000, 4), -EBUSY);
	/* the lowest region a range reaches is the one named */
	assert_string_equal(ram_guard_hit(0x0, 0x08000000)->name, "low");
	assert_int_equal(ram_guard_room(0x06000000, 0x01e00000), 0x01000000);
	assert_int_equal(ram_guard_room(0x07000010, 0x100), 0);
	assert_int_equal(ram_guard_room(0x07100000, 0x100), 0x100);
	assert_int_equal(ram_guard_del(0x07000000, 0x1000), -ENOENT);
	assert_int_equal(ram_guard_del(0x07000000, 0x100000), 0);
	assert_int_equal(addr_check_write(0x07000000, 0x100000), 0);
	assert_int_equal(ram_guard_del(0x00100000, 0x1000), 0);
	assert_null(ram_guard_hit(0, 0x08000000));
	for (int i = 0; i < RAMGUARD_MAX; i++)
		assert_int_equal(ram_guard_add("r", "n", 0x1000u * (i + 1), 0x1000), 0);
	assert_int_equal(ram_guard_add("r", "full", 0x100000, 0x1000), -ENOSPC);
	for (int i = 0; i < RAMGUARD_MAX; i++)
		assert_int_equal(ram_guard_del(0x1000u * (i + 1), 0x1000), 0);
}

int main(void)
{
	// clang-format off
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_numbers),
		cmocka_unit_test(test_data_size),
		cmocka_unit_test(test_dispatch),
		cmocka_unit_test(test_subcommands),
		cmocka_unit_test(test_addr_checks),
		cmocka_unit_test(test_ram_guards),
	};
	// clang-format on
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	env_clear();
	return r;
}

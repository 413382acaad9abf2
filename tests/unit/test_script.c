/* Scripts through the real shell and commands (run, echo, test, itest, exit...), with the output U-Boot gives for each. */
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include "command.h"
#include "board.h"
#include "env.h"
#include "timer.h"
#include "arch.h"
#include "console.h"

/* What the commands need from the rest of the firmware */
static const struct mem_region map[] = { { 0x00000000, 0x08000000, MEM_RAM } };
static const struct console_dev con = { .baud = 115200 };
// clang-format off
static const struct board_desc test_board = { .name = "test", .memmap = map, .nmemmap = 1, .console = &con };
// clang-format on
const struct board_desc *board = &test_board;
struct fw_layout fw = { .start = 0x07e00000, .stack_hi = 0x08000000, .memmap = map, .nmemmap = 1 };
/* The real console (common/console.c) on a UART that sends Ctrl-C at its n-th poll */
static int ctrlc_after = -1; /* -1: never */
static int uart_getc(const struct console_dev *d)
{
	(void)d;
	return ctrlc_after >= 0 && ctrlc_after-- == 0 ? 0x03 : -1;
}
static char out[4096];
static size_t out_len;
static void uart_putc(const struct console_dev *d, char c)
{
	(void)d;
	if (c != '\r' && out_len + 1 < sizeof(out))
		out[out_len++] = c; /* what the terminal shows, LF line ends */
}
static const struct console_ops uart_ops = { .putc = uart_putc, .getc = uart_getc };
static const struct console_dev uart = { .ops = &uart_ops };
uint64_t timer_us(void)
{
	static uint64_t t;
	return t += 1000;
}
void mdelay(uint32_t ms)
{
	(void)ms;
}
void arch_cache_flush(void)
{
}

static int do_setenv(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	(void)cmd;
	return argc < 2 ? CMD_RET_USAGE : env_set(argv[1], argc > 2 ? argv[2] : NULL) ? 1 : 0;
}
CMD(setenv, 3, do_setenv, "set a variable", "name [value]");

/* Run a script as the prompt would (prompt) or as `run`/`source` do; return what it printed. */
static const char *script(const char *text, bool prompt)
{
	out_len = 0;
	if (prompt)
		run_command_prompt(text);
	else
		run_command_list(text, strlen(text));
	out[out_len] = '\0';
	return out;
}

struct case_ {
	const char *in, *out;
};

static void check(const struct case_ *c, size_t n, bool prompt)
{
	for (size_t i = 0; i < n; i++) {
		const char *got = script(c[i].in, prompt);
		if (strcmp(got, c[i].out)) {
			print_error("script: %s\nwanted:\n%s\ngot:\n%s\n", c[i].in, c[i].out, got);
			fail();
		}
	}
}

static int setup(void **state)
{
	(void)state;
	env_clear();
	console_init(&uart);
	ctrlc_after = -1;
	script("true", true);
	return 0;
}

/* Each line as typed at the prompt; outputs as U-Boot 2023.01 (Debian's qemu_arm) prints them. */
static void test_control_flow(void **state)
{
	// clang-format off
	static const struct case_ c[] = {
		{ "if true; then echo yes; else echo no; fi", "yes\n" },
		{ "if false; then echo yes; elif true; then echo elif; else echo no; fi", "elif\n" },
		{ "if false; then echo yes; elif false; then echo elif; else echo no; fi", "no\n" },
		/* a false condition without else leaves $? = 1 */
		{ "if false; then echo a; fi; echo $?", "1\n" },
		{ "if true; then if false; then echo a; else if true; then echo deep; fi; fi; fi", "deep\n" },
		{ "for i in 1 2; do echo $i; done; echo $?", "1\n2\n0\n" },
		{ "false; for i in; do echo x; done; echo $?", "0\n" },
		{ "while false; do echo x; done; echo $?", "1\n" },
		{ "setenv n 1; until test $n = 111; do setenv n 1$n; done; echo $n $?", "111 0\n" },
		{ "for a in x y; do for b in 1 2; do echo $a$b; done; done", "x1\nx2\ny1\ny2\n" },
		/* hush: a failure before && skips up to the next ';' */
		{ "false && true || echo x", "" },
		{ "true || echo no && echo yes", "" },
		{ "true && false || echo x", "x\n" },
		{ "false && echo a; echo b", "b\n" },
		{ "false || echo a && echo b", "a\nb\n" },
		{ "if true && false; then echo y; else echo n; fi", "n\n" },
		{ "if; then echo e; fi", "e\n" },
		{ "echo a &&", "a\n" },
		{ "! false && echo neg; ! true; echo $?", "neg\n1\n" },
		{ "for w in \"a b\" c; do echo \"<$w>\"; done", "<a>\n<b>\n<c>\n" },
		{ "setenv l 'a b'; for w in \"$l\"; do echo \"<$w>\"; done", "<a>\n<b>\n" },
		{ "if true; then echo 'fi; done' \"then\"; fi", "fi; done then\n" },
		{ "echo if then fi for", "if then fi for\n" },
		{ "for i in 1 2 3; do if test $i = 2; then echo two; else echo $i; fi; done", "1\ntwo\n3\n" },
	};
	// clang-format on
	(void)state;
	check(c, ARRAY_SIZE(c), true);
}

static void test_quoting_and_vars(void **state)
{
	static const struct case_ c[] = {
		{ "echo 'back\\slash'", "backslash\n" },
		{ "echo \"a\\\"b\" \"c\\$d\" \"e\\xf\" \"g\\\\h\"", "a\\\"b c\\$d e\\xf g\\\\h\n" },
		{ "i=3; setenv i 9; echo $i; setenv i; echo $i", "9\n3\n" },
		{ "echo ${nosuch:-def} ${nosuch:+x} ${i:+set}.", "def x .\n" },
		{ "echo ${q:=v}; echo $q", "v\nv\n" },
		{ "echo $1x $_y", "$1x $_y\n" },
	};
	(void)state;
	check(c, ARRAY_SIZE(c), true);
}

static void test_test_cmd(void **state)
{
	// clang-format off
	static const struct case_ c[] = {
		/* one word: true unless empty or an operator (FACTS: `test x` true, `test -n` false) */
		{ "test; echo $?; test x; echo $?; test ''; echo $?; test -n; echo $?", "1\n0\n1\n1\n" },
		{ "test 1 -eq; echo $?; test 1 -gt; echo $?; test x y; echo $?", "0\n0\n0\n" },
		{ "test a = a -a b = c; echo $?; test a = a -o b = c -a x = y; echo $?", "1\n1\n" },
		{ "test ! a = b; echo $?; test ! ! a = b; echo $?", "0\n1\n" },
		{ "test -z ''; echo $?; test -n x; echo $?", "0\n0\n" },
		{ "test 010 -eq 8; echo $?; test 08 -eq 0; echo $?; test ff -eq 0; echo $?", "0\n0\n0\n" },
		{ "test 12abc -eq 12; echo $?; test 0x10 -eq 16; echo $?; test -5 -lt 3; echo $?", "0\n0\n0\n" },
		{ "test a '<' b; echo $?; test b '>' a; echo $?; test a != a; echo $?", "0\n0\n1\n" },
		{ "itest 0x10 == 16; echo $?; itest 1 -lt 2; echo $?; itest.b 0x1ff == 0xff; echo $?",
		  "1\n0\n0\n" },
		{ "itest.s abc == abc; echo $?; itest.s abc '<' abd; echo $?", "0\n0\n" },
	};
	// clang-format on
	(void)state;
	check(c, ARRAY_SIZE(c), true);
}

/* setexpr: hex in and out, as U-Boot; sub/gsub print name=value */
static void test_setexpr(void **state)
{
	// clang-format off
	static const struct case_ c[] = {
		{ "setexpr x 0x10; echo $x; setexpr x 10 / 3; echo $x; setexpr x 10 % 3; echo $x", "10\n5\n1\n" },
		{ "setexpr x ff '&' f0; echo $x; setexpr x ff ^ f; echo $x; setexpr x 0 - 1; echo $x",
		  "f0\nf0\nffffffff\n" },
		{ "setexpr x abc + 1; echo $x; setexpr.b x 0x1ff + 1; echo $x", "abd\n200\n" },
		{ "setexpr x 10 '<' 2; echo $?; setexpr x 1 / 0; echo $?",
		  "invalid op\n1\n## Error: division by zero\n1\n" },
		/* U-Boot's .s takes strings from memory only (*addr); a plain word fails */
		{ "setexpr.s x ab + cd; echo $?", "## Error: setexpr.s wants *addr, not 'ab'\n1\n" },
		/* a setexpr counter read by test: 'a' reads as 0, so the loop runs on past 9 (as in U-Boot) */
		{ "setexpr n 9; setexpr n $n + 1; test $n -lt 10; echo $n $?", "a 0\n" },
		{ "setenv n 0; while itest $n -lt 0xc; do setexpr n $n + 1; done; echo $n", "c\n" },
		{ "setexpr x sub 'b+' X abbbc", "x=aXc\n" },
		{ "setexpr x gsub '[^a]' N abca; setexpr x gsub 'a|b' N abcd", "x=aNNa\nx=NNcd\n" },
		{ "setexpr x sub '(b)(c)' '\\\\2\\\\1' abcd", "x=acbd\n" },
		{ "setexpr x gsub ^a '' aaa; echo \"<$x>\"", "x=\n<>\n" },
		{ "setexpr x gsub '(ab)+' N xababy; setexpr x gsub \\\\d+ N a1b22", "x=xNy\nx=aNbN\n" },
		{ "setenv v hello; setexpr v sub l L; setexpr x sub b?c N acd", "v=heLlo\nx=aNd\n" },
		{ "setexpr x sub z y abc; echo $?", "abc: No match\n1\n" },
		{ "setexpr x sub '[' - abc; echo $?", "Error compiling regex: no closing ']' bracket\n1\n" },
		{ "setexpr x gsub 'a*' - bbb; echo $x", "x=-b-b-b\n-b-b-b\n" },
	};
	// clang-format on
	(void)state;
	check(c, ARRAY_SIZE(c), true);
}

static void test_exit_and_run(void **state)
{
	// clang-format off
	static const struct case_ c[] = {
		{ "exit 3; echo never", "exit not allowed from main input shell.\n" },
		{ "echo $?", "3\n" },
		/* exit ends only the variable's script, from inside if/for too; run carries its n */
		{ "setenv s 'echo in; if true; then exit 4; fi; echo no'; run s; echo rc=$?", "in\nrc=4\n" },
		{ "setenv s 'for i in 1 2 3; do echo $i; if test $i = 2; then exit; fi; done'; run s; echo $?",
		  "1\n2\n0\n" },
		{ "setenv t 'run s; echo after'; run t", "1\n2\nafter\n" },
		{ "setenv a 'echo a'; setenv f false; setenv c 'echo c'; run a f c; echo $?", "a\n1\n" },
		{ "run nosuch; echo $?", "## Error: \"nosuch\" not defined\n1\n" },
		{ "setenv m 'if true; then\necho line2\nfi\necho end'; run m", "line2\nend\n" },
	};
	// clang-format on
	(void)state;
	check(c, ARRAY_SIZE(c), true);
}

/* Malformed scripts: one line of error, nothing of the bad line runs, the shell goes on. */
static void test_malformed(void **state)
{
	// clang-format off
	static const struct case_ c[] = {
		{ "if true; then echo a", "syntax error: 'if' without 'fi'\n" },
		{ "echo a; fi; echo b", "syntax error: 'fi' without 'if'\n" },
		{ "while true; done", "syntax error: 'done' without 'do'\n" },
		{ "for 1 in a; do echo; done", "syntax error: 'for' needs a variable name\n" },
		{ "if true; then echo t; fi extra", "syntax error: 'extra' where ';' or a newline was expected\n" },
		{ "echo a & echo b", "syntax error: '&' alone (only && and || are operators)\n" },
		{ "echo 'open", "syntax error: unterminated quote\n" },
		{ "echo $?", "1\n" },
	};
	// clang-format on
	(void)state;
	check(c, ARRAY_SIZE(c), true);
	/* a script runs line by line: lines before the bad one have run */
	assert_string_equal(script("echo one\nfi\necho two", false),
			    "one\nsyntax error: 'fi' without 'if'\n");
}

static void test_ctrlc_stops_loops(void **state)
{
	(void)state;
	ctrlc_after = 5;
	assert_string_equal(script("while true; do true; done; echo no", true), "<INTERRUPT>\n");
	ctrlc_after = 1;
	assert_string_equal(script("echo A; echo B; echo C", true), "A\n<INTERRUPT>\n");
	ctrlc_after = 3;
	/* Ctrl-C inside a run stops the list around it too, reported once */
	assert_string_equal(script("setenv l 'while true; do done'; run l; echo after", true),
			    "<INTERRUPT>\n");
	/* a command that sees Ctrl-C itself (sleep) stops the list: B never prints */
	ctrlc_after = 2;
	assert_string_equal(script("echo A; sleep 3; echo B", true), "A\n<INTERRUPT>\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_control_flow, setup),
		cmocka_unit_test_setup(test_quoting_and_vars, setup),
		cmocka_unit_test_setup(test_test_cmd, setup),
		cmocka_unit_test_setup(test_setexpr, setup),
		cmocka_unit_test_setup(test_exit_and_run, setup),
		cmocka_unit_test_setup(test_malformed, setup),
		cmocka_unit_test_setup(test_ctrlc_stops_loops, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Host tests for the shell parser (quotes, expansion, ; && ||), number parsing and the RAM environment. */
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include "shell.h"
#include "env.h"

/* Every executed command is recorded as "argv0|argv1|...\n" */
static char log_buf[4096];

static int rec_exec(int argc, char *argv[], void *ctx)
{
	(void)ctx;
	for (int i = 0; i < argc; i++) {
		strcat(log_buf, argv[i]);
		strcat(log_buf, i + 1 < argc ? "|" : "\n");
	}
	if (!strcmp(argv[0], "false"))
		return 1;
	return 0;
}

static const char *getvar(const char *name, void *ctx)
{
	(void)ctx;
	return env_get(name);
}

static int last;
static const struct shell_ops ops = { .exec = rec_exec, .getvar = getvar, .last_status = &last };

static int run(const char *s)
{
	log_buf[0] = '\0';
	return shell_run(&ops, s, strlen(s));
}

static int setup(void **state)
{
	(void)state;
	env_clear();
	env_set("a", "1");
	env_set("two", "x y");
	env_set("empty_not", "v");
	last = 0;
	return 0;
}

static void test_words(void **state)
{
	(void)state;
	assert_int_equal(run("echo  a   b\tc"), 0);
	assert_string_equal(log_buf, "echo|a|b|c\n");
	run("");
	assert_string_equal(log_buf, "");
	run("   ;  ; ");
	assert_string_equal(log_buf, "");
}

static void test_quotes(void **state)
{
	(void)state;
	run("echo 'a b' \"c d\" e'f g'h");
	assert_string_equal(log_buf, "echo|a b|c d|ef gh\n");
	run("echo '' \"\"");
	assert_string_equal(log_buf, "echo||\n"); /* two empty arguments */
	run("echo 'x;y' \"p&&q\"");
	assert_string_equal(log_buf, "echo|x;y|p&&q\n");
	run("echo a\\ b \\; \"\\\"q\\\"\"");
	/* inside "" a backslash stays (U-Boot): \" does not end the quote but is kept */
	assert_string_equal(log_buf, "echo|a b|;|\\\"q\\\"\n");
	assert_int_equal(run("echo 'open"), -EINVAL);
	assert_int_equal(run("echo \"open"), -EINVAL);
	assert_string_equal(log_buf, "");
}

static void test_expansion(void **state)
{
	(void)state;
	run("echo $a ${a}b $a.c $nosuch end");
	assert_string_equal(log_buf, "echo|1|1b|1.c|end\n");
	run("echo $two \"$two\" '$two'");
	assert_string_equal(log_buf, "echo|x|y|x y|$two\n");
	run("echo \"${nosuch}\"");
	assert_string_equal(log_buf, "echo|\n");
	run("echo $ a$");
	assert_string_equal(log_buf, "echo|$|a$\n");
	assert_int_equal(run("echo ${a"), -EINVAL);
	/* values are not re-parsed: a ';' in a variable is a plain character */
	env_set("semi", "x;y");
	run("echo $semi");
	assert_string_equal(log_buf, "echo|x;y\n");
}

/* Names longer than any fixed buffer expand whole, braced or not */
static void test_expansion_long_names(void **state)
{
	char name[201], line[700];

	(void)state;
	memset(name, 'v', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	assert_int_equal(env_set(name, "long"), 0);
	snprintf(line, sizeof(line), "echo ${%s} $%s. \"$%s\"", name, name, name);
	assert_int_equal(run(line), 0);
	assert_string_equal(log_buf, "echo|long|long.|long\n");
	/* a prefix of it is another (undefined) variable, not a cut of the long one */
	name[100] = '\0';
	snprintf(line, sizeof(line), "echo x${%s}y", name);
	run(line);
	assert_string_equal(log_buf, "echo|xy\n");
}

static void test_sequences(void **state)
{
	(void)state;
	run("echo 1; echo 2\necho 3");
	assert_string_equal(log_buf, "echo|1\necho|2\necho|3\n");
	/* hush: a failure before && (success before ||) skips up to the next ';' */
	assert_int_equal(run("false && echo no || echo yes"), 1);
	assert_string_equal(log_buf, "false\n");
	assert_int_equal(run("true || echo no && echo yes"), 0);
	assert_string_equal(log_buf, "true\n");
	assert_int_equal(run("true && false || echo yes"), 0);
	assert_string_equal(log_buf, "true\nfalse\necho|yes\n");
	assert_int_equal(run("false; echo after"), 0);
	assert_string_equal(log_buf, "false\necho|after\n");
	assert_int_equal(run("echo x && false"), 1);
}

static void test_status_var(void **state)
{
	(void)state;
	run("false");
	run("echo $?");
	assert_string_equal(log_buf, "echo|1\n");
	run("echo $?");
	assert_string_equal(log_buf, "echo|0\n");
}

static void test_comment_and_continuation(void **state)
{
	(void)state;
	run("# a comment\necho a#b # trailing\necho c\\\nd");
	assert_string_equal(log_buf, "echo|a#b\necho|cd\n");
}

static void test_too_many_args(void **state)
{
	char line[400] = "echo";
	(void)state;
	for (int i = 0; i < SHELL_MAXARGS; i++)
		strcat(line, " x");
	assert_int_equal(run(line), -E2BIG);
}

static void test_env_basic(void **state)
{
	char buf[256];
	(void)state;
	assert_string_equal(env_get("a"), "1");
	assert_int_equal(env_set("a=b", "x"), -EINVAL);
	assert_int_equal(env_set("", "x"), -EINVAL);
	assert_int_equal(env_set("b", "2"), 0);
	assert_int_equal(env_set("ab", "3"), 0);
	assert_string_equal(env_get("ab"), "3");
	assert_null(env_get("abc"));
	env_set("b", NULL);
	assert_null(env_get("b"));
	/* export is sorted and ends with an empty entry */
	int n = env_export(buf, sizeof(buf), '\0');
	assert_true(n > 0);
	assert_memory_equal(buf, "a=1\0ab=3\0empty_not=v\0two=x y\0\0", (size_t)n);
	assert_int_equal(env_export(buf, 8, '\0'), -ENOSPC);
	env_set_hex("filesize", 0x1234);
	assert_string_equal(env_get("filesize"), "1234");
	assert_int_equal(env_get_hex("filesize", 0), 0x1234);
	assert_int_equal(env_get_long("a", 9), 1);
	assert_int_equal(env_get_long("two", 9), 9);
}

/* Names sharing a prefix, with characters on both sides of '=' after it: every one stays findable. */
static void test_env_prefix_names(void **state)
{
	static const char *const names[] = { "mtd1", "mtd", "mtd!", "mtdparts", "mtd2", "mt", "mtd0x" };
	char buf[256];
	(void)state;

	env_clear();
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		assert_int_equal(env_set(names[i], names[i]), 0);
		for (size_t j = 0; j <= i; j++)
			assert_string_equal(env_get(names[j]), names[j]);
	}
	/* sorted by name, a prefix first; no name twice */
	assert_int_equal(
		env_export(buf, sizeof(buf), '\n'),
		(int)strlen(
			"mt=mt\nmtd=mtd\nmtd!=mtd!\nmtd0x=mtd0x\nmtd1=mtd1\nmtd2=mtd2\nmtdparts=mtdparts\n"));
	assert_memory_equal(
		buf, "mt=mt\nmtd=mtd\nmtd!=mtd!\nmtd0x=mtd0x\nmtd1=mtd1\nmtd2=mtd2\nmtdparts=mtdparts\n",
		strlen("mt=mt\nmtd=mtd\nmtd!=mtd!\nmtd0x=mtd0x\nmtd1=mtd1\nmtd2=mtd2\nmtdparts=mtdparts\n"));
	assert_int_equal(env_set("mtd", NULL), 0);
	assert_null(env_get("mtd"));
	assert_string_equal(env_get("mtd1"), "mtd1");
	/* an imported value ends at a NUL inside its line; an empty one deletes */
	assert_int_equal(env_import("a=x\0y\nmtd1=\0z\n", 14, '\n', false), 2);
	assert_string_equal(env_get("a"), "x");
	assert_null(env_get("mtd1"));
}

static void test_env_import(void **state)
{
	static const char bin[] = "x=1\0y=a=b\0\0z=ignored\0";
	static const char text[] = "# comment\n\nm=hello world\nn=2\n";
	(void)state;
	assert_int_equal(env_import(bin, sizeof(bin), '\0', true), 2);
	assert_null(env_get("a"));
	assert_string_equal(env_get("y"), "a=b");
	assert_null(env_get("z"));
	assert_int_equal(env_import(text, strlen(text), '\n', false), 2);
	assert_string_equal(env_get("m"), "hello world");
	assert_string_equal(env_get("x"), "1");
	/* an entry that is only a name deletes it, in both formats (U-Boot's himport_r) */
	assert_int_equal(env_import("m\n", 2, '\n', false), 1);
	assert_null(env_get("m"));
	assert_string_equal(env_get("n"), "2");
	assert_int_equal(env_import("n\0\0", 3, '\0', false), 1);
	assert_null(env_get("n"));
	/* only an empty name with a value is refused */
	assert_int_equal(env_import("=x\0\0", 4, '\0', false), -EINVAL);
	assert_int_equal(env_import("=x\n", 3, '\n', false), -EINVAL);
}

/* Names U-Boot's importer takes: blanks inside, UTF-8, leading blanks dropped, '#' a comment. */
static void test_env_import_uboot_names(void **state)
{
	static const char bin[] = "a b=1\0\xe2\x82\xac=euro\0  lead=2\0#c=3\0\tx=\0gone\0v=a\\b\0\0";
	char buf[128];
	(void)state;

	env_clear();
	assert_int_equal(env_set("gone", "soon"), 0);
	assert_int_equal(env_set("x", "1"), 0);
	assert_int_equal(env_import(bin, sizeof(bin), '\0', false), 6);
	assert_string_equal(env_get("a b"), "1");
	assert_string_equal(env_get("\xe2\x82\xac"), "euro");
	assert_string_equal(env_get("lead"), "2");
	assert_null(env_get("  lead"));
	assert_null(env_get("#c"));
	assert_null(env_get("x"));
	assert_null(env_get("gone"));
	assert_string_equal(env_get("v"), "a\\b");
	/* and they go back out unchanged, so a saveenv keeps them */
	assert_int_equal(env_export(buf, sizeof(buf), '\0'),
			 (int)sizeof("a b=1\0lead=2\0v=a\\b\0\xe2\x82\xac=euro\0"));
	assert_memory_equal(buf, "a b=1\0lead=2\0v=a\\b\0\xe2\x82\xac=euro\0\0",
			    sizeof("a b=1\0lead=2\0v=a\\b\0\xe2\x82\xac=euro\0"));
	/* setenv takes such names too, but none that would not load back the same */
	assert_int_equal(env_set("a b", "3"), 0);
	assert_string_equal(env_get("a b"), "3");
	assert_int_equal(env_set("\xc3\xa9t\xc3\xa9", "summer"), 0);
	assert_int_equal(env_set(" lead", "x"), -EINVAL);
	assert_int_equal(env_set("#c", "x"), -EINVAL);
	assert_int_equal(env_set("a\nb", "x"), -EINVAL);
	/* a NUL inside a text line ends the name there */
	assert_int_equal(env_import("lead\0junk=1\n", 12, '\n', false), 1);
	assert_null(env_get("lead"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_words, setup),
		cmocka_unit_test_setup(test_quotes, setup),
		cmocka_unit_test_setup(test_expansion, setup),
		cmocka_unit_test_setup(test_expansion_long_names, setup),
		cmocka_unit_test_setup(test_sequences, setup),
		cmocka_unit_test_setup(test_status_var, setup),
		cmocka_unit_test_setup(test_comment_and_continuation, setup),
		cmocka_unit_test_setup(test_too_many_args, setup),
		cmocka_unit_test_setup(test_env_basic, setup),
		cmocka_unit_test_setup(test_env_prefix_names, setup),
		cmocka_unit_test_setup(test_env_import, setup),
		cmocka_unit_test_setup(test_env_import_uboot_names, setup),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	env_clear();
	return r;
}

/* Host tests for common/strtonum.c (the target's strtoul/strtol/strtoull): value, end and errno equal
 * to glibc's for every input and base, the forms the shell's number parsers meet and their edges. */
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include "strtonum.h"

static const char *const inputs[] = {
	"",
	"0",
	"1",
	"-1",
	"+7",
	"  \t\n42",
	" -",
	"+",
	"-",
	"10",
	"010",
	"08",
	"09",
	"0x",
	"0X1f",
	"0xg",
	"0x1g",
	"x1",
	"ff",
	"FF",
	"12abc",
	"abc",
	"zz",
	"Zz9",
	"-0x10",
	"+0x10",
	"0b101",
	"1234567890",
	"4294967295",
	"4294967296",
	"-4294967295",
	"-4294967296",
	"2147483647",
	"2147483648",
	"-2147483648",
	"-2147483649",
	"9223372036854775807",
	"9223372036854775808",
	"-9223372036854775808",
	"-9223372036854775809",
	"18446744073709551615",
	"18446744073709551616",
	"-18446744073709551615",
	"99999999999999999999999",
	"0xffffffffffffffff",
	"0x10000000000000000",
	"0x7fffffff",
	"0x80000000",
	"0xffffffff",
	"0x100000000",
	"777777777777777777777777",
	"0 1",
	"1 ",
	" 0x",
	"\v\f\r1",
	"--1",
	"-+1",
	"1e3",
	"3.5",
};
static const int bases[] = { 0, 2, 8, 10, 16, 36 }; /* C: anything else is undefined */

#define CHECK(fn, ref, fmt)                                                                  \
	do {                                                                                 \
		char *e1, *e2;                                                               \
		int er1, er2;                                                                \
		errno = 0;                                                                   \
		__typeof__(ref(s, NULL, b)) v1 = fn(s, &e1, b);                              \
		er1 = errno;                                                                 \
		errno = 0;                                                                   \
		__typeof__(ref(s, NULL, b)) v2 = ref(s, &e2, b);                             \
		er2 = errno;                                                                 \
		if (v1 != v2 || e1 != e2 || er1 != er2) {                                    \
			print_error(#fn "(\"%s\", %d): " fmt " end +%td errno %d, libc " fmt \
					" +%td %d\n",                                        \
				    s, b, v1, e1 - s, er1, v2, e2 - s, er2);                 \
			fails++;                                                             \
		}                                                                            \
	} while (0)

static void test_like_libc(void **state)
{
	int fails = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		for (size_t j = 0; j < sizeof(bases) / sizeof(bases[0]); j++) {
			const char *s = inputs[i];
			int b = bases[j];

			CHECK(fb_strtoul, strtoul, "%lu");
			CHECK(fb_strtol, strtol, "%ld");
			CHECK(fb_strtoull, strtoull, "%llu");
		}
	}
	assert_int_equal(fails, 0);
}

/* NULL end pointer, and what U-Boot's number forms read as */
static void test_forms(void **state)
{
	char *end;

	(void)state;
	assert_int_equal(fb_strtoul("1f", NULL, 16), 0x1f);
	assert_int_equal(fb_strtoul("0x", &end, 16), 0);
	assert_string_equal(end, "x");
	assert_int_equal(fb_strtol("010", NULL, 0), 8);
	assert_int_equal(fb_strtol("08", &end, 0), 0);
	assert_string_equal(end, "8");
	assert_int_equal(fb_strtoull("0x123456789abcdef0", NULL, 0), 0x123456789abcdef0ull);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_like_libc),
		cmocka_unit_test(test_forms),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

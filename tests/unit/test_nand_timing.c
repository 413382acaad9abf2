/* Host tests for the S3C2440/S3C2410 NAND timing solver and Linux's fixed-ns rule, values worked by hand. */
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include "s3c2440_nand.h"

/* K9F1G08U0B: tCLS=tALS=tWP=tRP=12, tWH=tREH=10, tCLH=tALH=5, tWC=tRC=25 */
// clang-format off
static const struct nand_timings k9f1g08 = {
	.tCLS = 12, .tALS = 12, .tWP = 12, .tRP = 12, .tWH = 10, .tREH = 10,
	.tCLH = 5, .tALH = 5, .tWC = 25, .tRC = 25,
};
// clang-format on

/* K9F1208-class small page: 15/15/15/15, 10/10, 5/5, 30/30 */
// clang-format off
static const struct nand_timings k9f1208 = {
	.tCLS = 15, .tALS = 15, .tWP = 15, .tRP = 15, .tWH = 10, .tREH = 10,
	.tCLH = 5, .tALH = 5, .tWC = 30, .tRC = 30,
};
// clang-format on

struct row {
	const struct nand_timings *t;
	uint32_t hz;
	uint8_t tacls, twrph0, twrph1;
	uint32_t nfconf;
};

/*
 * Worked by hand (T = HCLK period; strobe cycles c0 = TWRPH0+1, hold cycles
 * c1 = TWRPH1+1; c0 >= tWP,tRP; c1 >= tWH,tREH,tCLH,tALH; c0+c1 >= tWC,tRC;
 * TACLS >= tCLS/tALS - c0 cycles):
 *
 * K9F1G08 @ 50 MHz, T 20 ns: c0 = ceil(12/20) = 1, c1 = ceil(10/20) = 1,
 *   cycle 2 x 20 = 40 >= 25, TACLS = ceil(12/20) - 1 = 0 -> 0/0/0, NFCONF 0x0000.
 * K9F1G08 @ 100 MHz, T 10 ns: c0 = ceil(1.2) = 2, c1 = ceil(1.0) = 1,
 *   cycle 30 >= 25, TACLS = 2 - 2 = 0 -> 0/1/0, NFCONF 0x0100.
 * K9F1G08 @ 101.25 MHz, T 9.877 ns: c0 = ceil(1.215) = 2, c1 = ceil(1.0125) = 2
 *   (9.877 < 10), cycle 39.5 >= 25, TACLS 0 -> 0/1/1, NFCONF 0x0110.
 * K9F1G08 @ 133 MHz, T 7.519 ns: c0 = ceil(1.596) = 2, c1 = ceil(1.33) = 2,
 *   cycle ceil(3.325) = 4 = 2 + 2 ok, TACLS 0 -> 0/1/1, NFCONF 0x0110.
 * K9F1208 @ 50 MHz: c0 = 1, c1 = 1, cycle ceil(1.5) = 2 ok -> 0/0/0.
 * K9F1208 @ 100 MHz: c0 = ceil(1.5) = 2, c1 = 1, cycle 3 ok -> 0/1/0, 0x0100.
 * K9F1208 @ 101.25 MHz: c0 = ceil(1.519) = 2, c1 = ceil(1.0125) = 2 -> 0/1/1.
 * K9F1208 @ 133 MHz: c0 = ceil(1.995) = 2, c1 = 2, cycle ceil(3.99) = 4 ok -> 0/1/1.
 */
// clang-format off
static const struct row table[] = {
	{ &k9f1g08, 50000000, 0, 0, 0, 0x0000 },
	{ &k9f1g08, 100000000, 0, 1, 0, 0x0100 },
	{ &k9f1g08, 101250000, 0, 1, 1, 0x0110 },
	{ &k9f1g08, 133000000, 0, 1, 1, 0x0110 },
	{ &k9f1208, 50000000, 0, 0, 0, 0x0000 },
	{ &k9f1208, 100000000, 0, 1, 0, 0x0100 },
	{ &k9f1208, 101250000, 0, 1, 1, 0x0110 },
	{ &k9f1208, 133000000, 0, 1, 1, 0x0110 },
};
// clang-format on

static void test_derived_table(void **state)
{
	struct s3c2440_nand_timing t;
	unsigned int i;
	(void)state;

	for (i = 0; i < ARRAY_SIZE(table); i++) {
		assert_int_equal(
			s3c2440_nand_calc_timing(&s3c2440_nfc_variant, table[i].hz, table[i].t, &t), 0);
		assert_int_equal(t.tacls, table[i].tacls);
		assert_int_equal(t.twrph0, table[i].twrph0);
		assert_int_equal(t.twrph1, table[i].twrph1);
		assert_int_equal(s3c2440_nand_conf_bits(&s3c2440_nfc_variant, &t), table[i].nfconf);
	}
}

static void test_setup_and_cycle_constraints(void **state)
{
	struct s3c2440_nand_timing t;
	struct nand_timings slow_setup = k9f1g08, long_cycle = k9f1g08;
	(void)state;

	/* tCLS 40 at 100 MHz: c0 = 2 (tWP 12), setup 4 cycles -> TACLS 2 */
	slow_setup.tCLS = 40;
	assert_int_equal(s3c2440_nand_calc_timing(&s3c2440_nfc_variant, 100000000, &slow_setup, &t), 0);
	assert_int_equal(t.tacls, 2);
	assert_int_equal(t.twrph0, 1);
	/* S3C2410 counts TACLS+1 cycles: 2 extra cycles needed -> register 1 */
	assert_int_equal(s3c2440_nand_calc_timing(&s3c2410_nfc_variant, 100000000, &slow_setup, &t), 0);
	assert_int_equal(t.tacls, 1);

	/* tWP 10, tWH 5, tWC 40 at 100 MHz: c0 = c1 = 1, cycle needs 4 -> 2 + 2 */
	long_cycle.tWP = long_cycle.tRP = 10;
	long_cycle.tWH = long_cycle.tREH = 5;
	long_cycle.tWC = long_cycle.tRC = 40;
	assert_int_equal(s3c2440_nand_calc_timing(&s3c2440_nfc_variant, 100000000, &long_cycle, &t), 0);
	assert_int_equal(t.twrph0, 1);
	assert_int_equal(t.twrph1, 1);
}

static void test_too_fast_refused(void **state)
{
	struct s3c2440_nand_timing t;
	struct nand_timings slow = k9f1g08;
	(void)state;

	/* tWP 100 ns at 133 MHz needs 14 strobe cycles; TWRPH0 gives at most 8 */
	slow.tWP = 100;
	assert_int_equal(s3c2440_nand_calc_timing(&s3c2440_nfc_variant, 133000000, &slow, &t), -ERANGE);
	/* setup 100 ns with an 8-cycle strobe: 14 - 2 = 12 TACLS cycles > 3 */
	slow = k9f1g08;
	slow.tCLS = 100;
	assert_int_equal(s3c2440_nand_calc_timing(&s3c2440_nfc_variant, 133000000, &slow, &t), -ERANGE);
	/* hold 70 ns: ceil(9.31) = 10 > 8 */
	slow = k9f1g08;
	slow.tWH = 70;
	assert_int_equal(s3c2440_nand_calc_timing(&s3c2440_nfc_variant, 133000000, &slow, &t), -ERANGE);
	assert_int_equal(s3c2440_nand_calc_timing(&s3c2440_nfc_variant, 0, &k9f1g08, &t), -EINVAL);
	/* the slowest ONFI mode still fits at 101.25 MHz */
	assert_int_equal(
		s3c2440_nand_calc_timing(&s3c2440_nfc_variant, 101250000, &nand_timings_safe, &t), 0);
}

static void test_linux_fixed_mini2440(void **state)
{
	struct s3c2440_nand_timing t;
	uint32_t ps[3];
	(void)state;

	/* Linux: kHz 101250; tacls ceil(0) = 0 -> 1 -> reg 0; twrph0 ceil(25 x 101250 / 1e6
	 * = 2.53) = 3 -> reg 2; twrph1 ceil(1.52) = 2 -> reg 1; NFCONF 0x0210 */
	assert_int_equal(s3c2440_nand_fixed_timing(&s3c2440_nfc_variant, 101250000, 0, 25, 15, &t), 0);
	assert_int_equal(t.tacls, 0);
	assert_int_equal(t.twrph0, 2);
	assert_int_equal(t.twrph1, 1);
	assert_int_equal(s3c2440_nand_conf_bits(&s3c2440_nfc_variant, &t), 0x0210);
	s3c2440_nand_timing_ps(&s3c2440_nfc_variant, 101250000, &t, ps);
	assert_int_equal(ps[0], 0);
	assert_true(ps[1] > 29620 && ps[1] < 29640); /* 3 x 9.8765 ns */
	assert_true(ps[2] > 19745 && ps[2] < 19760);

	/* 50 MHz: twrph0 ceil(1.25) = 2 -> 1, twrph1 ceil(0.75) = 1 -> 0 */
	assert_int_equal(s3c2440_nand_fixed_timing(&s3c2440_nfc_variant, 50000000, 0, 25, 15, &t), 0);
	assert_int_equal(s3c2440_nand_conf_bits(&s3c2440_nfc_variant, &t), 0x0100);

	/* Linux's limits: tacls above 4 cycles, twrph above 8 are errors */
	assert_int_equal(s3c2440_nand_fixed_timing(&s3c2440_nfc_variant, 101250000, 50, 25, 15, &t),
			 -ERANGE);
	assert_int_equal(s3c2440_nand_fixed_timing(&s3c2440_nfc_variant, 101250000, 0, 100, 15, &t),
			 -ERANGE);
	assert_int_equal(s3c2440_nand_fixed_timing(&s3c2440_nfc_variant, 101250000, 39, 79, 79, &t), 0);
	assert_int_equal(t.tacls, 3);
	assert_int_equal(t.twrph0, 7);

	/* S3C2410: same values, fields at 10:8 / 6:4 / 2:0 -> 0x021 */
	assert_int_equal(s3c2440_nand_fixed_timing(&s3c2410_nfc_variant, 101250000, 0, 25, 15, &t), 0);
	assert_int_equal(s3c2440_nand_conf_bits(&s3c2410_nfc_variant, &t), 0x021);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_derived_table),
		cmocka_unit_test(test_setup_and_cycle_constraints),
		cmocka_unit_test(test_too_fast_refused),
		cmocka_unit_test(test_linux_fixed_mini2440),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

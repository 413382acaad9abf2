/* Host tests for the MTD core: wrappers' checks, partitions, registry, mtdram. */
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include "mtd.h"

static uint8_t ram[64 * 1024];
static struct mtd_info dev;

static int setup(void **state)
{
	(void)state;
	memset(ram, 0x5a, sizeof(ram));
	assert_int_equal(mtdram_init(&dev, "ram0", ram, sizeof(ram), 4096), 0);
	assert_int_equal(mtd_register(&dev), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	mtd_del_partitions(NULL);
	mtd_unregister(&dev);
	return 0;
}

static void test_bounds(void **state)
{
	uint8_t buf[16];
	(void)state;
	assert_int_equal(mtd_read(&dev, sizeof(ram) - 8, 16, buf), -EINVAL);
	assert_int_equal(mtd_read(&dev, sizeof(ram) - 16, 16, buf), 0);
	assert_int_equal(mtd_erase(&dev, 100, 4096), -EINVAL);
	assert_int_equal(mtd_erase(&dev, 4096, 100), -EINVAL);
	assert_int_equal(mtd_erase(&dev, 4096, 4096), 0);
	assert_int_equal(ram[4096], 0xff);
	assert_int_equal(ram[8191], 0xff);
	assert_int_equal(ram[8192], 0x5a);
	assert_int_equal(mtd_erase(&dev, 0, sizeof(ram) + 4096), -EINVAL);
}

static void test_partition(void **state)
{
	struct mtd_info *p, *ro;
	uint8_t buf[4] = { 1, 2, 3, 4 }, back[4];
	(void)state;

	p = mtd_add_partition(&dev, "data", 8192, 8192, 0);
	assert_non_null(p);
	assert_ptr_equal(mtd_find("data"), p);
	assert_null(mtd_add_partition(&dev, "data", 0, 4096, 0)); /* duplicate name */
	assert_null(mtd_add_partition(&dev, "big", 4096, sizeof(ram), 0));
	assert_int_equal(mtd_write(p, 10, 4, buf), 0);
	assert_memory_equal(&ram[8192 + 10], buf, 4);
	assert_int_equal(mtd_read(p, 10, 4, back), 0);
	assert_memory_equal(back, buf, 4);
	assert_int_equal(mtd_write(p, 8190, 4, buf), -EINVAL);
	assert_ptr_equal(mtd_point(p, 10, 4), &ram[8192 + 10]);
	assert_null(mtd_point(p, 8190, 4));
	/* mapped at CPU address 0 (the mini2440's NOR) is still mapped; no MTD_MAPPED, no pointer */
	{
		uintptr_t saved = dev.mapped;

		dev.mapped = 0;
		assert_ptr_equal(mtd_point(p, 10, 4), (const void *)(uintptr_t)(8192 + 10));
		dev.flags &= ~MTD_MAPPED;
		assert_null(mtd_point(p, 10, 4));
		dev.flags |= MTD_MAPPED;
		dev.mapped = saved;
	}

	ro = mtd_add_partition(&dev, "boot", 0, 8192, MTD_RO);
	assert_non_null(ro);
	assert_int_equal(mtd_write(ro, 0, 4, buf), -EROFS);
	assert_int_equal(mtd_erase(ro, 0, 4096), -EROFS);
	assert_int_equal(mtd_read(ro, 0, 4, back), 0);
	assert_ptr_equal(mtd_master(ro), &dev);
}

static const struct mtd_erase_region regions[] = {
	{ .offset = 0, .erasesize = 8192, .numblocks = 2 },
	{ .offset = 16384, .erasesize = 16384, .numblocks = 3 },
};

static void test_regions(void **state)
{
	(void)state;
	dev.numeraseregions = 2;
	dev.eraseregions = regions;
	dev.erasesize = 16384;
	assert_int_equal(mtd_erasesize_at(&dev, 0), 8192);
	assert_int_equal(mtd_erasesize_at(&dev, 20000), 16384);
	assert_true(mtd_is_erase_aligned(&dev, 8192));
	assert_false(mtd_is_erase_aligned(&dev, 24576));
	assert_true(mtd_is_erase_aligned(&dev, 32768));
	assert_true(mtd_is_erase_aligned(&dev, sizeof(ram)));
	assert_int_equal(mtd_erase(&dev, 8192, 8192), 0);
	assert_int_equal(mtd_erase(&dev, 8192, 16384), -EINVAL);
	dev.numeraseregions = 0;
	dev.erasesize = 4096;
}

/* Power-of-two sizes take a mask, others (768 KiB MLC blocks) a division: the same answers. */
static void test_multiple_of(void **state)
{
	(void)state;
	assert_true(mtd_multiple_of(0, 768 * 1024));
	assert_true(mtd_multiple_of(5ull * 768 * 1024, 768 * 1024));
	assert_false(mtd_multiple_of(5ull * 768 * 1024 + 256 * 1024, 768 * 1024));
	assert_true(mtd_multiple_of(3ull << 32, 768 * 1024));
	assert_false(mtd_multiple_of((3ull << 32) + 512 * 1024, 768 * 1024));
	assert_true(mtd_multiple_of(7ull << 32, 256 * 1024));
	assert_false(mtd_multiple_of((7ull << 32) + 4096, 256 * 1024));
	assert_true(mtd_multiple_of(12345, 1));
	assert_false(mtd_multiple_of(6, 4));
}

static void test_protect(void **state)
{
	uint8_t buf[4] = { 1, 2, 3, 4 };
	struct mtd_info *p;
	(void)state;

	assert_int_equal(mtd_protect(&dev, 4096 + 100, 10, true), 0); /* widened to block 1 */
	assert_true(mtd_is_protected(&dev, 4096, 1));
	assert_true(mtd_is_protected(&dev, 8191, 1));
	assert_false(mtd_is_protected(&dev, 8192, 4096));
	assert_false(mtd_is_protected(&dev, 0, 4096));
	assert_int_equal(mtd_erase(&dev, 0, 8192), -EROFS);
	assert_int_equal(ram[0], 0x5a); /* nothing erased */
	assert_int_equal(mtd_write(&dev, 8190, 4, buf), -EROFS);
	assert_int_equal(mtd_erase(&dev, 8192, 4096), 0);
	p = mtd_add_partition(&dev, "p", 4096, 8192, 0);
	assert_non_null(p);
	assert_int_equal(mtd_write(p, 0, 4, buf), -EROFS);
	assert_int_equal(mtd_protect(p, 0, 4096, false), 0);
	assert_int_equal(mtd_write(p, 0, 4, buf), 0);
	assert_int_equal(mtd_protect(&dev, 0, sizeof(ram) + 1, true), -EINVAL);
	free(dev.protect);
	dev.protect = NULL;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bounds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_partition, setup, teardown),
		cmocka_unit_test_setup_teardown(test_regions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_multiple_of, setup, teardown),
		cmocka_unit_test_setup_teardown(test_protect, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

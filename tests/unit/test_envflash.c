/* Host tests for the flash environment: format, copy choice, NOR/NAND saving, exhaustive power cuts. */
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include "env_flash.h"
#include "mtd_fault.h"
#include "crc32.h"

#define FLASH_SIZE (256 * 1024)

static uint8_t flash[FLASH_SIZE];
static uint8_t snapshot[FLASH_SIZE];
static struct mtd_info ram;
static struct mtd_fault fl;
static char databuf[64 * 1024];

/* Images made by Debian's mkenvimage 2023.01 from "a=1\nbootcmd=run x\n" with
 * -s 64 (plain) and -r -s 64 (redundant): the reference bytes. */
// clang-format off
static const uint8_t mkenv_plain[64] = {
	0xa0, 0x83, 0x18, 0x42, 'a', '=', '1', 0, 'b', 'o', 'o', 't', 'c', 'm', 'd', '=',
	'r', 'u', 'n', ' ', 'x', 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};
static const uint8_t mkenv_redund[64] = {
	0xf0, 0xbc, 0x71, 0xa5, 0x01, 'a', '=', '1', 0, 'b', 'o', 'o', 't', 'c', 'm', 'd',
	'=', 'r', 'u', 'n', ' ', 'x', 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};
// clang-format on

static const char env_old[] = "bootcmd=run old\0ver=1\0";
static const char env_mid[] = "bootcmd=run mid\0ver=0\0";
static char env_new[6000];
static size_t env_new_len;

static void setup_flash(uint32_t erasesize, bool nand)
{
	memset(flash, 0xff, sizeof(flash));
	assert_int_equal(mtdram_init(&ram, "ram", flash, sizeof(flash), erasesize), 0);
	if (nand)
		assert_int_equal(mtd_fault_init_nand(&fl, &ram, "nandsim", 2048), 0);
	else
		assert_int_equal(mtd_fault_init(&fl, &ram, "norsim"), 0);
	/* a large new environment so that NAND saves span several pages */
	if (!env_new_len) {
		size_t n = 0;

		n += sprintf(env_new + n, "bootcmd=run new") + 1;
		n += sprintf(env_new + n, "ver=2") + 1;
		n += sprintf(env_new + n, "blob=");
		memset(env_new + n, 'x', 4000);
		n += 4000;
		env_new[n++] = '\0';
		env_new_len = n;
	}
}

/* Load and compare with "entries" (without the final empty entry). */
static int load_is(const struct env_location *loc, const char *entries, size_t len,
		   struct env_load_info *info)
{
	int ret = env_flash_load(loc, databuf, sizeof(databuf), info);

	if (ret)
		return ret;
	if (info->used != len + 1 || memcmp(databuf, entries, len) || databuf[len] != '\0')
		return 1;
	return 0;
}

#define LOAD_IS(loc, s, info) load_is(loc, s, sizeof(s) - 1, info)

/* ------------------------------------------------------------ format */

static void test_image_matches_mkenvimage(void **state)
{
	static const char vars[] = "a=1\0bootcmd=run x\0";
	uint8_t img[64];
	struct env_image im;
	(void)state;

	assert_int_equal(env_image_build(img, 64, false, 0, vars, sizeof(vars) - 1, 0xff), 19);
	assert_memory_equal(img, mkenv_plain, 64);
	assert_int_equal(env_image_build(img, 64, true, 1, vars, sizeof(vars) - 1, 0xff), 19);
	assert_memory_equal(img, mkenv_redund, 64);

	assert_int_equal(env_image_parse(mkenv_plain, 64, false, &im), 0);
	assert_int_equal(im.used, 19);
	assert_int_equal(im.data_size, 60);
	assert_string_equal(im.data, "a=1");
	assert_int_equal(env_image_parse(mkenv_redund, 64, true, &im), 0);
	assert_int_equal(im.flags, 1);
	assert_string_equal(im.data + 4, "bootcmd=run x");
	/* the wrong layout is a CRC error, not a misread */
	assert_int_equal(env_image_parse(mkenv_redund, 64, false, &im), -EBADMSG);
	assert_int_equal(env_image_parse(mkenv_plain, 64, true, &im), -EBADMSG);
	/* a different size (the classic fw_env.config mistake) too */
	assert_int_equal(env_image_parse(mkenv_plain, 32, false, &im), -EBADMSG);
}

static void test_image_terminators(void **state)
{
	uint8_t img[32];
	struct env_image im;
	(void)state;

	/* no terminator at all: both NULs are added */
	assert_int_equal(env_image_build(img, 32, false, 0, "a=1", 3, 0xff), 5);
	assert_memory_equal(img + 4, "a=1\0\0\xff", 6);
	/* already terminated: nothing is added, later bytes are ignored */
	assert_int_equal(env_image_build(img, 32, false, 0, "a=1\0\0junk", 9, 0), 5);
	assert_memory_equal(img + 4, "a=1\0\0\0\0", 7);
	/* the empty environment is one NUL */
	assert_int_equal(env_image_build(img, 32, true, 7, "", 0, 0xff), 1);
	assert_int_equal(img[4], 7);
	assert_int_equal(img[5], 0);
	assert_int_equal(img[6], 0xff);
	assert_int_equal(env_image_parse(img, 32, true, &im), 0);
	assert_int_equal(im.used, 1);
	/* U-Boot's zero padding reads the same */
	assert_int_equal(env_image_build(img, 32, false, 0, "x=y\0", 4, 0x00), 5);
	assert_int_equal(env_image_parse(img, 32, false, &im), 0);
	assert_int_equal(im.used, 5);
	/* too big: 28 data bytes hold 26 characters plus 2 NULs */
	assert_int_equal(env_image_build(img, 32, false, 0, "a=12345678901234567890123", 25, 0), 27);
	assert_int_equal(env_image_build(img, 32, false, 0, "a=123456789012345678901234", 26, 0), 28);
	assert_int_equal(env_image_build(img, 32, false, 0, "a=1234567890123456789012345", 27, 0),
			 -ENOSPC);
	assert_int_equal(env_image_build(img, 4, false, 0, "", 0, 0), -EINVAL);
	assert_int_equal(env_image_parse(img, 4, false, &im), -EINVAL);
	/* one flipped bit anywhere in the data area is caught */
	assert_int_equal(env_image_build(img, 32, false, 0, "a=1\0", 4, 0xff), 5);
	for (int i = 4; i < 32; i++) {
		img[i] ^= 0x10;
		assert_int_equal(env_image_parse(img, 32, false, &im), -EBADMSG);
		img[i] ^= 0x10;
	}
	assert_int_equal(env_image_parse(img, 32, false, &im), 0);
}

static void test_choose_rules(void **state)
{
	(void)state;
	/* boolean (NOR): active beats obsolete, equal -> copy 0, erased flag wins */
	assert_int_equal(env_redund_choose(ENV_FLAGS_BOOLEAN, 1, 0), 0);
	assert_int_equal(env_redund_choose(ENV_FLAGS_BOOLEAN, 0, 1), 1);
	assert_int_equal(env_redund_choose(ENV_FLAGS_BOOLEAN, 1, 1), 0);
	assert_int_equal(env_redund_choose(ENV_FLAGS_BOOLEAN, 0, 0), 0);
	assert_int_equal(env_redund_choose(ENV_FLAGS_BOOLEAN, 0xff, 0xff), 0);
	assert_int_equal(env_redund_choose(ENV_FLAGS_BOOLEAN, 0xff, 1), 0);
	assert_int_equal(env_redund_choose(ENV_FLAGS_BOOLEAN, 1, 0xff), 1);
	assert_int_equal(env_redund_choose(ENV_FLAGS_BOOLEAN, 0, 0xff), 1);
	assert_int_equal(env_redund_choose(ENV_FLAGS_BOOLEAN, 0xff, 0), 0);
	/* beyond U-Boot's NOR cases: counters (fw_setenv on a file) */
	assert_int_equal(env_redund_choose(ENV_FLAGS_BOOLEAN, 2, 1), 0);
	assert_int_equal(env_redund_choose(ENV_FLAGS_BOOLEAN, 2, 3), 1);
	/* counter (NAND): higher wins, 0 follows 255, equal -> copy 0 */
	assert_int_equal(env_redund_choose(ENV_FLAGS_COUNTER, 5, 4), 0);
	assert_int_equal(env_redund_choose(ENV_FLAGS_COUNTER, 4, 5), 1);
	assert_int_equal(env_redund_choose(ENV_FLAGS_COUNTER, 9, 9), 0);
	assert_int_equal(env_redund_choose(ENV_FLAGS_COUNTER, 255, 0), 1);
	assert_int_equal(env_redund_choose(ENV_FLAGS_COUNTER, 0, 255), 0);
	assert_int_equal(env_redund_choose(ENV_FLAGS_COUNTER, 254, 255), 1);
	assert_int_equal(env_redund_choose(ENV_FLAGS_COUNTER, 1, 0), 0);
	assert_int_equal(env_redund_choose(ENV_FLAGS_COUNTER, 0xff, 1), 0);
	assert_int_equal(env_redund_choose(ENV_FLAGS_COUNTER, 0, 0xff), 0);
	assert_int_equal(env_redund_choose(ENV_FLAGS_AUTO, 255, 0), 1);
}

/* ------------------------------------------------------------ NOR */

static void test_nor_single_roundtrip(void **state)
{
	struct env_location loc = { .mtd = &fl.mtd, .offset = 0x3000, .size = 0x2000 };
	struct env_load_info info;
	(void)state;

	setup_flash(4096, false);
	assert_int_equal(env_flash_load(&loc, databuf, sizeof(databuf), &info), -EBADMSG);
	assert_int_equal(info.copy, -1);
	assert_int_equal(env_flash_save(&loc, env_old, sizeof(env_old) - 1, &info), 0);
	assert_int_equal(info.copy, 0);
	assert_int_equal(LOAD_IS(&loc, env_old, &info), 0);
	assert_int_equal(info.status[0], 0);
	assert_int_equal(info.status[1], -ENODEV);
	assert_false(info.degraded);
	/* the bytes in flash are exactly a U-Boot image */
	struct env_image im;
	assert_int_equal(env_image_parse(flash + 0x3000, 0x2000, false, &im), 0);
	assert_string_equal(im.data, "bootcmd=run old");
	/* corrupt one byte of the padding: bad CRC, never garbage */
	flash[0x3000 + 0x1ff0] = 0x00;
	assert_int_equal(env_flash_load(&loc, databuf, sizeof(databuf), &info), -EBADMSG);
	assert_int_equal(info.status[0], -EBADMSG);
	/* too small a buffer */
	assert_int_equal(env_flash_load(&loc, databuf, 0x2000 - 5, &info), -EINVAL);
	/* a save over a damaged copy works */
	assert_int_equal(env_flash_save(&loc, env_new, env_new_len, NULL), 0);
	assert_int_equal(load_is(&loc, env_new, env_new_len, &info), 0);
	/* power off: reads fail as I/O errors */
	fl.dead = true;
	assert_int_equal(env_flash_load(&loc, databuf, sizeof(databuf), &info), -EIO);
	mtd_fault_power_cycle(&fl);
}

/* saveenv lifts the software protection of its own sectors and puts it back (U-Boot's env/flash.c). */
static void test_save_lifts_protection(void **state)
{
	// clang-format off
	struct env_location loc = { .mtd = &fl.mtd, .offset = 0x4000, .offset_redund = 0x8000,
				    .size = 0x1000, .redundant = true };
	// clang-format on
	struct env_load_info info;
	(void)state;

	setup_flash(4096, false);
	assert_int_equal(mtd_protect(&fl.mtd, 0x4000, 0x1000, true), 0);
	assert_int_equal(mtd_erase(&fl.mtd, 0x4000, 0x1000), -EROFS);
	for (int i = 0; i < 3; i++) {
		const char *e = i & 1 ? env_old : env_mid;

		assert_int_equal(env_flash_save(&loc, e, sizeof(env_old) - 1, &info), 0);
		assert_int_equal(load_is(&loc, e, sizeof(env_old) - 1, &info), 0);
		/* copy 0 protected again, copy 1 left as it was (unprotected) */
		assert_true(mtd_is_protected(&fl.mtd, 0x4000, 0x1000));
		assert_false(mtd_is_protected(&fl.mtd, 0x8000, 0x1000));
	}
	/* a failed save puts the protection back too */
	fl.dead = true;
	assert_int_not_equal(env_flash_save(&loc, env_old, sizeof(env_old) - 1, &info), 0);
	mtd_fault_power_cycle(&fl);
	assert_true(mtd_is_protected(&fl.mtd, 0x4000, 0x1000));
	assert_false(mtd_is_protected(&fl.mtd, 0x3000, 0x1000));
	assert_false(mtd_is_protected(&fl.mtd, 0x5000, 0x1000));
	free(fl.mtd.protect);
	fl.mtd.protect = NULL;
}

static void test_nor_shared_sector(void **state)
{
	/* 1 KiB env in the middle of a 4 KiB sector: the rest is kept */
	struct env_location loc = { .mtd = &fl.mtd, .offset = 0x1400, .size = 0x400 };
	struct env_load_info info;
	uint8_t pattern[0x1000];
	(void)state;

	setup_flash(4096, false);
	for (size_t i = 0; i < sizeof(pattern); i++)
		pattern[i] = (uint8_t)(i * 7 + 3);
	memcpy(flash + 0x1000, pattern, sizeof(pattern));
	assert_int_equal(env_flash_save(&loc, env_old, sizeof(env_old) - 1, &info), 0);
	assert_int_equal(LOAD_IS(&loc, env_old, &info), 0);
	assert_memory_equal(flash + 0x1000, pattern, 0x400);
	assert_memory_equal(flash + 0x1800, pattern + 0x800, 0x800);
	mtd_fault_arm(&fl, 0, MTD_FAULT_CUT_HALF);
	assert_int_equal(env_flash_save(&loc, env_mid, sizeof(env_mid) - 1, &info), 0);
	assert_int_equal(fl.erases, 1);
	assert_int_equal(LOAD_IS(&loc, env_mid, &info), 0);
	assert_memory_equal(flash + 0x1000, pattern, 0x400);
	assert_memory_equal(flash + 0x1800, pattern + 0x800, 0x800);
	/* the neighbouring sectors are untouched */
	assert_int_equal(flash[0xfff], 0xff);
	assert_int_equal(flash[0x2000], 0xff);
}

static void test_nor_multi_sector_env(void **state)
{
	/* an 8 KiB env over two 4 KiB sectors (SST39VF1601-style), redundant */
	// clang-format off
	struct env_location loc = { .mtd = &fl.mtd, .offset = 0x4000, .offset_redund = 0x6000,
				    .size = 0x2000, .redundant = true };
	// clang-format on
	struct env_load_info info;
	(void)state;

	setup_flash(4096, false);
	assert_int_equal(env_flash_save(&loc, env_new, env_new_len, &info), 0);
	assert_int_equal(info.copy, 0);
	assert_int_equal(info.flags, ENV_FLAG_ACTIVE);
	assert_int_equal(env_flash_save(&loc, env_old, sizeof(env_old) - 1, &info), 0);
	assert_int_equal(info.copy, 1);
	assert_int_equal(flash[0x4004], ENV_FLAG_OBSOLETE);
	assert_int_equal(flash[0x6004], ENV_FLAG_ACTIVE);
	assert_int_equal(LOAD_IS(&loc, env_old, &info), 0);
	assert_int_equal(info.copy, 1);
	assert_int_equal(info.scheme, ENV_FLAGS_BOOLEAN);
	assert_false(info.degraded);
	assert_int_equal(env_flash_save(&loc, env_new, env_new_len, &info), 0);
	assert_int_equal(info.copy, 0);
	assert_int_equal(load_is(&loc, env_new, env_new_len, &info), 0);
	assert_int_equal(info.copy, 0);
	assert_int_equal(flash[0x4004], ENV_FLAG_ACTIVE);
	assert_int_equal(flash[0x6004], ENV_FLAG_OBSOLETE);
}

static void put_image(uint64_t ofs, uint32_t size, bool redund, uint8_t flags, const char *d, size_t len,
		      uint8_t pad)
{
	assert_true(env_image_build(flash + ofs, size, redund, flags, d, len, pad) > 0);
}

/*
 * Flag bytes first: the copy the flags prefer is CRC-checked and, when good,
 * used without reading the other. For every pair of flag bytes, every mix of
 * good and bad copies and both schemes, the copy used must be the one the
 * rule "choose among the good copies" gives (U-Boot's, which checks both).
 */
static void test_redundant_flags_first(void **state)
{
	static const uint8_t fl_values[] = { 0, 1, 2, 0x7f, 0xfe, 0xff };
	struct env_load_info info;
	(void)state;

	for (int nand = 0; nand < 2; nand++) {
		// clang-format off
		struct env_location loc = { .mtd = &fl.mtd, .offset = 0, .offset_redund = 0x8000,
					    .size = 0x1000, .redundant = true };
		// clang-format on

		setup_flash(nand ? 0x8000 : 4096, nand);
		for (size_t a = 0; a < sizeof(fl_values); a++)
			for (size_t b = 0; b < sizeof(fl_values); b++)
				for (int bad = 0; bad < 4; bad++) {
					uint8_t f0 = fl_values[a], f1 = fl_values[b];
					enum env_flag_scheme sc = env_flash_scheme(&loc);
					int want;

					memset(flash, 0xff, 0x10000);
					put_image(0, 0x1000, true, f0, env_old, sizeof(env_old) - 1, 0);
					put_image(0x8000, 0x1000, true, f1, env_mid, sizeof(env_mid) - 1,
						  0);
					if (bad & 1)
						flash[100] ^= 1;
					if (bad & 2)
						flash[0x8000 + 100] ^= 1;
					want = bad == 3   ? -1
					       : bad == 1 ? 1
					       : bad == 2 ? 0
							  : env_redund_choose(sc, f0, f1);
					if (want < 0) {
						assert_int_equal(env_flash_load(&loc, databuf,
										sizeof(databuf), &info),
								 -EBADMSG);
						assert_int_equal(info.status[0], -EBADMSG);
						assert_int_equal(info.status[1], -EBADMSG);
						continue;
					}
					assert_int_equal(want ? LOAD_IS(&loc, env_mid, &info)
							      : LOAD_IS(&loc, env_old, &info),
							 0);
					assert_int_equal(info.copy, want);
					assert_int_equal(info.flags, want ? f1 : f0);
					assert_int_equal(info.copy_flags[0], f0);
					assert_int_equal(info.copy_flags[1], f1);
					/* the other copy is read only when the preferred one failed */
					if (bad && env_redund_choose(sc, f0, f1) != want) {
						assert_true(info.degraded);
						assert_int_equal(info.status[!want], -EBADMSG);
					} else {
						assert_false(info.degraded);
						assert_int_equal(info.status[!want], ENV_UNCHECKED);
						assert_int_equal(env_flash_check_other(&loc, &info),
								 bad ? -EBADMSG : 0);
						assert_int_equal(info.degraded, bad != 0);
					}
				}
	}
}

static void test_redundant_one_bad(void **state)
{
	// clang-format off
	struct env_location loc = { .mtd = &fl.mtd, .offset = 0, .offset_redund = 0x1000,
				    .size = 0x1000, .redundant = true };
	// clang-format on
	struct env_load_info info;
	(void)state;

	setup_flash(4096, false);
	/* as U-Boot leaves it: copy 1 active, copy 0 obsolete, zero padding */
	put_image(0, 0x1000, true, ENV_FLAG_OBSOLETE, env_old, sizeof(env_old) - 1, 0);
	put_image(0x1000, 0x1000, true, ENV_FLAG_ACTIVE, env_mid, sizeof(env_mid) - 1, 0);
	assert_int_equal(LOAD_IS(&loc, env_mid, &info), 0);
	assert_int_equal(info.copy, 1);
	assert_int_equal(info.copy_flags[0], 0);
	assert_int_equal(info.copy_flags[1], 1);
	/* damage the active copy: the other one is used, flagged degraded */
	flash[0x1000 + 100] ^= 1;
	assert_int_equal(LOAD_IS(&loc, env_old, &info), 0);
	assert_int_equal(info.copy, 0);
	assert_int_equal(info.status[1], -EBADMSG);
	assert_true(info.degraded);
	/* the next save goes over the damaged copy */
	assert_int_equal(env_flash_save(&loc, env_new, env_new_len, &info), 0);
	assert_int_equal(info.copy, 1);
	assert_int_equal(load_is(&loc, env_new, env_new_len, &info), 0);
	assert_int_equal(info.copy, 1);
	assert_false(info.degraded);
	/* both bad: bad CRC */
	flash[0x10] ^= 1;
	flash[0x1010] ^= 1;
	assert_int_equal(env_flash_load(&loc, databuf, sizeof(databuf), &info), -EBADMSG);
	assert_int_equal(info.copy, -1);
	/* equal flags (two mkenvimage -r images): copy 0 */
	put_image(0, 0x1000, true, 1, env_old, sizeof(env_old) - 1, 0xff);
	put_image(0x1000, 0x1000, true, 1, env_mid, sizeof(env_mid) - 1, 0xff);
	assert_int_equal(LOAD_IS(&loc, env_old, &info), 0);
	assert_int_equal(info.copy, 0);
	/* an erased (0xff) flag wins on NOR */
	flash[0x1004] = 0xff;
	put_image(0x1000, 0x1000, true, 0xff, env_mid, sizeof(env_mid) - 1, 0xff);
	assert_int_equal(LOAD_IS(&loc, env_mid, &info), 0);
	assert_int_equal(info.copy, 1);
}

static void test_counter_wrap(void **state)
{
	// clang-format off
	struct env_location loc = { .mtd = &fl.mtd, .offset = 0, .offset_redund = 0x4000,
				    .size = 0x2000, .redundant = true, .scheme = ENV_FLAGS_COUNTER };
	// clang-format on
	struct env_load_info info;
	(void)state;

	setup_flash(4096, false);
	put_image(0, 0x2000, true, 254, env_old, sizeof(env_old) - 1, 0);
	put_image(0x4000, 0x2000, true, 253, env_mid, sizeof(env_mid) - 1, 0);
	assert_int_equal(LOAD_IS(&loc, env_old, &info), 0);
	assert_int_equal(info.flags, 254);
	assert_int_equal(env_flash_save(&loc, env_mid, sizeof(env_mid) - 1, &info), 0);
	assert_int_equal(info.copy, 1);
	assert_int_equal(info.flags, 255);
	assert_int_equal(env_flash_save(&loc, env_old, sizeof(env_old) - 1, &info), 0);
	assert_int_equal(info.copy, 0);
	assert_int_equal(info.flags, 0);
	assert_int_equal(LOAD_IS(&loc, env_old, &info), 0);
	assert_int_equal(info.copy, 0); /* 0 beats 255 */
	assert_int_equal(env_flash_save(&loc, env_mid, sizeof(env_mid) - 1, &info), 0);
	assert_int_equal(info.copy, 1);
	assert_int_equal(info.flags, 1);
	assert_int_equal(LOAD_IS(&loc, env_mid, &info), 0);
	assert_int_equal(info.copy, 1);
	/* counters never touch the old copy's flag */
	assert_int_equal(flash[4], 0);
}

/* ------------------------------------------------------------ NAND */

static void test_nand_bad_block(void **state)
{
	/* 16 KiB blocks, 2 KiB pages; env 0x8000 over a 3-block range, block 1 bad */
	// clang-format off
	struct env_location loc = { .mtd = &fl.mtd, .offset = 0, .offset_redund = 0x10000,
				    .size = 0x8000, .range = 0xc000, .redundant = true };
	// clang-format on
	struct env_load_info info;
	struct env_image im;
	static uint8_t img[0x8000];
	(void)state;

	setup_flash(0x4000, true);
	assert_int_equal(mtd_fault_set_bad(&fl, 0x4000), 0);
	memset(flash + 0x4000, 0x5a, 0x4000); /* what a bad block may hold */
	assert_int_equal(env_flash_save(&loc, env_new, env_new_len, &info), 0);
	assert_int_equal(info.copy, 0);
	assert_int_equal(info.flags, 1);
	assert_int_equal(info.scheme, ENV_FLAGS_COUNTER);
	assert_int_equal(load_is(&loc, env_new, env_new_len, &info), 0);
	/* raw layout: first half in block 0, second half in block 2, bad block untouched */
	memcpy(img, flash, 0x4000);
	memcpy(img + 0x4000, flash + 0x8000, 0x4000);
	assert_int_equal(env_image_parse(img, 0x8000, true, &im), 0);
	assert_int_equal(flash[0x4000], 0x5a);
	assert_int_equal(flash[0x7fff], 0x5a);
	assert_int_equal(env_flash_save(&loc, env_old, sizeof(env_old) - 1, &info), 0);
	assert_int_equal(info.copy, 1);
	assert_int_equal(info.flags, 2);
	assert_int_equal(LOAD_IS(&loc, env_old, &info), 0);
	assert_int_equal(info.copy, 1);
	assert_int_equal(fl.violations, 0);
	/* the old copy keeps its counter: NAND pages are never reprogrammed */
	assert_int_equal(flash[4], 1);

	/* a second bad block leaves too little room: save fails before touching the flash (the
	 * bad-block engine checks the room first), the env survives */
	assert_int_equal(mtd_fault_set_bad(&fl, 0x8000), 0);
	memcpy(img, flash, 0x4000);
	assert_int_equal(env_flash_save(&loc, env_mid, sizeof(env_mid) - 1, &info), -ENOSPC);
	assert_memory_equal(img, flash, 0x4000);
	assert_int_equal(LOAD_IS(&loc, env_old, &info), 0);
	assert_int_equal(info.copy, 1);
	assert_int_equal(info.status[0], ENV_UNCHECKED);
	assert_int_equal(env_flash_check_other(&loc, &info), -EIO); /* copy 0 no longer fits */
	assert_true(info.degraded);
	assert_int_equal(fl.violations, 0);
}

static void test_location_checks(void **state)
{
	// clang-format off
	struct env_location loc = { .mtd = &fl.mtd, .offset = 0, .offset_redund = 0x800,
				    .size = 0x800, .redundant = true };
	// clang-format on
	struct env_load_info info;
	char cfg[256];
	(void)state;

	setup_flash(4096, false);
	/* both copies in one erase block: saving one would erase the other */
	assert_int_equal(env_flash_save(&loc, env_old, sizeof(env_old) - 1, NULL), -EINVAL);
	assert_int_equal(env_flash_load(&loc, databuf, sizeof(databuf), NULL), -EINVAL);
	loc.offset_redund = FLASH_SIZE - 0x400; /* runs past the end */
	assert_int_equal(env_flash_load(&loc, databuf, sizeof(databuf), NULL), -EINVAL);
	/* a refused location reports "no copy", whatever info held before (fuzz find) */
	info.copy = 0;
	info.used = 123;
	assert_int_equal(env_flash_load(&loc, databuf, sizeof(databuf), &info), -EINVAL);
	assert_int_equal(info.copy, -1);
	assert_int_equal(info.used, 0);
	loc.offset_redund = 0x1000;
	assert_int_equal(env_flash_save(&loc, env_old, sizeof(env_old) - 1, NULL), 0);
	loc.size = 4;
	assert_int_equal(env_flash_save(&loc, env_old, sizeof(env_old) - 1, NULL), -EINVAL);
	loc.size = 0x800;
	assert_int_equal(env_flash_save(&loc, env_new, env_new_len, NULL), -ENOSPC);
	assert_int_equal(LOAD_IS(&loc, env_old, &info), 0);

	/* fw_env.config lines */
	loc.sect_size = 0;
	assert_int_equal(env_flash_fw_config(&loc, "/dev/mtd1", cfg, sizeof(cfg)),
			 (int)strlen("/dev/mtd1 0x0 0x800 0x1000\n/dev/mtd1 0x1000 0x800 0x1000\n"));
	assert_string_equal(cfg, "/dev/mtd1 0x0 0x800 0x1000\n/dev/mtd1 0x1000 0x800 0x1000\n");
	assert_int_equal(env_flash_fw_config(&loc, "/dev/mtd1", cfg, 20), -ENOSPC);
	loc.redundant = false;
	loc.sect_size = 0x10000;
	assert_true(env_flash_fw_config(&loc, "/dev/mtd3", cfg, sizeof(cfg)) > 0);
	assert_string_equal(cfg, "/dev/mtd3 0x0 0x800 0x10000\n");

	/* NAND: block-aligned copies only, and no boolean flags */
	setup_flash(0x4000, true);
	struct env_location nl = { .mtd = &fl.mtd, .offset = 0x800, .size = 0x4000 };
	assert_int_equal(env_flash_save(&nl, env_old, sizeof(env_old) - 1, NULL), -EINVAL);
	nl.offset = 0x8000;
	nl.range = 0x8000;
	assert_int_equal(env_flash_save(&nl, env_old, sizeof(env_old) - 1, NULL), 0);
	assert_true(env_flash_fw_config(&nl, "/dev/mtd2", cfg, sizeof(cfg)) > 0);
	assert_string_equal(cfg, "/dev/mtd2 0x8000 0x4000 0x4000 2\n");
	nl.redundant = true;
	nl.offset_redund = 0x10000;
	nl.scheme = ENV_FLAGS_BOOLEAN;
	assert_int_equal(env_flash_save(&nl, env_old, sizeof(env_old) - 1, NULL), -EINVAL);
}

static void test_partition(void **state)
{
	struct mtd_info *part;
	struct env_load_info info;
	struct env_image im;
	(void)state;

	setup_flash(4096, false);
	part = mtd_add_partition(&fl.mtd, "u-boot-env", 0x20000, 0x10000, 0);
	assert_non_null(part);
	// clang-format off
	struct env_location loc = { .mtd = part, .offset = 0, .offset_redund = 0x8000,
				    .size = 0x1000, .redundant = true };
	// clang-format on
	assert_int_equal(env_flash_save(&loc, env_old, sizeof(env_old) - 1, &info), 0);
	assert_int_equal(env_flash_save(&loc, env_mid, sizeof(env_mid) - 1, &info), 0);
	assert_int_equal(env_image_parse(flash + 0x20000, 0x1000, true, &im), 0);
	assert_string_equal(im.data, "bootcmd=run old");
	assert_int_equal(im.flags, 0);
	assert_int_equal(env_image_parse(flash + 0x28000, 0x1000, true, &im), 0);
	assert_string_equal(im.data, "bootcmd=run mid");
	assert_int_equal(im.flags, 1);
	assert_int_equal(LOAD_IS(&loc, env_mid, &info), 0);
	/* read-only partition: save refused, load fine */
	part->flags |= MTD_RO;
	assert_int_equal(env_flash_save(&loc, env_new, env_new_len, &info), -EROFS);
	assert_int_equal(LOAD_IS(&loc, env_mid, &info), 0);
	mtd_del_partitions(NULL);
}

/* ------------------------------------------------------------ power cuts */

struct pc_case {
	const char *name;
	bool nand;
	uint32_t erasesize;
	struct env_location loc;
	int64_t bad; /* offset of a bad block, or -1 */
};

/* Put "old" as the current environment, in copy `active` when redundant. */
static void pc_prepare(const struct pc_case *c, int active)
{
	const struct env_location *loc = &c->loc;
	struct env_load_info info;
	int i, saves = loc->redundant ? (active ? 2 : 3) : 1;

	setup_flash(c->erasesize, c->nand);
	if (c->bad >= 0)
		assert_int_equal(mtd_fault_set_bad(&fl, c->bad), 0);
	/* something else shares the NOR sector */
	if (!c->nand && loc->offset % c->erasesize)
		memset(flash + ALIGN_DOWN(loc->offset, c->erasesize), 0x42, 16);
	for (i = 0; i < saves; i++) {
		const char *d = i == saves - 1 ? env_old : env_mid;
		assert_int_equal(env_flash_save(loc, d, sizeof(env_old) - 1, &info), 0);
	}
	assert_int_equal(LOAD_IS(loc, env_old, &info), 0);
	if (loc->redundant)
		assert_int_equal(info.copy, active);
}

static void pc_run(const struct pc_case *c, int active, enum mtd_fault_cut cut)
{
	const struct env_location *loc = &c->loc;
	struct env_load_info info;
	unsigned int total, n, lost = 0, got_new = 0, got_old = 0;
	int ret;

	pc_prepare(c, active);
	memcpy(snapshot, flash, sizeof(flash));
	mtd_fault_arm(&fl, 0, cut);
	assert_int_equal(env_flash_save(loc, env_new, env_new_len, &info), 0);
	total = fl.ops;
	assert_true(total >= 2);
	assert_int_equal(load_is(loc, env_new, env_new_len, &info), 0);

	for (n = 1; n <= total; n++) {
		memcpy(flash, snapshot, sizeof(flash));
		mtd_fault_arm(&fl, n, cut);
		ret = env_flash_save(loc, env_new, env_new_len, &info);
		assert_int_not_equal(ret, 0);
		assert_int_equal(fl.ops, n); /* nothing happens once the power is gone */
		mtd_fault_power_cycle(&fl);

		ret = env_flash_load(loc, databuf, sizeof(databuf), &info);
		/* a cut before anything reached the flash keeps the old env; a cut
		 * after the last step completed gives the new one */
		if (n == 1 && cut == MTD_FAULT_CUT_NONE)
			assert_int_equal(LOAD_IS(loc, env_old, &info), 0);
		if (n == total && cut == MTD_FAULT_CUT_FULL)
			assert_int_equal(load_is(loc, env_new, env_new_len, &info), 0);
		if (ret == 0 && load_is(loc, env_new, env_new_len, &info) == 0) {
			got_new++;
		} else if (ret == 0) {
			assert_int_equal(LOAD_IS(loc, env_old, &info), 0);
			got_old++;
		} else {
			/* only a single copy may be lost, and then as a CRC error */
			if (loc->redundant)
				fail_msg("%s: cut %u/%u (mode %d, active %d) lost the env: %d", c->name,
					 n, total, cut, active, ret);
			assert_int_equal(ret, -EBADMSG);
			lost++;
		}
		/* whatever the cut left, the next save works */
		assert_int_equal(env_flash_save(loc, env_mid, sizeof(env_mid) - 1, &info), 0);
		assert_int_equal(LOAD_IS(loc, env_mid, &info), 0);
		assert_int_equal(fl.violations, 0);
	}
	assert_int_equal(got_new + got_old + lost, total);
	if (loc->redundant)
		assert_int_equal(lost, 0);
	(void)got_old;
	(void)got_new;
}

// clang-format off
static const struct pc_case pc_cases[] = {
	{ "nor single", false, 4096, { .offset = 0x2000, .size = 0x2000 }, -1 },
	{ "nor single shared", false, 4096, { .offset = 0x3400, .size = 0x1400 }, -1 },
	{ "nor redundant", false, 4096,
	  { .offset = 0x2000, .offset_redund = 0x4000, .size = 0x2000, .redundant = true }, -1 },
	{ "nor redundant shared", false, 4096,
	  { .offset = 0x2800, .offset_redund = 0x5800, .size = 0x1800, .redundant = true }, -1 },
	{ "nor redundant counter", false, 4096,
	  { .offset = 0, .offset_redund = 0x2000, .size = 0x2000, .redundant = true,
	    .scheme = ENV_FLAGS_COUNTER }, -1 },
	{ "nand single", true, 0x4000, { .offset = 0x4000, .size = 0x4000, .range = 0x8000 }, 0x4000 },
	{ "nand redundant", true, 0x4000,
	  { .offset = 0, .offset_redund = 0x10000, .size = 0x8000, .range = 0xc000,
	    .redundant = true }, 0x14000 },
	{ "nand redundant small", true, 0x4000,
	  { .offset = 0x20000, .offset_redund = 0x24000, .size = 0x2000, .redundant = true }, -1 },
};
// clang-format on

static void test_power_cut(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(pc_cases); i++) {
		struct pc_case c = pc_cases[i];

		c.loc.mtd = &fl.mtd;
		for (int active = 0; active < (c.loc.redundant ? 2 : 1); active++)
			for (int cut = MTD_FAULT_CUT_HALF; cut <= MTD_FAULT_CUT_SCATTER; cut++)
				pc_run(&c, active, cut);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_image_matches_mkenvimage),
		cmocka_unit_test(test_image_terminators),
		cmocka_unit_test(test_choose_rules),
		cmocka_unit_test(test_nor_single_roundtrip),
		cmocka_unit_test(test_save_lifts_protection),
		cmocka_unit_test(test_nor_shared_sector),
		cmocka_unit_test(test_nor_multi_sector_env),
		cmocka_unit_test(test_redundant_one_bad),
		cmocka_unit_test(test_redundant_flags_first),
		cmocka_unit_test(test_counter_wrap),
		cmocka_unit_test(test_nand_bad_block),
		cmocka_unit_test(test_location_checks),
		cmocka_unit_test(test_partition),
		cmocka_unit_test(test_power_cut),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

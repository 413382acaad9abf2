/* Host tests for the NOR probe: every chip model must come out with its real layout, geometry and time-outs. */
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include "test_cfi_rig.h"

struct region_exp {
	uint32_t erasesize, numblocks;
};

struct probe_case {
	const struct cfi_model_params *model;
	unsigned int bankwidth;
	uint64_t size;
	unsigned int interleave, chipwidth, chiptype;
	uint16_t cmdset;
	bool cfi;
	uint32_t wbufsize;
	uint32_t manuf, device;
	uint32_t unlock1; /* AMD only */
	const char *part;
	unsigned int nregions;
	struct region_exp regions[4];
};

// clang-format off
static const struct probe_case cases[] = {
	{ &cfi_model_28f128j3_x16, 2, 16 * M, 1, 2, 2, 0x0001, true, 32, 0x89, 0x18, 0, "28F128J3",
	  1, { { 128 * K, 128 } } },
	{ &cfi_model_28f640j3_2x16, 4, 16 * M, 2, 2, 2, 0x0001, true, 64, 0x89, 0x17, 0, "28F640J3",
	  1, { { 256 * K, 64 } } },
	{ &cfi_model_28f128j3_x8, 1, 16 * M, 1, 1, 2, 0x0001, true, 32, 0x89, 0x18, 0, "28F128J3",
	  1, { { 128 * K, 128 } } },
	{ &cfi_model_am29lv040b_x8, 1, 512 * K, 1, 1, 1, 0x0002, true, 0, 0x01, 0x4f, 0x555, NULL,
	  1, { { 64 * K, 8 } } },
	{ &cfi_model_am29lv160db, 2, 2 * M, 1, 2, 2, 0x0002, true, 0, 0x01, 0x2249, 0x555,
	  "Am29LV160DB", 4, { { 16 * K, 1 }, { 8 * K, 2 }, { 32 * K, 1 }, { 64 * K, 31 } } },
	{ &cfi_model_am29lv160dt, 2, 2 * M, 1, 2, 2, 0x0002, true, 0, 0x01, 0x22c4, 0x555,
	  "Am29LV160DT", 4, { { 64 * K, 31 }, { 32 * K, 1 }, { 8 * K, 2 }, { 16 * K, 1 } } },
	{ &cfi_model_am29lv160db_x8, 1, 2 * M, 1, 1, 2, 0x0002, true, 0, 0x01, 0x49, 0x555,
	  "Am29LV160DB", 4, { { 16 * K, 1 }, { 8 * K, 2 }, { 32 * K, 1 }, { 64 * K, 31 } } },
	{ &cfi_model_s29gl_wb, 2, 4 * M, 1, 2, 2, 0x0002, true, 32, 0x01, 0x227e, 0x555, NULL,
	  1, { { 64 * K, 64 } } },
	{ &cfi_model_sst39vf1601, 2, 2 * M, 1, 2, 2, 0x0701, true, 0, 0xbf, 0x234b, 0x5555,
	  "SST39VF1601", 1, { { 4 * K, 512 } } },
	{ &cfi_model_am29lv800bb_jedec, 2, 1 * M, 1, 2, 2, 0x0002, false, 0, 0x01, 0x225b, 0x555,
	  "Am29LV800BB", 4, { { 16 * K, 1 }, { 8 * K, 2 }, { 32 * K, 1 }, { 64 * K, 15 } } },
	{ &cfi_model_sst39vf800a_jedec, 2, 1 * M, 1, 2, 2, 0x0002, false, 0, 0xbf, 0x2781, 0x5555,
	  "SST39VF800A", 1, { { 4 * K, 256 } } },
	/* QEMU packs id0 << 8 | id1 into the first ID word (unpacked by the probe), one x32 device */
	{ &cfi_model_qemu_versatile, 4, 64 * M, 1, 4, 4, 0x0001, true, 2048, 0x89, 0x18, 0, NULL,
	  1, { { 256 * K, 256 } } },
};
// clang-format on

static void check_case(const struct probe_case *c)
{
	uint64_t ofs = 0;
	unsigned int i;

	rig_model(c->model);
	print_message("probing %s\n", c->model->name);
	assert_int_equal(cfi_probe(&flash, BASE, c->bankwidth, 64 * M), 0);
	assert_int_equal(flash.size, c->size);
	assert_int_equal(flash.interleave, c->interleave);
	assert_int_equal(flash.chipwidth, c->chipwidth);
	assert_int_equal(flash.chiptype, c->chiptype);
	assert_int_equal(flash.cmdset, c->cmdset);
	assert_int_equal(flash.cfi, c->cfi);
	assert_int_equal(flash.wbufsize, c->wbufsize);
	assert_int_equal(flash.manuf_id, c->manuf);
	assert_int_equal(flash.device_id, c->device);
	if (c->unlock1)
		assert_int_equal(flash.unlock1, c->unlock1);
	if (c->part)
		assert_string_equal(flash.part, c->part);
	else
		assert_null(flash.part);
	assert_int_equal(flash.nregions, c->nregions);
	for (i = 0; i < c->nregions; i++) {
		assert_int_equal(flash.regions[i].offset, ofs);
		assert_int_equal(flash.regions[i].erasesize, c->regions[i].erasesize);
		assert_int_equal(flash.regions[i].numblocks, c->regions[i].numblocks);
		ofs += (uint64_t)c->regions[i].erasesize * c->regions[i].numblocks;
	}
	assert_int_equal(ofs, c->size);
	/* the probe leaves every chip readable and never writes outside the bus rules */
	assert_true(cfi_model_in_read_array(model));
	assert_int_equal(model->bad_writes, 0);
	assert_int_equal(model->programs + model->erases + model->buffers, 0);
	rig_free();
}

static void test_probe_all_models(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		check_case(&cases[i]);
}

static uint8_t ram[256 * 1024];

static uint32_t ram_read(void *ctx, uintptr_t off, int width)
{
	uint32_t v = 0;
	(void)ctx;
	for (int i = 0; i < width; i++)
		v |= (uint32_t)ram[off + i] << (8 * i);
	return v;
}

static void ram_write(void *ctx, uintptr_t off, uint32_t val, int width)
{
	(void)ctx;
	for (int i = 0; i < width; i++)
		ram[off + i] = (uint8_t)(val >> (8 * i));
}

static void test_probe_nothing(void **state)
{
	// clang-format off
	struct sim_region r = { .base = BASE, .size = sizeof(ram), .read = ram_read,
				.write = ram_write };
	// clang-format on
	(void)state;

	/* plain memory answers every command with what was written: no QRY, no ID */
	memset(ram, 0, sizeof(ram));
	sim_bus_add(&r);
	assert_int_equal(cfi_probe(&flash, BASE, 2, sizeof(ram)), -ENODEV);
	assert_int_equal(cfi_probe(&flash, BASE, 4, sizeof(ram)), -ENODEV);
	assert_int_equal(cfi_probe(&flash, BASE, 3, 0), -EINVAL);
}

static void test_probe_limits(void **state)
{
	(void)state;
	model = cfi_model_create(BASE, &cfi_model_28f128j3_x16);
	/* a 16 MiB chip does not fit a 8 MiB window */
	assert_int_equal(cfi_probe(&flash, BASE, 2, 8 * M), -ENODEV);
	assert_true(cfi_model_in_read_array(model));
	assert_int_equal(cfi_probe(&flash, BASE, 2, 16 * M), 0);
	/* the wrong bus width finds nothing consistent */
	assert_int_equal(cfi_probe(&flash, BASE, 4, 0), -ENODEV);
	assert_true(cfi_model_in_read_array(model));
}

/*
 * QEMU's pflash read as two x16 chips would claim 128 MiB with 512 KiB
 * blocks; the lane check alone must settle on the x32 reading, with or
 * without a size limit.
 */
static void test_probe_qemu_without_limit(void **state)
{
	(void)state;
	model = cfi_model_create(BASE, &cfi_model_qemu_versatile);
	assert_int_equal(cfi_probe(&flash, BASE, 4, 0), 0);
	assert_int_equal(flash.size, 64 * M);
	assert_int_equal(flash.interleave, 1);
	assert_int_equal(flash.chipwidth, 4);
	assert_int_equal(flash.regions[0].erasesize, 256 * K);
	assert_int_equal(flash.wbufsize, 2048);
	/* a window smaller than the device rules the device out */
	assert_int_equal(cfi_probe(&flash, BASE, 4, 32 * M), -ENODEV);
}

static void test_timeouts(void **state)
{
	(void)state;
	/* QEMU: typ 2^7 us word/buffer, x2^4 max; 2^10 ms erase x2^4; no chip erase */
	model = cfi_model_create(BASE, &cfi_model_qemu_versatile);
	assert_int_equal(cfi_probe(&flash, BASE, 4, 64 * M), 0);
	assert_int_equal(flash.t_word_us.typ, 128);
	assert_int_equal(flash.t_word_us.max, 2048);
	assert_int_equal(flash.t_buf_us.max, 2048);
	assert_int_equal(flash.t_erase_ms.typ, 1024);
	assert_int_equal(flash.t_erase_ms.max, 16384);
	assert_int_equal(flash.t_chip_ms.typ, 0);
	assert_int_equal(flash.tmo_word_us, 2048);
	assert_int_equal(flash.tmo_buf_us, 2048);
	assert_int_equal(flash.tmo_erase_us, 16384000ull);
	assert_int_equal(flash.tmo_chip_us, 256ull * 16384000ull);

	/* Am29LV160D: word max 2^4 * 2^5 = 512 us, below the 1 ms floor */
	rig_model(&cfi_model_am29lv160db);
	assert_int_equal(cfi_probe(&flash, BASE, 2, 0), 0);
	assert_int_equal(flash.t_word_us.max, 512);
	assert_int_equal(flash.tmo_word_us, 1000);
	assert_int_equal(flash.tmo_erase_us, 16384000ull);
	/* no buffer time: buffer time-out from word programs, floor 2 ms */
	assert_int_equal(flash.tmo_buf_us, 2000);

	/* SST39VF1601: 16/32 us word, 16/32 ms erase, 64/128 ms chip: all floors */
	rig_model(&cfi_model_sst39vf1601);
	assert_int_equal(cfi_probe(&flash, BASE, 2, 0), 0);
	assert_int_equal(flash.t_word_us.typ, 16);
	assert_int_equal(flash.t_word_us.max, 32);
	assert_int_equal(flash.t_erase_ms.max, 32);
	assert_int_equal(flash.t_chip_ms.typ, 64);
	assert_int_equal(flash.t_chip_ms.max, 128);
	assert_int_equal(flash.tmo_word_us, 1000);
	assert_int_equal(flash.tmo_erase_us, 1000000);
	assert_int_equal(flash.tmo_chip_us, 10000000);

	/* S29GL-like: buffer 2^7 us typ, x2^4 */
	rig_model(&cfi_model_s29gl_wb);
	assert_int_equal(cfi_probe(&flash, BASE, 2, 0), 0);
	assert_int_equal(flash.tmo_buf_us, 2048);
	assert_int_equal(flash.tmo_erase_us, 8192000ull);
}

static void test_info_and_mtd(void **state)
{
	struct cfi_info info;
	struct mtd_info *mtd, *part;
	(void)state;

	model = cfi_model_create(BASE, &cfi_model_sst39vf1601);
	assert_int_equal(cfi_probe(&flash, BASE, 2, 2 * M), 0);
	cfi_get_info(&flash, &info);
	assert_string_equal(info.manufacturer, "SST");
	assert_string_equal(info.method, "CFI");
	assert_string_equal(info.cmdset_name, "SST (AMD compatible)");
	assert_string_equal(info.part, "SST39VF1601");
	assert_int_equal(info.bankwidth, 2);
	assert_int_equal(info.nregions, 1);
	assert_int_equal(info.regions[0].erasesize, 4 * K);

	assert_int_equal(cfi_register_mtd(&flash, "nor0"), 0);
	mtd = mtd_find("nor0");
	assert_ptr_equal(mtd, &flash.mtd);
	assert_int_equal(mtd->type, MTD_NORFLASH);
	assert_int_equal(mtd->writesize, 1);
	assert_int_equal(mtd->erasesize, 4 * K);
	assert_int_equal(mtd->size, 2 * M);
	assert_int_equal(mtd->mapped, BASE);
	assert_ptr_equal(cfi_from_mtd(mtd), &flash);
	part = mtd_add_partition(mtd, "env", 64 * K, 8 * K, 0);
	assert_non_null(part);
	assert_ptr_equal(cfi_from_mtd(part), &flash);
	assert_int_equal(cfi_register_mtd(&flash, "nor1"), -EBUSY); /* already registered */
	mtd_del_partitions(mtd);
}

static void test_info_bottom_boot_mtd_regions(void **state)
{
	struct mtd_info *mtd;
	(void)state;

	model = cfi_model_create(BASE, &cfi_model_am29lv160db);
	assert_int_equal(cfi_probe(&flash, BASE, 2, 2 * M), 0);
	assert_int_equal(cfi_register_mtd(&flash, "nor0"), 0);
	mtd = &flash.mtd;
	assert_int_equal(mtd->erasesize, 64 * K);
	assert_int_equal(mtd->numeraseregions, 4);
	assert_int_equal(mtd_erasesize_at(mtd, 0), 16 * K);
	assert_int_equal(mtd_erasesize_at(mtd, 16 * K), 8 * K);
	assert_int_equal(mtd_erasesize_at(mtd, 40 * K), 32 * K);
	assert_int_equal(mtd_erasesize_at(mtd, 64 * K), 64 * K);
	assert_true(mtd_is_erase_aligned(mtd, 24 * K));
	assert_false(mtd_is_erase_aligned(mtd, 36 * K));
}

int main(void)
{
	// clang-format off
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_probe_all_models, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(test_probe_nothing, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(test_probe_limits, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(test_probe_qemu_without_limit, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(test_timeouts, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(test_info_and_mtd, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(test_info_bottom_boot_mtd_regions, rig_setup, rig_teardown),
	};
	// clang-format on
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Host tests: the real NAND core + S3C2440 driver against the chip and controller models. */
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include "test_nand_rig.h"
#include "../../drivers/flash/nand_core.h" /* nand_read_status(): the WP pin as the chip reports it */

#define PSZ 2048
#define OSZ 64
#define BLK (64 * PSZ)

static int setup_k9f1g08(void **state)
{
	(void)state;
	rig_models(&nand_model_k9f1g08, MINI2440_HCLK);
	return 0;
}

static int teardown(void **state)
{
	return rig_teardown(state);
}

static void test_decode_ids(void **state)
{
	static const struct {
		uint8_t id[5];
		uint32_t page, oob, block, mib, rows;
	} t[] = {
		{ { 0xec, 0x76, 0x5a, 0x3f, 0x74 }, 512, 16, 16384, 64, 3 },
		{ { 0xec, 0xf1, 0x00, 0x95, 0x40 }, 2048, 64, 131072, 128, 2 },
		{ { 0xec, 0xda, 0x10, 0x95, 0x44 }, 2048, 64, 131072, 256, 3 },
		{ { 0xec, 0xd3, 0x51, 0x95, 0x58 }, 2048, 64, 131072, 1024, 3 },
		/* extended byte 0xa6: 4 KiB pages, 16 B/512 spare, 256 KiB blocks */
		{ { 0xec, 0xd3, 0x00, 0x26, 0x00 }, 4096, 128, 262144, 1024, 3 },
	};
	struct nand_geometry g;
	unsigned int i;
	(void)state;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		assert_int_equal(nand_decode_id(t[i].id, 5, &g), 0);
		assert_int_equal(g.pagesize, t[i].page);
		assert_int_equal(g.oobsize, t[i].oob);
		assert_int_equal(g.erasesize, t[i].block);
		assert_true(g.chipsize == (uint64_t)t[i].mib << 20);
		assert_int_equal(g.row_cycles, t[i].rows);
		assert_int_equal(g.buswidth, 8);
		assert_int_equal(g.badblockpos, t[i].page == 512 ? 5 : 0);
		assert_int_equal(g.ext_id, t[i].page != 512);
	}
	{
		// clang-format off
		uint8_t x16[5] = { 0xec, 0xf1, 0x00, 0xd5, 0x40 }, none[5] = { 0xff, 0xff, 0xff, 0xff, 0xff };
		// clang-format on

		assert_int_equal(nand_decode_id(x16, 5, &g), 0);
		assert_int_equal(g.buswidth, 16);
		assert_int_equal(nand_decode_id(none, 5, &g), -ENODEV);
	}
}

static void test_scan_each_chip(void **state)
{
	const struct nand_model_cfg *cfgs[] = { &nand_model_k9f1208, &nand_model_k9f1g08,
						&nand_model_k9f2g08, &nand_model_k9k8g08 };
	unsigned int i;
	(void)state;

	for (i = 0; i < ARRAY_SIZE(cfgs); i++) {
		const struct nand_model_cfg *c = cfgs[i];
		struct mtd_info *mtd;

		rig_models(c, MINI2440_HCLK);
		assert_int_equal(rig_attach(), 0);
		mtd = rig_mtd();
		assert_ptr_equal(mtd_find("nand0"), mtd);
		assert_int_equal(mtd->type, MTD_NANDFLASH);
		assert_int_equal(mtd->writesize, c->pagesize);
		assert_int_equal(mtd->oobsize, c->oobsize);
		assert_int_equal(mtd->erasesize, c->pagesize * c->pages_per_block);
		assert_true(mtd->size == (uint64_t)c->pagesize * c->pages_per_block * c->nblocks);
		assert_int_equal(mtd->oobavail, c->pagesize == 512 ? 8 : 38);
		rig_check_clean();
		rig_free();
	}
}

static void test_timing_programmed(void **state)
{
	(void)state;
	/* derived: K9F1G08 at 101.25 MHz -> TACLS 0, TWRPH0 1, TWRPH1 1 (see test_nand_timing) */
	assert_int_equal(rig_attach(), 0);
	assert_int_equal(rig.nfc.nfconf & 0x7770, 0x0110);
	rig_detach();
	/* mini2440 platform data: Linux gives 0x0210 */
	rig.pd.fixed_timing = true;
	rig.pd.tacls_ns = 0;
	rig.pd.twrph0_ns = 25;
	rig.pd.twrph1_ns = 15;
	assert_int_equal(rig_attach(), 0);
	assert_int_equal(rig.nfc.nfconf & 0x7770, 0x0210);
}

static void test_too_fast_fixed_timing_is_caught(void **state)
{
	(void)state;
	/* 5 ns strobes at 101.25 MHz: one HCLK (9.9 ns) < tWP 12 ns -> model complains */
	rig.pd.fixed_timing = true;
	rig.pd.twrph0_ns = 5;
	rig.pd.twrph1_ns = 5;
	assert_int_equal(rig_attach(), 0);
	{
		uint8_t buf[PSZ];

		mtd_read(rig_mtd(), 0, PSZ, buf);
	}
	assert_true(rig.nfc.violations > 0);
	rig.nfc.violations = 0; /* expected here */
	rig.nfc.first_violation[0] = 0;
}

static void test_roundtrip_swecc(void **state)
{
	uint8_t w[2 * PSZ], r[2 * PSZ], ecc[3];
	struct mtd_info *mtd;
	const uint8_t *raw;
	unsigned int s;
	(void)state;

	assert_int_equal(rig_attach(), 0);
	mtd = rig_mtd();
	rig_pattern(w, sizeof(w), 1);
	assert_int_equal(mtd_erase(mtd, 5 * BLK, BLK), 0);
	assert_int_equal(mtd_write(mtd, 5 * BLK + PSZ, sizeof(w), w), 0);
	assert_int_equal(mtd_read(mtd, 5 * BLK + PSZ, sizeof(w), r), 0);
	assert_memory_equal(r, w, sizeof(w));
	/* unaligned read across the page boundary */
	assert_int_equal(mtd_read(mtd, 5 * BLK + PSZ + 1000, 2000, r), 0);
	assert_memory_equal(r, w + 1000, 2000);

	/* on the chip: Linux's layout, ECC of each 256-byte step at OOB 40 + 3 * step */
	raw = nand_model_page(&rig.chip, 5 * 64 + 1);
	assert_memory_equal(raw, w, PSZ);
	for (s = 0; s < 8; s++) {
		nand_hamming_calc(w + 256 * s, 256, ecc);
		assert_memory_equal(raw + PSZ + 40 + 3 * s, ecc, 3);
	}
	for (s = 0; s < 40; s++)
		assert_int_equal(raw[PSZ + s], 0xff); /* marker and free bytes untouched */
}

static void test_erased_page_reads_clean(void **state)
{
	uint8_t r[PSZ];
	unsigned int i;
	(void)state;

	assert_int_equal(rig_attach(), 0);
	assert_int_equal(mtd_read(rig_mtd(), 9 * BLK, PSZ, r), 0);
	for (i = 0; i < PSZ; i++)
		assert_int_equal(r[i], 0xff);
	/* and one stuck bit in an erased page is a correctable flip, not an error */
	nand_model_inject_flip(&rig.chip, 9 * 64, 77, 3);
	assert_int_equal(mtd_read(rig_mtd(), 9 * BLK, PSZ, r), -EUCLEAN);
	assert_int_equal(r[77], 0xff);
}

static void test_bitflips(void **state)
{
	uint8_t w[PSZ], r[PSZ];
	struct mtd_info *mtd;
	(void)state;

	assert_int_equal(rig_attach(), 0);
	mtd = rig_mtd();
	rig_pattern(w, sizeof(w), 2);
	assert_int_equal(mtd_write(mtd, 3 * BLK, PSZ, w), 0);

	nand_model_inject_flip(&rig.chip, 3 * 64, 300, 6);      /* data, step 1 */
	nand_model_inject_flip(&rig.chip, 3 * 64, PSZ + 50, 1); /* ECC byte of step 3 */
	assert_int_equal(mtd_read(mtd, 3 * BLK, PSZ, r), -EUCLEAN);
	assert_memory_equal(r, w, PSZ);
	assert_int_equal(mtd->ecc_stats.corrected, 2);
	assert_int_equal(mtd->ecc_stats.failed, 0);

	nand_model_inject_flip(&rig.chip, 3 * 64, 301, 0); /* second flip in step 1 */
	assert_int_equal(mtd_read(mtd, 3 * BLK, PSZ, r), -EBADMSG);
	assert_int_equal(mtd->ecc_stats.failed, 1);
}

static void test_program_and_erase_fail(void **state)
{
	uint8_t w[PSZ];
	struct mtd_info *mtd;
	(void)state;

	assert_int_equal(rig_attach(), 0);
	mtd = rig_mtd();
	rig_pattern(w, sizeof(w), 3);
	nand_model_fail_program(&rig.chip, 4 * 64 + 2);
	nand_model_fail_erase(&rig.chip, 6);
	assert_int_equal(mtd_write(mtd, 4 * BLK + 2 * PSZ, PSZ, w), -EIO);
	assert_int_equal(mtd_write(mtd, 4 * BLK + 3 * PSZ, PSZ, w), 0);
	assert_int_equal(mtd_erase(mtd, 6 * BLK, BLK), -EIO);
	assert_int_equal(mtd_erase(mtd, 7 * BLK, BLK), 0);
}

static void test_write_protect(void **state)
{
	uint8_t w[PSZ];
	(void)state;

	assert_int_equal(rig_attach(), 0);
	memset(w, 0, sizeof(w));
	rig.chip.wp = true;
	assert_int_equal(mtd_write(rig_mtd(), 0, PSZ, w), -EROFS);
	assert_int_equal(mtd_erase(rig_mtd(), 0, BLK), -EROFS);
	assert_true(!(nand_read_status(&rig.drv.chip) & NAND_STATUS_WP));
	rig.chip.wp = false;
	assert_true(nand_read_status(&rig.drv.chip) & NAND_STATUS_WP);
}

static void test_never_ready(void **state)
{
	uint8_t r[PSZ];
	(void)state;

	assert_int_equal(rig_attach(), 0);
	rig.chip.never_ready = true;
	assert_int_equal(mtd_read(rig_mtd(), 0, PSZ, r), -ETIMEDOUT);
	rig_detach();
	/* a chip that never answers the first RESET is not attached */
	rig.chip.busy_until = 0;
	assert_int_equal(rig_attach(), -ETIMEDOUT);
	assert_null(mtd_find("nand0"));
}

static void test_power_cut_program(void **state)
{
	uint8_t a[PSZ], b[PSZ], c[PSZ], r[PSZ];
	struct mtd_info *mtd;
	int ret;
	(void)state;

	assert_int_equal(rig_attach(), 0);
	mtd = rig_mtd();
	rig_pattern(a, PSZ, 10);
	rig_pattern(b, PSZ, 11);
	rig_pattern(c, PSZ, 12);
	assert_int_equal(mtd_write(mtd, 8 * BLK + 0 * PSZ, PSZ, a), 0);
	assert_int_equal(mtd_write(mtd, 8 * BLK + 2 * PSZ, PSZ, c), 0);
	nand_model_power_cut(&rig.chip, NM_OP_PROGRAM, 700);
	assert_int_equal(mtd_write(mtd, 8 * BLK + 1 * PSZ, PSZ, b), -ETIMEDOUT);
	rig_detach();

	nand_model_power_up(&rig.chip);
	assert_int_equal(rig_attach(), 0);
	mtd = rig_mtd();
	assert_int_equal(mtd_read(mtd, 8 * BLK, PSZ, r), 0);
	assert_memory_equal(r, a, PSZ);
	assert_int_equal(mtd_read(mtd, 8 * BLK + 2 * PSZ, PSZ, r), 0);
	assert_memory_equal(r, c, PSZ);
	/* the cut page: first 700 bytes there, the rest still erased, ECC never
	 * written, so an ECC read must not pass silently (Hamming may "correct"
	 * a wrong bit or give up) */
	ret = mtd_read(mtd, 8 * BLK + PSZ, PSZ, r);
	assert_true(ret == -EBADMSG || ret == -EUCLEAN);
	{
		struct mtd_oob_ops ops = { .mode = MTD_OPS_RAW, .datbuf = r, .len = PSZ };

		assert_int_equal(mtd_read_oob(mtd, 8 * BLK + PSZ, &ops), 0);
	}
	assert_memory_equal(r, b, 700);
	for (unsigned int i = 700; i < PSZ; i++)
		assert_int_equal(r[i], 0xff);
	/* the page cannot be programmed again before an erase: model flags it */
	assert_int_equal(rig.chip.double_programs, 0);
}

static void test_power_cut_erase(void **state)
{
	uint8_t a[PSZ], r[PSZ];
	struct mtd_info *mtd;
	unsigned int p;
	(void)state;

	assert_int_equal(rig_attach(), 0);
	mtd = rig_mtd();
	rig_pattern(a, PSZ, 20);
	for (p = 0; p < 64; p += 8)
		assert_int_equal(mtd_write(mtd, 10 * BLK + p * PSZ, PSZ, a), 0);
	assert_int_equal(mtd_write(mtd, 11 * BLK, PSZ, a), 0);
	nand_model_power_cut(&rig.chip, NM_OP_ERASE, 20);
	assert_int_equal(mtd_erase(mtd, 10 * BLK, BLK), -ETIMEDOUT);
	rig_detach();
	nand_model_power_up(&rig.chip);
	assert_int_equal(rig_attach(), 0);
	mtd = rig_mtd();
	assert_int_equal(mtd_read(mtd, 10 * BLK, PSZ, r), 0); /* erased part */
	assert_int_equal(r[0], 0xff);
	assert_int_equal(mtd_read(mtd, 10 * BLK + 56 * PSZ, PSZ, r), 0); /* not reached */
	assert_memory_equal(r, a, PSZ);
	assert_int_equal(mtd_read(mtd, 11 * BLK, PSZ, r), 0); /* neighbour block */
	assert_memory_equal(r, a, PSZ);
}

static void test_oob_modes(void **state)
{
	uint8_t w[PSZ], r[PSZ], oob[OSZ], back[OSZ];
	struct mtd_oob_ops ops;
	struct mtd_info *mtd;
	const uint8_t *raw;
	unsigned int i;
	(void)state;

	assert_int_equal(rig_attach(), 0);
	mtd = rig_mtd();
	rig_pattern(w, PSZ, 30);
	for (i = 0; i < OSZ; i++)
		oob[i] = (uint8_t)(0x40 + i);

	/* AUTO: 38 free bytes land at OOB 2..39, ECC still at 40.. */
	memset(&ops, 0, sizeof(ops));
	ops.mode = MTD_OPS_AUTO_OOB;
	ops.datbuf = w;
	ops.len = PSZ;
	ops.oobbuf = oob;
	ops.ooblen = 38;
	assert_int_equal(mtd_write_oob(mtd, 12 * BLK, &ops), 0);
	assert_int_equal(ops.retlen, PSZ);
	assert_int_equal(ops.oobretlen, 38);
	raw = nand_model_page(&rig.chip, 12 * 64);
	assert_int_equal(raw[PSZ], 0xff);
	assert_int_equal(raw[PSZ + 1], 0xff);
	assert_memory_equal(raw + PSZ + 2, oob, 38);

	memset(&ops, 0, sizeof(ops));
	ops.mode = MTD_OPS_AUTO_OOB;
	ops.datbuf = r;
	ops.len = PSZ;
	ops.oobbuf = back;
	ops.ooblen = 10;
	ops.ooboffs = 5;
	assert_int_equal(mtd_read_oob(mtd, 12 * BLK, &ops), 0);
	assert_memory_equal(r, w, PSZ);
	assert_memory_equal(back, oob + 5, 10);

	/* PLACE, OOB only: raw placement at ooboffs */
	memset(&ops, 0, sizeof(ops));
	ops.mode = MTD_OPS_PLACE_OOB;
	ops.oobbuf = oob;
	ops.ooblen = 4;
	ops.ooboffs = 8;
	assert_int_equal(mtd_write_oob(mtd, 12 * BLK + PSZ, &ops), 0);
	raw = nand_model_page(&rig.chip, 12 * 64 + 1);
	assert_memory_equal(raw + PSZ + 8, oob, 4);
	assert_int_equal(raw[PSZ + 7], 0xff);

	/* RAW read of the whole OOB gives what the chip holds */
	memset(&ops, 0, sizeof(ops));
	ops.mode = MTD_OPS_RAW;
	ops.oobbuf = back;
	ops.ooblen = OSZ;
	assert_int_equal(mtd_read_oob(mtd, 12 * BLK + PSZ, &ops), 0);
	assert_memory_equal(back, raw + PSZ, OSZ);
}

static void test_hwecc(void **state)
{
	uint8_t w[PSZ], r[PSZ];
	struct mtd_info *mtd;
	const uint8_t *raw;
	uint32_t ecc;
	(void)state;

	rig.pd.ecc_mode = NAND_ECC_HW;
	assert_int_equal(rig_attach(), 0);
	mtd = rig_mtd();
	assert_int_equal(mtd->oobavail, 58);
	rig_pattern(w, PSZ, 40);
	assert_int_equal(mtd_write(mtd, 2 * BLK, PSZ, w), 0);
	raw = nand_model_page(&rig.chip, 2 * 64);
	ecc = s3c2440_nfc_model_mecc(w, PSZ);
	assert_int_equal(raw[PSZ + 60], ecc & 0xff);
	assert_int_equal(raw[PSZ + 61], (ecc >> 8) & 0xff);
	assert_int_equal(raw[PSZ + 62], (ecc >> 16) & 0xff);
	assert_int_equal(raw[PSZ + 63], ecc >> 24);
	assert_int_equal(mtd_read(mtd, 2 * BLK, PSZ, r), 0);
	assert_memory_equal(r, w, PSZ);

	nand_model_inject_flip(&rig.chip, 2 * 64, 1999, 5);
	assert_int_equal(mtd_read(mtd, 2 * BLK, PSZ, r), -EUCLEAN);
	assert_memory_equal(r, w, PSZ);
	nand_model_inject_flip(&rig.chip, 2 * 64, 3, 0);
	assert_int_equal(mtd_read(mtd, 2 * BLK, PSZ, r), -EBADMSG);
	nand_model_clear_flips(&rig.chip);
	nand_model_inject_flip(&rig.chip, 2 * 64, PSZ + 62, 4); /* flip in the stored ECC */
	assert_int_equal(mtd_read(mtd, 2 * BLK, PSZ, r), -EUCLEAN);
	assert_memory_equal(r, w, PSZ);
	/* erased page: stored ECC FF FF FF FF is not what the generator gives */
	assert_int_equal(mtd_read(mtd, 3 * BLK, PSZ, r), 0);
	assert_int_equal(r[100], 0xff);
}

static void test_small_page_chip(void **state)
{
	uint8_t w[1024], r[1024], ecc[3];
	struct mtd_info *mtd;
	const uint8_t *raw;
	(void)state;

	rig_models(&nand_model_k9f1208, MINI2440_HCLK);
	nand_model_mark_bad(&rig.chip, 7, 5);
	assert_int_equal(rig_attach(), 0);
	mtd = rig_mtd();
	assert_int_equal(mtd_block_isbad(mtd, 7 * 16384), 1);
	assert_int_equal(mtd_block_isbad(mtd, 6 * 16384), 0);
	rig_pattern(w, sizeof(w), 50);
	assert_int_equal(mtd_write(mtd, 3 * 16384 + 512, sizeof(w), w), 0);
	assert_int_equal(mtd_read(mtd, 3 * 16384 + 512, sizeof(w), r), 0);
	assert_memory_equal(r, w, sizeof(w));
	/* the second half of a page through READ1 (column >= 256) */
	assert_int_equal(mtd_read(mtd, 3 * 16384 + 512 + 300, 100, r), 0);
	assert_memory_equal(r, w + 300, 100);
	raw = nand_model_page(&rig.chip, 3 * 32 + 1);
	nand_hamming_calc(w, 256, ecc);
	assert_memory_equal(raw + 512, ecc, 3);
	nand_hamming_calc(w + 256, 256, ecc);
	assert_int_equal(raw[512 + 3], ecc[0]);
	assert_int_equal(raw[512 + 6], ecc[1]);
	assert_int_equal(raw[512 + 7], ecc[2]);
	assert_int_equal(raw[512 + 5], 0xff);
	nand_model_inject_flip(&rig.chip, 3 * 32 + 1, 400, 2);
	assert_int_equal(mtd_read(mtd, 3 * 16384 + 512, 512, r), -EUCLEAN);
	assert_memory_equal(r, w, 512);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup_k9f1g08, teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_ids),
		cmocka_unit_test(test_scan_each_chip),
		T(test_timing_programmed),
		T(test_too_fast_fixed_timing_is_caught),
		T(test_roundtrip_swecc),
		T(test_erased_page_reads_clean),
		T(test_bitflips),
		T(test_program_and_erase_fail),
		T(test_write_protect),
		T(test_never_ready),
		T(test_power_cut_program),
		T(test_power_cut_erase),
		T(test_oob_modes),
		T(test_hwecc),
		T(test_small_page_chip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

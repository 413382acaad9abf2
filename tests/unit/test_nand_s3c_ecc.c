/* Host tests: NAND_ECC_S3C_LINUX (Linux's mini2440 hardware ECC) against a reference from the datasheet, driver vs controller model. */
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include "test_nand_rig.h"

#define PSZ 2048
#define BLK (64 * PSZ)

/*
 * The reference, written from the facts rather than from nand_ecc.c:
 * S3C2440 datasheet "ECC parity code assignment table" (x8 main ECC):
 *   byte 0: P64 P64' P32 P32' P16 P16' P8 P8'
 *   byte 1: P1024 P1024' P512 P512' P256 P256' P128 P128'
 *   byte 2: P4 P4' P2 P2' P1 P1' P2048 P2048'
 * P(8 << a) is the parity of every data bit whose byte index has bit a set,
 * P(8 << a)' of those where it is clear; P1/P2/P4 the same for bits 0/1/2 of
 * the bit index. Parities stored inverted (erased data -> FF FF FF). Linux
 * (s3c2440_nand_calculate_ecc) keeps NFMECC0 bytes 0, 1, 2 in that order.
 * Computed one data bit at a time.
 */
static void ref_s3c(const uint8_t *d, unsigned int step, uint8_t out[3])
{
	unsigned int line[9][2] = { { 0 } }, col[3][2] = { { 0 } };
	unsigned int i, j, a;

	for (i = 0; i < step; i++)
		for (j = 0; j < 8; j++) {
			if (!((d[i] >> j) & 1))
				continue;
			for (a = 0; a < 9; a++)
				line[a][(i >> a) & 1] ^= 1;
			for (a = 0; a < 3; a++)
				col[a][(j >> a) & 1] ^= 1;
		}
#define PAIR(x) (((x)[1] << 1) | (x)[0])
	out[0] = (uint8_t) ~(PAIR(line[3]) << 6 | PAIR(line[2]) << 4 | PAIR(line[1]) << 2 |
			     PAIR(line[0]));
	out[1] = (uint8_t) ~(PAIR(line[7]) << 6 | PAIR(line[6]) << 4 | PAIR(line[5]) << 2 |
			     PAIR(line[4]));
	out[2] = (uint8_t) ~(PAIR(col[2]) << 6 | PAIR(col[1]) << 4 | PAIR(col[0]) << 2 | PAIR(line[8]));
#undef PAIR
}

static void check_vector(const uint8_t *d, unsigned int step, uint8_t e0, uint8_t e1, uint8_t e2)
{
	uint8_t got[3], ref[3];

	nand_s3c_ecc_calc(d, step, got);
	ref_s3c(d, step, ref);
	assert_memory_equal(ref, got, 3);
	assert_int_equal(got[0], e0);
	assert_int_equal(got[1], e1);
	assert_int_equal(got[2], e2);
}

/* Worked by hand from the table (see docs/nand.md); the software Hamming of the
 * same 256 bytes is given for comparison. */
static void test_known_vectors(void **state)
{
	uint8_t d[512];
	(void)state;

	memset(d, 0xff, sizeof(d));
	check_vector(d, 256, 0xff, 0xff, 0xff); /* erased */
	check_vector(d, 512, 0xff, 0xff, 0xff);
	memset(d, 0, sizeof(d));
	check_vector(d, 256, 0xff, 0xff, 0xff);
	/* one bit at byte 0 bit 0: every pair "P' = 1" -> 01010101 -> AA; soft: AA AA AB */
	d[0] = 0x01;
	check_vector(d, 256, 0xaa, 0xaa, 0xaa);
	d[0] = 0;
	/* byte 255 bit 7: byte-address bits 0-7 and bit-address set, bit 8 clear:
	 * 0xAA, 0xAA, 10101001 -> inverted 55 55 56; soft: 55 55 57 */
	d[255] = 0x80;
	check_vector(d, 256, 0x55, 0x55, 0x56);
	d[255] = 0;
	/* byte 0x12 bit 5: address 0001 0010 / 101 -> 59 56 99 inverted; soft: A9 A6 67 */
	d[0x12] = 0x20;
	check_vector(d, 256, 0xa6, 0xa9, 0x66);
	d[0x12] = 0;
	/* 512-byte step (small pages): byte 0x100 bit 0 sets P2048 -> 01010110 inverted */
	d[0x100] = 0x01;
	check_vector(d, 512, 0xaa, 0xaa, 0xa9);
}

static void test_matches_reference(void **state)
{
	uint8_t d[512], got[3], ref[3];
	unsigned int seed, step;
	(void)state;

	for (seed = 1; seed <= 200; seed++)
		for (step = 256; step <= 512; step += 256) {
			rig_pattern(d, step, seed);
			if (seed % 7 == 0)
				memset(d + seed % step, 0xff, step - seed % step); /* partly erased */
			nand_s3c_ecc_calc(d, step, got);
			ref_s3c(d, step, ref);
			assert_memory_equal(ref, got, 3);
		}
}

/* Bytes 0 and 1 are the software Hamming's 1 and 0; byte 2 shares the column bits. */
static void test_relation_to_soft_hamming(void **state)
{
	uint8_t d[512], s3c[3], soft[3];
	unsigned int seed;
	(void)state;

	for (seed = 1; seed <= 50; seed++) {
		rig_pattern(d, 512, seed);
		nand_s3c_ecc_calc(d, 256, s3c);
		nand_hamming_calc(d, 256, soft);
		assert_int_equal(s3c[0], soft[1]);
		assert_int_equal(s3c[1], soft[0]);
		assert_int_equal(s3c[2] & 0xfc, soft[2] & 0xfc);
		nand_s3c_ecc_calc(d, 512, s3c);
		nand_hamming_calc(d, 512, soft);
		assert_int_equal(s3c[0], soft[1]);
		assert_int_equal(s3c[1], soft[0]);
		assert_int_equal(s3c[2], soft[2]);
	}
}

static void test_single_bit_data(void **state)
{
	uint8_t d[512], w[512], good[3], bad[3];
	unsigned int step, i, b;
	(void)state;

	for (step = 256; step <= 512; step += 256) {
		rig_pattern(d, step, step);
		nand_s3c_ecc_calc(d, step, good);
		for (i = 0; i < step; i++)
			for (b = 0; b < 8; b++) {
				memcpy(w, d, step);
				w[i] ^= (uint8_t)(1u << b);
				nand_s3c_ecc_calc(w, step, bad);
				assert_int_equal(nand_s3c_ecc_correct(w, step, good, bad), 1);
				assert_memory_equal(w, d, step);
			}
	}
}

static void test_single_bit_ecc(void **state)
{
	uint8_t d[256], w[256], good[3], stored[3];
	unsigned int k;
	(void)state;

	rig_pattern(d, 256, 99);
	nand_s3c_ecc_calc(d, 256, good);
	for (k = 0; k < 24; k++) {
		memcpy(stored, good, 3);
		stored[k / 8] ^= (uint8_t)(1u << (k % 8));
		memcpy(w, d, 256);
		assert_int_equal(nand_s3c_ecc_correct(w, 256, stored, good), 1);
		assert_memory_equal(w, d, 256);
	}
	assert_int_equal(nand_s3c_ecc_correct(w, 256, good, good), 0);
}

/* Every pair of data-bit errors in a 256-byte step is refused and the data left alone. */
static void test_double_bits_detected(void **state)
{
	static uint8_t syn[2048][3];
	uint8_t d[256], w[256], good[3], calc[3];
	unsigned int i, j, k;
	(void)state;

	rig_pattern(d, 256, 5);
	nand_s3c_ecc_calc(d, 256, good);
	for (i = 0; i < 2048; i++) {
		memcpy(w, d, 256);
		w[i / 8] ^= (uint8_t)(1u << (i % 8));
		nand_s3c_ecc_calc(w, 256, calc);
		for (k = 0; k < 3; k++)
			syn[i][k] = calc[k] ^ good[k];
	}
	for (i = 0; i < 2048; i++)
		for (j = i + 1; j < 2048; j++) {
			for (k = 0; k < 3; k++)
				calc[k] = good[k] ^ syn[i][k] ^ syn[j][k];
			if (nand_s3c_ecc_correct(w, 256, good, calc) != -EBADMSG)
				fail_msg("bits %u and %u not detected", i, j);
		}
	/* the same directly, without relying on linearity, for a sample */
	for (i = 0; i < 2048; i += 37) {
		j = (i * 7 + 11) % 2048;
		if (j == i)
			continue;
		memcpy(w, d, 256);
		w[i / 8] ^= (uint8_t)(1u << (i % 8));
		w[j / 8] ^= (uint8_t)(1u << (j % 8));
		nand_s3c_ecc_calc(w, 256, calc);
		memcpy(d, w, 256);
		assert_int_equal(nand_s3c_ecc_correct(w, 256, good, calc), -EBADMSG);
		assert_memory_equal(w, d, 256);
		rig_pattern(d, 256, 5);
	}
}

static void test_layouts(void **state)
{
	struct nand_ecc_ctrl e;
	(void)state;

	memset(&e, 0, sizeof(e));
	e.mode = NAND_ECC_S3C_LINUX;
	e.steps = 8;
	e.total = 24;
	assert_int_equal(nand_ooblayout_default(&e, 2048, 64), 0);
	assert_int_equal(e.n_eccpos, 1);
	assert_int_equal(e.eccpos[0].offset, 40);
	assert_int_equal(e.eccpos[0].length, 24);
	assert_int_equal(e.freepos[0].offset, 2);
	assert_int_equal(e.freepos[0].length, 38);
	/* Linux's s3c2410_ooblayout_ops on small pages */
	e.steps = 1;
	e.total = 3;
	assert_int_equal(nand_ooblayout_default(&e, 512, 16), 0);
	assert_int_equal(e.eccpos[0].offset, 0);
	assert_int_equal(e.eccpos[0].length, 3);
	assert_int_equal(e.n_freepos, 1);
	assert_int_equal(e.freepos[0].offset, 8);
	assert_int_equal(e.freepos[0].length, 8);
	assert_string_equal(nand_ecc_mode_name(NAND_ECC_S3C_LINUX),
			    "controller per step (Linux s3c2410 layout)");
}

/* ------------------------------------------------------------ driver + controller model */

static int setup_lp(void **state)
{
	(void)state;
	rig_models(&nand_model_k9f1g08, MINI2440_HCLK);
	rig.pd.ecc_mode = NAND_ECC_S3C_LINUX;
	return 0;
}

static int teardown(void **state)
{
	return rig_teardown(state);
}

/*
 * The driver programs the controller as Linux does (InitECC, one step of
 * data, NFMECC0), the model computes NFMECC0 from the bytes that crossed
 * NFDATA, and the stored OOB must equal the reference: model, driver, the
 * software twin and the datasheet agree.
 */
static void test_driver_writes_linux_bytes(void **state)
{
	uint8_t w[PSZ], r[PSZ], ref[3], sw[3];
	struct mtd_info *mtd;
	const uint8_t *raw;
	unsigned int s;
	(void)state;

	assert_int_equal(rig_attach(), 0);
	mtd = rig_mtd();
	assert_int_equal(rig.drv.chip.ecc.mode, NAND_ECC_S3C_LINUX);
	assert_int_equal(rig.drv.chip.ecc.size, 256);
	assert_int_equal(rig.drv.chip.ecc.bytes, 3);
	assert_int_equal(rig.drv.chip.ecc.steps, 8);
	assert_int_equal(mtd->oobavail, 38);
	rig_pattern(w, PSZ, 77);
	assert_int_equal(mtd_write(mtd, 3 * BLK, PSZ, w), 0);
	raw = nand_model_page(&rig.chip, 3 * 64);
	assert_memory_equal(raw, w, PSZ);
	for (s = 0; s < 8; s++) {
		uint32_t m = s3c2440_nfc_model_mecc(w + 256 * s, 256);

		ref_s3c(w + 256 * s, 256, ref);
		nand_s3c_ecc_calc(w + 256 * s, 256, sw);
		assert_memory_equal(raw + PSZ + 40 + 3 * s, ref, 3);
		assert_memory_equal(sw, ref, 3);
		assert_int_equal(m & 0xff, ref[0]);
		assert_int_equal((m >> 8) & 0xff, ref[1]);
		assert_int_equal((m >> 16) & 0xff, ref[2]);
	}
	for (s = 0; s < 40; s++)
		assert_int_equal(raw[PSZ + s], 0xff); /* marker and free bytes untouched */
	assert_int_equal(mtd_read(mtd, 3 * BLK, PSZ, r), 0);
	assert_memory_equal(r, w, PSZ);
	rig_check_clean();
}

static void test_driver_corrects_as_linux(void **state)
{
	uint8_t w[PSZ], r[PSZ];
	struct mtd_info *mtd;
	uint32_t page = 4 * 64 + 9;
	(void)state;

	assert_int_equal(rig_attach(), 0);
	mtd = rig_mtd();
	rig_pattern(w, PSZ, 4242);
	assert_int_equal(mtd_write(mtd, (uint64_t)page * PSZ, PSZ, w), 0);

	/* one bit in each of two steps: both fixed, -EUCLEAN */
	nand_model_inject_flip(&rig.chip, page, 3, 6);
	nand_model_inject_flip(&rig.chip, page, 1800, 0);
	memset(r, 0, sizeof(r));
	assert_int_equal(mtd_read(mtd, (uint64_t)page * PSZ, PSZ, r), -EUCLEAN);
	assert_memory_equal(r, w, PSZ);
	assert_int_equal(mtd->ecc_stats.corrected, 2);
	/* a bit in the stored ECC (OOB 40 + 3 x 5 + 2): data fine, -EUCLEAN */
	nand_model_clear_flips(&rig.chip);
	nand_model_inject_flip(&rig.chip, page, PSZ + 57, 3);
	assert_int_equal(mtd_read(mtd, (uint64_t)page * PSZ, PSZ, r), -EUCLEAN);
	assert_memory_equal(r, w, PSZ);
	/* two bits in one step: -EBADMSG */
	nand_model_clear_flips(&rig.chip);
	nand_model_inject_flip(&rig.chip, page, 600, 1);
	nand_model_inject_flip(&rig.chip, page, 700, 2);
	assert_int_equal(mtd_read(mtd, (uint64_t)page * PSZ, PSZ, r), -EBADMSG);
	nand_model_clear_flips(&rig.chip);
	assert_int_equal(mtd_read(mtd, (uint64_t)page * PSZ, PSZ, r), 0);
	assert_memory_equal(r, w, PSZ);

	/* an erased page reads clean (its ECC FF FF FF is the ECC of FF data),
	 * and a bitflip in it is corrected as in any other page */
	assert_int_equal(mtd_read(mtd, 5 * BLK, PSZ, r), 0);
	memset(w, 0xff, PSZ);
	assert_memory_equal(r, w, PSZ);
	nand_model_inject_flip(&rig.chip, 5 * 64, 1000, 7);
	assert_int_equal(mtd_read(mtd, 5 * BLK, PSZ, r), -EUCLEAN);
	assert_memory_equal(r, w, PSZ);
	nand_model_clear_flips(&rig.chip);
	rig_check_clean();
}

/* Small pages: 512-byte steps, ECC at OOB 0-2 (Linux's s3c2410_ooblayout_ops). */
static void test_driver_small_page(void **state)
{
	uint8_t w[512], r[512], ref[3];
	struct mtd_info *mtd;
	const uint8_t *raw;
	(void)state;

	rig_models(&nand_model_k9f1208, MINI2440_HCLK);
	rig.pd.ecc_mode = NAND_ECC_S3C_LINUX;
	assert_int_equal(rig_attach(), 0);
	mtd = rig_mtd();
	assert_int_equal(rig.drv.chip.ecc.size, 512);
	assert_int_equal(rig.drv.chip.ecc.steps, 1);
	assert_int_equal(mtd->oobavail, 8);
	rig_pattern(w, 512, 12);
	assert_int_equal(mtd_write(mtd, 64 * 512, 512, w), 0);
	raw = nand_model_page(&rig.chip, 64);
	ref_s3c(w, 512, ref);
	assert_memory_equal(raw + 512, ref, 3);
	assert_int_equal(raw[512 + 5], 0xff);
	nand_model_inject_flip(&rig.chip, 64, 300, 4);
	assert_int_equal(mtd_read(mtd, 64 * 512, 512, r), -EUCLEAN);
	assert_memory_equal(r, w, 512);
	nand_model_clear_flips(&rig.chip);
	rig_check_clean();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_vectors),
		cmocka_unit_test(test_matches_reference),
		cmocka_unit_test(test_relation_to_soft_hamming),
		cmocka_unit_test(test_single_bit_data),
		cmocka_unit_test(test_single_bit_ecc),
		cmocka_unit_test(test_double_bits_detected),
		cmocka_unit_test(test_layouts),
		cmocka_unit_test_setup_teardown(test_driver_writes_linux_bytes, setup_lp, teardown),
		cmocka_unit_test_setup_teardown(test_driver_corrects_as_linux, setup_lp, teardown),
		cmocka_unit_test_setup_teardown(test_driver_small_page, setup_lp, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

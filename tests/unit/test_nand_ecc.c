/* Host tests for the software Hamming ECC (against a bit-by-bit reference), erased check and OOB layouts. */
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include "nand.h"

/*
 * Reference straight from the definition: for every address bit of the
 * data bits (byte index bits 0..7 (or 8), bit index bits 0..2) the parity
 * of all bits whose address bit is 1 ("P") and of those where it is 0
 * ("P'"). Linux packs the inverted parities as: byte 1 = byte-address bits
 * 0..3, byte 0 = bits 4..7, each as (P << 1 | P') pairs from bit 0 up;
 * byte 2 = bit-address pairs 0..2 at bits 2..7, then bits 1..0 = 1 (256)
 * or the byte-address-bit-8 pair (512).
 */
static void ref_ecc(const uint8_t *d, unsigned int step, uint8_t out[3])
{
	unsigned int P[9] = { 0 }, Pn[9] = { 0 }, C[3] = { 0 }, Cn[3] = { 0 };
	unsigned int nbits = step == 512 ? 9 : 8, i, j, k;
	uint8_t b[3] = { 0, 0, 0 };

	for (i = 0; i < step; i++) {
		for (j = 0; j < 8; j++) {
			unsigned int v = (d[i] >> j) & 1;

			for (k = 0; k < nbits; k++) {
				if (i & (1u << k))
					P[k] ^= v;
				else
					Pn[k] ^= v;
			}
			for (k = 0; k < 3; k++) {
				if (j & (1u << k))
					C[k] ^= v;
				else
					Cn[k] ^= v;
			}
		}
	}
	for (k = 0; k < 4; k++) {
		b[1] |= (uint8_t)(((P[k] << 1) | Pn[k]) << (2 * k));
		b[0] |= (uint8_t)(((P[k + 4] << 1) | Pn[k + 4]) << (2 * k));
	}
	for (k = 0; k < 3; k++)
		b[2] |= (uint8_t)(((C[k] << 1) | Cn[k]) << (2 + 2 * k));
	if (step == 512)
		b[2] |= (uint8_t)((P[8] << 1) | Pn[8]);
	out[0] = (uint8_t)~b[0];
	out[1] = (uint8_t)~b[1];
	out[2] = (uint8_t)(step == 512 ? ~b[2] : (~b[2] | 3));
}

static void fill_random(uint8_t *p, size_t n, unsigned int seed)
{
	srand(seed);
	while (n--)
		*p++ = (uint8_t)rand();
}

static void test_known_vectors(void **state)
{
	uint8_t d[256], e[3];
	(void)state;

	memset(d, 0xff, sizeof(d));
	nand_hamming_calc(d, 256, e);
	assert_int_equal(e[0], 0xff); /* erased data: erased ECC */
	assert_int_equal(e[1], 0xff);
	assert_int_equal(e[2], 0xff);

	/* worked by hand: bit 0 of byte 0 set, all else 0 -> every "P'" parity is 1,
	 * inverted 0; every "P" is 0, inverted 1: AA AA, column 101010 + 11 */
	memset(d, 0, sizeof(d));
	d[0] = 1;
	nand_hamming_calc(d, 256, e);
	assert_int_equal(e[0], 0xaa);
	assert_int_equal(e[1], 0xaa);
	assert_int_equal(e[2], 0xab);

	/* bit 7 of byte 255: every address bit is 1 */
	memset(d, 0, sizeof(d));
	d[255] = 0x80;
	nand_hamming_calc(d, 256, e);
	/* P of every address bit is 1 -> inverted 0; P' 0 -> 1: pairs 01 = 0x55 */
	assert_int_equal(e[0], 0x55);
	assert_int_equal(e[1], 0x55);
	assert_int_equal(e[2], 0x57);
}

static void test_matches_reference(void **state)
{
	uint8_t d[512], a[3], b[3];
	unsigned int seed, step;
	(void)state;

	for (step = 256; step <= 512; step += 256) {
		for (seed = 1; seed <= 200; seed++) {
			fill_random(d, step, seed);
			if (seed % 7 == 0)
				memset(d, 0, step / 2); /* sparse data too */
			nand_hamming_calc(d, step, a);
			ref_ecc(d, step, b);
			assert_memory_equal(a, b, 3);
		}
	}
}

static void test_single_bit_data(void **state)
{
	uint8_t d[512], orig[512], e[3], c[3];
	unsigned int step, i;
	(void)state;

	for (step = 256; step <= 512; step += 256) {
		fill_random(orig, step, 42 + step);
		nand_hamming_calc(orig, step, e);
		for (i = 0; i < step * 8; i++) {
			memcpy(d, orig, step);
			d[i / 8] ^= (uint8_t)(1u << (i % 8));
			nand_hamming_calc(d, step, c);
			assert_int_equal(nand_hamming_correct(d, step, e, c), 1);
			assert_memory_equal(d, orig, step);
		}
	}
}

static void test_single_bit_ecc(void **state)
{
	uint8_t d[256], orig[256], e[3], bad[3], c[3];
	unsigned int i;
	(void)state;

	fill_random(orig, 256, 7);
	nand_hamming_calc(orig, 256, e);
	for (i = 0; i < 24; i++) {
		memcpy(d, orig, 256);
		memcpy(bad, e, 3);
		bad[i / 8] ^= (uint8_t)(1u << (i % 8));
		nand_hamming_calc(d, 256, c);
		assert_int_equal(nand_hamming_correct(d, 256, bad, c), 1);
		assert_memory_equal(d, orig, 256);
	}
}

static void test_double_bits_detected(void **state)
{
	uint8_t d[256], orig[256], e[3], c[3], bad[3];
	unsigned int n, a, b, nbits = 256 * 8 + 22;
	(void)state;

	fill_random(orig, 256, 99);
	nand_hamming_calc(orig, 256, e);
	srand(1234);
	for (n = 0; n < 20000; n++) {
		/* bit numbers: data bits, then the 22 meaningful ECC bits */
		a = (unsigned int)rand() % nbits;
		do
			b = (unsigned int)rand() % nbits;
		while (b == a);
		memcpy(d, orig, 256);
		memcpy(bad, e, 3);
		for (unsigned int x = 0; x < 2; x++) {
			unsigned int bit = x ? b : a;

			if (bit < 2048) {
				d[bit / 8] ^= (uint8_t)(1u << (bit % 8));
			} else {
				bit -= 2048; /* skip byte 2 bits 0/1 (constant) */
				if (bit < 16)
					bad[bit / 8] ^= (uint8_t)(1u << (bit % 8));
				else
					bad[2] ^= (uint8_t)(1u << (bit - 16 + 2));
			}
		}
		nand_hamming_calc(d, 256, c);
		assert_int_equal(nand_hamming_correct(d, 256, bad, c), -EBADMSG);
	}
}

static void test_clean(void **state)
{
	uint8_t d[256], e[3], c[3];
	(void)state;

	fill_random(d, 256, 5);
	nand_hamming_calc(d, 256, e);
	memcpy(c, e, 3);
	assert_int_equal(nand_hamming_correct(d, 256, e, c), 0);
}

static void test_erased_check(void **state)
{
	uint8_t d[256], e[3] = { 0xff, 0xff, 0xff };
	(void)state;

	memset(d, 0xff, sizeof(d));
	d[17] = 0xef;
	assert_int_equal(nand_check_erased(d, sizeof(d), e, 3, 1), 1);
	assert_int_equal(d[17], 0xff);
	d[3] = 0xfe;
	d[4] = 0xfe;
	assert_int_equal(nand_check_erased(d, sizeof(d), e, 3, 1), -EBADMSG);
	assert_int_equal(d[3], 0xfe); /* left alone when it is not erased */
}

static void test_layouts(void **state)
{
	struct nand_ecc_ctrl e = { .mode = NAND_ECC_SOFT, .size = 256, .bytes = 3 };
	(void)state;

	/* 2048+64: Linux's large-page Hamming layout */
	e.steps = 8;
	e.total = 24;
	assert_int_equal(nand_ooblayout_default(&e, 2048, 64), 0);
	assert_int_equal(e.n_eccpos, 1);
	assert_int_equal(e.eccpos[0].offset, 40);
	assert_int_equal(e.eccpos[0].length, 24);
	assert_int_equal(e.n_freepos, 1);
	assert_int_equal(e.freepos[0].offset, 2);
	assert_int_equal(e.freepos[0].length, 38);

	/* 512+16: ECC at 0,1,2,3,6,7, marker at 5, free 8..15 */
	e.steps = 2;
	e.total = 6;
	assert_int_equal(nand_ooblayout_default(&e, 512, 16), 0);
	assert_int_equal(e.n_eccpos, 2);
	assert_int_equal(e.eccpos[0].offset, 0);
	assert_int_equal(e.eccpos[0].length, 4);
	assert_int_equal(e.eccpos[1].offset, 6);
	assert_int_equal(e.eccpos[1].length, 2);
	assert_int_equal(e.freepos[0].offset, 8);
	assert_int_equal(e.freepos[0].length, 8);

	/* hardware ECC (4 bytes) on 2048+64: end of the OOB */
	e.mode = NAND_ECC_HW;
	e.steps = 1;
	e.total = 4;
	assert_int_equal(nand_ooblayout_default(&e, 2048, 64), 0);
	assert_int_equal(e.eccpos[0].offset, 60);
	assert_int_equal(e.freepos[0].offset, 2);
	assert_int_equal(e.freepos[0].length, 58);
}

int main(void)
{
	// clang-format off
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_vectors),
		cmocka_unit_test(test_matches_reference),
		cmocka_unit_test(test_single_bit_data),
		cmocka_unit_test(test_single_bit_ecc),
		cmocka_unit_test(test_double_bits_detected),
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_erased_check),
		cmocka_unit_test(test_layouts),
	};
	// clang-format on
	return cmocka_run_group_tests(tests, NULL, NULL);
}

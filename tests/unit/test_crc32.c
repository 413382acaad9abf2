/* Host tests for CRC-32: the check value, and buffers ending in runs of one byte (the O(log n) tail path)
 * against a bit-at-a-time reference, at every alignment, run length and split around the threshold. */
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "crc32.h"

/* the definition: reflected, polynomial 0xedb88320, one bit at a time */
static uint32_t crc_ref(uint32_t crc, const uint8_t *p, size_t n)
{
	crc = ~crc;
	while (n--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = (crc & 1) ? (crc >> 1) ^ 0xedb88320u : crc >> 1;
	}
	return ~crc;
}

static void test_check_value(void **state)
{
	(void)state;
	assert_int_equal(crc32(0, "123456789", 9), 0xcbf43926u);
	assert_int_equal(crc32(0, "", 0), 0);
}

/* random head, then a run of 0x00, 0xff or 0x5a: lengths around the run threshold and up to 64 KiB */
static void test_tail_runs(void **state)
{
	static const size_t runs[] = { 0, 1, 3, 4, 5, 255, 256, 257, 1000, 4096, 4099, 65531, 65536 };
	static const size_t heads[] = { 0, 1, 2, 3, 4, 7, 64, 1001 };
	static const uint8_t bytes[] = { 0x00, 0xff, 0x5a };
	uint8_t *buf = malloc(4 + 1001 + 65536);

	(void)state;
	srand(15);
	for (size_t b = 0; b < sizeof(bytes); b++)
		for (size_t h = 0; h < sizeof(heads) / sizeof(heads[0]); h++)
			for (size_t r = 0; r < sizeof(runs) / sizeof(runs[0]); r++)
				for (size_t al = 0; al < 4; al++) {
					uint8_t *p = buf + al;
					size_t n = heads[h] + runs[r];

					for (size_t i = 0; i < heads[h]; i++)
						p[i] = (uint8_t)rand();
					/* the head's last byte differs from the run: the run is exact */
					if (heads[h] && p[heads[h] - 1] == bytes[b])
						p[heads[h] - 1] ^= 1;
					memset(p + heads[h], bytes[b], runs[r]);
					assert_int_equal(crc32(0, p, n), crc_ref(0, p, n));
					assert_int_equal(crc32(0x12345678, p, n),
							 crc_ref(0x12345678, p, n));
				}
	free(buf);
}

/* a long run in the middle, split anywhere: the running CRC carries across calls */
static void test_splits(void **state)
{
	uint8_t buf[3000];

	(void)state;
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = i < 100 || i > 2900 ? (uint8_t)(i * 13 + 1) : 0xff;
	for (size_t k = 0; k <= sizeof(buf); k += 37)
		assert_int_equal(crc32(crc32(0, buf, k), buf + k, sizeof(buf) - k),
				 crc_ref(0, buf, sizeof(buf)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_value),
		cmocka_unit_test(test_tail_runs),
		cmocka_unit_test(test_splits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

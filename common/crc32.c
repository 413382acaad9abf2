/* CRC-32 (IEEE, reflected), slice-by-4: four 1 KiB tables built on first use, one word per step. */
#include "crc32.h"

static uint32_t crc_table[4][256];

static void crc32_init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++)
			c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
		crc_table[0][i] = c;
	}
	for (uint32_t i = 0; i < 256; i++)
		for (int k = 1; k < 4; k++)
			crc_table[k][i] = (crc_table[k - 1][i] >> 8) ^ crc_table[0][crc_table[k - 1][i] & 0xff];
}

uint32_t crc32(uint32_t crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	if (!crc_table[0][1])
		crc32_init();
	crc = ~crc;
	while (len && ((uintptr_t)p & 3)) {
		crc = crc_table[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
		len--;
	}
	/*
	 * aligned little-endian word loads: both boards and the host are
	 * little-endian; one base pointer per table spares the index arithmetic
	 */
	const uint32_t *t0 = crc_table[0], *t1 = crc_table[1], *t2 = crc_table[2], *t3 = crc_table[3];
	const uint8_t *wend = p + (len & ~(size_t)3);

	while (p != wend) {
		crc ^= *(const uint32_t __attribute__((may_alias)) *)p;
		crc = t3[crc & 0xff] ^ t2[(crc >> 8) & 0xff] ^ t1[(crc >> 16) & 0xff] ^ t0[crc >> 24];
		p += 4;
	}
	len &= 3;
	while (len--)
		crc = crc_table[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

/* CRC-32 (IEEE, reflected), slice-by-4: four 1 KiB tables built on first use, one word per step;
 * a trailing run of one byte value (flash padding, an erased tail) in O(log n). */
#include "crc32.h"

#define CRC32_POLY 0xedb88320u
/* a shorter run is cheaper through the tables than through the run arithmetic */
#define CRC32_RUN_MIN 256
/* the run arithmetic runs a few hundred steps per call: Thumb, for size */
#ifdef __arm__
#define CRC32_SMALL __attribute__((noinline, target("thumb"), optimize("Os")))
#else
#define CRC32_SMALL __attribute__((noinline))
#endif

/* table k at k * 256: byte i followed by k zero bytes */
static uint32_t crc_table[4 * 256];

/* Table 0 from its powers of two (the table is linear: t[i ^ j] = t[i] ^ t[j]), then 1-3 from it. */
static __attribute__((noinline, optimize("Os"))) void crc32_init(void)
{
	uint32_t c = 1, *t = crc_table; /* c becomes t[128], the polynomial, at the first step */

	for (uint32_t i = 128; i; i >>= 1) {
		c = (c & 1) ? CRC32_POLY ^ (c >> 1) : c >> 1;
		for (uint32_t j = 0; j < 256; j += 2 * i)
			t[i + j] = c ^ t[j];
	}
	/* tables 1-3, each from the one before */
	for (uint32_t i = 0; i < 3 * 256; i++)
		t[i + 256] = (t[i] >> 8) ^ t[t[i] & 0xff];
}

/*
 * The CRC register as a polynomial over GF(2) in reflected order (bit 31 is
 * x^0, bit 0 is x^31): one zero bit multiplies it by x modulo the
 * polynomial, one byte b takes r to (r ^ b) * x^8. a * b mod P, a's
 * coefficients from x^0 up.
 */
static CRC32_SMALL uint32_t gf2_mulmod(uint32_t a, uint32_t b)
{
	uint32_t p = 0;

	for (uint32_t m = 1u << 31; a; m >>= 1) {
		if (a & m) {
			p ^= b;
			a ^= m;
		}
		b = (b & 1) ? (b >> 1) ^ CRC32_POLY : b >> 1;
	}
	return p;
}

/*
 * The register after n more bytes of value c: r * x^(8n) + c * (x^8 + ... +
 * x^(8n)), built from blocks of 2^j bytes (all blocks hold the same bytes,
 * so their order does not matter).
 */
static CRC32_SMALL uint32_t crc32_run(uint32_t r, uint8_t c, size_t n)
{
	uint32_t pw = 1u << 23;      /* x^8: one byte */
	uint32_t blk = crc_table[c]; /* c * x^8: one byte of c from a zero register */

	for (; n; n >>= 1) {
		if (n & 1)
			r = gf2_mulmod(r, pw) ^ blk;
		if (n > 1) {
			blk ^= gf2_mulmod(blk, pw);
			pw = gf2_mulmod(pw, pw);
		}
	}
	return r;
}

/* Length of the run of bytes equal to the last one that ends p[0..len), len > 0. */
static __attribute__((noinline, optimize("Os"))) size_t tail_run(const uint8_t *p, size_t len)
{
	const uint8_t *e = p + len, *q = e;
	uint32_t c = e[-1];

	while (q > p && ((uintptr_t)q & 3) && q[-1] == c)
		q--;
#if defined(__arm__) && !defined(__thumb__)
	/* aligned: 32 bytes a step, one ldmdb and a chain of conditional compares */
	if (!((uintptr_t)q & 3))
		__asm__("1:	sub	r12, %[q], %[p]\n"
			"	cmp	r12, #32\n"
			"	blo	2f\n"
			"	ldmdb	%[q], {r4-r10, r12}\n"
			"	cmp	r4, %[w]\n"
			"	cmpeq	r5, %[w]\n"
			"	cmpeq	r6, %[w]\n"
			"	cmpeq	r7, %[w]\n"
			"	cmpeq	r8, %[w]\n"
			"	cmpeq	r9, %[w]\n"
			"	cmpeq	r10, %[w]\n"
			"	cmpeq	r12, %[w]\n"
			"	subeq	%[q], %[q], #32\n"
			"	beq	1b\n"
			"2:\n"
			: [q] "+r"(q)
			: [p] "r"(p), [w] "r"(c * 0x01010101u)
			: "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r12", "cc", "memory");
#endif
	while (q > p && q[-1] == c)
		q--;
	return (size_t)(e - q);
}

__attribute__((optimize("Os"))) uint32_t crc32(uint32_t crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	size_t run = len >= CRC32_RUN_MIN ? tail_run(p, len) : 0;

	if (!crc_table[1])
		crc32_init();
	crc = ~crc;
	if (run >= CRC32_RUN_MIN)
		len -= run;
	else
		run = 0;
	while (len && ((uintptr_t)p & 3)) {
		crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
		len--;
	}
	/*
	 * aligned little-endian word loads: both boards and the host are
	 * little-endian; one base pointer per table spares the index arithmetic
	 */
	const uint32_t *t0 = crc_table, *t1 = crc_table + 256, *t2 = crc_table + 512,
		       *t3 = crc_table + 768;
	const uint8_t *wend = p + (len & ~(size_t)3);

	/* tested at the bottom: 17 instructions a word (a top test costs an 18th at -Os) */
	if (p != wend)
		do {
			crc ^= *(const uint32_t __attribute__((may_alias)) *)p;
			crc = t3[crc & 0xff] ^ t2[(crc >> 8) & 0xff] ^ t1[(crc >> 16) & 0xff] ^
			      t0[crc >> 24];
			p += 4;
		} while (p != wend);
	len &= 3;
	while (len--)
		crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	if (run)
		crc = crc32_run(crc, p[0], run);
	return ~crc;
}

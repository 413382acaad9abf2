/* NAND ECC: Linux-compatible 1-bit software Hamming, the S3C24xx hardware ECC in software, erased-page check, OOB layouts. */
#include "nand.h"

static inline unsigned int parity8(uint8_t b)
{
	b ^= b >> 4;
	return (0x6996u >> (b & 0xf)) & 1;
}

/*
 * Each data bit has an address: byte index i (8 or 9 bits) and bit index j
 * (3 bits). For every address bit there are two parities, over the bits
 * whose address bit is 1 and over those where it is 0. The parity over the
 * bytes with byte-address bit k set is bit k of the XOR of the indices of
 * all odd-parity bytes, and its complement pair is that plus the total
 * parity. The column parities come from the XOR of all bytes. Linux stores
 * the inverted parities (an erased block reads FF FF FF), line parities of
 * address bits 0-3 in byte 1 and 4-7 in byte 0 ("1" parity above "0"),
 * column parities in byte 2 bits 7..2, bits 1..0 set (256) or the parities
 * of byte-address bit 8 (512).
 */
void nand_hamming_calc(const uint8_t *dat, unsigned int step, uint8_t ecc[3])
{
	unsigned int i, k, addrx = 0, total;
	uint8_t colx = 0, lo = 0, hi = 0, c2;

	for (i = 0; i < step; i++) {
		uint8_t b = dat[i];

		colx ^= b;
		if (parity8(b))
			addrx ^= i;
	}
	total = parity8(colx);
	for (k = 0; k < 8; k++) {
		unsigned int p1 = (addrx >> k) & 1, p0 = p1 ^ total;
		uint8_t pair = (uint8_t)((p1 << 1) | p0);

		if (k < 4)
			lo |= pair << (2 * k);
		else
			hi |= pair << (2 * (k - 4));
	}
	c2 = (uint8_t)((parity8(colx & 0xf0) << 7) | (parity8(colx & 0x0f) << 6) |
		       (parity8(colx & 0xcc) << 5) | (parity8(colx & 0x33) << 4) |
		       (parity8(colx & 0xaa) << 3) | (parity8(colx & 0x55) << 2));
	if (step == 512) {
		unsigned int p1 = (addrx >> 8) & 1;

		c2 |= (uint8_t)((p1 << 1) | (p1 ^ total));
	}
	ecc[0] = (uint8_t)~hi;
	ecc[1] = (uint8_t)~lo;
	ecc[2] = (uint8_t)(step == 512 ? ~c2 : (~c2 | 3));
}

/* Odd bits of a syndrome byte packed together (the "1"-parity of each pair). */
static unsigned int odd_bits(uint8_t v)
{
	return ((v >> 1) & 1) | ((v >> 2) & 2) | ((v >> 3) & 4) | ((v >> 4) & 8);
}

static unsigned int popcount32(uint32_t v)
{
	unsigned int n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

int nand_hamming_correct(uint8_t *dat, unsigned int step, const uint8_t *read_ecc,
			 const uint8_t *calc_ecc)
{
	uint8_t s_lo = read_ecc[1] ^ calc_ecc[1];
	uint8_t s_hi = read_ecc[0] ^ calc_ecc[0];
	uint8_t s_c = read_ecc[2] ^ calc_ecc[2];
	uint8_t cmask = step == 512 ? 0x55 : 0x54;

	if (!s_lo && !s_hi && !s_c)
		return 0;
	/* one data bit: every pair differs in exactly one of its two parities */
	if (((s_lo ^ (s_lo >> 1)) & 0x55) == 0x55 && ((s_hi ^ (s_hi >> 1)) & 0x55) == 0x55 &&
	    ((s_c ^ (s_c >> 1)) & cmask) == cmask) {
		unsigned int byte = odd_bits(s_lo) | (odd_bits(s_hi) << 4);
		unsigned int bit = odd_bits((uint8_t)(s_c >> 2)) & 7;

		if (step == 512)
			byte |= ((s_c >> 1) & 1) << 8;
		dat[byte] ^= (uint8_t)(1u << bit);
		return 1;
	}
	/* one bit flipped in the stored ECC itself: data are fine */
	if (popcount32((uint32_t)s_lo | ((uint32_t)s_hi << 8) | ((uint32_t)s_c << 16)) == 1)
		return 1;
	return -EBADMSG;
}

/*
 * The S3C2440's main ECC generator after InitECC and one step, as Linux's
 * s3c2440_nand_calculate_ecc() takes it (NFMECC0 bits 23:0). The datasheet's
 * parity code assignment table for the x8 generator:
 *
 *   byte 0: P64 P64' P32 P32' P16 P16' P8 P8'        byte-address bits 3..0
 *   byte 1: P1024 P1024' ... P128 P128'               byte-address bits 7..4
 *   byte 2: P4 P4' P2 P2' P1 P1' P2048 P2048'         bit-address pairs, byte-address bit 8
 *
 * Px is the parity over the bits whose address has that bit set, Px' over
 * those where it is clear (P8 = byte-address bit 0, P1 = bit-address bit 0).
 * Like Samsung's SmartMedia-style reference ECC the parities are stored
 * inverted, so erased data (FF) has the ECC FF FF FF. The same pairs as the
 * software Hamming above: bytes 0 and 1 trade places, and byte 2's low pair
 * is byte-address bit 8 (P2048 = 0 and P2048' = total parity on a 256-byte
 * step) where Linux's software code puts 11 for 256-byte steps.
 */
void nand_s3c_ecc_calc(const uint8_t *dat, unsigned int step, uint8_t ecc[3])
{
	unsigned int i, k, addrx = 0, total;
	uint8_t colx = 0, b[3] = { 0, 0, 0 };

	for (i = 0; i < step; i++) {
		colx ^= dat[i];
		if (parity8(dat[i]))
			addrx ^= i;
	}
	total = parity8(colx);
	for (k = 0; k < 9; k++) {
		unsigned int p = (addrx >> k) & 1;
		uint8_t pair = (uint8_t)((p << 1) | (p ^ total));

		if (k < 8)
			b[k / 4] |= (uint8_t)(pair << (2 * (k % 4)));
		else
			b[2] |= pair;
	}
	b[2] |= (uint8_t)((parity8(colx & 0xf0) << 7) | (parity8(colx & 0x0f) << 6) |
			  (parity8(colx & 0xcc) << 5) | (parity8(colx & 0x33) << 4) |
			  (parity8(colx & 0xaa) << 3) | (parity8(colx & 0x55) << 2));
	for (i = 0; i < 3; i++)
		ecc[i] = (uint8_t)~b[i];
}

/*
 * Linux's rules (s3c2410_nand_correct_data): a single data-bit error flips
 * exactly one parity of every pair in all three bytes; the "P" halves then
 * spell the byte (byte 0: bits 0-3, byte 1: bits 4-7, byte 2 bit 1: bit 8)
 * and the bit (byte 2 bits 3, 5, 7). A lone differing bit is an error in the
 * stored ECC. Anything else cannot be corrected. Unlike Linux, a byte number
 * beyond the step (only a corrupted ECC can say so) is refused, not patched
 * into the next step's data.
 */
int nand_s3c_ecc_correct(uint8_t *dat, unsigned int step, const uint8_t *read_ecc,
			 const uint8_t *calc_ecc)
{
	uint8_t d0 = read_ecc[0] ^ calc_ecc[0];
	uint8_t d1 = read_ecc[1] ^ calc_ecc[1];
	uint8_t d2 = read_ecc[2] ^ calc_ecc[2];

	if (!d0 && !d1 && !d2)
		return 0;
	if (((d0 ^ (d0 >> 1)) & 0x55) == 0x55 && ((d1 ^ (d1 >> 1)) & 0x55) == 0x55 &&
	    ((d2 ^ (d2 >> 1)) & 0x55) == 0x55) {
		unsigned int byte = odd_bits(d0) | (odd_bits(d1) << 4) | (((d2 >> 1) & 1u) << 8);
		unsigned int bit = odd_bits((uint8_t)(d2 >> 2)) & 7;

		if (byte >= step)
			return -EBADMSG;
		dat[byte] ^= (uint8_t)(1u << bit);
		return 1;
	}
	if (popcount32((uint32_t)d0 | ((uint32_t)d1 << 8) | ((uint32_t)d2 << 16)) == 1)
		return 1;
	return -EBADMSG;
}

const char *nand_ecc_mode_name(enum nand_ecc_mode mode)
{
	switch (mode) {
	case NAND_ECC_SOFT:
		return "software Hamming";
	case NAND_ECC_HW:
		return "controller (whole page)";
	case NAND_ECC_S3C_LINUX:
		return "controller per step (Linux s3c2410 layout)";
	default:
		return "none";
	}
}

static unsigned int zero_bits(const uint8_t *p, size_t len)
{
	unsigned int n = 0;

	while (len--)
		n += 8 - popcount32(*p++);
	return n;
}

int nand_check_erased(uint8_t *dat, size_t len, uint8_t *ecc, size_t ecclen, unsigned int threshold)
{
	unsigned int flips = zero_bits(dat, len);

	if (flips > threshold)
		return -EBADMSG;
	if (ecc)
		flips += zero_bits(ecc, ecclen);
	if (flips > threshold)
		return -EBADMSG;
	memset(dat, 0xff, len);
	if (ecc)
		memset(ecc, 0xff, ecclen);
	return (int)flips;
}

static void add_region(struct nand_oob_region *r, unsigned int *n, unsigned int off, unsigned int len)
{
	if (!len || *n >= NAND_MAX_OOB_REGIONS)
		return;
	r[*n].offset = (uint16_t)off;
	r[*n].length = (uint16_t)len;
	(*n)++;
}

/*
 * Linux's defaults: small-page (8/16-byte OOB) ECC at 0-3 then 6.., the
 * marker at 5, free bytes 8-15 (16-byte OOB) or 3 and 6-7 (8-byte OOB);
 * large-page Hamming ECC at 40 (64-byte OOB) or 80 (128-byte OOB), the
 * marker at 0-1, free from 2 up to the ECC and after it; any other
 * large-page ECC goes to the end of the OOB with free bytes 2.. before it.
 * NAND_ECC_S3C_LINUX takes the Hamming layout on large pages (Linux's s3c2410
 * driver sets none there, so the core's default applies) and the driver's own
 * on small pages: ECC at 0-2, free 8-15.
 */
int nand_ooblayout_default(struct nand_ecc_ctrl *ecc, uint32_t pagesize, uint32_t oobsize)
{
	unsigned int total = ecc->total;

	(void)pagesize;
	ecc->n_eccpos = ecc->n_freepos = 0;
	if (ecc->mode == NAND_ECC_S3C_LINUX && oobsize <= 16) {
		if (oobsize != 16 || total > 3)
			return -EINVAL;
		add_region(ecc->eccpos, &ecc->n_eccpos, 0, total);
		add_region(ecc->freepos, &ecc->n_freepos, 8, 8);
		return 0;
	}
	if (oobsize == 8 || oobsize == 16) {
		if (total > (oobsize == 16 ? 8u : 6u))
			return -EINVAL;
		add_region(ecc->eccpos, &ecc->n_eccpos, 0, MIN(total, 4u));
		if (total > 4)
			add_region(ecc->eccpos, &ecc->n_eccpos, 6, total - 4);
		if (oobsize == 16) {
			add_region(ecc->freepos, &ecc->n_freepos, 8, 8);
		} else {
			add_region(ecc->freepos, &ecc->n_freepos, 3, 1);
			if (total <= 4)
				add_region(ecc->freepos, &ecc->n_freepos, 6, 2);
		}
		return 0;
	}
	if (oobsize < 2 + total)
		return -EINVAL;
	if ((ecc->mode == NAND_ECC_SOFT || ecc->mode == NAND_ECC_S3C_LINUX) &&
	    (oobsize == 64 || oobsize == 128)) {
		unsigned int eo = oobsize == 64 ? 40 : 80;

		if (eo + total > oobsize)
			return -EINVAL;
		add_region(ecc->eccpos, &ecc->n_eccpos, eo, total);
		add_region(ecc->freepos, &ecc->n_freepos, 2, eo - 2);
		add_region(ecc->freepos, &ecc->n_freepos, eo + total, oobsize - eo - total);
		return 0;
	}
	add_region(ecc->eccpos, &ecc->n_eccpos, oobsize - total, total);
	add_region(ecc->freepos, &ecc->n_freepos, 2, oobsize - total - 2);
	return 0;
}

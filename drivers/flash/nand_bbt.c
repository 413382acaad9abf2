/* NAND bad blocks: factory-marker scan, Linux's on-flash BBT ("Bbt0"/"1tbB", 2 bits per block), markbad. */
#include "nand_core.h"

static const uint8_t bbt_pattern[2][NAND_BBT_PATTERN_LEN] = {
	{ 'B', 'b', 't', '0' }, /* main */
	{ '1', 't', 'b', 'B' }, /* mirror */
};

/* On-flash 2-bit codes (Linux): 11 good, 00 factory bad, 01/10 worn (10 written). */
#define FLASH_GOOD 3u
#define FLASH_FACTORY 0u
#define FLASH_WORN 2u

int nand_bbt_get(const struct nand_chip *chip, uint32_t block)
{
	if (!chip->bbt || block >= chip->numblocks)
		return NAND_BLK_GOOD;
	return (chip->bbt[block >> 2] >> ((block & 3) * 2)) & 3;
}

void nand_bbt_set(struct nand_chip *chip, uint32_t block, int code)
{
	unsigned int sh = (block & 3) * 2;

	if (block >= chip->numblocks)
		return;
	chip->bbt[block >> 2] =
		(uint8_t)((chip->bbt[block >> 2] & ~(3u << sh)) | ((unsigned int)code << sh));
}

static uint32_t pages_per_block(const struct nand_chip *chip)
{
	return 1u << (chip->geo.block_shift - chip->geo.page_shift);
}

static uint32_t table_bytes(const struct nand_chip *chip)
{
	return DIV_ROUND_UP(chip->numblocks * 2, 8);
}

static int scan_factory(struct nand_chip *chip)
{
	uint8_t *oob = chip->buf + chip->geo.pagesize;
	uint32_t b, p;
	int ret;

	for (b = 0; b < chip->numblocks; b++) {
		for (p = 0; p < 2; p++) {
			ret = nand_read_oob_raw(chip, b * pages_per_block(chip) + p, oob);
			if (ret)
				return ret;
			if (oob[chip->geo.badblockpos] != 0xff) {
				nand_bbt_set(chip, b, NAND_BLK_FACTORY_BAD);
				break;
			}
		}
	}
	return 0;
}

/* Look for one copy's pattern in the first page OOB of the last blocks. */
static int find_table(struct nand_chip *chip, int idx)
{
	uint8_t *oob = chip->buf + chip->geo.pagesize;
	uint32_t i;
	int ret;

	chip->bbt_block[idx] = -1;
	for (i = 0; i < NAND_BBT_MAXBLOCKS && i < chip->numblocks; i++) {
		uint32_t b = chip->numblocks - 1 - i;

		ret = nand_read_oob_raw(chip, b * pages_per_block(chip), oob);
		if (ret)
			return ret;
		if (!memcmp(oob + NAND_BBT_PATTERN_OFFS, bbt_pattern[idx], NAND_BBT_PATTERN_LEN)) {
			chip->bbt_block[idx] = (int)b;
			chip->bbt_version[idx] = oob[NAND_BBT_VERSION_OFFS];
			return 0;
		}
	}
	return 0;
}

/* Read a table (with ECC) into the RAM BBT. */
static int read_table(struct nand_chip *chip, int block)
{
	uint32_t psz = chip->geo.pagesize, nbytes = table_bytes(chip), done, i;
	uint32_t page = (uint32_t)block * pages_per_block(chip);
	int ret;

	for (done = 0; done < nbytes; done += psz, page++) {
		uint32_t n = MIN(psz, nbytes - done);

		ret = nand_read_page(chip, page, chip->buf, NULL, MTD_OPS_PLACE_OOB);
		if (ret < 0)
			return ret;
		for (i = 0; i < n * 4 && (done * 4 + i) < chip->numblocks; i++) {
			unsigned int v = (chip->buf[i >> 2] >> ((i & 3) * 2)) & 3;
			uint32_t b = done * 4 + i;

			if (v == FLASH_GOOD)
				nand_bbt_set(chip, b, NAND_BLK_GOOD);
			else if (v == FLASH_FACTORY)
				nand_bbt_set(chip, b, NAND_BLK_FACTORY_BAD);
			else
				nand_bbt_set(chip, b, NAND_BLK_WORN);
		}
	}
	return 0;
}

static bool block_is_bad_code(int code)
{
	return code == NAND_BLK_WORN || code == NAND_BLK_FACTORY_BAD;
}

/* Pick a block for copy idx among the last NAND_BBT_MAXBLOCKS, not the other copy's. */
static int pick_block(struct nand_chip *chip, int idx)
{
	uint32_t i;

	if (chip->bbt_block[idx] >= 0)
		return chip->bbt_block[idx];
	for (i = 0; i < NAND_BBT_MAXBLOCKS && i < chip->numblocks; i++) {
		uint32_t b = chip->numblocks - 1 - i;

		if (block_is_bad_code(nand_bbt_get(chip, b)))
			continue;
		if ((int)b == chip->bbt_block[!idx])
			continue;
		return (int)b;
	}
	return -ENOSPC;
}

static int write_pages(struct nand_chip *chip, int idx, int block, uint8_t version)
{
	uint32_t psz = chip->geo.pagesize, nbytes = table_bytes(chip), done, i;
	uint32_t page = (uint32_t)block * pages_per_block(chip);
	uint8_t *dat = chip->buf, *oob = chip->buf + psz;
	int ret;

	for (done = 0; done < nbytes; done += psz, page++) {
		memset(dat, 0xff, psz);
		memset(oob, 0xff, chip->geo.oobsize);
		for (i = 0; i < psz * 4 && done * 4 + i < chip->numblocks; i++) {
			int code = nand_bbt_get(chip, done * 4 + i);
			unsigned int v = code == NAND_BLK_FACTORY_BAD ? FLASH_FACTORY
					 : code == NAND_BLK_WORN      ? FLASH_WORN
								      : FLASH_GOOD;

			dat[i >> 2] &= (uint8_t) ~((3u & ~v) << ((i & 3) * 2));
		}
		if (!done) {
			memcpy(oob + NAND_BBT_PATTERN_OFFS, bbt_pattern[idx], NAND_BBT_PATTERN_LEN);
			oob[NAND_BBT_VERSION_OFFS] = version;
		}
		ret = nand_write_page(chip, page, dat, oob, MTD_OPS_PLACE_OOB);
		if (ret)
			return ret;
	}
	return 0;
}

/* Write copy idx with a version; a block that fails is marked worn and another tried. */
static int write_one(struct nand_chip *chip, int idx, uint8_t version)
{
	int block, ret;

	for (;;) {
		block = pick_block(chip, idx);
		if (block < 0)
			return block;
		ret = nand_erase_block(chip, (uint32_t)block);
		if (!ret)
			ret = write_pages(chip, idx, block, version);
		if (!ret)
			break;
		if (ret != -EIO)
			return ret;
		chip->bbt_block[idx] = -1;
		nand_bbt_set(chip, (uint32_t)block, NAND_BLK_WORN);
	}
	chip->bbt_block[idx] = block;
	chip->bbt_version[idx] = version;
	nand_bbt_set(chip, (uint32_t)block, NAND_BLK_RESERVED);
	return 0;
}

static void count_stats(struct nand_chip *chip)
{
	uint32_t b;

	chip->mtd.ecc_stats.badblocks = chip->mtd.ecc_stats.bbtblocks = 0;
	for (b = 0; b < chip->numblocks; b++) {
		int c = nand_bbt_get(chip, b);

		if (c == NAND_BLK_RESERVED)
			chip->mtd.ecc_stats.bbtblocks++;
		else if (c != NAND_BLK_GOOD)
			chip->mtd.ecc_stats.badblocks++;
	}
}

int nand_bbt_write(struct nand_chip *chip)
{
	uint8_t v = (uint8_t)(MAX(chip->bbt_version[0], chip->bbt_version[1]) + 1);
	int r0, r1;

	r0 = write_one(chip, 0, v);
	r1 = write_one(chip, 1, v);
	count_stats(chip);
	return r0 ? r0 : r1;
}

/* Use the newest readable copy; bring the other one up to date like Linux does. */
static int use_flash_table(struct nand_chip *chip)
{
	int first, ret;

	if (chip->bbt_block[0] < 0)
		first = 1;
	else if (chip->bbt_block[1] < 0)
		first = 0;
	else
		first = chip->bbt_version[1] > chip->bbt_version[0];

	ret = read_table(chip, chip->bbt_block[first]);
	if (ret < 0 && chip->bbt_block[!first] >= 0) {
		chip->bbt_block[first] = -1;
		first = !first;
		ret = read_table(chip, chip->bbt_block[first]);
	}
	if (ret < 0)
		return ret;
	nand_bbt_set(chip, (uint32_t)chip->bbt_block[first], NAND_BLK_RESERVED);
	if (chip->bbt_block[!first] >= 0)
		nand_bbt_set(chip, (uint32_t)chip->bbt_block[!first], NAND_BLK_RESERVED);
	if (chip->bbt_block[!first] < 0 || chip->bbt_version[!first] != chip->bbt_version[first])
		write_one(chip, !first, chip->bbt_version[first]);
	return 0;
}

int nand_bbt_scan(struct nand_chip *chip)
{
	int ret;

	memset(chip->bbt, 0, DIV_ROUND_UP(chip->numblocks, 4));
	chip->bbt_block[0] = chip->bbt_block[1] = -1;
	chip->bbt_version[0] = chip->bbt_version[1] = 0;

	if (chip->options & NAND_OPT_BBT_FLASH) {
		ret = find_table(chip, 0);
		if (!ret)
			ret = find_table(chip, 1);
		if (ret)
			return ret;
		if ((chip->bbt_block[0] >= 0 || chip->bbt_block[1] >= 0) && !use_flash_table(chip)) {
			count_stats(chip);
			return 0;
		}
		memset(chip->bbt, 0, DIV_ROUND_UP(chip->numblocks, 4));
		chip->bbt_block[0] = chip->bbt_block[1] = -1;
	}
	ret = scan_factory(chip);
	if (ret)
		return ret;
	if ((chip->options & NAND_OPT_BBT_FLASH) && (chip->options & NAND_OPT_BBT_CREATE))
		nand_bbt_write(chip);
	count_stats(chip);
	return 0;
}

int nand_block_isbad_nb(struct nand_chip *chip, uint32_t block)
{
	switch (nand_bbt_get(chip, block)) {
	case NAND_BLK_GOOD:
		return 0;
	case NAND_BLK_RESERVED:
		return 2;
	default:
		return 1;
	}
}

/*
 * As Linux: erase the block (best effort, so the marker programs cleanly),
 * write the factory-style marker into the OOB of its first two pages, mark
 * it worn in RAM and, when a flash table is in use, write a new version.
 */
int nand_block_markbad_nb(struct nand_chip *chip, uint32_t block)
{
	uint8_t *oob = chip->buf + chip->geo.pagesize;
	uint32_t first = block * pages_per_block(chip);
	int ret, mret = 0, bret = 0, p;

	if (block >= chip->numblocks)
		return -EINVAL;
	for (p = 0; p < 2; p++)
		if (chip->bbt_block[p] == (int)block)
			chip->bbt_block[p] = -1; /* the table moves elsewhere */
	nand_erase_block(chip, block);
	for (p = 0; p < 2; p++) {
		memset(oob, 0xff, chip->geo.oobsize);
		oob[chip->geo.badblockpos] = 0;
		ret = nand_write_oob_raw(chip, first + (uint32_t)p, oob);
		if (ret && !mret)
			mret = ret;
	}
	nand_bbt_set(chip, block, NAND_BLK_WORN);
	if (chip->options & NAND_OPT_BBT_FLASH &&
	    (chip->bbt_block[0] >= 0 || chip->bbt_block[1] >= 0 || chip->options & NAND_OPT_BBT_CREATE))
		bret = nand_bbt_write(chip);
	count_stats(chip);
	if (mret && bret)
		return mret;
	return 0;
}

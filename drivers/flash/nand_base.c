/* NAND core: command sequences (small and large page), page/OOB I/O with ECC, scan, mtd_info glue. */
#include <stdlib.h>
#include "nand_core.h"

#define TIMEOUT_MARGIN_US 1000

static const struct nand_timings *chip_timings(const struct nand_chip *chip)
{
	return chip->geo.timings ? chip->geo.timings : &nand_timings_safe;
}

static void sel(struct nand_chip *chip, bool on)
{
	chip->ctrl->select(chip, on);
}

static int wait_busy(struct nand_chip *chip, uint32_t max_us)
{
	return chip->ctrl->wait_ready(chip, 2 * max_us + TIMEOUT_MARGIN_US);
}

/* Column then row address cycles, as the chip's page size wants them. */
static void send_addr(struct nand_chip *chip, uint32_t col, uint32_t page)
{
	unsigned int i;

	chip->ctrl->addr(chip, (uint8_t)col);
	if (chip->geo.col_cycles > 1)
		chip->ctrl->addr(chip, (uint8_t)(col >> 8));
	for (i = 0; i < chip->geo.row_cycles; i++)
		chip->ctrl->addr(chip, (uint8_t)(page >> (8 * i)));
}

static void send_row(struct nand_chip *chip, uint32_t page)
{
	unsigned int i;

	for (i = 0; i < chip->geo.row_cycles; i++)
		chip->ctrl->addr(chip, (uint8_t)(page >> (8 * i)));
}

int nand_reset(struct nand_chip *chip)
{
	int ret;

	sel(chip, true);
	chip->ctrl->cmd(chip, NAND_CMD_RESET);
	ret = wait_busy(chip, chip_timings(chip)->tRST_us);
	sel(chip, false);
	return ret;
}

int nand_read_id(struct nand_chip *chip, uint8_t *id, size_t len)
{
	sel(chip, true);
	chip->ctrl->cmd(chip, NAND_CMD_READID);
	chip->ctrl->addr(chip, 0);
	chip->ctrl->read_buf(chip, id, len);
	sel(chip, false);
	return 0;
}

static int status_locked(struct nand_chip *chip)
{
	uint8_t st;

	chip->ctrl->cmd(chip, NAND_CMD_STATUS);
	chip->ctrl->read_buf(chip, &st, 1);
	return st;
}

int nand_read_status(struct nand_chip *chip)
{
	int st;

	sel(chip, true);
	st = status_locked(chip);
	sel(chip, false);
	return st;
}

/* After program/erase: the chip's verdict. */
static int check_status(struct nand_chip *chip)
{
	int st = status_locked(chip);

	if (!(st & NAND_STATUS_WP))
		return -EROFS;
	if (st & NAND_STATUS_FAIL)
		return -EIO;
	return 0;
}

/* Start a page read at column col (large page: col may reach into the OOB). */
static int start_read(struct nand_chip *chip, uint32_t page, uint32_t col)
{
	if (chip->geo.large_page) {
		chip->ctrl->cmd(chip, NAND_CMD_READ0);
		send_addr(chip, col, page);
		chip->ctrl->cmd(chip, NAND_CMD_READSTART);
	} else if (col >= chip->geo.pagesize) {
		chip->ctrl->cmd(chip, NAND_CMD_READOOB);
		send_addr(chip, col - chip->geo.pagesize, page);
	} else {
		chip->ctrl->cmd(chip, col >= 256 ? NAND_CMD_READ1 : NAND_CMD_READ0);
		send_addr(chip, col & 0xff, page);
	}
	return wait_busy(chip, chip_timings(chip)->tR_us);
}

static void start_prog(struct nand_chip *chip, uint32_t page, uint32_t col)
{
	if (!chip->geo.large_page) {
		/* small page: the pointer command selects the area being programmed */
		chip->ctrl->cmd(chip, col >= chip->geo.pagesize ? NAND_CMD_READOOB : NAND_CMD_READ0);
		if (col >= chip->geo.pagesize)
			col -= chip->geo.pagesize;
	}
	chip->ctrl->cmd(chip, NAND_CMD_SEQIN);
	send_addr(chip, col, page);
}

static int finish_prog(struct nand_chip *chip)
{
	int ret;

	chip->ctrl->cmd(chip, NAND_CMD_PAGEPROG);
	ret = wait_busy(chip, chip_timings(chip)->tPROG_us);
	if (!ret)
		ret = check_status(chip);
	return ret;
}

int nand_read_oob_raw(struct nand_chip *chip, uint32_t page, uint8_t *oob)
{
	int ret;

	sel(chip, true);
	ret = start_read(chip, page, chip->geo.pagesize);
	if (!ret)
		chip->ctrl->read_buf(chip, oob, chip->geo.oobsize);
	sel(chip, false);
	return ret;
}

int nand_write_oob_raw(struct nand_chip *chip, uint32_t page, const uint8_t *oob)
{
	int ret;

	sel(chip, true);
	start_prog(chip, page, chip->geo.pagesize);
	chip->ctrl->write_buf(chip, oob, chip->geo.oobsize);
	ret = finish_prog(chip);
	sel(chip, false);
	return ret;
}

int nand_erase_block(struct nand_chip *chip, uint32_t block)
{
	int ret;

	sel(chip, true);
	chip->ctrl->cmd(chip, NAND_CMD_ERASE1);
	send_row(chip, block << (chip->geo.block_shift - chip->geo.page_shift));
	chip->ctrl->cmd(chip, NAND_CMD_ERASE2);
	ret = wait_busy(chip, chip_timings(chip)->tBERS_us);
	if (!ret)
		ret = check_status(chip);
	sel(chip, false);
	return ret;
}

static void ecc_gather(const struct nand_chip *chip, const uint8_t *oob, uint8_t *code)
{
	unsigned int i, n = 0;

	for (i = 0; i < chip->ecc.n_eccpos; i++) {
		memcpy(code + n, oob + chip->ecc.eccpos[i].offset, chip->ecc.eccpos[i].length);
		n += chip->ecc.eccpos[i].length;
	}
}

static void ecc_scatter(const struct nand_chip *chip, uint8_t *oob, const uint8_t *code)
{
	unsigned int i, n = 0;

	for (i = 0; i < chip->ecc.n_eccpos; i++) {
		memcpy(oob + chip->ecc.eccpos[i].offset, code + n, chip->ecc.eccpos[i].length);
		n += chip->ecc.eccpos[i].length;
	}
}

/* Correct one step; an uncorrectable step that is really an erased one is fine. */
static int fix_step(struct nand_chip *chip, uint8_t *dat, uint8_t *code, const uint8_t *calc)
{
	int r;

	if (chip->ecc.mode == NAND_ECC_HW)
		r = chip->ctrl->hwecc_correct(chip, dat, code, calc);
	else if (chip->ecc.mode == NAND_ECC_S3C_LINUX)
		r = nand_s3c_ecc_correct(dat, chip->ecc.size, code, calc);
	else
		r = nand_hamming_correct(dat, chip->ecc.size, code, calc);
	if (r == -EBADMSG)
		r = nand_check_erased(dat, chip->ecc.size, code, chip->ecc.bytes, chip->ecc.strength);
	return r;
}

/*
 * NAND_ECC_S3C_LINUX: move one step of data with the controller's ECC
 * generator restarted before it (Linux's hwctl, then calculate), keeping the
 * first ecc.bytes of what the controller produced.
 */
static void xfer_step_hwecc(struct nand_chip *chip, enum nand_ecc_dir dir, uint8_t *rd,
			    const uint8_t *wr, uint8_t *calc)
{
	uint8_t full[8];

	chip->ctrl->hwecc_enable(chip, dir);
	if (dir == NAND_ECC_READ)
		chip->ctrl->read_buf(chip, rd, chip->ecc.size);
	else
		chip->ctrl->write_buf(chip, wr, chip->ecc.size);
	chip->ctrl->hwecc_calc(chip, full);
	memcpy(calc, full, chip->ecc.bytes);
}

int nand_read_page(struct nand_chip *chip, uint32_t page, uint8_t *dat, uint8_t *oob,
		   enum mtd_oob_mode mode)
{
	const struct nand_geometry *g = &chip->geo;
	uint8_t *d = dat ? dat : chip->buf;
	uint8_t *o = oob ? oob : chip->buf + g->pagesize;
	bool hw = chip->ecc.mode == NAND_ECC_HW && mode != MTD_OPS_RAW;
	bool steps = chip->ecc.mode == NAND_ECC_S3C_LINUX && mode != MTD_OPS_RAW;
	unsigned int s, flips = 0;
	bool bad = false;
	int ret;

	sel(chip, true);
	ret = start_read(chip, page, 0);
	if (!ret) {
		if (hw)
			chip->ctrl->hwecc_enable(chip, NAND_ECC_READ);
		if (steps) {
			for (s = 0; s < chip->ecc.steps; s++)
				xfer_step_hwecc(chip, NAND_ECC_READ, d + s * chip->ecc.size, NULL,
						chip->ecc_calc + s * chip->ecc.bytes);
		} else {
			chip->ctrl->read_buf(chip, d, g->pagesize);
		}
		if (hw)
			chip->ctrl->hwecc_calc(chip, chip->ecc_calc);
		chip->ctrl->read_buf(chip, o, g->oobsize);
	}
	sel(chip, false);
	if (ret || mode == MTD_OPS_RAW || chip->ecc.mode == NAND_ECC_NONE)
		return ret;

	ecc_gather(chip, o, chip->ecc_code);
	for (s = 0; s < chip->ecc.steps; s++) {
		uint8_t *sd = d + s * chip->ecc.size;
		uint8_t *code = chip->ecc_code + s * chip->ecc.bytes;
		uint8_t *calc = chip->ecc_calc + s * chip->ecc.bytes;
		int r;

		if (!hw && !steps)
			nand_hamming_calc(sd, chip->ecc.size, calc);
		r = fix_step(chip, sd, code, calc);
		if (r < 0)
			bad = true;
		else
			flips += (unsigned int)r;
	}
	if (bad)
		return -EBADMSG;
	return (int)flips;
}

int nand_write_page(struct nand_chip *chip, uint32_t page, const uint8_t *dat, const uint8_t *oob,
		    enum mtd_oob_mode mode)
{
	const struct nand_geometry *g = &chip->geo;
	uint8_t *o = chip->buf + g->pagesize;
	bool ecc = mode != MTD_OPS_RAW && chip->ecc.mode != NAND_ECC_NONE;
	bool hw = ecc && chip->ecc.mode == NAND_ECC_HW;
	bool steps = ecc && chip->ecc.mode == NAND_ECC_S3C_LINUX;
	unsigned int s;
	int ret;

	if (!dat)
		return oob ? nand_write_oob_raw(chip, page, oob) : 0;
	if (oob != o) {
		if (oob)
			memcpy(o, oob, g->oobsize);
		else
			memset(o, 0xff, g->oobsize);
	}
	if (ecc && !hw && !steps) {
		for (s = 0; s < chip->ecc.steps; s++)
			nand_hamming_calc(dat + s * chip->ecc.size, chip->ecc.size,
					  chip->ecc_calc + s * chip->ecc.bytes);
		ecc_scatter(chip, o, chip->ecc_calc);
	}

	sel(chip, true);
	start_prog(chip, page, 0);
	if (hw)
		chip->ctrl->hwecc_enable(chip, NAND_ECC_WRITE);
	if (steps) {
		for (s = 0; s < chip->ecc.steps; s++)
			xfer_step_hwecc(chip, NAND_ECC_WRITE, NULL, dat + s * chip->ecc.size,
					chip->ecc_calc + s * chip->ecc.bytes);
		ecc_scatter(chip, o, chip->ecc_calc);
	} else {
		chip->ctrl->write_buf(chip, dat, g->pagesize);
	}
	if (hw) {
		chip->ctrl->hwecc_calc(chip, chip->ecc_calc);
		ecc_scatter(chip, o, chip->ecc_calc);
	}
	chip->ctrl->write_buf(chip, o, g->oobsize);
	ret = finish_prog(chip);
	sel(chip, false);
	return ret;
}

/* ---------------------------------------------------------------- mtd glue */

static uint32_t ofs_block(const struct nand_chip *chip, uint64_t ofs)
{
	return (uint32_t)(ofs >> chip->geo.block_shift);
}

/* Accumulate a page read result: bit counts into stats, worst outcome kept. */
static int account(struct nand_chip *chip, int r, int *worst)
{
	if (r == -EBADMSG) {
		chip->mtd.ecc_stats.failed++;
		*worst = -EBADMSG;
		return 0;
	}
	if (r < 0)
		return r;
	if (r > 0) {
		chip->mtd.ecc_stats.corrected += (uint32_t)r;
		if (*worst == 0)
			*worst = -EUCLEAN;
	}
	return 0;
}

static int nand_mtd_read(struct mtd_info *mtd, uint64_t from, size_t len, void *buf)
{
	struct nand_chip *chip = mtd_to_nand(mtd);
	uint32_t psz = chip->geo.pagesize;
	uint8_t *out = buf;
	int worst = 0, r;

	while (len) {
		uint32_t page = (uint32_t)(from >> chip->geo.page_shift);
		uint32_t col = (uint32_t)(from & (psz - 1));
		size_t n = MIN((size_t)(psz - col), len);
		bool direct = !col && n == psz;

		r = nand_read_page(chip, page, direct ? out : chip->buf, NULL, MTD_OPS_PLACE_OOB);
		r = account(chip, r, &worst);
		if (r)
			return r;
		if (!direct)
			memcpy(out, chip->buf + col, n);
		out += n;
		from += n;
		len -= n;
	}
	return worst;
}

static int nand_mtd_write(struct mtd_info *mtd, uint64_t to, size_t len, const void *buf)
{
	struct nand_chip *chip = mtd_to_nand(mtd);
	const uint8_t *in = buf;
	int ret;

	if ((to | len) & (chip->geo.pagesize - 1))
		return -EINVAL;
	for (; len; len -= chip->geo.pagesize, to += chip->geo.pagesize, in += chip->geo.pagesize) {
		if (nand_bbt_get(chip, ofs_block(chip, to)) == NAND_BLK_RESERVED)
			return -EIO; /* never overwrite the bad block table */
		ret = nand_write_page(chip, (uint32_t)(to >> chip->geo.page_shift), in, NULL,
				      MTD_OPS_PLACE_OOB);
		if (ret)
			return ret;
	}
	return 0;
}

static int nand_mtd_erase(struct mtd_info *mtd, uint64_t addr, uint64_t len)
{
	struct nand_chip *chip = mtd_to_nand(mtd);
	uint32_t b, first = ofs_block(chip, addr), last = ofs_block(chip, addr + len - 1);
	int ret;

	for (b = first; b <= last; b++)
		if (nand_block_isbad_nb(chip, b))
			return -EIO; /* bad or holding the BBT: refuse before touching anything */
	for (b = first; b <= last; b++) {
		ret = nand_erase_block(chip, b);
		if (ret)
			return ret;
	}
	return 0;
}

/* OOB bytes per page the mode makes visible. */
static uint32_t oob_room(const struct nand_chip *chip, enum mtd_oob_mode mode)
{
	return mode == MTD_OPS_AUTO_OOB ? chip->mtd.oobavail : chip->geo.oobsize;
}

/* Copy between a user OOB stream and a raw OOB buffer (AUTO: free bytes only). */
static void oob_xfer(const struct nand_chip *chip, enum mtd_oob_mode mode, uint8_t *raw, uint8_t *user,
		     uint32_t start, uint32_t n, bool to_raw)
{
	unsigned int i;
	uint32_t pos = 0;

	if (mode != MTD_OPS_AUTO_OOB) {
		if (to_raw)
			memcpy(raw + start, user, n);
		else
			memcpy(user, raw + start, n);
		return;
	}
	for (i = 0; i < chip->ecc.n_freepos && n; i++) {
		const struct nand_oob_region *r = &chip->ecc.freepos[i];
		uint32_t skip, take;

		if (start >= pos + r->length) {
			pos += r->length;
			continue;
		}
		skip = start > pos ? start - pos : 0;
		take = MIN(n, (uint32_t)r->length - skip);
		if (to_raw)
			memcpy(raw + r->offset + skip, user, take);
		else
			memcpy(user, raw + r->offset + skip, take);
		user += take;
		n -= take;
		start += take;
		pos += r->length;
	}
}

static int oob_args(struct nand_chip *chip, uint64_t ofs, struct mtd_oob_ops *ops)
{
	uint32_t psz = chip->geo.pagesize;

	if (ops->mode > MTD_OPS_RAW)
		return -EINVAL;
	if (ops->datbuf && ((ofs & (psz - 1)) || (ops->len % psz)))
		return -EINVAL;
	if (ops->oobbuf && ops->ooboffs >= oob_room(chip, ops->mode))
		return -EINVAL;
	if (!ops->oobbuf)
		ops->ooblen = 0;
	if (!ops->datbuf)
		ops->len = 0;
	return 0;
}

static int nand_mtd_read_oob(struct mtd_info *mtd, uint64_t from, struct mtd_oob_ops *ops)
{
	struct nand_chip *chip = mtd_to_nand(mtd);
	uint32_t psz = chip->geo.pagesize, room = oob_room(chip, ops->mode);
	uint32_t page = (uint32_t)(from >> chip->geo.page_shift), start = ops->ooboffs;
	uint8_t *raw = chip->buf + psz;
	int worst = 0, r;

	r = oob_args(chip, from, ops);
	if (r)
		return r;
	while (ops->retlen < ops->len || ops->oobretlen < ops->ooblen) {
		if ((uint64_t)page << chip->geo.page_shift >= mtd->size)
			return -EINVAL;
		if (ops->retlen < ops->len) {
			r = nand_read_page(chip, page, ops->datbuf + ops->retlen, raw, ops->mode);
			r = account(chip, r, &worst);
			ops->retlen += psz;
		} else {
			r = nand_read_oob_raw(chip, page, raw);
		}
		if (r)
			return r;
		if (ops->oobretlen < ops->ooblen) {
			uint32_t n = MIN(room - start, (uint32_t)(ops->ooblen - ops->oobretlen));

			oob_xfer(chip, ops->mode, raw, ops->oobbuf + ops->oobretlen, start, n, false);
			ops->oobretlen += n;
			start = 0;
		}
		page++;
	}
	return worst;
}

static int nand_mtd_write_oob(struct mtd_info *mtd, uint64_t to, struct mtd_oob_ops *ops)
{
	struct nand_chip *chip = mtd_to_nand(mtd);
	uint32_t psz = chip->geo.pagesize, room = oob_room(chip, ops->mode);
	uint32_t page = (uint32_t)(to >> chip->geo.page_shift), start = ops->ooboffs;
	uint8_t *raw = chip->buf + psz;
	int r;

	r = oob_args(chip, to, ops);
	if (r)
		return r;
	while (ops->retlen < ops->len || ops->oobretlen < ops->ooblen) {
		bool have_oob = ops->oobretlen < ops->ooblen;

		if ((uint64_t)page << chip->geo.page_shift >= mtd->size)
			return -EINVAL;
		if (nand_bbt_get(chip, page >> (chip->geo.block_shift - chip->geo.page_shift)) ==
		    NAND_BLK_RESERVED)
			return -EIO;
		memset(raw, 0xff, chip->geo.oobsize);
		if (have_oob) {
			uint32_t n = MIN(room - start, (uint32_t)(ops->ooblen - ops->oobretlen));

			oob_xfer(chip, ops->mode, raw, ops->oobbuf + ops->oobretlen, start, n, true);
			ops->oobretlen += n;
			start = 0;
		}
		if (ops->retlen < ops->len) {
			r = nand_write_page(chip, page, ops->datbuf + ops->retlen, raw,
					    ops->mode == MTD_OPS_RAW ? MTD_OPS_RAW : MTD_OPS_PLACE_OOB);
			ops->retlen += psz;
		} else {
			r = nand_write_oob_raw(chip, page, raw);
		}
		if (r)
			return r;
		page++;
	}
	return 0;
}

static int nand_mtd_isbad(struct mtd_info *mtd, uint64_t ofs)
{
	struct nand_chip *chip = mtd_to_nand(mtd);

	return nand_block_isbad_nb(chip, ofs_block(chip, ofs));
}

static int nand_mtd_markbad(struct mtd_info *mtd, uint64_t ofs)
{
	struct nand_chip *chip = mtd_to_nand(mtd);

	return nand_block_markbad_nb(chip, ofs_block(chip, ofs));
}

static int nand_mtd_scrub(struct mtd_info *mtd, uint64_t ofs)
{
	struct nand_chip *chip = mtd_to_nand(mtd);
	uint32_t blk = ofs_block(chip, ofs);
	int ret;

	if (nand_bbt_get(chip, blk) == NAND_BLK_RESERVED)
		return -EPERM;
	ret = nand_erase_block(chip, blk);
	if (!ret && nand_bbt_get(chip, blk) != NAND_BLK_GOOD) {
		nand_bbt_set(chip, blk, NAND_BLK_GOOD);
		chip->bbt_dirty = true;
	}
	return ret;
}

/* A scrub changed the table: the on-flash copies follow, when the chip keeps them. */
static int nand_mtd_sync(struct mtd_info *mtd)
{
	struct nand_chip *chip = mtd_to_nand(mtd);

	if (!chip->bbt_dirty)
		return 0;
	chip->bbt_dirty = false;
	if (!(chip->options & NAND_OPT_BBT_FLASH) || (chip->bbt_block[0] < 0 && chip->bbt_block[1] < 0))
		return 0;
	return nand_bbt_write(chip);
}

static const struct mtd_ops nand_mtd_ops = {
	.read = nand_mtd_read,
	.write = nand_mtd_write,
	.erase = nand_mtd_erase,
	.read_oob = nand_mtd_read_oob,
	.write_oob = nand_mtd_write_oob,
	.block_isbad = nand_mtd_isbad,
	.block_markbad = nand_mtd_markbad,
	.block_scrub = nand_mtd_scrub,
	.sync = nand_mtd_sync,
};

int nand_ctrl_info(struct mtd_info *mtd, char *buf, size_t size)
{
	struct nand_chip *chip;

	if (!mtd || mtd->parent || mtd->type != MTD_NANDFLASH)
		return 0;
	chip = mtd_to_nand(mtd);
	return chip->ctrl && chip->ctrl->info ? chip->ctrl->info(chip, buf, size) : 0;
}

int nand_get_info(struct mtd_info *mtd, struct nand_info *info)
{
	struct nand_chip *chip;

	if (!mtd || mtd->parent || mtd->type != MTD_NANDFLASH)
		return -ENODEV;
	chip = mtd_to_nand(mtd);
	info->chip_name = chip->geo.name;
	info->maker = chip->geo.maker;
	memcpy(info->id, chip->id, sizeof(info->id));
	info->numblocks = chip->numblocks;
	info->buswidth = chip->geo.buswidth;
	info->ecc = chip->ecc;
	info->timings = chip->geo.timings;
	return 0;
}

/* ---------------------------------------------------------------- scan */

int nand_scan_ident(struct nand_chip *chip)
{
	int ret;

	chip->geo.timings = NULL;
	ret = nand_reset(chip);
	if (ret)
		return ret;
	nand_read_id(chip, chip->id, sizeof(chip->id));
	ret = nand_decode_id(chip->id, sizeof(chip->id), &chip->geo);
	if (ret)
		return ret;
	if (chip->geo.buswidth != 8)
		return -EOPNOTSUPP; /* only 8-bit buses are wired on our boards */
	return 0;
}

static int ecc_setup(struct nand_chip *chip)
{
	struct nand_ecc_ctrl *e = &chip->ecc;
	const struct nand_geometry *g = &chip->geo;

	memset(e, 0, sizeof(*e));
	e->mode = chip->ecc_mode;
	switch (e->mode) {
	case NAND_ECC_SOFT:
		e->size = 256;
		e->bytes = 3;
		e->strength = 1;
		break;
	case NAND_ECC_HW:
		if (!chip->ctrl->hwecc_enable || !chip->ctrl->hwecc_calc || !chip->ctrl->hwecc_correct ||
		    !chip->ctrl->hwecc_bytes)
			return -EOPNOTSUPP;
		e->size = g->pagesize;
		e->bytes = chip->ctrl->hwecc_bytes;
		e->strength = 1;
		break;
	case NAND_ECC_S3C_LINUX:
		/* Linux: 256-byte steps when page_shift > 10, else 512; 3 bytes each */
		if (!chip->ctrl->hwecc_enable || !chip->ctrl->hwecc_calc ||
		    chip->ctrl->hwecc_bytes < 3 || chip->ctrl->hwecc_bytes > 8)
			return -EOPNOTSUPP;
		e->size = g->pagesize > 1024 ? 256 : 512;
		e->bytes = 3;
		e->strength = 1;
		if (g->pagesize < e->size)
			return -EOPNOTSUPP;
		break;
	case NAND_ECC_NONE:
		e->size = g->pagesize;
		break;
	default:
		return -EINVAL;
	}
	e->steps = g->pagesize / e->size;
	e->total = e->steps * e->bytes;
	return nand_ooblayout_default(e, g->pagesize, g->oobsize);
}

int nand_scan_tail(struct nand_chip *chip, const char *name)
{
	struct mtd_info *mtd = &chip->mtd;
	const struct nand_geometry *g = &chip->geo;
	unsigned int i;
	int ret;

	ret = ecc_setup(chip);
	if (ret)
		return ret;
	chip->numblocks = (uint32_t)(g->chipsize >> g->block_shift);
	chip->buf = malloc(g->pagesize + g->oobsize + 2 * chip->ecc.total);
	chip->bbt = malloc(DIV_ROUND_UP(chip->numblocks, 4));
	if (!chip->buf || !chip->bbt) {
		nand_release(chip);
		return -ENOMEM;
	}
	chip->ecc_calc = chip->buf + g->pagesize + g->oobsize;
	chip->ecc_code = chip->ecc_calc + chip->ecc.total;

	memset(mtd, 0, sizeof(*mtd));
	strncpy(mtd->name, name ? name : "nand0", sizeof(mtd->name) - 1);
	mtd->type = MTD_NANDFLASH;
	mtd->size = g->chipsize;
	mtd->erasesize = g->erasesize;
	mtd->writesize = g->pagesize;
	mtd->oobsize = g->oobsize;
	for (i = 0; i < chip->ecc.n_freepos; i++)
		mtd->oobavail += chip->ecc.freepos[i].length;
	mtd->ops = &nand_mtd_ops;
	mtd->priv = chip;

	ret = nand_bbt_scan(chip);
	if (ret) {
		nand_release(chip);
		return ret;
	}
	return 0;
}

void nand_release(struct nand_chip *chip)
{
	free(chip->buf);
	free(chip->bbt);
	chip->buf = chip->bbt = NULL;
	chip->ecc_calc = chip->ecc_code = NULL;
}

/* A fault-injecting MTD over a memory-mapped device: power cuts mid-program/erase, NAND-like pages and bad blocks. */
#include "mtd_fault.h"

static struct mtd_fault *fault_of(struct mtd_info *mtd)
{
	return mtd->priv;
}

static bool fault_block_bad(struct mtd_fault *f, uint64_t ofs)
{
	uint64_t b = ofs / f->mtd.erasesize;

	return f->nand && b < sizeof(f->badmap) * 8 && (f->badmap[b / 8] >> (b % 8) & 1);
}

/* Count one program/erase; true when this one is the cut. */
static bool fault_tick(struct mtd_fault *f)
{
	f->ops++;
	return f->fail_at && f->ops == f->fail_at;
}

static void fault_program(struct mtd_fault *f, uint64_t to, size_t len, const uint8_t *buf)
{
	uint8_t *p = f->mem + to;
	size_t i;

	for (i = 0; i < len; i++) {
		if (f->nand && p[i] != 0xff)
			f->violations++;
		p[i] = f->nor_and ? (p[i] & buf[i]) : buf[i];
	}
}

static int fault_read(struct mtd_info *mtd, uint64_t from, size_t len, void *buf)
{
	struct mtd_fault *f = fault_of(mtd);

	if (f->dead)
		return -EIO;
	memcpy(buf, f->mem + from, len);
	return 0;
}

static int fault_write(struct mtd_info *mtd, uint64_t to, size_t len, const void *buf)
{
	struct mtd_fault *f = fault_of(mtd);
	uint64_t b;

	if (f->dead)
		return -EIO;
	for (b = ALIGN_DOWN(to, (uint64_t)mtd->erasesize); b < to + len; b += mtd->erasesize)
		if (fault_block_bad(f, b))
			return -EIO;
	f->programs++;
	if (fault_tick(f)) {
		if (f->cut == MTD_FAULT_CUT_HALF)
			fault_program(f, to, len / 2, buf);
		else if (f->cut == MTD_FAULT_CUT_FULL)
			fault_program(f, to, len, buf);
		else if (f->cut == MTD_FAULT_CUT_SCATTER)
			for (size_t i = 0; i < len; i += 2)
				fault_program(f, to + i, 1, (const uint8_t *)buf + i);
		f->dead = true;
		return -EIO;
	}
	fault_program(f, to, len, buf);
	return 0;
}

static int fault_erase(struct mtd_info *mtd, uint64_t addr, uint64_t len)
{
	struct mtd_fault *f = fault_of(mtd);
	uint64_t b;

	if (f->dead)
		return -EIO;
	for (b = addr; b < addr + len; b += mtd->erasesize)
		if (fault_block_bad(f, b))
			return -EIO;
	f->erases++;
	if (fault_tick(f)) {
		/* an interrupted erase: half the range erased, half still old */
		if (f->cut == MTD_FAULT_CUT_HALF)
			memset(f->mem + addr, 0xff, len / 2);
		else if (f->cut == MTD_FAULT_CUT_FULL)
			memset(f->mem + addr, 0xff, len);
		else if (f->cut == MTD_FAULT_CUT_SCATTER)
			for (uint64_t i = 0; i < len; i += 512)
				memset(f->mem + addr + i, 0xff, MIN(256, len - i));
		f->dead = true;
		return -EIO;
	}
	memset(f->mem + addr, 0xff, len);
	return 0;
}

static int fault_block_isbad(struct mtd_info *mtd, uint64_t ofs)
{
	struct mtd_fault *f = fault_of(mtd);

	if (f->dead)
		return -EIO;
	return fault_block_bad(f, ofs) ? 1 : 0;
}

static const struct mtd_ops fault_nor_ops = {
	.read = fault_read,
	.write = fault_write,
	.erase = fault_erase,
};

static const struct mtd_ops fault_nand_ops = {
	.read = fault_read,
	.write = fault_write,
	.erase = fault_erase,
	.block_isbad = fault_block_isbad,
};

int mtd_fault_init(struct mtd_fault *f, struct mtd_info *inner, const char *name)
{
	uint8_t *mem = (uint8_t *)mtd_point(inner, 0, inner->size);

	if (!mem || inner->numeraseregions)
		return -EINVAL;
	memset(f, 0, sizeof(*f));
	f->mem = mem;
	strncpy(f->mtd.name, name, sizeof(f->mtd.name) - 1);
	f->mtd.type = MTD_NORFLASH;
	f->mtd.size = inner->size;
	f->mtd.erasesize = inner->erasesize;
	f->mtd.writesize = 1;
	f->mtd.ops = &fault_nor_ops;
	f->mtd.priv = f;
	f->nor_and = true;
	return 0;
}

int mtd_fault_init_nand(struct mtd_fault *f, struct mtd_info *inner, const char *name,
			uint32_t writesize)
{
	int ret = mtd_fault_init(f, inner, name);

	if (ret)
		return ret;
	if (!writesize || inner->erasesize % writesize ||
	    inner->size / inner->erasesize > sizeof(f->badmap) * 8)
		return -EINVAL;
	f->nand = true;
	f->mtd.type = MTD_NANDFLASH;
	f->mtd.writesize = writesize;
	f->mtd.ops = &fault_nand_ops;
	return 0;
}

int mtd_fault_set_bad(struct mtd_fault *f, uint64_t ofs)
{
	uint64_t b = ofs / f->mtd.erasesize;

	if (!f->nand || ofs >= f->mtd.size)
		return -EINVAL;
	f->badmap[b / 8] |= 1u << (b % 8);
	return 0;
}

void mtd_fault_arm(struct mtd_fault *f, unsigned int fail_at, enum mtd_fault_cut cut)
{
	f->ops = f->programs = f->erases = 0;
	f->fail_at = fail_at;
	f->cut = cut;
	f->dead = false;
}

void mtd_fault_power_cycle(struct mtd_fault *f)
{
	f->fail_at = 0;
	f->dead = false;
}

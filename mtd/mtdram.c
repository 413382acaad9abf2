/* mtdram: a RAM-backed MTD device (erase sets 0xFF), for tests and phram. */
#include "mtd.h"

static int mtdram_read(struct mtd_info *mtd, uint64_t from, size_t len, void *buf)
{
	memcpy(buf, (const uint8_t *)mtd->mapped + from, len);
	return 0;
}

static int mtdram_write(struct mtd_info *mtd, uint64_t to, size_t len, const void *buf)
{
	memcpy((uint8_t *)mtd->mapped + to, buf, len);
	return 0;
}

static int mtdram_erase(struct mtd_info *mtd, uint64_t addr, uint64_t len)
{
	memset((uint8_t *)mtd->mapped + addr, 0xff, len);
	return 0;
}

static const struct mtd_ops mtdram_ops = {
	.read = mtdram_read,
	.write = mtdram_write,
	.erase = mtdram_erase,
};

int mtdram_init(struct mtd_info *mtd, const char *name, void *base, uint64_t size, uint32_t erasesize)
{
	if (!erasesize || size % erasesize)
		return -EINVAL;
	memset(mtd, 0, sizeof(*mtd));
	strncpy(mtd->name, name, sizeof(mtd->name) - 1);
	mtd->type = MTD_RAM;
	mtd->size = size;
	mtd->erasesize = erasesize;
	mtd->writesize = 1;
	mtd->ops = &mtdram_ops;
	mtd->mapped = (uintptr_t)base;
	mtd->flags |= MTD_MAPPED;
	return 0;
}

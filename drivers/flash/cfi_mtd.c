/* NOR flash MTD glue: any-alignment writes, erase loops over regions, locking. */
#include "cfi_priv.h"

static bool cfi_range_ok(const struct cfi_flash *f, uint64_t ofs, uint64_t len)
{
	return ofs <= f->size && len <= f->size - ofs;
}

uint32_t cfi_block_at(const struct cfi_flash *f, uint64_t ofs, uint64_t *start)
{
	unsigned int i;

	for (i = 0; i < f->nregions; i++) {
		const struct mtd_erase_region *r = &f->regions[i];
		uint64_t end = r->offset + (uint64_t)r->erasesize * r->numblocks;

		if (ofs >= r->offset && ofs < end) {
			if (start)
				*start = ofs - (ofs - r->offset) % r->erasesize;
			return r->erasesize;
		}
	}
	return 0;
}

/* Chips in a known state (read array, status clear) before an operation at ofs. */
static int cfi_ready(struct cfi_flash *f, uint64_t ofs)
{
	return f->ops->recover ? f->ops->recover(f, (uint32_t)MIN(ofs, f->size - 1)) : 0;
}

int cfi_read(struct cfi_flash *f, uint64_t ofs, size_t len, void *buf)
{
	int ret;

	if (!cfi_range_ok(f, ofs, len))
		return -EINVAL;
	if (!len)
		return 0;
	ret = cfi_ready(f, ofs);
	if (ret)
		return ret;
	memcpy_fromio(buf, f->base + (uintptr_t)ofs, len);
	return 0;
}

/* The bits new sets that old lacks, over n words: this pass reads every byte a program writes. */
#ifdef __arm__
__attribute__((target("arm"), noinline))
#endif
static uint32_t
cfi_bits_to_set(const uint32_t *old, const uint32_t *new, size_t n)
{
	uint32_t bad = 0;

#ifdef __arm__
	/* ARM state: four words a step from both with ldm, 0.75 instructions a byte */
	for (size_t q = n / 4; q; q--)
		__asm__("ldmia	%[o]!, {r4-r7}\n"
			"	ldmia	%[w]!, {r8-r10, r12}\n"
			"	bic	r8, r8, r4\n"
			"	bic	r9, r9, r5\n"
			"	bic	r10, r10, r6\n"
			"	bic	r12, r12, r7\n"
			"	orr	r8, r8, r9\n"
			"	orr	r10, r10, r12\n"
			"	orr	%[b], %[b], r8\n"
			"	orr	%[b], %[b], r10\n"
			: [o] "+r"(old), [w] "+r"(new), [b] "+r"(bad)
			:
			: "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r12", "memory");
	n &= 3;
#endif
	while (n--)
		bad |= *new ++&~*old++;
	return bad;
}

int cfi_programmable(struct cfi_flash *f, uint64_t ofs, size_t len, const void *buf, uint64_t *bad_ofs)
{
	const uint8_t *p = buf;
	uint32_t old[64], new[64];
	int ret;

	if (!cfi_range_ok(f, ofs, len))
		return -EINVAL;
	ret = len ? cfi_ready(f, ofs) : 0;
	if (ret)
		return ret;
	/* words, 256 bytes a pass */
	for (size_t done = 0; done < len;) {
		size_t n = MIN(len - done, sizeof(old));
		const uint32_t *np = new;

		old[(n - 1) / 4] = 0xffffffffu; /* a partial last word compares as erased */
		memcpy_fromio(old, f->base + (uintptr_t)(ofs + done), n);
		if ((uintptr_t)(p + done) & 3 || n & 3) {
			new[(n - 1) / 4] = 0;
			memcpy(new, p + done, n);
		} else {
			np = (const uint32_t *)(p + done);
		}
		if (cfi_bits_to_set(old, np, (n + 3) / 4)) {
			const uint8_t *o = (const uint8_t *)old, *q = p + done;
			size_t i = 0;

			while ((q[i] & o[i]) == q[i])
				i++;
			*bad_ofs = ofs + done + i;
			return -ENOTEMPTY;
		}
		done += n;
	}
	return 0;
}

static uint32_t cfi_le_word(const uint8_t *p, unsigned int bw)
{
	uint32_t v = 0;
	unsigned int i;

	for (i = 0; i < bw; i++)
		v |= (uint32_t)p[i] << (8 * i);
	return v;
}

/*
 * Partial bus words are read, merged and programmed whole (the untouched
 * bytes are programmed with their own value, which changes nothing). Full
 * words go through the write buffer when the chip has one, split so that no
 * buffer crosses a buffer-aligned window, else one word program each.
 */
int cfi_write(struct cfi_flash *f, uint64_t ofs, size_t len, const void *buf)
{
	const uint8_t *p = buf;
	unsigned int bw = f->bankwidth;
	uint64_t pos = ofs, end = ofs + len, bad;
	/* range, chips ready, and nothing that needs an erase, before anything is programmed */
	int ret = cfi_programmable(f, ofs, len, p, &bad);

	if (ret)
		return ret;
	while (pos < end) {
		uint32_t wofs = (uint32_t)pos & ~(bw - 1);
		uint32_t n;

		if (pos != wofs || end - pos < bw) {
			uint8_t w[4];
			uint32_t lead = (uint32_t)pos - wofs;

			n = (uint32_t)MIN((uint64_t)(bw - lead), end - pos);
			memcpy_fromio(w, f->base + wofs, bw);
			memcpy(w + lead, p, n);
			ret = f->ops->write_word(f, wofs, cfi_le_word(w, bw));
		} else if (f->wbufsize && f->ops->write_buffer && end - pos >= 2u * bw) {
			uint64_t win_end = ALIGN_DOWN(pos, (uint64_t)f->wbufsize) + f->wbufsize;
			uint64_t stop = MIN(win_end, ALIGN_DOWN(end, (uint64_t)bw));

			n = (uint32_t)(stop - pos);
			if (n >= 2 * bw) {
				ret = f->ops->write_buffer(f, wofs, p, n);
			} else {
				n = bw;
				ret = f->ops->write_word(f, wofs, cfi_le_word(p, bw));
			}
		} else {
			n = bw;
			ret = f->ops->write_word(f, wofs, cfi_le_word(p, bw));
		}
		if (ret)
			return ret;
		pos += n;
		p += n;
	}
	return 0;
}

int cfi_erase(struct cfi_flash *f, uint64_t ofs, uint64_t len)
{
	uint64_t pos = ofs, start, end = ofs + len;
	uint32_t bs;
	int ret;

	if (!cfi_range_ok(f, ofs, len))
		return -EINVAL;
	if (!len)
		return 0;
	bs = cfi_block_at(f, ofs, &start);
	if (!bs || start != ofs)
		return -EINVAL;
	if (end != f->size && (!cfi_block_at(f, end, &start) || start != end))
		return -EINVAL;
	ret = cfi_ready(f, ofs);
	if (ret)
		return ret;
	while (pos < end) {
		bs = cfi_block_at(f, pos, NULL);
		ret = f->ops->erase_block(f, (uint32_t)pos);
		if (ret)
			return ret;
		pos += bs;
	}
	return 0;
}

int cfi_erase_chip(struct cfi_flash *f)
{
	int ret;

	if (!f->ops->erase_chip)
		return cfi_erase(f, 0, f->size);
	ret = cfi_ready(f, 0);
	if (!ret)
		ret = f->ops->erase_chip(f);
	return ret;
}

int cfi_lock(struct cfi_flash *f, uint64_t ofs, uint64_t len, bool lock)
{
	uint64_t pos, end = ofs + len;
	int ret;

	if (!cfi_range_ok(f, ofs, len))
		return -EINVAL;
	if (!f->ops->lock)
		return -EOPNOTSUPP;
	if (!len)
		return 0;
	if (!cfi_block_at(f, ofs, &pos))
		return -EINVAL;
	ret = cfi_ready(f, pos);
	if (ret)
		return ret;
	for (; pos < end; pos += cfi_block_at(f, pos, NULL)) {
		ret = f->ops->lock(f, (uint32_t)pos, lock);
		if (ret)
			return ret;
	}
	return 0;
}

int cfi_is_locked(struct cfi_flash *f, uint64_t ofs, uint64_t len)
{
	uint64_t pos, end = ofs + len;
	int ret;

	if (!cfi_range_ok(f, ofs, len))
		return -EINVAL;
	if (!f->ops->is_locked || !len)
		return 0;
	if (!cfi_block_at(f, ofs, &pos))
		return -EINVAL;
	ret = cfi_ready(f, pos);
	if (ret)
		return ret;
	for (; pos < end; pos += cfi_block_at(f, pos, NULL))
		if (f->ops->is_locked(f, (uint32_t)pos))
			return 1;
	return 0;
}

/* ---- mtd_ops ---- */

static struct cfi_flash *mtd_to_cfi(struct mtd_info *mtd)
{
	return mtd->priv;
}

static int cfi_mtd_read(struct mtd_info *mtd, uint64_t from, size_t len, void *buf)
{
	return cfi_read(mtd_to_cfi(mtd), from, len, buf);
}

static int cfi_mtd_write(struct mtd_info *mtd, uint64_t to, size_t len, const void *buf)
{
	return cfi_write(mtd_to_cfi(mtd), to, len, buf);
}

static int cfi_mtd_erase(struct mtd_info *mtd, uint64_t addr, uint64_t len)
{
	return cfi_erase(mtd_to_cfi(mtd), addr, len);
}

static int cfi_mtd_lock(struct mtd_info *mtd, uint64_t ofs, uint64_t len)
{
	return cfi_lock(mtd_to_cfi(mtd), ofs, len, true);
}

static int cfi_mtd_unlock(struct mtd_info *mtd, uint64_t ofs, uint64_t len)
{
	return cfi_lock(mtd_to_cfi(mtd), ofs, len, false);
}

static int cfi_mtd_is_locked(struct mtd_info *mtd, uint64_t ofs, uint64_t len)
{
	return cfi_is_locked(mtd_to_cfi(mtd), ofs, len);
}

static int cfi_mtd_point(struct mtd_info *mtd, uint64_t ofs)
{
	return cfi_ready(mtd_to_cfi(mtd), ofs);
}

static const struct mtd_ops cfi_mtd_ops = {
	.read = cfi_mtd_read,
	.write = cfi_mtd_write,
	.erase = cfi_mtd_erase,
	.lock = cfi_mtd_lock,
	.unlock = cfi_mtd_unlock,
	.is_locked = cfi_mtd_is_locked,
	.point = cfi_mtd_point,
};

int cfi_register_mtd(struct cfi_flash *f, const char *name)
{
	struct mtd_info *mtd = &f->mtd;
	unsigned int i;

	if (!f->ops || !f->nregions || !name || !name[0])
		return -EINVAL;
	/* never clear an mtd_info that sits in the registry */
	if (mtd->name[0] && mtd_find(mtd->name) == mtd)
		return -EBUSY;
	if (mtd_find(name))
		return -EEXIST;
	memset(mtd, 0, sizeof(*mtd));
	strncpy(mtd->name, name, sizeof(mtd->name) - 1);
	mtd->type = MTD_NORFLASH;
	mtd->size = f->size;
	mtd->writesize = 1;
	for (i = 0; i < f->nregions; i++)
		mtd->erasesize = MAX(mtd->erasesize, f->regions[i].erasesize);
	mtd->numeraseregions = f->nregions;
	mtd->eraseregions = f->regions;
	mtd->ops = &cfi_mtd_ops;
	mtd->priv = f;
	mtd->mapped = f->base;
	mtd->flags |= MTD_MAPPED;
	return mtd_register(mtd);
}

struct cfi_flash *cfi_from_mtd(struct mtd_info *mtd)
{
	struct mtd_info *m = mtd_master(mtd);

	return m->ops == &cfi_mtd_ops ? m->priv : NULL;
}

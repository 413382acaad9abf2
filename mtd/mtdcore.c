/* MTD core: the device registry, the checked wrappers and partitions. */
#include <stdlib.h>
#include "mtd.h"

static struct mtd_info *mtd_list;
static int mtd_next_index;

int mtd_register(struct mtd_info *mtd)
{
	struct mtd_info **pp;

	if (!mtd->name[0] || mtd_find(mtd->name))
		return -EEXIST;
	mtd->next = NULL;
	mtd->index = mtd_next_index++;
	for (pp = &mtd_list; *pp; pp = &(*pp)->next)
		;
	*pp = mtd;
	return 0;
}

void mtd_unregister(struct mtd_info *mtd)
{
	struct mtd_info **pp;

	for (pp = &mtd_list; *pp; pp = &(*pp)->next) {
		if (*pp == mtd) {
			*pp = mtd->next;
			mtd->next = NULL;
			return;
		}
	}
}

struct mtd_info *mtd_find(const char *name)
{
	struct mtd_info *m;

	for (m = mtd_list; m; m = m->next)
		if (!strcmp(m->name, name))
			return m;
	return NULL;
}

struct mtd_info *mtd_first(void)
{
	return mtd_list;
}

struct mtd_info *mtd_master(struct mtd_info *mtd)
{
	while (mtd->parent)
		mtd = mtd->parent;
	return mtd;
}

bool mtd_has_oob(const struct mtd_info *mtd)
{
	return mtd->oobsize != 0;
}

/* Translate a partition offset to the master device; returns the master. */
static struct mtd_info *mtd_resolve(struct mtd_info *mtd, uint64_t *ofs)
{
	while (mtd->parent) {
		*ofs += mtd->offset;
		mtd = mtd->parent;
	}
	return mtd;
}

static bool mtd_is_ro(const struct mtd_info *mtd)
{
	for (; mtd; mtd = mtd->parent)
		if (mtd->flags & MTD_RO)
			return true;
	return false;
}

static int mtd_check_range(const struct mtd_info *mtd, uint64_t ofs, uint64_t len)
{
	if (ofs > mtd->size || len > mtd->size - ofs)
		return -EINVAL;
	return 0;
}

uint32_t mtd_erasesize_at(struct mtd_info *mtd, uint64_t ofs)
{
	unsigned int i;
	struct mtd_info *m = mtd_resolve(mtd, &ofs);

	for (i = 0; i < m->numeraseregions; i++) {
		const struct mtd_erase_region *r = &m->eraseregions[i];
		uint64_t end = r->offset + (uint64_t)r->erasesize * r->numblocks;

		if (ofs >= r->offset && ofs < end)
			return r->erasesize;
	}
	return m->erasesize;
}

bool mtd_multiple_of(uint64_t v, uint32_t d)
{
	return (d & (d - 1)) ? v % d == 0 : !(v & (d - 1));
}

bool mtd_is_erase_aligned(struct mtd_info *mtd, uint64_t ofs)
{
	unsigned int i;
	struct mtd_info *m = mtd_resolve(mtd, &ofs);

	if (ofs == m->size)
		return true;
	for (i = 0; i < m->numeraseregions; i++) {
		const struct mtd_erase_region *r = &m->eraseregions[i];
		uint64_t end = r->offset + (uint64_t)r->erasesize * r->numblocks;

		if (ofs >= r->offset && ofs < end)
			return mtd_multiple_of(ofs - r->offset, r->erasesize);
	}
	return m->erasesize && mtd_multiple_of(ofs, m->erasesize);
}

static uint32_t mtd_min_erasesize(const struct mtd_info *m)
{
	uint32_t min = m->erasesize;

	for (unsigned int i = 0; i < m->numeraseregions; i++)
		if (m->eraseregions[i].erasesize < min)
			min = m->eraseregions[i].erasesize;
	return min ? min : 1;
}

/* First and last protect units touched by [ofs, ofs+len) of master m */
static void mtd_prot_units(const struct mtd_info *m, uint64_t ofs, uint64_t len, uint32_t *first,
			   uint32_t *last)
{
	*first = (uint32_t)(ofs / m->protect_unit);
	*last = (uint32_t)((ofs + len - 1) / m->protect_unit);
}

bool mtd_is_protected(struct mtd_info *mtd, uint64_t ofs, uint64_t len)
{
	struct mtd_info *m = mtd_resolve(mtd, &ofs);
	uint32_t first, last;

	if (!m->protect || !len)
		return false;
	mtd_prot_units(m, ofs, len, &first, &last);
	for (uint32_t u = first; u <= last; u++)
		if (m->protect[u / 8] & (1u << (u % 8)))
			return true;
	return false;
}

int mtd_protect(struct mtd_info *mtd, uint64_t ofs, uint64_t len, bool on)
{
	struct mtd_info *m;
	uint64_t end;
	uint32_t first, last;

	if (mtd_check_range(mtd, ofs, len) || !len)
		return -EINVAL;
	m = mtd_resolve(mtd, &ofs);
	if (!m->protect) {
		m->protect_unit = mtd_min_erasesize(m);
		m->protect = calloc(1, (size_t)(m->size / m->protect_unit + 8) / 8);
		if (!m->protect)
			return -ENOMEM;
	}
	/* widen to erase blocks */
	end = ofs + len;
	ofs -= ofs % m->protect_unit;
	end += (m->protect_unit - end % m->protect_unit) % m->protect_unit;
	while (!mtd_is_erase_aligned(m, ofs))
		ofs -= m->protect_unit;
	while (!mtd_is_erase_aligned(m, end))
		end += m->protect_unit;
	mtd_prot_units(m, ofs, end - ofs, &first, &last);
	for (uint32_t u = first; u <= last; u++) {
		if (on)
			m->protect[u / 8] |= (uint8_t)(1u << (u % 8));
		else
			m->protect[u / 8] &= (uint8_t) ~(1u << (u % 8));
	}
	return 0;
}

int mtd_read(struct mtd_info *mtd, uint64_t from, size_t len, void *buf)
{
	struct mtd_info *m;
	int ret;

	if (mtd_check_range(mtd, from, len))
		return -EINVAL;
	if (!len)
		return 0;
	m = mtd_resolve(mtd, &from);
	ret = m->ops->read(m, from, len, buf);
	if (mtd != m) {
		if (ret == -EUCLEAN)
			mtd->ecc_stats.corrected++;
		else if (ret == -EBADMSG)
			mtd->ecc_stats.failed++;
	}
	return ret;
}

int mtd_write(struct mtd_info *mtd, uint64_t to, size_t len, const void *buf)
{
	struct mtd_info *m;

	if (mtd_check_range(mtd, to, len))
		return -EINVAL;
	if (mtd_is_ro(mtd) || mtd_is_protected(mtd, to, len))
		return -EROFS;
	if (!len)
		return 0;
	m = mtd_resolve(mtd, &to);
	if (m->writesize > 1 && (to % m->writesize || len % m->writesize))
		return -EINVAL;
	if (!m->ops->write)
		return -EROFS;
	return m->ops->write(m, to, len, buf);
}

int mtd_erase(struct mtd_info *mtd, uint64_t addr, uint64_t len)
{
	struct mtd_info *m;

	if (mtd_check_range(mtd, addr, len))
		return -EINVAL;
	if (mtd_is_ro(mtd) || mtd_is_protected(mtd, addr, len))
		return -EROFS;
	if (!len)
		return 0;
	if (!mtd_is_erase_aligned(mtd, addr) || !mtd_is_erase_aligned(mtd, addr + len))
		return -EINVAL;
	m = mtd_resolve(mtd, &addr);
	if (!m->ops->erase)
		return -EROFS;
	return m->ops->erase(m, addr, len);
}

int mtd_read_oob(struct mtd_info *mtd, uint64_t from, struct mtd_oob_ops *ops)
{
	struct mtd_info *m;

	ops->retlen = ops->oobretlen = 0;
	if (mtd_check_range(mtd, from, ops->len))
		return -EINVAL;
	m = mtd_resolve(mtd, &from);
	if (!m->ops->read_oob)
		return -EOPNOTSUPP;
	return m->ops->read_oob(m, from, ops);
}

int mtd_write_oob(struct mtd_info *mtd, uint64_t to, struct mtd_oob_ops *ops)
{
	struct mtd_info *m;

	ops->retlen = ops->oobretlen = 0;
	if (mtd_check_range(mtd, to, ops->len))
		return -EINVAL;
	if (mtd_is_ro(mtd))
		return -EROFS;
	m = mtd_resolve(mtd, &to);
	if (!m->ops->write_oob)
		return -EOPNOTSUPP;
	return m->ops->write_oob(m, to, ops);
}

int mtd_block_isbad(struct mtd_info *mtd, uint64_t ofs)
{
	struct mtd_info *m;

	if (ofs >= mtd->size)
		return -EINVAL;
	m = mtd_resolve(mtd, &ofs);
	if (!m->ops->block_isbad)
		return 0;
	return m->ops->block_isbad(m, ofs);
}

int mtd_block_isreserved(struct mtd_info *mtd, uint64_t ofs)
{
	int r = mtd_block_isbad(mtd, ofs);

	return r < 0 ? r : r == MTD_BLOCK_RESERVED;
}

/* The checks every block-changing op shares; the master and its offset, or NULL with *err set. */
static struct mtd_info *mtd_block_target(struct mtd_info *mtd, uint64_t *ofs, bool have_op, int *err)
{
	*err = *ofs >= mtd->size ? -EINVAL : mtd_is_ro(mtd) ? -EROFS : 0;
	if (*err)
		return NULL;
	mtd = mtd_resolve(mtd, ofs);
	if (!have_op)
		*err = -EOPNOTSUPP;
	return *err ? NULL : mtd;
}

int mtd_block_scrub(struct mtd_info *mtd, uint64_t ofs)
{
	int err;
	struct mtd_info *m = mtd_block_target(mtd, &ofs, mtd_master(mtd)->ops->block_scrub, &err);

	return m ? m->ops->block_scrub(m, ofs) : err;
}

int mtd_sync(struct mtd_info *mtd)
{
	struct mtd_info *m = mtd_master(mtd);

	return m->ops->sync ? m->ops->sync(m) : 0;
}

int mtd_block_markbad(struct mtd_info *mtd, uint64_t ofs)
{
	int err;
	struct mtd_info *m = mtd_block_target(mtd, &ofs, mtd_master(mtd)->ops->block_markbad, &err);

	return m ? m->ops->block_markbad(m, ofs) : err;
}

// clang-format off
#define MTD_LOCK_OP(fn, op, needrw)                                          \
	int fn(struct mtd_info *mtd, uint64_t ofs, uint64_t len)             \
	{                                                                    \
		struct mtd_info *m;                                          \
		if (mtd_check_range(mtd, ofs, len))                          \
			return -EINVAL;                                      \
		if (needrw && mtd_is_ro(mtd))                                \
			return -EROFS;                                       \
		m = mtd_resolve(mtd, &ofs);                                  \
		if (!m->ops->op)                                             \
			return -EOPNOTSUPP;                                  \
		return m->ops->op(m, ofs, len);                              \
	}
// clang-format on

MTD_LOCK_OP(mtd_lock, lock, 0)
MTD_LOCK_OP(mtd_unlock, unlock, 1)
MTD_LOCK_OP(mtd_is_locked, is_locked, 0)

const void *mtd_point(struct mtd_info *mtd, uint64_t ofs, size_t len)
{
	struct mtd_info *m;

	if (mtd_check_range(mtd, ofs, len))
		return NULL;
	m = mtd_resolve(mtd, &ofs);
	if (!(m->flags & MTD_MAPPED))
		return NULL;
	/* a stray bus write may have left NOR in query or status mode: reads would not be data */
	if (m->ops->point && m->ops->point(m, ofs))
		return NULL;
	return (const void *)(m->mapped + (uintptr_t)ofs);
}

struct mtd_info *mtd_add_partition(struct mtd_info *parent, const char *name, uint64_t offset,
				   uint64_t size, uint32_t flags)
{
	struct mtd_info *p;

	if (offset > parent->size || size > parent->size - offset || !size)
		return NULL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	strncpy(p->name, name, sizeof(p->name) - 1);
	p->type = parent->type;
	p->flags = flags;
	p->size = size;
	p->erasesize = mtd_erasesize_at(parent, offset);
	p->writesize = parent->writesize;
	p->oobsize = parent->oobsize;
	p->oobavail = parent->oobavail;
	p->ops = parent->ops;
	p->parent = parent;
	p->offset = offset;
	if (mtd_register(p)) {
		free(p);
		return NULL;
	}
	return p;
}

void mtd_del_partitions(struct mtd_info *parent)
{
	struct mtd_info *m = mtd_list, *next;

	for (; m; m = next) {
		next = m->next;
		if (m->parent && (!parent || m->parent == parent)) {
			mtd_unregister(m);
			free(m);
		}
	}
}

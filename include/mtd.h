/* The MTD core: flash devices and partitions behind one ops struct and checked wrappers. */
#ifndef FB_MTD_H
#define FB_MTD_H

#include "common.h"

enum mtd_type { MTD_RAM = 1, MTD_NORFLASH = 3, MTD_NANDFLASH = 4 };

#define MTD_RO 0x1     /* whole device or partition is read-only */
#define MTD_MAPPED 0x2 /* master: memory-mapped at `mapped` (which may be 0, as the mini2440's NOR) */

struct mtd_info;

struct mtd_erase_region {
	uint64_t offset; /* start of the region in the device */
	uint32_t erasesize;
	uint32_t numblocks;
};

/* NAND page+OOB access, as Linux's struct mtd_oob_ops. */
enum mtd_oob_mode {
	MTD_OPS_PLACE_OOB = 0, /* OOB bytes at ooboffs in the raw spare area, ECC applied to data */
	MTD_OPS_AUTO_OOB = 1,  /* OOB bytes go to the free (non-ECC) spare bytes */
	MTD_OPS_RAW = 2,       /* no ECC at all; data and spare as stored */
};

struct mtd_oob_ops {
	enum mtd_oob_mode mode;
	size_t len; /* data bytes to transfer (multiple of writesize for NAND) */
	size_t retlen;
	size_t ooblen; /* OOB bytes to transfer */
	size_t oobretlen;
	uint32_t ooboffs;
	uint8_t *datbuf; /* may be NULL for OOB-only */
	uint8_t *oobbuf; /* may be NULL for data-only */
};

struct mtd_ecc_stats {
	uint32_t corrected; /* bits corrected */
	uint32_t failed;    /* uncorrectable pages */
	uint32_t badblocks;
	uint32_t bbtblocks; /* blocks reserved for an on-flash bad block table */
};

/*
 * Driver operations. Offsets are device-relative, already checked by the
 * mtd_* wrappers (bounds, alignment, read-only). Return 0 or a negative
 * errno: -EUCLEAN (read fine after correcting bitflips), -EBADMSG
 * (uncorrectable), -EIO (chip reported failure), -ETIMEDOUT, -EROFS (locked).
 */
struct mtd_ops {
	int (*read)(struct mtd_info *mtd, uint64_t from, size_t len, void *buf);
	int (*write)(struct mtd_info *mtd, uint64_t to, size_t len, const void *buf);
	int (*erase)(struct mtd_info *mtd, uint64_t addr, uint64_t len);
	/* optional */
	int (*read_oob)(struct mtd_info *mtd, uint64_t from, struct mtd_oob_ops *ops);
	int (*write_oob)(struct mtd_info *mtd, uint64_t to, struct mtd_oob_ops *ops);
	int (*block_isbad)(struct mtd_info *mtd, uint64_t ofs); /* MTD_BLOCK_* */
	int (*block_markbad)(struct mtd_info *mtd, uint64_t ofs);
	/* erase a block whatever its bad-block state and record it good (not a BBT block: -EPERM) */
	int (*block_scrub)(struct mtd_info *mtd, uint64_t ofs);
	int (*sync)(struct mtd_info *mtd); /* write back what changed (the on-flash BBT) */
	int (*lock)(struct mtd_info *mtd, uint64_t ofs, uint64_t len);
	int (*unlock)(struct mtd_info *mtd, uint64_t ofs, uint64_t len);
	int (*is_locked)(struct mtd_info *mtd, uint64_t ofs, uint64_t len); /* 1, 0 or -errno */
	/* mapped devices: make the mapping read as data (NOR: chips back in read-array mode) */
	int (*point)(struct mtd_info *mtd, uint64_t ofs);
};

struct mtd_info {
	char name[32];
	enum mtd_type type;
	uint32_t flags; /* MTD_RO */
	uint64_t size;
	uint32_t erasesize;           /* largest erase block */
	uint32_t writesize;           /* minimal write unit: 1 for NOR, page for NAND */
	uint32_t oobsize;             /* spare bytes per page (NAND) */
	uint32_t oobavail;            /* free spare bytes per page for MTD_OPS_AUTO_OOB */
	unsigned int numeraseregions; /* 0: uniform erasesize */
	const struct mtd_erase_region *eraseregions;
	const struct mtd_ops *ops;
	void *priv;
	uintptr_t mapped; /* CPU address of offset 0 when flags has MTD_MAPPED (NOR, RAM) */

	/* partitions */
	struct mtd_info *parent; /* NULL for a master device */
	uint64_t offset;         /* in the parent */

	struct mtd_ecc_stats ecc_stats;
	uint8_t *protect; /* software write protection, one bit per protect_unit (master only) */
	uint32_t protect_unit;
	struct mtd_info *next; /* registry list */
	int index;             /* registry order */
};

/* Registry */
int mtd_register(struct mtd_info *mtd); /* -EEXIST on a duplicate name */
void mtd_unregister(struct mtd_info *mtd);
struct mtd_info *mtd_find(const char *name);
struct mtd_info *mtd_first(void);                  /* iterate with ->next */
struct mtd_info *mtd_master(struct mtd_info *mtd); /* top parent */

/* Checked wrappers: bounds, alignment, read-only; partitions forward to the parent. */
int mtd_read(struct mtd_info *mtd, uint64_t from, size_t len, void *buf);
int mtd_write(struct mtd_info *mtd, uint64_t to, size_t len, const void *buf);
int mtd_erase(struct mtd_info *mtd, uint64_t addr, uint64_t len);
int mtd_read_oob(struct mtd_info *mtd, uint64_t from, struct mtd_oob_ops *ops);
int mtd_write_oob(struct mtd_info *mtd, uint64_t to, struct mtd_oob_ops *ops);
/* Bad-block state of the block holding ofs: what block_isbad returns. */
#define MTD_BLOCK_GOOD 0
#define MTD_BLOCK_BAD 1
#define MTD_BLOCK_RESERVED 2 /* holds the on-flash bad block table: skipped, never erased */
int mtd_block_isbad(struct mtd_info *mtd, uint64_t ofs);      /* MTD_BLOCK_* or -errno */
int mtd_block_isreserved(struct mtd_info *mtd, uint64_t ofs); /* 1, 0 or -errno */
int mtd_block_markbad(struct mtd_info *mtd, uint64_t ofs);
int mtd_block_scrub(struct mtd_info *mtd, uint64_t ofs); /* -EOPNOTSUPP without the op */
int mtd_sync(struct mtd_info *mtd);                      /* 0 without the op */
int mtd_lock(struct mtd_info *mtd, uint64_t ofs, uint64_t len);
int mtd_unlock(struct mtd_info *mtd, uint64_t ofs, uint64_t len);
int mtd_is_locked(struct mtd_info *mtd, uint64_t ofs, uint64_t len);

/*
 * Software write protection (U-Boot's `protect` on flash without lock bits,
 * such as QEMU's pflash): writes and erases touching a protected erase block
 * fail with -EROFS. Ranges are widened to whole erase blocks.
 */
int mtd_protect(struct mtd_info *mtd, uint64_t ofs, uint64_t len, bool on);
bool mtd_is_protected(struct mtd_info *mtd, uint64_t ofs, uint64_t len);

/* Direct pointer to [ofs, ofs+len) for memory-mapped devices, or NULL. */
const void *mtd_point(struct mtd_info *mtd, uint64_t ofs, size_t len);

/* v a multiple of d (d > 0): a mask for the usual power of two, a 64-bit division only otherwise. */
bool mtd_multiple_of(uint64_t v, uint32_t d);

/* Erase-block geometry at an offset (handles several erase regions). */
uint32_t mtd_erasesize_at(struct mtd_info *mtd, uint64_t ofs);
bool mtd_is_erase_aligned(struct mtd_info *mtd, uint64_t ofs); /* ofs on a block boundary (or == size) */
bool mtd_has_oob(const struct mtd_info *mtd);

/* Partitions: a child mtd_info over [offset, offset+size) of parent. */
struct mtd_info *mtd_add_partition(struct mtd_info *parent, const char *name, uint64_t offset,
				   uint64_t size, uint32_t flags);
void mtd_del_partitions(struct mtd_info *parent); /* all partitions of parent (NULL: all) */

/* RAM-backed MTD (erase sets 0xFF); phram and tests use it. */
int mtdram_init(struct mtd_info *mtd, const char *name, void *base, uint64_t size, uint32_t erasesize);

#endif

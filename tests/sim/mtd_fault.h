/* A fault-injecting MTD over a memory-mapped device: power cuts mid-program/erase, NAND-like pages and bad blocks. */
#ifndef FB_MTD_FAULT_H
#define FB_MTD_FAULT_H

#include "mtd.h"

/* What the cut operation leaves behind before the power goes. */
enum mtd_fault_cut {
	MTD_FAULT_CUT_HALF = 0, /* program: first half of the bytes; erase: first half of the range */
	MTD_FAULT_CUT_NONE,     /* nothing of the cut operation reaches the flash */
	MTD_FAULT_CUT_FULL,     /* the operation completes, then the power goes */
	MTD_FAULT_CUT_SCATTER,  /* program: every other byte; erase: every other 256-byte chunk */
};

struct mtd_fault {
	struct mtd_info mtd; /* what the code under test uses */
	uint8_t *mem;        /* the inner device's memory */
	/* counters since the last mtd_fault_arm() */
	unsigned int ops; /* programs + erases */
	unsigned int programs, erases;
	/* injection */
	unsigned int fail_at; /* 1-based operation that is cut; 0: never */
	enum mtd_fault_cut cut;
	bool dead; /* power is off: every operation fails with -EIO */
	/* flash behaviour */
	bool nor_and;            /* programs AND into the old contents, as NOR cells do */
	bool nand;               /* NAND-like: pages, bad blocks, program only erased pages */
	unsigned int violations; /* programs onto non-erased bytes in NAND mode */
	uint8_t badmap[64];      /* one bit per erase block (NAND mode) */
};

/* NOR-like wrapper (byte writes, AND programming) over a mapped mtd such as mtdram. */
int mtd_fault_init(struct mtd_fault *f, struct mtd_info *inner, const char *name);
/* NAND-like wrapper: writesize-byte pages, block_isbad, program-once pages. */
int mtd_fault_init_nand(struct mtd_fault *f, struct mtd_info *inner, const char *name,
			uint32_t writesize);
int mtd_fault_set_bad(struct mtd_fault *f, uint64_t ofs);

/* Reset the counters and cut operation number fail_at (0: never) with mode cut. */
void mtd_fault_arm(struct mtd_fault *f, unsigned int fail_at, enum mtd_fault_cut cut);
/* Power comes back: operations work again, nothing armed. */
void mtd_fault_power_cycle(struct mtd_fault *f);

#endif

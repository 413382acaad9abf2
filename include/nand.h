/* Raw NAND core, public side: command set, ID decoding, ECC, the controller ops, struct nand_chip for
 * controller drivers, scan, and nand_get_info() for commands. Page and bad-block-table operations are
 * private to drivers/flash/ (nand_core.h); everyone else goes through the mtd_info. */
#ifndef FB_NAND_H
#define FB_NAND_H

#include "mtd.h"

/* ONFI/Samsung command set */
#define NAND_CMD_READ0 0x00
#define NAND_CMD_READ1 0x01     /* small page: second half of the data area */
#define NAND_CMD_READOOB 0x50   /* small page: spare area */
#define NAND_CMD_READSTART 0x30 /* large page: read confirm */
#define NAND_CMD_SEQIN 0x80
#define NAND_CMD_PAGEPROG 0x10
#define NAND_CMD_ERASE1 0x60
#define NAND_CMD_ERASE2 0xd0
#define NAND_CMD_STATUS 0x70
#define NAND_CMD_READID 0x90
#define NAND_CMD_RESET 0xff

#define NAND_STATUS_FAIL 0x01
#define NAND_STATUS_READY 0x40
#define NAND_STATUS_WP 0x80 /* set: NOT write-protected */

#define NAND_MFR_SAMSUNG 0xec

/* Datasheet AC limits (minimum times, ns) and maximum busy times (us). */
struct nand_timings {
	uint16_t tCLS, tALS, tWP, tRP, tWH, tREH, tCLH, tALH, tWC, tRC;
	uint32_t tR_us, tPROG_us, tBERS_us, tRST_us;
};

/* One line of the device ID table; pagesize 0 means "decode the 4th ID byte". */
struct nand_flash_dev {
	const char *name;
	uint8_t dev_id;
	uint16_t chip_mib;
	uint16_t pagesize;
	uint16_t oobsize;
	uint32_t erasesize;
	uint8_t bus16;
	const struct nand_timings *timings;
};

struct nand_geometry {
	const char *name;
	uint8_t maker, dev_id;
	uint32_t pagesize, oobsize, erasesize;
	uint64_t chipsize;
	unsigned int page_shift, block_shift;
	unsigned int buswidth;    /* 8 or 16 */
	unsigned int col_cycles;  /* 1 small page, 2 large page */
	unsigned int row_cycles;  /* 2 or 3 */
	unsigned int badblockpos; /* OOB byte of the factory marker */
	bool large_page;
	bool ext_id; /* geometry came from the extended ID byte */
	const struct nand_timings *timings;
};

extern const struct nand_flash_dev nand_flash_ids[];
extern const struct nand_timings nand_timings_safe; /* ONFI mode 0: any chip copes */

/* Decode READ ID bytes (at least 5). 0, -ENODEV (unknown/absent), -EINVAL (inconsistent). */
int nand_decode_id(const uint8_t *id, size_t idlen, struct nand_geometry *geo);
const char *nand_maker_name(uint8_t maker);

/* ---------------------------------------------------------------- ECC */
enum nand_ecc_mode {
	NAND_ECC_SOFT = 0, /* Linux-compatible 1-bit Hamming, 3 bytes per 256 bytes */
	NAND_ECC_HW,       /* controller ECC over the whole page (S3C2440: 4 bytes) */
	NAND_ECC_NONE,
	/* Linux 6.1 s3c2410.c with NAND_ECC_ENGINE_TYPE_ON_HOST (mini2440): the
	 * controller's main ECC restarted per 256-byte step (512 on small pages),
	 * 3 bytes = NFMECC0[23:0], Linux's OOB layout, Linux's correction */
	NAND_ECC_S3C_LINUX,
};

enum nand_ecc_dir { NAND_ECC_READ, NAND_ECC_WRITE };

struct nand_oob_region {
	uint16_t offset, length;
};

#define NAND_MAX_OOB_REGIONS 4

struct nand_ecc_ctrl {
	enum nand_ecc_mode mode;
	unsigned int size;  /* data bytes per ECC step */
	unsigned int bytes; /* ECC bytes per step */
	unsigned int steps;
	unsigned int total;    /* ECC bytes per page */
	unsigned int strength; /* correctable bits per step */
	struct nand_oob_region eccpos[NAND_MAX_OOB_REGIONS];
	unsigned int n_eccpos;
	struct nand_oob_region freepos[NAND_MAX_OOB_REGIONS];
	unsigned int n_freepos;
};

/* Software Hamming, byte-compatible with Linux's ecc-sw-hamming (non-SmartMedia order).
 * step is 256 or 512. correct: 0 clean, 1 one bit fixed (data or ECC), -EBADMSG. */
void nand_hamming_calc(const uint8_t *dat, unsigned int step, uint8_t ecc[3]);
int nand_hamming_correct(uint8_t *dat, unsigned int step, const uint8_t *read_ecc,
			 const uint8_t *calc_ecc);
/* The S3C2410/S3C2440 main ECC as NFMECC0[23:0] after a step of 256 or 512 bytes
 * (datasheet "ECC parity code assignment table", parities stored inverted:
 * erased data gives FF FF FF), computed in software; what NAND_ECC_S3C_LINUX
 * stores. correct: Linux's s3c2410_nand_correct_data() rules, 0 clean, 1 one
 * bit fixed (data or ECC), -EBADMSG. */
void nand_s3c_ecc_calc(const uint8_t *dat, unsigned int step, uint8_t ecc[3]);
int nand_s3c_ecc_correct(uint8_t *dat, unsigned int step, const uint8_t *read_ecc,
			 const uint8_t *calc_ecc);
/* "software Hamming", "controller (page)", ... for reports */
const char *nand_ecc_mode_name(enum nand_ecc_mode mode);
/* An erased chunk with at most threshold zero bits: set it to 0xFF, return the
 * flipped-bit count; otherwise -EBADMSG. */
int nand_check_erased(uint8_t *dat, size_t len, uint8_t *ecc, size_t ecclen, unsigned int threshold);
/* Fill ecc->eccpos/freepos with Linux's default layouts (lp or sp ops). */
int nand_ooblayout_default(struct nand_ecc_ctrl *ecc, uint32_t pagesize, uint32_t oobsize);

/* ---------------------------------------------------------------- controller */
struct nand_chip;

/* What a NAND controller driver provides. Byte-wide bus transactions. */
struct nand_ctrl_ops {
	void (*select)(struct nand_chip *chip, bool on);
	void (*cmd)(struct nand_chip *chip, uint8_t cmd);
	void (*addr)(struct nand_chip *chip, uint8_t addr);
	void (*read_buf)(struct nand_chip *chip, uint8_t *buf, size_t len);
	void (*write_buf)(struct nand_chip *chip, const uint8_t *buf, size_t len);
	int (*wait_ready)(struct nand_chip *chip, uint32_t timeout_us); /* 0 or -ETIMEDOUT */
	/* optional hardware ECC: enable resets and unlocks, calc locks and fetches,
	 * correct returns bits fixed (0/1) or -EBADMSG */
	void (*hwecc_enable)(struct nand_chip *chip, enum nand_ecc_dir dir);
	void (*hwecc_calc)(struct nand_chip *chip, uint8_t *ecc);
	int (*hwecc_correct)(struct nand_chip *chip, uint8_t *dat, const uint8_t *read_ecc,
			     const uint8_t *calc_ecc);
	unsigned int hwecc_bytes; /* ECC bytes per page the hardware produces */
	/* optional: the controller's lines for `nand info` ("  Controller ...\n"), into buf;
	 * returns the length snprintf would */
	int (*info)(struct nand_chip *chip, char *buf, size_t size);
};

/* nand_chip.options */
#define NAND_OPT_BBT_FLASH 0x1  /* look for (and maintain) Linux's on-flash BBT */
#define NAND_OPT_BBT_CREATE 0x2 /* write one when none is found */

struct nand_chip {
	struct mtd_info mtd; /* first member: (struct nand_chip *)mtd */
	const struct nand_ctrl_ops *ctrl;
	void *priv;                  /* the controller driver's state */
	uint32_t options;            /* NAND_OPT_* */
	enum nand_ecc_mode ecc_mode; /* requested before nand_scan_tail() */

	uint8_t id[8];
	struct nand_geometry geo;
	struct nand_ecc_ctrl ecc;
	uint32_t numblocks;

	uint8_t *buf;      /* one page + OOB */
	uint8_t *ecc_calc; /* ecc.total */
	uint8_t *ecc_code;

	uint8_t *bbt;     /* 2 bits per block, NAND_BLK_* codes */
	int bbt_block[2]; /* main ("Bbt0"), mirror ("1tbB"); -1 if absent */
	bool bbt_dirty;   /* changed by a scrub, not yet written back (mtd_sync) */
	uint8_t bbt_version[2];
};

static inline struct nand_chip *mtd_to_nand(struct mtd_info *mtd)
{
	return (struct nand_chip *)mtd;
}

/* Scan: reset + READ ID + decode (geometry in chip->geo), then ECC layout, buffers,
 * mtd_info (type MTD_NANDFLASH, named name) and the bad-block table. */
int nand_scan_ident(struct nand_chip *chip);
int nand_scan_tail(struct nand_chip *chip, const char *name);
void nand_release(struct nand_chip *chip);

/* The controller's `nand info` lines for a NAND master (its optional info op): length, 0 none. */
int nand_ctrl_info(struct mtd_info *mtd, char *buf, size_t size);

/* What `nand info` shows of a NAND master, so commands need not read struct nand_chip */
struct nand_info {
	const char *chip_name; /* NULL: not in the ID table */
	uint8_t maker;
	uint8_t id[5];
	uint32_t numblocks;
	unsigned int buswidth;
	struct nand_ecc_ctrl ecc;
	const struct nand_timings *timings; /* NULL: unknown */
};
/* 0, or -ENODEV when mtd is not a NAND master */
int nand_get_info(struct mtd_info *mtd, struct nand_info *info);

#endif

/* NAND core internals, private to drivers/flash/: page operations and the bad block table behind the
 * mtd_info that nand_scan_tail() registers. Commands and environment code use mtd/ (mtd_io.c). */
#ifndef FB_NAND_CORE_H
#define FB_NAND_CORE_H
#include "nand.h"

/* In-memory BBT codes (2 bits per block) */
#define NAND_BLK_GOOD 0
#define NAND_BLK_WORN 1
#define NAND_BLK_RESERVED 2
#define NAND_BLK_FACTORY_BAD 3

/* Linux's flash BBT descriptor (bbt_main_descr / bbt_mirror_descr defaults) */
#define NAND_BBT_PATTERN_OFFS 8
#define NAND_BBT_PATTERN_LEN 4
#define NAND_BBT_VERSION_OFFS 12
#define NAND_BBT_MAXBLOCKS 4

int nand_reset(struct nand_chip *chip);
int nand_read_id(struct nand_chip *chip, uint8_t *id, size_t len);
int nand_read_status(struct nand_chip *chip); /* status byte or -errno */

/* Page-level access (page = absolute page number). mode: MTD_OPS_RAW (no ECC)
 * or MTD_OPS_PLACE_OOB (ECC on dat; ECC bytes of oob replaced on write).
 * read returns bitflips corrected (>= 0) or -EBADMSG/-ETIMEDOUT; oob may be NULL. */
int nand_read_page(struct nand_chip *chip, uint32_t page, uint8_t *dat, uint8_t *oob,
		   enum mtd_oob_mode mode);
int nand_write_page(struct nand_chip *chip, uint32_t page, const uint8_t *dat, const uint8_t *oob,
		    enum mtd_oob_mode mode);
int nand_read_oob_raw(struct nand_chip *chip, uint32_t page, uint8_t *oob);
int nand_write_oob_raw(struct nand_chip *chip, uint32_t page, const uint8_t *oob);
int nand_erase_block(struct nand_chip *chip, uint32_t block); /* no bad-block check */

/* Bad blocks (nand_bbt.c) */
int nand_bbt_scan(struct nand_chip *chip);
int nand_bbt_get(const struct nand_chip *chip, uint32_t block);
void nand_bbt_set(struct nand_chip *chip, uint32_t block, int code);
int nand_bbt_write(struct nand_chip *chip);                      /* write both copies, new version */
int nand_block_isbad_nb(struct nand_chip *chip, uint32_t block); /* 0, 1 bad, 2 reserved */
int nand_block_markbad_nb(struct nand_chip *chip, uint32_t block);

#endif

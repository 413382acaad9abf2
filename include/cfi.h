/* Parallel NOR flash: CFI/JEDEC probe, Intel 0001/0003 and AMD/SST 0002 command sets, MTD glue. */
#ifndef FB_CFI_H
#define FB_CFI_H

#include "common.h"
#include "mtd.h"

#define CFI_MAX_REGIONS 8

/* Primary vendor command set codes (CFI offset 0x13). */
#define CFI_CMDSET_NONE 0x0000
#define CFI_CMDSET_INTEL_EXT 0x0001 /* Intel/Sharp extended */
#define CFI_CMDSET_AMD_STD 0x0002   /* AMD/Fujitsu standard */
#define CFI_CMDSET_INTEL_STD 0x0003 /* Intel standard */
#define CFI_CMDSET_WINBOND 0x0006   /* AMD-compatible */
#define CFI_CMDSET_SST_OLD 0x0701   /* SST39VF160x and friends: AMD-like, 0x5555/0x2AAA */

/* Typical and maximum time of one operation, as the chip's CFI table gives them. */
struct cfi_time {
	uint32_t typ; /* 0: not given */
	uint32_t max;
};

struct cfi_cmdset_ops;

/* One bank of identical chips side by side on one bus (all fields filled by cfi_probe). */
struct cfi_flash {
	/* bus layout */
	uintptr_t base;
	unsigned int bankwidth;  /* bus width in bytes: 1, 2 or 4 */
	unsigned int interleave; /* chips side by side on the bus */
	unsigned int chipwidth;  /* bytes each chip drives in its current mode */
	unsigned int chiptype;   /* native width of each chip in bytes (x16 in x8 mode: 2) */

	/* identity */
	bool cfi;       /* found by CFI query (else JEDEC ID table) */
	bool sst_entry; /* CFI needed the AA/55/98 three-cycle entry */
	uint16_t cmdset, altcmdset;
	uint16_t ext_addr, alt_addr;
	uint32_t manuf_id, device_id; /* as read in autoselect/read-ID mode (one chip) */
	uint16_t interface;           /* CFI device interface code (0 x8, 1 x16, 2 x8/x16, 3 x32) */
	uint8_t pri_major, pri_minor; /* primary extended table version ('1', '1'), 0 if none */
	uint8_t boot_flag;            /* AMD PRI offset 0xF: 2 bottom, 3 top, 0 unknown */
	uint32_t features;            /* Intel PRI optional feature bits */
	const char *part;             /* JEDEC table name or NULL */

	/* geometry of the whole bank (chip values times interleave) */
	uint64_t size;
	uint32_t chipsize; /* one chip */
	uint32_t wbufsize; /* write buffer bytes on the bus; 0: no write buffer */
	unsigned int nregions;
	struct mtd_erase_region regions[CFI_MAX_REGIONS];

	/* timings from CFI (word/buffer in us, erase in ms) and the time-outs used */
	struct cfi_time t_word_us, t_buf_us, t_erase_ms, t_chip_ms;
	uint32_t tmo_word_us, tmo_buf_us;
	uint64_t tmo_erase_us, tmo_chip_us;
	/* how long a chip may stay busy before an operation starts (an erase a stray
	 * command began): its typical block erase time, so a dead chip fails in about that */
	uint64_t tmo_ready_us;

	/* AMD/SST command details */
	uint32_t unlock1, unlock2; /* command offsets in chip words (0x555/0x2AA or 0x5555/0x2AAA) */
	uint8_t erase_cmd;         /* last cycle of a sector erase (0x30) */

	const struct cfi_cmdset_ops *ops;
	struct mtd_info mtd;
};

/* What `flinfo` shows; pointers stay valid as long as the cfi_flash. */
struct cfi_info {
	const char *manufacturer; /* "Intel", "AMD/Spansion", ... or "unknown" */
	const char *part;         /* JEDEC table name or NULL */
	uint32_t manuf_id, device_id;
	const char *method; /* "CFI" or "JEDEC" */
	uint16_t cmdset;
	const char *cmdset_name;
	unsigned int bankwidth, chipwidth, chiptype, interleave;
	uint64_t size;
	unsigned int nregions;
	const struct mtd_erase_region *regions;
	uint32_t wbufsize;
	struct cfi_time t_word_us, t_buf_us, t_erase_ms, t_chip_ms;
	uint32_t tmo_word_us, tmo_buf_us;
	uint64_t tmo_erase_us, tmo_chip_us, tmo_ready_us;
	uintptr_t base;
};

/*
 * Find the chips at base on a bus of bankwidth bytes (1, 2 or 4): CFI query
 * first (every chip width / interleave that fits the bus), then the JEDEC ID
 * table. maxsize (0: no limit) bounds the bank; a layout whose size exceeds it
 * is rejected. Leaves the chips in read-array mode. 0, -ENODEV or -EINVAL.
 */
int cfi_probe(struct cfi_flash *f, uintptr_t base, unsigned int bankwidth, size_t maxsize);

/* Fill f->mtd (type NOR, writesize 1, regions, mapped = base) and register it as name. */
int cfi_register_mtd(struct cfi_flash *f, const char *name);
/* The cfi_flash behind a registered master (or partition of one), or NULL. */
struct cfi_flash *cfi_from_mtd(struct mtd_info *mtd);

void cfi_get_info(const struct cfi_flash *f, struct cfi_info *info);
const char *cfi_cmdset_name(uint16_t cmdset);
const char *cfi_manufacturer_name(uint32_t manuf_id);

/*
 * Direct access (the MTD ops call these); offsets are bank-relative. Each
 * first puts the chips back in a known state (a stray `mw` may have left a
 * command half done): -ETIMEDOUT when they stay busy past tmo_ready_us.
 * cfi_write programs nothing when a byte would need a 0 bit turned back to 1
 * (U-Boot's "Flash not Erased"): -ENOTEMPTY, erase first.
 */
/* U-Boot's rule for programming buf at ofs: every byte (old & new) == new, so only 1 bits
 * turn to 0 (0x0F over 0xFF passes, 0xFF over 0x0F does not). 0, or -ENOTEMPTY with *bad_ofs
 * the first byte that fails (bank-relative); reads like cfi_read (chips recovered first). */
int cfi_programmable(struct cfi_flash *f, uint64_t ofs, size_t len, const void *buf, uint64_t *bad_ofs);
int cfi_read(struct cfi_flash *f, uint64_t ofs, size_t len, void *buf);
int cfi_write(struct cfi_flash *f, uint64_t ofs, size_t len, const void *buf);
int cfi_erase(struct cfi_flash *f, uint64_t ofs, uint64_t len); /* block-aligned */
int cfi_erase_chip(struct cfi_flash *f);
int cfi_lock(struct cfi_flash *f, uint64_t ofs, uint64_t len, bool lock);
int cfi_is_locked(struct cfi_flash *f, uint64_t ofs, uint64_t len); /* 1 if any block locked */

/* Erase block containing ofs: its start and size (0 when ofs is out of range). */
uint32_t cfi_block_at(const struct cfi_flash *f, uint64_t ofs, uint64_t *start);

#endif

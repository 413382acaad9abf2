/* Samsung S3C2440 (and S3C2410) NAND flash controller: registers, variants, timing solver, init. */
#ifndef FB_S3C2440_NAND_H
#define FB_S3C2440_NAND_H

#include "nand.h"

/* S3C2440 register offsets */
#define S3C2440_NFCONF 0x00
#define S3C2440_NFCONT 0x04
#define S3C2440_NFCMMD 0x08
#define S3C2440_NFADDR 0x0c
#define S3C2440_NFDATA 0x10
#define S3C2440_NFMECCD0 0x14
#define S3C2440_NFMECCD1 0x18
#define S3C2440_NFSECCD 0x1c
#define S3C2440_NFSTAT 0x20
#define S3C2440_NFESTAT0 0x24
#define S3C2440_NFESTAT1 0x28
#define S3C2440_NFMECC0 0x2c
#define S3C2440_NFMECC1 0x30
#define S3C2440_NFSECC 0x34
#define S3C2440_NFSBLK 0x38
#define S3C2440_NFEBLK 0x3c
#define S3C2440_NFC_SIZE 0x40

#define S3C2440_NFCONF_TACLS_SHIFT 12
#define S3C2440_NFCONF_TWRPH0_SHIFT 8
#define S3C2440_NFCONF_TWRPH1_SHIFT 4

// clang-format off
#define S3C2440_NFCONT_MODE (1u << 0)       /* controller enable */
#define S3C2440_NFCONT_NCE (1u << 1)        /* 1: chip deselected */
#define S3C2440_NFCONT_INITECC (1u << 4)    /* write-only: reset both ECC generators */
#define S3C2440_NFCONT_MECCLOCK (1u << 5)
#define S3C2440_NFCONT_SECCLOCK (1u << 6)
#define S3C2440_NFCONT_SOFTLOCK (1u << 12)
#define S3C2440_NFCONT_LOCKTIGHT (1u << 13)
// clang-format on

// clang-format off
#define S3C2440_NFSTAT_READY (1u << 0)      /* RnB pin: 1 ready */
#define S3C2440_NFSTAT_NCE (1u << 1)
#define S3C2440_NFSTAT_TRANS (1u << 2)      /* RnB low->high seen; write 1 to clear */
// clang-format on

/* NFESTAT0 fields (8-bit I/O) */
// clang-format off
#define S3C2440_NFESTAT0_MERR_MASK 0x3u     /* 00 none, 01 one bit, 10 multiple, 11 ECC area */
#define S3C2440_NFESTAT0_MBIT_SHIFT 4       /* [6:4] bit number */
#define S3C2440_NFESTAT0_MBYTE_SHIFT 7      /* [17:7] byte number */
#define S3C2440_NFESTAT0_SERR_SHIFT 2       /* [3:2] spare error */
#define S3C2440_NFESTAT0_SBIT_SHIFT 18      /* [20:18] */
#define S3C2440_NFESTAT0_SBYTE_SHIFT 21     /* [24:21] */
// clang-format on

/* Differences between SoC generations, as data. */
struct s3c2440_nfc_variant {
	const char *name;
	uint8_t off_conf, off_cmd, off_addr, off_data, off_stat;
	uint8_t off_enable, off_nce;     /* register holding the enable / nCE bit */
	uint32_t enable_bit, nce_bit;    /* nce_bit set = deselected */
	uint32_t stat_ready, stat_trans; /* trans 0: poll the ready bit instead */
	uint8_t tacls_shift, twrph0_shift, twrph1_shift;
	uint8_t tacls_regmax, twrph_regmax; /* largest register values */
	uint8_t tacls_plus1; /* 0: TACLS time = T x TACLS (2440); 1: T x (TACLS+1) (2410) */
	uint8_t linux_tacls_max, linux_twrph_max; /* Linux's limits for fixed ns values */
	bool data32;                              /* NFDATA takes 32-bit accesses (4 bus cycles) */
	bool has_hwecc;                           /* S3C2440-style 28-bit main ECC with NFESTAT0 */
};

extern const struct s3c2440_nfc_variant s3c2440_nfc_variant;
extern const struct s3c2440_nfc_variant s3c2410_nfc_variant;

struct s3c2440_nand_timing {
	uint8_t tacls, twrph0, twrph1; /* register values */
};

/* Smallest legal register values for a chip's ns limits at hclk_hz.
 * -EINVAL bad arguments, -ERANGE the chip cannot be met at this clock. */
int s3c2440_nand_calc_timing(const struct s3c2440_nfc_variant *v, uint32_t hclk_hz,
			     const struct nand_timings *t, struct s3c2440_nand_timing *out);
/* Fixed ns values as Linux's platform data: n = ceil(ns x kHz / 1e6), at least 1,
 * -ERANGE above linux_*_max, register = n - 1. */
int s3c2440_nand_fixed_timing(const struct s3c2440_nfc_variant *v, uint32_t hclk_hz,
			      unsigned int tacls_ns, unsigned int twrph0_ns, unsigned int twrph1_ns,
			      struct s3c2440_nand_timing *out);
/* Timing fields as they go into NFCONF */
uint32_t s3c2440_nand_conf_bits(const struct s3c2440_nfc_variant *v,
				const struct s3c2440_nand_timing *t);
/* Nanoseconds one register setting gives (for reports): TACLS, TWRPH0, TWRPH1 in ps */
void s3c2440_nand_timing_ps(const struct s3c2440_nfc_variant *v, uint32_t hclk_hz,
			    const struct s3c2440_nand_timing *t, uint32_t ps[3]);

struct s3c2440_nand_platdata {
	uintptr_t base;                            /* 0x4E000000 on the S3C2440 */
	uint32_t hclk_hz;                          /* 101250000 on mini2440 */
	const struct s3c2440_nfc_variant *variant; /* NULL: s3c2440_nfc_variant */
	bool fixed_timing;                         /* use the ns values below (Linux platform data) */
	uint16_t tacls_ns, twrph0_ns, twrph1_ns;
	enum nand_ecc_mode ecc_mode; /* NAND_ECC_SOFT (Linux-compatible) or NAND_ECC_HW */
	uint32_t options;            /* NAND_OPT_BBT_FLASH, NAND_OPT_BBT_CREATE */
	const char *name;            /* mtd name; NULL: "nand0" */
};

struct s3c2440_nand {
	struct nand_chip chip;
	uintptr_t base;
	uint32_t hclk_hz;
	const struct s3c2440_nfc_variant *v;
	struct s3c2440_nand_timing timing;
	uint32_t nfconf; /* value programmed */
};

/* Enable the controller at the slowest timing, identify the chip, program the
 * timing (derived from the chip's limits, or fixed), scan bad blocks and
 * register the mtd. On error nothing stays registered. */
int s3c2440_nand_init(struct s3c2440_nand *nfc, const struct s3c2440_nand_platdata *pd);
void s3c2440_nand_remove(struct s3c2440_nand *nfc);

#endif

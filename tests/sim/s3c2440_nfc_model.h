/* Host model of the S3C2440 NAND controller on the sim bus: checks timing, chip select, RnB, computes ECC. */
#ifndef S3C2440_NFC_MODEL_H
#define S3C2440_NFC_MODEL_H
#include <stdint.h>
#include <stdbool.h>
#include "nand_model.h"

struct s3c2440_nfc_model {
	uintptr_t base;
	uint32_t hclk_hz;
	struct nand_model *chip;

	uint32_t nfconf, nfcont, nfmeccd0, nfmeccd1, nfseccd, nfsblk, nfeblk;
	bool trans;        /* RnB_TransDetect latch */
	uint64_t busy_end; /* end of the busy period being watched, 0 none */

	/* ECC generators: XOR of all bytes, XOR of indices of odd-parity bytes */
	uint8_t m_col, s_col;
	uint32_t m_addrx, s_addrx, m_idx, s_idx;

	/* checks */
	unsigned int violations;
	char first_violation[160];
	bool check_timing; /* default on */

	/* accounting */
	uint64_t nand_cycles; /* bytes/commands/addresses on the NAND bus */
	uint64_t hclk_cycles; /* HCLK cycles those took */
	double frac_ns;
};

void s3c2440_nfc_model_init(struct s3c2440_nfc_model *m, uintptr_t base, uint32_t hclk_hz,
			    struct nand_model *chip);
/* The ECC the hardware would produce for data (main: up to 2048 bytes -> 4 bytes
 * as NFMECC0; spare: up to 16 bytes -> 2 bytes as NFSECC). */
uint32_t s3c2440_nfc_model_mecc(const uint8_t *data, size_t len);
uint32_t s3c2440_nfc_model_secc(const uint8_t *data, size_t len);

#endif

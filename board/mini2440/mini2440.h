/* mini2440 clock plan and SDRAM: 12 MHz crystal, MPLL 405 MHz, FCLK:HCLK:PCLK = 1:4:8, 64 MiB on bank 6. */
#ifndef MINI2440_H
#define MINI2440_H
#define MINI2440_XTAL_HZ 12000000u
#define MINI2440_FCLK_HZ 405000000u
#define MINI2440_HDIV 4 /* FCLK:HCLK */
#define MINI2440_PDIV 2 /* HCLK:PCLK */
#define MINI2440_HCLK_HZ (MINI2440_FCLK_HZ / MINI2440_HDIV)
#define MINI2440_PCLK_HZ (MINI2440_HCLK_HZ / MINI2440_PDIV)
#define MINI2440_UPLL_HZ 48000000u
/* UPLL dividers from the datasheet's recommendation table for a 12 MHz crystal
 * (m = 64, p = 4, s = 2); the plan checks they give MINI2440_UPLL_HZ. */
#define MINI2440_UPLL_MDIV 56
#define MINI2440_UPLL_PDIV 2
#define MINI2440_UPLL_SDIV 2
#define MINI2440_BAUD 115200u

/* (no U suffixes: lowlevel.S uses these too) */
#define MINI2440_SDRAM_BASE 0x30000000
#define MINI2440_SDRAM_SIZE 0x04000000
#define MINI2440_NFC_BASE 0x4e000000

/* Marker the NAND stage passes in r0 when it enters the SDRAM copy. */
#define MINI2440_NANDBOOT_MAGIC 0x444e414e /* "NAND" */

#ifndef __ASSEMBLY__
#include <stdint.h>
/* Every register value low-level init writes, derived from the plan above. */
struct mini2440_plan {
	uint32_t mpllcon, upllcon, clkdivn, camdivn, locktime;
	uint32_t fclk_hz, hclk_hz, pclk_hz, uclk_hz;
	uint32_t memctl[13]; /* BWSCON, BANKCON0-7, REFRESH, BANKSIZE, MRSRB6, MRSRB7 */
	uint32_t ubrdiv;
	uint32_t nfconf; /* NAND timing fields for the stage-1 loader */
};
int mini2440_plan(struct mini2440_plan *p);
#endif
#endif

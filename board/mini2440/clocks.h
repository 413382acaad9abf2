/* S3C2440A clock and memory-controller arithmetic (PLL, dividers, SDRAM, UART, NAND timing): pure functions. */
#ifndef MINI2440_CLOCKS_H
#define MINI2440_CLOCKS_H
#include <stdint.h>

/* MPLLCON / UPLLCON fields */
// clang-format off
#define S3C2440_PLLCON(mdiv, pdiv, sdiv) (((uint32_t)(mdiv) << 12) | ((uint32_t)(pdiv) << 4) | (uint32_t)(sdiv))
#define S3C2440_PLLCON_MDIV(c) (((c) >> 12) & 0xffu)
#define S3C2440_PLLCON_PDIV(c) (((c) >> 4) & 0x3fu)
#define S3C2440_PLLCON_SDIV(c) ((c) & 0x3u)
// clang-format on

/* MPLL selection guide (2440A): 600 MHz <= Fvco = 2*m*Fin/p <= 1.2 GHz,
 * 200 MHz <= Fout <= 600 MHz, P and M fields never zero. */
#define S3C2440_MPLL_VCO_MIN 600000000u
#define S3C2440_MPLL_VCO_MAX 1200000000u
#define S3C2440_MPLL_OUT_MIN 200000000u
#define S3C2440_MPLL_OUT_MAX 600000000u

/* Mpll = 2*m*Fin/(p*2^s), m = MDIV+8, p = PDIV+2, s = SDIV (rounded down to Hz) */
uint32_t s3c2440_mpll_hz(uint32_t fin_hz, uint32_t mpllcon);
/* Upll = m*Fin/(p*2^s) */
uint32_t s3c2440_upll_hz(uint32_t fin_hz, uint32_t upllcon);
/* MPLLCON giving exactly target_hz inside the selection guide's limits; the
 * smallest p among the solutions (lowest VCO jitter). 0, -EINVAL, -ERANGE (no exact setting). */
int s3c2440_mpll_solve(uint32_t fin_hz, uint32_t target_hz, uint32_t *mpllcon);

/* CLKDIVN (and CAMDIVN's HCLK4_HALF/HCLK3_HALF bits, bits 9/8) for FCLK:HCLK = hdiv
 * (1, 2, 3, 4, 6 or 8) and HCLK:PCLK = pdiv (1 or 2). 0 or -EINVAL. */
#define S3C2440_CAMDIVN_HCLK4_HALF (1u << 9)
#define S3C2440_CAMDIVN_HCLK3_HALF (1u << 8)
int s3c2440_clkdivn(unsigned int hdiv, unsigned int pdiv, uint32_t *clkdivn, uint32_t *camdivn);
/* The inverse: ratios from the registers (for clocks read back at run time). */
void s3c2440_clk_ratios(uint32_t clkdivn, uint32_t camdivn, unsigned int *hdiv, unsigned int *pdiv);
/* HDIVN != 0 needs the ARM920T in asynchronous bus mode (CP15 c1 bits 31:30 = 11). */
#define ARM920_CR_ASYNC_BUS 0xc0000000u

/* Whole HCLK cycles covering ns (ceil), the basis of every memory timing below. */
uint32_t s3c2440_ns_to_cycles(uint32_t hclk_hz, uint32_t ns);

/* SDRAM refresh: period = (2^11 - count + 1) / HCLK; the count keeping the period at
 * or under period_ns. */
uint32_t s3c2440_refresh_count(uint32_t hclk_hz, uint32_t period_ns);
uint32_t s3c2440_refresh_period_ps(uint32_t hclk_hz, uint32_t count);

/* UART divisor: PCLK / (16 x baud) - 1, rounded to nearest; the baud it gives. */
uint32_t s3c2440_ubrdiv(uint32_t pclk_hz, uint32_t baud);
uint32_t s3c2440_ubrdiv_baud(uint32_t pclk_hz, uint32_t ubrdiv);

/* NAND controller timing fields for fixed ns values as Linux's platform data:
 * n = max(1, ceil(ns x HCLK)), field = n - 1. -ERANGE when a field overflows. */
int s3c2440_nfconf_timing(uint32_t hclk_hz, uint32_t tacls_ns, uint32_t twrph0_ns, uint32_t twrph1_ns,
			  uint32_t *nfconf_bits);

/* Memory controller 0x48000000: 13 consecutive registers. */
enum {
	S3C2440_MC_BWSCON,
	S3C2440_MC_BANKCON0,
	S3C2440_MC_BANKCON6 = S3C2440_MC_BANKCON0 + 6,
	S3C2440_MC_BANKCON7,
	S3C2440_MC_REFRESH,
	S3C2440_MC_BANKSIZE,
	S3C2440_MC_MRSRB6,
	S3C2440_MC_MRSRB7,
	S3C2440_MC_NREGS
};

struct s3c2440_sdram_cfg {
	uint32_t hclk_hz;
	uint8_t bus_bits[8];      /* data width of banks 1..7 (bank 0 comes from the OM pins) */
	uint16_t sram_tacc_ns[6]; /* banks 0..5 access time; 0: slowest (14 cycles, the reset value) */
	uint32_t bank_bytes;      /* SDRAM size mapped at bank 6 (and 7) */
	uint8_t col_bits;         /* column address bits: 8, 9 or 10 */
	uint8_t cas_latency;      /* 2 or 3 */
	uint16_t trcd_ns, trp_ns, trc_ns;
	uint32_t refresh_ns; /* per-row refresh interval (64 ms / 8192 rows = 7.8 us) */
};

/* All 13 register values, or -EINVAL/-ERANGE when the SDRAM cannot be met. */
int s3c2440_memctl_regs(const struct s3c2440_sdram_cfg *cfg, uint32_t regs[S3C2440_MC_NREGS]);

/* REFRESH and BANKCON6 fields (for tests and reports) */
#define S3C2440_REFRESH_REFEN (1u << 23)
#define S3C2440_REFRESH_TREFMD_SELF (1u << 22)
#define S3C2440_BANKSIZE_BURST_EN (1u << 7)
#define S3C2440_BANKSIZE_SCKE_EN (1u << 5)
#define S3C2440_BANKSIZE_SCLK_EN (1u << 4)
#define S3C2440_BANKCON_MT_SDRAM (3u << 15)

#endif

/* S3C2440A clock and memory-controller arithmetic: the formulas every mini2440 register value comes from. */
#include <errno.h>
#include "clocks.h"
#include "mini2440.h"

uint32_t s3c2440_mpll_hz(uint32_t fin_hz, uint32_t mpllcon)
{
	uint64_t m = S3C2440_PLLCON_MDIV(mpllcon) + 8, p = S3C2440_PLLCON_PDIV(mpllcon) + 2;

	return (uint32_t)((2 * m * fin_hz) / (p << S3C2440_PLLCON_SDIV(mpllcon)));
}

uint32_t s3c2440_upll_hz(uint32_t fin_hz, uint32_t upllcon)
{
	uint64_t m = S3C2440_PLLCON_MDIV(upllcon) + 8, p = S3C2440_PLLCON_PDIV(upllcon) + 2;

	return (uint32_t)((m * fin_hz) / (p << S3C2440_PLLCON_SDIV(upllcon)));
}

int s3c2440_mpll_solve(uint32_t fin_hz, uint32_t target_hz, uint32_t *mpllcon)
{
	if (!fin_hz || !mpllcon || target_hz < S3C2440_MPLL_OUT_MIN || target_hz > S3C2440_MPLL_OUT_MAX)
		return -EINVAL;
	/* PDIV 1..61 and MDIV 1..255: neither field may be zero */
	for (uint64_t p = 3; p <= 63; p++) {
		for (unsigned int s = 0; s <= 3; s++) {
			uint64_t num = (uint64_t)target_hz * (p << s), m, vco;

			if (num % (2ull * fin_hz))
				continue;
			m = num / (2ull * fin_hz);
			if (m < 9 || m > 255 + 8)
				continue;
			vco = 2 * m * fin_hz / p;
			if (vco < S3C2440_MPLL_VCO_MIN || vco > S3C2440_MPLL_VCO_MAX)
				continue;
			*mpllcon = S3C2440_PLLCON(m - 8, p - 2, s);
			return 0;
		}
	}
	return -ERANGE;
}

int s3c2440_clkdivn(unsigned int hdiv, unsigned int pdiv, uint32_t *clkdivn, uint32_t *camdivn)
{
	uint32_t hdivn, cam = 0;

	// clang-format off
	switch (hdiv) {
	case 1: hdivn = 0; break;
	case 2: hdivn = 1; break;
	case 4: hdivn = 2; break;
	case 8: hdivn = 2; cam = S3C2440_CAMDIVN_HCLK4_HALF; break;
	case 3: hdivn = 3; break;
	case 6: hdivn = 3; cam = S3C2440_CAMDIVN_HCLK3_HALF; break;
	default: return -EINVAL;
	}
	// clang-format on
	if (pdiv != 1 && pdiv != 2)
		return -EINVAL;
	*clkdivn = (hdivn << 1) | (pdiv == 2 ? 1u : 0u); /* DIVN_UPLL 0: UCLK = UPLL */
	*camdivn = cam;
	return 0;
}

void s3c2440_clk_ratios(uint32_t clkdivn, uint32_t camdivn, unsigned int *hdiv, unsigned int *pdiv)
{
	static const unsigned int h[4] = { 1, 2, 4, 3 };
	unsigned int hdivn = (clkdivn >> 1) & 3;

	*hdiv = h[hdivn];
	if (hdivn == 2 && (camdivn & S3C2440_CAMDIVN_HCLK4_HALF))
		*hdiv = 8;
	if (hdivn == 3 && (camdivn & S3C2440_CAMDIVN_HCLK3_HALF))
		*hdiv = 6;
	*pdiv = (clkdivn & 1) ? 2 : 1;
}

uint32_t s3c2440_ns_to_cycles(uint32_t hclk_hz, uint32_t ns)
{
	return (uint32_t)(((uint64_t)ns * hclk_hz + 999999999u) / 1000000000u);
}

uint32_t s3c2440_refresh_count(uint32_t hclk_hz, uint32_t period_ns)
{
	/* whole cycles that fit in the period; the counter reloads with 2^11 + 1 - cycles */
	uint64_t cycles = (uint64_t)period_ns * hclk_hz / 1000000000u;

	if (cycles < 2)
		cycles = 2;
	if (cycles > 2049)
		cycles = 2049;
	return (uint32_t)(2049 - cycles);
}

uint32_t s3c2440_refresh_period_ps(uint32_t hclk_hz, uint32_t count)
{
	return (uint32_t)((uint64_t)(2049 - (count & 0x7ff)) * 1000000000000ull / hclk_hz);
}

uint32_t s3c2440_ubrdiv(uint32_t pclk_hz, uint32_t baud)
{
	return (pclk_hz + 8 * baud) / (16 * baud) - 1;
}

uint32_t s3c2440_ubrdiv_baud(uint32_t pclk_hz, uint32_t ubrdiv)
{
	return pclk_hz / (16 * (ubrdiv + 1));
}

static int nand_field(uint32_t hclk_hz, uint32_t ns, uint32_t max)
{
	uint32_t n = s3c2440_ns_to_cycles(hclk_hz, ns);

	if (n < 1)
		n = 1;
	return n > max ? -ERANGE : (int)(n - 1);
}

int s3c2440_nfconf_timing(uint32_t hclk_hz, uint32_t tacls_ns, uint32_t twrph0_ns, uint32_t twrph1_ns,
			  uint32_t *nfconf_bits)
{
	int a = nand_field(hclk_hz, tacls_ns, 4), b = nand_field(hclk_hz, twrph0_ns, 8),
	    c = nand_field(hclk_hz, twrph1_ns, 8);

	if (a < 0 || b < 0 || c < 0)
		return -ERANGE;
	*nfconf_bits = ((uint32_t)a << 12) | ((uint32_t)b << 8) | ((uint32_t)c << 4);
	return 0;
}

/* Smallest field code whose cycle count covers want; -ERANGE above the last. */
static int pick_code(const uint8_t *cycles, int n, uint32_t want)
{
	for (int i = 0; i < n; i++)
		if (cycles[i] >= want)
			return i;
	return -ERANGE;
}

static int bus_code(uint8_t bits)
{
	return bits == 8 ? 0 : bits == 16 ? 1 : bits == 32 ? 2 : -EINVAL;
}

int s3c2440_memctl_regs(const struct s3c2440_sdram_cfg *cfg, uint32_t regs[S3C2440_MC_NREGS])
{
	static const uint8_t tacc[8] = { 1, 2, 3, 4, 6, 8, 10, 14 };
	static const uint8_t trcd_trp[3] = { 2, 3, 4 };
	static const uint8_t tsrc[4] = { 4, 5, 6, 7 };
	uint32_t hz = cfg->hclk_hz, bankcon, trp, trc, map;
	int code, t_rcd, t_rp, t_src;

	if (!hz || (cfg->cas_latency != 2 && cfg->cas_latency != 3) || cfg->col_bits < 8 ||
	    cfg->col_bits > 10)
		return -EINVAL;

	regs[S3C2440_MC_BWSCON] = 0; /* bank 0 width is pin-strapped (OM[1:0]) */
	for (int b = 1; b < 8; b++) {
		code = bus_code(cfg->bus_bits[b]);
		if (code < 0)
			return code;
		regs[S3C2440_MC_BWSCON] |= (uint32_t)code << (4 * b);
	}

	for (int b = 0; b < 6; b++) {
		uint32_t want = cfg->sram_tacc_ns[b] ? s3c2440_ns_to_cycles(hz, cfg->sram_tacc_ns[b])
						     : 14;

		code = pick_code(tacc, 8, want);
		if (code < 0)
			return code;
		regs[S3C2440_MC_BANKCON0 + b] = (uint32_t)code << 8;
	}

	t_rcd = pick_code(trcd_trp, 3, s3c2440_ns_to_cycles(hz, cfg->trcd_ns));
	trp = s3c2440_ns_to_cycles(hz, cfg->trp_ns);
	t_rp = pick_code(trcd_trp, 3, trp);
	if (t_rcd < 0 || t_rp < 0)
		return -ERANGE;
	/* Tsrc is what tRC needs beyond Trp: tRC = Trp + Tsrc */
	trc = s3c2440_ns_to_cycles(hz, cfg->trc_ns);
	t_src = pick_code(tsrc, 4, trc > trcd_trp[t_rp] ? trc - trcd_trp[t_rp] : 0);
	if (t_src < 0)
		return -ERANGE;

	bankcon = S3C2440_BANKCON_MT_SDRAM | ((uint32_t)t_rcd << 2) | (uint32_t)(cfg->col_bits - 8);
	regs[S3C2440_MC_BANKCON6] = bankcon;
	regs[S3C2440_MC_BANKCON7] = bankcon;

	regs[S3C2440_MC_REFRESH] = S3C2440_REFRESH_REFEN | ((uint32_t)t_rp << 20) |
				   ((uint32_t)t_src << 18) | s3c2440_refresh_count(hz, cfg->refresh_ns);

	// clang-format off
	switch (cfg->bank_bytes >> 20) {
	case 2: map = 4; break;
	case 4: map = 5; break;
	case 8: map = 6; break;
	case 16: map = 7; break;
	case 32: map = 0; break;
	case 64: map = 1; break;
	case 128: map = 2; break;
	default: return -EINVAL;
	}
	// clang-format on
	if (cfg->bank_bytes & 0xfffff)
		return -EINVAL;
	regs[S3C2440_MC_BANKSIZE] = S3C2440_BANKSIZE_BURST_EN | S3C2440_BANKSIZE_SCKE_EN |
				    S3C2440_BANKSIZE_SCLK_EN | map;
	/* mode register: burst length 1, sequential, CAS latency, burst write */
	regs[S3C2440_MC_MRSRB6] = (uint32_t)cfg->cas_latency << 4;
	regs[S3C2440_MC_MRSRB7] = regs[S3C2440_MC_MRSRB6];
	return 0;
}

/* ---------------------------------------------------------------- the mini2440's plan */

/* Two HY57V561620 (32 MiB, x16, 512 columns) side by side on a 32-bit bus at bank 6.
 * PC133-class timing: tRCD = tRP = 20 ns, tRC = 65 ns; 8192 rows per 64 ms. */
// clang-format off
static const struct s3c2440_sdram_cfg mini2440_sdram = {
	.hclk_hz = MINI2440_HCLK_HZ,
	.bus_bits = { 0, 16, 16, 16, 16, 8, 32, 32 }, /* bank 4: DM9000 (16 bit) */
	.sram_tacc_ns = { 0 },                        /* keep the reset value, 14 cycles */
	.bank_bytes = MINI2440_SDRAM_SIZE,
	.col_bits = 9,
	.cas_latency = 3,
	.trcd_ns = 20, .trp_ns = 20, .trc_ns = 65,
	.refresh_ns = 7800,
};
// clang-format on

int mini2440_plan(struct mini2440_plan *p)
{
	unsigned int hdiv, pdiv;
	int ret;

	ret = s3c2440_mpll_solve(MINI2440_XTAL_HZ, MINI2440_FCLK_HZ, &p->mpllcon);
	if (ret)
		return ret;
	p->fclk_hz = s3c2440_mpll_hz(MINI2440_XTAL_HZ, p->mpllcon);
	p->upllcon = S3C2440_PLLCON(MINI2440_UPLL_MDIV, MINI2440_UPLL_PDIV, MINI2440_UPLL_SDIV);
	p->uclk_hz = s3c2440_upll_hz(MINI2440_XTAL_HZ, p->upllcon);
	if (p->fclk_hz != MINI2440_FCLK_HZ || p->uclk_hz != MINI2440_UPLL_HZ)
		return -ERANGE;
	ret = s3c2440_clkdivn(MINI2440_HDIV, MINI2440_PDIV, &p->clkdivn, &p->camdivn);
	if (ret)
		return ret;
	s3c2440_clk_ratios(p->clkdivn, p->camdivn, &hdiv, &pdiv);
	p->hclk_hz = p->fclk_hz / hdiv;
	p->pclk_hz = p->hclk_hz / pdiv;
	if (p->hclk_hz != mini2440_sdram.hclk_hz)
		return -ERANGE;
	p->locktime = 0xffffffffu; /* U_LTIME and M_LTIME at their maximum (reset value) */
	ret = s3c2440_memctl_regs(&mini2440_sdram, p->memctl);
	if (ret)
		return ret;
	p->ubrdiv = s3c2440_ubrdiv(p->pclk_hz, MINI2440_BAUD);
	/* Linux's mini2440 NAND platform data: TACLS 0, TWRPH0 25 ns, TWRPH1 15 ns */
	return s3c2440_nfconf_timing(p->hclk_hz, 0, 25, 15, &p->nfconf);
}

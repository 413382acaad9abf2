/* S3C2440/S3C2410 NAND controller: bus cycles, RnB wait, hardware ECC, timing solver and board init. */
#include "s3c2440_nand.h"
#include "io.h"
#include "timer.h"

// clang-format off
const struct s3c2440_nfc_variant s3c2440_nfc_variant = {
	.name = "s3c2440",
	.off_conf = S3C2440_NFCONF, .off_cmd = S3C2440_NFCMMD, .off_addr = S3C2440_NFADDR,
	.off_data = S3C2440_NFDATA, .off_stat = S3C2440_NFSTAT,
	.off_enable = S3C2440_NFCONT, .off_nce = S3C2440_NFCONT,
	.enable_bit = S3C2440_NFCONT_MODE, .nce_bit = S3C2440_NFCONT_NCE,
	.stat_ready = S3C2440_NFSTAT_READY, .stat_trans = S3C2440_NFSTAT_TRANS,
	.tacls_shift = 12, .twrph0_shift = 8, .twrph1_shift = 4,
	.tacls_regmax = 3, .twrph_regmax = 7, .tacls_plus1 = 0,
	.linux_tacls_max = 4, .linux_twrph_max = 8,
	.data32 = true, .has_hwecc = true,
};
// clang-format on

/* S3C2410: enable and nFCE live in NFCONF, TACLS counts one extra cycle, no RnB latch. */
// clang-format off
const struct s3c2440_nfc_variant s3c2410_nfc_variant = {
	.name = "s3c2410",
	.off_conf = 0x00, .off_cmd = 0x04, .off_addr = 0x08, .off_data = 0x0c, .off_stat = 0x10,
	.off_enable = 0x00, .off_nce = 0x00,
	.enable_bit = 1u << 15, .nce_bit = 1u << 11,
	.stat_ready = 1u << 0, .stat_trans = 0,
	.tacls_shift = 8, .twrph0_shift = 4, .twrph1_shift = 0,
	.tacls_regmax = 7, .twrph_regmax = 7, .tacls_plus1 = 1,
	.linux_tacls_max = 8, .linux_twrph_max = 8,
	.data32 = false, .has_hwecc = false,
};
// clang-format on

/* ---------------------------------------------------------------- timing */

/* Fewest HCLK cycles covering ns: n x (1e9 / hz) >= ns. */
static uint32_t cycles_for(uint32_t hclk_hz, uint32_t ns)
{
	return (uint32_t)DIV_ROUND_UP((uint64_t)ns * hclk_hz, 1000000000ull);
}

/*
 * Which limit constrains which field (S3C2440 NAND timing diagrams):
 * - CLE/ALE go up, TACLS later nWE falls for TWRPH0, then rises; CLE/ALE
 *   stay TWRPH1 longer. The chip measures tCLS/tALS from CLE/ALE to the
 *   rising nWE edge, so TACLS + TWRPH0 must cover them.
 * - The strobe low time TWRPH0 must cover tWP (nWE) and tRP (nRE).
 * - TWRPH1 is both the CLE/ALE hold after nWE (tCLH, tALH) and the strobe
 *   high time between data cycles (tWH, tREH).
 * - A whole data cycle TWRPH0 + TWRPH1 must cover tWC and tRC.
 */
int s3c2440_nand_calc_timing(const struct s3c2440_nfc_variant *v, uint32_t hclk_hz,
			     const struct nand_timings *t, struct s3c2440_nand_timing *out)
{
	uint32_t c0, c1, cyc, setup, ta;

	if (!v || !t || !out || !hclk_hz)
		return -EINVAL;
	c0 = MAX(MAX(cycles_for(hclk_hz, t->tWP), cycles_for(hclk_hz, t->tRP)), 1u);
	c1 = MAX(cycles_for(hclk_hz, t->tCLH), cycles_for(hclk_hz, t->tALH));
	c1 = MAX(c1, MAX(cycles_for(hclk_hz, t->tWH), cycles_for(hclk_hz, t->tREH)));
	c1 = MAX(c1, 1u);
	cyc = MAX(cycles_for(hclk_hz, t->tWC), cycles_for(hclk_hz, t->tRC));
	while (c0 + c1 < cyc) {
		/* lengthen the shorter phase first: keeps both legal and the cycle minimal */
		if (c1 <= c0 && c1 < v->twrph_regmax + 1u)
			c1++;
		else if (c0 < v->twrph_regmax + 1u)
			c0++;
		else if (c1 < v->twrph_regmax + 1u)
			c1++;
		else
			return -ERANGE;
	}
	if (c0 > v->twrph_regmax + 1u || c1 > v->twrph_regmax + 1u)
		return -ERANGE;
	setup = MAX(cycles_for(hclk_hz, t->tCLS), cycles_for(hclk_hz, t->tALS));
	ta = setup > c0 ? setup - c0 : 0;
	if (v->tacls_plus1)
		ta = ta ? ta - 1 : 0;
	if (ta > v->tacls_regmax)
		return -ERANGE;
	out->tacls = (uint8_t)ta;
	out->twrph0 = (uint8_t)(c0 - 1);
	out->twrph1 = (uint8_t)(c1 - 1);
	return 0;
}

/* Linux s3c2410.c's rule for platform-data nanoseconds. */
static int linux_rate(uint32_t khz, unsigned int ns, unsigned int max)
{
	uint64_t n = DIV_ROUND_UP((uint64_t)ns * khz, 1000000ull);

	if (n > max)
		return -ERANGE;
	return n < 1 ? 1 : (int)n;
}

int s3c2440_nand_fixed_timing(const struct s3c2440_nfc_variant *v, uint32_t hclk_hz,
			      unsigned int tacls_ns, unsigned int twrph0_ns, unsigned int twrph1_ns,
			      struct s3c2440_nand_timing *out)
{
	uint32_t khz = hclk_hz / 1000;
	int a, b, c;

	if (!v || !out || !khz)
		return -EINVAL;
	a = linux_rate(khz, tacls_ns, v->linux_tacls_max);
	b = linux_rate(khz, twrph0_ns, v->linux_twrph_max);
	c = linux_rate(khz, twrph1_ns, v->linux_twrph_max);
	if (a < 0 || b < 0 || c < 0)
		return -ERANGE;
	out->tacls = (uint8_t)(a - 1);
	out->twrph0 = (uint8_t)(b - 1);
	out->twrph1 = (uint8_t)(c - 1);
	return 0;
}

uint32_t s3c2440_nand_conf_bits(const struct s3c2440_nfc_variant *v, const struct s3c2440_nand_timing *t)
{
	return ((uint32_t)t->tacls << v->tacls_shift) | ((uint32_t)t->twrph0 << v->twrph0_shift) |
	       ((uint32_t)t->twrph1 << v->twrph1_shift);
}

static uint32_t conf_mask(const struct s3c2440_nfc_variant *v)
{
	struct s3c2440_nand_timing all = { v->tacls_regmax, v->twrph_regmax, v->twrph_regmax };

	return s3c2440_nand_conf_bits(v, &all);
}

void s3c2440_nand_timing_ps(const struct s3c2440_nfc_variant *v, uint32_t hclk_hz,
			    const struct s3c2440_nand_timing *t, uint32_t ps[3])
{
	uint64_t p = 1000000000000ull / hclk_hz;

	ps[0] = (uint32_t)(p * (t->tacls + v->tacls_plus1));
	ps[1] = (uint32_t)(p * (t->twrph0 + 1u));
	ps[2] = (uint32_t)(p * (t->twrph1 + 1u));
}

/* ---------------------------------------------------------------- bus */

static struct s3c2440_nand *to_nfc(struct nand_chip *chip)
{
	return chip->priv;
}

static void rmw(uintptr_t reg, uint32_t clr, uint32_t set)
{
	writel((readl(reg) & ~clr) | set, reg);
}

static void s3c_select(struct nand_chip *chip, bool on)
{
	struct s3c2440_nand *n = to_nfc(chip);

	if (on)
		rmw(n->base + n->v->off_nce, n->v->nce_bit, 0);
	else
		rmw(n->base + n->v->off_nce, 0, n->v->nce_bit);
}

static void s3c_cmd(struct nand_chip *chip, uint8_t cmd)
{
	struct s3c2440_nand *n = to_nfc(chip);

	/* arm the RnB edge latch before anything that can make the chip busy */
	if (n->v->stat_trans)
		writeb((uint8_t)n->v->stat_trans, n->base + n->v->off_stat);
	writeb(cmd, n->base + n->v->off_cmd);
}

static void s3c_addr(struct nand_chip *chip, uint8_t a)
{
	struct s3c2440_nand *n = to_nfc(chip);

	writeb(a, n->base + n->v->off_addr);
}

static void s3c_read_buf(struct nand_chip *chip, uint8_t *buf, size_t len)
{
	struct s3c2440_nand *n = to_nfc(chip);
	uintptr_t d = n->base + n->v->off_data;

	if (n->v->data32) {
		for (; len >= 4; len -= 4, buf += 4) {
			uint32_t w = readl(d);

			buf[0] = (uint8_t)w;
			buf[1] = (uint8_t)(w >> 8);
			buf[2] = (uint8_t)(w >> 16);
			buf[3] = (uint8_t)(w >> 24);
		}
	}
	while (len--)
		*buf++ = readb(d);
}

static void s3c_write_buf(struct nand_chip *chip, const uint8_t *buf, size_t len)
{
	struct s3c2440_nand *n = to_nfc(chip);
	uintptr_t d = n->base + n->v->off_data;

	if (n->v->data32) {
		for (; len >= 4; len -= 4, buf += 4)
			writel((uint32_t)buf[0] | ((uint32_t)buf[1] << 8) | ((uint32_t)buf[2] << 16) |
				       ((uint32_t)buf[3] << 24),
			       d);
	}
	while (len--)
		writeb(*buf++, d);
}

static int s3c_wait_ready(struct nand_chip *chip, uint32_t timeout_us)
{
	struct s3c2440_nand *n = to_nfc(chip);
	uintptr_t st = n->base + n->v->off_stat;
	uint64_t start = timer_us();
	uint32_t want = n->v->stat_trans ? n->v->stat_trans : n->v->stat_ready;

	for (;;) {
		bool late = timer_us() - start > timeout_us;

		if (readb(st) & want) {
			if (n->v->stat_trans)
				writeb((uint8_t)n->v->stat_trans, st);
			return 0;
		}
		if (late)
			return -ETIMEDOUT;
	}
}

static void s3c_hwecc_enable(struct nand_chip *chip, enum nand_ecc_dir dir)
{
	struct s3c2440_nand *n = to_nfc(chip);

	(void)dir;
	rmw(n->base + S3C2440_NFCONT, S3C2440_NFCONT_MECCLOCK, S3C2440_NFCONT_INITECC);
}

/* NFMECC0 holds the four ECC bytes of the I/O[7:0] generator, first in bits 7:0. */
static void s3c_hwecc_calc(struct nand_chip *chip, uint8_t *ecc)
{
	struct s3c2440_nand *n = to_nfc(chip);
	uint32_t v;

	rmw(n->base + S3C2440_NFCONT, 0, S3C2440_NFCONT_MECCLOCK);
	v = readl(n->base + S3C2440_NFMECC0);
	ecc[0] = (uint8_t)v;
	ecc[1] = (uint8_t)(v >> 8);
	ecc[2] = (uint8_t)(v >> 16);
	ecc[3] = (uint8_t)(v >> 24);
}

/*
 * The controller compares the stored ECC written to NFMECCD0/1 (8-bit bus:
 * bytes at bits 7:0 and 23:16 of each) with what it generated and reports
 * in NFESTAT0: 00 clean, 01 one data bit at [17:7]/[6:4], 10 more than one,
 * 11 the difference is in the ECC bytes themselves.
 */
static int s3c_hwecc_correct(struct nand_chip *chip, uint8_t *dat, const uint8_t *read_ecc,
			     const uint8_t *calc_ecc)
{
	struct s3c2440_nand *n = to_nfc(chip);
	uint32_t est, byte, bit;

	(void)calc_ecc;
	writel((uint32_t)read_ecc[0] | ((uint32_t)read_ecc[1] << 16), n->base + S3C2440_NFMECCD0);
	writel((uint32_t)read_ecc[2] | ((uint32_t)read_ecc[3] << 16), n->base + S3C2440_NFMECCD1);
	est = readl(n->base + S3C2440_NFESTAT0);
	switch (est & S3C2440_NFESTAT0_MERR_MASK) {
	case 0:
		return 0;
	case 1:
		byte = (est >> S3C2440_NFESTAT0_MBYTE_SHIFT) & 0x7ff;
		bit = (est >> S3C2440_NFESTAT0_MBIT_SHIFT) & 7;
		if (byte >= chip->ecc.size)
			return -EBADMSG;
		dat[byte] ^= (uint8_t)(1u << bit);
		return 1;
	case 3:
		return 1;
	default:
		return -EBADMSG;
	}
}

/* `nand info`: what the controller was programmed with. */
static int s3c_info(struct nand_chip *chip, char *buf, size_t size)
{
	const struct s3c2440_nand *n = chip->priv;
	uint32_t ps[3];

	s3c2440_nand_timing_ps(n->v, n->hclk_hz, &n->timing, ps);
	return snprintf(
		buf, size,
		"  Controller    %s at 0x%08lx, HCLK %lu.%02lu MHz, NFCONF 0x%08lx\n"
		"  Timing        TACLS %u (%lu.%lu ns), TWRPH0 %u (%lu.%lu ns), TWRPH1 %u (%lu.%lu ns)\n",
		n->v->name, (unsigned long)n->base, (unsigned long)(n->hclk_hz / 1000000),
		(unsigned long)(n->hclk_hz % 1000000 / 10000), (unsigned long)n->nfconf, n->timing.tacls,
		(unsigned long)(ps[0] / 1000), (unsigned long)(ps[0] % 1000 / 100), n->timing.twrph0,
		(unsigned long)(ps[1] / 1000), (unsigned long)(ps[1] % 1000 / 100), n->timing.twrph1,
		(unsigned long)(ps[2] / 1000), (unsigned long)(ps[2] % 1000 / 100));
}

static const struct nand_ctrl_ops s3c2440_ops = {
	.select = s3c_select,
	.cmd = s3c_cmd,
	.addr = s3c_addr,
	.read_buf = s3c_read_buf,
	.write_buf = s3c_write_buf,
	.wait_ready = s3c_wait_ready,
	.hwecc_enable = s3c_hwecc_enable,
	.hwecc_calc = s3c_hwecc_calc,
	.hwecc_correct = s3c_hwecc_correct,
	.hwecc_bytes = 4,
	.info = s3c_info,
};

static const struct nand_ctrl_ops s3c2410_ops = {
	.select = s3c_select,
	.cmd = s3c_cmd,
	.addr = s3c_addr,
	.read_buf = s3c_read_buf,
	.write_buf = s3c_write_buf,
	.wait_ready = s3c_wait_ready,
	.info = s3c_info,
};

static void program_timing(struct s3c2440_nand *n, const struct s3c2440_nand_timing *t)
{
	uintptr_t conf = n->base + n->v->off_conf;

	n->timing = *t;
	rmw(conf, conf_mask(n->v), s3c2440_nand_conf_bits(n->v, t));
	n->nfconf = readl(conf);
}

int s3c2440_nand_init(struct s3c2440_nand *nfc, const struct s3c2440_nand_platdata *pd)
{
	struct nand_chip *chip = &nfc->chip;
	struct s3c2440_nand_timing t;
	int ret;

	if (!pd || !pd->base || !pd->hclk_hz)
		return -EINVAL;
	memset(nfc, 0, sizeof(*nfc));
	nfc->base = pd->base;
	nfc->hclk_hz = pd->hclk_hz;
	nfc->v = pd->variant ? pd->variant : &s3c2440_nfc_variant;

	/* slowest timing until we know the chip, controller on, chip deselected */
	t.tacls = nfc->v->tacls_regmax;
	t.twrph0 = t.twrph1 = nfc->v->twrph_regmax;
	program_timing(nfc, &t);
	if (nfc->v->off_enable == nfc->v->off_nce) {
		rmw(nfc->base + nfc->v->off_enable, 0, nfc->v->enable_bit | nfc->v->nce_bit);
	} else {
		rmw(nfc->base + nfc->v->off_enable, 0, nfc->v->enable_bit);
		rmw(nfc->base + nfc->v->off_nce, 0, nfc->v->nce_bit);
	}
	if (nfc->v->has_hwecc)
		rmw(nfc->base + S3C2440_NFCONT, S3C2440_NFCONT_SOFTLOCK | S3C2440_NFCONT_LOCKTIGHT,
		    S3C2440_NFCONT_MECCLOCK | S3C2440_NFCONT_SECCLOCK);

	chip->ctrl = nfc->v->has_hwecc ? &s3c2440_ops : &s3c2410_ops;
	chip->priv = nfc;
	chip->options = pd->options;
	chip->ecc_mode = pd->ecc_mode;
	ret = nand_scan_ident(chip);
	if (ret)
		return ret;

	if (pd->fixed_timing)
		ret = s3c2440_nand_fixed_timing(nfc->v, pd->hclk_hz, pd->tacls_ns, pd->twrph0_ns,
						pd->twrph1_ns, &t);
	else
		ret = s3c2440_nand_calc_timing(nfc->v, pd->hclk_hz, chip->geo.timings, &t);
	if (ret)
		return ret;
	program_timing(nfc, &t);

	ret = nand_scan_tail(chip, pd->name ? pd->name : "nand0");
	if (ret)
		return ret;
	ret = mtd_register(&chip->mtd);
	if (ret)
		nand_release(chip);
	return ret;
}

void s3c2440_nand_remove(struct s3c2440_nand *nfc)
{
	mtd_unregister(&nfc->chip.mtd);
	nand_release(&nfc->chip);
}

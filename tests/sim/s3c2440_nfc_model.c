/* Host model of the S3C2440 NAND controller: register file, per-access timing/nCE checks, RnB latch, ECC. */
#include <stdio.h>
#include <string.h>
#include "s3c2440_nfc_model.h"
#include "sim_bus.h"

#define NFCONF 0x00
#define NFCONT 0x04
#define NFCMMD 0x08
#define NFADDR 0x0c
#define NFDATA 0x10
#define NFMECCD0 0x14
#define NFMECCD1 0x18
#define NFSECCD 0x1c
#define NFSTAT 0x20
#define NFESTAT0 0x24
#define NFESTAT1 0x28
#define NFMECC0 0x2c
#define NFMECC1 0x30
#define NFSECC 0x34
#define NFSBLK 0x38
#define NFEBLK 0x3c

#define CONT_MODE 0x1u
#define CONT_NCE 0x2u
#define CONT_INITECC 0x10u
#define CONT_MECCLOCK 0x20u
#define CONT_SECCLOCK 0x40u

static unsigned int par8(uint8_t b)
{
	unsigned int p = 0;

	for (; b; b &= (uint8_t)(b - 1))
		p ^= 1;
	return p;
}

static void violation(struct s3c2440_nfc_model *m, const char *fmt, double a, double b)
{
	m->violations++;
	if (!m->first_violation[0])
		snprintf(m->first_violation, sizeof(m->first_violation), fmt, a, b);
}

enum cyc { CYC_CMD, CYC_ADDR, CYC_WRITE, CYC_READ };

/* One NAND bus cycle: check the programmed timing against the chip, account time. */
static void bus_cycle(struct s3c2440_nfc_model *m, enum cyc kind)
{
	const struct nand_model_cfg *c = &m->chip->cfg;
	double t = 1e9 / m->hclk_hz, eps = 1e-6;
	unsigned int ta = (m->nfconf >> 12) & 3, w0 = (m->nfconf >> 8) & 7, w1 = (m->nfconf >> 4) & 7;
	double tacls = ta * t, p0 = (w0 + 1) * t, p1 = (w1 + 1) * t, cyc;

	if (!(m->nfcont & CONT_MODE))
		violation(m, "NAND access with the controller disabled (%g %g)", 0, 0);
	if (m->nfcont & CONT_NCE)
		violation(m, "NAND access with nCE deselected (%g %g)", 0, 0);
	if (m->check_timing) {
		switch (kind) {
		case CYC_CMD:
			if (tacls + p0 + eps < c->tCLS)
				violation(m, "tCLS: TACLS+TWRPH0 %.2f ns < %.0f ns", tacls + p0,
					  c->tCLS);
			if (p1 + eps < c->tCLH)
				violation(m, "tCLH: TWRPH1 %.2f ns < %.0f ns", p1, c->tCLH);
			break;
		case CYC_ADDR:
			if (tacls + p0 + eps < c->tALS)
				violation(m, "tALS: TACLS+TWRPH0 %.2f ns < %.0f ns", tacls + p0,
					  c->tALS);
			if (p1 + eps < c->tALH)
				violation(m, "tALH: TWRPH1 %.2f ns < %.0f ns", p1, c->tALH);
			break;
		default:
			break;
		}
		if (kind == CYC_READ) {
			if (p0 + eps < c->tRP)
				violation(m, "tRP: TWRPH0 %.2f ns < %.0f ns", p0, c->tRP);
			if (p1 + eps < c->tREH)
				violation(m, "tREH: TWRPH1 %.2f ns < %.0f ns", p1, c->tREH);
			if (p0 + p1 + eps < c->tRC)
				violation(m, "tRC: cycle %.2f ns < %.0f ns", p0 + p1, c->tRC);
		} else {
			if (p0 + eps < c->tWP)
				violation(m, "tWP: TWRPH0 %.2f ns < %.0f ns", p0, c->tWP);
			if (p1 + eps < c->tWH)
				violation(m, "tWH: TWRPH1 %.2f ns < %.0f ns", p1, c->tWH);
			if (p0 + p1 + eps < c->tWC)
				violation(m, "tWC: cycle %.2f ns < %.0f ns", p0 + p1, c->tWC);
		}
	}
	/* time on the bus (charge_access() takes off what sim_bus already counted) */
	cyc = (kind == CYC_CMD || kind == CYC_ADDR) ? tacls + p0 + p1 : p0 + p1;
	m->nand_cycles++;
	m->hclk_cycles += (kind == CYC_CMD || kind == CYC_ADDR ? ta : 0) + w0 + 1 + w1 + 1;
	m->frac_ns += cyc;
}

/* sim_bus charged 10 ns for this register access; the NAND cycles replace that. */
static void charge_access(struct s3c2440_nfc_model *m)
{
	m->frac_ns -= 10.0;
	if (m->frac_ns >= 1.0) {
		uint64_t whole = (uint64_t)m->frac_ns;

		sim_advance_ns(whole);
		m->frac_ns -= (double)whole;
	}
}

static void watch_busy(struct s3c2440_nfc_model *m)
{
	if (!nand_model_ready(m->chip))
		m->busy_end = m->chip->powered ? m->chip->busy_until : UINT64_MAX;
}

static void feed_ecc(struct s3c2440_nfc_model *m, uint8_t b)
{
	if (!(m->nfcont & CONT_MECCLOCK)) {
		m->m_col ^= b;
		if (par8(b))
			m->m_addrx ^= m->m_idx;
		m->m_idx++;
	}
	if (!(m->nfcont & CONT_SECCLOCK)) {
		m->s_col ^= b;
		if (par8(b))
			m->s_addrx ^= m->s_idx;
		m->s_idx++;
	}
}

/* Pair (P, P') for address bit k: P over bytes whose index has bit k set. */
static unsigned int line_pair(uint32_t addrx, unsigned int total, unsigned int k)
{
	unsigned int p = (addrx >> k) & 1;

	return (p << 1) | (p ^ total);
}

static unsigned int col_pair(uint8_t col, uint8_t hi_mask)
{
	return (par8(col & hi_mask) << 1) | par8(col & (uint8_t)~hi_mask);
}

/*
 * Datasheet "2048 byte ECC parity code assignment table", x8: NFMECC0 bytes
 * 0..3, the parities inverted as in Samsung's SmartMedia-style reference ECC
 * (all-FF data gives FF FF FF; see docs/nand.md); unused bits read 1.
 */
static uint32_t mecc_value(uint8_t col, uint32_t addrx)
{
	unsigned int tot = par8(col), k;
	uint32_t b0 = 0, b1 = 0, b2, b3;

	for (k = 0; k < 4; k++) {
		b0 |= line_pair(addrx, tot, k) << (2 * k);
		b1 |= line_pair(addrx, tot, k + 4) << (2 * k);
	}
	b2 = (col_pair(col, 0xf0) << 6) | (col_pair(col, 0xcc) << 4) | (col_pair(col, 0xaa) << 2) |
	     line_pair(addrx, tot, 8);
	b3 = (line_pair(addrx, tot, 10) << 6) | (line_pair(addrx, tot, 9) << 4);
	return ~(b0 | (b1 << 8) | (b2 << 16) | (b3 << 24));
}

/* "16 byte ECC parity code assignment table": NFSECC bytes 0..1, inverted like the main ECC. */
static uint32_t secc_value(uint8_t col, uint32_t addrx)
{
	unsigned int tot = par8(col);
	uint32_t b0, b1;

	b0 = (line_pair(addrx, tot, 1) << 6) | (line_pair(addrx, tot, 0) << 4) |
	     (col_pair(col, 0xf0) << 2) | col_pair(col, 0xcc);
	b1 = (col_pair(col, 0xaa) << 6) | (line_pair(addrx, tot, 3) << 4) |
	     (line_pair(addrx, tot, 2) << 2);
	return ~(b0 | (b1 << 8)) & 0xffff;
}

/* The two running sums both generators keep: XOR of the bytes, XOR of the indexes of odd bytes. */
static void ecc_sums(const uint8_t *data, size_t len, uint8_t *col, uint32_t *ax)
{
	size_t i;

	*col = 0;
	*ax = 0;
	for (i = 0; i < len; i++) {
		*col ^= data[i];
		if (par8(data[i]))
			*ax ^= (uint32_t)i;
	}
}

uint32_t s3c2440_nfc_model_mecc(const uint8_t *data, size_t len)
{
	uint8_t col;
	uint32_t ax;

	ecc_sums(data, len, &col, &ax);
	return mecc_value(col, ax);
}

uint32_t s3c2440_nfc_model_secc(const uint8_t *data, size_t len)
{
	uint8_t col;
	uint32_t ax;

	ecc_sums(data, len, &col, &ax);
	return secc_value(col, ax);
}

static unsigned int popcnt(uint32_t v)
{
	unsigned int n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

/* Value from the "P" halves of n syndrome pairs (pair i gives bit i); counts the pairs that differ in one half. */
static uint32_t pair_bits(uint32_t syn, const uint8_t (*pairs)[2], unsigned int n, unsigned int *used)
{
	uint32_t v = 0;
	unsigned int i;

	for (i = 0; i < n; i++) {
		unsigned int pr = (syn >> (pairs[i][0] * 8 + pairs[i][1])) & 3;

		if (pr == 1 || pr == 2)
			(*used)++;
		if (pr == 2)
			v |= 1u << i;
	}
	return v;
}

/*
 * Compare stored and generated ECC: 2-bit error code, and for a single
 * data-bit error the byte (from the "P" half of every line pair) and bit
 * (from the column pairs). Pairs are given as (byte, shift) positions.
 */
static uint32_t locate(uint32_t syn, const uint8_t (*lines)[2], unsigned int nlines,
		       const uint8_t (*cols)[2], uint32_t *byte, uint32_t *bit)
{
	unsigned int i, used = 0;
	uint32_t mask = 0;

	for (i = 0; i < nlines; i++)
		mask |= 3u << (lines[i][0] * 8 + lines[i][1]);
	for (i = 0; i < 3; i++)
		mask |= 3u << (cols[i][0] * 8 + cols[i][1]);
	syn &= mask;
	if (!syn)
		return 0;
	*byte = pair_bits(syn, lines, nlines, &used);
	*bit = pair_bits(syn, cols, 3, &used);
	if (used == nlines + 3)
		return 1;
	return popcnt(syn) == 1 ? 3 : 2;
}

static const uint8_t m_lines[11][2] = { { 0, 0 }, { 0, 2 }, { 0, 4 }, { 0, 6 }, { 1, 0 }, { 1, 2 },
					{ 1, 4 }, { 1, 6 }, { 2, 0 }, { 3, 4 }, { 3, 6 } };
static const uint8_t m_cols[3][2] = { { 2, 2 }, { 2, 4 }, { 2, 6 } };
static const uint8_t s_lines[4][2] = { { 0, 4 }, { 0, 6 }, { 1, 2 }, { 1, 4 } };
static const uint8_t s_cols[3][2] = { { 1, 6 }, { 0, 0 }, { 0, 2 } };

static uint32_t estat0(struct s3c2440_nfc_model *m)
{
	uint32_t stored = (m->nfmeccd0 & 0xff) | ((m->nfmeccd0 >> 8) & 0xff00) |
			  ((m->nfmeccd1 & 0xff) << 16) | ((m->nfmeccd1 & 0xff0000) << 8);
	uint32_t sstored = (m->nfseccd & 0xff) | ((m->nfseccd >> 8) & 0xff00);
	uint32_t byte = 0, bit = 0, sbyte = 0, sbit = 0, me, se, v;

	me = locate(stored ^ mecc_value(m->m_col, m->m_addrx), m_lines, 11, m_cols, &byte, &bit);
	se = locate(sstored ^ secc_value(m->s_col, m->s_addrx), s_lines, 4, s_cols, &sbyte, &sbit);
	v = me | (se << 2);
	if (me == 1)
		v |= (bit << 4) | (byte << 7);
	if (se == 1)
		v |= (sbit << 18) | (sbyte << 21);
	return v;
}

static uint32_t nfc_read(void *ctx, uintptr_t off, int width)
{
	struct s3c2440_nfc_model *m = ctx;
	uint32_t v = 0;
	int i;

	// clang-format off
	switch (off) {
	case NFCONF: return m->nfconf;
	case NFCONT: return m->nfcont & ~CONT_INITECC;
	case NFDATA:
		for (i = 0; i < width; i++) {
			uint8_t b;

			bus_cycle(m, CYC_READ);
			b = nand_model_read(m->chip);
			feed_ecc(m, b);
			v |= (uint32_t)b << (8 * i);
		}
		charge_access(m);
		return v;
	case NFMECCD0: return m->nfmeccd0;
	case NFMECCD1: return m->nfmeccd1;
	case NFSECCD: return m->nfseccd;
	case NFSTAT:
		if (m->busy_end && sim_time_ns >= m->busy_end && nand_model_ready(m->chip)) {
			m->trans = true;
			m->busy_end = 0;
		}
		return (nand_model_ready(m->chip) ? 1u : 0) | (m->nfcont & CONT_NCE) |
		       (m->trans ? 4u : 0);
	case NFESTAT0: return estat0(m);
	case NFESTAT1: return 0;
	case NFMECC0: return mecc_value(m->m_col, m->m_addrx);
	case NFMECC1: return 0;
	case NFSECC: return secc_value(m->s_col, m->s_addrx);
	case NFSBLK: return m->nfsblk;
	case NFEBLK: return m->nfeblk;
	default:
		violation(m, "read of unknown NFC register (%g %g)", (double)off, 0);
		return 0;
	}
	// clang-format on
}

static void nfc_write(void *ctx, uintptr_t off, uint32_t val, int width)
{
	struct s3c2440_nfc_model *m = ctx;
	int i;

	// clang-format off
	switch (off) {
	case NFCONF:
		m->nfconf = (m->nfconf & 0xf) | (val & 0x7770);
		break;
	case NFCONT:
		if (val & CONT_INITECC) {
			m->m_col = m->s_col = 0;
			m->m_addrx = m->s_addrx = m->m_idx = m->s_idx = 0;
		}
		m->nfcont = val & 0x3773;
		break;
	case NFCMMD:
		bus_cycle(m, CYC_CMD);
		charge_access(m);
		nand_model_cmd(m->chip, (uint8_t)val);
		watch_busy(m);
		break;
	case NFADDR:
		bus_cycle(m, CYC_ADDR);
		charge_access(m);
		nand_model_addr(m->chip, (uint8_t)val);
		watch_busy(m);
		break;
	case NFDATA:
		for (i = 0; i < width; i++) {
			uint8_t b = (uint8_t)(val >> (8 * i));

			bus_cycle(m, CYC_WRITE);
			feed_ecc(m, b);
			nand_model_write(m->chip, b);
		}
		charge_access(m);
		break;
	case NFMECCD0: m->nfmeccd0 = val; break;
	case NFMECCD1: m->nfmeccd1 = val; break;
	case NFSECCD: m->nfseccd = val; break;
	case NFSTAT:
		if (val & 4)
			m->trans = false;
		break;
	case NFSBLK: m->nfsblk = val & 0xffffff; break;
	case NFEBLK: m->nfeblk = val & 0xffffff; break;
	default:
		violation(m, "write to read-only or unknown NFC register %g (%g)", (double)off,
			  (double)val);
	}
	// clang-format on
}

void s3c2440_nfc_model_init(struct s3c2440_nfc_model *m, uintptr_t base, uint32_t hclk_hz,
			    struct nand_model *chip)
{
	// clang-format off
	struct sim_region r = {
		.base = base, .size = 0x40, .read = nfc_read, .write = nfc_write, .ctx = m,
	};
	// clang-format on
	uint32_t strap;

	memset(m, 0, sizeof(*m));
	m->base = base;
	m->hclk_hz = hclk_hz;
	m->chip = chip;
	m->check_timing = true;
	/* pin straps in NFCONF[3:0]: AdvFlash, PageSize, AddrCycle, BusWidth (x8) */
	strap = (chip->large ? 0x8u | 0x4u : 0) | (chip->row_cycles == 3 ? 0x2u : 0);
	m->nfconf = 0x1000 | strap;                           /* reset: TACLS 1, TWRPH0 0, TWRPH1 0 */
	m->nfcont = CONT_NCE | CONT_MECCLOCK | CONT_SECCLOCK; /* disabled, deselected */
	sim_bus_add(&r);
}

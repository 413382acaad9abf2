/* Shared test rig for the NAND tests: a chip model behind the S3C2440 controller model and the real driver. */
#ifndef TEST_NAND_RIG_H
#define TEST_NAND_RIG_H

#include "s3c2440_nand.h"
#include "nand_model.h"
#include "s3c2440_nfc_model.h"
#include "sim_bus.h"

#define NFC_BASE 0x4e000000u
#define MINI2440_HCLK 101250000u

struct rig {
	struct nand_model chip;
	struct s3c2440_nfc_model nfc;
	struct s3c2440_nand drv;
	struct s3c2440_nand_platdata pd;
	bool attached;
};

static struct rig rig;

/* Bring up model + controller; the driver is attached separately. */
static void rig_free(void);

static void rig_models(const struct nand_model_cfg *cfg, uint32_t hclk)
{
	if (rig.chip.blocks)
		rig_free(); /* a test switching chips */
	memset(&rig, 0, sizeof(rig));
	sim_bus_reset();
	assert_int_equal(nand_model_init(&rig.chip, cfg), 0);
	s3c2440_nfc_model_init(&rig.nfc, NFC_BASE, hclk, &rig.chip);
	rig.pd.base = NFC_BASE;
	rig.pd.hclk_hz = hclk;
	rig.pd.name = "nand0";
}

static int rig_attach(void)
{
	int ret = s3c2440_nand_init(&rig.drv, &rig.pd);

	rig.attached = ret == 0;
	return ret;
}

static void rig_detach(void)
{
	if (rig.attached)
		s3c2440_nand_remove(&rig.drv);
	rig.attached = false;
}

/* Nothing the driver did may have broken the chip's or the controller's rules. */
static __attribute__((unused)) void rig_check_clean(void)
{
	if (rig.nfc.violations)
		fail_msg("controller violation: %s", rig.nfc.first_violation);
	if (rig.chip.protocol_errors)
		fail_msg("NAND protocol error: %s", rig.chip.last_error);
	if (rig.chip.double_programs)
		fail_msg("double program: %s", rig.chip.last_error);
}

static void rig_free(void)
{
	rig_detach();
	nand_model_free(&rig.chip);
	sim_bus_reset();
}

/* Teardown: release everything first, then complain (a failing check must not leak). */
static int rig_teardown(void **state)
{
	unsigned int v = rig.nfc.violations, pe = rig.chip.protocol_errors;
	unsigned int dp = rig.chip.double_programs;
	char vmsg[160], cmsg[128];

	(void)state;
	memcpy(vmsg, rig.nfc.first_violation, sizeof(vmsg));
	memcpy(cmsg, rig.chip.last_error, sizeof(cmsg));
	rig_free();
	if (v)
		fail_msg("controller violation: %s", vmsg);
	if (pe || dp)
		fail_msg("NAND protocol error or double program: %s", cmsg);
	return 0;
}

static struct mtd_info *rig_mtd(void)
{
	return &rig.drv.chip.mtd;
}

static void rig_pattern(uint8_t *p, size_t n, uint32_t seed)
{
	uint32_t x = seed * 2654435761u + 1;

	while (n--) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		*p++ = (uint8_t)x;
	}
}

#endif

/* Host tests for the NAND-boot stage: the loader against the NAND chip and S3C2440 controller models. */
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include "common.h"
#include "crc32.h"
#include "s3c2440_nand.h"
#include "sim_bus.h"
#include "nand_model.h"
#include "s3c2440_nfc_model.h"
#include "mini2440.h"
#include "nand_boot.h"

#define HDR_OFF 0x40
#define LINK 0x33e00000u

struct rig {
	struct nand_model chip;
	struct s3c2440_nfc_model nfc;
	struct mini2440_plan plan;
	uint8_t *img, *sdram;
	uint32_t len;
};

static struct rig rig;

static void rig_init(const struct nand_model_cfg *cfg)
{
	sim_bus_reset();
	assert_int_equal(nand_model_init(&rig.chip, cfg), 0);
	s3c2440_nfc_model_init(&rig.nfc, MINI2440_NFC_BASE, 101250000, &rig.chip);
	assert_int_equal(mini2440_plan(&rig.plan), 0);
}

static void rig_free(void)
{
	nand_model_free(&rig.chip);
	free(rig.img);
	free(rig.sdram);
	rig.img = rig.sdram = NULL;
}

/* A firmware image with fw_header at HDR_OFF, the CRC computed as tools/fwcrc.py does. */
static void make_image(uint32_t len, unsigned int seed)
{
	uint32_t *hdr;

	rig.len = len;
	rig.img = malloc(len);
	srand(seed);
	for (uint32_t i = 0; i < len; i++)
		rig.img[i] = (uint8_t)rand();
	hdr = (uint32_t *)(void *)(rig.img + HDR_OFF);
	hdr[0] = 0x46424f54;
	hdr[1] = len;
	hdr[2] = 0;
	hdr[3] = LINK;
	hdr[2] = crc32(0, rig.img, len);
	/* SDRAM stand-in: a page of slack for the last whole-page read, canary after it */
	rig.sdram = malloc(len + 4096);
	memset(rig.sdram, 0xa5, len + 4096);
}

/* Put data into NAND from block 0 on, skipping blocks marked bad, as "nand write" would. */
static void flash_image(const uint8_t *data, uint32_t len)
{
	struct nand_model *m = &rig.chip;
	uint32_t ps = m->cfg.pagesize, ppb = m->cfg.pages_per_block, marker = m->large ? 0 : 5;
	uint32_t done = 0;

	for (uint32_t b = 0; done < len; b++) {
		assert_true(b < m->cfg.nblocks);
		if (nand_model_page(m, b * ppb)[ps + marker] != 0xff)
			continue;
		for (uint32_t p = 0; p < ppb && done < len; p++, done += ps)
			memcpy(nand_model_page(m, b * ppb + p), data + done, MIN(ps, len - done));
	}
}

static int run_loader(void)
{
	return nand_boot_load(HDR_OFF, rig.sdram, rig.plan.nfconf);
}

static void check_loaded(void)
{
	assert_int_equal(memcmp(rig.sdram, rig.img, rig.len), 0);
	assert_int_equal(rig.nfc.violations, 0);
	/* the controller is left disabled/deselected for the driver to take over */
	assert_int_equal(rig.nfc.nfcont & S3C2440_NFCONT_NCE, S3C2440_NFCONT_NCE);
}

static void test_large_page_bad_blocks(void **state)
{
	(void)state;
	rig_init(&nand_model_k9f1g08);
	make_image(300 * 1024 + 100, 1); /* three 128 KiB blocks' worth */
	nand_model_mark_bad(&rig.chip, 1, 0);
	flash_image(rig.img, rig.len);
	/* the image's second block really is in block 2, beyond the bad one */
	assert_int_equal(memcmp(nand_model_page(&rig.chip, 2 * 64), rig.img + 128 * 1024, 2048), 0);
	assert_int_equal(run_loader(), (int)rig.len);
	check_loaded();
	if (rig.nfc.first_violation[0])
		print_message("%s\n", rig.nfc.first_violation);
	rig_free();
}

/*
 * The 512 KiB u-boot partition (four 128 KiB blocks) holds a 160 KiB image
 * (two blocks) with any two of blocks 1-3 bad; a third bad block is refused
 * with -ENOSPC even though the rest of the image lies readable in block 4,
 * the first block of u-boot-env: the stage never reads past the partition.
 */
static void test_partition_bound(void **state)
{
	static const uint32_t bad[][3] = { { 1 }, { 1, 2 }, { 2, 3 }, { 1, 3 } };

	(void)state;
	assert_int_equal(NAND_BOOT_PART_SIZE, 4 * 128 * 1024);
	for (uint32_t i = 0; i < 4; i++) {
		rig_init(&nand_model_k9f1g08);
		make_image(160 * 1024, 10 + i);
		for (uint32_t j = 0; j < 3 && bad[i][j]; j++)
			nand_model_mark_bad(&rig.chip, bad[i][j], 0);
		flash_image(rig.img, rig.len);
		assert_int_equal(run_loader(), (int)rig.len);
		check_loaded();
		rig_free();
	}

	rig_init(&nand_model_k9f1g08);
	make_image(160 * 1024, 20);
	for (uint32_t b = 1; b <= 3; b++)
		nand_model_mark_bad(&rig.chip, b, 0);
	flash_image(rig.img, rig.len);
	/* the image's second half went to block 4, outside the partition */
	assert_int_equal(memcmp(nand_model_page(&rig.chip, 4 * 64), rig.img + 128 * 1024, 2048), 0);
	assert_int_equal(run_loader(), -ENOSPC);
	rig_free();

	/* small pages (16 KiB blocks): the same 512 KiB is 32 blocks, 23 of them bad leave 9 */
	rig_init(&nand_model_k9f1208);
	make_image(9 * 16 * 1024, 21);
	for (uint32_t b = 1; b <= 23; b++)
		nand_model_mark_bad(&rig.chip, b, 5);
	flash_image(rig.img, rig.len);
	assert_int_equal(run_loader(), (int)rig.len);
	check_loaded();
	rig_free();
	rig_init(&nand_model_k9f1208);
	make_image(9 * 16 * 1024, 22);
	for (uint32_t b = 1; b <= 24; b++)
		nand_model_mark_bad(&rig.chip, b, 5);
	flash_image(rig.img, rig.len);
	assert_int_equal(run_loader(), -ENOSPC);
	rig_free();

	/* a header claiming more than the partition holds is refused before any further read */
	rig_init(&nand_model_k9f1g08);
	make_image(8192, 23);
	((uint32_t *)(void *)(rig.img + HDR_OFF))[1] = NAND_BOOT_PART_SIZE + 1;
	flash_image(rig.img, rig.len);
	assert_int_equal(run_loader(), -E2BIG);
	rig_free();
}

static void test_small_page_and_five_cycles(void **state)
{
	(void)state;
	/* small page: marker at OOB byte 5, 16 KiB blocks */
	rig_init(&nand_model_k9f1208);
	make_image(70 * 1024 + 4, 2);
	nand_model_mark_bad(&rig.chip, 2, 5);
	flash_image(rig.img, rig.len);
	assert_int_equal(run_loader(), (int)rig.len);
	check_loaded();
	rig_free();

	/* 2 Gbit chip: three row address cycles (the NFCONF AddrCycle strap) */
	rig_init(&nand_model_k9f2g08);
	make_image(140 * 1024, 3);
	nand_model_mark_bad(&rig.chip, 1, 0);
	flash_image(rig.img, rig.len);
	assert_int_equal(run_loader(), (int)rig.len);
	check_loaded();
	rig_free();
}

static void test_crc_mismatch(void **state)
{
	(void)state;
	rig_init(&nand_model_k9f1g08);
	make_image(200 * 1024, 4);
	nand_model_mark_bad(&rig.chip, 1, 0);
	flash_image(rig.img, rig.len);
	/* one flipped bit in the block after the bad one */
	nand_model_page(&rig.chip, 2 * 64 + 5)[17] ^= 0x10;
	assert_int_equal(run_loader(), -EBADMSG);
	rig_free();
}

static void test_no_header_or_bad_length(void **state)
{
	uint32_t *hdr;

	(void)state;
	rig_init(&nand_model_k9f1g08);
	make_image(8192, 5);
	assert_int_equal(run_loader(), -ENOEXEC); /* erased NAND */
	hdr = (uint32_t *)(void *)(rig.img + HDR_OFF);
	hdr[1] = 64u << 20; /* length beyond the firmware window */
	flash_image(rig.img, rig.len);
	assert_int_equal(run_loader(), -E2BIG);
	rig_free();
}

static void test_all_blocks_bad_and_stuck_chip(void **state)
{
	(void)state;
	rig_init(&nand_model_k9f1g08);
	make_image(4096, 6);
	for (uint32_t b = 0; b < 64; b++)
		nand_model_mark_bad(&rig.chip, b, 0);
	assert_int_equal(run_loader(), -ENOSPC);
	rig_free();

	rig_init(&nand_model_k9f1g08);
	make_image(4096, 7);
	flash_image(rig.img, rig.len);
	rig.chip.never_ready = true;
	assert_int_equal(run_loader(), -ETIMEDOUT);
	rig_free();
}

/* The loader's NFCONF timing is the one the NAND driver derives from the same ns values. */
static void test_timing_matches_driver(void **state)
{
	struct s3c2440_nand_timing t;
	struct mini2440_plan p;

	(void)state;
	assert_int_equal(mini2440_plan(&p), 0);
	assert_int_equal(s3c2440_nand_fixed_timing(&s3c2440_nfc_variant, p.hclk_hz, 0, 25, 15, &t), 0);
	assert_int_equal(s3c2440_nand_conf_bits(&s3c2440_nfc_variant, &t), p.nfconf);
}

/* The real out/mini2440/flashboot.bin, CRC patched by tools/fwcrc.py, loads and checks. */
static void test_real_firmware_image(void **state)
{
	FILE *f = fopen("out/mini2440/flashboot.bin", "rb");
	uint32_t off;
	long n;

	(void)state;
	if (!f) {
		print_message("out/mini2440/flashboot.bin missing: run make BOARD=mini2440\n");
		skip();
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	rig_init(&nand_model_k9f1208); /* small blocks, so the bad one is in the way */
	rig.len = (uint32_t)n;
	rig.img = malloc(rig.len);
	rig.sdram = malloc(rig.len + 4096);
	assert_int_equal(fread(rig.img, 1, rig.len, f), rig.len);
	fclose(f);
	for (off = 0; off < 256; off += 4)
		if (!memcmp(rig.img + off, "TOBF", 4))
			break;
	assert_true(off < 256);
	assert_int_equal(*(uint32_t *)(void *)(rig.img + off + 4), rig.len);
	nand_model_mark_bad(&rig.chip, 1, 5);
	flash_image(rig.img, rig.len);
	assert_int_equal(nand_boot_load(off, rig.sdram, rig.plan.nfconf), (int)rig.len);
	check_loaded();
	rig_free();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_large_page_bad_blocks),
		cmocka_unit_test(test_partition_bound),
		cmocka_unit_test(test_small_page_and_five_cycles),
		cmocka_unit_test(test_crc_mismatch),
		cmocka_unit_test(test_no_header_or_bad_length),
		cmocka_unit_test(test_all_blocks_bad_and_stuck_chip),
		cmocka_unit_test(test_timing_matches_driver),
		cmocka_unit_test(test_real_firmware_image),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

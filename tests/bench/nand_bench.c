/* Host benchmark: simulated NAND read throughput at the programmed S3C2440 timing, and software ECC speed. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "s3c2440_nand.h"
#include "nand_model.h"
#include "s3c2440_nfc_model.h"
#include "sim_bus.h"

#define NFC_BASE 0x4e000000u
#define PAGES 64

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Bytes per second the chip itself allows: tR plus every byte of the page at tRC. */
static double chip_limit(const struct nand_model_cfg *c)
{
	double page_ns = c->tR_ns + (double)(c->pagesize + c->oobsize) * c->tRC;

	return c->pagesize / (page_ns * 1e-9);
}

static int read_bench(const struct nand_model_cfg *cfg, uint32_t hclk, bool fixed, const char *what)
{
	static struct nand_model chip;
	static struct s3c2440_nfc_model nfc;
	static struct s3c2440_nand drv;
	// clang-format off
	struct s3c2440_nand_platdata pd = {
		.base = NFC_BASE, .hclk_hz = hclk, .fixed_timing = fixed,
		.tacls_ns = 0, .twrph0_ns = 25, .twrph1_ns = 15, .name = "bench",
	};
	// clang-format on
	uint32_t size = PAGES * cfg->pagesize;
	uint8_t *buf = malloc(size);
	uint64_t t0;
	double secs;
	int ret;

	sim_bus_reset();
	if (!buf || nand_model_init(&chip, cfg))
		return 1;
	s3c2440_nfc_model_init(&nfc, NFC_BASE, hclk, &chip);
	ret = s3c2440_nand_init(&drv, &pd);
	if (ret) {
		fprintf(stderr, "nand init: %d\n", ret);
		return 1;
	}
	for (uint32_t i = 0; i < size; i++)
		buf[i] = (uint8_t)(i * 7 + 3);
	ret = mtd_write(&drv.chip.mtd, 0, size, buf);
	t0 = sim_time_ns;
	ret |= mtd_read(&drv.chip.mtd, 0, size, buf);
	secs = (sim_time_ns - t0) * 1e-9;
	if (ret || nfc.violations) {
		fprintf(stderr, "bench failed: %d, %s\n", ret, nfc.first_violation);
		return 1;
	}
	printf("NAND read %s @ HCLK %.2f MHz (%s: TACLS %u TWRPH0 %u TWRPH1 %u): %.2f MB/s "
	       "= %.0f %% of the chip's limit (%.2f MB/s)\n",
	       cfg->name, hclk / 1e6, what, drv.timing.tacls, drv.timing.twrph0, drv.timing.twrph1,
	       size / secs / 1e6, 100.0 * size / secs / chip_limit(cfg), chip_limit(cfg) / 1e6);
	s3c2440_nand_remove(&drv);
	nand_model_free(&chip);
	free(buf);
	return 0;
}

static void ecc_bench(void)
{
	static uint8_t data[256 * 4096];
	uint8_t ecc[3], bad[3];
	unsigned int i, n = sizeof(data) / 256, rounds = 20;
	double t0, t1, t2;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 131 + (i >> 8));
	t0 = now_s();
	for (unsigned int r = 0; r < rounds; r++)
		for (i = 0; i < n; i++)
			nand_hamming_calc(data + 256 * i, 256, ecc);
	t1 = now_s();
	for (unsigned int r = 0; r < rounds; r++) {
		for (i = 0; i < n; i++) {
			uint8_t *d = data + 256 * i;

			nand_hamming_calc(d, 256, ecc);
			memcpy(bad, ecc, 3);
			d[i & 255] ^= 0x10; /* one flipped bit to find and fix */
			nand_hamming_calc(d, 256, ecc);
			if (nand_hamming_correct(d, 256, bad, ecc) != 1)
				abort();
		}
	}
	t2 = now_s();
	printf("ECC sw Hamming (host CPU): calc %.1f MB/s, calc+correct %.1f MB/s\n",
	       sizeof(data) * rounds / (t1 - t0) / 1e6, sizeof(data) * rounds / (t2 - t1) / 1e6);
}

int main(void)
{
	int ret = 0;

	ret |= read_bench(&nand_model_k9f1g08, 101250000, false, "derived timing");
	ret |= read_bench(&nand_model_k9f1g08, 101250000, true, "Linux mini2440 timing");
	ret |= read_bench(&nand_model_k9f1g08, 133000000, false, "derived timing");
	ecc_bench();
	return ret;
}

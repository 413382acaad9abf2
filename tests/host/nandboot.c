/*
 * Host helper for tests/simboard/test_nand_boot.py: the mini2440's power-on from NAND, run on a NAND
 * image file as tools/mkflash writes it and the sim board keeps it (2048 + 64 bytes per page).
 * The boot ROM's 4 KiB copy and the jump are the hardware's; what decides the boot is the stage-1
 * loader (board/mini2440/nand_boot.c), run here unchanged against the K9F1G08 and S3C2440 NAND
 * controller models with the timing lowlevel.S gives it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim_bus.h"
#include "nand_model.h"
#include "s3c2440_nfc_model.h"
#include "mini2440.h"
#include "nand_boot.h"

static int load_image(struct nand_model *m, const char *path)
{
	size_t bsz = (size_t)m->rawpage * m->cfg.pages_per_block;
	uint8_t *buf = malloc(bsz);
	FILE *f = fopen(path, "rb");
	int ret = 0;

	if (!f || !buf) {
		perror(path);
		free(buf);
		return -1;
	}
	for (uint32_t b = 0; b < m->cfg.nblocks; b++) {
		size_t n = fread(buf, 1, bsz, f);
		size_t i = 0;

		if (n != bsz) {
			fprintf(stderr, "%s: short image (block %u)\n", path, b);
			ret = -1;
			break;
		}
		while (i < bsz && buf[i] == 0xff)
			i++;
		if (i < bsz)
			memcpy(nand_model_page(m, b * m->cfg.pages_per_block), buf, bsz);
	}
	fclose(f);
	free(buf);
	return ret;
}

int main(int argc, char **argv)
{
	static struct nand_model chip;
	static struct s3c2440_nfc_model nfc;
	struct mini2440_plan plan;
	uint8_t *sdram;
	FILE *out;
	int len;

	if (argc != 3) {
		fprintf(stderr,
			"usage: nandboot NAND.IMG OUT.BIN\n"
			"  runs the stage-1 loader on the image: on success writes the loaded firmware\n"
			"  to OUT.BIN; on failure prints what the board prints on UART0 and exits 1\n");
		return 2;
	}
	sim_bus_reset();
	if (nand_model_init(&chip, &nand_model_k9f1g08) || load_image(&chip, argv[1]) ||
	    mini2440_plan(&plan)) {
		nand_model_free(&chip);
		return 2;
	}
	s3c2440_nfc_model_init(&nfc, MINI2440_NFC_BASE, plan.hclk_hz, &chip);
	/* SDRAM from the link address on: a page of slack for the last whole-page read */
	sdram = malloc(NAND_BOOT_MAX_LEN + 4096);
	if (!sdram) {
		nand_model_free(&chip);
		return 2;
	}
	memset(sdram, 0xa5, NAND_BOOT_MAX_LEN + 4096);
	/* fw_header's offset in the image: 0x40, where linker/arm.lds places it */
	len = nand_boot_load(0x40, sdram, plan.nfconf);
	nand_model_free(&chip);
	if (len < 0) {
		/* lowlevel.S's line; the number is the host's errno (ENOSPC and ENOEXEC match newlib's) */
		printf("flashboot: NAND boot failed, errno 0x%02x\n", -len);
		free(sdram);
		return 1;
	}
	if (nfc.violations)
		fprintf(stderr, "nandboot: %u timing violations: %s\n", nfc.violations,
			nfc.first_violation);
	out = fopen(argv[2], "wb");
	if (!out || fwrite(sdram, 1, (size_t)len, out) != (size_t)len || fclose(out)) {
		perror(argv[2]);
		free(sdram);
		return 2;
	}
	free(sdram);
	printf("stage 1: %d bytes loaded, CRC ok\n", len);
	return nfc.violations ? 3 : 0;
}

/* Host helper for tools/mkflash: fills in (or checks) the ECC of a raw NAND image with the firmware's own nand_ecc.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "nand.h"

/*
 * usage: nandimg ecc|check [soft|s3c] PAGESIZE OOBSIZE FILE
 *
 * FILE holds pages of PAGESIZE data bytes each followed by OOBSIZE OOB bytes
 * (the sim board's and tools/mkflash's layout). Every page that is not
 * entirely 0xFF (data and OOB) gets the ECC that nand_write_page() would
 * write, placed in the OOB by nand_ooblayout_default():
 *   soft  NAND_ECC_SOFT, Linux's software Hamming, 3 bytes per 256 (default)
 *   s3c   NAND_ECC_S3C_LINUX, the S3C2440 controller's ECC per 256-byte step
 *         (512 on small pages) as Linux's s3c2410 driver stores it, computed
 *         by nand_s3c_ecc_calc()
 * Erased pages stay erased. `check` compares instead and lists the pages
 * whose stored ECC differs.
 */

static int setup(struct nand_ecc_ctrl *ecc, enum nand_ecc_mode mode, unsigned long pagesize,
		 unsigned long oobsize)
{
	memset(ecc, 0, sizeof(*ecc));
	ecc->mode = mode;
	ecc->size = mode == NAND_ECC_S3C_LINUX && pagesize <= 1024 ? 512 : 256;
	ecc->bytes = 3;
	ecc->strength = 1;
	if (pagesize < ecc->size || pagesize % ecc->size || pagesize > 16384 || oobsize > 1024)
		return -EINVAL;
	ecc->steps = (unsigned int)(pagesize / ecc->size);
	ecc->total = ecc->steps * ecc->bytes;
	return nand_ooblayout_default(ecc, (uint32_t)pagesize, (uint32_t)oobsize);
}

static int all_ff(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++ != 0xff)
			return 0;
	return 1;
}

/* The ECC bytes of one page's data, in eccpos order. */
static void page_ecc(const struct nand_ecc_ctrl *ecc, const uint8_t *dat, uint8_t *code)
{
	for (unsigned int s = 0; s < ecc->steps; s++) {
		if (ecc->mode == NAND_ECC_S3C_LINUX)
			nand_s3c_ecc_calc(dat + s * ecc->size, ecc->size, code + s * ecc->bytes);
		else
			nand_hamming_calc(dat + s * ecc->size, ecc->size, code + s * ecc->bytes);
	}
}

/* Copy between the ECC byte string and the OOB (to_oob) through the regions. */
static void place(const struct nand_ecc_ctrl *ecc, uint8_t *oob, uint8_t *code, int to_oob)
{
	unsigned int k = 0;

	for (unsigned int r = 0; r < ecc->n_eccpos; r++)
		for (unsigned int i = 0; i < ecc->eccpos[r].length && k < ecc->total; i++, k++) {
			if (to_oob)
				oob[ecc->eccpos[r].offset + i] = code[k];
			else
				code[k] = oob[ecc->eccpos[r].offset + i];
		}
}

int main(int argc, char **argv)
{
	struct nand_ecc_ctrl ecc;
	enum nand_ecc_mode mode = NAND_ECC_SOFT;
	unsigned long pagesize, oobsize, page = 0, bad = 0, done = 0;
	uint8_t *buf, calc[1024], stored[1024];
	const char *path;
	size_t raw;
	int check, a = 2;
	FILE *f;

	if (argc == 6 && !strcmp(argv[2], "s3c"))
		mode = NAND_ECC_S3C_LINUX, a = 3;
	else if (argc == 6 && !strcmp(argv[2], "soft"))
		a = 3;
	if (argc != a + 3 || (strcmp(argv[1], "ecc") && strcmp(argv[1], "check"))) {
		fprintf(stderr, "usage: %s ecc|check [soft|s3c] PAGESIZE OOBSIZE FILE\n", argv[0]);
		return 2;
	}
	check = !strcmp(argv[1], "check");
	pagesize = strtoul(argv[a], NULL, 0);
	oobsize = strtoul(argv[a + 1], NULL, 0);
	path = argv[a + 2];
	if (setup(&ecc, mode, pagesize, oobsize)) {
		fprintf(stderr, "nandimg: no %s ECC layout for %lu+%lu-byte pages\n",
			nand_ecc_mode_name(mode), pagesize, oobsize);
		return 2;
	}
	raw = pagesize + oobsize;
	buf = malloc(raw);
	f = fopen(path, check ? "rb" : "r+b");
	if (!buf || !f) {
		perror(path);
		return 1;
	}
	for (;; page++) {
		long pos = ftell(f);
		size_t n = fread(buf, 1, raw, f);

		if (n == 0)
			break;
		if (n != raw) {
			fprintf(stderr, "nandimg: %s: %zu bytes left over after page %lu\n", path, n,
				page);
			return 1;
		}
		if (all_ff(buf, raw))
			continue;
		page_ecc(&ecc, buf, calc);
		if (check) {
			place(&ecc, buf + pagesize, stored, 0);
			if (memcmp(stored, calc, ecc.total)) {
				if (bad++ < 10)
					printf("page %lu: ECC differs\n", page);
			}
			done++;
			continue;
		}
		place(&ecc, buf + pagesize, calc, 1);
		if (fseek(f, pos, SEEK_SET) || fwrite(buf, 1, raw, f) != raw || fseek(f, 0, SEEK_CUR)) {
			perror(path);
			return 1;
		}
		done++;
	}
	if (fclose(f)) {
		perror(path);
		return 1;
	}
	free(buf);
	if (check)
		printf("%lu pages checked, %lu with a wrong ECC\n", done, bad);
	return bad ? 1 : 0;
}

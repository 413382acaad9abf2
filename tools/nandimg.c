/* Host helper for tools/mkflash: fills in (or checks) the software Hamming ECC of a raw NAND image with the firmware's own nand_ecc.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "nand.h"

/*
 * usage: nandimg ecc|check PAGESIZE OOBSIZE FILE
 *
 * FILE holds pages of PAGESIZE data bytes each followed by OOBSIZE OOB bytes
 * (the sim board's and tools/mkflash's layout). Every page that is not
 * entirely 0xFF (data and OOB) gets the ECC that nand_write_page() would
 * write in NAND_ECC_SOFT mode: 3 bytes per 256 data bytes, placed in the OOB
 * by nand_ooblayout_default(). Erased pages stay erased. `check` compares
 * instead and lists the pages whose stored ECC differs.
 */

static int setup(struct nand_ecc_ctrl *ecc, unsigned long pagesize, unsigned long oobsize)
{
	memset(ecc, 0, sizeof(*ecc));
	ecc->mode = NAND_ECC_SOFT;
	ecc->size = 256;
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
	for (unsigned int s = 0; s < ecc->steps; s++)
		nand_hamming_calc(dat + s * ecc->size, ecc->size, code + s * ecc->bytes);
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
	unsigned long pagesize, oobsize, page = 0, bad = 0, done = 0;
	uint8_t *buf, calc[1024], stored[1024];
	size_t raw;
	int check;
	FILE *f;

	if (argc != 5 || (strcmp(argv[1], "ecc") && strcmp(argv[1], "check"))) {
		fprintf(stderr, "usage: %s ecc|check PAGESIZE OOBSIZE FILE\n", argv[0]);
		return 2;
	}
	check = !strcmp(argv[1], "check");
	pagesize = strtoul(argv[2], NULL, 0);
	oobsize = strtoul(argv[3], NULL, 0);
	if (setup(&ecc, pagesize, oobsize)) {
		fprintf(stderr, "nandimg: no software ECC layout for %lu+%lu-byte pages\n", pagesize, oobsize);
		return 2;
	}
	raw = pagesize + oobsize;
	buf = malloc(raw);
	f = fopen(argv[4], check ? "rb" : "r+b");
	if (!buf || !f) {
		perror(argv[4]);
		return 1;
	}
	for (;; page++) {
		long pos = ftell(f);
		size_t n = fread(buf, 1, raw, f);

		if (n == 0)
			break;
		if (n != raw) {
			fprintf(stderr, "nandimg: %s: %zu bytes left over after page %lu\n", argv[4], n, page);
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
			perror(argv[4]);
			return 1;
		}
		done++;
	}
	if (fclose(f)) {
		perror(argv[4]);
		return 1;
	}
	free(buf);
	if (check)
		printf("%lu pages checked, %lu with a wrong ECC\n", done, bad);
	return bad ? 1 : 0;
}

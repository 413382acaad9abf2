/* Host helper for tools/mkflash: the firmware's own mtdparts parser, and a board's flash defaults from its defaults.h. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mtd.h"
#include "mtdparts.h"
#ifdef DEF
#include "nand.h"
#include "defaults.h"
#endif

/*
 * usage: mtdpart parts DEVSIZE ERASESIZE STRING
 *   resolves the first <mtddef> of STRING ("[mtdparts=]id:parts[;...]") against a device of
 *   DEVSIZE bytes with ERASESIZE blocks, as Linux and the firmware do, and prints one line
 *   "NAME OFFSET SIZE" per partition; a partition reaching past the end is an error here
 *   (Linux would truncate it), as are the parser's errors (with the position)
 * usage: mtdpart defaults      (built with -Iboard/<board> -D'DEF(x)=<BOARD>_##x')
 *   prints KEY=VALUE lines from the board's defaults.h: MTDPARTS, ENV_OFFSET, ENV_OFFSET_REDUND,
 *   ENV_SIZE, ENV_RANGE, NAND_ECC (soft|s3c)
 */

static int parts(uint64_t devsize, uint32_t erasesize, const char *s)
{
	static struct mtdparts_table t;
	static struct mtdparts_rtable r;
	struct mtd_info mtd;
	size_t pos = 0;
	int ret;

	ret = mtdparts_parse(s, strlen(s), &t, &pos);
	if (ret || !t.ndevs) {
		fprintf(stderr, "mkflash: cannot parse the mtdparts string at byte %zu: '%s'\n", pos,
			s + pos);
		return 1;
	}
	/* the partitions are only computed: the RAM device has no memory behind it */
	memset(&mtd, 0, sizeof(mtd));
	if (mtdram_init(&mtd, "image", NULL, devsize, erasesize)) {
		fprintf(stderr, "mkflash: bad device size 0x%" PRIx64 " / erase size 0x%x\n", devsize,
			erasesize);
		return 1;
	}
	ret = mtdparts_resolve(&t, 0, &mtd, &r);
	if (ret) {
		fprintf(stderr, "mkflash: mtdparts: partition %d: %s\n", r.err_part,
			ret == -EEXIST  ? "duplicate name"
			: ret == -E2BIG ? "name too long"
					: "invalid");
		return 1;
	}
	for (int i = 0; i < r.nparts; i++) {
		if (r.parts[i].warn & (MTDPARTS_W_TRUNCATED | MTDPARTS_W_OUT_OF_REACH)) {
			fprintf(stderr,
				"mkflash: partition %s ends past the end of the flash (0x%" PRIx64
				" bytes)\n",
				r.parts[i].name, devsize);
			return 1;
		}
	}
	for (int i = 0; i < r.nparts; i++)
		printf("%s %" PRIu64 " %" PRIu64 "\n", r.parts[i].name, r.parts[i].offset,
		       r.parts[i].size);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "parts"))
		return parts(strtoull(argv[2], NULL, 0), (uint32_t)strtoul(argv[3], NULL, 0), argv[4]);
#ifdef DEF
	if (argc == 2 && !strcmp(argv[1], "defaults")) {
		printf("MTDPARTS=%s\n", DEF(MTDPARTS));
		printf("ENV_OFFSET=%lu\nENV_OFFSET_REDUND=%lu\n", (unsigned long)DEF(ENV_OFFSET),
		       (unsigned long)DEF(ENV_OFFSET_REDUND));
		printf("ENV_SIZE=%lu\nENV_RANGE=%lu\n", (unsigned long)DEF(ENV_SIZE),
		       (unsigned long)DEF(ENV_RANGE));
		printf("NAND_ECC=%s\n", DEF(NAND_ECC) == NAND_ECC_S3C_LINUX ? "s3c" : "soft");
		return 0;
	}
#endif
	fprintf(stderr, "usage: mtdpart parts DEVSIZE ERASESIZE STRING | mtdpart defaults\n");
	return 2;
}

/* Stage 1 of a NAND boot: copies the firmware from NAND into SDRAM, skipping bad blocks, and checks its CRC. */
#include <errno.h>
#include "io.h"
#include "nand.h"
#include "s3c2440_nand.h"
#include "mini2440.h"
#include "nand_boot.h"

/*
 * This code runs from the 4 KiB Steppingstone at address 0 while it is linked
 * at FW_BASE: it must be position independent. So: no global data, no string
 * constants, no switch jump tables, no calls outside this section (the build
 * compiles it with -fno-jump-tables -fno-tree-loop-distribute-patterns and
 * board/mini2440/build.mk checks the object's relocations).
 */
#ifdef HOST_SIM
#define __stage1
#else
#define __stage1 __attribute__((section(".stage1.text")))
#endif

#define FW_MAGIC 0x46424f54u  /* "FBOT" */
#define NFCONF_ADVFLASH 0x8u  /* pin strap: large-page chip */
#define NFCONF_ADDRCYCLE 0x2u /* pin strap: one more row address cycle */
#define BUSY_POLLS 2000000u   /* ~20 ms at 10 ns per register read, far above tR/tRST */

struct nb_geo {
	uintptr_t nfc;
	uint32_t pagesize, pages_per_block, marker_col;
	bool large, row3;
};

static __stage1 void nb_cmd(const struct nb_geo *g, uint8_t c)
{
	writeb(c, g->nfc + S3C2440_NFCMMD);
}

static __stage1 void nb_addr(const struct nb_geo *g, uint8_t a)
{
	writeb(a, g->nfc + S3C2440_NFADDR);
}

/* Wait for RnB's low->high edge (the latch avoids sampling before the chip went busy). */
static __stage1 int nb_wait(const struct nb_geo *g)
{
	for (uint32_t n = 0; n < BUSY_POLLS; n++) {
		if (readl(g->nfc + S3C2440_NFSTAT) & S3C2440_NFSTAT_TRANS) {
			writel(S3C2440_NFSTAT_TRANS, g->nfc + S3C2440_NFSTAT);
			return 0;
		}
	}
	return -ETIMEDOUT;
}

/* Read len bytes of a page from column col (large page: col may point into the OOB). */
static __stage1 int nb_read(const struct nb_geo *g, uint32_t page, uint32_t col, uint8_t *buf,
			    uint32_t len)
{
	writel(S3C2440_NFSTAT_TRANS, g->nfc + S3C2440_NFSTAT);
	if (g->large) {
		nb_cmd(g, NAND_CMD_READ0);
		nb_addr(g, (uint8_t)col);
		nb_addr(g, (uint8_t)(col >> 8));
	} else {
		/* small page: 0x50 reads the spare area from col */
		nb_cmd(g, col >= g->pagesize ? NAND_CMD_READOOB : NAND_CMD_READ0);
		nb_addr(g, (uint8_t)(col >= g->pagesize ? col - g->pagesize : col));
	}
	nb_addr(g, (uint8_t)page);
	nb_addr(g, (uint8_t)(page >> 8));
	if (g->row3)
		nb_addr(g, (uint8_t)(page >> 16));
	if (g->large)
		nb_cmd(g, NAND_CMD_READSTART);
	if (nb_wait(g))
		return -ETIMEDOUT;
	if (!((uintptr_t)buf & 3) && !(len & 3)) {
		uint32_t *w = (uint32_t *)(void *)buf;

		for (uint32_t i = 0; i < len / 4; i++)
			w[i] = readl(g->nfc + S3C2440_NFDATA); /* four bus cycles, little endian */
	} else {
		for (uint32_t i = 0; i < len; i++)
			buf[i] = readb(g->nfc + S3C2440_NFDATA);
	}
	return 0;
}

/* CRC-32 (IEEE) with the 4 bytes at skip read as zero; the table lives on the stack. */
static __stage1 uint32_t nb_crc32(const uint8_t *p, uint32_t len, uint32_t skip)
{
	uint32_t table[256], crc = 0xffffffffu;

	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;

		for (int k = 0; k < 8; k++)
			c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
		table[i] = c;
	}
	for (uint32_t i = 0; i < len; i++) {
		uint8_t b = i - skip < 4 ? 0 : p[i];

		crc = table[(crc ^ b) & 0xff] ^ (crc >> 8);
	}
	return ~crc;
}

__stage1 int nand_boot_load(uint32_t hdr_off, uint8_t *dst, uint32_t nfconf_timing)
{
	struct nb_geo g;
	uint32_t conf, len, done = 0, block = 0, nblocks, stored;
	const uint32_t *hdr;
	uint8_t marker;

	g.nfc = MINI2440_NFC_BASE;
	conf = readl(g.nfc + S3C2440_NFCONF);
	g.large = conf & NFCONF_ADVFLASH;
	g.row3 = conf & NFCONF_ADDRCYCLE;
	/* K9F1G08-class: 2048 + 64 bytes, 64 pages; small page: 512 + 16 bytes, 32 pages */
	g.pagesize = g.large ? 2048 : 512;
	g.pages_per_block = g.large ? 64 : 32;
	g.marker_col = g.pagesize + (g.large ? 0 : 5);
	/* the u-boot partition's blocks (128 KiB or 16 KiB each): nothing past it is read */
	nblocks = NAND_BOOT_PART_SIZE >> (g.large ? 17 : 14);

	writel((conf & 0xfu) | nfconf_timing, g.nfc + S3C2440_NFCONF);
	/* enabled, chip selected, ECC generators locked (the stage reads raw) */
	writel(S3C2440_NFCONT_MODE | S3C2440_NFCONT_MECCLOCK | S3C2440_NFCONT_SECCLOCK,
	       g.nfc + S3C2440_NFCONT);
	writel(S3C2440_NFSTAT_TRANS, g.nfc + S3C2440_NFSTAT);
	nb_cmd(&g, NAND_CMD_RESET);
	if (nb_wait(&g))
		return -ETIMEDOUT;

	len = g.pagesize; /* until the header is in */
	while (done < len) {
		uint32_t first = block * g.pages_per_block;

		if (block >= nblocks)
			return -ENOSPC;
		if (nb_read(&g, first, g.marker_col, &marker, 1))
			return -ETIMEDOUT;
		block++;
		if (marker != 0xff)
			continue;
		for (uint32_t p = 0; p < g.pages_per_block && done < len; p++) {
			if (nb_read(&g, first + p, 0, dst + done, g.pagesize))
				return -ETIMEDOUT;
			done += g.pagesize;
			if (done == g.pagesize) {
				hdr = (const uint32_t *)(const void *)(dst + hdr_off);
				if (hdr_off > g.pagesize - 16 || hdr[0] != FW_MAGIC)
					return -ENOEXEC;
				len = hdr[1];
				if (len < hdr_off + 16 || len > NAND_BOOT_MAX_LEN)
					return -E2BIG;
			}
		}
	}
	writel(S3C2440_NFCONT_MODE | S3C2440_NFCONT_NCE | S3C2440_NFCONT_MECCLOCK |
		       S3C2440_NFCONT_SECCLOCK,
	       g.nfc + S3C2440_NFCONT);

	hdr = (const uint32_t *)(const void *)(dst + hdr_off);
	stored = hdr[2];
	if (nb_crc32(dst, len, hdr_off + 8) != stored)
		return -EBADMSG;
	return (int)len;
}

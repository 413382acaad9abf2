/* NAND device ID table and READ ID decoding (table geometry or the extended 4th ID byte). */
#include "nand.h"

/*
 * AC limits from the Samsung datasheets (K9F1G08U0B and its 2/8 Gbit
 * siblings share them). Busy times are the datasheet maxima; they are only
 * used as time-outs.
 */
// clang-format off
static const struct nand_timings samsung_lp_timings = {
	.tCLS = 12, .tALS = 12, .tWP = 12, .tRP = 12, .tWH = 10, .tREH = 10,
	.tCLH = 5, .tALH = 5, .tWC = 25, .tRC = 25,
	.tR_us = 25, .tPROG_us = 700, .tBERS_us = 3000, .tRST_us = 500,
};
// clang-format on

/* Older small-page parts are slower (K9F1208U0C: tWC/tRC 30 ns class). */
// clang-format off
static const struct nand_timings samsung_sp_timings = {
	.tCLS = 15, .tALS = 15, .tWP = 15, .tRP = 15, .tWH = 10, .tREH = 10,
	.tCLH = 5, .tALH = 5, .tWC = 30, .tRC = 30,
	.tR_us = 15, .tPROG_us = 700, .tBERS_us = 3000, .tRST_us = 500,
};
// clang-format on

/* ONFI timing mode 0: what every NAND chip tolerates. */
// clang-format off
const struct nand_timings nand_timings_safe = {
	.tCLS = 50, .tALS = 50, .tWP = 50, .tRP = 50, .tWH = 30, .tREH = 30,
	.tCLH = 20, .tALH = 20, .tWC = 100, .tRC = 100,
	.tR_us = 200, .tPROG_us = 1000, .tBERS_us = 10000, .tRST_us = 1000,
};
// clang-format on

// clang-format off
const struct nand_flash_dev nand_flash_ids[] = {
	/* small page, geometry from the table */
	{ "NAND 32MiB 3,3V 8-bit", 0x75, 32, 512, 16, 16384, 0, &samsung_sp_timings },
	{ "NAND 64MiB 3,3V 8-bit (K9F1208)", 0x76, 64, 512, 16, 16384, 0, &samsung_sp_timings },
	{ "NAND 128MiB 3,3V 8-bit (small page)", 0x79, 128, 512, 16, 16384, 0,
	  &samsung_sp_timings },
	/* large page, geometry from the extended ID */
	{ "NAND 128MiB 3,3V 8-bit (K9F1G08)", 0xf1, 128, 0, 0, 0, 0, &samsung_lp_timings },
	{ "NAND 256MiB 3,3V 8-bit (K9F2G08)", 0xda, 256, 0, 0, 0, 0, &samsung_lp_timings },
	{ "NAND 512MiB 3,3V 8-bit", 0xdc, 512, 0, 0, 0, 0, &samsung_lp_timings },
	{ "NAND 1GiB 3,3V 8-bit (K9K8G08)", 0xd3, 1024, 0, 0, 0, 0, &samsung_lp_timings },
	{ NULL, 0, 0, 0, 0, 0, 0, NULL },
};
// clang-format on

const char *nand_maker_name(uint8_t maker)
{
	// clang-format off
	switch (maker) {
	case 0xec: return "Samsung";
	case 0x98: return "Toshiba";
	case 0x2c: return "Micron";
	case 0xad: return "Hynix";
	case 0x20: return "ST Micro";
	case 0x01: return "Spansion";
	default: return "Unknown";
	}
	// clang-format on
}

static unsigned int ilog2_u64(uint64_t v)
{
	unsigned int n = 0;

	while (v > 1) {
		v >>= 1;
		n++;
	}
	return n;
}

static bool is_pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

/*
 * The 4th ID byte of large-page chips (the generic, pre-6-byte-ID scheme
 * Linux's nand_decode_ext_id() reads): bits 1:0 page = 1 KiB << n, bit 2
 * spare = (8 << n) bytes per 512, bits 5:4 block = 64 KiB << n, bit 6 x16.
 */
static void decode_ext(uint8_t ext, struct nand_geometry *geo)
{
	geo->pagesize = 1024u << (ext & 3);
	geo->oobsize = (8u << ((ext >> 2) & 1)) * (geo->pagesize >> 9);
	geo->erasesize = (64u * 1024) << ((ext >> 4) & 3);
	geo->buswidth = (ext & 0x40) ? 16 : 8;
}

int nand_decode_id(const uint8_t *id, size_t idlen, struct nand_geometry *geo)
{
	const struct nand_flash_dev *d;

	memset(geo, 0, sizeof(*geo));
	if (idlen < 2)
		return -EINVAL;
	for (d = nand_flash_ids; d->name; d++)
		if (d->dev_id == id[1])
			break;
	if (!d->name)
		return -ENODEV;

	geo->name = d->name;
	geo->maker = id[0];
	geo->dev_id = id[1];
	geo->chipsize = (uint64_t)d->chip_mib << 20;
	geo->timings = d->timings ? d->timings : &nand_timings_safe;
	if (d->pagesize) {
		geo->pagesize = d->pagesize;
		geo->oobsize = d->oobsize;
		geo->erasesize = d->erasesize;
		geo->buswidth = d->bus16 ? 16 : 8;
	} else {
		if (idlen < 4)
			return -EINVAL;
		decode_ext(id[3], geo);
		geo->ext_id = true;
	}

	if (!is_pow2(geo->pagesize) || !is_pow2(geo->erasesize) || !is_pow2(geo->chipsize) ||
	    geo->erasesize < geo->pagesize || geo->chipsize < geo->erasesize ||
	    geo->erasesize / geo->pagesize > 256 || !geo->oobsize)
		return -EINVAL;

	geo->page_shift = ilog2_u64(geo->pagesize);
	geo->block_shift = ilog2_u64(geo->erasesize);
	geo->large_page = geo->pagesize > 512;
	if (geo->large_page) {
		geo->col_cycles = 2;
		/* more than 64 Ki pages need a third row byte */
		geo->row_cycles = (geo->chipsize >> geo->page_shift) > 65536 ? 3 : 2;
		geo->badblockpos = 0;
	} else {
		geo->col_cycles = 1;
		geo->row_cycles = (geo->chipsize >> geo->page_shift) > 65536 ? 3 : 2;
		geo->badblockpos = 5;
	}
	return 0;
}

/* JEDEC fallback for chips without CFI: autoselect / read-ID and a table of known parts. */
#include "cfi_priv.h"

/*
 * IDs and geometries as the datasheets (and Linux's jedec_probe.c tables)
 * give them. Regions are in address order. Unlock offsets are x16 word
 * offsets; byte mode derives its own (cfi_cmd_addr). Times: worst case
 * word program (us) and block erase (ms) from the datasheets.
 */
// clang-format off
#define X8 1
#define X16 2
#define R(sz, n) { (sz) / SZ_1K, (n) }
// clang-format on

// clang-format off
static const struct jedec_part jedec_parts[] = {
	{ "Am29LV160DB", 0x01, 0x2249, CFI_CMDSET_AMD_STD, X8 | X16, 0x555, 0x2aa, 2 * SZ_1M, 0, 4,
	  { R(16 * SZ_1K, 1), R(8 * SZ_1K, 2), R(32 * SZ_1K, 1), R(SZ_64K, 31) } },
	{ "Am29LV160DT", 0x01, 0x22c4, CFI_CMDSET_AMD_STD, X8 | X16, 0x555, 0x2aa, 2 * SZ_1M, 0, 4,
	  { R(SZ_64K, 31), R(32 * SZ_1K, 1), R(8 * SZ_1K, 2), R(16 * SZ_1K, 1) } },
	{ "Am29LV800BB", 0x01, 0x225b, CFI_CMDSET_AMD_STD, X8 | X16, 0x555, 0x2aa, SZ_1M, 0, 4,
	  { R(16 * SZ_1K, 1), R(8 * SZ_1K, 2), R(32 * SZ_1K, 1), R(SZ_64K, 15) } },
	{ "Am29LV800BT", 0x01, 0x22da, CFI_CMDSET_AMD_STD, X8 | X16, 0x555, 0x2aa, SZ_1M, 0, 4,
	  { R(SZ_64K, 15), R(32 * SZ_1K, 1), R(8 * SZ_1K, 2), R(16 * SZ_1K, 1) } },
	{ "MX29LV160B", 0xc2, 0x2249, CFI_CMDSET_AMD_STD, X8 | X16, 0x555, 0x2aa, 2 * SZ_1M, 0, 4,
	  { R(16 * SZ_1K, 1), R(8 * SZ_1K, 2), R(32 * SZ_1K, 1), R(SZ_64K, 31) } },
	{ "MX29LV160T", 0xc2, 0x22c4, CFI_CMDSET_AMD_STD, X8 | X16, 0x555, 0x2aa, 2 * SZ_1M, 0, 4,
	  { R(SZ_64K, 31), R(32 * SZ_1K, 1), R(8 * SZ_1K, 2), R(16 * SZ_1K, 1) } },
	/* SST: 4 KiB sectors are the erase unit (0x30); 64 KiB blocks (0x50) are not used */
	{ "SST39VF1601", 0xbf, 0x234b, CFI_CMDSET_AMD_STD, X16, 0x5555, 0x2aaa, 2 * SZ_1M, 0, 1,
	  { R(SZ_4K, 512) } },
	{ "SST39VF1602", 0xbf, 0x234a, CFI_CMDSET_AMD_STD, X16, 0x5555, 0x2aaa, 2 * SZ_1M, 0, 1,
	  { R(SZ_4K, 512) } },
	{ "SST39VF800A", 0xbf, 0x2781, CFI_CMDSET_AMD_STD, X16, 0x5555, 0x2aaa, SZ_1M, 0, 1,
	  { R(SZ_4K, 256) } },
	{ "28F320J3", 0x89, 0x0016, CFI_CMDSET_INTEL_EXT, X8 | X16, 0, 0, 4 * SZ_1M, 32, 1,
	  { R(SZ_128K, 32) } },
	{ "28F640J3", 0x89, 0x0017, CFI_CMDSET_INTEL_EXT, X8 | X16, 0, 0, 8 * SZ_1M, 32, 1,
	  { R(SZ_128K, 64) } },
	{ "28F128J3", 0x89, 0x0018, CFI_CMDSET_INTEL_EXT, X8 | X16, 0, 0, 16 * SZ_1M, 32, 1,
	  { R(SZ_128K, 128) } },
};
// clang-format on

/* Datasheet worst cases per family (us for a word, ms for a block erase). */
static void jedec_times(struct cfi_flash *f, const struct jedec_part *p)
{
	if (p->cmdset == CFI_CMDSET_INTEL_EXT) { /* 28FxxxJ3 */
		f->t_word_us = (struct cfi_time){ 210, 630 };
		f->t_buf_us = (struct cfi_time){ 218, 654 };
		f->t_erase_ms = (struct cfi_time){ 1000, 5000 };
	} else if (p->manuf == 0xbf) { /* SST39VF */
		f->t_word_us = (struct cfi_time){ 7, 10 };
		f->t_erase_ms = (struct cfi_time){ 18, 25 };
		f->t_chip_ms = (struct cfi_time){ 40, 50 };
	} else { /* Am29LV/MX29LV */
		f->t_word_us = (struct cfi_time){ 9, 360 };
		f->t_erase_ms = (struct cfi_time){ 700, 15000 };
	}
}

const struct jedec_part *jedec_lookup(uint32_t manuf, uint32_t device, unsigned int chipwidth)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(jedec_parts); i++) {
		const struct jedec_part *p = &jedec_parts[i];

		if (manuf != p->manuf)
			continue;
		/* byte mode shows only the low byte of a 16-bit device code */
		if (chipwidth == 1 && (p->widths & X16)) {
			if ((device & 0xff) == (p->device & 0xff))
				return p;
		} else if (device == p->device) {
			return p;
		}
	}
	return NULL;
}

static void jedec_fill(struct cfi_flash *f, const struct jedec_part *p, uint32_t m, uint32_t d)
{
	uint64_t ofs = 0;
	unsigned int i;

	f->cfi = false;
	f->part = p->name;
	f->manuf_id = m;
	f->device_id = d;
	f->cmdset = p->cmdset;
	f->unlock1 = p->unlock1;
	f->unlock2 = p->unlock2;
	f->erase_cmd = 0x30;
	f->chipsize = p->size;
	f->size = (uint64_t)p->size * f->interleave;
	f->wbufsize = p->wbuf > f->chiptype ? p->wbuf * f->interleave : 0;
	f->nregions = p->nregions;
	for (i = 0; i < p->nregions; i++) {
		f->regions[i].offset = ofs;
		f->regions[i].erasesize = p->regions[i].kib * SZ_1K * f->interleave;
		f->regions[i].numblocks = p->regions[i].count;
		ofs += (uint64_t)f->regions[i].erasesize * p->regions[i].count;
	}
	jedec_times(f, p);
}

/* Read-ID entry: 0 = AA/55/90 at 0x555/0x2AA, 1 = at 0x5555/0x2AAA, 2 = Intel 0x90. */
static __ramfunc void jedec_id_mode(struct cfi_flash *f, int method, uint32_t *m, uint32_t *d,
				    bool *same)
{
	bool s1, s2;

	cfi_reset_all(f);
	if (method == 2) {
		cfi_cmd_at(f, 0, 0x90);
	} else {
		uint32_t u1 = method ? 0x5555 : 0x555, u2 = method ? 0x2aaa : 0x2aa;

		cfi_cmd(f, u1, 0xaa);
		cfi_cmd(f, u2, 0x55);
		cfi_cmd(f, u1, 0x90);
	}
	*m = cfi_read_lane0(f, 0, &s1);
	*d = cfi_read_lane0(f, 1, &s2);
	*same = s1 && s2;
	cfi_reset_all(f);
}

int jedec_probe(struct cfi_flash *f, size_t maxsize)
{
	unsigned int layouts[8][2];
	unsigned int n = cfi_layouts(f->bankwidth, layouts);
	unsigned int i;
	int method;

	for (i = 0; i < n; i++) {
		uint32_t a0, a1;

		cfi_layout_set(f, layouts[i][0], layouts[i][1]);
		cfi_reset_all(f);
		a0 = cfi_read_lane0(f, 0, NULL);
		a1 = cfi_read_lane0(f, 1, NULL);
		for (method = 0; method < 3; method++) {
			const struct jedec_part *p;
			uint32_t m, d;
			bool same;

			jedec_id_mode(f, method, &m, &d, &same);
			/* every chip must answer alike, and not just with its data */
			if (!same || (m == a0 && d == a1))
				continue;
			p = jedec_lookup(m, d, f->chipwidth);
			if (!p || f->chiptype != ((p->widths & X16) ? 2u : 1u))
				continue;
			if (maxsize && (uint64_t)p->size * f->interleave > maxsize)
				continue;
			jedec_fill(f, p, m, d);
			return 0;
		}
	}
	return -ENODEV;
}

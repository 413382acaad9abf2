/* CFI probe: bus layout detection, query table parsing, geometry and time-outs from the chip's own data. */
#include "cfi_priv.h"

/*
 * Layouts that fill a bus, widest interleave first: {interleave, native chip
 * width}. A chip is in byte mode when bankwidth / interleave < native width.
 * Only x8 and x16 chips are taken in byte mode; x32 chips only natively.
 */
unsigned int cfi_layouts(unsigned int bankwidth, unsigned int out[][2])
{
	// clang-format off
	static const unsigned int all[][3] = {
		/* bankwidth, interleave, chiptype */
		{ 1, 1, 1 }, { 1, 1, 2 },
		{ 2, 2, 1 }, { 2, 2, 2 }, { 2, 1, 2 },
		{ 4, 4, 1 }, { 4, 4, 2 }, { 4, 2, 2 }, { 4, 1, 4 },
	};
	// clang-format on
	unsigned int i, n = 0;

	for (i = 0; i < ARRAY_SIZE(all); i++) {
		if (all[i][0] != bankwidth)
			continue;
		out[n][0] = all[i][1];
		out[n][1] = all[i][2];
		n++;
	}
	return n;
}

__ramfunc void cfi_layout_set(struct cfi_flash *f, unsigned int interleave, unsigned int chiptype)
{
	f->interleave = interleave;
	f->chiptype = chiptype;
	/* interleave is 1, 2 or 4: a shift, no division in RAM-resident code */
	f->chipwidth = f->bankwidth >> (interleave >> 1);
}

/* Back to read array whatever the family: AMD reset, then Intel read array. */
__ramfunc void cfi_reset_all(struct cfi_flash *f)
{
	cfi_cmd_at(f, 0, 0xf0);
	cfi_cmd_at(f, 0, 0xff);
}

/*
 * Query or ID index i of chip 0 (its whole lane). consistent reports whether
 * every other chip's lane shows the same value, as real interleaved chips do.
 */
__ramfunc uint32_t cfi_read_lane0(const struct cfi_flash *f, uint32_t index, bool *consistent)
{
	uint32_t v = cfi_read_bus(f, cfi_chip_addr(f, index));
	uint32_t mask = cfi_lane_mask(f);
	uint32_t lane0 = v & mask;
	unsigned int i;

	if (consistent) {
		*consistent = true;
		for (i = 1; i < f->interleave; i++)
			if (((v >> (8 * f->chipwidth * i)) & mask) != lane0)
				*consistent = false;
	}
	return lane0;
}

static __ramfunc uint8_t qbyte(const struct cfi_flash *f, uint32_t index)
{
	return (uint8_t)cfi_read_lane0(f, index, NULL);
}

/*
 * "QRY" must appear in every chip's lane, with the lane's upper bytes zero
 * (query data sit on DQ0-7). This is what tells one x32 device answering
 * 0x00000051 apart from two x16 chips answering 0x00510051.
 */
static __ramfunc bool cfi_qry_present(const struct cfi_flash *f)
{
	/* no table in .rodata: this runs while the flash is not readable */
	uint32_t want = 'Q' | 'R' << 8 | 'Y' << 16;
	unsigned int i;
	bool same;

	for (i = 0; i < 3; i++) {
		uint32_t v = cfi_read_lane0(f, 0x10 + i, &same);

		if (!same || v != ((want >> (8 * i)) & 0xff))
			return false;
	}
	return true;
}

static __ramfunc bool cfi_query_enter(struct cfi_flash *f, int method)
{
	cfi_reset_all(f);
	if (method == 0) {
		cfi_cmd(f, 0x55, 0x98);
	} else {
		/* SST39VF160x: query mode only through a three-cycle entry */
		cfi_cmd(f, 0x5555, 0xaa);
		cfi_cmd(f, 0x2aaa, 0x55);
		cfi_cmd(f, 0x5555, 0x98);
	}
	return cfi_qry_present(f);
}

static __ramfunc uint32_t pow2_or_zero(uint8_t e)
{
	return e ? (e < 31 ? 1u << e : 0x80000000u) : 0;
}

/* typ = 2^n; max = typ * 2^m; a missing max is taken as 16 x typical. */
static __ramfunc struct cfi_time cfi_time_decode(uint8_t typ_exp, uint8_t max_exp)
{
	struct cfi_time t = { 0, 0 };

	t.typ = pow2_or_zero(typ_exp);
	if (t.typ)
		t.max = t.typ << (max_exp ? MIN(max_exp, 15) : 4);
	return t;
}

/* Time-outs: the chip's maximum, never below a generous floor. */
static void cfi_compute_timeouts(struct cfi_flash *f)
{
	uint64_t blocks = 0;
	unsigned int i;

	for (i = 0; i < f->nregions; i++)
		blocks += f->regions[i].numblocks;
	f->tmo_word_us = MAX(f->t_word_us.max, CFI_TMO_WORD_FLOOR_US);
	if (f->t_buf_us.max)
		f->tmo_buf_us = MAX(f->t_buf_us.max, CFI_TMO_BUF_FLOOR_US);
	else /* buffer time not given: as many word programs as the buffer holds */
		f->tmo_buf_us =
			MAX(f->tmo_word_us * MAX(f->wbufsize / f->bankwidth, 1u), CFI_TMO_BUF_FLOOR_US);
	f->tmo_erase_us = MAX((uint64_t)f->t_erase_ms.max * 1000, (uint64_t)CFI_TMO_ERASE_FLOOR_US);
	if (f->t_chip_ms.max)
		f->tmo_chip_us = MAX((uint64_t)f->t_chip_ms.max * 1000, (uint64_t)CFI_TMO_CHIP_FLOOR_US);
	else /* chip erase time not given: every block erased one after another */
		f->tmo_chip_us = MAX(f->tmo_erase_us * blocks, (uint64_t)CFI_TMO_CHIP_FLOOR_US);
	/* busy before we start: at most an erase a stray command began, typically this long */
	if (f->t_erase_ms.typ)
		f->tmo_ready_us =
			MAX((uint64_t)f->t_erase_ms.typ * 1000, (uint64_t)CFI_TMO_READY_FLOOR_US);
	else
		f->tmo_ready_us = CFI_TMO_ERASE_FLOOR_US;
}

/* Regions as the chip lists them (per chip) -> bank regions with byte offsets. */
static __ramfunc void cfi_set_regions(struct cfi_flash *f, const uint32_t (*r)[2], unsigned int n)
{
	uint64_t ofs = 0;
	unsigned int i;

	f->nregions = n;
	for (i = 0; i < n; i++) {
		f->regions[i].offset = ofs;
		f->regions[i].erasesize = r[i][0] * f->interleave;
		f->regions[i].numblocks = r[i][1];
		ofs += (uint64_t)f->regions[i].erasesize * r[i][1];
	}
}

/*
 * Read the query table of the layout set in f (chip in query mode). Returns 0
 * and fills the geometry, or -EINVAL when the table does not add up.
 */
static __ramfunc int cfi_parse_query(struct cfi_flash *f, size_t maxsize)
{
	uint32_t regs[CFI_MAX_REGIONS][2];
	uint64_t sum = 0;
	unsigned int i, n;
	uint8_t e;

	f->cmdset = qbyte(f, 0x13) | qbyte(f, 0x14) << 8;
	f->ext_addr = qbyte(f, 0x15) | qbyte(f, 0x16) << 8;
	f->altcmdset = qbyte(f, 0x17) | qbyte(f, 0x18) << 8;
	f->alt_addr = qbyte(f, 0x19) | qbyte(f, 0x1a) << 8;
	f->t_word_us = cfi_time_decode(qbyte(f, 0x1f), qbyte(f, 0x23));
	f->t_buf_us = cfi_time_decode(qbyte(f, 0x20), qbyte(f, 0x24));
	f->t_erase_ms = cfi_time_decode(qbyte(f, 0x21), qbyte(f, 0x25));
	f->t_chip_ms = cfi_time_decode(qbyte(f, 0x22), qbyte(f, 0x26));

	e = qbyte(f, 0x27);
	if (e < 10 || e > 28)
		return -EINVAL;
	f->chipsize = 1u << e;
	f->size = (uint64_t)f->chipsize * f->interleave;
	if (maxsize && f->size > maxsize)
		return -EINVAL;
	f->interface = qbyte(f, 0x28) | qbyte(f, 0x29) << 8;
	e = qbyte(f, 0x2a);
	/* a buffer of one native word is no buffer at all */
	f->wbufsize = (e && e < 16 && (1u << e) > f->chiptype) ? (1u << e) * f->interleave : 0;

	n = qbyte(f, 0x2c);
	if (n == 0 || n > CFI_MAX_REGIONS)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		uint32_t base = 0x2d + 4 * i;
		uint32_t y = qbyte(f, base) | qbyte(f, base + 1) << 8;
		uint32_t z = qbyte(f, base + 2) | qbyte(f, base + 3) << 8;

		regs[i][0] = z ? z * 256 : 128;
		regs[i][1] = y + 1;
		sum += (uint64_t)regs[i][0] * regs[i][1];
	}
	if (sum > f->chipsize) {
		/*
		 * Overlapping regions (SST39VF160x lists 512 x 4 KiB sectors and
		 * 32 x 64 KiB blocks of the same array): keep the finest region
		 * that covers the whole chip on its own.
		 */
		int best = -1;

		for (i = 0; i < n; i++)
			if ((uint64_t)regs[i][0] * regs[i][1] == f->chipsize &&
			    (best < 0 || regs[i][0] < regs[best][0]))
				best = (int)i;
		if (best < 0)
			return -EINVAL;
		regs[0][0] = regs[best][0];
		regs[0][1] = regs[best][1];
		n = 1;
	} else if (sum != f->chipsize) {
		return -EINVAL;
	}
	cfi_set_regions(f, regs, n);

	/* primary extended table: "PRI", version, then command-set specific */
	f->pri_major = f->pri_minor = 0;
	if (f->ext_addr && f->ext_addr < 0x100 && qbyte(f, f->ext_addr) == 'P' &&
	    qbyte(f, f->ext_addr + 1) == 'R' && qbyte(f, f->ext_addr + 2) == 'I') {
		uint32_t p = f->ext_addr;

		f->pri_major = qbyte(f, p + 3);
		f->pri_minor = qbyte(f, p + 4);
		if (f->cmdset == CFI_CMDSET_INTEL_EXT || f->cmdset == CFI_CMDSET_INTEL_STD)
			f->features = qbyte(f, p + 5) | qbyte(f, p + 6) << 8 |
				      (uint32_t)qbyte(f, p + 7) << 16 | (uint32_t)qbyte(f, p + 8) << 24;
		else if (f->pri_major == '1' && f->pri_minor >= '1')
			f->boot_flag = qbyte(f, p + 0xf);
	}
	return 0;
}

static bool cfi_is_amd(uint16_t cmdset)
{
	return cmdset == CFI_CMDSET_AMD_STD || cmdset == CFI_CMDSET_WINBOND ||
	       cmdset == CFI_CMDSET_SST_OLD;
}

static bool cfi_is_intel(uint16_t cmdset)
{
	return cmdset == CFI_CMDSET_INTEL_EXT || cmdset == CFI_CMDSET_INTEL_STD;
}

/* Manufacturer and device ID of chip 0 through the family's read-ID command. */
static __ramfunc void cfi_read_ids(struct cfi_flash *f)
{
	cfi_reset_all(f);
	if (cfi_is_intel(f->cmdset)) {
		cfi_cmd_at(f, 0, 0x90);
	} else {
		cfi_cmd(f, f->unlock1, 0xaa);
		cfi_cmd(f, f->unlock2, 0x55);
		cfi_cmd(f, f->unlock1, 0x90);
	}
	f->manuf_id = cfi_read_lane0(f, 0, NULL);
	f->device_id = cfi_read_lane0(f, 1, NULL);
	cfi_reset_all(f);
	/*
	 * A real x32 part answers 0x000000MM (a JEDEC maker code is one byte);
	 * QEMU's pflash answers maker << 8 | device in the first word and 0 in
	 * the second (FACTS.md): unpack that.
	 */
	if (f->chipwidth == 4 && f->manuf_id > 0xff && f->manuf_id <= 0xffff && !f->device_id) {
		f->device_id = f->manuf_id & 0xff;
		f->manuf_id >>= 8;
	}
}

static void cfi_reverse_regions(struct cfi_flash *f)
{
	uint32_t regs[CFI_MAX_REGIONS][2];
	unsigned int i, n = f->nregions;

	for (i = 0; i < n; i++) {
		regs[i][0] = f->regions[n - 1 - i].erasesize / f->interleave;
		regs[i][1] = f->regions[n - 1 - i].numblocks;
	}
	cfi_set_regions(f, regs, n);
}

/* AMD-family details that depend on both the query table and the ID. */
static void cfi_amd_fixup(struct cfi_flash *f)
{
	const struct jedec_part *p;

	if (f->cmdset == CFI_CMDSET_SST_OLD || f->sst_entry) {
		f->unlock1 = 0x5555;
		f->unlock2 = 0x2aaa;
	} else {
		f->unlock1 = 0x555;
		f->unlock2 = 0x2aa;
	}
	f->erase_cmd = 0x30;
	cfi_read_ids(f);
	p = jedec_lookup(f->manuf_id, f->device_id, f->chipwidth);
	if (f->manuf_id == 0xbf || (p && p->unlock1 == 0x5555)) {
		f->unlock1 = 0x5555;
		f->unlock2 = 0x2aaa;
	}
	if (p)
		f->part = p->name;
	if (f->nregions < 2 || f->cmdset != CFI_CMDSET_AMD_STD)
		return;
	/*
	 * Top-boot AMD chips list their regions bottom-up. The PRI boot flag
	 * (version 1.1 on) says which kind this is; older tables are not
	 * trusted and the AMD convention of device ID bit 7 set on top-boot
	 * parts decides.
	 */
	if (f->boot_flag == 3 || (!f->boot_flag && (f->device_id & 0x80)))
		cfi_reverse_regions(f);
}

/* Query entry methods: 0x98 at 0x55, then the SST three-cycle AA/55/98. */
#define CFI_ENTRY_METHODS 2

static __ramfunc int cfi_try_layouts(struct cfi_flash *f, size_t maxsize)
{
	unsigned int layouts[8][2];
	unsigned int n = cfi_layouts(f->bankwidth, layouts);
	unsigned int i;
	int m, ret;

	for (i = 0; i < n; i++) {
		for (m = 0; m < CFI_ENTRY_METHODS; m++) {
			cfi_layout_set(f, layouts[i][0], layouts[i][1]);
			/* data that already read "QRY" would fool the check */
			cfi_reset_all(f);
			if (cfi_qry_present(f))
				continue;
			if (!cfi_query_enter(f, m)) {
				cfi_reset_all(f);
				continue;
			}
			f->sst_entry = m == 1;
			ret = cfi_parse_query(f, maxsize);
			cfi_reset_all(f);
			if (ret == 0)
				return 0;
		}
	}
	cfi_reset_all(f);
	return -ENODEV;
}

/* Common end of a CFI or JEDEC probe: command set ops, time-outs, read array. */
void cfi_finish_probe(struct cfi_flash *f)
{
	if (cfi_is_intel(f->cmdset))
		f->ops = &cfi_intel_ops;
	else
		f->ops = &cfi_amd_ops;
	cfi_compute_timeouts(f);
	if (f->ops->setup)
		f->ops->setup(f);
}

int cfi_probe(struct cfi_flash *f, uintptr_t base, unsigned int bankwidth, size_t maxsize)
{
	if (bankwidth != 1 && bankwidth != 2 && bankwidth != 4)
		return -EINVAL;
	memset(f, 0, sizeof(*f));
	f->base = base;
	f->bankwidth = bankwidth;

	if (cfi_try_layouts(f, maxsize) == 0) {
		f->cfi = true;
		if (cfi_is_amd(f->cmdset)) {
			cfi_amd_fixup(f);
		} else if (cfi_is_intel(f->cmdset)) {
			const struct jedec_part *p;

			cfi_read_ids(f);
			p = jedec_lookup(f->manuf_id, f->device_id, f->chipwidth);
			/* named only when the query table agrees (QEMU answers 0x18 for 64 MiB) */
			if (p && p->size == f->chipsize)
				f->part = p->name;
		} else {
			cfi_reset_all(f);
			return -ENODEV; /* a command set we do not drive */
		}
		cfi_finish_probe(f);
		return 0;
	}
	memset(f, 0, sizeof(*f));
	f->base = base;
	f->bankwidth = bankwidth;
	if (jedec_probe(f, maxsize) == 0) {
		cfi_finish_probe(f);
		return 0;
	}
	cfi_reset_all(f);
	return -ENODEV;
}

const char *cfi_cmdset_name(uint16_t cmdset)
{
	switch (cmdset) {
	case CFI_CMDSET_INTEL_EXT:
		return "Intel/Sharp Extended";
	case CFI_CMDSET_AMD_STD:
		return "AMD/Fujitsu Standard";
	case CFI_CMDSET_INTEL_STD:
		return "Intel Standard";
	case CFI_CMDSET_WINBOND:
		return "Winbond (AMD compatible)";
	case CFI_CMDSET_SST_OLD:
		return "SST (AMD compatible)";
	default:
		return "unknown";
	}
}

const char *cfi_manufacturer_name(uint32_t id)
{
	switch (id) {
	case 0x01:
		return "AMD/Spansion";
	case 0x04:
		return "Fujitsu";
	case 0x20:
		return "ST/Numonyx";
	case 0x89:
		return "Intel";
	case 0xb0:
		return "Sharp";
	case 0xbf:
		return "SST";
	case 0xc2:
		return "Macronix";
	default:
		return "unknown";
	}
}

void cfi_get_info(const struct cfi_flash *f, struct cfi_info *info)
{
	memset(info, 0, sizeof(*info));
	info->manufacturer = cfi_manufacturer_name(f->manuf_id);
	info->part = f->part;
	info->manuf_id = f->manuf_id;
	info->device_id = f->device_id;
	info->method = f->cfi ? "CFI" : "JEDEC";
	info->cmdset = f->cmdset;
	info->cmdset_name = cfi_cmdset_name(f->cmdset);
	info->bankwidth = f->bankwidth;
	info->chipwidth = f->chipwidth;
	info->chiptype = f->chiptype;
	info->interleave = f->interleave;
	info->size = f->size;
	info->nregions = f->nregions;
	info->regions = f->regions;
	info->wbufsize = f->wbufsize;
	info->t_word_us = f->t_word_us;
	info->t_buf_us = f->t_buf_us;
	info->t_erase_ms = f->t_erase_ms;
	info->t_chip_ms = f->t_chip_ms;
	info->tmo_word_us = f->tmo_word_us;
	info->tmo_buf_us = f->tmo_buf_us;
	info->tmo_erase_us = f->tmo_erase_us;
	info->tmo_chip_us = f->tmo_chip_us;
	info->tmo_ready_us = f->tmo_ready_us;
	info->base = f->base;
}

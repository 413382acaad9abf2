/* Boot orchestration: check kernel/initrd/DTB, move the kernel, place the DTB or build ATAGs, hand over. */
#include <stdio.h>
#include "bootm.h"
#include "atags.h"
#include "board.h"
#include "arch.h"
#include "ramguard.h"
#ifdef CONFIG_FDT
#include <libfdt.h>
#include "fdt_fixup.h"
#endif

/* Built during the checks, copied to RAM + 0x100 only when everything passed. */
static uint32_t atag_buf[ATAGS_MAX_LEN / 4];

/* The kernel command line, built during the checks (prepare_cmdline). */
static char cmdline_buf[ATAGS_CMDLINE_MAX];
static char cmdline_full[2 * ATAGS_CMDLINE_MAX]; /* + phram.phram= (ATAGs), for the length check */
static char mtd_table[4200];
static struct mtdparts_cmdline_work mtd_work;
static struct mtdids mtd_ids;

int boot_fail(struct boot_state *bs, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(bs->err, sizeof(bs->err), fmt, ap);
	va_end(ap);
	return err;
}

bool boot_mem_readable(uintptr_t addr, size_t len)
{
	if (!len || addr + len - 1 < addr)
		return len == 0;
	for (int i = 0; i < board->nmemmap; i++) {
		const struct mem_region *m = &board->memmap[i];
		if ((m->attr == MEM_RAM || m->attr == MEM_FLASH) && addr >= m->base &&
		    addr - m->base < m->size && len <= m->size - (addr - m->base))
			return true;
	}
	return false;
}

size_t boot_mem_avail(uintptr_t addr)
{
	for (int i = 0; i < board->nmemmap; i++) {
		const struct mem_region *m = &board->memmap[i];
		if ((m->attr == MEM_RAM || m->attr == MEM_FLASH) && addr >= m->base &&
		    addr - m->base < m->size)
			return m->size - (addr - m->base);
	}
	return 0;
}

static bool hit(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return alen && blen && a < b + blen && b < a + alen;
}

/* A range Linux will use: inside RAM, off the firmware, off every phram region. */
static int check_range(struct boot_state *bs, const char *what, uint32_t start, uint32_t len)
{
	uint64_t ram_end = (uint64_t)board->ram_base + fw.ram_size;
	const struct phram_region *r;

	if (start < board->ram_base || (uint64_t)start + len > ram_end)
		return boot_fail(bs, -ERANGE, "%s at 0x%08lx..0x%08lx is outside RAM (0x%08lx..0x%08lx)",
				 what, (unsigned long)start, (unsigned long)(start + len - 1),
				 (unsigned long)board->ram_base, (unsigned long)(ram_end - 1));
	if (hit(start, len, fw.start, fw.stack_hi - fw.start))
		return boot_fail(bs, -EBUSY,
				 "%s at 0x%08lx..0x%08lx overlaps flashboot (0x%08lx..0x%08lx)", what,
				 (unsigned long)start, (unsigned long)(start + len - 1),
				 (unsigned long)fw.start, (unsigned long)(fw.stack_hi - 1));
	r = phram_overlap(start, len);
	if (r)
		return boot_fail(bs, -EBUSY,
				 "%s at 0x%08lx..0x%08lx overlaps phram region '%s' (0x%08lx..0x%08lx)",
				 what, (unsigned long)start, (unsigned long)(start + len - 1), r->label,
				 (unsigned long)r->addr, (unsigned long)(r->addr + r->size - 1));
	return 0;
}

static int uimage_fail(struct boot_state *bs, const char *what, uintptr_t at, struct uimage_info *ui)
{
	uimage_strerror(ui, what, at, bs->err, sizeof(bs->err));
	return ui->fault == IMG_ERR_DCRC || ui->fault == IMG_ERR_HCRC ? -EBADMSG : -ENOEXEC;
}

/* Header, then the whole image: each read only once it is known to be mapped. */
static int load_uimage(struct boot_state *bs, const char *what, uintptr_t at, enum uimage_want want,
		       struct uimage_info *ui)
{
	int ret;

	if (!boot_mem_readable(at, IH_HDR_LEN))
		return boot_fail(bs, -EFAULT, "%s address 0x%08lx is not in RAM or flash", what,
				 (unsigned long)at);
	ret = uimage_parse((const void *)at, IH_HDR_LEN, ui);
	if (!ret && !boot_mem_readable(at, (size_t)IH_HDR_LEN + ui->size))
		ui->fault = IMG_ERR_SHORT, ret = -EINVAL;
	if (!ret)
		ret = uimage_verify_data((const void *)at, (size_t)IH_HDR_LEN + ui->size, ui);
	if (!ret)
		ret = uimage_check_kind(ui, want);
	return ret ? uimage_fail(bs, what, at, ui) : 0;
}

/* A DTB appended to a zImage (CONFIG_ARM_APPENDED_DTB) travels with it. */
static uint32_t appended_dtb_size(uintptr_t at)
{
	uint32_t tot;

	if (!boot_mem_readable(at, 8) || get_be32((const void *)at) != BOOT_FDT_MAGIC)
		return 0;
	tot = get_be32((const uint8_t *)at + 4);
	return tot <= BOOT_FDT_MAX && boot_mem_readable(at, tot) ? tot : 0;
}

#ifdef IMAGE_DECOMPRESS
/* A decompressor's error but -ENOSPC for what ("kernel", "device tree"), as one line. */
static int unpack_fail(struct boot_state *bs, int ret, const char *name, const char *what)
{
	if (ret == -ENOMEM)
		return boot_fail(bs, ret, "no memory for the %s decompressor", name);
	if (ret == -EINTR)
		return boot_fail(bs, ret, "<INTERRUPT> while decompressing the %s %s", name, what);
	return boot_fail(bs, ret, "%s %s data is corrupt or truncated", name, what);
}

/* The RAM from kstart up to the first thing that must stay: end of RAM, flashboot, a phram region,
 * the compressed data, the image or FIT it came from, an initrd or DTB given at a higher address. */
static uint32_t kernel_room(const struct boot_state *bs)
{
	const struct boot_req *rq = &bs->req;
	uint64_t end = (uint64_t)board->ram_base + fw.ram_size;
	uint64_t stops[5] = { fw.start, bs->data, rq->image, 0, 0 };
	int n = 3;

	if (rq->keep_end) /* a FIT: kept whole until everything left it */
		stops[n++] = rq->keep_start;
	if (rq->has_initrd)
		stops[n++] = rq->initrd;
	for (int i = 0; i < n; i++)
		if (stops[i] >= bs->kstart && stops[i] < end)
			end = stops[i];
	if (rq->has_fdt && rq->fdt >= bs->kstart && rq->fdt < end)
		end = rq->fdt;
	return ram_guard_room(bs->kstart, (uint32_t)(end - bs->kstart));
}
#endif

/* A compressed kernel (bootm -C, FIT compression): decompressed to its load address, bounded by the
 * room there; afterwards it is checked like an uncompressed kernel that lies where it runs. */
static int unpack_kernel(struct boot_state *bs, int comp)
{
	const char *name = uimage_comp_name((uint8_t)comp);
	size_t out = 0;

	if (image_decompress(comp, NULL, 0, NULL, 0, &out) == -EOPNOTSUPP)
		return boot_fail(bs, -EOPNOTSUPP, "kernel is %s; this build has no decompressor for it",
				 name);
#ifdef IMAGE_DECOMPRESS
	uint32_t csize = bs->ksize, room;
	int ret;

	if (bs->kstart < board->ram_base || bs->kstart >= board->ram_base + fw.ram_size)
		return boot_fail(bs, -ERANGE, "kernel load address 0x%08lx is outside RAM",
				 (unsigned long)bs->kstart);
	if (hit(bs->data, csize, bs->kstart, 1) || ram_guard_hit(bs->kstart, 1) ||
	    hit(bs->req.keep_start, bs->req.keep_end - bs->req.keep_start, bs->kstart, 1) ||
	    hit(bs->kstart, 1, fw.start, fw.stack_hi - fw.start))
		return boot_fail(
			bs, -EBUSY,
			"kernel load address 0x%08lx lies in the compressed image, flashboot or a phram region",
			(unsigned long)bs->kstart);
	room = kernel_room(bs);
	ret = image_decompress(comp, (const void *)bs->data, csize, (void *)bs->kstart, room, &out);
	if (ret == -ENOSPC)
		return boot_fail(bs, ret, "%s kernel does not fit in the 0x%lx bytes free at 0x%08lx",
				 name, (unsigned long)room, (unsigned long)bs->kstart);
	if (ret)
		return unpack_fail(bs, ret, name, "kernel");
	bs->kcomp = comp;
	bs->kcsize = csize;
	bs->data = bs->kstart;
	bs->ksize = (uint32_t)out;
#endif
	return 0;
}

static int prepare_kernel(struct boot_state *bs)
{
	const struct boot_req *rq = &bs->req;
	int ret;

	if (rq->kind == BOOT_ZIMAGE) {
		if (!boot_mem_readable(rq->image, ZIMAGE_HDR_LEN))
			return boot_fail(bs, -EFAULT, "kernel address 0x%08lx is not in RAM or flash",
					 (unsigned long)rq->image);
		ret = zimage_parse((const void *)rq->image, ZIMAGE_HDR_LEN, &bs->zi);
		if (ret == -ENOEXEC)
			return boot_fail(
				bs, ret, "no zImage at 0x%08lx (magic at +0x24 is %08lx, want 016f2818)",
				(unsigned long)rq->image,
				(unsigned long)get_le32((const uint8_t *)rq->image + ZIMAGE_MAGIC_OFF));
		if (ret == -EPROTONOSUPPORT)
			return boot_fail(
				bs, ret,
				"zImage at 0x%08lx is a big-endian kernel; this CPU runs little-endian",
				(unsigned long)rq->image);
		if (ret)
			return boot_fail(bs, ret,
					 "zImage at 0x%08lx has a bad header (start 0x%lx, end 0x%lx)",
					 (unsigned long)rq->image, (unsigned long)bs->zi.start,
					 (unsigned long)bs->zi.end);
		if (!boot_mem_readable(rq->image, bs->zi.size))
			return boot_fail(bs, -EFAULT,
					 "zImage at 0x%08lx (0x%lx bytes) runs past mapped memory",
					 (unsigned long)rq->image, (unsigned long)bs->zi.size);
		bs->payload_is_zimage = true;
		bs->data = rq->image;
		bs->ksize = bs->zi.size + appended_dtb_size(rq->image + bs->zi.size);
		/* start != 0: linked for a fixed address, run it there */
		bs->kstart = bs->zi.start ? bs->zi.start : rq->image;
		bs->entry = bs->kstart;
		return 0;
	}

	int comp = IH_COMP_NONE;

	if (rq->kind == BOOT_FIT) { /* found and hash-checked by boot_fit_kernel() */
		comp = rq->kcomp;
		bs->data = rq->kdata;
		bs->ksize = rq->ksize;
		if (rq->knoload) {
			bs->kstart = bs->data;
			bs->entry = bs->data + (rq->kentry - rq->kload);
		} else {
			bs->kstart = rq->kload;
			bs->entry = rq->kentry;
		}
	} else {
		ret = load_uimage(bs, "kernel", rq->image, UIMAGE_WANT_KERNEL, &bs->kui);
		if (ret)
			return ret;
		bs->data = rq->image + IH_HDR_LEN;
		bs->ksize = bs->kui.size;
		comp = bs->kui.comp;
		if (bs->kui.type == IH_TYPE_KERNEL_NOLOAD) {
			bs->kstart = bs->data;
			bs->entry = bs->data + (bs->kui.ep - bs->kui.load);
		} else {
			bs->kstart = bs->kui.load;
			bs->entry = bs->kui.ep;
		}
	}
	if (comp != IH_COMP_NONE && bs->kstart == bs->data)
		return boot_fail(
			bs, -EINVAL,
			"a compressed kernel needs a load address (kernel_noload runs in place)");
	if (comp != IH_COMP_NONE) {
		ret = unpack_kernel(bs, comp);
		if (ret)
			return ret;
	}
	if (bs->entry < bs->kstart || bs->entry - bs->kstart >= bs->ksize)
		return boot_fail(bs, -EINVAL,
				 "entry point 0x%08lx is outside the kernel at 0x%08lx..0x%08lx",
				 (unsigned long)bs->entry, (unsigned long)bs->kstart,
				 (unsigned long)(bs->kstart + bs->ksize - 1));
	bs->payload_is_zimage = !zimage_parse((const void *)bs->data, bs->ksize, &bs->zi);
	return 0;
}

static int prepare_initrd(struct boot_state *bs)
{
	const struct boot_req *rq = &bs->req;
	int ret;

	if (!rq->has_initrd)
		return 0;
	if (rq->initrd_size) {
		if (!boot_mem_readable(rq->initrd, rq->initrd_size))
			return boot_fail(bs, -EFAULT, "initrd at 0x%08lx (0x%lx bytes) is not in RAM",
					 (unsigned long)rq->initrd, (unsigned long)rq->initrd_size);
		bs->initrd_start = rq->initrd_move ? rq->initrd_load : rq->initrd;
		bs->initrd_size = rq->initrd_size;
		if (rq->initrd_move && hit(bs->initrd_start, bs->initrd_size, rq->keep_start,
					   rq->keep_end - rq->keep_start))
			return boot_fail(
				bs, -EBUSY,
				"ramdisk load address 0x%08lx..0x%08lx overlaps the FIT at 0x%08lx..0x%08lx",
				(unsigned long)bs->initrd_start,
				(unsigned long)(bs->initrd_start + bs->initrd_size - 1),
				(unsigned long)rq->keep_start, (unsigned long)(rq->keep_end - 1));
	} else {
		ret = load_uimage(bs, "ramdisk", rq->initrd, UIMAGE_WANT_RAMDISK, &bs->rui);
		if (ret)
			return ret;
		bs->initrd_start = rq->initrd + IH_HDR_LEN;
		bs->initrd_size = bs->rui.size;
	}
	ret = check_range(bs, "initrd", bs->initrd_start, bs->initrd_size);
	if (ret)
		return ret;
	if (hit(bs->initrd_start, bs->initrd_size, board->ram_base, bs->reach - board->ram_base) ||
	    hit(bs->initrd_start, bs->initrd_size, bs->data, bs->ksize))
		return boot_fail(
			bs, -EBUSY,
			"initrd at 0x%08lx..0x%08lx lies in the kernel or its decompression area (0x%08lx..0x%08lx)",
			(unsigned long)bs->initrd_start,
			(unsigned long)(bs->initrd_start + bs->initrd_size - 1),
			(unsigned long)board->ram_base, (unsigned long)(bs->reach - 1));
	return 0;
}

#ifdef CONFIG_FDT
#ifdef IMAGE_DECOMPRESS
/*
 * A FIT's compressed flat_dt, decompressed where the placement rules put a buffer for U-Boot's
 * bound (20 times the compressed size; at most BOOT_FDT_MAX here) plus the fixups' room: the output
 * cannot reach flashboot, a phram region, the kernel, the initrd or the FIT. Then, as U-Boot, the
 * output must be a device tree. The tree is moved to its final spot like any other afterwards.
 */
static int unpack_fdt(struct boot_state *bs, const struct boot_layout *l)
{
	const struct boot_req *rq = &bs->req;
	const char *name = uimage_comp_name((uint8_t)rq->fdt_comp);
	uint32_t max = (uint32_t)MIN(20ull * rq->fdt_csize, (uint64_t)BOOT_FDT_MAX), dst;
	size_t out = 0;
	int ret;

	if (boot_place_fdt(l, ALIGN_UP(max + BOOT_FDT_GROW, 8u), &dst))
		return boot_fail(
			bs, -ENOSPC,
			"no room to decompress the %s device tree (0x%lx bytes) between 0x%08lx and flashboot/phram",
			name, (unsigned long)max, (unsigned long)bs->reach);
	ret = image_decompress(rq->fdt_comp, (const void *)rq->fdt, rq->fdt_csize, (void *)dst, max,
			       &out);
	if (ret == -ENOSPC)
		return boot_fail(
			bs, ret,
			"%s device tree decompresses to more than 0x%lx bytes (20 times its size)", name,
			(unsigned long)max);
	if (ret)
		return unpack_fail(bs, ret, name, "device tree");
	if (out < 40 || fdt_check_header((const void *)dst) || fdt_totalsize((const void *)dst) > out)
		return boot_fail(bs, -ENOEXEC,
				 "decompressed fdt image (%s, %lu bytes) is not a device tree", name,
				 (unsigned long)out);
	bs->fdt_unpacked = dst;
	return 0;
}
#endif
#endif

static int prepare_fdt(struct boot_state *bs)
{
#ifdef CONFIG_FDT
	const struct boot_req *rq = &bs->req;
	struct boot_layout l = {
		.ram_base = board->ram_base,
		.ram_end = board->ram_base + fw.ram_size,
		.fw_start = fw.start,
		.fw_end = fw.stack_hi,
		.low = bs->reach,
		.initrd_start = bs->initrd_start,
		.initrd_end = bs->initrd_start + bs->initrd_size,
		/* the DTB is fixed up before the kernel moves: keep off the bytes to move */
		.kdata_start = bs->kstart != bs->data ? bs->data : 0,
		.kdata_end = bs->kstart != bs->data ? bs->data + bs->ksize : 0,
		/* a FIT stays whole until the ramdisk and the kernel moved out of it */
		.keep_start = rq->keep_start,
		.keep_end = rq->keep_end,
		.regions = phram_get(0),
		.nregions = phram_count(),
	};
	uint32_t magic;
	uintptr_t src = rq->fdt;

#ifdef IMAGE_DECOMPRESS
	if (rq->fdt_comp != IH_COMP_NONE) {
		int ret = unpack_fdt(bs, &l);

		if (ret)
			return ret;
		src = bs->fdt_unpacked;
	}
#endif
	if (!boot_mem_readable(src, 8))
		return boot_fail(bs, -EFAULT, "device tree address 0x%08lx is not in RAM or flash",
				 (unsigned long)src);
	magic = get_be32((const void *)src);
	if (magic != BOOT_FDT_MAGIC)
		return boot_fail(bs, -ENOEXEC, "no device tree at 0x%08lx (magic %08lx, want d00dfeed)",
				 (unsigned long)src, (unsigned long)magic);
	bs->fdt_src = src;
	bs->fdt_size = get_be32((const uint8_t *)src + 4);
	if (bs->fdt_size < 40 || bs->fdt_size > BOOT_FDT_MAX || !boot_mem_readable(src, bs->fdt_size))
		return boot_fail(bs, -EINVAL, "device tree at 0x%08lx has a bad size 0x%lx",
				 (unsigned long)src, (unsigned long)bs->fdt_size);
	if (hit(bs->fdt_src, bs->fdt_size, bs->kstart, bs->ksize) && bs->kstart != bs->data)
		return boot_fail(
			bs, -EBUSY,
			"moving the kernel to 0x%08lx would overwrite the device tree at 0x%08lx",
			(unsigned long)bs->kstart, (unsigned long)bs->fdt_src);
	bs->fdt_bufsize = ALIGN_UP(bs->fdt_size + BOOT_FDT_GROW, 8u);
	/* kept clear when there is room: the user's DTB, not the decompressed copy (the same spot as
	 * an uncompressed tree gets, whatever the compression ratio) */
	l.src_start = bs->fdt_unpacked ? 0 : bs->fdt_src;
	l.src_end = bs->fdt_unpacked ? 0 : bs->fdt_src + bs->fdt_size;
	if (boot_place_fdt(&l, bs->fdt_bufsize, &bs->fdt_dst))
		return boot_fail(
			bs, -ENOSPC,
			"no room for the device tree (0x%lx bytes) between the kernel's reach 0x%08lx and flashboot/phram",
			(unsigned long)bs->fdt_bufsize, (unsigned long)bs->reach);
	return 0;
#else
	return boot_fail(bs, -ENOSYS, "this build has no device-tree support");
#endif
}

static const char *mtd_reason(int err)
{
	// clang-format off
	switch (err) {
	case -EINVAL: return "syntax error";
	case -ENOSPC: return "too many entries or too long";
	case -ENOENT: return "mtd-id not in mtdids";
	case -ENODEV: return "no such flash device";
	case -E2BIG: return "name too long";
	case -EEXIST: return "duplicate partition name";
	default: return "error";
	}
	// clang-format on
}

/* Length of the " phram.phram=..." words atags_cmdline() adds after a line of len bytes. */
static size_t phram_words_len(size_t len)
{
	int n = atags_cmdline(cmdline_full, sizeof(cmdline_full), "", phram_get(0), phram_count());

	return n > 0 ? (size_t)n + (len ? 1 : 0) : 0;
}

static int cmdline_too_long(struct boot_state *bs, size_t len)
{
	return boot_fail(bs, -E2BIG, "kernel command line would be %lu bytes (max %d)",
			 (unsigned long)len + 1, ATAGS_CMDLINE_MAX);
}

/*
 * The command line Linux gets, for both paths: bootargs with mtdparts= words
 * translated from our device names to Linux's (always), or replaced by the
 * table in force (bootargs_mtdparts=1); on ATAGs the phram.phram= words
 * follow. Linux/ARM keeps COMMAND_LINE_SIZE (1024) bytes with the NUL and
 * cuts a longer DT bootargs silently, so a longer line is refused.
 */
int boot_prepare_cmdline(struct boot_state *bs)
{
	const struct boot_req *rq = &bs->req;
	const char *sids = rq->mtdids ? rq->mtdids : "", *table = NULL;
	size_t pos = 0;
	int ret;

	bs->cmdline = rq->bootargs;
	if (rq->bootargs || rq->bootargs_mtdparts) {
		ret = mtdids_parse(sids, strlen(sids), &mtd_ids, &pos);
		if (ret && rq->bootargs_mtdparts)
			return boot_fail(bs, ret, "bootargs_mtdparts: mtdids: %s at character %lu",
					 mtd_reason(ret), (unsigned long)pos);
		if (ret) { /* translate nothing; the boot command says why */
			bs->mtdids_err = ret;
			bs->mtdids_pos = pos;
			mtd_ids.n = 0;
		}
		if (rq->bootargs_mtdparts) {
			ret = mtdparts_cmdline_table(rq->mtdparts, &mtd_ids, &mtd_work, mtd_table,
						     sizeof(mtd_table), &pos);
			if (ret < 0)
				return boot_fail(bs, ret,
						 "bootargs_mtdparts: mtdparts: %s at character %lu",
						 mtd_reason(ret), (unsigned long)pos);
			table = mtd_table;
			bs->no_mtd_table = !*mtd_table;
		}
		ret = mtdparts_cmdline(rq->bootargs, &mtd_ids, table, &mtd_work.t, cmdline_buf,
				       sizeof(cmdline_buf), &bs->mtdinfo);
		if (ret == -ENOSPC)
			return cmdline_too_long(
				bs,
				bs->mtdinfo.len + (rq->has_fdt ? 0 : phram_words_len(bs->mtdinfo.len)));
		if (ret < 0)
			return boot_fail(
				bs, ret,
				"bootargs_mtdparts: a partition name with both blanks and '\"' cannot go on a kernel command line");
		bs->cmdline = cmdline_buf;
	}
	bs->kernel_cmdline = bs->cmdline;
	if (!rq->has_fdt) {
		ret = atags_cmdline(cmdline_full, sizeof(cmdline_full), bs->cmdline, phram_get(0),
				    phram_count());
		if (ret < 0) /* cannot happen: the line fits in 1023, the phram words in the rest */
			return boot_fail(bs, ret, "kernel command line too long");
		if (ret >= ATAGS_CMDLINE_MAX)
			return cmdline_too_long(bs, (size_t)ret);
		bs->kernel_cmdline = cmdline_full;
	}
	return 0;
}

/* [start, start+len) inside one of the memory banks Linux will be told about. */
static bool in_banks(const struct atag_bank *b, int nb, uint32_t start, uint32_t len)
{
	for (int i = 0; i < nb; i++)
		if (start >= b[i].start && (uint64_t)start + len <= (uint64_t)b[i].start + b[i].size)
			return true;
	return false;
}

static int prepare_atags(struct boot_state *bs)
{
	struct atag_params p = {
		.ram_base = board->ram_base,
		.ram_size = fw.ram_size,
		.regions = phram_get(0),
		.nregions = phram_count(),
		.bootargs = bs->cmdline,
		.initrd_start = bs->initrd_start,
		.initrd_size = bs->initrd_size,
	};
	int ret;

	struct atag_bank banks[ATAGS_MAX_BANKS];
	int nb;

	if (hit(bs->kstart, bs->ksize, board->ram_base, 0x4000) ||
	    hit(bs->initrd_start, bs->initrd_size, board->ram_base, 0x4000))
		return boot_fail(
			bs, -EBUSY,
			"kernel or initrd overlaps the ATAG area and Linux's page tables (RAM + 0..0x4000)");
	/* the memory tags leave out the phram regions, trimmed to whole 1 MiB sections */
	nb = atags_mem_banks(p.ram_base, p.ram_size, p.regions, p.nregions, banks, ARRAY_SIZE(banks));
	if (nb < 0)
		return boot_fail(bs, nb, "too many phram regions for the memory tags");
	if (!in_banks(banks, nb, board->ram_base, bs->reach - board->ram_base))
		return boot_fail(
			bs, -EBUSY,
			"the kernel and its decompression area (0x%08lx..0x%08lx) would reach into the RAM left out next to a phram region: put the region above 0x%08lx",
			(unsigned long)board->ram_base, (unsigned long)(bs->reach - 1),
			(unsigned long)ALIGN_UP(bs->reach, (uint32_t)SZ_1M));
	if (bs->initrd_size && !in_banks(banks, nb, bs->initrd_start, bs->initrd_size))
		return boot_fail(
			bs, -EBUSY,
			"initrd at 0x%08lx..0x%08lx is in the RAM left out next to a phram region (Linux gets whole 1 MiB sections): load it at least 1 MiB away from the region",
			(unsigned long)bs->initrd_start,
			(unsigned long)(bs->initrd_start + bs->initrd_size - 1));
	ret = atags_build(atag_buf, sizeof(atag_buf), &p);
	if (ret == -E2BIG)
		return boot_fail(
			bs, ret,
			"kernel command line (bootargs + phram.phram=) is longer than %d characters",
			ATAGS_CMDLINE_MAX - 1);
	if (ret < 0)
		return boot_fail(bs, ret, "cannot build the ATAG list (%d)", ret);
	bs->atags_len = (uint32_t)ret;
	bs->params = board->ram_base + ATAGS_OFFSET;
	return 0;
}

int boot_prepare(struct boot_state *bs)
{
	int ret;

	bs->err[0] = '\0';
	ret = prepare_kernel(bs);
	if (ret)
		return ret;
	ret = check_range(bs, "kernel", bs->kstart, bs->ksize);
	if (ret)
		return ret;
	bs->reach = boot_kernel_reach(board->ram_base, bs->kstart, bs->ksize);
	for (int i = 0; i < phram_count(); i++) {
		const struct phram_region *r = phram_get(i);
		if (hit(r->addr, r->size, board->ram_base, bs->reach - board->ram_base))
			return boot_fail(
				bs, -EBUSY,
				"phram region '%s' at 0x%08lx lies in the kernel's decompression area (0x%08lx..0x%08lx)",
				r->label, (unsigned long)r->addr, (unsigned long)board->ram_base,
				(unsigned long)(bs->reach - 1));
	}
	/*
	 * Linux/ARM maps RAM in 1 MiB sections and cannot put a page table next to a
	 * section in the same 2 MiB first-level entry (it BUGs before its console is
	 * up): the RAM left mapped around a no-map hole must be whole sections.
	 */
	for (int i = 0; bs->req.has_fdt && bs->req.phram_nomap && i < phram_count(); i++) {
		const struct phram_region *r = phram_get(i);
		if ((r->addr | r->size) % SZ_1M)
			return boot_fail(
				bs, -EINVAL,
				"phram region '%s' (0x%08lx+0x%lx) is not whole 1 MiB sections, needed with phram_nomap=1",
				r->label, (unsigned long)r->addr, (unsigned long)r->size);
	}
	ret = prepare_initrd(bs);
	if (ret)
		return ret;
	if (bs->kstart != bs->data && bs->initrd_size &&
	    hit(bs->initrd_start, bs->initrd_size, bs->kstart, bs->ksize))
		return boot_fail(bs, -EBUSY, "moving the kernel to 0x%08lx would overwrite the initrd",
				 (unsigned long)bs->kstart);
	ret = boot_prepare_cmdline(bs);
	if (ret)
		return ret;
	ret = bs->req.has_fdt ? prepare_fdt(bs) : prepare_atags(bs);
	if (ret)
		return ret;

		/*
	 * Every check passed: now write. The DTB fixups can still fail (a blob
	 * libfdt refuses, no room to grow), so they go first, into free RAM
	 * clear of the kernel's bytes: a failure then leaves the kernel intact.
	 */
#ifdef CONFIG_FDT
	if (bs->req.has_fdt) {
		struct fdt_boot_info info;

		boot_fdt_info(bs, &info);
		info.bootargs = bs->cmdline;
		info.initrd_start = bs->initrd_start;
		info.initrd_end = bs->initrd_size ? bs->initrd_start + bs->initrd_size : 0;

		memmove((void *)(uintptr_t)bs->fdt_dst, (const void *)(uintptr_t)bs->fdt_src,
			bs->fdt_size);
		ret = fdt_fixup_for_boot((void *)(uintptr_t)bs->fdt_dst, bs->fdt_bufsize, &info);
		if (ret)
			return boot_fail(bs, ret, "device-tree fixup failed (%d)", ret);
		bs->params = bs->fdt_dst;
	}
#endif
	if (bs->req.initrd_move) /* out of the FIT first: the kernel may land where it lay */
		memmove((void *)(uintptr_t)bs->initrd_start, (const void *)bs->req.initrd,
			bs->initrd_size);
	if (bs->kstart != bs->data)
		memmove((void *)bs->kstart, (const void *)bs->data, bs->ksize);
	if (!bs->req.has_fdt)
		memcpy((void *)bs->params, atag_buf, bs->atags_len);
	return 0;
}

#ifdef CONFIG_FDT
void boot_fdt_info(const struct boot_state *bs, struct fdt_boot_info *info)
{
	memset(info, 0, sizeof(*info));
	info->mem_base = board->ram_base;
	info->mem_size = fw.ram_size;
	info->phram_nomap = bs->req.phram_nomap;
	for (int i = 0; i < phram_count() && info->nphram < PHRAM_MAX; i++)
		info->phram[info->nphram++] = *phram_get(i);
	info->mtdparts_to_dt = bs->req.fdt_mtdparts;
	info->mac = bs->req.has_mac ? bs->req.mac : NULL;
	info->eth_compatible = board->eth ? board->eth->dt_compatible : NULL;
}
#endif

__noreturn void boot_jump(const struct boot_state *bs)
{
	/* a controller without EEPROM (the mini2440's DM9000): Linux reads the MAC back from it */
	if (bs->req.has_mac && board->eth && board->eth->ops->set_mac)
		board->eth->ops->set_mac(board->eth, bs->req.mac);
	arch_jump_linux(bs->entry, bs->req.machid, bs->params);
}

/* phram command: load a squashfs partition into RAM as a phram region, add/delete/list regions. */
#include "board.h"
#include "cmd_boot.h"
#include "command.h"
#include "console.h"
#include "env.h"
#include "mtd.h"
#include "phram.h"
#include "squashfs.h"
#include "timer.h"

static void phram_list(void)
{
	if (!phram_count()) {
		printf("no phram regions\n");
		return;
	}
	printf("label                            start      end        size\n");
	for (int i = 0; i < phram_count(); i++) {
		const struct phram_region *r = phram_get(i);
		printf("%-32s 0x%08lx 0x%08lx 0x%08lx (%lu KiB)\n", r->label, (unsigned long)r->addr,
		       (unsigned long)(r->addr + r->size - 1), (unsigned long)r->size,
		       (unsigned long)(r->size >> 10));
	}
}

/* Turn phram_add()'s errno into the reason a person needs. */
static int report_add(int ret, const char *label, uint32_t addr, uint32_t size)
{
	uint64_t end = (uint64_t)addr + size, ram_end = (uint64_t)board->ram_base + fw.ram_size;
	const struct phram_region *r;

	switch (ret) {
	case 0:
		return 0;
	case -EINVAL:
		if (!size || addr % SZ_4K || size % SZ_4K)
			cmd_err("phram region 0x%08lx + 0x%lx: the start must be 4 KiB aligned, the size non-zero",
				(unsigned long)addr, (unsigned long)size);
		else
			cmd_err("bad phram label '%s' (1-31 characters of A-Z a-z 0-9 _ . -)", label);
		break;
	case -ERANGE:
		if (addr < board->ram_base || end > ram_end)
			cmd_err("phram region 0x%08lx..0x%08llx is outside RAM (0x%08lx..0x%08llx)",
				(unsigned long)addr, (unsigned long long)(end - 1),
				(unsigned long)board->ram_base, (unsigned long long)(ram_end - 1));
		else
			cmd_err("phram region 0x%08lx..0x%08llx overlaps flashboot (0x%08lx..0x%08lx)",
				(unsigned long)addr, (unsigned long long)(end - 1),
				(unsigned long)fw.start, (unsigned long)(fw.stack_hi - 1));
		break;
	case -EEXIST:
		cmd_err("phram region '%s' already exists (phram del %s first)", label, label);
		break;
	case -EBUSY:
		r = phram_overlap(addr, size);
		cmd_err("phram region 0x%08lx..0x%08llx overlaps region '%s' (0x%08lx..0x%08lx)",
			(unsigned long)addr, (unsigned long long)(end - 1), r ? r->label : "?",
			(unsigned long)(r ? r->addr : 0),
			(unsigned long)(r ? r->addr + r->size - 1 : 0));
		break;
	case -ENOSPC:
		cmd_err("phram table full (%d regions)", PHRAM_MAX);
		break;
	default:
		cmd_err("phram add failed (%d)", ret);
	}
	return ret;
}

/* The region's address: dst, or (NULL) the default spot. 0, or 1 after printing why not. */
static int parse_place(const char *dst, struct phram_place *at)
{
	const char *nm = env_get("phram_nomap");
	unsigned long a;

	memset(at, 0, sizeof(*at));
	at->nomap = nm && *nm && strchr("1yYtT", *nm);
	if (!dst)
		return 0;
	if (parse_ulong(dst, &a) || a > 0xffffffffu) {
		cmd_err("bad address '%s' (hex expected)", dst);
		return 1;
	}
	at->fixed = true;
	at->addr = (uint32_t)a;
	return 0;
}

/* The one line for a refused squashfs superblock */
static void report_sb(const char *name, uint64_t part_size, int ret, const struct phram_load *res)
{
	const struct squashfs_info *si = &res->si;

	switch (ret) {
	case -ENOEXEC:
		cmd_err("no squashfs in '%s' (magic %02x %02x %02x %02x, want \"hsqs\")", name,
			res->magic[0], res->magic[1], res->magic[2], res->magic[3]);
		break;
	case -EPROTONOSUPPORT:
		cmd_err("squashfs in '%s' is version %u.%u, need 4.0", name, si->major, si->minor);
		break;
	case -EFBIG:
		cmd_err("squashfs in '%s' says bytes_used 0x%llx, larger than the partition (0x%llx)",
			name, (unsigned long long)si->bytes_used, (unsigned long long)part_size);
		break;
	default:
		cmd_err("corrupt squashfs superblock in '%s' (block size 0x%lx, log %u, bytes_used 0x%llx)",
			name, (unsigned long)si->block_size, si->block_log,
			(unsigned long long)si->bytes_used);
	}
}

/* The one line for a load that failed at res->step; what names the data ("squashfs", "image 'x'"). */
static int report_load(const char *name, const char *what, uint64_t part_size,
		       const struct phram_place *at, int ret, const struct phram_load *res)
{
	switch (res->step) {
	case PHRAM_STEP_SB_READ:
		if (ret == -EINVAL)
			cmd_err("cannot read the superblock of '%s' (page size %lu)", name,
				(unsigned long)res->sblen);
		else
			cmd_err("reading the superblock of '%s' failed (%d)", name, ret);
		break;
	case PHRAM_STEP_SB_CHECK:
		report_sb(name, part_size, ret, res);
		break;
	case PHRAM_STEP_PLACE:
		if (ret == -EFBIG)
			cmd_err("%s too large", what);
		else if (ret == -EADDRINUSE)
			cmd_err("phram region 0x%08lx..0x%08lx would overwrite the FIT (0x%08lx..0x%08lx)",
				(unsigned long)res->addr, (unsigned long)(res->addr + res->size - 1),
				(unsigned long)at->keep_start, (unsigned long)(at->keep_end - 1));
		else
			cmd_err("no room for 0x%lx bytes between 0x%08lx and flashboot (0x%08lx)",
				(unsigned long)res->size,
				(unsigned long)(board->ram_base + fw.ram_size / 4),
				(unsigned long)fw.start);
		break;
	case PHRAM_STEP_ADD:
		report_add(ret, name, res->addr, res->size);
		break;
	default:
		cmd_err("reading '%s' failed (%d)", name, ret);
	}
	return 1;
}

static void set_vars(uint64_t filesize, const struct phram_load *res)
{
	env_set_hex("filesize", (unsigned long)filesize);
	env_set_hex("phram_addr", res->addr);
	env_set_hex("phram_size", res->size);
}

#ifdef CONFIG_FIT
#ifdef IMAGE_DECOMPRESS
/* The one line for a compressed image that did not decompress (PHRAM_STEP_UNPACK). */
static int report_unpack(const struct boot_fit_part *p, int ret, const struct phram_load *res)
{
	if (ret == -ENOSPC && !res->size)
		cmd_err("no free RAM at 0x%08lx to decompress image '%s' into", (unsigned long)res->addr,
			p->image);
	else if (ret == -ENOSPC)
		cmd_err("%s image '%s' decompresses to more than the 0x%lx bytes free at 0x%08lx",
			p->comp_name, p->image, (unsigned long)res->size, (unsigned long)res->addr);
	else if (ret == -EINTR)
		cmd_err("<INTERRUPT> while decompressing image '%s'", p->image);
	else if (ret == -ENOMEM)
		cmd_err("no memory for the %s decompressor", p->comp_name);
	else
		cmd_err("%s compressed image '%s' is corrupt or truncated", p->comp_name, p->image);
	return 1;
}
#endif

/* The image's bytes (decompressed when it is compressed: Ctrl-C stops that) into region label. */
static int fit_load(const char *label, const struct boot_fit_part *p, const struct phram_place *at,
		    struct phram_load *res)
{
#ifdef IMAGE_DECOMPRESS
	if (p->comp != IH_COMP_NONE) {
		int ret;

		image_decompress_stop(ctrlc);
		ret = phram_load_comp(label, p->comp, (const void *)p->data, p->size, at, res);
		image_decompress_stop(NULL);
		return ret;
	}
#endif
	return phram_load_data(label, (const void *)p->data, p->size, at, res);
}

/*
 * The root from a FIT: the filesystem/ramdisk sub-image ref names (or its
 * configuration's first one), signature and hashes checked, copied or
 * decompressed to dst (NULL: the default spot) and registered as region label.
 */
static int phram_fit(const char *label, const struct fit_ref *ref, const char *dst)
{
	static struct boot_state bs;
	const struct boot_fit_part *p = &bs.fit_ramdisk;
	struct phram_place at;
	struct phram_load res;
	uint64_t t0 = timer_us();
	char what[80];
	int ret;

	memset(&bs, 0, sizeof(bs));
	if (boot_fit_rootfs(&bs, ref)) {
		cmd_err("%s", bs.err);
		return 1;
	}
	if (parse_place(dst, &at))
		return 1;
	at.keep_start = bs.req.keep_start;
	at.keep_end = bs.req.keep_end;
	ret = fit_load(label, p, &at, &res);
#ifdef IMAGE_DECOMPRESS
	if (ret && res.step == PHRAM_STEP_UNPACK)
		return report_unpack(p, ret, &res);
#endif
	snprintf(what, sizeof(what), "image '%s'", p->image);
	if (ret)
		return report_load(label, what, 0, &at, ret, &res);
	t0 = timer_us() - t0;
	what[0] = '\0';
#ifdef IMAGE_DECOMPRESS
	if (p->comp != IH_COMP_NONE)
		snprintf(what, sizeof(what), "%s %lu -> %lu bytes, ", p->comp_name,
			 (unsigned long)p->size, (unsigned long)res.unpacked);
#endif
	printf("phram: '%s' from FIT image '%s' (%s%s, %s%s) loaded to 0x%08lx..0x%08lx in %lu ms\n",
	       label, p->image, p->sig, p->hashes[0] ? p->hashes : "no hashes ", what,
	       res.is_squashfs ? "squashfs" : "not a squashfs", (unsigned long)res.addr,
	       (unsigned long)(res.addr + res.size - 1), (unsigned long)(t0 / 1000));
	set_vars(what[0] ? res.unpacked : p->size, &res);
	return 0;
}

/* "phram add <label> <addr>[#conf|:image] [dst]" */
static int phram_add_fit(int argc, char *const argv[])
{
	static char name[64];
	struct fit_ref ref;
	bool named;

	if (fit_ref_parse(argv[2], 0, &ref, name, sizeof(name), &named))
		return 1;
	return phram_fit(argv[1], &ref, argc > 3 ? argv[3] : NULL);
}

/* "phram load <part>[#conf|:image] [dst]" of a partition holding a FIT: 1/0, or -1 when it holds none. */
static int phram_load_fit(int argc, char *const argv[])
{
	static char part[32], name[64];
	const char *sep = strpbrk(argv[1], "#:");
	size_t plen = sep ? (size_t)(sep - argv[1]) : strlen(argv[1]);
	struct mtd_info *mtd;
	struct fit_ref ref;
	const void *map;
	bool named;

	if (plen >= sizeof(part))
		return -1;
	memcpy(part, argv[1], plen);
	part[plen] = '\0';
	mtd = mtd_find(part);
	if (!mtd)
		return -1;
	map = mtd_point(mtd, 0, mtd->size);
	if (!map) {
		if (!sep)
			return -1; /* NAND: the squashfs path reads it */
		cmd_err("'%s' is not memory-mapped: read the FIT to RAM and use 'phram add <label> <addr>%s'",
			part, sep);
		return 1;
	}
	if (!boot_is_fit((uintptr_t)map)) {
		if (!sep)
			return -1;
		cmd_err("no FIT in '%s'", part);
		return 1;
	}
	if (fit_ref_parse(sep ? sep : "", (uintptr_t)map, &ref, name, sizeof(name), &named))
		return 1;
	return phram_fit(mtd->name, &ref, argc > 2 ? argv[2] : NULL);
}
#endif

static int phram_load(int argc, char *const argv[])
{
	struct mtd_info *mtd = mtd_find(argv[1]);
	struct phram_place at;
	struct phram_load res;
	uint64_t t0 = timer_us();
	int ret;

	if (!mtd) {
		cmd_err("no MTD partition '%s' (see mtdparts)", argv[1]);
		return 1;
	}
	if (parse_place(argc > 2 ? argv[2] : NULL, &at))
		return 1;
	ret = phram_load_squashfs(mtd, &at, &res);
	if (ret)
		return report_load(mtd->name, "squashfs", mtd->size, &at, ret, &res);
	t0 = timer_us() - t0;
	printf("phram: '%s' squashfs 4.0 (%s, %lu inodes, 0x%llx bytes) loaded to 0x%08lx..0x%08lx in %lu ms\n",
	       mtd->name, squashfs_comp_name(res.si.compression), (unsigned long)res.si.inodes,
	       (unsigned long long)res.si.bytes_used, (unsigned long)res.addr,
	       (unsigned long)(res.addr + res.size - 1), (unsigned long)(t0 / 1000));
	set_vars(res.si.bytes_used, &res);
	return 0;
}

static int do_phram_list(int argc, char *const argv[])
{
	(void)argc;
	(void)argv;
	phram_list();
	return 0;
}

/* add <label> <addr> <size> | add <label> <fitaddr>[#conf|:image] [addr] */
static int do_phram_add(int argc, char *const argv[])
{
	unsigned long addr, size;
	uint32_t full;

#ifdef CONFIG_FIT
	if (argc == 3 || (argc == 4 && strpbrk(argv[2], "#:")))
		return phram_add_fit(argc, argv);
#endif
	if (argc != 4)
		return CMD_RET_USAGE;
	if (parse_ulong(argv[2], &addr) || parse_ulong(argv[3], &size) || addr > 0xffffffffu ||
	    size > 0xffffffffu) {
		cmd_err("bad address or size (hex expected)");
		return 1;
	}
	return report_add(phram_add_bytes(argv[1], (uint32_t)addr, (uint32_t)size, &full), argv[1],
			  (uint32_t)addr, full)
		       ? 1
		       : 0;
}

static int do_phram_del(int argc, char *const argv[])
{
	(void)argc;
	if (phram_del(argv[1])) {
		cmd_err("no phram region '%s'", argv[1]);
		return 1;
	}
	return 0;
}

/* load <partition>[#conf|:image] [addr] */
static int do_phram_load(int argc, char *const argv[])
{
#ifdef CONFIG_FIT
	int ret = phram_load_fit(argc, argv);

	if (ret >= 0)
		return ret;
#endif
	return phram_load(argc, argv);
}

/* flashboot's own command: whole names */
static const struct cmd_sub phram_subs[] = {
	{ "list", 1, 0, 0, false, do_phram_list, false },
	{ "add", 3, 4, 0, false, do_phram_add, false },
	{ "del", 2, 2, 0, false, do_phram_del, false },
	{ "load", 2, 3, 0, false, do_phram_load, false },
};

static int do_phram(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	(void)cmd;
	if (argc == 1)
		return do_phram_list(argc, argv);
	return CMD_SUB_RUN(phram_subs, 0, argc, argv);
}

CMD(phram, 5, do_phram, "RAM regions handed to Linux as MTD devices (phram)",
    "\n    - list regions\n"
    "phram load <partition> [addr]\n"
    "    - load the squashfs in an MTD partition to RAM (default: top of RAM under\n"
    "      flashboot, 1 MiB aligned) as a region named after the partition;\n"
    "      sets filesize, phram_addr, phram_size (size: 4 KiB multiple, 1 MiB with\n"
    "      phram_nomap=1)\n"
    "phram add <label> <addr> <size>\n    - add a region at addr (4 KiB aligned); size in bytes (e.g. $filesize)\n"
    "      is rounded up to whole 4 KiB pages, the rest of the last page zeroed\n"
    "phram load <partition>[#conf|:image] [addr]\n"
    "phram add <label> <fitaddr>[#conf|:image] [addr]\n"
    "    - a partition or RAM holding a FIT: its filesystem/ramdisk image (the\n"
    "      configuration's first, default configuration without #/:), checked and copied\n"
    "phram del <label>\n    - remove a region");

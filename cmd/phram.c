/* phram command: load a squashfs partition into RAM as a phram region, add/delete/list regions. */
#include "board.h"
#include "cmd_boot.h"
#include "command.h"
#include "console.h"
#include "env.h"
#include "mtd.h"
#include "mtd_io.h"
#include "phram.h"
#include "squashfs.h"
#include "timer.h"

#define PHRAM_ALIGN SZ_1M

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
			printf("## Error: phram region 0x%08lx + 0x%lx: the start must be 4 KiB aligned, the size non-zero\n",
			       (unsigned long)addr, (unsigned long)size);
		else
			printf("## Error: bad phram label '%s' (1-31 characters of A-Z a-z 0-9 _ . -)\n", label);
		break;
	case -ERANGE:
		if (addr < board->ram_base || end > ram_end)
			printf("## Error: phram region 0x%08lx..0x%08llx is outside RAM (0x%08lx..0x%08llx)\n",
			       (unsigned long)addr, (unsigned long long)(end - 1),
			       (unsigned long)board->ram_base, (unsigned long long)(ram_end - 1));
		else
			printf("## Error: phram region 0x%08lx..0x%08llx overlaps flashboot (0x%08lx..0x%08lx)\n",
			       (unsigned long)addr, (unsigned long long)(end - 1), (unsigned long)fw.start,
			       (unsigned long)(fw.stack_hi - 1));
		break;
	case -EEXIST:
		printf("## Error: phram region '%s' already exists (phram del %s first)\n", label, label);
		break;
	case -EBUSY:
		r = phram_overlap(addr, size);
		printf("## Error: phram region 0x%08lx..0x%08llx overlaps region '%s' (0x%08lx..0x%08lx)\n",
		       (unsigned long)addr, (unsigned long long)(end - 1), r ? r->label : "?",
		       (unsigned long)(r ? r->addr : 0), (unsigned long)(r ? r->addr + r->size - 1 : 0));
		break;
	case -ENOSPC:
		printf("## Error: phram table full (%d regions)\n", PHRAM_MAX);
		break;
	default:
		printf("## Error: phram add failed (%d)\n", ret);
	}
	return ret;
}

/*
 * Default spot: the highest 1 MiB-aligned place under flashboot that no
 * region uses, but not in the lower quarter of RAM where the kernel is
 * loaded and decompressed (boot re-checks the exact reach).
 */
static int default_spot(uint32_t size, uint32_t *addr)
{
	uint64_t top = fw.start, floor = board->ram_base + fw.ram_size / 4;

	for (;;) {
		const struct phram_region *r;
		uint64_t a;

		if (top < floor + size)
			return -ENOSPC;
		a = ALIGN_DOWN(top - size, (uint64_t)PHRAM_ALIGN);
		if (a < floor)
			return -ENOSPC;
		r = phram_overlap((uint32_t)a, size);
		if (!r) {
			*addr = (uint32_t)a;
			return 0;
		}
		top = r->addr;
	}
}

/* Where a region of size bytes goes: dst ("" / NULL: the default spot). 0, or 1 after printing why not. */
static int region_spot(const char *dst, uint32_t size, uint32_t *addr)
{
	unsigned long a;

	if (dst) {
		if (parse_ulong(dst, &a) || a > 0xffffffffu) {
			printf("## Error: bad address '%s' (hex expected)\n", dst);
			return 1;
		}
		*addr = (uint32_t)a;
	} else if (default_spot(size, addr)) {
		printf("## Error: no room for 0x%lx bytes between 0x%08lx and flashboot (0x%08lx)\n",
		       (unsigned long)size, (unsigned long)(board->ram_base + fw.ram_size / 4),
		       (unsigned long)fw.start);
		return 1;
	}
	return 0;
}

static int read_part(struct mtd_info *mtd, uint64_t len, void *dst)
{
	const void *src = mtd_point(mtd, 0, len);
	struct mtd_io io = { .mtd = mtd, .len = len, .flags = MTD_IO_SKIP_BAD };
	int ret;

	if (src) { /* mapped NOR: a plain copy */
		memcpy(dst, src, len);
		return 0;
	}
	if (mtd->type == MTD_NANDFLASH) {
		/* whole pages; the region is 4 KiB-rounded so they fit */
		len = ALIGN_UP(len, (uint64_t)(mtd->writesize ? mtd->writesize : 1));
		io.len = len;
		ret = mtd_io_read(&io, dst);
	} else {
		ret = mtd_read(mtd, 0, len, dst);
	}
	return ret == -EUCLEAN ? 0 : ret;
}

#ifdef CONFIG_FIT
/*
 * The root from a FIT: the filesystem/ramdisk sub-image ref names (or its
 * configuration's first one), signature and hashes checked, copied to dst
 * (NULL: the default spot) and registered as region label.
 */
static int phram_fit(const char *label, const struct fit_ref *ref, const char *dst)
{
	static struct boot_state bs;
	const struct boot_fit_part *p = &bs.fit_ramdisk;
	struct squashfs_info si;
	const char *nm = env_get("phram_nomap");
	bool nomap = nm && *nm && strchr("1yYtT", *nm);
	uint32_t addr, size;
	uint64_t t0 = timer_us();

	memset(&bs, 0, sizeof(bs));
	if (boot_fit_rootfs(&bs, ref)) {
		printf("## Error: %s\n", bs.err);
		return 1;
	}
	if (p->size > 0xffffffffu - SZ_1M) {
		printf("## Error: image '%s' too large\n", p->image);
		return 1;
	}
	size = ALIGN_UP(p->size, nomap ? SZ_1M : SZ_4K);
	if (region_spot(dst, size, &addr))
		return 1;
	if (addr < bs.req.keep_end && bs.req.keep_start < (uint64_t)addr + size) {
		printf("## Error: phram region 0x%08lx..0x%08lx would overwrite the FIT (0x%08lx..0x%08lx)\n",
		       (unsigned long)addr, (unsigned long)(addr + size - 1),
		       (unsigned long)bs.req.keep_start, (unsigned long)(bs.req.keep_end - 1));
		return 1;
	}
	if (report_add(phram_add(label, addr, size), label, addr, size))
		return 1;
	memmove((void *)(uintptr_t)addr, (const void *)p->data, p->size);
	memset((uint8_t *)(uintptr_t)addr + p->size, 0, size - p->size);
	t0 = timer_us() - t0;
	printf("phram: '%s' from FIT image '%s' (%s%s, %s) loaded to 0x%08lx..0x%08lx in %lu ms\n", label,
	       p->image, p->sig, p->hashes[0] ? p->hashes : "no hashes ",
	       squashfs_check((const void *)p->data, p->size, p->size, &si) ? "not a squashfs" : "squashfs",
	       (unsigned long)addr, (unsigned long)(addr + size - 1), (unsigned long)(t0 / 1000));
	env_set_hex("filesize", (unsigned long)p->size);
	env_set_hex("phram_addr", addr);
	env_set_hex("phram_size", size);
	return 0;
}

/* "phram add <label> <addr>[#conf|:image] [dst]" */
static int phram_add_fit(int argc, char *const argv[])
{
	static char name[64];
	struct fit_ref ref;
	bool named;

	if (fit_ref_parse(argv[3], 0, &ref, name, sizeof(name), &named))
		return 1;
	return phram_fit(argv[2], &ref, argc > 4 ? argv[4] : NULL);
}

/* "phram load <part>[#conf|:image] [dst]" of a partition holding a FIT: 1/0, or -1 when it holds none. */
static int phram_load_fit(int argc, char *const argv[])
{
	static char part[32], name[64];
	const char *sep = strpbrk(argv[2], "#:");
	size_t plen = sep ? (size_t)(sep - argv[2]) : strlen(argv[2]);
	struct mtd_info *mtd;
	struct fit_ref ref;
	const void *map;
	bool named;

	if (plen >= sizeof(part))
		return -1;
	memcpy(part, argv[2], plen);
	part[plen] = '\0';
	mtd = mtd_find(part);
	if (!mtd)
		return -1;
	map = mtd_point(mtd, 0, mtd->size);
	if (!map) {
		if (!sep)
			return -1; /* NAND: the squashfs path reads it */
		printf("## Error: '%s' is not memory-mapped: read the FIT to RAM and use 'phram add <label> <addr>%s'\n",
		       part, sep);
		return 1;
	}
	if (!boot_is_fit((uintptr_t)map)) {
		if (!sep)
			return -1;
		printf("## Error: no FIT in '%s'\n", part);
		return 1;
	}
	if (fit_ref_parse(sep ? sep : "", (uintptr_t)map, &ref, name, sizeof(name), &named))
		return 1;
	return phram_fit(mtd->name, &ref, argc > 3 ? argv[3] : NULL);
}
#endif

static int phram_load(int argc, char *const argv[])
{
	static uint8_t sb[SZ_4K];
	struct squashfs_info si;
	struct mtd_info *mtd = mtd_find(argv[2]);
	uint32_t addr, size, sblen;
	const char *nm = env_get("phram_nomap");
	bool nomap = nm && *nm && strchr("1yYtT", *nm);
	uint64_t t0;
	int ret;

	if (!mtd) {
		printf("## Error: no MTD partition '%s' (see mtdparts)\n", argv[2]);
		return 1;
	}
	sblen = mtd->type == MTD_NANDFLASH ? mtd->writesize : SQUASHFS_SB_LEN;
	if (!sblen || sblen > sizeof(sb) || sblen > mtd->size) {
		printf("## Error: cannot read the superblock of '%s' (page size %lu)\n", mtd->name,
		       (unsigned long)sblen);
		return 1;
	}
	ret = read_part(mtd, sblen, sb);
	if (ret) {
		printf("## Error: reading the superblock of '%s' failed (%d)\n", mtd->name, ret);
		return 1;
	}
	ret = squashfs_check(sb, sblen, mtd->size, &si);
	switch (ret) {
	case 0:
		break;
	case -ENOEXEC:
		printf("## Error: no squashfs in '%s' (magic %02x %02x %02x %02x, want \"hsqs\")\n",
		       mtd->name, sb[0], sb[1], sb[2], sb[3]);
		return 1;
	case -EPROTONOSUPPORT:
		printf("## Error: squashfs in '%s' is version %u.%u, need 4.0\n", mtd->name, si.major,
		       si.minor);
		return 1;
	case -EFBIG:
		printf("## Error: squashfs in '%s' says bytes_used 0x%llx, larger than the partition (0x%llx)\n",
		       mtd->name, (unsigned long long)si.bytes_used, (unsigned long long)mtd->size);
		return 1;
	default:
		printf("## Error: corrupt squashfs superblock in '%s' (block size 0x%lx, log %u, bytes_used 0x%llx)\n",
		       mtd->name, (unsigned long)si.block_size, si.block_log,
		       (unsigned long long)si.bytes_used);
		return 1;
	}
	if (si.bytes_used > 0xffffffffull - SZ_1M) {
		printf("## Error: squashfs too large\n");
		return 1;
	}
	/* a no-map region must be whole 1 MiB sections for Linux/ARM (see boot_prepare()) */
	size = ALIGN_UP((uint32_t)si.bytes_used, nomap ? SZ_1M : SZ_4K);
	if (region_spot(argc > 3 ? argv[3] : NULL, size, &addr))
		return 1;
	if (report_add(phram_add(mtd->name, addr, size), mtd->name, addr, size))
		return 1;
	t0 = timer_us();
	ret = read_part(mtd, si.bytes_used, (void *)(uintptr_t)addr);
	if (ret) {
		phram_del(mtd->name);
		printf("## Error: reading '%s' failed (%d)\n", mtd->name, ret);
		return 1;
	}
	memset((uint8_t *)(uintptr_t)addr + si.bytes_used, 0, size - si.bytes_used);
	t0 = timer_us() - t0;
	printf("phram: '%s' squashfs 4.0 (%s, %lu inodes, 0x%llx bytes) loaded to 0x%08lx..0x%08lx in %lu ms\n",
	       mtd->name, squashfs_comp_name(si.compression), (unsigned long)si.inodes,
	       (unsigned long long)si.bytes_used, (unsigned long)addr,
	       (unsigned long)(addr + size - 1), (unsigned long)(t0 / 1000));
	env_set_hex("filesize", (unsigned long)si.bytes_used);
	env_set_hex("phram_addr", addr);
	env_set_hex("phram_size", size);
	return 0;
}

/*
 * phram add: size in bytes as filesize gives it (tftpboot, loady, ...): the region is rounded
 * up to whole 4 KiB pages (Linux's phram wants them) and the tail of the last page zeroed.
 */
static int phram_add_bytes(const char *label, uint32_t addr, uint32_t size)
{
	uint32_t full = size > 0xffffffffu - (SZ_4K - 1) ? 0 : ALIGN_UP(size, SZ_4K);

	if (report_add(phram_add(label, addr, full), label, addr, full))
		return 1;
	memset((uint8_t *)(uintptr_t)addr + size, 0, full - size);
	return 0;
}

static int do_phram(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	(void)cmd;
	if (argc == 1 || !strcmp(argv[1], "list")) {
		phram_list();
		return 0;
	}
#ifdef CONFIG_FIT
	if (!strcmp(argv[1], "add") && (argc == 4 || (argc == 5 && strpbrk(argv[3], "#:"))))
		return phram_add_fit(argc, argv);
	if (!strcmp(argv[1], "load") && (argc == 3 || argc == 4)) {
		int ret = phram_load_fit(argc, argv);
		if (ret >= 0)
			return ret;
	}
#endif
	if (!strcmp(argv[1], "add") && argc == 5) {
		unsigned long addr, size;
		if (parse_ulong(argv[3], &addr) || parse_ulong(argv[4], &size) ||
		    addr > 0xffffffffu || size > 0xffffffffu) {
			printf("## Error: bad address or size (hex expected)\n");
			return 1;
		}
		return phram_add_bytes(argv[2], (uint32_t)addr, (uint32_t)size);
	}
	if (!strcmp(argv[1], "del") && argc == 3) {
		if (phram_del(argv[2])) {
			printf("## Error: no phram region '%s'\n", argv[2]);
			return 1;
		}
		return 0;
	}
	if (!strcmp(argv[1], "load") && (argc == 3 || argc == 4))
		return phram_load(argc, argv);
	return CMD_RET_USAGE;
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

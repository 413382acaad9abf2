/* NOR commands: U-Boot's flinfo, erase, protect and cp-to-flash on CPU addresses, and `nor` on offsets/partitions. */
#include <stdlib.h>
#include "cfi.h"
#include "cmd_mtd.h"
#include "command.h"
#include "console.h"
#include "env.h"

static bool is_cfi_nor(const struct mtd_info *m)
{
	return m->type == MTD_NORFLASH && cfi_from_mtd((struct mtd_info *)m);
}

static struct cmd_dev nor_cur = { is_cfi_nor, 0 }; /* `nor device` */

/* NOR banks in registry order: bank numbers are 1-based as in U-Boot. */
static struct mtd_info *nor_bank(int n)
{
	return cmd_dev_nth(&nor_cur, n - 1);
}

static struct mtd_info *nor_at(uintptr_t addr, int *bankno)
{
	struct mtd_info *m;

	for (int n = 1; (m = nor_bank(n)); n++)
		if (addr >= m->mapped && addr - m->mapped < m->size) {
			if (bankno)
				*bankno = n;
			return m;
		}
	return NULL;
}

static void flinfo_bank(int n, struct mtd_info *m)
{
	struct cfi_flash *f = cfi_from_mtd(m);
	struct cfi_info in;
	uint32_t nblocks = mtd_block_count(m);

	cfi_get_info(f, &in);
	printf("\nBank # %d: %s %s flash (%u x %u)  Size: ", n, in.method,
	       in.part ? in.part : "conformant", in.bankwidth * 8, in.chiptype * 8);
	print_size(in.size, "");
	printf(" in %lu Sectors\n", (unsigned long)nblocks);
	printf("  %s command set, Manufacturer ID: 0x%02lX (%s), Device ID: 0x%04lX\n", in.cmdset_name,
	       (unsigned long)in.manuf_id, in.manufacturer, (unsigned long)in.device_id);
	printf("  Chips: %u x%u interleaved on a %u-bit bus, %lu erase region(s):", in.interleave,
	       in.chiptype * 8, in.bankwidth * 8, (unsigned long)in.nregions);
	for (unsigned int r = 0; r < in.nregions; r++)
		printf(" %lu x %luK", (unsigned long)in.regions[r].numblocks,
		       (unsigned long)(in.regions[r].erasesize >> 10));
	printf("\n  Erase timeout: %llu ms, write timeout: %lu us\n",
	       (unsigned long long)(in.tmo_erase_us / 1000), (unsigned long)in.tmo_word_us);
	if (in.wbufsize)
		printf("  Buffer write timeout: %lu us, buffer size: %lu bytes\n",
		       (unsigned long)in.tmo_buf_us, (unsigned long)in.wbufsize);
	printf("\n  Sector Start Addresses:");
	for (uint32_t i = 0; i < nblocks; i++) {
		uint64_t start;
		uint32_t size;
		mtd_block_get(m, i, &start, &size);
		if (i % 5 == 0)
			printf("\n  ");
		printf("%08lX %s  ", (unsigned long)(m->mapped + start),
		       mtd_is_protected(m, start, size) ? "RO" : "  ");
		if (ctrlc())
			break;
	}
	printf("\n");
}

static int do_flinfo(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	struct mtd_info *m;

	(void)cmd;
	if (argc > 1) {
		unsigned long n;
		if (parse_ulong(argv[1], &n) || !(m = nor_bank((int)n))) {
			printf("Only NOR banks # 1 ... %d exist\n", 1);
			return 1;
		}
		flinfo_bank((int)n, m);
		return 0;
	}
	if (!nor_bank(1)) {
		printf("No NOR flash found\n");
		return 1;
	}
	for (int n = 1; (m = nor_bank(n)); n++)
		flinfo_bank(n, m);
	return 0;
}

/* A span of sectors of one bank */
struct nor_span {
	struct mtd_info *m;
	int bank;
	uint64_t off, len;
	bool whole; /* from "bank N" / "all": protected sectors are skipped, not refused */
};

/* Decimal digits only (strtoul would take "", "+3" or " 3" too); -1 when there are none. */
static int parse_dec(const char *s, char **end, unsigned long *v)
{
	if (*s < '0' || *s > '9')
		return -1;
	*v = strtoul(s, end, 10);
	return 0;
}

/* N:SF[-SL], decimal as in U-Boot; 0, or 1 for a bad one (not printed) */
static int parse_sectors(const char *arg, struct nor_span *sp)
{
	char *e;
	unsigned long n, sf, sl;
	uint64_t s0, s1;
	uint32_t z0, z1;

	if (parse_dec(arg, &e, &n) || *e != ':' || !(sp->m = nor_bank((int)n)))
		return 1;
	if (parse_dec(e + 1, &e, &sf))
		return 1;
	sl = sf;
	if (*e == '-' && parse_dec(e + 1, &e, &sl))
		return 1;
	if (*e || sl < sf || sl >= mtd_block_count(sp->m))
		return 1;
	mtd_block_get(sp->m, (uint32_t)sf, &s0, &z0);
	mtd_block_get(sp->m, (uint32_t)sl, &s1, &z1);
	sp->bank = (int)n;
	sp->off = s0;
	sp->len = s1 + z1 - s0;
	return 0;
}

/* start end | start +len on CPU addresses: 0, 1 printed, 2 bad (not printed) */
static int parse_addrs(const char *start, const char *end_arg, struct nor_span *sp)
{
	unsigned long a, b;
	uint64_t end;

	if (parse_ulong(start, &a))
		return 2;
	sp->m = nor_at(a, &sp->bank);
	if (!sp->m) {
		cmd_err("0x%08lx is not in any NOR flash bank (see flinfo)", a);
		return 1;
	}
	sp->off = a - sp->m->mapped;
	if (end_arg[0] == '+') {
		/* +len: rounded up to the end of the sector it ends in */
		if (parse_ulong(end_arg + 1, &b) || !b)
			return 2;
		end = sp->off + b;
		if (end > sp->m->size)
			goto range;
		while (!mtd_is_erase_aligned(sp->m, end))
			end++;
		sp->len = end - sp->off;
	} else {
		if (parse_ulong(end_arg, &b) || b < a)
			return 2;
		if (b - sp->m->mapped >= sp->m->size)
			goto range;
		sp->len = b - a + 1;
	}
	if (!mtd_is_erase_aligned(sp->m, sp->off) || !mtd_is_erase_aligned(sp->m, sp->off + sp->len)) {
		printf("Error: start and/or end address not on sector boundary\n");
		return 1;
	}
	return 0;
range:
	cmd_err("range ends beyond NOR bank # %d", sp->bank);
	return 1;
}

/* start end | start +len | N:SF[-SL] | bank N ; returns 0, -1 for usage, or prints and returns 1 */
static int parse_span(int argc, char *const argv[], struct nor_span *sp)
{
	unsigned long n;
	int r;

	memset(sp, 0, sizeof(*sp));
	if (argc == 3 && !strcmp(argv[1], "bank")) {
		if (parse_ulong(argv[2], &n) || !(sp->m = nor_bank((int)n))) {
			cmd_err("no NOR bank '%s'", argv[2]);
			return 1;
		}
		sp->bank = (int)n;
		sp->len = sp->m->size;
		sp->whole = true;
		return 0;
	}
	if (argc == 2 && strchr(argv[1], ':'))
		r = parse_sectors(argv[1], sp) ? 2 : 0;
	else if (argc != 3)
		return -1;
	else
		r = parse_addrs(argv[1], argv[2], sp);
	if (r == 2) {
		cmd_err("bad address or sector specification");
		return 1;
	}
	return r;
}

static int erase_whole(struct mtd_info *m)
{
	uint32_t n = mtd_block_count(m), prot = 0, done = 0;

	for (uint32_t i = 0; i < n; i++) {
		uint64_t s;
		uint32_t z;
		int ret;
		mtd_block_get(m, i, &s, &z);
		if (mtd_is_protected(m, s, z)) {
			prot++;
			continue;
		}
		ret = mtd_erase(m, s, z);
		if (ret) {
			printf("\n");
			return cmd_mtd_error("erase", m, s, ret);
		}
		done++;
		printf(".");
		if (done % 64 == 0)
			printf("\n");
		if (ctrlc()) {
			printf("\n<INTERRUPT>\n");
			return 1;
		}
	}
	if (prot)
		printf("\n- Warning: %lu protected sectors were not erased!", (unsigned long)prot);
	printf(" done\nErased %lu sectors\n", (unsigned long)done);
	return 0;
}

static int do_erase(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	struct nor_span sp;
	int r;

	(void)cmd;
	if (argc == 2 && !strcmp(argv[1], "all")) {
		struct mtd_info *m;
		int ret = 0;
		for (int n = 1; (m = nor_bank(n)); n++) {
			printf("Erase Flash Bank # %d ", n);
			ret |= erase_whole(m);
		}
		return ret;
	}
	r = parse_span(argc, argv, &sp);
	if (r)
		return r < 0 ? CMD_RET_USAGE : 1;
	if (sp.whole) {
		printf("Erase Flash Bank # %d ", sp.bank);
		return erase_whole(sp.m);
	}
	printf("Erase Flash from 0x%08lx to 0x%08lx in Bank # %d\n",
	       (unsigned long)(sp.m->mapped + sp.off),
	       (unsigned long)(sp.m->mapped + sp.off + sp.len - 1), sp.bank);
	return cmd_mtd_erase(sp.m, sp.off, sp.len);
}

static int protect_span(struct mtd_info *m, uint64_t off, uint64_t len, bool on)
{
	int ret = mtd_protect(m, off, len, on);
	uint32_t n = 0;

	if (ret)
		return cmd_mtd_error(on ? "protect" : "unprotect", m, off, ret);
	/* chips with lock bits are locked too; QEMU's pflash ignores them */
	ret = on ? mtd_lock(m, off, len) : mtd_unlock(m, off, len);
	if (ret && ret != -EOPNOTSUPP && ret != -EROFS)
		return cmd_mtd_error(on ? "lock" : "unlock", m, off, ret);
	for (uint64_t o = off; o < off + len; o += mtd_erasesize_at(m, o))
		n++;
	printf("%s %lu sectors\n", on ? "Protected" : "Un-Protected", (unsigned long)n);
	return 0;
}

static int do_protect(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	struct nor_span sp;
	bool on;
	int r;

	(void)cmd;
	if (argc < 3)
		return CMD_RET_USAGE;
	if (!strcmp(argv[1], "on"))
		on = true;
	else if (!strcmp(argv[1], "off"))
		on = false;
	else
		return CMD_RET_USAGE;
	if (argc == 3 && !strcmp(argv[2], "all")) {
		struct mtd_info *m;
		for (int n = 1; (m = nor_bank(n)); n++)
			if (protect_span(m, 0, m->size, on))
				return 1;
		return 0;
	}
	r = parse_span(argc - 1, argv + 1, &sp);
	if (r)
		return r < 0 ? CMD_RET_USAGE : 1;
	return protect_span(sp.m, sp.off, sp.len, on);
}


/* ------------------------------------------------------------------ nor */

static struct mtd_info *nor_need_dev(void)
{
	struct mtd_info *dev = cmd_dev_current(&nor_cur);

	if (!dev)
		cmd_err("no NOR flash");
	return dev;
}

static int do_nor_info(int argc, char *const argv[])
{
	(void)argc;
	return do_flinfo(NULL, 1, argv);
}

static int do_nor_device(int argc, char *const argv[])
{
	struct mtd_info *dev = cmd_dev_current(&nor_cur);

	if (argc < 2) {
		printf("Device %d: %s\n", nor_cur.cur, dev ? dev->name : "none");
		return 0;
	}
	if (cmd_dev_select(&nor_cur, argv[1])) {
		cmd_err("no NOR device %s", argv[1]);
		return 1;
	}
	printf("Device %d: %s\n", nor_cur.cur, cmd_dev_current(&nor_cur)->name);
	return 0;
}

/* read|write addr off|partition size */
static int do_nor_rw(int argc, char *const argv[])
{
	struct mtd_info *dev = nor_need_dev(), *m;
	bool wr = argv[0][0] == 'w';
	uint64_t off, size;
	unsigned long addr;

	if (!dev || cmd_mtd_addr(argv[1], &addr))
		return 1;
	if (cmd_mtd_target(dev, argc, argv, 2, false, &m, &off, &size))
		return 1;
	if (mtd_master(m)->type != MTD_NORFLASH) {
		cmd_err("%s is not on NOR flash", m->name);
		return 1;
	}
	if (wr && mtd_is_protected(m, off, size)) {
		cmd_err("%s 0x%llx+0x%llx is protected ('nor protect off' first)", m->name,
			(unsigned long long)off, (unsigned long long)size);
		return 1;
	}
	return cmd_mtd_io(m, wr, addr, off, size, wr && size >= SZ_64K);
}

/* erase off|partition [size] | erase.part partition */
static int do_nor_erase(int argc, char *const argv[])
{
	struct mtd_info *dev = nor_need_dev(), *m;
	bool part = !strcmp(argv[0], "erase.part");
	uint64_t off, size;

	if (!dev)
		return 1;
	if (cmd_mtd_target(dev, argc, argv, 1, part, &m, &off, &size))
		return 1;
	if (part && m->parent == NULL) {
		cmd_err("'%s' is not a partition", argv[1]);
		return 1;
	}
	return cmd_mtd_erase(m, off, size);
}

/* protect on|off off|partition [size] */
static int do_nor_protect(int argc, char *const argv[])
{
	struct mtd_info *dev = nor_need_dev(), *m;
	uint64_t off, size;

	if (strcmp(argv[1], "on") && strcmp(argv[1], "off"))
		return CMD_RET_USAGE;
	if (!dev || cmd_mtd_target(dev, argc, argv, 2, false, &m, &off, &size))
		return 1;
	if (!mtd_is_erase_aligned(m, off) || !mtd_is_erase_aligned(m, off + size)) {
		printf("Error: start and/or end address not on sector boundary\n");
		return 1;
	}
	return protect_span(m, off, size, argv[1][1] == 'n');
}

/* flashboot's own command (U-Boot has none): whole names only */
// clang-format off
static const struct cmd_sub nor_subs[] = {
	{ "info", 1, 0, 0, false, do_nor_info, false },
	{ "device", 1, 0, 0, false, do_nor_device, false },
	{ "read", 3, 0, 0, false, do_nor_rw, false },
	{ "write", 3, 0, 0, false, do_nor_rw, false },
	{ "erase", 1, 0, 0, false, do_nor_erase, false },
	{ "erase.part", 1, 0, 0, false, do_nor_erase, false },
	{ "protect", 3, 0, 0, false, do_nor_protect, false },
};
// clang-format on

static int do_nor(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	(void)cmd;
	return CMD_SUB_RUN(nor_subs, 0, argc, argv);
}

CMD(flinfo, 2, do_flinfo, "print FLASH memory information", "[bank]");
CMD(erase, 3, do_erase, "erase FLASH memory",
    "start end\n    - erase FLASH from addr 'start' to addr 'end'\n"
    "erase start +len\n    - erase FLASH from addr 'start' to the end of sect w/addr 'start'+'len'-1\n"
    "erase N:SF[-SL]\n    - erase sectors SF-SL in FLASH bank # N\n"
    "erase bank N\n    - erase FLASH bank # N\nerase all\n    - erase all FLASH banks");
CMD(protect, 4, do_protect, "enable or disable FLASH write protection",
    "on|off start end\nprotect on|off start +len\nprotect on|off N:SF[-SL]\n"
    "protect on|off bank N\nprotect on|off all");
CMD(nor, 5, do_nor, "NOR flash sub-system (offsets or partition names, like nand)",
    "info - show available NOR devices\n"
    "nor device [dev] - show or set current device\n"
    "nor read  addr off|partition size\n"
    "nor write addr off|partition size\n"
    "    read/write 'size' bytes starting at offset 'off' to/from memory address 'addr'\n"
    "nor erase off|partition [size]\n"
    "nor erase.part partition\n"
    "nor protect on|off off|partition [size]");

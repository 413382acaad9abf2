/* The fdt command with U-Boot's syntax: working tree (env fdtaddr), print/list, get/set, mknode/rm, resize, header, chosen, boardsetup. */
#include <stdlib.h>
#include "board.h"
#include "bootm.h"
#include "command.h"
#include "cmd_boot.h"
#include "console.h"
#include "env.h"
#include "fdt_fixup.h"
#include "fdt_util.h"

#define FDT_PRINT_MAX 64 /* longer cells/bytes are summarised, as U-Boot does */
#define FDT_MAX_DEPTH 32

static void fdt_err(const char *what, int err)
{
	printf("libfdt %s: %s\n", what, fdt_strerror(err));
}

/* Errors of our fixup helpers (negative errno). */
static void fixup_err(const char *what, int err)
{
	const char *msg = "failed";

	switch (err) {
	case -ENOSPC:
		msg = "the tree is full (FDT_ERR_NOSPACE), make room with 'fdt resize'";
		break;
	case -ERANGE:
		msg = "a value does not fit the tree's #address-cells/#size-cells";
		break;
	case -EINVAL:
		msg = "corrupt or invalid device tree";
		break;
	case -ENOENT:
		msg = "node not found";
		break;
	}
	cmd_err("%s: %s", what, msg);
}

static int get_fdtaddr(unsigned long *addr)
{
	const char *s = env_get("fdtaddr");

	if (!s || parse_ulong(s, addr)) {
		cmd_err("no working FDT, set one with 'fdt addr <addr>'");
		return -ENOENT;
	}
	return 0;
}

/*
 * Room a tree may be written in: RAM only. A tree in memory-mapped NOR reads
 * fine, but libfdt's stores would reach the chip as commands (0x20 then 0xd0
 * erases a block).
 */
static int check_write(unsigned long addr, unsigned long len)
{
	bool ram = false;

	if (addr_check_write(addr, len))
		return -EFAULT;
	for (int i = 0; i < board->nmemmap; i++) {
		const struct mem_region *m = &board->memmap[i];
		if (m->attr == MEM_RAM && addr >= m->base && addr - m->base < m->size &&
		    len <= m->size - (addr - m->base))
			ram = true;
	}
	if (!ram) {
		cmd_err("0x%08lx..0x%08lx is not in RAM: copy the tree to RAM (cp.b) to change it", addr,
			addr + len - 1);
		return -EFAULT;
	}
	return 0;
}

/* Check a blob's header and that its totalsize lies in readable (or writable) RAM. */
static void *check_blob(unsigned long addr, bool write, bool quiet)
{
	void *fdt = (void *)addr;
	int ret;

	if (addr_check_read(addr, sizeof(struct fdt_header)))
		return NULL;
	ret = fdt_check_header(fdt);
	if (ret) {
		if (!quiet)
			fdt_err("fdt_check_header()", ret);
		return NULL;
	}
	if (write ? check_write(addr, fdt_totalsize(fdt)) : addr_check_read(addr, fdt_totalsize(fdt)))
		return NULL;
	/* a corrupt structure block could send every walk below round for ever */
	if (fdt_check_struct(fdt) < 0) {
		if (!quiet)
			cmd_err("the device tree at 0x%08lx has a corrupt structure block", addr);
		return NULL;
	}
	return fdt;
}

/* fdt_open_into() after the check it lacks (a bad reserve map gives it a negative size). */
static int open_into(void *fdt, unsigned long len)
{
	int ret = fdt_num_mem_rsv(fdt);

	if (ret < 0) {
		fdt_err("fdt_num_mem_rsv()", ret);
		return ret;
	}
	ret = fdt_open_into(fdt, fdt, (int)len);
	if (ret)
		fdt_err("fdt_open_into()", ret);
	return ret;
}

static void *working_fdt(bool write)
{
	unsigned long addr;

	if (get_fdtaddr(&addr))
		return NULL;
	return check_blob(addr, write, false);
}

#ifdef CONFIG_FIT
/* "fdt addr <addr>:<fdt>" / "<addr>#<conf>": the checked fdt sub-image of a FIT; its address or 0. */
static unsigned long fit_fdt_addr(const char *arg)
{
	static struct boot_state bs;
	static char name[64];
	struct fit_ref ref;
	bool named;

	memset(&bs, 0, sizeof(bs));
	if (fit_ref_parse(arg, 0, &ref, name, sizeof(name), &named))
		return 0;
	if (boot_fit_fdt(&bs, &ref)) {
		cmd_err("%s", bs.err);
		return 0;
	}
#ifdef IMAGE_DECOMPRESS /* (without, boot_fit_fdt() refused it: no decompressor) */
	if (bs.req.fdt_comp != IH_COMP_NONE) {
		/* fdt addr works on a tree where it lies; bootm decompresses one to where it places it */
		cmd_err("fdt image '%s' is %s compressed (0x%lx bytes at 0x%08lx); fdt addr needs the tree itself: %s",
			bs.fit_fdt.image, bs.fit_fdt.comp_name, (unsigned long)bs.fit_fdt.size,
			(unsigned long)bs.req.fdt,
			bs.req.fdt_comp == IH_COMP_GZIP   ? "unzip it to RAM and use that address"
			: bs.req.fdt_comp == IH_COMP_LZMA ? "lzmadec it to RAM and use that address"
							  : "only bootm decompresses it");
		return 0;
	}
#endif
	if (bs.req.fdt % 8) {
		/* libfdt wants 8-byte aligned trees */
		cmd_err("fdt image '%s' at 0x%08lx is not 8-byte aligned; copy its 0x%lx bytes (cp.b) to an aligned address",
			bs.fit_fdt.image, (unsigned long)bs.req.fdt, (unsigned long)bs.fit_fdt.size);
		return 0;
	}
	printf("## FIT fdt image '%s' (%s) at %08lx\n", bs.fit_fdt.image,
	       bs.fit_fdt.hashes[0] ? bs.fit_fdt.hashes : "no hashes", (unsigned long)bs.req.fdt);
	return bs.req.fdt;
}
#endif

static int do_addr(int argc, char *const argv[])
{
	unsigned long addr, len = 0;
	bool quiet = false, control = false;
	void *fdt;
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		for (const char *f = argv[i] + 1; *f; f++) {
			if (*f == 'c')
				control = true;
			else if (*f == 'q')
				quiet = true;
			else
				return CMD_RET_USAGE;
		}
	}
	if (control) {
		if (!quiet)
			cmd_err("flashboot has no control FDT (only the working one)");
		return 1;
	}
	if (i == argc) {
		if (get_fdtaddr(&addr))
			return 1;
		printf("Working fdt: %08lx\n", addr);
		return 0;
	}
#ifdef CONFIG_FIT
	if (argc - i == 1 && strpbrk(argv[i], "#:")) {
		addr = fit_fdt_addr(argv[i]);
		if (!addr)
			return 1;
	} else
#endif
		if (argc - i > 2 || parse_ulong(argv[i], &addr) ||
		    (argc - i == 2 && parse_ulong(argv[i + 1], &len)))
		return CMD_RET_USAGE;
	fdt = check_blob(addr, false, quiet);
	if (!fdt)
		return 1;
	if (len) {
		if (len < fdt_totalsize(fdt)) {
			cmd_err("new length 0x%lx is smaller than the tree (0x%lx)", len,
				(unsigned long)fdt_totalsize(fdt));
			return 1;
		}
		if (check_write(addr, len))
			return 1;
		if (len > 0x7ffffff8ul) {
			cmd_err("0x%lx is too large for a device tree", len);
			return 1;
		}
		if (open_into(fdt, len))
			return 1;
	}
	env_set_hex("fdtaddr", addr);
	printf("Working FDT set to %lx\n", addr);
	return 0;
}

static void indent(int level)
{
	for (int i = 0; i < level; i++)
		printf("\t");
}

static void print_prop(const char *name, const void *data, int len, int level)
{
	enum fdt_value_kind kind = fdt_value_kind(data, len);
	const uint8_t *b = data;

	indent(level);
	if (kind == FDT_VAL_EMPTY) {
		printf("%s;\n", name);
		return;
	}
	printf("%s = ", name);
	if (kind == FDT_VAL_STRINGS) {
		for (int i = 0; i < len; i += (int)strlen((const char *)b + i) + 1)
			printf("%s\"%s\"", i ? ", " : "", (const char *)b + i);
	} else if (len > FDT_PRINT_MAX) {
		printf("* 0x%08lx [0x%08x]", (unsigned long)(uintptr_t)data, len);
	} else if (kind == FDT_VAL_CELLS) {
		for (int i = 0; i < len; i += 4)
			printf("%s0x%08lx", i ? " " : "<",
			       (unsigned long)((uint32_t)b[i] << 24 | (uint32_t)b[i + 1] << 16 |
					       (uint32_t)b[i + 2] << 8 | b[i + 3]));
		printf(">");
	} else {
		for (int i = 0; i < len; i++)
			printf("%s%02x", i ? " " : "[", b[i]);
		printf("]");
	}
	printf(";\n");
}

/* Print a node, its properties and children down to maxdepth levels. */
static int print_node(const void *fdt, int node, int level, int maxdepth)
{
	const char *name = node ? fdt_get_name(fdt, node, NULL) : "/";
	int prop, child;

	if (!name)
		return -FDT_ERR_BADSTRUCTURE;
	indent(level);
	printf("%s {\n", name);
	fdt_for_each_property_offset (prop, fdt, node) {
		const char *pname;
		int len;
		const void *data = fdt_getprop_by_offset(fdt, prop, &pname, &len);
		if (!data)
			return len;
		print_prop(pname, data, len, level + 1);
	}
	if (prop != -FDT_ERR_NOTFOUND)
		return prop;
	fdt_for_each_subnode (child, fdt, node) {
		int ret;
		if (ctrlc())
			return 1; /* not a libfdt code */
		if (level + 1 < maxdepth) {
			ret = print_node(fdt, child, level + 1, maxdepth);
			if (ret)
				return ret;
		} else {
			const char *cname = fdt_get_name(fdt, child, NULL);
			indent(level + 1);
			printf("%s {\n", cname ? cname : "?");
			indent(level + 1);
			printf("};\n");
		}
	}
	if (child != -FDT_ERR_NOTFOUND)
		return child;
	indent(level);
	printf("};\n");
	return 0;
}

static int find_node(const void *fdt, const char *path)
{
	int node = fdt_path_offset(fdt, path);

	if (node < 0)
		fdt_err("fdt_path_offset()", node);
	return node;
}

/* The working tree (*fdtp) and the node at path in it; a negative node once the error is printed. */
static int working_node(bool write, const char *path, void **fdtp)
{
	*fdtp = working_fdt(write);
	return *fdtp ? find_node(*fdtp, path) : -1;
}

/* A libfdt call's result as a command's: 1 with the error printed when it is negative. */
static int fdt_result(const char *what, int ret)
{
	if (ret < 0) {
		fdt_err(what, ret);
		return 1;
	}
	return 0;
}

static int do_print(int argc, char *const argv[], int maxdepth)
{
	void *fdt;
	int node, ret;

	if (argc > 3)
		return CMD_RET_USAGE;
	node = working_node(false, argc > 1 ? argv[1] : "/", &fdt);
	if (node < 0)
		return 1;
	if (argc > 2) {
		int len;
		const void *data = fdt_getprop(fdt, node, argv[2], &len);
		if (!data) {
			fdt_err("fdt_getprop()", len);
			return 1;
		}
		print_prop(argv[2], data, len, 0);
		return 0;
	}
	ret = print_node(fdt, node, 0, maxdepth);
	if (ret == 1) {
		printf("<INTERRUPT>\n");
		return 1;
	}
	if (ret) {
		fdt_err("print", ret);
		return 1;
	}
	return 0;
}

/* fdt get value <var> <path> <prop> [index] | fdt get size <var> <path> [prop] */
static int do_get(int argc, char *const argv[])
{
	char buf[512];
	const void *data;
	void *fdt;
	int node, len, index = -1, ret;

	if (argc < 4)
		return CMD_RET_USAGE;
	node = working_node(false, argv[3], &fdt);
	if (node < 0)
		return 1;
	if (!strcmp(argv[1], "size")) {
		int n = 0, child;
		if (argc > 5)
			return CMD_RET_USAGE;
		if (argc == 5) {
			if (!fdt_getprop(fdt, node, argv[4], &len)) {
				fdt_err("fdt_getprop()", len);
				return 1;
			}
			return env_set_hex(argv[2], (unsigned long)len) ? 1 : 0;
		}
		fdt_for_each_subnode (child, fdt, node)
			n++;
		return env_set_hex(argv[2], (unsigned long)n) ? 1 : 0;
	}
	if (strcmp(argv[1], "value") || argc < 5 || argc > 6)
		return CMD_RET_USAGE;
	if (argc == 6) {
		char *end;
		long v = strtol(argv[5], &end, 10);
		if (*end || v < 0 || v > 0xffff)
			return CMD_RET_USAGE;
		index = (int)v;
	}
	data = fdt_getprop(fdt, node, argv[4], &len);
	if (!data) {
		fdt_err("fdt_getprop()", len);
		return 1;
	}
	ret = fdt_value_format(data, len, index, buf, sizeof(buf));
	if (ret == -ENOENT) {
		cmd_err("index %d is past the end of %s", index, argv[4]);
		return 1;
	}
	if (ret) {
		cmd_err("value of %s is too long for a variable", argv[4]);
		return 1;
	}
	if (env_set(argv[2], buf) == -EINVAL) {
		cmd_err("illegal character in variable name \"%s\"", argv[2]);
		return 1;
	}
	return 0;
}

static int do_set(int argc, char *const argv[])
{
	const char *bad;
	void *fdt, *buf;
	int node, len, ret;

	if (argc < 3)
		return CMD_RET_USAGE;
	node = working_node(true, argv[1], &fdt);
	if (node < 0)
		return 1;
	len = fdt_value_parse(argc - 3, argv + 3, NULL, 0, &bad);
	buf = len >= 0 ? malloc(len ? (size_t)len : 1) : NULL;
	if (buf)
		len = fdt_value_parse(argc - 3, argv + 3, buf, (size_t)len, &bad);
	if (len < 0 || !buf) {
		if (len == -EINVAL)
			cmd_err("bad value at \"%s\" (<cells>, [hex bytes] or strings)", bad ? bad : "");
		else
			cmd_err("value too large");
		free(buf);
		return 1;
	}
	ret = fdt_setprop(fdt, node, argv[2], buf, len);
	free(buf);
	return fdt_result("fdt_setprop()", ret);
}

static int do_mknode(int argc, char *const argv[])
{
	void *fdt;
	int node;

	if (argc != 3)
		return CMD_RET_USAGE;
	node = working_node(true, argv[1], &fdt);
	if (node < 0)
		return 1;
	return fdt_result("fdt_add_subnode()", fdt_add_subnode(fdt, node, argv[2]));
}

static int do_rm(int argc, char *const argv[])
{
	void *fdt;
	int node;

	if (argc < 2 || argc > 3)
		return CMD_RET_USAGE;
	node = working_node(true, argv[1], &fdt);
	if (node < 0)
		return 1;
	if (argc == 3)
		return fdt_result("fdt_delprop()", fdt_delprop(fdt, node, argv[2]));
	if (node == 0) {
		cmd_err("the root node cannot be removed");
		return 1;
	}
	return fdt_result("fdt_del_node()", fdt_del_node(fdt, node));
}

/* Pack the tree, then give it extrasize free bytes, ending on a 4 KiB boundary. */
static int do_resize(int argc, char *const argv[])
{
	unsigned long addr, extra = 0;
	uint64_t end;
	void *fdt;
	int ret;

	if (argc > 2 || (argc == 2 && parse_ulong(argv[1], &extra)))
		return CMD_RET_USAGE;
	if (get_fdtaddr(&addr))
		return 1;
	fdt = check_blob(addr, true, false);
	if (!fdt)
		return 1;
	/* refuse before packing: a failed resize must not take the free space away */
	if (extra > 0x7ffffff8ul - fdt_totalsize(fdt)) {
		cmd_err("0x%lx is too large for a device tree", extra);
		return 1;
	}
	ret = fdt_num_mem_rsv(fdt);
	if (ret >= 0)
		ret = fdt_pack(fdt);
	if (ret < 0) {
		fdt_err("fdt_pack()", ret);
		return 1;
	}
	end = ALIGN_UP((uint64_t)addr + fdt_totalsize(fdt) + extra, (uint64_t)SZ_4K);
	if (end - addr > 0x7ffffff8ul) {
		cmd_err("0x%lx is too large for a device tree", extra);
		return 1;
	}
	if (check_write(addr, (unsigned long)(end - addr)))
		return 1;
	return open_into(fdt, (unsigned long)(end - addr)) ? 1 : 0;
}

static int do_header(const void *fdt)
{
	int rsv = fdt_num_mem_rsv(fdt);

	printf("magic:\t\t\t0x%lx\n", (unsigned long)fdt_magic(fdt));
	printf("totalsize:\t\t0x%lx (%lu)\n", (unsigned long)fdt_totalsize(fdt),
	       (unsigned long)fdt_totalsize(fdt));
	printf("off_dt_struct:\t\t0x%lx\n", (unsigned long)fdt_off_dt_struct(fdt));
	printf("off_dt_strings:\t\t0x%lx\n", (unsigned long)fdt_off_dt_strings(fdt));
	printf("off_mem_rsvmap:\t\t0x%lx\n", (unsigned long)fdt_off_mem_rsvmap(fdt));
	printf("version:\t\t%lu\n", (unsigned long)fdt_version(fdt));
	printf("last_comp_version:\t%lu\n", (unsigned long)fdt_last_comp_version(fdt));
	if (fdt_version(fdt) >= 2)
		printf("boot_cpuid_phys:\t0x%lx\n", (unsigned long)fdt_boot_cpuid_phys(fdt));
	if (fdt_version(fdt) >= 3)
		printf("size_dt_strings:\t0x%lx\n", (unsigned long)fdt_size_dt_strings(fdt));
	if (fdt_version(fdt) >= 17)
		printf("size_dt_struct:\t\t0x%lx\n", (unsigned long)fdt_size_dt_struct(fdt));
	if (rsv < 0) {
		fdt_err("fdt_num_mem_rsv()", rsv);
		return 1;
	}
	printf("number mem_rsv:\t\t0x%x\n", rsv);
	return 0;
}

/*
 * The environment's boot settings as bootz/bootm read them, with bootargs
 * built as they build it (mtdparts= translated through mtdids, or the table
 * in force with bootargs_mtdparts=1) and the same warnings printed; NULL,
 * with the error printed, when the command line cannot be built.
 */
static const struct boot_state *boot_settings(const char *what)
{
	static struct boot_state bs;

	memset(&bs, 0, sizeof(bs));
	boot_req_from_env(&bs.req);
	bs.req.has_fdt = true;
	if (boot_prepare_cmdline(&bs)) {
		cmd_err("%s: %s", what, bs.err);
		return NULL;
	}
	boot_print_cmdline_notes(&bs);
	return &bs;
}

static int do_chosen(int argc, char *const argv[])
{
	const struct boot_state *bs;
	const char *bootargs;
	unsigned long start, end;
	void *fdt;
	int ret;

	if (argc != 1 && argc != 3)
		return CMD_RET_USAGE;
	if (argc == 3 && (parse_ulong(argv[1], &start) || parse_ulong(argv[2], &end)))
		return CMD_RET_USAGE;
	if (argc == 3 && start > end) {
		cmd_err("initrd_start 0x%lx is after initrd_end 0x%lx", start, end);
		return 1;
	}
	fdt = working_fdt(true);
	if (!fdt)
		return 1;
	bs = boot_settings("fdt chosen");
	if (!bs)
		return 1;
	bootargs = bs->kernel_cmdline;
	if (bootargs) {
		ret = fdt_fixup_bootargs(fdt, bootargs);
	} else {
		ret = fdt_subnode_offset(fdt, 0, "chosen");
		if (ret == -FDT_ERR_NOTFOUND)
			ret = fdt_add_subnode(fdt, 0, "chosen");
		ret = ret < 0 ? fdt_errno(ret) : 0;
	}
	if (!ret && argc == 3)
		ret = fdt_fixup_initrd(fdt, start, end);
	if (ret) {
		fixup_err("fdt chosen", ret);
		return 1;
	}
	return 0;
}

/* The boot fixups on the working tree, inside its current totalsize. */
static int do_boardsetup(void)
{
	struct fdt_boot_info info;
	const struct boot_state *bs;
	void *fdt = working_fdt(true);
	int ret;

	if (!fdt)
		return 1;
	bs = boot_settings("fdt boardsetup");
	if (!bs)
		return 1;
	boot_fdt_info(bs, &info);
	info.bootargs = bs->kernel_cmdline;
	ret = fdt_fixup_for_boot(fdt, fdt_totalsize(fdt), &info);
	if (ret) {
		fixup_err("fdt boardsetup", ret);
		return 1;
	}
	return 0;
}

static int do_fdt_print(int argc, char *const argv[])
{
	return do_print(argc, argv, FDT_MAX_DEPTH);
}

static int do_fdt_list(int argc, char *const argv[])
{
	return do_print(argc, argv, 1);
}

static int do_fdt_header(int argc, char *const argv[])
{
	void *fdt = working_fdt(false);

	(void)argc;
	(void)argv;
	return fdt ? do_header(fdt) : 1;
}

static int do_fdt_boardsetup(int argc, char *const argv[])
{
	(void)argc;
	(void)argv;
	return do_boardsetup();
}

/* U-Boot's fdt takes the first letters of each name (`fdt ad`, `fdt p`, `fdt mk`, `fdt cho`) */
static const struct cmd_sub fdt_subs[] = {
	{ "addr", 1, 0, 2, false, do_addr, false },
	{ "print", 1, 0, 1, false, do_fdt_print, false },
	{ "list", 1, 0, 1, false, do_fdt_list, false },
	{ "get", 1, 0, 1, false, do_get, false },
	{ "set", 1, 0, 1, false, do_set, false },
	{ "mknode", 1, 0, 2, false, do_mknode, false }, /* mknod too */
	{ "rm", 1, 0, 2, false, do_rm, false },
	{ "resize", 1, 0, 2, false, do_resize, false },
	{ "header", 1, 1, 1, false, do_fdt_header, false },
	{ "chosen", 1, 0, 3, false, do_chosen, false },
	{ "boardsetup", 1, 1, 3, false, do_fdt_boardsetup, false },
};

static int do_fdt(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	(void)cmd;
	return CMD_SUB_RUN(fdt_subs, 0, argc, argv);
}

CMD(fdt, 0, do_fdt, "flattened device tree utility commands",
    "addr [-c] [-q] [addr [len]]\n"
    "    - show or set the working tree (env fdtaddr); len grows it\n"
    "fdt print <path> [prop]\n    - recursive print starting at <path>\n"
    "fdt list <path> [prop]\n    - print one level starting at <path>\n"
    "fdt get value <var> <path> <prop> [index]\n    - store a property (or one string/cell) in <var>\n"
    "fdt get size <var> <path> [prop]\n    - store the size of <prop> or the number of subnodes\n"
    "fdt set <path> <prop> [value]\n    - set a property: <1 2 0x3> cells, [00 11] bytes, \"str\" \"str2\"\n"
    "fdt mknode <path> <node>\n    - create a subnode\n"
    "fdt rm <path> [prop]\n    - delete a node or a property\n"
    "fdt resize [extrasize]\n    - pack the tree and add extrasize bytes (end 4 KiB aligned)\n"
    "fdt header\n    - show the header\n"
    "fdt chosen [initrd_start initrd_end]\n    - /chosen/bootargs from env bootargs, initrd range\n"
    "fdt boardsetup\n    - apply the boot fixups (memory, chosen, phram, mtd aliases)");

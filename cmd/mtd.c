/* U-Boot's generic `mtd` command: list, read, write, erase, dump, bad on any registered device. */
#include <stdlib.h>
#include "cmd_mtd.h"
#include "command.h"
#include "console.h"
#include "env.h"

static void mtd_list_one(struct mtd_info *m)
{
	printf("* %s\n  - type: %s\n  - block size: 0x%lx bytes\n  - min I/O: 0x%lx bytes\n", m->name,
	       mtd_type_str(m), (unsigned long)m->erasesize, (unsigned long)m->writesize);
	if (m->oobsize)
		printf("  - OOB size: %lu bytes\n", (unsigned long)m->oobsize);
	printf("  - 0x%012llx-0x%012llx : \"%s\"\n", 0ull, (unsigned long long)m->size, m->name);
	for (struct mtd_info *p = mtd_first(); p; p = p->next)
		if (p->parent == m)
			printf("\t  - 0x%012llx-0x%012llx : \"%s\"%s\n", (unsigned long long)p->offset,
			       (unsigned long long)(p->offset + p->size), p->name,
			       p->flags & MTD_RO ? " (read-only)" : "");
}

/* NAND data moves skip bad blocks as U-Boot's mtd read/write do. */
static bool skips_bad(const struct mtd_info *m)
{
	return m->type == MTD_NANDFLASH;
}

int cmd_mtd_io(struct mtd_info *m, bool write, uintptr_t addr, uint64_t off, uint64_t size, bool show)
{
	struct cmd_progress prog;
	// clang-format off
	struct mtd_io io = { .mtd = m, .off = off, .len = size, .flags = skips_bad(m) ? MTD_IO_SKIP_BAD : 0 };
	// clang-format on
	int ret;

	if (write && cmd_mtd_refuse_ro(m, "write"))
		return 1;

	if (size > 0x10000000u) {
		cmd_err("0x%llx bytes is more than a RAM transfer allows", (unsigned long long)size);
		return 1;
	}
	if (write ? addr_check_read(addr, size) : addr_check_write(addr, size))
		return 1;
	if (write && m->writesize > 1 && (off % m->writesize || size % m->writesize)) {
		cmd_err("NAND writes need page alignment (page size 0x%lx)",
			(unsigned long)m->writesize);
		return 1;
	}
	io.cb = cmd_progress_init(&prog, show ? CMD_PROG_PERCENT : CMD_PROG_NONE,
				  write ? "Writing" : "Reading", write ? "written" : "read", m, size);
	prog.cb.block = NULL; /* U-Boot's mtd read/write skip bad blocks silently */
	ret = write ? mtd_io_write(&io, (const void *)addr) : mtd_io_read(&io, (void *)addr);
	cmd_progress_end(&prog, ret);
	if (ret == -EINTR)
		return 1;
	if (io.corrected)
		printf("%s: bitflips corrected while reading\n", m->name);
	if (ret == -ENOSPC) {
		cmd_err("%s: 0x%llx bytes no longer fit between 0x%llx and the end (bad blocks)",
			m->name, (unsigned long long)size, (unsigned long long)off);
		return 1;
	}
	if (ret)
		return cmd_mtd_error(write ? "write" : "read", m, io.pos, ret);
	if (!write)
		env_set_hex("filesize", (unsigned long)size);
	printf("%s 0x%llx bytes %s %s at 0x%llx%s\n", write ? "Wrote" : "Read", (unsigned long long)size,
	       write ? "to" : "from", m->name, (unsigned long long)off,
	       io.skipped ? " (bad blocks skipped)" : "");
	return 0;
}

int cmd_mtd_erase(struct mtd_info *m, uint64_t off, uint64_t size)
{
	struct cmd_progress prog;
	// clang-format off
	struct mtd_io io = { .mtd = m, .off = off, .len = size, .flags = skips_bad(m) ? MTD_IO_SKIP_BAD : 0 };
	// clang-format on
	int ret;

	if (!mtd_is_erase_aligned(m, off) || !mtd_is_erase_aligned(m, off + size)) {
		cmd_err("0x%llx+0x%llx is not on erase block boundaries (block size 0x%lx)",
			(unsigned long long)off, (unsigned long long)size,
			(unsigned long)mtd_erasesize_at(m, off));
		return 1;
	}
	if (cmd_mtd_refuse_ro(m, "erase"))
		return 1;
	if (mtd_is_protected(m, off, size)) {
		cmd_err("%s 0x%llx+0x%llx holds protected blocks; nothing erased ('protect off' first)",
			m->name, (unsigned long long)off, (unsigned long long)size);
		return 1;
	}
	io.cb = cmd_progress_init(&prog, CMD_PROG_PERCENT, "Erasing", "erased", m, size);
	ret = mtd_io_erase(&io);
	cmd_progress_end(&prog, ret);
	if (ret == -EINTR)
		return 1;
	if (ret)
		return cmd_mtd_error("erase", m, io.pos, ret);
	printf("Erased 0x%llx bytes of %s at 0x%llx", (unsigned long long)size, m->name,
	       (unsigned long long)off);
	if (io.skipped)
		printf(" (%lu bad blocks skipped)", (unsigned long)io.skipped);
	printf("\n");
	return 0;
}

static int do_mtd_list(int argc, char *const argv[])
{
	(void)argc;
	(void)argv;
	if (!mtd_first())
		printf("No MTD device found\n");
	else
		printf("List of MTD devices:\n");
	for (struct mtd_info *m = mtd_first(); m; m = m->next)
		if (!m->parent)
			mtd_list_one(m);
	return 0;
}

/* What a sub-command works on: <name> [addr] [<off> [<size>]] */
struct mtd_target {
	struct mtd_info *m;
	unsigned long addr;
	uint64_t off, size;
	bool sized; /* a size was given */
};

/* argv[1] names the device; with_addr: argv[2] is a RAM address. 0 or 1 (printed). */
static int mtd_target(int argc, char *const argv[], bool with_addr, struct mtd_target *t)
{
	int i = with_addr ? 3 : 2;

	memset(t, 0, sizeof(*t));
	t->m = mtd_find(argv[1]);
	if (!t->m) {
		cmd_err("MTD device %s not found (see 'mtd list')", argv[1]);
		return 1;
	}
	if (with_addr && cmd_mtd_addr(argv[2], &t->addr))
		return 1;
	if (argc > i && parse_u64(argv[i], &t->off)) {
		cmd_err("bad offset '%s'", argv[i]);
		return 1;
	}
	t->size = t->off < t->m->size ? t->m->size - t->off : 0;
	t->sized = argc > i + 1;
	if (t->sized && (parse_u64(argv[i + 1], &t->size) || !t->size)) {
		cmd_err("bad size '%s'", argv[i + 1]);
		return 1;
	}
	if (t->off >= t->m->size) {
		cmd_err("offset 0x%llx is beyond the end of %s (0x%llx bytes)",
			(unsigned long long)t->off, t->m->name, (unsigned long long)t->m->size);
		return 1;
	}
	if (t->size > t->m->size - t->off) {
		cmd_err("0x%llx+0x%llx is beyond the end of %s (0x%llx bytes)",
			(unsigned long long)t->off, (unsigned long long)t->size, t->m->name,
			(unsigned long long)t->m->size);
		return 1;
	}
	return 0;
}

/* read|write <name> <addr> [<off> [<size>]] */
static int do_mtd_io(int argc, char *const argv[])
{
	struct mtd_target t;

	if (mtd_target(argc, argv, true, &t))
		return 1;
	return cmd_mtd_io(t.m, argv[0][0] == 'w', t.addr, t.off, t.size, false);
}

static int do_mtd_erase(int argc, char *const argv[])
{
	struct mtd_target t;

	if (mtd_target(argc, argv, false, &t))
		return 1;
	return cmd_mtd_erase(t.m, t.off, t.size);
}

static int do_mtd_dump(int argc, char *const argv[])
{
	struct mtd_target t;
	uint64_t n;
	uint8_t *buf;
	int ret;

	if (mtd_target(argc, argv, false, &t))
		return 1;
	n = t.sized ? t.size : MIN(t.size, (uint64_t)(t.m->writesize > 1 ? t.m->writesize : 256));
	buf = n > 0x100000 ? NULL : malloc((size_t)n);
	if (!buf) {
		cmd_err("dump at most 1 MiB at a time");
		return 1;
	}
	ret = mtd_read(t.m, t.off, (size_t)n, buf);
	if (ret && ret != -EUCLEAN) {
		free(buf);
		return cmd_mtd_error("read", t.m, t.off, ret);
	}
	printf("Dump 0x%llx bytes from 0x%llx:\n", (unsigned long long)n, (unsigned long long)t.off);
	print_buffer(0, buf, 1, (unsigned long)n, (uintptr_t)t.off);
	free(buf);
	return 0;
}

static int do_mtd_bad(int argc, char *const argv[])
{
	struct mtd_target t;
	int nbad = 0;

	if (mtd_target(argc, argv, false, &t))
		return 1;
	for (uint64_t o = 0; o < t.m->size; o += mtd_erasesize_at(t.m, o)) {
		int b = mtd_block_isbad(t.m, o);
		if (b > 0) {
			printf("  0x%08llx%s\n", (unsigned long long)o,
			       b == MTD_BLOCK_RESERVED ? " (reserved for the BBT)" : "");
			nbad++;
		}
	}
	if (!nbad)
		printf("%s has no bad blocks\n", t.m->name);
	return 0;
}

/* U-Boot's mtd (U_BOOT_CMD_WITH_SUBCMDS): a unique prefix names a sub-command (`mtd li`, `mtd r`) */
// clang-format off
static const struct cmd_sub mtd_subs[] = {
	{ "list", 1, 0, 0, false, do_mtd_list, true },
	{ "read", 3, 0, 0, false, do_mtd_io, false },
	{ "write", 3, 0, 0, false, do_mtd_io, false },
	{ "erase", 2, 0, 0, false, do_mtd_erase, false },
	{ "dump", 2, 0, 0, false, do_mtd_dump, false },
	{ "bad", 2, 0, 0, false, do_mtd_bad, true },
};
// clang-format on

static int do_mtd(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	(void)cmd;
	return CMD_SUB_RUN(mtd_subs, CMD_SUB_PREFIX, argc, argv);
}

CMD_REPEATABLE(mtd, 6, do_mtd, "MTD utils",
	       "list\n"
	       "mtd read  <name> <addr> [<off> [<size>]]\n"
	       "mtd write <name> <addr> [<off> [<size>]]\n"
	       "mtd erase <name> [<off> [<size>]]\n"
	       "mtd dump  <name> [<off> [<size>]]\n"
	       "mtd bad   <name>\n"
	       "    - <name> is a device (nor0, nand0) or a partition; numbers are hex;\n"
	       "      NAND reads and writes skip bad blocks");

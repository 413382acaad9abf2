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

/* A read-only partition (or device) refuses up front, with its name, instead of failing half-way. */
static int refuse_ro(const struct mtd_info *m, const char *what)
{
	for (const struct mtd_info *p = m; p; p = p->parent)
		if (p->flags & MTD_RO) {
			printf("## Error: %s is read-only; %s refused\n", p->name, what);
			return 1;
		}
	return 0;
}

int cmd_mtd_io(struct mtd_info *m, bool write, uintptr_t addr, uint64_t off, uint64_t size, bool show)
{
	struct cmd_progress prog;
	struct mtd_io io = { .mtd = m, .off = off, .len = size, .flags = skips_bad(m) ? MTD_IO_SKIP_BAD : 0 };
	int ret;

	if (write && refuse_ro(m, "write"))
		return 1;

	if (size > 0x10000000u) {
		printf("## Error: 0x%llx bytes is more than a RAM transfer allows\n", (unsigned long long)size);
		return 1;
	}
	if (write ? addr_check_read(addr, size) : addr_check_write(addr, size))
		return 1;
	if (write && m->writesize > 1 && (off % m->writesize || size % m->writesize)) {
		printf("## Error: NAND writes need page alignment (page size 0x%lx)\n",
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
		printf("## Error: %s: 0x%llx bytes no longer fit between 0x%llx and the end (bad blocks)\n",
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
	struct mtd_io io = { .mtd = m, .off = off, .len = size, .flags = skips_bad(m) ? MTD_IO_SKIP_BAD : 0 };
	int ret;

	if (!mtd_is_erase_aligned(m, off) || !mtd_is_erase_aligned(m, off + size)) {
		printf("## Error: 0x%llx+0x%llx is not on erase block boundaries (block size 0x%lx)\n",
		       (unsigned long long)off, (unsigned long long)size,
		       (unsigned long)mtd_erasesize_at(m, off));
		return 1;
	}
	if (refuse_ro(m, "erase"))
		return 1;
	if (mtd_is_protected(m, off, size)) {
		printf("## Error: %s 0x%llx+0x%llx holds protected blocks; nothing erased ('protect off' first)\n",
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

static int do_mtd(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	struct mtd_info *m;
	const char *sub;
	uint64_t off = 0, size;
	unsigned long addr = 0;
	int i = 3;

	(void)cmd;
	if (argc < 2)
		return CMD_RET_USAGE;
	sub = argv[1];
	if (!strcmp(sub, "list")) {
		if (!mtd_first())
			printf("No MTD device found\n");
		else
			printf("List of MTD devices:\n");
		for (m = mtd_first(); m; m = m->next)
			if (!m->parent)
				mtd_list_one(m);
		return 0;
	}
	if (argc < 3)
		return CMD_RET_USAGE;
	m = mtd_find(argv[2]);
	if (!m) {
		printf("## Error: MTD device %s not found (see 'mtd list')\n", argv[2]);
		return 1;
	}
	if (!strncmp(sub, "read", 4) || !strncmp(sub, "write", 5)) {
		if (argc < 4)
			return CMD_RET_USAGE;
		if (parse_ulong(argv[3], &addr)) {
			printf("## Error: bad address '%s'\n", argv[3]);
			return 1;
		}
		i = 4;
	}
	size = m->size;
	if (argc > i && parse_u64(argv[i], &off)) {
		printf("## Error: bad offset '%s'\n", argv[i]);
		return 1;
	}
	size = off < m->size ? m->size - off : 0;
	if (argc > i + 1 && (parse_u64(argv[i + 1], &size) || !size)) {
		printf("## Error: bad size '%s'\n", argv[i + 1]);
		return 1;
	}
	if (off >= m->size) {
		printf("## Error: offset 0x%llx is beyond the end of %s (0x%llx bytes)\n",
		       (unsigned long long)off, m->name, (unsigned long long)m->size);
		return 1;
	}
	if (size > m->size - off) {
		printf("## Error: 0x%llx+0x%llx is beyond the end of %s (0x%llx bytes)\n",
		       (unsigned long long)off, (unsigned long long)size, m->name,
		       (unsigned long long)m->size);
		return 1;
	}
	if (!strncmp(sub, "read", 4))
		return cmd_mtd_io(m, false, addr, off, size, false);
	if (!strncmp(sub, "write", 5))
		return cmd_mtd_io(m, true, addr, off, size, false);
	if (!strncmp(sub, "erase", 5))
		return cmd_mtd_erase(m, off, size);
	if (!strncmp(sub, "dump", 4)) {
		uint64_t n = argc > i + 1 ? size : MIN(size, (uint64_t)(m->writesize > 1 ? m->writesize : 256));
		uint8_t *buf = malloc((size_t)n);
		int ret;
		if (n > 0x100000 || !buf) {
			free(buf);
			printf("## Error: dump at most 1 MiB at a time\n");
			return 1;
		}
		ret = mtd_read(m, off, (size_t)n, buf);
		if (ret && ret != -EUCLEAN) {
			free(buf);
			return cmd_mtd_error("read", m, off, ret);
		}
		printf("Dump 0x%llx bytes from 0x%llx:\n", (unsigned long long)n, (unsigned long long)off);
		print_buffer(0, buf, 1, (unsigned long)n, (uintptr_t)off);
		free(buf);
		return 0;
	}
	if (!strcmp(sub, "bad")) {
		int nbad = 0;
		for (uint64_t o = 0; o < m->size; o += mtd_erasesize_at(m, o)) {
			int b = mtd_block_isbad(m, o);
			if (b > 0) {
				printf("  0x%08llx%s\n", (unsigned long long)o, b == MTD_BLOCK_RESERVED ? " (reserved for the BBT)" : "");
				nbad++;
			}
		}
		if (!nbad)
			printf("%s has no bad blocks\n", m->name);
		return 0;
	}
	return CMD_RET_USAGE;
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

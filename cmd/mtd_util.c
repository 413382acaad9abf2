/* Helpers shared by the flash commands: offset-or-partition arguments, errors, sizes, progress. */
#include <stdlib.h>
#include "cfi.h"
#include "cmd_mtd.h"
#include "command.h"
#include "console.h"

int cmd_mtd_error(const char *what, struct mtd_info *mtd, uint64_t off, int err)
{
	cmd_err("%s %s at 0x%llx: %s", mtd ? mtd->name : "", what, (unsigned long long)off,
		errno_str(err));
	return 1;
}

int cmd_mtd_addr(const char *arg, unsigned long *addr)
{
	if (!parse_ulong(arg, addr))
		return 0;
	cmd_err("bad address '%s'", arg);
	return 1;
}

int cmd_mtd_refuse_ro(const struct mtd_info *m, const char *what)
{
	for (const struct mtd_info *p = m; p; p = p->parent)
		if (p->flags & MTD_RO) {
			cmd_err("%s is read-only; %s refused", p->name, what);
			return 1;
		}
	return 0;
}

/* a partition named at argv[i], with an optional size after it that must fit in it */
static int target_part(struct mtd_info *part, int argc, char *const argv[], int i, uint64_t *size)
{
	uint64_t v;

	*size = part->size;
	if (i + 1 >= argc)
		return 0;
	if (parse_u64(argv[i + 1], &v) || !v) {
		cmd_err("bad size '%s'", argv[i + 1]);
		return -EINVAL;
	}
	if (v > part->size) {
		cmd_err("0x%llx bytes do not fit in partition %s (0x%llx bytes)", (unsigned long long)v,
			part->name, (unsigned long long)part->size);
		return -ENOSPC;
	}
	*size = v;
	return 0;
}

int cmd_mtd_target(struct mtd_info *dev, int argc, char *const argv[], int i, bool size_optional,
		   struct mtd_info **out, uint64_t *off, uint64_t *size)
{
	struct mtd_info *part;

	if (i >= argc) {
		cmd_err("missing offset or partition name");
		return -EINVAL;
	}
	part = mtd_find(argv[i]);
	if (part) {
		*out = part;
		*off = 0;
		return target_part(part, argc, argv, i, size);
	}
	if (parse_u64(argv[i], off)) {
		cmd_err("'%s' is neither an offset nor a partition name", argv[i]);
		return -EINVAL;
	}
	if (!dev) {
		cmd_err("no device selected");
		return -ENODEV;
	}
	*out = dev;
	if (*off >= dev->size) {
		cmd_err("offset 0x%llx is beyond the end of %s (0x%llx bytes)", (unsigned long long)*off,
			dev->name, (unsigned long long)dev->size);
		return -EINVAL;
	}
	if (i + 1 < argc) {
		if (parse_u64(argv[i + 1], size) || !*size) {
			cmd_err("bad size '%s'", argv[i + 1]);
			return -EINVAL;
		}
	} else if (size_optional) {
		*size = dev->size - *off;
	} else {
		cmd_err("missing size");
		return -EINVAL;
	}
	if (*size > dev->size - *off) {
		cmd_err("0x%llx+0x%llx is beyond the end of %s (0x%llx bytes)", (unsigned long long)*off,
			(unsigned long long)*size, dev->name, (unsigned long long)dev->size);
		return -EINVAL;
	}
	return 0;
}

struct mtd_info *cmd_dev_nth(const struct cmd_dev *d, int n)
{
	for (struct mtd_info *m = mtd_first(); m && n >= 0; m = m->next)
		if (!m->parent && d->takes(m) && n-- == 0)
			return m;
	return NULL;
}

struct mtd_info *cmd_dev_current(const struct cmd_dev *d)
{
	return cmd_dev_nth(d, d->cur);
}

int cmd_dev_index(const struct cmd_dev *d, const struct mtd_info *master)
{
	struct mtd_info *m;

	for (int i = 0; (m = cmd_dev_nth(d, i)); i++)
		if (m == master)
			return i;
	return -1;
}

int cmd_dev_select(struct cmd_dev *d, const char *arg)
{
	unsigned long n;

	if (parse_ulong(arg, &n) || n > 255 || !cmd_dev_nth(d, (int)n))
		return -ENODEV;
	d->cur = (int)n;
	return 0;
}

const char *mtd_type_str(const struct mtd_info *mtd)
{
	// clang-format off
	switch (mtd->type) {
	case MTD_NORFLASH: return "NOR flash";
	case MTD_NANDFLASH: return "NAND flash";
	case MTD_RAM: return "RAM";
	default: return "unknown";
	}
	// clang-format on
}

void print_size(uint64_t size, const char *suffix)
{
	static const char *const units[] = { "Bytes", "KiB", "MiB", "GiB" };
	int u = 0;

	while (u < 3 && size >= 1024 && !(size % 1024)) {
		size /= 1024;
		u++;
	}
	printf("%llu %s%s", (unsigned long long)size, units[u], suffix);
}

uint32_t mtd_block_count(struct mtd_info *mtd)
{
	uint32_t n = 0;
	uint64_t ofs = 0;

	while (ofs < mtd->size) {
		ofs += mtd_erasesize_at(mtd, ofs);
		n++;
	}
	return n;
}

void mtd_block_get(struct mtd_info *mtd, uint32_t idx, uint64_t *start, uint32_t *size)
{
	uint64_t ofs = 0;
	uint32_t es = mtd_erasesize_at(mtd, 0);

	while (idx--) {
		ofs += es;
		es = mtd_erasesize_at(mtd, ofs);
	}
	*start = ofs;
	*size = es;
}

/* ------------------------------------------------------------ progress and Ctrl-C */

static void prog_draw(struct cmd_progress *p, uint64_t done, uint64_t at)
{
	int pct = p->total ? (int)(MIN(done, p->total) * 100 / p->total) : 100;

	if (p->style == CMD_PROG_NONE || pct == p->last)
		return;
	if (p->style == CMD_PROG_NAND) {
		printf("\r%s at 0x%llx -- %3d%% complete.", p->verb, (unsigned long long)(p->base + at),
		       pct);
		p->last = pct;
		return;
	}
	if (p->last < 0)
		printf("%s ", p->verb);
	if (pct >= 100)
		printf("100%%\n"); /* end the line so what follows is not printed over the figure */
	else if (pct / 10 != p->last / 10 || p->last < 0)
		printf("%3d%%\b\b\b\b", pct);
	p->last = pct;
}

static int prog_step(void *arg, uint64_t done, uint64_t at)
{
	struct cmd_progress *p = arg;

	p->done = done;
	prog_draw(p, done, at);
	return ctrlc() ? -EINTR : 0;
}

static void prog_block(void *arg, uint64_t at, int code)
{
	struct cmd_progress *p = arg;
	const char *gap = p->last >= 0 && p->style == CMD_PROG_NAND ? "                    " : "";

	if (code < 0)
		printf("\n## Error: %s failed at 0x%08llx: %s\n", p->what,
		       (unsigned long long)(p->base + at), errno_str(code));
	else if (p->style != CMD_PROG_PERCENT)
		printf("\rSkipping %s at 0x%08llx%s\n",
		       code == MTD_BLOCK_RESERVED ? "BBT block" : "bad block",
		       (unsigned long long)(p->base + at), gap);
	else
		printf("%sSkipping bad block at 0x%08llx\n", p->last >= 0 ? "\n" : "",
		       (unsigned long long)at);
}

const struct mtd_io_cb *cmd_progress_init(struct cmd_progress *p, enum cmd_prog_style style,
					  const char *verb, const char *what, struct mtd_info *m,
					  uint64_t total)
{
	memset(p, 0, sizeof(*p));
	p->style = style;
	p->verb = verb;
	p->what = what;
	p->total = total;
	p->last = -1;
	for (; m && m->parent; m = m->parent)
		p->base += m->offset;
	p->cb.progress = prog_step;
	p->cb.block = prog_block;
	p->cb.arg = p;
	return &p->cb;
}

void cmd_progress_end(struct cmd_progress *p, int ret)
{
	if (p->style == CMD_PROG_NAND && p->last >= 0)
		printf("\n");
	else if (p->style == CMD_PROG_PERCENT && p->last >= 0 && p->last < 100)
		printf("\n");
	if (ret == -EINTR)
		printf("<INTERRUPT> %s 0x%llx of 0x%llx bytes\n", p->what, (unsigned long long)p->done,
		       (unsigned long long)p->total);
}

/* The memory-mapped NOR master holding addr, and its 1-based bank number (U-Boot's). */
static struct mtd_info *mapped_nor_at(uintptr_t addr, int *bank)
{
	*bank = 0;
	for (struct mtd_info *m = mtd_first(); m; m = m->next) {
		if (m->parent || m->type != MTD_NORFLASH || !(m->flags & MTD_MAPPED))
			continue;
		++*bank;
		if (addr >= m->mapped && addr - m->mapped < m->size)
			return m;
	}
	return NULL;
}

/* cp with a flash destination (called by cp): program, as U-Boot does. */
int cmd_flash_cp(uintptr_t src, uintptr_t dst, size_t len, int *handled)
{
	struct cmd_progress prog;
	struct mtd_io io = { 0 };
	int bank;
	struct mtd_info *m = mapped_nor_at(dst, &bank);
	uint64_t off, bad;
	int ret;

	*handled = m != NULL;
	if (!m)
		return 0;
	off = dst - m->mapped;
	io.mtd = m;
	io.off = off;
	io.len = len;
	if (len > m->size - off) {
		cmd_err("copy runs past the end of NOR bank # %d", bank);
		return -EINVAL;
	}
	if (mtd_is_protected(m, off, len)) {
		printf("Error: Can't write to protected Flash sectors\n");
		return -EROFS;
	}
	/* the NOR layer's rule, (old & new) == new, over the whole range before anything is written */
	if (cfi_from_mtd(m) &&
	    cfi_programmable(cfi_from_mtd(m), off, len, (const void *)src, &bad) == -ENOTEMPTY) {
		printf("Copy to Flash... Error: Flash not Erased at 0x%08lx\n",
		       (unsigned long)(m->mapped + bad));
		return -EIO;
	}
	printf("Copy to Flash... ");
	io.cb = cmd_progress_init(&prog, CMD_PROG_NONE, "", "written", m, len);
	ret = mtd_io_write(&io, (const void *)src);
	if (ret) {
		printf("\n");
		cmd_progress_end(&prog, ret);
		if (ret != -EINTR)
			cmd_mtd_error("write", m, io.pos, ret);
		return ret;
	}
	printf("done\n");
	return 0;
}

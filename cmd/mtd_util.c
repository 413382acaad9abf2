/* Helpers shared by the flash commands: offset-or-partition arguments, errors, sizes, progress. */
#include <stdlib.h>
#include "cmd_mtd.h"
#include "command.h"

int cmd_mtd_error(const char *what, struct mtd_info *mtd, uint64_t off, int err)
{
	printf("## Error: %s %s at 0x%llx: %s\n", mtd ? mtd->name : "", what,
	       (unsigned long long)off, errno_str(err));
	return 1;
}

int cmd_mtd_target(struct mtd_info *dev, int argc, char *const argv[], int i, bool size_optional,
		   struct mtd_info **out, uint64_t *off, uint64_t *size)
{
	struct mtd_info *part;
	uint64_t v;

	if (i >= argc) {
		printf("## Error: missing offset or partition name\n");
		return -EINVAL;
	}
	part = mtd_find(argv[i]);
	if (part) {
		*out = part;
		*off = 0;
		*size = part->size;
		if (i + 1 < argc) {
			if (parse_u64(argv[i + 1], &v) || !v) {
				printf("## Error: bad size '%s'\n", argv[i + 1]);
				return -EINVAL;
			}
			if (v > part->size) {
				printf("## Error: 0x%llx bytes do not fit in partition %s (0x%llx bytes)\n",
				       (unsigned long long)v, part->name, (unsigned long long)part->size);
				return -ENOSPC;
			}
			*size = v;
		}
		return 0;
	}
	if (parse_u64(argv[i], off)) {
		printf("## Error: '%s' is neither an offset nor a partition name\n", argv[i]);
		return -EINVAL;
	}
	if (!dev) {
		printf("## Error: no device selected\n");
		return -ENODEV;
	}
	*out = dev;
	if (*off >= dev->size) {
		printf("## Error: offset 0x%llx is beyond the end of %s (0x%llx bytes)\n",
		       (unsigned long long)*off, dev->name, (unsigned long long)dev->size);
		return -EINVAL;
	}
	if (i + 1 < argc) {
		if (parse_u64(argv[i + 1], size) || !*size) {
			printf("## Error: bad size '%s'\n", argv[i + 1]);
			return -EINVAL;
		}
	} else if (size_optional) {
		*size = dev->size - *off;
	} else {
		printf("## Error: missing size\n");
		return -EINVAL;
	}
	if (*size > dev->size - *off) {
		printf("## Error: 0x%llx+0x%llx is beyond the end of %s (0x%llx bytes)\n",
		       (unsigned long long)*off, (unsigned long long)*size, dev->name,
		       (unsigned long long)dev->size);
		return -EINVAL;
	}
	return 0;
}

const char *mtd_type_str(const struct mtd_info *mtd)
{
	switch (mtd->type) {
	case MTD_NORFLASH: return "NOR flash";
	case MTD_NANDFLASH: return "NAND flash";
	case MTD_RAM: return "RAM";
	default: return "unknown";
	}
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

static uint64_t prog_total;
static int prog_last;

void cmd_progress_begin(const char *what, uint64_t total)
{
	prog_total = total;
	prog_last = -1;
	printf("%s ", what);
}

void cmd_progress(uint64_t done)
{
	int pct;

	if (!prog_total)
		return;
	pct = (int)(done * 100 / prog_total);
	if (pct >= 100) {
		/* end the line so what follows is not printed over the figure */
		printf("100%%\n");
		prog_total = 0;
		return;
	}
	if (pct / 10 != prog_last / 10 || prog_last < 0) {
		printf("%3d%%\b\b\b\b", pct);
		prog_last = pct;
	}
}

void cmd_progress_end(void)
{
	prog_total = 0;
}

#define MTD_WRITE_BOUNCE 4096

int mtd_write_from_ram(struct mtd_info *m, uint64_t off, size_t len, uintptr_t src)
{
	struct mtd_info *master = mtd_master(m);
	uint8_t *bounce;
	int ret = 0;

	if (!(master->flags & MTD_MAPPED) || src >= master->mapped + master->size ||
	    master->mapped >= src + len)
		return mtd_write(m, off, len, (const void *)src);
	/* a source in the chip being programmed reads status, not data: go through RAM */
	bounce = malloc(MTD_WRITE_BOUNCE);
	if (!bounce)
		return -ENOMEM;
	for (size_t i = 0; !ret && i < len; i += MTD_WRITE_BOUNCE) {
		size_t n = MIN((size_t)MTD_WRITE_BOUNCE, len - i);
		memcpy(bounce, (const void *)(src + i), n);
		ret = mtd_write(m, off + i, n, bounce);
	}
	free(bounce);
	return ret;
}

/* The board's environment in flash: load at boot, saveenv, env info (on top of env_flash). */
#include <stdlib.h>
#include "board.h"
#include "env.h"
#include "env_flash.h"
#include "mtd.h"

static struct env_load_info last_info;
static bool from_flash;

static int env_location(struct env_location *loc)
{
	struct mtd_info *m;

	memset(loc, 0, sizeof(*loc));
	if (!board->env_dev)
		return -ENODEV;
	m = mtd_find(board->env_dev);
	if (!m)
		return -ENODEV;
	loc->mtd = m;
	loc->offset = board->env_offset;
	loc->offset_redund = board->env_offset_redund;
	loc->size = board->env_size;
	loc->range = board->env_range;
	loc->redundant = board->env_redundant;
	loc->scheme = ENV_FLAGS_AUTO;
	return 0;
}

static const char *dev_kind(const struct mtd_info *m)
{
	return m->type == MTD_NANDFLASH ? "NAND" : "Flash";
}

/* A copy never written (erased flash) is normal after the first saveenv: no warning for it. */
static bool env_copy_blank(const struct env_location *loc, int copy)
{
	uint8_t head[16];
	uint64_t off = copy ? loc->offset_redund : loc->offset;
	int ret = mtd_read(loc->mtd, off, sizeof(head), head);

	if (ret && ret != -EUCLEAN)
		return false;
	for (size_t i = 0; i < sizeof(head); i++)
		if (head[i] != 0xff)
			return false;
	return true;
}

static void board_env_load(void)
{
	struct env_location loc;
	size_t dsize;
	char *buf;
	int ret;

	from_flash = false;
	if (env_location(&loc)) {
		if (board->env_dev)
			printf("*** Warning - no device %s for the environment, using default environment\n",
			       board->env_dev);
		env_set_default();
		goto out;
	}
	dsize = env_data_size(loc.size, loc.redundant);
	buf = malloc(dsize);
	printf("Loading Environment from %s... ", dev_kind(loc.mtd));
	ret = buf ? env_flash_load(&loc, buf, dsize, &last_info) : -ENOMEM;
	if (ret == 0 && env_import(buf, last_info.used, '\0', true) >= 0) {
		from_flash = true;
		printf("OK\n");
		if (last_info.degraded && !env_copy_blank(&loc, !last_info.copy))
			printf("*** Warning - one environment copy is bad, the other was used\n");
	} else {
		if (ret == -EBADMSG)
			printf("*** Warning - bad CRC, using default environment\n");
		else if (ret == 0)
			printf("*** Warning - environment has a good CRC but an entry has no name "
			       "(\"=value\"), using default environment\n");
		else
			printf("*** Warning - %s, using default environment\n", errno_str(ret));
		env_set_default();
	}
	free(buf);
out:
	/* the import registered the partitions $mtdparts describes (an env callback): say how it went */
	printf("%s", env_messages());
}

static int board_env_save(void)
{
	struct env_location loc;
	size_t dsize;
	char *buf;
	int n, ret;

	if (env_location(&loc)) {
		printf("## Error: this board keeps no environment in flash\n");
		return 1;
	}
	dsize = env_data_size(loc.size, loc.redundant);
	buf = malloc(dsize);
	if (!buf)
		return 1;
	n = env_export(buf, dsize, '\0');
	if (n < 0) {
		printf("## Error: environment too large for its 0x%lx-byte area\n",
		       (unsigned long)loc.size);
		free(buf);
		return 1;
	}
	printf("Saving Environment to %s... ", dev_kind(loc.mtd));
	ret = env_flash_save(&loc, buf, (size_t)n, &last_info);
	free(buf);
	if (ret) {
		printf("failed\n## Error: saveenv: %s\n", errno_str(ret));
		return 1;
	}
	if (loc.redundant)
		printf("(copy %d, flags 0x%02x) ", last_info.copy, last_info.flags);
	printf("OK\n");
	from_flash = true;
	return 0;
}

static void board_env_print_info(void)
{
	struct env_location loc;
	char line[256];
	const char *part = NULL;

	if (env_location(&loc)) {
		printf("env_valid = n/a (no environment device)\n");
		return;
	}
	printf("env_location = %s offset 0x%llx", loc.mtd->name, (unsigned long long)loc.offset);
	if (loc.redundant)
		printf(", redundant copy at 0x%llx", (unsigned long long)loc.offset_redund);
	printf("\nenv_size = 0x%lx (one copy incl. %u-byte header)\n", (unsigned long)loc.size,
	       loc.redundant ? 5 : 4);
	if (from_flash && loc.redundant)
		env_flash_check_other(&loc, &last_info); /* the load read only the copy it used */
	if (!from_flash)
		printf("env_valid = default (not loaded from flash)\n");
	else if (last_info.degraded)
		printf("env_valid = valid in copy %d only (the other copy is bad or blank)\n",
		       last_info.copy);
	else
		printf("env_valid = valid\n");
	if (from_flash && loc.redundant)
		printf("env_active_copy = %d (flags 0x%02x)\n", last_info.copy, last_info.flags);
	/* Linux's tools see the partition holding the environment (both copies, when redundant) */
	for (struct mtd_info *p = mtd_first(); p; p = p->next)
		if (p->parent == loc.mtd && loc.offset >= p->offset &&
		    loc.offset < p->offset + p->size &&
		    (!loc.redundant ||
		     (loc.offset_redund >= p->offset && loc.offset_redund < p->offset + p->size))) {
			part = p->name;
			loc.mtd = p;
			loc.offset -= p->offset;
			loc.offset_redund -= p->offset;
			break;
		}
	if (env_flash_fw_config(&loc, "/dev/mtdX", line, sizeof(line)) > 0) {
		printf("fw_env.config (/dev/mtdX = %s%s%s in /proc/mtd):\n%s",
		       part ? "the partition \"" : "", part ? part : loc.mtd->name, part ? "\"" : "",
		       line);
	}
}

const struct env_backend env_flash_backend = {
	.load = board_env_load,
	.save = board_env_save,
	.print_info = board_env_print_info,
};

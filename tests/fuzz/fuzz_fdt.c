/* libFuzzer target: random DTBs (and buffer sizes) through fdt_fixup_for_boot, with invariant checks on the result. */
#include <stdio.h>
#include <stdlib.h>
#include "fdt_fixup.h"
#include "fdt_util.h"
#include "mtd.h"
#include "phram.h"
#include "fuzz_check.h"

static const struct phram_region regions[PHRAM_MAX] = {
	{ "rootfs", 0x07000000, 0x00400000 },
	{ "data", 0x06000000, 0x00100000 },
	{ "x y", 0x05000000, 0x00001000 },
	{ "a@b", 0x04000000, 0x00002000 },
};
static int nregions;


/* A NOR master at the versatile flash address with partitions, for mtdparts_to_dt. */
static struct mtd_info nor;
static uint8_t nor_mem[0x100000];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (mtdram_init(&nor, "nor0", nor_mem, sizeof(nor_mem), 0x40000) || mtd_register(&nor))
		abort();
	nor.mapped = 0x34000000;
	if (!mtd_add_partition(&nor, "boot", 0, 0x40000, MTD_RO) ||
	    !mtd_add_partition(&nor, "rest", 0x40000, 0xc0000, 0))
		abort();
	return 0;
}

/* Walk the fixed-up tree and format every property as `fdt get value` would. */
static void walk(const void *fdt)
{
	char out[256];
	int node, depth = 0, prop, n = 0;

	for (node = fdt_next_node(fdt, -1, &depth); node >= 0 && n < 4096;
	     node = fdt_next_node(fdt, node, &depth), n++) {
		fdt_for_each_property_offset (prop, fdt, node) {
			const char *name;
			int len;
			const void *data = fdt_getprop_by_offset(fdt, prop, &name, &len);
			if (data)
				fdt_value_format(data, len, -1, out, sizeof(out));
		}
	}
}

/*
 * Input: byte 0 flags (bits 0-2 phram regions, 3 no-map, 4 mtdparts, 5 bufsize
 * below the blob), bytes 1-2 extra buffer bytes, then the DTB.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	// clang-format off
	struct fdt_boot_info info = { .mem_base = 0, .mem_size = 0x8000000,
				      .bootargs = "console=ttyAMA0 root=/dev/mtdblock0" };
	// clang-format on
	size_t len, bufsize, extra;
	uint8_t *buf;
	int ret;

	if (size < 3)
		return 0;
	nregions = data[0] & 7;
	if (nregions > PHRAM_MAX)
		nregions = PHRAM_MAX;
	info.phram_nomap = data[0] & 8;
	info.mtdparts_to_dt = data[0] & 16;
	if (data[0] & 64)
		info.initrd_start = 0x800000, info.initrd_end = 0x900000;
	extra = (size_t)data[1] << 8 | data[2];
	data += 3;
	len = size - 3;
	bufsize = (data[-3] & 32) ? (extra < len ? len - extra : 0) : len + extra;
	bufsize &= ~(size_t)7;
	/* exactly bufsize bytes: ASan catches any access beyond */
	buf = aligned_alloc(8, bufsize ? bufsize : 8);
	if (!buf)
		return 0;
	memcpy(buf, data, MIN(len, bufsize));
	if (len < bufsize)
		memset(buf + len, 0, bufsize - len);
	memcpy(info.phram, regions, sizeof(regions));
	info.nphram = nregions;
	ret = fdt_fixup_for_boot(buf, bufsize, &info);
	CHECK(ret == 0 || ret == -EINVAL || ret == -ENOSPC || ret == -ERANGE || ret == -ENOENT ||
	      ret == -EEXIST || ret == -ENAMETOOLONG);
	if (!ret) {
		const void *resm;
		int aliases = fdt_path_offset(buf, "/aliases");

		CHECK(fdt_check_header(buf) == 0);
		CHECK(fdt_totalsize(buf) == bufsize);
		CHECK(aliases >= 0);
		resm = nregions ? fdt_getprop(buf, fdt_path_offset(buf, "/reserved-memory"), "ranges",
					      NULL)
				: buf;
		CHECK(resm != NULL);
		/* phram regions are mtd0.. in table order */
		for (int i = 0; i < nregions; i++) {
			char name[8], want[600];
			const char *path;
			snprintf(name, sizeof(name), "mtd%d", i);
			path = fdt_getprop(buf, aliases, name, NULL);
			CHECK(path != NULL);
			/*
			 * libfdt (and Linux) find "/reserved-memory" by name with any unit
			 * address, which may come from the input and be long (the alias then
			 * fits the firmware's path limit, or the fixup said -ENAMETOOLONG)
			 */
			const char *rm =
				fdt_get_name(buf, fdt_path_offset(buf, "/reserved-memory"), NULL);
			CHECK(rm != NULL && strlen(rm) < 512);
			snprintf(want, sizeof(want), "/%s/", rm);
			CHECK(fdt_phram_node_name(&regions[i], want + strlen(want), 64) == 0);
			if (strcmp(path, want))
				fprintf(stderr, "mtd%d = %s, want %s\n", i, path, want);
			CHECK(!strcmp(path, want));
		}
		walk(buf);
	}
	free(buf);
	return 0;
}

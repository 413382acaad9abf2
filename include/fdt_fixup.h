/* Device-tree fixups applied at boot (on top of libfdt). */
#ifndef FB_FDT_FIXUP_H
#define FB_FDT_FIXUP_H
#include "common.h"
#include "phram_region.h"

struct fdt_boot_info {
	uint32_t mem_base, mem_size;          /* /memory */
	const char *bootargs;                 /* /chosen/bootargs, NULL: leave alone */
	uint32_t initrd_start, initrd_end;    /* 0,0: none */
	bool phram_nomap;                     /* add no-map to phram nodes */
	struct phram_region phram[PHRAM_MAX]; /* the regions: /reserved-memory children, mtdN aliases */
	int nphram;
	bool mtdparts_to_dt; /* fdt_mtdparts=1: fixed-partitions under flash nodes */
	const uint8_t *mac;  /* local-mac-address for nodes compatible with eth_compatible */
	const char *eth_compatible;
};

/*
 * Apply every boot fixup to the tree at fdt, which may grow up to bufsize
 * bytes (it is opened into that space first). Returns 0 or a negative errno
 * (-EINVAL corrupt tree, -ENOSPC does not fit in bufsize).
 */
int fdt_fixup_for_boot(void *fdt, size_t bufsize, const struct fdt_boot_info *info);

#endif

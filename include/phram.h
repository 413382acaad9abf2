/* phram regions: RAM areas handed to Linux as MTD devices (DT /reserved-memory or phram.phram=). */
#ifndef FB_PHRAM_H
#define FB_PHRAM_H
#include "common.h"
#include "mtd.h"
#include "phram_region.h"
#include "squashfs.h"

/* -EINVAL bad label/size/alignment, -ERANGE outside RAM or over the firmware,
 * -EBUSY overlapping another region, -EEXIST label in use, -ENOSPC table full */
int phram_add(const char *label, uint32_t addr, uint32_t size);
int phram_del(const char *label); /* -ENOENT */
int phram_count(void);
const struct phram_region *phram_get(int i);
/* true when [addr, addr+size) overlaps any region (the boot code refuses such kernels/initrds) */
const struct phram_region *phram_overlap(uint32_t addr, uint32_t size);

/* ---------------------------------------------------------------- loading (boot/phram_load.c) */

/* Where a loaded region goes */
struct phram_place {
	bool fixed; /* at addr; else the default spot (phram_default_spot()) */
	bool nomap; /* size in whole 1 MiB sections (a no-map region, $phram_nomap) */
	uint32_t addr;
	uint64_t keep_start,
		keep_end; /* a range the region must not cover (the FIT it comes from); 0 0 none */
};

/* How far a load got (the step that refused), and what it found */
enum phram_step {
	PHRAM_STEP_SB_READ,  /* reading the superblock (-EINVAL: sblen unusable) */
	PHRAM_STEP_SB_CHECK, /* squashfs_check()'s errno; si and magic as read */
	PHRAM_STEP_PLACE,    /* -EFBIG too large, -ENOSPC no default spot, -EADDRINUSE over keep_* */
	PHRAM_STEP_ADD,      /* phram_add()'s errno for addr/size */
	PHRAM_STEP_READ,     /* reading the filesystem (the region is removed again) */
	PHRAM_STEP_UNPACK, /* decompressing (image_decompress()'s errno; -ENOSPC: no free RAM at all) */
	PHRAM_STEP_DONE,
};

struct phram_load {
	enum phram_step step;
	struct squashfs_info si;
	uint8_t magic[4];
	uint32_t sblen;      /* bytes read for the superblock (NAND: one page) */
	uint32_t addr, size; /* the region */
	bool is_squashfs;    /* phram_load_data()/_comp(): the data is a squashfs */
	uint32_t unpacked; /* phram_load_comp(): bytes decompressed (PHRAM_STEP_UNPACK: addr, size the room) */
};

/*
 * The default spot for size bytes: the highest 1 MiB-aligned place under flashboot that no region
 * uses, above the lower quarter of RAM where kernels are loaded and decompressed. 0 or -ENOSPC.
 */
int phram_default_spot(uint32_t size, uint32_t *addr);
/* A region of size bytes (as $filesize gives it) at addr: whole 4 KiB pages (*full), tail zeroed. */
int phram_add_bytes(const char *label, uint32_t addr, uint32_t size, uint32_t *full);
/*
 * The squashfs in mtd into a new region named after it: superblock read (mapped NOR copied, NAND
 * through the bad-block engine) and checked, placed, registered, read; the tail of the last page
 * zeroed. 0 or -errno, res->step tells which step refused.
 */
int phram_load_squashfs(struct mtd_info *mtd, const struct phram_place *at, struct phram_load *res);
/* len bytes at data (a FIT's filesystem image) into a new region label, placed the same way */
int phram_load_data(const char *label, const void *data, uint64_t len, const struct phram_place *at,
		    struct phram_load *res);
/*
 * len bytes of comp-compressed data (IH_COMP_*) decompressed into a new region label. The output size
 * is known only at the end: decompressed into the free RAM at at->addr (fixed) or into the largest
 * free stretch above RAM's lower quarter, never over flashboot, a region or at->keep_*, then sized
 * (4 KiB, or 1 MiB no-map), moved to the default spot for that size unless fixed, registered, tail
 * zeroed. Nothing is registered unless everything succeeded (-EINTR: image_decompress_stop()).
 */
int phram_load_comp(const char *label, int comp, const void *data, uint64_t len,
		    const struct phram_place *at, struct phram_load *res);

#endif

/* Booting Linux: validate and place kernel, initrd and DTB (or build ATAGs), then hand over. */
#ifndef FB_BOOTM_H
#define FB_BOOTM_H
#include "common.h"
#include "image.h"
#include "mtdparts.h"
#include "phram.h"

#define BOOT_TEXT_OFFSET 0x8000u /* Linux ARM decompresses to RAM base + 0x8000 */
#define BOOT_FDT_GROW SZ_64K     /* room left after the DTB for fixups */
#define BOOT_FDT_MAX SZ_1M       /* larger "DTBs" are refused as junk */
#define BOOT_FDT_MAGIC 0xd00dfeedu

enum boot_kind { BOOT_ZIMAGE, BOOT_UIMAGE, BOOT_FIT };

struct boot_req {
	enum boot_kind kind;
	uintptr_t image; /* where the zImage / uImage lies */
	bool has_initrd;
	uintptr_t initrd; /* raw data (initrd_size != 0) or a uImage ramdisk */
	uint32_t initrd_size;
	bool has_fdt;
	uintptr_t fdt;
	const char *bootargs; /* NULL: none */
	uint32_t machid;
	bool phram_nomap, fdt_mtdparts; /* passed on to the DT fixups */
	bool has_mac; /* ethaddr set: local-mac-address in the DT, the MAC into the controller */
	uint8_t mac[6];
	bool bootargs_mtdparts;        /* mtdparts= in bootargs replaced by the table in force */
	const char *mtdids, *mtdparts; /* env values (NULL: unset) for mtdparts= in bootargs */
	/* BOOT_FIT: the kernel sub-image, found and verified by boot_fit_kernel() */
	uintptr_t kdata;
	uint32_t ksize, kload, kentry;
	bool knoload;     /* kernel_noload: runs where it lies */
	int kcomp;        /* IH_COMP_* of the FIT kernel's data (compression = "...") */
	bool initrd_move; /* a FIT ramdisk with a load address: moved there */
	uint32_t initrd_load;
	uint32_t keep_start,
		keep_end;   /* the FIT(s): left intact until everything is checked and placed */
	int fdt_comp;       /* IH_COMP_* of a FIT flat_dt's data: decompressed where the DTB is placed */
	uint32_t fdt_csize; /* its compressed bytes */
};

/* What one part of a FIT boot used, for the command to print. */
struct boot_fit_part {
	bool used;
	uintptr_t fit;
	const char *conf; /* NULL: named by image */
	const char *image, *desc, *type_name, *comp_name;
	char sig[48];    /* "sha256,rsa2048:dev+ " when a required key verified the configuration */
	char hashes[48]; /* "sha256+ crc32+ " */
	uintptr_t data;
	uint32_t size;
	bool has_load, has_entry;
	uint32_t load, entry;
	int comp; /* IH_COMP_* */
};

struct boot_state {
	struct boot_req req;
	struct uimage_info kui, rui; /* kernel / ramdisk headers (bootm) */
	struct zimage_info zi;       /* zImage header (bootz, or a uImage's payload) */
	bool payload_is_zimage;
	uintptr_t data;   /* kernel payload where it lies now */
	uintptr_t kstart; /* where it runs (after a move) */
	uint32_t ksize;   /* bytes incl. an appended DTB */
	int kcomp;        /* IH_COMP_* the kernel was decompressed from (0: none) */
	uint32_t kcsize;  /* its compressed bytes */
	uintptr_t entry;
	uint32_t reach; /* first byte the decompressor leaves alone */
	uint32_t initrd_start, initrd_size;
	uint32_t fdt_src, fdt_size, fdt_dst, fdt_bufsize;
	uintptr_t params; /* r2: DTB or ATAG list */
	uint32_t atags_len;
	const char *cmdline; /* bootargs after mtdparts= handling; NULL: none (DT: chosen left alone) */
	const char *
		kernel_cmdline; /* what Linux reads: cmdline, + phram.phram= on ATAGs; NULL: nothing set */
	struct mtdparts_cmdline_info mtdinfo; /* what was done to mtdparts= words, notes to print */
	bool no_mtd_table; /* bootargs_mtdparts=1 with no partitions: no mtdparts= at all */
	int mtdids_err;    /* mtdids did not parse (no translation): error, at mtdids_pos */
	size_t mtdids_pos;
	struct boot_fit_part fit_kernel, fit_ramdisk, fit_fdt;
	char err[160];         /* why boot_prepare failed, one line */
	uint32_t fdt_unpacked; /* a compressed DTB: where it was decompressed to (0: it was not) */
};

/* Memory picture used by the placement rules (pure, host-tested). */
struct boot_layout {
	uint32_t ram_base, ram_end; /* end exclusive */
	uint32_t fw_start, fw_end;
	uint32_t low; /* nothing may go below this (kernel reach) */
	uint32_t initrd_start, initrd_end;
	uint32_t kdata_start, kdata_end; /* kernel bytes still to be moved (the DTB is fixed up first) */
	uint32_t src_start, src_end;     /* the caller's DTB: kept intact when there is room elsewhere */
	uint32_t keep_start, keep_end;   /* a FIT whose parts still have to move: never placed over */
	const struct phram_region *regions;
	int nregions;
};

/* Highest 4 KiB-aligned [dst, dst+bufsize) under the firmware and phram regions, clear of the initrd
 * and the kernel's bytes still to be moved, at or above l->low; clear of the source DTB too unless
 * only a spot overlapping it is left. 0 or -ENOSPC. */
int boot_place_fdt(const struct boot_layout *l, uint32_t bufsize, uint32_t *dst);
/* The decompressor's worst-case reach for a kernel of size bytes at kstart (see docs/booting.md). */
uint32_t boot_kernel_reach(uint32_t ram_base, uint32_t kstart, uint32_t size);

/* [addr, addr+len) readable: inside a RAM or flash window of the board. */
bool boot_mem_readable(uintptr_t addr, size_t len);
/* Readable bytes from addr to the end of its RAM or flash window (0: not mapped). */
size_t boot_mem_avail(uintptr_t addr);

/* ---- FIT (boot/bootfit.c): which part of a FIT a bootm argument names */
struct fit_ref {
	uintptr_t addr;
	const char *conf;  /* "addr#conf"; "" the default configuration; NULL when image is set */
	const char *image; /* "addr:image" */
};
/* A FIT (FDT magic, checked structure, /images) at addr. */
bool boot_is_fit(uintptr_t addr);
/* The public keys built into the firmware (FIT_KEYS_DTB), NULL when none. */
const void *fit_builtin_keys(void);
/*
 * Find, check (signature of the configuration when a built-in key requires
 * it, then every hash) and take one part of a FIT into bs->req and
 * bs->fit_*. Nothing is written. 0 or negative errno with bs->err set;
 * -ENOENT from ramdisk/fdt when a configuration simply has none.
 */
int boot_fit_kernel(struct boot_state *bs, const struct fit_ref *ref);
int boot_fit_ramdisk(struct boot_state *bs, const struct fit_ref *ref);
int boot_fit_fdt(struct boot_state *bs, const struct fit_ref *ref);
/* A filesystem/ramdisk sub-image for phram (ref->image, or the first of the configuration's
 * loadables/ramdisk of type filesystem or ramdisk), checked like a boot part. */
int boot_fit_rootfs(struct boot_state *bs, const struct fit_ref *ref);
/* A script sub-image (bs->fit_kernel describes it). */
int boot_fit_script(struct boot_state *bs, const struct fit_ref *ref);

/* The command line Linux gets from bs->req (bootargs with mtdparts= translated through mtdids, or
 * replaced by the table in force; + phram.phram= on ATAG boots): bs->kernel_cmdline, with what the
 * translation noticed in bs->mtdinfo / bs->mtdids_err. 0 or negative errno with bs->err set. */
int boot_prepare_cmdline(struct boot_state *bs);

struct fdt_boot_info;
/* The DT fixups' settings every DT boot shares (memory, phram, partitions, MAC); bootargs and
 * initrd are the caller's */
void boot_fdt_info(const struct boot_state *bs, struct fdt_boot_info *info);

/* bs->err = the formatted one-line reason; returns err. */
int boot_fail(struct boot_state *bs, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Check everything, move the kernel to its load address, place/fix the DTB or write the ATAGs.
 * 0 or negative errno with bs->err set. Nothing is written before all checks passed. */
int boot_prepare(struct boot_state *bs);
/* Caches and MMU off, r0 = 0, r1 = machid, r2 = params, jump. */
__noreturn void boot_jump(const struct boot_state *bs);

#endif

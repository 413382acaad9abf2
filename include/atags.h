/* ATAG list builder for kernels without a device tree (mini2440, DT-less versatilepb). */
#ifndef FB_ATAGS_H
#define FB_ATAGS_H
#include "common.h"
#include "phram.h"

#define ATAG_NONE 0x00000000u
#define ATAG_CORE 0x54410001u
#define ATAG_MEM 0x54410002u
#define ATAG_INITRD2 0x54420005u
#define ATAG_CMDLINE 0x54410009u

#define ATAGS_OFFSET 0x100     /* from the start of RAM, where Linux looks by convention */
#define ATAGS_MAX_LEN 0x3f00   /* Linux builds its first page tables at RAM + 0x4000 */
#define ATAGS_CMDLINE_MAX 1024 /* ARM COMMAND_LINE_SIZE, with the NUL */
#define ATAGS_MAX_BANKS (PHRAM_MAX + 1)

struct atag_bank {
	uint32_t start, size;
};

struct atag_params {
	uint32_t ram_base, ram_size;
	const struct phram_region *regions; /* NULL or an array of nregions */
	int nregions;
	const char *bootargs;               /* NULL: empty */
	uint32_t initrd_start, initrd_size; /* size 0: no ATAG_INITRD2 */
};

/* RAM minus the phram regions, as up to max banks in address order; returns the count or -ENOSPC/-EINVAL. */
int atags_mem_banks(uint32_t ram_base, uint32_t ram_size, const struct phram_region *r, int n,
		    struct atag_bank *out, int max);
/* bootargs + " phram.phram=<label>,0x<start>,0x<size>" per region; length or -E2BIG (does not fit in size). */
int atags_cmdline(char *buf, size_t size, const char *bootargs, const struct phram_region *r, int n);
/* CORE, MEM..., CMDLINE (when not empty), INITRD2 (when given), NONE into buf (4-byte aligned).
 * Returns bytes written, -ENOSPC (buf too small), -E2BIG (command line over 1023 chars), -EINVAL. */
int atags_build(void *buf, size_t size, const struct atag_params *p);

#endif

/* phram regions: RAM areas handed to Linux as MTD devices (DT /reserved-memory or phram.phram=). */
#ifndef FB_PHRAM_H
#define FB_PHRAM_H
#include "common.h"

#define PHRAM_MAX 4

struct phram_region {
	char label[32];
	uint32_t addr;
	uint32_t size;
};

/* -EINVAL bad label/size/alignment, -ERANGE outside RAM or over the firmware,
 * -EBUSY overlapping another region, -EEXIST label in use, -ENOSPC table full */
int phram_add(const char *label, uint32_t addr, uint32_t size);
int phram_del(const char *label);          /* -ENOENT */
int phram_count(void);
const struct phram_region *phram_get(int i);
/* true when [addr, addr+size) overlaps any region (the boot code refuses such kernels/initrds) */
const struct phram_region *phram_overlap(uint32_t addr, uint32_t size);

#endif

/* A phram region as data: what the boot code hands to the DT fixups and the ATAG builder (no functions:
 * any layer may include it; the table itself is boot/phram.c's, include/phram.h). */
#ifndef FB_PHRAM_REGION_H
#define FB_PHRAM_REGION_H
#include "common.h"

#define PHRAM_MAX 4

struct phram_region {
	char label[32];
	uint32_t addr;
	uint32_t size;
};

#endif

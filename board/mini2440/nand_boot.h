/* The mini2440 NAND-boot stage: loader entry, run from the Steppingstone by lowlevel.S. */
#ifndef MINI2440_NAND_BOOT_H
#define MINI2440_NAND_BOOT_H
#include <stdint.h>
#include "defaults.h"

/*
 * The stage reads the u-boot partition only (defaults.h): its blocks are
 * the whole walk, and an image longer than the partition cannot be in it.
 */
#define NAND_BOOT_PART_SIZE MINI2440_UBOOT_SIZE
#define NAND_BOOT_MAX_LEN NAND_BOOT_PART_SIZE

/*
 * Copy the firmware from the u-boot partition (NAND offset 0,
 * NAND_BOOT_PART_SIZE bytes) into dst (its link address), skipping blocks
 * whose factory marker is not 0xFF and never reading past the partition, then check the fw_header
 * found at dst + hdr_off (magic, length, CRC-32 of the image with its CRC word
 * zero). nfconf_timing holds the NFCONF TACLS/TWRPH0/TWRPH1 fields. Reads whole
 * pages, so up to one page past the image end is written too (into BSS).
 * Returns the image length, or a negative errno: -ENOEXEC no header,
 * -E2BIG bad length, -EBADMSG CRC mismatch, -ETIMEDOUT NAND stuck busy,
 * -ENOSPC the partition's good blocks ran out before the image did.
 */
int nand_boot_load(uint32_t hdr_off, uint8_t *dst, uint32_t nfconf_timing);

#endif

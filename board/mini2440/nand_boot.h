/* The mini2440 NAND-boot stage: loader entry, run from the Steppingstone by lowlevel.S. */
#ifndef MINI2440_NAND_BOOT_H
#define MINI2440_NAND_BOOT_H
#include <stdint.h>

/* Largest image the stage accepts (the firmware's 2 MiB window) */
#define NAND_BOOT_MAX_LEN 0x200000u

/*
 * Copy the firmware from the start of NAND into dst (its link address),
 * skipping blocks whose factory marker is not 0xFF, then check the fw_header
 * found at dst + hdr_off (magic, length, CRC-32 of the image with its CRC word
 * zero). nfconf_timing holds the NFCONF TACLS/TWRPH0/TWRPH1 fields. Reads whole
 * pages, so up to one page past the image end is written too (into BSS).
 * Returns the image length, or a negative errno: -ENOEXEC no header,
 * -E2BIG bad length, -EBADMSG CRC mismatch, -ETIMEDOUT NAND stuck busy,
 * -ENOSPC ran out of blocks.
 */
int nand_boot_load(uint32_t hdr_off, uint8_t *dst, uint32_t nfconf_timing);

#endif

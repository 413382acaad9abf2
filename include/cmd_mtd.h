/* Helpers shared by the flash commands (nor, nand, mtd, flinfo, erase, protect, phram). */
#ifndef FB_CMD_MTD_H
#define FB_CMD_MTD_H
#include "mtd.h"

/*
 * Resolve "<off|partition> [size]" at argv[i..]: a partition name (or any
 * registered device name) gives that device, offset 0 and its size; a number
 * is an offset in dev with a size that must follow unless size_optional
 * (then: to the end). Prints a one-line error and returns -errno.
 */
int cmd_mtd_target(struct mtd_info *dev, int argc, char *const argv[], int i, bool size_optional,
		   struct mtd_info **out, uint64_t *off, uint64_t *size);

/* mtd_write from a CPU address, through a RAM bounce buffer when that address lies in the
 * memory-mapped chip being written (it reads status while it programs). */
int mtd_write_from_ram(struct mtd_info *m, uint64_t off, size_t len, uintptr_t src);

/* One-line "## Error: <what> failed at 0x..: <reason>" for an MTD errno. Returns 1. */
int cmd_mtd_error(const char *what, struct mtd_info *mtd, uint64_t off, int err);

const char *mtd_type_str(const struct mtd_info *mtd);
void print_size(uint64_t size, const char *suffix); /* "64 MiB", "128 KiB", "512 Bytes" */

/* Erase blocks of a device (any number of erase regions). */
uint32_t mtd_block_count(struct mtd_info *mtd);
void mtd_block_get(struct mtd_info *mtd, uint32_t idx, uint64_t *start, uint32_t *size);

/* Percent progress for long operations, printed at most every 10 %. */
void cmd_progress_begin(const char *what, uint64_t total);
void cmd_progress(uint64_t done);
void cmd_progress_end(void);

#endif

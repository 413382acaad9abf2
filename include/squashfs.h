/* squashfs 4.0 superblock check: how many bytes of a partition are the filesystem. */
#ifndef FB_SQUASHFS_H
#define FB_SQUASHFS_H
#include "common.h"

#define SQUASHFS_MAGIC 0x73717368u /* "hsqs" little-endian */
#define SQUASHFS_SB_LEN 96

struct squashfs_info {
	uint32_t inodes, mkfs_time, block_size, fragments;
	uint16_t compression, block_log, flags, no_ids, major, minor;
	uint64_t bytes_used;
	uint64_t inode_table, directory_table;
};

/*
 * Check the superblock at sb (len bytes available) of a filesystem in a
 * partition of part_size bytes (0: unknown, not checked). Returns 0,
 * -ENOEXEC (no "hsqs" magic), -EPROTONOSUPPORT (not version 4.0),
 * -EINVAL (block size/log inconsistent, tables beyond bytes_used, len < 96),
 * -EFBIG (bytes_used larger than the partition). si is filled as far as read.
 */
int squashfs_check(const void *sb, size_t len, uint64_t part_size, struct squashfs_info *si);

const char *squashfs_comp_name(uint16_t id); /* "gzip", "xz", ... */

#endif

/* squashfs 4.0 superblock parsing and sanity checks (little-endian on-disk format). */
#include "squashfs.h"
#include "image.h"

int squashfs_check(const void *sb, size_t len, uint64_t part_size, struct squashfs_info *si)
{
	const uint8_t *p = sb;

	memset(si, 0, sizeof(*si));
	if (len < 4 || get_le32(p) != SQUASHFS_MAGIC)
		return -ENOEXEC;
	if (len < SQUASHFS_SB_LEN)
		return -EINVAL;
	si->inodes = get_le32(p + 4);
	si->mkfs_time = get_le32(p + 8);
	si->block_size = get_le32(p + 12);
	si->fragments = get_le32(p + 16);
	si->compression = get_le16(p + 20);
	si->block_log = get_le16(p + 22);
	si->flags = get_le16(p + 24);
	si->no_ids = get_le16(p + 26);
	si->major = get_le16(p + 28);
	si->minor = get_le16(p + 30);
	si->bytes_used = get_le64(p + 40);
	si->inode_table = get_le64(p + 64);
	si->directory_table = get_le64(p + 72);

	if (si->major != 4 || si->minor != 0)
		return -EPROTONOSUPPORT;
	/* Linux accepts 4 KiB..1 MiB blocks whose log matches the size */
	if (si->block_log < 12 || si->block_log > 20 || si->block_size != 1u << si->block_log)
		return -EINVAL;
	if (si->bytes_used < SQUASHFS_SB_LEN)
		return -EINVAL;
	if (si->inode_table >= si->bytes_used || si->directory_table >= si->bytes_used ||
	    si->inode_table < SQUASHFS_SB_LEN || si->directory_table < si->inode_table)
		return -EINVAL;
	if (part_size && si->bytes_used > part_size)
		return -EFBIG;
	return 0;
}

const char *squashfs_comp_name(uint16_t id)
{
	static const char *const names[] = { "?", "gzip", "lzma", "lzo", "xz", "lz4", "zstd" };

	return id < ARRAY_SIZE(names) ? names[id] : "unknown";
}

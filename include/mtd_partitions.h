/* The partition table in force: $mtdids and $mtdparts parsed, resolved and registered (mtd/partitions.c). */
#ifndef FB_MTD_PARTITIONS_H
#define FB_MTD_PARTITIONS_H
#include "common.h"

/*
 * Register the partitions mtdparts describes (NULL or "": none) on the devices
 * mtdids maps its mtd-ids to, all or none: the old partitions go first. 0 or
 * -errno (-EINVAL syntax, -ENOENT mtd-id not in mtdids, -ENODEV no such
 * device, -EEXIST duplicate name, -E2BIG name too long, -EBUSY a device with
 * two lists). The lines a user should see (Linux's warnings, the error and
 * "## Error: no partitions registered") are in mtdparts_messages().
 * The environment calls it whenever $mtdids or $mtdparts changes (an
 * ENV_CALLBACK): setenv of a value that does not parse is refused.
 */
int mtdparts_update(const char *mtdids, const char *mtdparts);
const char *mtdparts_messages(void); /* of the last mtdparts_update(), "" when none */
int mtdparts_status(void);           /* its result: 0 when the table in force is $mtdparts */

/*
 * Listing and editing as `mtdparts` does, on the given variable values (the
 * messages of a refusal in mtdparts_messages()):
 * - for_each_dev: fn(device, its mtd-id) for each mtddef whose device exists;
 *   the number of mtddefs or a parse error.
 * - add_part / del_part: the new $mtdparts text in buf (not the mtdparts
 *   string itself; "" when no partition is left), for the caller to set; 0 or -errno (-ENODEV no such master,
 *   -ENOENT no mtdids entry / no such partition, -EBUSY overlap, -EINVAL does
 *   not fit, -EEXIST name taken, -ENOSPC buf).
 */
struct mtd_info;
struct mtdparts_new {
	const char *dev; /* our master device, e.g. "nor0" */
	uint64_t size;
	uint64_t offset;  /* MTDPARTS_OFS_APPEND: after the last partition */
	const char *name; /* NULL or "": Linux's Partition_NNN */
	uint32_t flags;   /* MTDPARTS_F_RO */
};
int mtdparts_for_each_dev(const char *mtdids, const char *mtdparts,
			  void (*fn)(struct mtd_info *m, const char *id, void *arg), void *arg);
int mtdparts_add_part(const char *mtdids, const char *mtdparts, const struct mtdparts_new *np, char *buf,
		      size_t size);
int mtdparts_del_part(const char *mtdids, const char *mtdparts, const char *name, char *buf,
		      size_t size);

#endif

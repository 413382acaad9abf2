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

#endif

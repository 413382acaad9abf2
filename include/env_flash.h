/* Environment storage in flash: U-Boot's on-flash format, single or redundant copies. */
#ifndef FB_ENV_FLASH_H
#define FB_ENV_FLASH_H

#include "common.h"
#include "mtd.h"

/*
 * One copy of the environment is `size` bytes (U-Boot's CONFIG_ENV_SIZE):
 *   u32 crc (little-endian, CRC-32/IEEE over the whole data area)
 *   u8  flags            (redundant environments only)
 *   data: "name=value\0name=value\0\0" padded to the end of the copy
 */
#define ENV_HDR_SIZE 4u
#define ENV_HDR_SIZE_REDUND 5u

#define ENV_FLAG_OBSOLETE 0x00 /* boolean scheme: superseded copy */
#define ENV_FLAG_ACTIVE 0x01   /* boolean scheme: current copy */

#define ENV_PAD_BYTE 0xff /* what we (and mkenvimage) pad with; U-Boot pads with 0x00 */

/* How the flag bytes of two redundant copies are compared. */
enum env_flag_scheme {
	ENV_FLAGS_AUTO = 0, /* counter on NAND-like devices, boolean on NOR/RAM */
	ENV_FLAGS_BOOLEAN,  /* NOR: new copy 1 (active), old copy's flag programmed to 0 */
	ENV_FLAGS_COUNTER,  /* NAND: serial number, higher wins, 255 -> 0 wraps */
};

/*
 * Where the board keeps its environment. Offsets are relative to mtd (a
 * device or a partition).
 * NOR/RAM: a copy may start anywhere; saving erases the erase block(s)
 * covering it and writes back whatever else they held.
 * NAND (mtd->writesize > 1 or a block_isbad op): each copy starts on a block
 * boundary and may spread over `range` bytes, skipping bad blocks
 * (U-Boot's CONFIG_ENV_RANGE).
 */
struct env_location {
	struct mtd_info *mtd;
	uint64_t offset;        /* copy 0 */
	uint64_t offset_redund; /* copy 1, when redundant */
	uint32_t size;          /* one copy, header included */
	uint32_t sect_size;     /* erase unit reported in fw_env.config; 0: from the mtd */
	uint32_t range;         /* NAND: span of each copy; 0: size rounded up to blocks */
	bool redundant;
	enum env_flag_scheme scheme;
};

/* Result of a load, and of a save (which copy now holds the new data). */
struct env_load_info {
	int copy;                    /* copy used/written: 0 or 1; -1 when none was good */
	uint8_t flags;               /* its flag byte (redundant), else 0 */
	int status[2];               /* per copy: 0 good CRC, -EBADMSG bad CRC, other -errno unreadable;
				      * status[1] is -ENODEV when not redundant; ENV_UNCHECKED: the
				      * copy not used was not read (env_flash_check_other()) */
	uint8_t copy_flags[2];       /* flag byte read from each copy (redundant, readable) */
	enum env_flag_scheme scheme; /* resolved scheme */
	size_t used;                 /* data bytes up to and including the final empty entry */
	bool degraded;               /* redundant and the other copy is known bad or unreadable */
};

/* Parsed view of one in-memory copy. */
struct env_image {
	const char *data; /* the data area inside the image */
	size_t data_size; /* its size: size - header */
	size_t used;      /* bytes up to and including the terminating empty entry
			     * (data_size when the area holds no terminator; 0 on a bad CRC) */
	uint32_t crc;     /* stored CRC */
	uint8_t flags;    /* flag byte (redundant), else 0 */
};

/* Data bytes one copy holds (size - header), 0 when size is too small. */
size_t env_data_size(size_t size, bool redundant);

/*
 * Build one copy of `size` bytes in img from len bytes of "a=b\0c=d\0..."
 * (entries up to the first empty one or len; a missing final terminator is
 * added). The rest of the data area is filled with pad. Returns the data
 * bytes used (terminator included) or -ENOSPC / -EINVAL.
 */
int env_image_build(void *img, size_t size, bool redundant, uint8_t flags, const char *data, size_t len,
		    uint8_t pad);

/* Check one copy in memory: 0 with *out filled, -EBADMSG on a CRC mismatch
 * (out still filled), -EINVAL when size is too small. */
int env_image_parse(const void *img, size_t size, bool redundant, struct env_image *out);

/* Which copy (0 or 1) to use when both CRCs are good: U-Boot's rules. */
int env_redund_choose(enum env_flag_scheme scheme, uint8_t flags0, uint8_t flags1);

/* The scheme a location uses once ENV_FLAGS_AUTO is resolved. */
enum env_flag_scheme env_flash_scheme(const struct env_location *loc);

/*
 * Read the environment: copies the chosen copy's used data (info->used bytes,
 * up to the empty entry that ends the set) into data, whose data_size must
 * still hold a whole data area (>= env_data_size(loc->size, loc->redundant));
 * the rest of data is left alone. Returns 0,
 * -EBADMSG when no copy has a good CRC, -EIO (or the driver's error) when
 * no copy could be read, -EINVAL for a bad location or buffer, -ENOMEM.
 * info may be NULL.
 */
int env_flash_load(const struct env_location *loc, char *data, size_t data_size,
		   struct env_load_info *info);

/* status[] of a copy the load did not need to read */
#define ENV_UNCHECKED 1

/*
 * After a good redundant load: read and check the copy not used when the load
 * left it ENV_UNCHECKED, updating info (status, copy_flags, degraded).
 * Returns its status (0, -EBADMSG, -errno) or -EINVAL.
 */
int env_flash_check_other(const struct env_location *loc, struct env_load_info *info);

/*
 * Write len bytes of "a=b\0...\0" as the new environment. Redundant: the
 * copy not in use is erased and written, then (boolean scheme) the old
 * copy's flag is programmed to obsolete; a power cut at any step leaves the
 * old or the new environment readable. Single copy: erase + write, a power
 * cut loses it (load then says -EBADMSG). Returns 0 or -errno; info (may be
 * NULL) says which copy was written and with which flag.
 */
int env_flash_save(const struct env_location *loc, const char *data, size_t len,
		   struct env_load_info *info);

/*
 * fw_env.config line(s) for Linux's fw_printenv: "<dev> 0x<off> 0x<size>
 * 0x<sect>[ <nsect>]\n" per copy, linux_dev naming the device that
 * loc->mtd is in Linux (e.g. "/dev/mtd1"). Returns the length or -ENOSPC.
 */
int env_flash_fw_config(const struct env_location *loc, const char *linux_dev, char *buf, size_t size);

/* The board's environment in flash at board_desc.env_* (env/env_board.c): boards point
 * board_desc.env here. */
extern const struct env_backend env_flash_backend;

#endif

/* The bad-block engine: read, write, erase and scrub over any MTD, skipping bad blocks, in chunks a caller can follow and stop. */
#ifndef FB_MTD_IO_H
#define FB_MTD_IO_H
#include "mtd.h"

#define MTD_IO_SKIP_BAD 0x01 /* skip bad and reserved blocks (U-Boot's nand read/write/erase) */
#define MTD_IO_ERASE 0x02    /* write: erase each block just before programming it */
#define MTD_IO_SPREAD 0x04   /* erase: len counts good blocks only (nand erase.spread) */
#define MTD_IO_SCRUB 0x08    /* erase: bad blocks too, never BBT blocks (nand scrub) */
#define MTD_IO_GO_ON 0x10    /* erase: a failing block is reported and the erase goes on */

/*
 * What a caller sees of a long operation. progress() runs after every chunk
 * (an erase block, or 64 KiB of a NOR transfer) with the bytes done so far
 * and the offset reached; a non-zero return stops the operation with -EINTR
 * (a command polls ctrlc() there). block() tells about a skipped bad or
 * reserved block (code MTD_BLOCK_BAD/MTD_BLOCK_RESERVED) or, with
 * MTD_IO_GO_ON, a block that failed (code = -errno). Both may be NULL.
 */
struct mtd_io_cb {
	int (*progress)(void *arg, uint64_t done, uint64_t at);
	void (*block)(void *arg, uint64_t at, int code);
	void *arg;
};

/* One request and what became of it. */
struct mtd_io {
	struct mtd_info *mtd;
	uint64_t off, len;
	uint64_t limit; /* end of the area the data may spread to; 0: end of mtd */
	unsigned int flags;
	const struct mtd_io_cb *cb;
	/* results */
	uint64_t done;      /* bytes moved or erased (good blocks only) */
	uint64_t pos;       /* where it stopped: the offset after the last chunk, or of the failure */
	uint32_t skipped;   /* bad/reserved blocks skipped */
	uint32_t failed;    /* erase with MTD_IO_GO_ON: blocks that failed */
	uint32_t corrected; /* read: chunks whose bitflips were corrected */
};

/*
 * 0 or -errno: -ENOSPC (the data do not fit before limit once bad blocks are
 * skipped; nothing was done), -EINTR (progress() said stop), -EINVAL (range,
 * alignment: a write starts on a page, an erase covers whole blocks), or the
 * MTD's error (-EIO, -EBADMSG, -EROFS...). A read with corrected bitflips
 * returns 0 and counts them in corrected. A write's last partial page is
 * padded with 0xFF. A source inside the memory-mapped chip being written is
 * copied through RAM (the chip reads status while it programs).
 */
int mtd_io_read(struct mtd_io *io, void *buf);
int mtd_io_write(struct mtd_io *io, const void *buf);
int mtd_io_erase(struct mtd_io *io);

/* Bytes of good blocks from off up to limit (0: the end), counted up to want. */
int mtd_io_room(struct mtd_info *mtd, uint64_t off, uint64_t want, uint64_t limit, uint64_t *room);

#endif

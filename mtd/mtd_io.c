/* The bad-block engine: U-Boot's nand read/write/erase/scrub semantics over any MTD, chunk by chunk, stoppable. */
#include <stdlib.h>
#include "mtd_io.h"

#define NOR_CHUNK SZ_64K /* progress and Ctrl-C granularity where blocks are not the unit */
#define BOUNCE 4096

static int io_begin(struct mtd_io *io)
{
	struct mtd_info *mtd = io->mtd;

	io->done = io->skipped = io->failed = io->corrected = 0;
	io->pos = io->off;
	if (!io->limit || io->limit > mtd->size)
		io->limit = mtd->size;
	return io->off > io->limit ? -EINVAL : 0;
}

/* After a chunk: tell the caller; a non-zero answer stops with -EINTR. */
static int io_step(struct mtd_io *io, uint64_t done)
{
	if (io->cb && io->cb->progress && io->cb->progress(io->cb->arg, done, io->pos))
		return -EINTR;
	return 0;
}

static void io_block(struct mtd_io *io, uint64_t at, int code)
{
	if (io->cb && io->cb->block)
		io->cb->block(io->cb->arg, at, code);
}

/* The next piece at io->pos, up to want bytes, skipping bad blocks when asked: *n (0 at the limit). */
static int next_piece(struct mtd_io *io, uint64_t want, bool quiet, uint64_t *n)
{
	for (;;) {
		uint64_t pos = io->pos, blk, end;
		uint32_t bs;
		int r = 0;

		*n = 0;
		if (pos >= io->limit)
			return 0;
		bs = mtd_erasesize_at(io->mtd, pos);
		if (!bs)
			return -EINVAL;
		blk = pos - pos % bs;
		if (io->flags & MTD_IO_SKIP_BAD)
			r = mtd_block_isbad(io->mtd, blk);
		if (r < 0)
			return r;
		if (r) {
			if (!quiet) {
				io->skipped++;
				io_block(io, blk, r);
			}
			io->pos = blk + bs;
			continue;
		}
		end = MIN(blk + bs, io->limit);
		*n = MIN(want, end - pos);
		if (!(io->flags & MTD_IO_SKIP_BAD))
			*n = MIN(*n, (uint64_t)NOR_CHUNK);
		return 0;
	}
}

int mtd_io_room(struct mtd_info *mtd, uint64_t off, uint64_t want, uint64_t limit, uint64_t *room)
{
	struct mtd_io io = { .mtd = mtd, .off = off, .limit = limit, .flags = MTD_IO_SKIP_BAD };
	uint64_t n;
	int r = io_begin(&io);

	*room = 0;
	while (!r && *room < want) {
		r = next_piece(&io, want - *room, true, &n);
		if (!n)
			break;
		*room += n;
		io.pos += n;
	}
	return r;
}

/* Would want bytes fit between off and the limit? */
static int io_fits(struct mtd_io *io, uint64_t want)
{
	uint64_t room;
	int r;

	if (!(io->flags & MTD_IO_SKIP_BAD))
		return want > io->limit - io->off ? -ENOSPC : 0;
	r = mtd_io_room(io->mtd, io->off, want, io->limit, &room);
	return r ? r : room < want ? -ENOSPC : 0;
}

int mtd_io_read(struct mtd_io *io, void *buf)
{
	uint8_t *p = buf;
	uint64_t n;
	int r = io_begin(io);

	if (!r)
		r = io_fits(io, io->len);
	while (!r && io->done < io->len) {
		r = next_piece(io, io->len - io->done, false, &n);
		if (!r && !n)
			r = -ENOSPC;
		if (!r)
			r = mtd_read(io->mtd, io->pos, (size_t)n, p + io->done);
		if (r == -EUCLEAN) {
			io->corrected++;
			r = 0;
		}
		if (r)
			break;
		io->done += n;
		io->pos += n;
		r = io_step(io, io->done);
	}
	return r;
}

/* Program n bytes at pos: the last partial page padded with 0xFF, a source in the chip via RAM. */
static int write_piece(struct mtd_io *io, uint64_t pos, uint64_t n, const uint8_t *src)
{
	struct mtd_info *master = mtd_master(io->mtd);
	uint32_t ws = io->mtd->writesize ? io->mtd->writesize : 1;
	bool in_chip = (master->flags & MTD_MAPPED) && (uintptr_t)src < master->mapped + master->size &&
		       master->mapped < (uintptr_t)src + n;
	uint64_t full = in_chip ? 0 : n - n % ws;
	uint8_t *tmp;
	int r = full ? mtd_write(io->mtd, pos, (size_t)full, src) : 0;

	if (r || full == n)
		return r;
	tmp = malloc(in_chip ? BOUNCE : ws);
	if (!tmp)
		return -ENOMEM;
	for (uint64_t i = full; !r && i < n;) {
		uint64_t k = in_chip ? MIN((uint64_t)BOUNCE, n - i) : n - i;
		uint64_t w = in_chip ? k : ws;

		memset(tmp, 0xff, (size_t)w);
		memcpy(tmp, src + i, (size_t)k);
		r = mtd_write(io->mtd, pos + i, (size_t)w, tmp);
		i += k;
	}
	free(tmp);
	return r;
}

int mtd_io_write(struct mtd_io *io, const void *buf)
{
	const uint8_t *p = buf;
	uint32_t ws = io->mtd->writesize ? io->mtd->writesize : 1;
	uint64_t n, left;
	int r = io_begin(io);

	if (!r && io->off % ws)
		r = -EINVAL;
	if (!r && (io->flags & MTD_IO_ERASE) && !mtd_is_erase_aligned(io->mtd, io->off))
		r = -EINVAL;
	/* the last page is padded, so it needs room for a whole page */
	if (!r)
		r = io_fits(io, ALIGN_UP(io->len, (uint64_t)ws));
	while (!r && io->done < io->len) {
		left = io->len - io->done;
		r = next_piece(io, ALIGN_UP(left, (uint64_t)ws), false, &n);
		if (!r && !n)
			r = -ENOSPC;
		if (!r && (io->flags & MTD_IO_ERASE) && mtd_is_erase_aligned(io->mtd, io->pos))
			r = mtd_erase(io->mtd, io->pos, mtd_erasesize_at(io->mtd, io->pos));
		if (!r)
			r = write_piece(io, io->pos, MIN(n, left), p + io->done);
		if (r)
			break;
		io->done += MIN(n, left);
		io->pos += n;
		r = io_step(io, io->done);
	}
	return r;
}

/* One block of an erase: 0 done, 1 skipped, or -errno. */
static int erase_block(struct mtd_io *io, uint32_t bs)
{
	int code = 0;

	if (io->flags & (MTD_IO_SKIP_BAD | MTD_IO_SCRUB))
		code = mtd_block_isbad(io->mtd, io->pos);
	if (code == MTD_BLOCK_RESERVED || (code > 0 && !(io->flags & MTD_IO_SCRUB))) {
		io->skipped++;
		io_block(io, io->pos, code);
		return 1;
	}
	if (code < 0)
		return code;
	return code ? mtd_block_scrub(io->mtd, io->pos) : mtd_erase(io->mtd, io->pos, bs);
}

int mtd_io_erase(struct mtd_io *io)
{
	bool spread = io->flags & MTD_IO_SPREAD;
	uint64_t end = io->off + io->len;
	int r = io_begin(io);

	if (!r && (!mtd_is_erase_aligned(io->mtd, io->off) ||
		   (!spread && (end > io->limit || !mtd_is_erase_aligned(io->mtd, end)))))
		r = -EINVAL;
	while (!r && (spread ? io->done < io->len : io->pos < end)) {
		uint32_t bs = mtd_erasesize_at(io->mtd, io->pos);

		if (io->pos >= io->limit) {
			r = -ENOSPC;
			break;
		}
		r = erase_block(io, bs);
		if (r < 0 && (io->flags & MTD_IO_GO_ON)) {
			/* U-Boot's nand erase reports a failing block and goes on */
			io->failed++;
			io_block(io, io->pos, r);
			r = 1;
		}
		if (r < 0)
			break;
		if (!r)
			io->done += bs;
		io->pos += bs;
		r = io_step(io, spread ? io->done : io->pos - io->off);
	}
	if (io->flags & MTD_IO_SCRUB) {
		/* the table records the scrubbed blocks as good, also after a Ctrl-C */
		int sr = mtd_sync(io->mtd);

		if (!r)
			r = sr;
	}
	return r;
}

/* Bad-block-skipping read/write/erase over any MTD, with U-Boot's "nand read/write/erase" semantics. */
#include <stdlib.h>
#include "mtd.h"
#include "nand.h"

/* Next chunk: skip bad/reserved blocks, return bytes usable at *cur (0 = limit hit). */
static int next_chunk(struct mtd_info *mtd, uint64_t *cur, uint64_t limit, size_t want,
		      size_t *n)
{
	for (;;) {
		uint32_t bs;
		uint64_t blk, end;
		int r;

		if (*cur >= limit) {
			*n = 0;
			return 0;
		}
		bs = mtd_erasesize_at(mtd, *cur);
		if (!bs)
			return -EINVAL;
		blk = *cur - *cur % bs;
		r = mtd_block_isbad(mtd, blk);
		if (r < 0)
			return r;
		end = MIN(blk + bs, limit);
		if (r) {
			*cur = blk + bs;
			continue;
		}
		*n = (size_t)MIN((uint64_t)want, end - *cur);
		return 0;
	}
}

static int check_args(struct mtd_info *mtd, uint64_t off, uint64_t *limit)
{
	if (!*limit || *limit > mtd->size)
		*limit = mtd->size;
	if (off > *limit)
		return -EINVAL;
	return 0;
}

/* Would len bytes fit between off and limit once bad blocks are skipped? */
static int check_fit(struct mtd_info *mtd, uint64_t off, size_t len, uint64_t limit)
{
	uint64_t cur = off;
	size_t n;
	int r;

	while (len) {
		r = next_chunk(mtd, &cur, limit, len, &n);
		if (r)
			return r;
		if (!n)
			return -ENOSPC;
		len -= n;
		cur += n;
	}
	return 0;
}

int mtd_read_skip_bad(struct mtd_info *mtd, uint64_t off, size_t len, uint64_t limit,
		      void *buf, uint64_t *actual)
{
	uint8_t *p = buf;
	uint64_t cur = off;
	int r, cleaned = 0;
	size_t n;

	if (actual)
		*actual = 0;
	r = check_args(mtd, off, &limit);
	if (!r)
		r = check_fit(mtd, off, len, limit);
	if (r)
		return r;
	while (len) {
		r = next_chunk(mtd, &cur, limit, len, &n);
		if (!r && !n)
			r = -ENOSPC;
		if (!r) {
			r = mtd_read(mtd, cur, n, p);
			if (r == -EUCLEAN) {
				cleaned++;
				r = 0;
			}
		}
		if (r)
			break;
		p += n;
		len -= n;
		cur += n;
	}
	if (actual)
		*actual = cur - off;
	return r ? r : cleaned;
}

int mtd_write_skip_bad(struct mtd_info *mtd, uint64_t off, size_t len, uint64_t limit,
		       const void *buf, uint64_t *actual)
{
	const uint8_t *p = buf;
	uint32_t ws = mtd->writesize ? mtd->writesize : 1;
	uint64_t cur = off;
	uint8_t *tail = NULL;
	size_t n;
	int r;

	if (actual)
		*actual = 0;
	r = check_args(mtd, off, &limit);
	if (!r && off % ws)
		r = -EINVAL;
	/* the last page is padded, so it needs room for a whole page */
	if (!r)
		r = check_fit(mtd, off, (size_t)ALIGN_UP((uint64_t)len, (uint64_t)ws), limit);
	if (r)
		return r;
	while (len) {
		r = next_chunk(mtd, &cur, limit, (size_t)ALIGN_UP((uint64_t)len, (uint64_t)ws), &n);
		if (!r && !n)
			r = -ENOSPC;
		if (r)
			break;
		if (n > len) {
			/* partial last page: pad with 0xFF (erased state) */
			size_t full = len - len % ws;

			if (full) {
				r = mtd_write(mtd, cur, full, p);
				if (r)
					break;
				cur += full;
				p += full;
				len -= full;
			}
			tail = malloc(ws);
			if (!tail) {
				r = -ENOMEM;
				break;
			}
			memset(tail, 0xff, ws);
			memcpy(tail, p, len);
			r = mtd_write(mtd, cur, ws, tail);
			free(tail);
			if (r)
				break;
			cur += ws;
			len = 0;
			break;
		}
		r = mtd_write(mtd, cur, n, p);
		if (r)
			break;
		p += n;
		len -= n;
		cur += n;
	}
	if (actual)
		*actual = cur - off;
	return r;
}

int mtd_erase_skip_bad(struct mtd_info *mtd, uint64_t off, uint64_t len,
		       void (*on_skip)(void *ctx, uint64_t ofs, int code), void *ctx,
		       uint64_t *fail_ofs)
{
	uint64_t cur = off, end = off + len;
	int skipped = 0, r;

	if (off > mtd->size || len > mtd->size - off)
		return -EINVAL;
	if (!mtd_is_erase_aligned(mtd, off) || !mtd_is_erase_aligned(mtd, end))
		return -EINVAL;
	while (cur < end) {
		uint32_t bs = mtd_erasesize_at(mtd, cur);

		r = mtd_block_isbad(mtd, cur);
		if (r < 0)
			return r;
		if (r) {
			if (on_skip)
				on_skip(ctx, cur, r);
			skipped++;
		} else {
			r = mtd_erase(mtd, cur, bs);
			if (r) {
				if (fail_ofs)
					*fail_ofs = cur;
				return r;
			}
		}
		cur += bs;
	}
	return skipped;
}

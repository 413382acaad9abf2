/* zstd for image_decompress(): Linux's lib/zstd decoder (built from linux-source-6.1) driven through
 * its buffer-less streaming API (ZSTD_decompressBegin/ZSTD_nextSrcSizeToDecompress/
 * ZSTD_decompressContinue), one frame header, block header or block per step, so that stop() is asked
 * after every block that wrote output (at most 128 KiB). The output goes straight to dst, contiguous, so a
 * block's matches reach back into what the frame wrote before it: no window buffer. Frames may follow
 * one another (each checked on its own; skippable frames skipped); every frame's content checksum
 * (the zstd tool writes one) is checked. The decoder's state is on the heap. */
#include <linux/zstd.h>
#include <errno.h>
#include <stdlib.h>
#include "decompress.h"

static int zstd_errno(size_t ret)
{
	return zstd_get_error_code(ret) == ZSTD_error_dstSize_tooSmall ? -ENOSPC : -EBADMSG;
}

/* the frame at s (at most len bytes) into dst + *pos: its length or negative errno */
static long zstd_frame(zstd_dctx *dctx, const uint8_t *s, size_t len, uint8_t *dst, size_t dstmax,
		       size_t *pos, bool (*stop)(void))
{
	size_t off = 0, next, ret;

	ZSTD_decompressBegin(dctx);
	while ((next = ZSTD_nextSrcSizeToDecompress(dctx)) != 0) {
		if (next > len - off)
			return -EBADMSG; /* the input ends inside the frame */
		ret = ZSTD_decompressContinue(dctx, dst + *pos, dstmax - *pos, s + off, next);
		if (zstd_is_error(ret))
			return zstd_errno(ret);
		off += next;
		*pos += ret;
		if (ret && stop && stop()) /* after a block that wrote output */
			return -EINTR;
	}
	return (long)off;
}

int decomp_zstd(const void *src, size_t srclen, void *dst, size_t dstmax, size_t *outlen,
		bool (*stop)(void))
{
	size_t wsize = zstd_dctx_workspace_bound(), off = 0, pos = 0;
	void *ws = malloc(wsize);
	zstd_dctx *dctx = ws ? zstd_init_dctx(ws, wsize) : NULL;
	long n = -EBADMSG; /* no input is no frame */

	while (dctx && off < srclen) {
		n = zstd_frame(dctx, (const uint8_t *)src + off, srclen - off, dst, dstmax, &pos, stop);
		if (n < 0)
			break;
		off += (size_t)n;
	}
	free(ws);
	if (!dctx)
		return -ENOMEM;
	if (n < 0)
		return (int)n;
	*outlen = pos;
	return 0;
}

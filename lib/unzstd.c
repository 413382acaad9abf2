/* zstd for image_decompress(): Linux's lib/zstd decoder (built from linux-source-6.1) in one call,
 * its state on the heap; every frame's content checksum (the zstd tool writes one) is checked by it. */
#include <linux/zstd.h>
#include <errno.h>
#include <stdlib.h>
#include "decompress.h"

int decomp_zstd(const void *src, size_t srclen, void *dst, size_t dstmax, size_t *outlen,
		bool (*stop)(void))
{
	size_t wsize = zstd_dctx_workspace_bound();
	void *ws = malloc(wsize);
	zstd_dctx *dctx;
	size_t ret;

	(void)stop; /* one call: nothing to ask in between */
	if (!ws)
		return -ENOMEM;
	dctx = zstd_init_dctx(ws, wsize);
	ret = dctx ? zstd_decompress_dctx(dctx, dst, dstmax, src, srclen) : 0;
	free(ws);
	if (!dctx)
		return -ENOMEM;
	if (zstd_is_error(ret))
		return zstd_get_error_code(ret) == ZSTD_error_dstSize_tooSmall ? -ENOSPC : -EBADMSG;
	*outlen = ret;
	return 0;
}

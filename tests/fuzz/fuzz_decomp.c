/* libFuzzer target: the decompressors (lib/: gzip, lzma, lz4, zstd) on any input. Byte 0 picks the
 * format, byte 1 the room (dstmax); the output buffer is exactly dstmax bytes, so ASan sees any write
 * past it; every result is one of the documented ones and a success stays within the room. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "decompress.h"
#include "fuzz_check.h"

typedef int (*decomp_fn)(const void *, size_t, void *, size_t, size_t *, bool (*)(void));

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const decomp_fn fns[] = { decomp_gzip, decomp_lzma, decomp_lz4, decomp_zstd };
	size_t dstmax, out = 0;
	uint8_t *dst;
	int ret;

	if (size < 2)
		return 0;
	/* 0..255 KiB in 1 KiB steps, or an odd small size */
	dstmax = data[1] & 0x80 ? (size_t)(data[1] & 0x7f) : (size_t)data[1] << 10;
	dst = malloc(dstmax ? dstmax : 1);
	CHECK(dst);
	ret = fns[data[0] % 4](data + 2, size - 2, dst, dstmax, &out, NULL);
	CHECK(ret == 0 || ret == -ENOSPC || ret == -EBADMSG || ret == -ENOMEM);
	if (!ret)
		CHECK(out <= dstmax);
	free(dst);
	return 0;
}

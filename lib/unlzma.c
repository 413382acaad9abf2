/*
 * lzma for image_decompress() and lzmadec: Linux's lib/decompress_unlzma.c (built from
 * linux-source-6.1 the way Linux's pre-boot decompressors build it: STATIC, its own small malloc),
 * fed through its fill/flush callbacks so that it never reads past the input nor writes past dstmax:
 *  - the input is handed over in LZMA_IOBUF_SIZE pieces (fill); the 13-byte header is handed over
 *    with its dictionary size replaced by dstmax, so that unlzma's window is the destination itself:
 *    every distance stays inside it, and a distance beyond what was written is refused by unlzma;
 *  - the window, when full, is flushed: the first full window is the whole room; anything after it
 *    is output that does not fit (-ENOSPC).
 * A header with a known size larger than dstmax is refused before decoding.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include "decompress.h"

#define STATIC static
#define INIT
#define PREBOOT
/* unlzma's large allocations: the window (the destination) and its probability table (the heap) */
static void *lz_window;
static bool lz_window_given;
static void *lz_large_malloc(size_t n)
{
	if (!lz_window_given) {
		lz_window_given = true;
		return lz_window;
	}
	return malloc(n);
}
static void lz_large_free(void *p)
{
	if (p != lz_window)
		free(p);
}
#define large_malloc(n) lz_large_malloc(n)
#define large_free(p) lz_large_free(p)


#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wmissing-prototypes"
#pragma GCC diagnostic ignored "-Wunused-function"
#ifndef __clang__
#pragma GCC diagnostic ignored "-Wdiscarded-qualifiers"
#endif
#pragma GCC diagnostic ignored "-Wpointer-sign"
#include "decompress_unlzma.c"
#pragma GCC diagnostic pop

static struct {
	const uint8_t *src;
	size_t len, off;
	size_t max, out;
	bool full, overflow, bad, stopped;
	bool (*stop)(void);
	uint8_t hdr[13];
} lz;

static long lz_fill(void *buf, unsigned long n)
{
	size_t k = lz.len - lz.off < n ? lz.len - lz.off : n;

	if (!k)
		return 0;
	if (lz.off && lz.stop && lz.stop()) {
		lz.stopped = true;
		return -1;
	}
	memcpy(buf, lz.src + lz.off, k);
	/* the header's dictionary size (bytes 1..4) is read from our copy */
	for (size_t i = lz.off; i < sizeof(lz.hdr) && i < lz.off + k; i++)
		((uint8_t *)buf)[i - lz.off] = lz.hdr[i];
	lz.off += k;
	return (long)k;
}

static long lz_flush(void *buf, unsigned long n)
{
	(void)buf;
	if (!n)
		return 0;
	if (lz.full || n > lz.max) {
		lz.overflow = true;
		return -1;
	}
	lz.out = n;
	lz.full = n == lz.max;
	return (long)n;
}

static void lz_error(char *msg)
{
	(void)msg;
	lz.bad = true;
}

int decomp_lzma(const void *src, size_t srclen, void *dst, size_t dstmax, size_t *outlen,
		bool (*stop)(void))
{
	const uint8_t *s = src;
	uint64_t size = 0;
	uint32_t dict = dstmax > 0xffffffffu ? 0xffffffffu : (uint32_t)dstmax;
	int ret;

	if (srclen < sizeof(lz.hdr) || s[0] >= 9 * 5 * 5)
		return -EBADMSG;
	for (int i = 12; i >= 5; i--)
		size = size << 8 | s[i];
	if (size != UINT64_MAX && size > dstmax)
		return -ENOSPC;
	if (!dict)
		return size == 0 ? (*outlen = 0, 0) : -ENOSPC;
	memset(&lz, 0, sizeof(lz));
	lz.src = s, lz.len = srclen, lz.max = dict, lz.stop = stop;
	memcpy(lz.hdr, s, sizeof(lz.hdr));
	for (int i = 0; i < 4; i++)
		lz.hdr[1 + i] = (uint8_t)(dict >> (8 * i));
	/* an unknown size (all ones) becomes the largest signed one: unlzma reads it as a long long */
	if (size == UINT64_MAX)
		lz.hdr[12] = 0x7f;
	lz_window = dst;
	lz_window_given = false;
	ret = unlzma(NULL, 0, lz_fill, lz_flush, NULL, NULL, lz_error);
	if (lz.stopped)
		return -EINTR;
	if (lz.overflow)
		return -ENOSPC;
	if (ret || lz.bad)
		return -EBADMSG;
	*outlen = lz.out;
	return 0;
}

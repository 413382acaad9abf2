/*
 * Decompressors (lib/): flashboot's wrappers around the decoders of Linux's lib/ (zlib inflate,
 * unlzma, LZ4, zstd), built from Debian's linux-source-6.1 at build time (tools/fetch-linux-lib.sh).
 * Each takes srclen bytes at src in the format U-Boot's mkimage -C carries and writes at most dstmax
 * bytes at dst: never a byte past dst + dstmax, whatever the input.
 * 0 with *outlen the decompressed length; -ENOSPC the output is larger than dstmax; -EBADMSG corrupt
 * or truncated input or a checksum that does not match; -ENOMEM no heap for the decoder's tables;
 * -EINTR stop (may be NULL) said true: it is asked every 1 MiB of gzip output, every 64 KiB of lzma
 * input, every lz4 block and every zstd block that wrote output (at most 128 KiB).
 */
#include <stdbool.h>
#ifndef FB_DECOMPRESS_H
#define FB_DECOMPRESS_H
#include <stddef.h>

/* gzip (RFC 1952: one member; CRC-32 and length of the trailer checked) */
int decomp_gzip(const void *src, size_t srclen, void *dst, size_t dstmax, size_t *outlen,
		bool (*stop)(void));
/* lzma: the .lzma ("LZMA alone") format of xz-utils' lzma, 13-byte header, known or unknown size */
int decomp_lzma(const void *src, size_t srclen, void *dst, size_t dstmax, size_t *outlen,
		bool (*stop)(void));
/* lz4: the LZ4 frame format of the lz4 tool (independent or linked blocks, checksums checked) */
int decomp_lz4(const void *src, size_t srclen, void *dst, size_t dstmax, size_t *outlen,
	       bool (*stop)(void));
/* zstd: one or more zstd frames, skippable ones skipped (the zstd tool's output; content checksums
 * checked) */
int decomp_zstd(const void *src, size_t srclen, void *dst, size_t dstmax, size_t *outlen,
		bool (*stop)(void));

#endif

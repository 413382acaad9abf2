/* gzip for image_decompress() and unzip: the member header parsed here, the deflate data by Linux's
 * lib/zlib_inflate (built from linux-source-6.1), the trailer's CRC-32 and length checked here. */
#include <linux/zutil.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include "crc32.h"
#include "decompress.h"

#define GZ_FHCRC 0x02
#define GZ_FEXTRA 0x04
#define GZ_FNAME 0x08
#define GZ_FCOMMENT 0x10
#define GZ_FRESERVED 0xe0

static uint32_t get_le32_gz(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* offset of the deflate data after the member header, or -EBADMSG */
static long gz_header(const uint8_t *s, size_t len)
{
	size_t off = 10;

	if (len < 18 || s[0] != 0x1f || s[1] != 0x8b || s[2] != 8 || (s[3] & GZ_FRESERVED))
		return -EBADMSG;
	if (s[3] & GZ_FEXTRA) {
		if (len - off < 2)
			return -EBADMSG;
		off += 2 + (s[off] | (size_t)s[off + 1] << 8);
	}
	for (int f = GZ_FNAME; f <= GZ_FCOMMENT; f <<= 1) {
		if (!(s[3] & f))
			continue;
		while (off < len && s[off])
			off++;
		off++;
	}
	if (s[3] & GZ_FHCRC)
		off += 2;
	/* the deflate data and the 8-byte trailer must follow */
	return off + 8 <= len ? (long)off : -EBADMSG;
}

#define GZ_CHUNK (1u << 20) /* output between two calls of stop() */

/* the deflate data into dst, GZ_CHUNK at a time: Z_STREAM_END or negative errno */
static int gz_inflate(struct z_stream_s *strm, size_t dstmax, bool (*stop)(void))
{
	for (;;) {
		size_t room = dstmax - strm->total_out;
		int rc;

		strm->avail_out = room < GZ_CHUNK ? room : GZ_CHUNK;
		rc = zlib_inflate(strm, Z_NO_FLUSH);
		if (rc == Z_STREAM_END)
			return rc;
		if (rc != Z_OK && rc != Z_BUF_ERROR)
			return -EBADMSG;
		if (!strm->avail_out && strm->total_out == dstmax &&
		    (rc == Z_BUF_ERROR || strm->avail_in))
			return -ENOSPC; /* more was to come than dstmax holds */
		if (!strm->avail_in)
			return -EBADMSG; /* the input ended before the stream did */
		if (stop && stop())
			return -EINTR;
	}
}

int decomp_gzip(const void *src, size_t srclen, void *dst, size_t dstmax, size_t *outlen,
		bool (*stop)(void))
{
	const uint8_t *s = src;
	long off = gz_header(s, srclen);
	struct z_stream_s strm;
	int rc;

	if (off < 0)
		return (int)off;
	memset(&strm, 0, sizeof(strm));
	strm.workspace = malloc(zlib_inflate_workspacesize());
	if (!strm.workspace)
		return -ENOMEM;
	strm.next_in = s + off;
	strm.avail_in = srclen - off;
	strm.next_out = dst;
	rc = zlib_inflateInit2(&strm, -MAX_WBITS);
	rc = rc == Z_OK ? gz_inflate(&strm, dstmax, stop) : -EBADMSG;
	free(strm.workspace);
	if (rc != Z_STREAM_END)
		return rc;
	if (strm.avail_in < 8)
		return -EBADMSG;
	if (get_le32_gz(strm.next_in) != crc32(0, dst, strm.total_out) ||
	    get_le32_gz(strm.next_in + 4) != (uint32_t)strm.total_out)
		return -EBADMSG;
	*outlen = strm.total_out;
	return 0;
}

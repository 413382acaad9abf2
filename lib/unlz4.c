/* LZ4 for image_decompress(): the LZ4 frame format (what the lz4 tool and U-Boot's lz4 use) parsed
 * here, each block decoded by Linux's lib/lz4 (built from linux-source-6.1), the header, block and
 * content checksums checked with Linux's xxh32. Skippable frames are skipped; frames may follow one
 * another. */
#include <linux/lz4.h>
#include <linux/xxhash.h>
#include <errno.h>
#include "decompress.h"

#define LZ4F_MAGIC 0x184d2204u
#define LZ4F_SKIP_MAGIC 0x184d2a50u /* 0x184d2a50..5f */
#define FLG_VERSION 0xc0
#define FLG_BLOCK_INDEP 0x20
#define FLG_BLOCK_CSUM 0x10
#define FLG_CONTENT_SIZE 0x08
#define FLG_CONTENT_CSUM 0x04
#define FLG_DICT_ID 0x01
#define BLOCK_RAW 0x80000000u

struct lz4_out {
	uint8_t *dst, *frame;
	size_t pos, max;
	bool (*stop)(void);
};

static uint32_t le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* one block of n bytes at s: 0 or negative errno */
static int lz4_block(struct lz4_out *o, const uint8_t *s, uint32_t n, bool raw, bool linked, size_t bmax)
{
	uint8_t *out = o->dst + o->pos;
	size_t room = o->max - o->pos, prefix = (size_t)(out - o->frame);
	int cap = (int)(room < bmax ? room : bmax), got;

	if (raw) {
		if (n > bmax)
			return -EBADMSG;
		if (n > room)
			return -ENOSPC;
		memcpy(out, s, n);
		o->pos += n;
		return 0;
	}
	if (linked && prefix)
		got = LZ4_decompress_safe_usingDict((const char *)s, (char *)out, (int)n, cap,
						    (const char *)out -
							    (prefix < 65536 ? prefix : 65536),
						    (int)(prefix < 65536 ? prefix : 65536));
	else
		got = LZ4_decompress_safe((const char *)s, (char *)out, (int)n, cap);
	if (got >= 0) {
		o->pos += (size_t)got;
		return 0;
	}
	/* too little room, or corrupt: tell them apart by decoding only as much as fits */
	if ((size_t)cap < bmax && !linked &&
	    LZ4_decompress_safe_partial((const char *)s, (char *)out, (int)n, cap, cap) == cap)
		return -ENOSPC;
	return -EBADMSG;
}

/* one frame at s (len bytes): its length or negative errno */
static long lz4_frame(struct lz4_out *o, const uint8_t *s, size_t len)
{
	size_t off = 6, bmax;
	uint8_t flg, bd;
	int ret;

	if (len < 7)
		return -EBADMSG;
	flg = s[4], bd = s[5];
	if ((flg & FLG_VERSION) != 0x40 || (flg & 0x02) || (bd & 0x8f) || ((bd >> 4) & 7) < 4)
		return -EBADMSG;
	if (flg & FLG_DICT_ID) /* a preset dictionary: flashboot has none to give */
		return -EBADMSG;
	bmax = (size_t)1 << (8 + 2 * ((bd >> 4) & 7));
	if (flg & FLG_CONTENT_SIZE)
		off += 8;
	if (len < off + 1 || ((xxh32(s + 4, off - 4, 0) >> 8) & 0xff) != s[off])
		return -EBADMSG;
	if ((flg & FLG_CONTENT_SIZE) &&
	    (s[13] || s[12] || s[11] || s[10] || le32(s + 6) > o->max - o->pos))
		return -ENOSPC;
	off++;
	o->frame = o->dst + o->pos;
	for (;;) {
		uint32_t bsize, n;

		if (len - off < 4)
			return -EBADMSG;
		bsize = le32(s + off);
		off += 4;
		if (!bsize)
			break;
		n = bsize & ~BLOCK_RAW;
		if (n > len - off || ((flg & FLG_BLOCK_CSUM) && len - off - n < 4))
			return -EBADMSG;
		if ((flg & FLG_BLOCK_CSUM) && xxh32(s + off, n, 0) != le32(s + off + n))
			return -EBADMSG;
		ret = lz4_block(o, s + off, n, bsize & BLOCK_RAW, !(flg & FLG_BLOCK_INDEP), bmax);
		if (!ret && o->stop && o->stop())
			ret = -EINTR;
		if (ret)
			return ret;
		off += n + ((flg & FLG_BLOCK_CSUM) ? 4 : 0);
	}
	if (flg & FLG_CONTENT_CSUM) {
		if (len - off < 4 ||
		    xxh32(o->frame, (size_t)(o->dst + o->pos - o->frame), 0) != le32(s + off))
			return -EBADMSG;
		off += 4;
	}
	return (long)off;
}

int decomp_lz4(const void *src, size_t srclen, void *dst, size_t dstmax, size_t *outlen,
	       bool (*stop)(void))
{
	struct lz4_out o = { .dst = dst, .max = dstmax, .stop = stop };
	const uint8_t *s = src;
	size_t off = 0;
	bool any = false;

	while (off < srclen) {
		uint32_t magic;
		long n;

		if (srclen - off < 8)
			return -EBADMSG;
		magic = le32(s + off);
		if ((magic & 0xfffffff0u) == LZ4F_SKIP_MAGIC) {
			uint32_t skip = le32(s + off + 4);
			if (skip > srclen - off - 8)
				return -EBADMSG;
			off += 8 + (size_t)skip;
			continue;
		}
		if (magic != LZ4F_MAGIC)
			return -EBADMSG;
		n = lz4_frame(&o, s + off, srclen - off);
		if (n < 0)
			return (int)n;
		off += (size_t)n;
		any = true;
	}
	if (!any)
		return -EBADMSG;
	*outlen = o.pos;
	return 0;
}

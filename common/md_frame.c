/* The Merkle-Damgard framing SHA-1 and SHA-256 share, once for both (as a static inline it was in each). */
#include <string.h>
#include "md_frame.h"

/* len counts the bytes fed so far; buf keeps a partial block */
void md_update(uint32_t *h, uint64_t *len, uint8_t buf[64], md_blocks_fn blocks, const void *data,
	       size_t n)
{
	const uint8_t *p = data;
	size_t have = (size_t)(*len & 63);

	*len += n;
	if (have) {
		size_t k = 64 - have < n ? 64 - have : n;

		memcpy(buf + have, p, k);
		p += k, n -= k;
		if (have + k < 64)
			return;
		blocks(h, buf, 1);
	}
	blocks(h, p, n / 64);
	p += n & ~(size_t)63;
	memcpy(buf, p, n & 63);
}

static void md_put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24), p[1] = (uint8_t)(v >> 16), p[2] = (uint8_t)(v >> 8),
	p[3] = (uint8_t)v;
}

/* pad, count, last block(s); the first nwords state words big-endian into out */
void md_final(uint32_t *h, uint64_t len, uint8_t buf[64], md_blocks_fn blocks, uint8_t *out, int nwords)
{
	size_t have = (size_t)(len & 63);

	buf[have++] = 0x80;
	if (have > 56) {
		memset(buf + have, 0, 64 - have);
		blocks(h, buf, 1);
		have = 0;
	}
	memset(buf + have, 0, 56 - have);
	md_put_be32(buf + 56, (uint32_t)(len >> 29));
	md_put_be32(buf + 60, (uint32_t)(len << 3));
	blocks(h, buf, 1);
	for (int i = 0; i < nwords; i++)
		md_put_be32(out + 4 * i, h[i]);
}

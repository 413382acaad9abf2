/* SHA-1 (FIPS 180-4 section 6.1), written from the standard; FIT images still carry sha1 hashes. */
#include <string.h>
#include "hash.h"
#include "md_frame.h"

static inline uint32_t rol(uint32_t x, unsigned n)
{
	return x << n | x >> (32 - n);
}

/* one round; the five working variables rotate through the macro's arguments */
// clang-format off
#define R(a, b, c, d, e, f, k, i)                                      \
	do {                                                           \
		e += rol(a, 5) + (f) + (k) + w[i];                     \
		b = rol(b, 30);                                        \
	} while (0)
#define F1(b, c, d) (d ^ (b & (c ^ d)))
#define F2(b, c, d) (b ^ c ^ d)
#define F3(b, c, d) ((b & c) | (d & (b | c)))
#define FIVE(F, k, i)                                                  \
	do {                                                           \
		R(a, b, c, d, e, F(b, c, d), k, i);                    \
		R(e, a, b, c, d, F(a, b, c), k, i + 1);                \
		R(d, e, a, b, c, F(e, a, b), k, i + 2);                \
		R(c, d, e, a, b, F(d, e, a), k, i + 3);                \
		R(b, c, d, e, a, F(c, d, e), k, i + 4);                \
	} while (0)
// clang-format on

static void sha1_blocks(uint32_t h[5], const uint8_t *p, size_t nblocks)
{
	uint32_t w[80];

	while (nblocks--) {
		uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];

		for (int i = 0; i < 16; i++)
			w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
			       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
		for (int i = 16; i < 80; i++)
			w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
		for (int i = 0; i < 20; i += 5)
			FIVE(F1, 0x5a827999, i);
		for (int i = 20; i < 40; i += 5)
			FIVE(F2, 0x6ed9eba1, i);
		for (int i = 40; i < 60; i += 5)
			FIVE(F3, 0x8f1bbcdc, i);
		for (int i = 60; i < 80; i += 5)
			FIVE(F2, 0xca62c1d6, i);
		h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
		p += 64;
	}
}

void sha1_init(struct sha1_ctx *c)
{
	c->h[0] = 0x67452301, c->h[1] = 0xefcdab89, c->h[2] = 0x98badcfe;
	c->h[3] = 0x10325476, c->h[4] = 0xc3d2e1f0;
	c->len = 0;
}

void sha1_update(struct sha1_ctx *c, const void *data, size_t len)
{
	md_update(c->h, &c->len, c->buf, sha1_blocks, data, len);
}

void sha1_final(struct sha1_ctx *c, uint8_t out[SHA1_LEN])
{
	md_final(c->h, c->len, c->buf, sha1_blocks, out, 5);
}

void sha1(const void *data, size_t len, uint8_t out[SHA1_LEN])
{
	struct sha1_ctx c;

	sha1_init(&c);
	sha1_update(&c, data, len);
	sha1_final(&c, out);
}

/* RSA signature check: Montgomery modular exponentiation on 32-bit words and the PKCS#1 v1.5 block. */
#include <errno.h>
#include <string.h>
#include "rsa.h"

#define NW_MAX (RSA_MAX_BITS / 32)

/* big-endian bytes -> little-endian word array (word 0 least significant) */
static void words_from_be(uint32_t *w, const void *src, int nw)
{
	const uint8_t *p = (const uint8_t *)src + 4 * nw;

	for (int i = 0; i < nw; i++) {
		p -= 4;
		w[i] = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	}
}

/* a >= n */
static int geq(const uint32_t *a, const uint32_t *n, int nw)
{
	for (int i = nw - 1; i >= 0; i--)
		if (a[i] != n[i])
			return a[i] > n[i];
	return 1;
}

static void sub(uint32_t *a, const uint32_t *n, int nw)
{
	uint64_t borrow = 0;

	for (int i = 0; i < nw; i++) {
		uint64_t d = (uint64_t)a[i] - n[i] - borrow;
		a[i] = (uint32_t)d;
		borrow = d >> 63;
	}
}

/* out = a * b / R mod n (CIOS); out may alias a or b */
static void mont_mul(uint32_t *out, const uint32_t *a, const uint32_t *b, const uint32_t *n,
		     uint32_t n0inv, int nw)
{
	uint32_t t[NW_MAX + 2];

	memset(t, 0, sizeof(uint32_t) * (size_t)(nw + 2));
	for (int i = 0; i < nw; i++) {
		uint64_t c = 0;
		uint32_t m;

		for (int j = 0; j < nw; j++) {
			c = (uint64_t)t[j] + (uint64_t)a[j] * b[i] + (c >> 32);
			t[j] = (uint32_t)c;
		}
		c = (uint64_t)t[nw] + (c >> 32);
		t[nw] = (uint32_t)c;
		t[nw + 1] = (uint32_t)(c >> 32);
		m = t[0] * n0inv;
		c = (uint64_t)t[0] + (uint64_t)m * n[0];
		for (int j = 1; j < nw; j++) {
			c = (uint64_t)t[j] + (uint64_t)m * n[j] + (c >> 32);
			t[j - 1] = (uint32_t)c;
		}
		c = (uint64_t)t[nw] + (c >> 32);
		t[nw - 1] = (uint32_t)c;
		t[nw] = t[nw + 1] + (uint32_t)(c >> 32);
	}
	if (t[nw] || geq(t, n, nw))
		sub(t, n, nw);
	memcpy(out, t, sizeof(uint32_t) * (size_t)nw);
}

/* DigestInfo for SHA-256 (RFC 8017 section 9.2, note 1) */
static const uint8_t sha256_prefix[19] = { 0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
					   0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20 };

int rsa_verify_sha256(const struct rsa_pubkey *k, const uint8_t *sig, size_t siglen,
		      const uint8_t hash[32])
{
	static uint32_t n[NW_MAX], rr[NW_MAX], x[NW_MAX], acc[NW_MAX];
	static uint8_t em[RSA_MAX_BITS / 8];
	int nw = (int)(k->bits / 32), nb = (int)(k->bits / 8), top;
	uint64_t e = k->exponent ? k->exponent : 65537;
	size_t pad;

	if ((k->bits != 2048 && k->bits != 3072 && k->bits != 4096) || siglen != (size_t)nb)
		return -EINVAL;
	words_from_be(n, k->modulus, nw);
	words_from_be(rr, k->rr, nw);
	words_from_be(x, sig, nw);
	if (!(n[0] & 1) || (uint32_t)(n[0] * k->n0inv) != 0xffffffffu || !n[nw - 1])
		return -EINVAL;
	/* RFC 8017 RSAVP1: out of range is an invalid signature (another key's, often) */
	if (geq(x, n, nw))
		return -EBADMSG;
	/* x in Montgomery form, then left-to-right square and multiply */
	mont_mul(x, x, rr, n, k->n0inv, nw);
	memcpy(acc, x, sizeof(uint32_t) * (size_t)nw);
	for (top = 63; !(e >> top & 1); top--)
		;
	for (int b = top - 1; b >= 0; b--) {
		mont_mul(acc, acc, acc, n, k->n0inv, nw);
		if (e >> b & 1)
			mont_mul(acc, acc, x, n, k->n0inv, nw);
	}
	/* out of Montgomery form: multiply by 1 */
	memset(x, 0, sizeof(uint32_t) * (size_t)nw);
	x[0] = 1;
	mont_mul(acc, acc, x, n, k->n0inv, nw);
	for (int i = 0; i < nw; i++) {
		uint32_t w = acc[nw - 1 - i];
		em[4 * i] = (uint8_t)(w >> 24), em[4 * i + 1] = (uint8_t)(w >> 16);
		em[4 * i + 2] = (uint8_t)(w >> 8), em[4 * i + 3] = (uint8_t)w;
	}
	pad = (size_t)nb - 3 - sizeof(sha256_prefix) - 32;
	if (em[0] != 0 || em[1] != 1 || em[2 + pad] != 0)
		return -EBADMSG;
	for (size_t i = 2; i < 2 + pad; i++)
		if (em[i] != 0xff)
			return -EBADMSG;
	if (memcmp(em + 3 + pad, sha256_prefix, sizeof(sha256_prefix)) ||
	    memcmp(em + 3 + pad + sizeof(sha256_prefix), hash, 32))
		return -EBADMSG;
	return 0;
}

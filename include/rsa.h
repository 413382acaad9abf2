/* RSA public-key verification (PKCS#1 v1.5, SHA-256) with keys in the form `mkimage -K` writes. */
#ifndef FB_RSA_H
#define FB_RSA_H
#include <stdint.h>
#include <stddef.h>

#define RSA_MAX_BITS 4096

/*
 * A public key as U-Boot stores it in a device tree: the modulus and R^2 mod n
 * (R = 2^num-bits) as big-endian 32-bit cells, most significant first;
 * n0inv = -1/n mod 2^32. Pointers may be unaligned (they point into a DTB).
 */
struct rsa_pubkey {
	unsigned bits;       /* 2048, 3072 or 4096 */
	const void *modulus; /* bits/8 bytes */
	const void *rr;      /* bits/8 bytes */
	uint32_t n0inv;
	uint64_t exponent; /* 0 means 65537 (U-Boot's default) */
};

/*
 * sig (siglen bytes) raised to the exponent mod n must be the PKCS#1 v1.5
 * block 00 01 FF..FF 00 DigestInfo(SHA-256) hash. 0 when it is,
 * -EBADMSG when it is not (wrong key, changed data, a sig not below the
 * modulus), -EINVAL for a key this code does not take (size, even modulus,
 * n0inv that does not match, sig not the modulus length).
 */
int rsa_verify_sha256(const struct rsa_pubkey *k, const uint8_t *sig, size_t siglen,
		      const uint8_t hash[32]);

#endif

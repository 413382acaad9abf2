/* SHA-1 and SHA-256 (FIPS 180-4), incremental; the FIT hash and signature checks use them. */
#ifndef FB_HASH_H
#define FB_HASH_H
#include <stdint.h>
#include <stddef.h>

#define SHA1_LEN 20
#define SHA256_LEN 32

struct sha1_ctx {
	uint32_t h[5];
	uint64_t len; /* bytes fed so far */
	uint8_t buf[64];
};

struct sha256_ctx {
	uint32_t h[8];
	uint64_t len;
	uint8_t buf[64];
};

void sha1_init(struct sha1_ctx *c);
void sha1_update(struct sha1_ctx *c, const void *data, size_t len);
void sha1_final(struct sha1_ctx *c, uint8_t out[SHA1_LEN]);
void sha1(const void *data, size_t len, uint8_t out[SHA1_LEN]);

void sha256_init(struct sha256_ctx *c);
void sha256_update(struct sha256_ctx *c, const void *data, size_t len);
void sha256_final(struct sha256_ctx *c, uint8_t out[SHA256_LEN]);
void sha256(const void *data, size_t len, uint8_t out[SHA256_LEN]);

#endif

/* The Merkle-Damgard framing SHA-1 and SHA-256 share: 64-byte blocks, 0x80 padding, big-endian bit count. */
#ifndef FB_MD_FRAME_H
#define FB_MD_FRAME_H
#include <stdint.h>
#include <stddef.h>

typedef void (*md_blocks_fn)(uint32_t *h, const uint8_t *p, size_t nblocks);

/* len counts the bytes fed so far; buf keeps a partial block */
void md_update(uint32_t *h, uint64_t *len, uint8_t buf[64], md_blocks_fn blocks, const void *data,
	       size_t n);
/* pad, count, last block(s); the first nwords state words big-endian into out */
void md_final(uint32_t *h, uint64_t len, uint8_t buf[64], md_blocks_fn blocks, uint8_t *out, int nwords);

#endif

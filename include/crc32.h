/* CRC-32 (IEEE 802.3, as zlib and U-Boot use it). */
#ifndef FB_CRC32_H
#define FB_CRC32_H
#include <stdint.h>
#include <stddef.h>
uint32_t crc32(uint32_t crc, const void *buf, size_t len); /* crc32(0, p, n) starts */
#endif

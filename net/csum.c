/* The Internet checksum (RFC 1071), on its own so it builds as ARM at -O2: every received frame
 * is summed once for UDP (see Makefile). Declared in include/net_pkt.h. */
#include "net_pkt.h"

typedef uint32_t __attribute__((may_alias)) u32_alias;

/* Word-aligned data is summed a word at a time in memory order; the one's-complement
 * sum does not care about byte order except for a final swap on little-endian. */
uint32_t ip_csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	if (!((uintptr_t)p & 3) && len >= 4) {
		const u32_alias *w = (const u32_alias *)(const void *)p;
		uint64_t acc = 0;
		uint32_t s;

		/* four words a turn: ARM at -O2 (Makefile) makes each an add with carry into acc */
		for (; len >= 16; len -= 16, w += 4)
			acc += (uint64_t)w[0] + w[1] + w[2] + w[3];
		for (; len >= 4; len -= 4)
			acc += *w++;
		p = (const uint8_t *)w;
		acc = (acc & 0xffffffffu) + (acc >> 32);
		acc = (acc & 0xffffffffu) + (acc >> 32);
		s = ip_csum_fold((uint32_t)(acc & 0xffff) + (uint32_t)(acc >> 16));
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		s = (uint16_t)(s << 8 | s >> 8);
#endif
		sum += s;
	}
	while (len > 1) {
		sum += (uint32_t)(p[0] << 8 | p[1]);
		p += 2;
		len -= 2;
	}
	if (len)
		sum += (uint32_t)p[0] << 8;
	return sum;
}

uint16_t ip_csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

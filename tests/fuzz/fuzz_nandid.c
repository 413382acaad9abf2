/* libFuzzer target: NAND READ ID decoding must never crash or yield inconsistent geometry. */
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include "nand.h"

static int pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nand_geometry g;
	uint8_t id[8] = { 0 };
	size_t n = size < 8 ? size : 8;

	memcpy(id, data, n);
	if (nand_decode_id(id, n, &g))
		return 0;
	if (!pow2(g.pagesize) || !pow2(g.erasesize) || !pow2(g.chipsize) || !pow2(g.oobsize))
		abort();
	if (g.erasesize % g.pagesize || g.chipsize % g.erasesize)
		abort();
	if ((1u << g.page_shift) != g.pagesize || (1u << g.block_shift) != g.erasesize)
		abort();
	if (g.oobsize > g.pagesize / 8 || g.oobsize < 16)
		abort();
	if (g.buswidth != 8 && g.buswidth != 16)
		abort();
	if (g.row_cycles < 2 || g.row_cycles > 3 ||
	    (g.chipsize >> g.page_shift) > (1ull << (8 * g.row_cycles)))
		abort();
	if (g.large_page != (g.pagesize > 512) || g.col_cycles != (g.large_page ? 2u : 1u))
		abort();
	if (g.badblockpos >= g.oobsize || !g.timings || !g.name)
		abort();
	return 0;
}

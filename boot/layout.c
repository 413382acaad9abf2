/* Memory placement rules for booting: the decompressor's reach and where the DTB goes (pure, host-tested). */
#include "bootm.h"

uint32_t boot_kernel_reach(uint32_t ram_base, uint32_t kstart, uint32_t size)
{
	/*
	 * The decompressor writes the kernel at RAM + 0x8000; the decompressed
	 * kernel with its BSS stays under 4x the zImage, and when that would
	 * overlap the zImage the decompressor first copies itself past it. Add
	 * 1 MiB for its stack, heap and the page tables.
	 */
	uint64_t a = (uint64_t)kstart + size;
	uint64_t b = (uint64_t)ram_base + BOOT_TEXT_OFFSET + 5ull * size;
	uint64_t r = MAX(a, b) + SZ_1M;

	return r > 0xffffffffull ? 0xffffffffu : (uint32_t)r;
}

static bool hit(uint64_t a, uint64_t alen, uint64_t b, uint64_t bend)
{
	return a < bend && b < a + alen;
}

static int place_fdt(const struct boot_layout *l, uint32_t bufsize, bool keep_src, uint32_t *dst)
{
	uint64_t top = l->ram_end;

	if (!bufsize)
		return -EINVAL;
	for (;;) {
		uint64_t d, lowest = top;

		if (top < (uint64_t)l->ram_base + bufsize)
			return -ENOSPC;
		d = ALIGN_DOWN(top - bufsize, (uint64_t)SZ_4K);
		if (d < l->low || d < l->ram_base)
			return -ENOSPC;
		/* move below the lowest obstacle in the way and try again */
		if (hit(d, bufsize, l->fw_start, l->fw_end))
			lowest = MIN(lowest, l->fw_start);
		if (l->initrd_end > l->initrd_start && hit(d, bufsize, l->initrd_start, l->initrd_end))
			lowest = MIN(lowest, l->initrd_start);
		if (l->kdata_end > l->kdata_start && hit(d, bufsize, l->kdata_start, l->kdata_end))
			lowest = MIN(lowest, l->kdata_start);
		if (l->keep_end > l->keep_start && hit(d, bufsize, l->keep_start, l->keep_end))
			lowest = MIN(lowest, l->keep_start);
		if (keep_src && l->src_end > l->src_start && hit(d, bufsize, l->src_start, l->src_end))
			lowest = MIN(lowest, l->src_start);
		for (int i = 0; i < l->nregions; i++) {
			const struct phram_region *r = &l->regions[i];
			if (hit(d, bufsize, r->addr, (uint64_t)r->addr + r->size))
				lowest = MIN(lowest, r->addr);
		}
		if (lowest == top) {
			*dst = (uint32_t)d;
			return 0;
		}
		top = lowest;
	}
}

int boot_place_fdt(const struct boot_layout *l, uint32_t bufsize, uint32_t *dst)
{
	/* off the source first, so that a failed fixup leaves the user's DTB as loaded */
	if (!place_fdt(l, bufsize, true, dst))
		return 0;
	return place_fdt(l, bufsize, false, dst);
}

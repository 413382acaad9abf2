/* phram load: place a region, read a squashfs partition (NOR mapped or through the bad-block engine) or copy or decompress a FIT's filesystem image into it. */
#include "board.h"
#include "image.h"
#include "mtd_io.h"
#include "phram.h"

#define PHRAM_ALIGN SZ_1M

int phram_default_spot(uint32_t size, uint32_t *addr)
{
	uint64_t top = fw.start, floor = board->ram_base + fw.ram_size / 4;

	for (;;) {
		const struct phram_region *r;
		uint64_t a;

		if (top < floor + size)
			return -ENOSPC;
		a = ALIGN_DOWN(top - size, (uint64_t)PHRAM_ALIGN);
		if (a < floor)
			return -ENOSPC;
		r = phram_overlap((uint32_t)a, size);
		if (!r) {
			*addr = (uint32_t)a;
			return 0;
		}
		top = r->addr;
	}
}

int phram_add_bytes(const char *label, uint32_t addr, uint32_t size, uint32_t *full)
{
	int ret;

	*full = size > 0xffffffffu - (SZ_4K - 1) ? 0 : ALIGN_UP(size, SZ_4K);
	ret = phram_add(label, addr, *full);
	if (!ret)
		memset((uint8_t *)(uintptr_t)addr + size, 0, *full - size);
	return ret;
}

/* The first len bytes of mtd: mapped NOR copied, NAND in whole pages with bad blocks skipped. */
static int read_part(struct mtd_info *mtd, uint64_t len, void *dst)
{
	const void *src = mtd_point(mtd, 0, len);
	struct mtd_io io = { .mtd = mtd, .len = len, .flags = MTD_IO_SKIP_BAD };
	int ret;

	if (src) {
		memcpy(dst, src, len);
		return 0;
	}
	if (mtd->type == MTD_NANDFLASH) {
		/* whole pages; the region is 4 KiB-rounded so they fit */
		io.len = ALIGN_UP(len, (uint64_t)(mtd->writesize ? mtd->writesize : 1));
		ret = mtd_io_read(&io, dst);
	} else {
		ret = mtd_read(mtd, 0, len, dst);
	}
	return ret == -EUCLEAN ? 0 : ret;
}

/* Size (4 KiB, or 1 MiB sections for a no-map region: Linux/ARM maps those whole), spot, registration. */
static int place(const char *label, uint64_t bytes, const struct phram_place *at, struct phram_load *res)
{
	int ret;

	res->step = PHRAM_STEP_PLACE;
	if (bytes > 0xffffffffull - SZ_1M)
		return -EFBIG;
	res->size = ALIGN_UP((uint32_t)bytes, at->nomap ? SZ_1M : SZ_4K);
	res->addr = at->addr;
	if (!at->fixed) {
		ret = phram_default_spot(res->size, &res->addr);
		if (ret)
			return ret;
	}
	if (at->keep_end && res->addr < at->keep_end && at->keep_start < (uint64_t)res->addr + res->size)
		return -EADDRINUSE;
	res->step = PHRAM_STEP_ADD;
	return phram_add(label, res->addr, res->size);
}

int phram_load_squashfs(struct mtd_info *mtd, const struct phram_place *at, struct phram_load *res)
{
	static uint8_t sb[SZ_4K];
	uint32_t sblen = mtd->type == MTD_NANDFLASH ? mtd->writesize : SQUASHFS_SB_LEN;
	int ret;

	memset(res, 0, sizeof(*res));
	res->step = PHRAM_STEP_SB_READ;
	res->sblen = sblen;
	if (!sblen || sblen > sizeof(sb) || sblen > mtd->size)
		return -EINVAL;
	ret = read_part(mtd, sblen, sb);
	if (ret)
		return ret;
	res->step = PHRAM_STEP_SB_CHECK;
	memcpy(res->magic, sb, sizeof(res->magic));
	ret = squashfs_check(sb, sblen, mtd->size, &res->si);
	if (ret)
		return ret;
	ret = place(mtd->name, res->si.bytes_used, at, res);
	if (ret)
		return ret;
	res->step = PHRAM_STEP_READ;
	ret = read_part(mtd, res->si.bytes_used, (void *)(uintptr_t)res->addr);
	if (ret) {
		phram_del(mtd->name);
		return ret;
	}
	memset((uint8_t *)(uintptr_t)res->addr + res->si.bytes_used, 0, res->size - res->si.bytes_used);
	res->step = PHRAM_STEP_DONE;
	return 0;
}

int phram_load_data(const char *label, const void *data, uint64_t len, const struct phram_place *at,
		    struct phram_load *res)
{
	int ret;

	memset(res, 0, sizeof(*res));
	ret = place(label, len, at, res);
	if (ret)
		return ret;
	memmove((void *)(uintptr_t)res->addr, data, len);
	memset((uint8_t *)(uintptr_t)res->addr + len, 0, res->size - len);
	res->step = PHRAM_STEP_DONE;
	res->is_squashfs = !squashfs_check((const void *)(uintptr_t)res->addr, len, len, &res->si);
	return 0;
}

/* The RAM free from addr up to the first thing to keep: flashboot, a region, the FIT, the end of RAM
 * (0 when addr lies in one of them or outside RAM). */
static uint32_t room_at(uint32_t addr, const struct phram_place *at)
{
	uint64_t end = (uint64_t)board->ram_base + fw.ram_size;
	uint64_t stops[3][2] = { { fw.start, fw.stack_hi }, { at->keep_start, at->keep_end } };

	if (addr < board->ram_base || addr >= end)
		return 0;
	for (int i = 0; i < phram_count() + 2; i++) {
		const struct phram_region *r = i >= 2 ? phram_get(i - 2) : NULL;
		uint64_t s = r ? r->addr : stops[i][0],
			 e = r ? (uint64_t)r->addr + r->size : stops[i][1];

		if (s >= e)
			continue;
		if (addr >= s && addr < e)
			return 0;
		if (s > addr && s < end)
			end = s;
	}
	return (uint32_t)(end - addr);
}

/* Where to decompress when the output size is not known: at->addr when fixed, else the start of the
 * largest free stretch above RAM's lower quarter (its bottom, or the end of a region, flashboot or
 * the FIT, 1 MiB aligned). */
static uint32_t scratch(const struct phram_place *at, uint32_t *addr)
{
	uint32_t floor = board->ram_base + fw.ram_size / 4, best = 0;

	if (at->fixed) {
		*addr = at->addr;
		return at->addr % SZ_4K ? 0 : room_at(at->addr, at);
	}
	for (int i = -2; i < phram_count(); i++) {
		uint64_t a = i == -2   ? floor
			     : i == -1 ? at->keep_end
				       : (uint64_t)phram_get(i)->addr + phram_get(i)->size;
		uint32_t room;

		a = ALIGN_UP(a, (uint64_t)PHRAM_ALIGN);
		if (a < floor || a > 0xffffffffull)
			continue;
		room = room_at((uint32_t)a, at);
		if (room > best)
			best = room, *addr = (uint32_t)a;
	}
	return best;
}

int phram_load_comp(const char *label, int comp, const void *data, uint64_t len,
		    const struct phram_place *at, struct phram_load *res)
{
	uint32_t tmp = 0, room;
	size_t out = 0;
	int ret;

	memset(res, 0, sizeof(*res));
	res->step = PHRAM_STEP_UNPACK;
	room = scratch(at, &tmp);
	res->addr = tmp;
	res->size = room;
	if (!room)
		return -ENOSPC;
	ret = image_decompress(comp, data, len, (void *)(uintptr_t)tmp, room, &out);
	res->unpacked = out;
	if (ret)
		return ret;
	ret = place(label, out, at, res);
	if (ret)
		return ret;
	memmove((void *)(uintptr_t)res->addr, (const void *)(uintptr_t)tmp, out);
	memset((uint8_t *)(uintptr_t)res->addr + out, 0, res->size - out);
	res->step = PHRAM_STEP_DONE;
	res->is_squashfs = !squashfs_check((const void *)(uintptr_t)res->addr, out, out, &res->si);
	return 0;
}

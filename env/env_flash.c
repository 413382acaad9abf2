/* Environment in flash: U-Boot's image format, redundant copies and power-cut-safe saving. */
#include <stdlib.h>
#include "env_flash.h"
#include "mtd_io.h"
#include "crc32.h"

/* ------------------------------------------------------------ image format */

static size_t env_hdr_size(bool redundant)
{
	return redundant ? ENV_HDR_SIZE_REDUND : ENV_HDR_SIZE;
}

size_t env_data_size(size_t size, bool redundant)
{
	size_t hdr = env_hdr_size(redundant);

	/* room for at least the empty environment "\0" */
	return size > hdr ? size - hdr : 0;
}

static uint32_t get_le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

/* Bytes of data up to and including the first empty entry, or len if none. */
static size_t env_data_used(const char *data, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (data[i])
			continue;
		/* an entry ends here; an empty one (at 0 or after a NUL) ends the set */
		if (i == 0 || data[i - 1] == '\0')
			return i + 1;
	}
	return len;
}

int env_image_build(void *img, size_t size, bool redundant, uint8_t flags, const char *data, size_t len,
		    uint8_t pad)
{
	uint8_t *p = img;
	size_t hdr = env_hdr_size(redundant);
	size_t dsize = env_data_size(size, redundant);
	size_t n;
	char *d;

	if (!dsize || (len && !data))
		return -EINVAL;
	n = env_data_used(data, len);
	d = (char *)p + hdr;
	if (n > dsize)
		return -ENOSPC;
	if (n)
		memcpy(d, data, n);
	/* close the last entry and the set if the caller did not */
	if (!n || d[n - 1] != '\0' || (n >= 2 && d[n - 2] != '\0')) {
		if (n && d[n - 1] != '\0') {
			if (n + 1 > dsize)
				return -ENOSPC;
			d[n++] = '\0';
		}
		if (n + 1 > dsize)
			return -ENOSPC;
		d[n++] = '\0';
	}
	memset(d + n, pad, dsize - n);
	if (redundant)
		p[4] = flags;
	put_le32(p, crc32(0, d, dsize));
	return (int)n;
}

int env_image_parse(const void *img, size_t size, bool redundant, struct env_image *out)
{
	const uint8_t *p = img;
	size_t hdr = env_hdr_size(redundant);
	size_t dsize;

	dsize = env_data_size(size, redundant);
	if (!dsize)
		return -EINVAL;
	out->data = (const char *)p + hdr;
	out->data_size = dsize;
	out->crc = get_le32(p);
	out->flags = redundant ? p[4] : 0;
	out->used = 0;
	if (crc32(0, out->data, dsize) != out->crc)
		return -EBADMSG;
	/* only now: on an erased copy this scan would walk all of it for nothing */
	out->used = env_data_used(out->data, dsize);
	return 0;
}

/* ------------------------------------------------------------ copy choice */

static int env_counter_choose(uint8_t f0, uint8_t f1)
{
	/* serial numbers: 0 follows 255 */
	if (f0 == 0xff && f1 == 0)
		return 1;
	if (f1 == 0xff && f0 == 0)
		return 0;
	return f1 > f0 ? 1 : 0;
}

int env_redund_choose(enum env_flag_scheme scheme, uint8_t f0, uint8_t f1)
{
	if (scheme != ENV_FLAGS_BOOLEAN)
		return env_counter_choose(f0, f1);
	/* U-Boot's NOR order: active/obsolete pair, equal, erased (0xff) flag */
	if (f0 == ENV_FLAG_ACTIVE && f1 == ENV_FLAG_OBSOLETE)
		return 0;
	if (f0 == ENV_FLAG_OBSOLETE && f1 == ENV_FLAG_ACTIVE)
		return 1;
	if (f0 == f1)
		return 0;
	if (f0 == 0xff)
		return 0;
	if (f1 == 0xff)
		return 1;
	/* U-Boot leaves the rest undefined; counters (fw_setenv on a file) decide */
	return env_counter_choose(f0, f1);
}

/* ------------------------------------------------------------ geometry */

static bool env_is_nand(const struct mtd_info *mtd)
{
	return mtd->type == MTD_NANDFLASH || mtd->writesize > 1 || (mtd->ops && mtd->ops->block_isbad);
}

enum env_flag_scheme env_flash_scheme(const struct env_location *loc)
{
	if (loc->scheme != ENV_FLAGS_AUTO)
		return loc->scheme;
	return env_is_nand(loc->mtd) ? ENV_FLAGS_COUNTER : ENV_FLAGS_BOOLEAN;
}

static uint64_t env_copy_offset(const struct env_location *loc, int copy)
{
	return copy ? loc->offset_redund : loc->offset;
}

/* Bytes read/written per copy: NAND transfers whole pages. */
static size_t env_io_size(const struct env_location *loc)
{
	uint32_t ws = loc->mtd->writesize ? loc->mtd->writesize : 1;

	return ALIGN_UP((size_t)loc->size, (size_t)ws);
}

static uint64_t env_nand_range(const struct env_location *loc)
{
	uint32_t bs = loc->mtd->erasesize;

	return loc->range ? loc->range : ALIGN_UP((uint64_t)loc->size, (uint64_t)bs);
}

/* NOR: the erase blocks covering [ofs, ofs + len) as [*start, *end). */
static int env_nor_span(struct mtd_info *mtd, uint64_t ofs, uint64_t len, uint64_t *start, uint64_t *end)
{
	uint32_t es = mtd_erasesize_at(mtd, ofs);
	uint64_t s, e;

	if (!es || ofs >= mtd->size)
		return -EINVAL;
	s = ALIGN_DOWN(ofs, (uint64_t)es);
	if (!mtd_is_erase_aligned(mtd, s))
		return -EINVAL;
	for (e = s; e < ofs + len; e += es) {
		es = mtd_erasesize_at(mtd, e);
		if (!es || e + es > mtd->size)
			return -EINVAL;
	}
	*start = s;
	*end = e;
	return 0;
}

/* Extent of one copy on the device: what saving it may touch. */
static int env_copy_extent(const struct env_location *loc, int copy, uint64_t *start, uint64_t *end)
{
	struct mtd_info *mtd = loc->mtd;
	uint64_t ofs = env_copy_offset(loc, copy);

	if (!env_is_nand(mtd))
		return env_nor_span(mtd, ofs, loc->size, start, end);
	if (!mtd->erasesize || ofs % mtd->erasesize)
		return -EINVAL;
	*start = ofs;
	*end = ofs + env_nand_range(loc);
	if (*end > mtd->size || *end - ofs < loc->size)
		return -EINVAL;
	return 0;
}

static int env_loc_check(const struct env_location *loc)
{
	uint64_t s0, e0, s1, e1;
	int ret;

	if (!loc || !loc->mtd || !env_data_size(loc->size, loc->redundant))
		return -EINVAL;
	ret = env_copy_extent(loc, 0, &s0, &e0);
	if (ret || !loc->redundant)
		return ret;
	ret = env_copy_extent(loc, 1, &s1, &e1);
	if (ret)
		return ret;
	/* erasing one copy must never touch the other */
	if (s0 < e1 && s1 < e0)
		return -EINVAL;
	return 0;
}

/* ------------------------------------------------------------ copy I/O */

static int env_read_copy(const struct env_location *loc, int copy, uint8_t *buf)
{
	struct mtd_info *mtd = loc->mtd;
	uint64_t ofs = env_copy_offset(loc, copy);
	// clang-format off
	struct mtd_io io = { .mtd = mtd, .off = ofs, .len = env_io_size(loc),
			     .limit = ofs + env_nand_range(loc), .flags = MTD_IO_SKIP_BAD };
	// clang-format on
	int ret;

	if (!env_is_nand(mtd)) {
		ret = mtd_read(mtd, ofs, loc->size, buf);
		return ret == -EUCLEAN ? 0 : ret;
	}
	ret = mtd_io_read(&io, buf);
	return ret == -ENOSPC ? -EIO : ret; /* -EIO: too many bad blocks in the range */
}

/* Program [ofs, ofs + len) from buf, leaving out leading/trailing 0xff runs
 * (already erased there): NOR programs are slow and byte-granular. */
static int env_nor_program(struct mtd_info *mtd, uint64_t ofs, const uint8_t *buf, size_t len)
{
	size_t a = 0, b = len;

	while (a < b && buf[a] == 0xff)
		a++;
	while (b > a && buf[b - 1] == 0xff)
		b--;
	return a < b ? mtd_write(mtd, ofs + a, b - a, buf + a) : 0;
}

/* NOR: read the covering blocks, erase them, write the copy and the rest back. */
static int env_write_copy_nor(const struct env_location *loc, uint64_t ofs, const uint8_t *img)
{
	struct mtd_info *mtd = loc->mtd;
	uint64_t start, end;
	size_t before, after;
	uint8_t *keep = NULL;
	int ret;

	ret = env_nor_span(mtd, ofs, loc->size, &start, &end);
	if (ret)
		return ret;
	before = ofs - start;
	after = end - (ofs + loc->size);
	if (before + after) {
		keep = malloc(before + after);
		if (!keep)
			return -ENOMEM;
		ret = mtd_read(mtd, start, before, keep);
		if (!ret || ret == -EUCLEAN)
			ret = mtd_read(mtd, ofs + loc->size, after, keep + before);
		if (ret && ret != -EUCLEAN)
			goto out;
	}
	ret = mtd_erase(mtd, start, end - start);
	if (!ret)
		ret = env_nor_program(mtd, ofs, img, loc->size);
	if (!ret && before)
		ret = env_nor_program(mtd, start, keep, before);
	if (!ret && after)
		ret = env_nor_program(mtd, ofs + loc->size, keep + before, after);
out:
	free(keep);
	return ret;
}

/* NAND: erase and program the good blocks of the range, whole pages. */
static int env_write_copy_nand(const struct env_location *loc, uint64_t ofs, const uint8_t *img)
{
	/* -ENOSPC: too many bad blocks in the range */
	// clang-format off
	struct mtd_io io = { .mtd = loc->mtd, .off = ofs, .len = env_io_size(loc),
			     .limit = ofs + env_nand_range(loc), .flags = MTD_IO_SKIP_BAD | MTD_IO_ERASE };
	// clang-format on

	return mtd_io_write(&io, img);
}

static int env_write_copy(const struct env_location *loc, int copy, const uint8_t *img)
{
	uint64_t ofs = env_copy_offset(loc, copy);

	if (env_is_nand(loc->mtd))
		return env_write_copy_nand(loc, ofs, img);
	return env_write_copy_nor(loc, ofs, img);
}

/* ------------------------------------------------------------ load / save */

/* A buffer for one copy as read (a successful read fills all of it). */
static void *env_alloc_io(const struct env_location *loc)
{
	return malloc(env_io_size(loc));
}

/* The header of one copy (CRC and flag byte): NOR reads just it, NAND the first good block's page. */
static int env_read_head(const struct env_location *loc, int copy, uint8_t *head)
{
	struct mtd_info *mtd = loc->mtd;
	uint64_t ofs = env_copy_offset(loc, copy), end;
	int ret, bad;

	if (env_is_nand(mtd)) {
		for (end = ofs + env_nand_range(loc);; ofs += mtd->erasesize) {
			if (ofs >= end)
				return -EIO; /* too many bad blocks in the range */
			bad = mtd_block_isbad(mtd, ofs);
			if (bad < 0)
				return bad;
			if (!bad)
				break;
		}
	}
	ret = mtd_read(mtd, ofs, ENV_HDR_SIZE_REDUND, head);
	return ret == -EUCLEAN ? 0 : ret;
}

/* Read and CRC-check one copy into buf; status and flag byte into info. */
static int env_check_copy(const struct env_location *loc, int copy, uint8_t *buf, struct env_image *im,
			  struct env_load_info *info)
{
	int ret = env_read_copy(loc, copy, buf);

	if (!ret)
		ret = env_image_parse(buf, loc->size, loc->redundant, im);
	info->status[copy] = ret;
	if (!ret || ret == -EBADMSG)
		info->copy_flags[copy] = im->flags;
	return ret;
}

/*
 * Find the copy to use; fill info and, when data is given, copy its data
 * area there. Redundant: the flag bytes decide which copy U-Boot would take
 * if both were good; that one is CRC-checked first and, when good, it is the
 * answer whatever the other holds, so the other is checked only when the
 * first fails (its status stays ENV_UNCHECKED; env_flash_check_other() fills
 * it in). Returns 0 or the load error.
 */
static int env_scan(const struct env_location *loc, uint8_t *buf, char *data, struct env_load_info *info)
{
	int order[2] = { 0, 1 }, n = loc->redundant ? 2 : 1, i, ret, read_err = 0;
	uint8_t head[2][ENV_HDR_SIZE_REDUND];
	struct env_image im;

	memset(info, 0, sizeof(*info));
	info->copy = -1;
	info->status[1] = -ENODEV;
	info->scheme = env_flash_scheme(loc);
	if (loc->redundant) {
		int h0 = env_read_head(loc, 0, head[0]), h1 = env_read_head(loc, 1, head[1]);

		info->status[0] = info->status[1] = ENV_UNCHECKED;
		if (!h0 && !h1 &&
		    env_redund_choose(info->scheme, head[0][ENV_HDR_SIZE], head[1][ENV_HDR_SIZE]) == 1)
			order[0] = 1, order[1] = 0;
		else if (h0 && !h1)
			order[0] = 1, order[1] = 0;
	}
	for (i = 0; i < n && info->copy < 0; i++) {
		ret = env_check_copy(loc, order[i], buf, &im, info);
		if (ret && ret != -EBADMSG)
			read_err = ret;
		if (ret)
			continue;
		info->copy = order[i];
		info->used = im.used;
		/* the used part: the padding after it is never read (and 64 KiB unaligned costs) */
		if (data)
			memcpy(data, im.data, im.used);
	}
	if (info->copy < 0) {
		/* a copy that read fine but failed its CRC makes it "bad CRC" */
		if (info->status[0] == -EBADMSG || info->status[1] == -EBADMSG)
			return -EBADMSG;
		return read_err ? read_err : -EIO;
	}
	info->flags = loc->redundant ? info->copy_flags[info->copy] : 0;
	/* the first choice failed and the other was used */
	info->degraded = loc->redundant && info->status[!info->copy] < 0;
	if (loc->redundant && info->status[!info->copy] == ENV_UNCHECKED)
		info->copy_flags[!info->copy] = head[!info->copy][ENV_HDR_SIZE];
	return 0;
}

int env_flash_check_other(const struct env_location *loc, struct env_load_info *info)
{
	struct env_image im;
	uint8_t *buf;
	int other;

	if (!loc || !info || !loc->redundant || info->copy < 0)
		return -EINVAL;
	other = !info->copy;
	if (info->status[other] != ENV_UNCHECKED)
		return info->status[other];
	if (env_loc_check(loc))
		return -EINVAL;
	buf = env_alloc_io(loc);
	if (!buf)
		return -ENOMEM;
	env_check_copy(loc, other, buf, &im, info);
	free(buf);
	info->degraded = info->status[other] != 0;
	return info->status[other];
}

int env_flash_load(const struct env_location *loc, char *data, size_t data_size,
		   struct env_load_info *info)
{
	struct env_load_info tmp;
	uint8_t *buf;
	int ret;

	if (!info)
		info = &tmp;
	/* every error return leaves info saying "no copy" */
	memset(info, 0, sizeof(*info));
	info->copy = -1;
	ret = env_loc_check(loc);
	if (ret)
		return ret;
	if (!data || data_size < env_data_size(loc->size, loc->redundant))
		return -EINVAL;
	buf = env_alloc_io(loc);
	if (!buf)
		return -ENOMEM;
	ret = env_scan(loc, buf, data, info);
	free(buf);
	return ret;
}

static int env_flash_save_unprotected(const struct env_location *loc, const char *data, size_t len,
				      struct env_load_info *info)
{
	struct env_load_info st, tmp;
	enum env_flag_scheme scheme;
	uint8_t *buf, flags = 0, obsolete = ENV_FLAG_OBSOLETE;
	int ret, target = 0, old = -1;

	if (!info)
		info = &tmp;
	memset(&st, 0, sizeof(st));
	scheme = env_flash_scheme(loc);
	/* the boolean scheme reprograms one byte in place: NOR only */
	if (loc->redundant && scheme == ENV_FLAGS_BOOLEAN && loc->mtd->writesize > 1)
		return -EINVAL;
	buf = env_alloc_io(loc);
	if (!buf)
		return -ENOMEM;
	if (loc->redundant) {
		/* decide from what is in flash now, not from a stale boot-time view */
		env_scan(loc, buf, NULL, &st);
		old = st.copy;
		target = old == 0 ? 1 : 0;
		if (scheme == ENV_FLAGS_BOOLEAN)
			flags = ENV_FLAG_ACTIVE;
		else
			flags = (uint8_t)((old >= 0 ? st.copy_flags[old] : 0) + 1);
	}
	memset(buf, 0xff, env_io_size(loc));
	ret = env_image_build(buf, loc->size, loc->redundant, flags, data, len, ENV_PAD_BYTE);
	if (ret < 0)
		goto out;
	memset(info, 0, sizeof(*info));
	info->scheme = scheme;
	info->used = ret;
	info->copy = -1;
	ret = env_write_copy(loc, target, buf);
	if (ret)
		goto out;
	/* the new copy is complete: retire the old one (NOR) */
	if (old >= 0 && scheme == ENV_FLAGS_BOOLEAN && st.copy_flags[old] != ENV_FLAG_OBSOLETE)
		ret = mtd_write(loc->mtd, env_copy_offset(loc, old) + ENV_HDR_SIZE, 1, &obsolete);
	if (ret)
		goto out;
	info->copy = target;
	info->flags = flags;
	info->copy_flags[target] = flags;
	if (old >= 0)
		info->copy_flags[old] = scheme == ENV_FLAGS_BOOLEAN ? obsolete : st.copy_flags[old];
	info->status[1] = loc->redundant ? 0 : -ENODEV;
out:
	free(buf);
	return ret;
}

/*
 * U-Boot lifts the protection of its own environment sectors for a save and
 * puts it back afterwards (software protection and a chip's lock bits):
 * `protect on` over the environment keeps every other writer out, not saveenv.
 * lift: unprotect the copies' blocks that are protected, noting which;
 * otherwise protect again the ones noted.
 */
struct env_prot {
	bool soft[2], lock[2];
};

static void env_protection(const struct env_location *loc, struct env_prot *p, bool lift)
{
	for (int copy = 0; copy < (loc->redundant ? 2 : 1); copy++) {
		uint64_t start, end;

		if (env_copy_extent(loc, copy, &start, &end))
			continue;
		if (lift) {
			p->soft[copy] = mtd_is_protected(loc->mtd, start, end - start);
			p->lock[copy] = mtd_is_locked(loc->mtd, start, end - start) > 0;
			if (p->soft[copy])
				mtd_protect(loc->mtd, start, end - start, false);
			if (p->lock[copy])
				mtd_unlock(loc->mtd, start, end - start);
		} else {
			if (p->lock[copy])
				mtd_lock(loc->mtd, start, end - start);
			if (p->soft[copy])
				mtd_protect(loc->mtd, start, end - start, true);
		}
	}
}

int env_flash_save(const struct env_location *loc, const char *data, size_t len,
		   struct env_load_info *info)
{
	struct env_prot prot = { { false, false }, { false, false } };
	int ret = env_loc_check(loc);

	if (ret)
		return ret;
	env_protection(loc, &prot, true);
	ret = env_flash_save_unprotected(loc, data, len, info);
	env_protection(loc, &prot, false);
	return ret;
}

/* ------------------------------------------------------------ fw_env.config */

int env_flash_fw_config(const struct env_location *loc, const char *linux_dev, char *buf, size_t size)
{
	struct mtd_info *mtd;
	size_t pos = 0;
	int i, n, ret;

	ret = env_loc_check(loc);
	if (ret)
		return ret;
	if (!linux_dev || !buf || !size)
		return -EINVAL;
	mtd = loc->mtd;
	buf[0] = '\0';
	for (i = 0; i < (loc->redundant ? 2 : 1); i++) {
		uint64_t ofs = env_copy_offset(loc, i);
		uint32_t sect = loc->sect_size ? loc->sect_size : mtd_erasesize_at(mtd, ofs);

		n = snprintf(buf + pos, size - pos, "%s 0x%llx 0x%lx 0x%lx", linux_dev,
			     (unsigned long long)ofs, (unsigned long)loc->size, (unsigned long)sect);
		if (n < 0 || (size_t)n >= size - pos)
			return -ENOSPC;
		pos += n;
		if (env_is_nand(mtd)) {
			n = snprintf(buf + pos, size - pos, " %lu",
				     (unsigned long)(env_nand_range(loc) / mtd->erasesize));
			if (n < 0 || (size_t)n >= size - pos)
				return -ENOSPC;
			pos += n;
		}
		if (pos + 1 >= size)
			return -ENOSPC;
		buf[pos++] = '\n';
		buf[pos] = '\0';
	}
	return (int)pos;
}

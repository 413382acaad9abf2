/* Host tests for the mtdparts parser, resolution, apply, mtdids and formatting (vectors from Linux 6.1's rules). */
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include "mtd.h"
#include "mtdparts.h"

#define KiB 1024ull
#define MiB (1024ull * 1024)
#define REST MTDPARTS_SIZE_REST
#define APP MTDPARTS_OFS_APPEND

static struct mtdparts_table tbl, tbl2;
static struct mtdparts_rtable rt, rt2;
static char fmt[16384];

/* ------------------------------------------------------------ helpers */

struct xpart {
	uint64_t size, offset;
	const char *name; /* NULL: no (name) */
	uint32_t flags;
};

static void check_part(const struct mtdparts_part *p, const struct xpart *x)
{
	assert_true(p->size == x->size);
	assert_true(p->offset == x->offset);
	if (!x->name) {
		assert_null(p->name);
	} else {
		assert_non_null(p->name);
		assert_int_equal(p->name_len, strlen(x->name));
		assert_memory_equal(p->name, x->name, p->name_len);
	}
	assert_int_equal(p->flags, x->flags);
}

static void check_dev(const struct mtdparts_table *t, int dev, const char *id, const struct xpart *x,
		      int n)
{
	const struct mtdparts_dev *d = &t->devs[dev];
	int i;

	assert_true(dev < t->ndevs);
	assert_int_equal(d->id_len, strlen(id));
	assert_memory_equal(d->id, id, d->id_len);
	assert_int_equal(d->nparts, n);
	for (i = 0; i < n; i++)
		check_part(&t->parts[d->first + i], &x[i]);
}

static void parse_ok(const char *s)
{
	size_t pos = 999;
	int ret = mtdparts_parse(s, strlen(s), &tbl, &pos);

	if (ret)
		fail_msg("parse of \"%s\" failed: %d at %zu", s, ret, pos);
}

static void parse_err(const char *s, int err, size_t at)
{
	size_t pos = 999;

	assert_int_equal(mtdparts_parse(s, strlen(s), &tbl, &pos), err);
	if (pos != at)
		fail_msg("\"%s\": error at %zu, expected %zu", s, pos, at);
}

/* Same content (ids, names by value, sizes, offsets, flags). */
static void tables_equal(const struct mtdparts_table *a, const struct mtdparts_table *b)
{
	int i, j;

	assert_int_equal(a->ndevs, b->ndevs);
	assert_int_equal(a->nparts, b->nparts);
	for (i = 0; i < a->ndevs; i++) {
		const struct mtdparts_dev *da = &a->devs[i], *db = &b->devs[i];

		assert_int_equal(da->id_len, db->id_len);
		assert_memory_equal(da->id, db->id, da->id_len);
		assert_int_equal(da->nparts, db->nparts);
		for (j = 0; j < da->nparts; j++) {
			const struct mtdparts_part *pa = &a->parts[da->first + j];
			const struct mtdparts_part *pb = &b->parts[db->first + j];

			assert_true(pa->size == pb->size);
			assert_true(pa->offset == pb->offset);
			assert_int_equal(pa->flags, pb->flags);
			assert_int_equal(!pa->name, !pb->name);
			assert_int_equal(pa->name_len, pb->name_len);
			if (pa->name_len)
				assert_memory_equal(pa->name, pb->name, pa->name_len);
		}
	}
}

/* parse(format(t)) == t */
static void roundtrip_tbl(void)
{
	size_t pos;
	int n = mtdparts_format(&tbl, fmt, sizeof(fmt));

	assert_true(n > 0);
	assert_int_equal(strlen(fmt), n);
	if (mtdparts_parse(fmt, (size_t)n, &tbl2, &pos))
		fail_msg("reparse of \"%s\" failed at %zu", fmt, pos);
	tables_equal(&tbl, &tbl2);
}

/* The QEMU versatilepb NOR: 64 MiB of 256 KiB blocks. */
// clang-format off
static struct mtd_info nor64 = {
	.name = "nor0", .type = MTD_NORFLASH, .size = 64 * MiB,
	.erasesize = 256 * KiB, .writesize = 1,
};
// clang-format on

/* Two erase regions, bottom-boot style: 8 x 8 KiB then 31 x 64 KiB = 2 MiB. */
static const struct mtd_erase_region boot_regions[] = {
	{ .offset = 0, .erasesize = 8 * KiB, .numblocks = 8 },
	{ .offset = 64 * KiB, .erasesize = 64 * KiB, .numblocks = 31 },
};
// clang-format off
static struct mtd_info nor2r = {
	.name = "nor1", .type = MTD_NORFLASH, .size = 2 * MiB, .erasesize = 64 * KiB,
	.writesize = 1, .numeraseregions = 2, .eraseregions = boot_regions,
};
// clang-format on

/* Regions where Linux's rule (multiple of the largest erasesize) and
 * region-relative alignment disagree: 1 x 8 KiB then 16 KiB blocks. */
static const struct mtd_erase_region odd_regions[] = {
	{ .offset = 0, .erasesize = 8 * KiB, .numblocks = 1 },
	{ .offset = 8 * KiB, .erasesize = 16 * KiB, .numblocks = 8 },
};
// clang-format off
static struct mtd_info nor_odd = {
	.name = "nor2", .type = MTD_NORFLASH, .size = 136 * KiB, .erasesize = 16 * KiB,
	.writesize = 1, .numeraseregions = 2, .eraseregions = odd_regions,
};
// clang-format on

static int resolve_str(const char *s, struct mtd_info *mtd)
{
	parse_ok(s);
	assert_int_equal(tbl.ndevs, 1);
	return mtdparts_resolve(&tbl, 0, mtd, &rt);
}

static void check_rpart(int i, const char *name, uint64_t ofs, uint64_t size, uint32_t warn)
{
	const struct mtdparts_rpart *p = &rt.parts[i];

	assert_true(i < rt.nparts);
	assert_string_equal(p->name, name);
	if (p->offset != ofs || p->size != size)
		fail_msg("%s: %#llx@%#llx, expected %#llx@%#llx", name, (unsigned long long)p->size,
			 (unsigned long long)p->offset, (unsigned long long)size,
			 (unsigned long long)ofs);
	if (p->warn != warn)
		fail_msg("%s: warn %#x, expected %#x", name, p->warn, warn);
}

/* ------------------------------------------------------------ parser: valid */

static void test_parse_basic(void **state)
{
	static const struct xpart x[] = {
		{ 256 * KiB, APP, "firmware", MTDPARTS_F_RO },
		{ 128 * KiB, APP, "env", 0 },
		{ REST, APP, "rootfs", 0 },
	};
	(void)state;
	parse_ok("mtdparts=34000000.flash:256k(firmware)ro,128k(env),-(rootfs)");
	assert_int_equal(tbl.ndevs, 1);
	assert_int_equal(tbl.nparts, 3);
	check_dev(&tbl, 0, "34000000.flash", x, 3);
	/* the prefix is optional */
	parse_ok("34000000.flash:256k(firmware)ro,128k(env),-(rootfs)");
	check_dev(&tbl, 0, "34000000.flash", x, 3);
	/* Linux's own doc example, two devices */
	parse_ok("edb7312-nor:256k(ARMboot)ro,-(root);edb7312-nand:-(home)");
	assert_int_equal(tbl.ndevs, 2);
	check_dev(&tbl, 0, "edb7312-nor",
		  (const struct xpart[]){ { 256 * KiB, APP, "ARMboot", MTDPARTS_F_RO },
					  { REST, APP, "root", 0 } },
		  2);
	check_dev(&tbl, 1, "edb7312-nand", (const struct xpart[]){ { REST, APP, "home", 0 } }, 1);
	parse_ok("edb7312-nor:-");
	check_dev(&tbl, 0, "edb7312-nor", (const struct xpart[]){ { REST, APP, NULL, 0 } }, 1);
}

static void test_parse_suffixes(void **state)
{
	static const char *const sfx = "kKmMgGtTpPeE";
	char s[64];
	int i;
	(void)state;

	for (i = 0; sfx[i]; i++) {
		snprintf(s, sizeof(s), "d:3%c", sfx[i]);
		parse_ok(s);
		assert_int_equal(tbl.nparts, 1);
		assert_true(tbl.parts[0].size == 3ull << (10 * (i / 2 + 1)));
	}
	parse_ok("d:1048576,010,0100k,0x10,0X1fK,0xA,0x1E,0x1e,1e,4E");
	assert_int_equal(tbl.nparts, 10);
	assert_true(tbl.parts[0].size == MiB);
	assert_true(tbl.parts[1].size == 8);        /* octal */
	assert_true(tbl.parts[2].size == 64 * KiB); /* octal 0100 = 64 */
	assert_true(tbl.parts[3].size == 16);
	assert_true(tbl.parts[4].size == 0x1f * KiB);
	assert_true(tbl.parts[5].size == 10);
	assert_true(tbl.parts[6].size == 0x1e); /* E is a hex digit here */
	assert_true(tbl.parts[7].size == 0x1e);
	assert_true(tbl.parts[8].size == 1ull << 60);
	assert_true(tbl.parts[9].size == 1ull << 62);
	/* simple_strtoull wraps silently on overflow */
	parse_ok("d:0x10000000000000001,18446744073709551617,8E");
	assert_true(tbl.parts[0].size == 1);
	assert_true(tbl.parts[1].size == 1);
	assert_true(tbl.parts[2].size == 1ull << 63);
}

static void test_parse_offsets(void **state)
{
	(void)state;
	parse_ok("d:1M@2M(a),512k@0(b),256k(c),1k@0x400ro");
	check_dev(&tbl, 0, "d",
		  (const struct xpart[]){ { MiB, 2 * MiB, "a", 0 },
					  { 512 * KiB, 0, "b", 0 },
					  { 256 * KiB, APP, "c", 0 },
					  { KiB, 1024, NULL, MTDPARTS_F_RO } },
		  4);
	/* Linux does not check the offset: "@" + nothing is offset 0 */
	parse_ok("d:1M@(x)");
	check_dev(&tbl, 0, "d", (const struct xpart[]){ { MiB, 0, "x", 0 } }, 1);
	/* an explicit ULLONG_MAX offset is Linux's "continuous" marker */
	parse_ok("d:1M@0xffffffffffffffff");
	assert_true(tbl.parts[0].offset == APP);
	parse_ok("d:-@4m(rest)");
	check_dev(&tbl, 0, "d", (const struct xpart[]){ { REST, 4 * MiB, "rest", 0 } }, 1);
}

static void test_parse_names_ids(void **state)
{
	(void)state;
	/* names run to ')' and may hold spaces , ; : ( */
	parse_ok("d:1M(my part;x:y,z(w),2M");
	check_dev(&tbl, 0, "d",
		  (const struct xpart[]){ { MiB, APP, "my part;x:y,z(w", 0 },
					  { 2 * MiB, APP, NULL, 0 } },
		  2);
	/* ids may hold ':'; the last one before '(' ends the id */
	parse_ok("spi0.0:nor:1M(a:b),-");
	check_dev(&tbl, 0, "spi0.0:nor",
		  (const struct xpart[]){ { MiB, APP, "a:b", 0 }, { REST, APP, NULL, 0 } }, 2);
	/* ... which Linux also applies when partdefs have no names */
	parse_ok("x:1M,2M:3M");
	check_dev(&tbl, 0, "x:1M,2M", (const struct xpart[]){ { 3 * MiB, APP, NULL, 0 } }, 1);
	/* empty name and empty id are accepted by Linux */
	parse_ok(":1M()");
	check_dev(&tbl, 0, "", (const struct xpart[]){ { MiB, APP, "", 0 } }, 1);
	assert_non_null(tbl.parts[0].name);
	/* only one "mtdparts=" is stripped */
	parse_ok("mtdparts=mtdparts=x:1M");
	check_dev(&tbl, 0, "mtdparts=x", (const struct xpart[]){ { MiB, APP, NULL, 0 } }, 1);
	/* a name may contain ';' even before the next mtddef */
	parse_ok("a:1M(p;q:r);b:2M");
	assert_int_equal(tbl.ndevs, 2);
	check_dev(&tbl, 0, "a", (const struct xpart[]){ { MiB, APP, "p;q:r", 0 } }, 1);
	check_dev(&tbl, 1, "b", (const struct xpart[]){ { 2 * MiB, APP, NULL, 0 } }, 1);
}

static void test_parse_devices(void **state)
{
	(void)state;
	parse_ok("nor:256k(u)ro,-;nand:128k(a),-(b);nor:1M");
	assert_int_equal(tbl.ndevs, 3);
	assert_int_equal(tbl.nparts, 5);
	assert_int_equal(tbl.devs[1].first, 2);
	check_dev(&tbl, 1, "nand",
		  (const struct xpart[]){ { 128 * KiB, APP, "a", 0 }, { REST, APP, "b", 0 } }, 2);
	/* Linux keeps the mtddefs in a list it prepends to: the last one wins */
	assert_int_equal(mtdparts_find_dev(&tbl, "nor", 3), 2);
	assert_int_equal(mtdparts_find_dev(&tbl, "nand", 4), 1);
	assert_int_equal(mtdparts_find_dev(&tbl, "nan", 3), -ENOENT);
	/* stops at a NUL within len */
	assert_int_equal(mtdparts_parse("d:1M\0garbage", 12, &tbl, NULL), 0);
	assert_int_equal(tbl.nparts, 1);
	/* len shorter than the string */
	assert_int_equal(mtdparts_parse("d:1M,2M", 4, &tbl, NULL), 0);
	assert_int_equal(tbl.nparts, 1);
}

static void test_parse_flags(void **state)
{
	(void)state;
	parse_ok("d:1M(a)rolkslc,1M(b)lk,1M(c)slc,1M(d)roslc,1Mro,1Mlkslc");
	check_dev(&tbl, 0, "d",
		  (const struct xpart[]){
			  { MiB, APP, "a", MTDPARTS_F_RO | MTDPARTS_F_LK | MTDPARTS_F_SLC },
			  { MiB, APP, "b", MTDPARTS_F_LK },
			  { MiB, APP, "c", MTDPARTS_F_SLC },
			  { MiB, APP, "d", MTDPARTS_F_RO | MTDPARTS_F_SLC },
			  { MiB, APP, NULL, MTDPARTS_F_RO },
			  { MiB, APP, NULL, MTDPARTS_F_LK | MTDPARTS_F_SLC } },
		  6);
	/* out of Linux's order: the flag left over is a "bad character" */
	parse_err("d:1Mlkro", -EINVAL, 6);
	parse_err("d:1Mslcro", -EINVAL, 7);
	parse_err("d:1Mslclk", -EINVAL, 7);
	parse_err("d:1Mroro", -EINVAL, 6);
	parse_err("d:1M(a)rw", -EINVAL, 7);
	parse_err("d:1Mr", -EINVAL, 4);
}

/* ------------------------------------------------------------ parser: errors */

static void test_parse_errors(void **state)
{
	(void)state;
	parse_err("", -EINVAL, 0); /* "no mtd-id" */
	parse_err("mtdparts=", -EINVAL, 9);
	parse_err("d", -EINVAL, 0);
	parse_err("d:", -EINVAL, 2); /* "partition has size 0" */
	parse_err("d:0", -EINVAL, 2);
	parse_err("d:0x", -EINVAL, 2); /* octal 0, "x" left */
	parse_err("d:0xg", -EINVAL, 2);
	parse_err("d:08", -EINVAL, 2); /* 8 is not octal */
	parse_err("d:abc", -EINVAL, 2);
	parse_err("d:k", -EINVAL, 2);
	parse_err("d: 1M", -EINVAL, 2); /* no blanks */
	parse_err("d:+1M", -EINVAL, 2);
	parse_err("d:16E", -EINVAL, 2); /* 16 << 60 wraps to 0 */
	parse_err("d:1M,0", -EINVAL, 5);
	parse_err("d:-,1M", -EINVAL, 3); /* "no partitions allowed after a fill-up" */
	parse_err("d:-(a)ro,1M", -EINVAL, 8);
	parse_err("d:1M,-,1M", -EINVAL, 6);
	parse_err("d:0xffffffffffffffff,1M", -EINVAL, 20); /* that size is the "-" marker */
	parse_err("d:1M(abc", -EINVAL, 4);                 /* "no closing ) found" */
	parse_err("d:1M(abc;e:1M", -EINVAL, 4);
	parse_err("d:1M,", -EINVAL, 5); /* trailing comma: empty partdef */
	parse_err("d:1M,,2M", -EINVAL, 5);
	parse_err("d:1M;", -EINVAL, 5); /* trailing ';': no mtd-id */
	parse_err("d:1M;;e:1M", -EINVAL, 5);
	parse_err("d:1M(a)x", -EINVAL, 7); /* "bad character after partition" */
	parse_err("d:1M@2Mfoo", -EINVAL, 7);
	parse_err("d:1M@xyz", -EINVAL, 5); /* offset 0, then 'x' */
	parse_err("d:1M 2M", -EINVAL, 4);
	parse_err("d(x):1M", -EINVAL, 0); /* ':' after the '(' does not count */
	parse_err("a;b:1M", -EINVAL, 0);
	parse_err("a:1M;b", -EINVAL, 5);
	parse_err("a:1M(x)ro;b:0", -EINVAL, 12);
	parse_err("a:1M(x:y", -EINVAL, 4);
}

static void test_parse_limits(void **state)
{
	char s[1024];
	size_t n = 0, pos;
	int i;
	(void)state;

	/* MTDPARTS_MAX_PARTS partdefs fit, one more is -ENOSPC at its start */
	n += (size_t)sprintf(s + n, "d:");
	for (i = 0; i < MTDPARTS_MAX_PARTS; i++)
		n += (size_t)sprintf(s + n, "%s4k", i ? "," : "");
	assert_int_equal(mtdparts_parse(s, n, &tbl, &pos), 0);
	assert_int_equal(tbl.nparts, MTDPARTS_MAX_PARTS);
	n += (size_t)sprintf(s + n, ",8k");
	assert_int_equal(mtdparts_parse(s, n, &tbl, &pos), -ENOSPC);
	assert_int_equal(pos, n - 2);

	/* the same for mtddefs */
	n = 0;
	for (i = 0; i < MTDPARTS_MAX_DEVS; i++)
		n += (size_t)sprintf(s + n, "%sdev%d:1M", i ? ";" : "", i);
	assert_int_equal(mtdparts_parse(s, n, &tbl, &pos), 0);
	assert_int_equal(tbl.ndevs, MTDPARTS_MAX_DEVS);
	n += (size_t)sprintf(s + n, ";more:1M");
	assert_int_equal(mtdparts_parse(s, n, &tbl, &pos), -ENOSPC);
	assert_int_equal(pos, n - 7);
}

/* Strings well past U-Boot's 512 characters: long ids, long names, many parts. */
static void test_parse_long(void **state)
{
	static char s[8192];
	char name[128], id[200];
	size_t n = 0;
	int i, d, k = 0;
	(void)state;

	for (d = 0; d < 4; d++) {
		memset(id, 'a' + d, 150);
		sprintf(id + 150, ":%d", d); /* ids with ':' too */
		n += (size_t)sprintf(s + n, "%s%s:", d ? ";" : "mtdparts=", id);
		for (i = 0; i < 15; i++, k++) {
			snprintf(name, sizeof(name),
				 "partition %02d of device %d, with a long name %060d", i, d, k);
			n += (size_t)sprintf(s + n, "%s%dk(%s)%s", i ? "," : "", 4 * (k + 1), name,
					     i % 3 ? "" : "ro");
		}
	}
	assert_true(n > 4096);
	assert_true(n < sizeof(s));
	parse_ok(s);
	assert_int_equal(tbl.ndevs, 4);
	assert_int_equal(tbl.nparts, 60);
	assert_int_equal(tbl.devs[3].id_len, 152);
	assert_int_equal(tbl.devs[3].id[151], '3');
	assert_true(tbl.parts[59].size == 240 * KiB);
	assert_int_equal(tbl.parts[59].flags, 0);
	assert_int_equal(tbl.parts[57].flags, MTDPARTS_F_RO);
	assert_int_equal(tbl.parts[59].name_len, strlen(name));
	assert_memory_equal(tbl.parts[59].name, name, strlen(name));
	roundtrip_tbl();
}

/* ------------------------------------------------------------ formatting */

static void test_format(void **state)
{
	static const char *const canon[] = {
		"mtdparts=34000000.flash:256k(firmware)ro,128k(env),-(rootfs)",
		"mtdparts=nor:256k(u)ro,-;nand:128k(a)lk,-(b)slc",
		"mtdparts=d:1m@2m(a),512k@0(b),256k(c),1000,3g,1g@1m()rolkslc",
	};
	unsigned int i;
	(void)state;

	for (i = 0; i < ARRAY_SIZE(canon); i++) {
		parse_ok(canon[i]);
		assert_int_equal(mtdparts_format(&tbl, fmt, sizeof(fmt)), strlen(canon[i]));
		assert_string_equal(fmt, canon[i]);
	}
	parse_ok("d:1048576,0x400@0x100000,1000,3G,0x1e(x)lkslc,0100@0");
	mtdparts_format(&tbl, fmt, sizeof(fmt));
	assert_string_equal(fmt, "mtdparts=d:1m,1k@1m,1000,3g,30(x)lkslc,64@0");

	/* too small a buffer: -ENOSPC and an empty string, never an overrun */
	parse_ok(canon[0]);
	assert_int_equal(mtdparts_format(&tbl, fmt, strlen(canon[0])), -ENOSPC);
	assert_string_equal(fmt, "");
	assert_int_equal(mtdparts_format(&tbl, fmt, strlen(canon[0]) + 1), strlen(canon[0]));
}

static void test_format_roundtrip(void **state)
{
	static const char *const in[] = {
		"mtdparts=34000000.flash:256k(firmware)ro,128k(env),-(rootfs)",
		"d:1M@2M(a),512k@0(b),256k(c),1k@0x400ro",
		"d:1M(my part;x:y,z(w),2M",
		"spi0.0:nor:1M(a:b),-",
		"x:1M,2M:3M",
		":1M()",
		"mtdparts=mtdparts=x:1M",
		"a:1M(p;q:r);b:2M;a:-@0x3",
		"d:1M@0xffffffffffffffff,0x10000000000000001,8E,1e,0x7,017,1234567",
		"d:1M(a)rolkslc,1M(b)lk,1M(c)slc,1M(d)roslc,1Mro,1Mlkslc",
	};
	unsigned int i;
	(void)state;

	for (i = 0; i < ARRAY_SIZE(in); i++) {
		parse_ok(in[i]);
		roundtrip_tbl();
	}
}

/* ------------------------------------------------------------ resolution */

static void test_resolve_basic(void **state)
{
	(void)state;
	assert_int_equal(resolve_str("nor:256k(u-boot)ro,256k(env),-(rootfs)", &nor64), 0);
	assert_string_equal(rt.id, "nor");
	assert_true(rt.devsize == 64 * MiB);
	assert_int_equal(rt.nparts, 3);
	assert_int_equal(rt.nskipped, 0);
	check_rpart(0, "u-boot", 0, 256 * KiB, 0);
	check_rpart(1, "env", 256 * KiB, 256 * KiB, 0);
	check_rpart(2, "rootfs", 512 * KiB, 64 * MiB - 512 * KiB, 0);
	assert_int_equal(rt.parts[0].flags, MTDPARTS_F_RO);
	assert_int_equal(mtdparts_rpart_mtd_flags(&rt.parts[0]), MTD_RO);
	assert_int_equal(mtdparts_rpart_mtd_flags(&rt.parts[1]), 0);
	assert_int_equal(rt.parts[2].src, 2);

	/* offsets out of order: "continuous" follows the previous partdef */
	assert_int_equal(resolve_str("nor:1M@8M(a),1M@0(b),-(c)", &nor64), 0);
	check_rpart(0, "a", 8 * MiB, MiB, 0);
	check_rpart(1, "b", 0, MiB, 0);
	check_rpart(2, "c", MiB, 63 * MiB, MTDPARTS_W_OVERLAP);
	assert_int_equal(rt.parts[2].overlap, 0);

	/* unnamed partitions get Linux's names */
	assert_int_equal(resolve_str("nor:1M,1M,-", &nor64), 0);
	check_rpart(0, "Partition_000", 0, MiB, 0);
	check_rpart(2, "Partition_002", 2 * MiB, 62 * MiB, 0);

	/* a dev index that does not exist */
	assert_int_equal(mtdparts_resolve(&tbl, 1, &nor64, &rt), -EINVAL);
}

static void test_resolve_truncate(void **state)
{
	(void)state;
	/* "partitioning exceeds flash size, truncating" */
	assert_int_equal(resolve_str("nor:32M(a),40M(b)", &nor64), 0);
	check_rpart(0, "a", 0, 32 * MiB, 0);
	check_rpart(1, "b", 32 * MiB, 32 * MiB, MTDPARTS_W_TRUNCATED);
	assert_int_equal(resolve_str("nor:1G(all)", &nor64), 0);
	check_rpart(0, "all", 0, 64 * MiB, MTDPARTS_W_TRUNCATED);

	/* starting exactly at the end: truncated to 0, "skipping zero sized
	 * partition"; it loses its number but keeps its default name index */
	assert_int_equal(resolve_str("nor:1M@64M,1M@0", &nor64), 0);
	assert_int_equal(rt.nparts, 1);
	assert_int_equal(rt.nskipped, 1);
	assert_int_equal(rt.skipped[0], 0);
	check_rpart(0, "Partition_001", 0, MiB, 0);
	assert_int_equal(rt.parts[0].src, 1);
	assert_int_equal(resolve_str("nor:64M(a),1M(b),2M(c)", &nor64), 0);
	assert_int_equal(rt.nparts, 1);
	assert_int_equal(rt.nskipped, 2);
	assert_int_equal(rt.skipped[1], 2);

	/* starting beyond the end: cmdlinepart's wrapped size, then mtdpart.c's
	 * "out of reach -- disabled" (registered with size 0); the next
	 * continuous partition lands on devsize and is skipped */
	assert_int_equal(resolve_str("nor:1M@70M(x),1M(y),1M@0(z)", &nor64), 0);
	assert_int_equal(rt.nparts, 2);
	check_rpart(0, "x", 0, 0, MTDPARTS_W_TRUNCATED | MTDPARTS_W_OUT_OF_REACH);
	assert_false(mtdparts_rpart_active(&rt.parts[0]));
	assert_int_equal(rt.nskipped, 1);
	assert_int_equal(rt.skipped[0], 1);
	check_rpart(1, "z", 0, MiB, 0); /* disabled ones overlap nothing */
	assert_int_equal(resolve_str("nor:-@70M(x)", &nor64), 0);
	check_rpart(0, "x", 0, 0, MTDPARTS_W_OUT_OF_REACH);

	/* a size so large that Linux's ofs + size wraps: we still truncate */
	assert_int_equal(resolve_str("nor:1M(a),0xfffffffffff80000(b)", &nor64), 0);
	check_rpart(1, "b", MiB, 63 * MiB, MTDPARTS_W_TRUNCATED);
}

static void test_resolve_readonly(void **state)
{
	(void)state;
	assert_int_equal(resolve_str("nor:100k(a),-(b)", &nor64), 0);
	check_rpart(0, "a", 0, 100 * KiB, MTDPARTS_W_RO_END);
	check_rpart(1, "b", 100 * KiB, 64 * MiB - 100 * KiB, MTDPARTS_W_RO_START);
	assert_int_equal(mtdparts_rpart_mtd_flags(&rt.parts[0]), MTD_RO);
	assert_int_equal(mtdparts_rpart_mtd_flags(&rt.parts[1]), MTD_RO);
	/* already read-only: nothing to force, no warning (as Linux) */
	assert_int_equal(resolve_str("nor:100k(a)ro,-(b)", &nor64), 0);
	check_rpart(0, "a", 0, 100 * KiB, 0);
	/* a truncated end at the device end is aligned */
	assert_int_equal(resolve_str("nor:1M(a),100M(b)", &nor64), 0);
	check_rpart(1, "b", MiB, 63 * MiB, MTDPARTS_W_TRUNCATED);
	/* a read-only device: Linux's child is not writable either */
	nor64.flags = MTD_RO;
	assert_int_equal(resolve_str("nor:100k(a),-(b)", &nor64), 0);
	nor64.flags = 0;
	check_rpart(0, "a", 0, 100 * KiB, 0);
	check_rpart(1, "b", 100 * KiB, 64 * MiB - 100 * KiB, 0);
}

static void test_resolve_regions(void **state)
{
	(void)state;
	/* within the 8 KiB region, 8 KiB alignment is enough */
	assert_int_equal(resolve_str("nor:8k(a),56k(b),64k(c),-(d)", &nor2r), 0);
	check_rpart(0, "a", 0, 8 * KiB, 0);
	check_rpart(1, "b", 8 * KiB, 56 * KiB, 0);
	check_rpart(2, "c", 64 * KiB, 64 * KiB, 0);
	check_rpart(3, "d", 128 * KiB, 2 * MiB - 128 * KiB, 0);
	/* spanning both regions: Linux takes the largest erasesize (64 KiB) */
	assert_int_equal(resolve_str("nor:32k(a),64k(b),-(c)", &nor2r), 0);
	check_rpart(0, "a", 0, 32 * KiB, 0);
	check_rpart(1, "b", 32 * KiB, 64 * KiB, MTDPARTS_W_RO_START);
	check_rpart(2, "c", 96 * KiB, 2 * MiB - 96 * KiB, MTDPARTS_W_RO_START);
	assert_int_equal(resolve_str("nor:24k(a),-(b)", &nor2r), 0);
	check_rpart(0, "a", 0, 24 * KiB, 0);
	check_rpart(1, "b", 24 * KiB, 2 * MiB - 24 * KiB, MTDPARTS_W_RO_START);
	assert_int_equal(resolve_str("nor:16k(a),100k(b)", &nor2r), 0);
	check_rpart(1, "b", 16 * KiB, 100 * KiB, MTDPARTS_W_RO_START);
	assert_int_equal(resolve_str("nor:64k(a),100k(b)", &nor2r), 0);
	check_rpart(1, "b", 64 * KiB, 100 * KiB, MTDPARTS_W_RO_END);

	/* 16k@16k: a multiple of 16 KiB (Linux: fine) but not a block start in
	 * the 16 KiB region that begins at 8 KiB, so mtd_erase() could not
	 * erase it: we force read-only too */
	assert_int_equal(resolve_str("nor:8k(a),16k@24k(b),16k@16k(c)", &nor_odd), 0);
	check_rpart(0, "a", 0, 8 * KiB, 0);
	check_rpart(1, "b", 24 * KiB, 16 * KiB, MTDPARTS_W_RO_START); /* Linux: 24k % 16k */
	check_rpart(2, "c", 16 * KiB, 16 * KiB, MTDPARTS_W_RO_START | MTDPARTS_W_OVERLAP);
	assert_int_equal(resolve_str("nor:8k(a),16k(b),-(c)", &nor_odd), 0);
	check_rpart(1, "b", 8 * KiB, 16 * KiB, MTDPARTS_W_RO_START); /* Linux: 8k % 16k */
}

static void test_resolve_errors(void **state)
{
	char s[128];
	(void)state;
	/* zero size is a parse error, as in Linux */
	parse_err("nor:0(a)", -EINVAL, 4);
	/* duplicate names */
	assert_int_equal(resolve_str("nor:1M(a),1M(b),1M(a)", &nor64), -EEXIST);
	assert_int_equal(rt.err_part, 2);
	assert_int_equal(resolve_str("nor:1M,1M(Partition_000)", &nor64), -EEXIST);
	assert_int_equal(rt.err_part, 1);
	/* names must fit mtd_info.name */
	snprintf(s, sizeof(s), "nor:1M(a),1M(%031d)", 7);
	assert_int_equal(resolve_str(s, &nor64), 0);
	assert_int_equal(strlen(rt.parts[1].name), MTDPARTS_NAME_MAX);
	snprintf(s, sizeof(s), "nor:1M(a),1M(%032d)", 7);
	assert_int_equal(resolve_str(s, &nor64), -E2BIG);
	assert_int_equal(rt.err_part, 1);
	/* and the id the resolved table keeps */
	snprintf(s, sizeof(s), "%064d:1M", 5);
	assert_int_equal(resolve_str(s, &nor64), -E2BIG);
}

static void test_overlap(void **state)
{
	(void)state;
	assert_int_equal(resolve_str("nor:2M(a),1M@1M(b),1M@3M(c),1M@2M(d),4M@0(e)", &nor64), 0);
	check_rpart(0, "a", 0, 2 * MiB, 0);
	check_rpart(1, "b", MiB, MiB, MTDPARTS_W_OVERLAP);
	assert_int_equal(rt.parts[1].overlap, 0);
	check_rpart(2, "c", 3 * MiB, MiB, 0); /* adjacent is fine */
	check_rpart(3, "d", 2 * MiB, MiB, 0);
	check_rpart(4, "e", 0, 4 * MiB, MTDPARTS_W_OVERLAP);
	assert_int_equal(rt.parts[4].overlap, 0);

	assert_int_equal(mtdparts_find_overlap(&rt, 1536 * KiB, MiB, -1), 0);
	assert_int_equal(mtdparts_find_overlap(&rt, 3 * MiB, MiB, -1), 2);
	assert_int_equal(mtdparts_find_overlap(&rt, 3 * MiB, MiB, 2), 4);
	assert_int_equal(mtdparts_find_overlap(&rt, 4 * MiB, MiB, -1), -1);
	assert_int_equal(mtdparts_find_overlap(&rt, 2 * MiB - 1, 1, 0), 1);
	assert_int_equal(mtdparts_find_overlap(&rt, 0, 0, -1), -1);
	/* no overflow near 2^64 */
	assert_int_equal(mtdparts_find_overlap(&rt, UINT64_MAX - 10, 10, -1), -1);
	assert_int_equal(mtdparts_find_overlap(&rt, 5 * MiB, UINT64_MAX - 5 * MiB, -1), -1);
	assert_int_equal(mtdparts_find_overlap(&rt, 3 * MiB + 5, UINT64_MAX - 4 * MiB, 4), 2);
}

/* ------------------------------------------------------------ editing + canonical form */

static void test_edit_and_format(void **state)
{
	(void)state;
	parse_ok("mtdparts=nand:1m(a);nor:256k(u-boot)ro,256k(env),8m(kernel),4m@32m(data);x:1M");
	assert_int_equal(mtdparts_resolve(&tbl, 1, &nor64, &rt), 0);

	assert_int_equal(mtdparts_rtable_add(&rt, "fs", 16 * MiB, 32 * MiB, 0), -EBUSY);
	assert_int_equal(mtdparts_rtable_add(&rt, "env", 40 * MiB, MiB, 0), -EEXIST);
	assert_int_equal(mtdparts_rtable_add(&rt, "fs", 60 * MiB, 8 * MiB, 0), -EINVAL);
	assert_int_equal(mtdparts_rtable_add(&rt, "fs", 64 * MiB, MiB, 0), -EINVAL);
	assert_int_equal(mtdparts_rtable_add(&rt, "fs", MiB, 0, 0), -EINVAL);
	assert_int_equal(mtdparts_rtable_add(&rt, "", 40 * MiB, MiB, 0), -EINVAL);
	assert_int_equal(mtdparts_rtable_add(&rt, "0123456789abcdef0123456789abcdef", 40 * MiB, MiB, 0),
			 -E2BIG);
	assert_int_equal(mtdparts_rtable_add(&rt, "fs", 8 * MiB + 512 * KiB, 4 * MiB, MTDPARTS_F_RO), 3);
	assert_int_equal(rt.nparts, 5);
	assert_string_equal(rt.parts[4].name, "data");
	assert_int_equal(mtdparts_rtable_add(&rt, "tail", 36 * MiB, 28 * MiB, 0), 5);

	assert_int_equal(mtdparts_set_dev(&tbl, 1, &rt), 0);
	assert_true(mtdparts_format(&tbl, fmt, sizeof(fmt)) > 0);
	assert_string_equal(fmt, "mtdparts=nand:1m(a);nor:256k(u-boot)ro,256k(env),8m(kernel),"
				 "4m(fs)ro,4m@32m(data),-(tail);x:1m");

	assert_int_equal(mtdparts_rtable_del(&rt, 1), 0);
	assert_int_equal(mtdparts_rtable_del(&rt, 5), -EINVAL);
	assert_int_equal(mtdparts_set_dev(&tbl, 1, &rt), 0);
	mtdparts_format(&tbl, fmt, sizeof(fmt));
	assert_string_equal(fmt, "mtdparts=nand:1m(a);nor:256k(u-boot)ro,8m@512k(kernel),"
				 "4m(fs)ro,4m@32m(data),-(tail);x:1m");

	/* deleting every partition removes the mtddef */
	while (rt.nparts)
		assert_int_equal(mtdparts_rtable_del(&rt, 0), 0);
	assert_int_equal(mtdparts_set_dev(&tbl, 1, &rt), 0);
	mtdparts_format(&tbl, fmt, sizeof(fmt));
	assert_string_equal(fmt, "mtdparts=nand:1m(a);x:1m");
	assert_int_equal(tbl.nparts, 2);

	/* a device not yet in the string is appended */
	memset(&rt, 0, sizeof(rt));
	strcpy(rt.id, "34000000.flash");
	rt.devsize = 64 * MiB;
	assert_int_equal(mtdparts_rtable_add(&rt, "env", 256 * KiB, 256 * KiB, 0), 0);
	assert_int_equal(mtdparts_rtable_add(&rt, "firmware", 0, 256 * KiB, MTDPARTS_F_RO), 0);
	assert_int_equal(mtdparts_set_dev(&tbl, tbl.ndevs, &rt), 0);
	mtdparts_format(&tbl, fmt, sizeof(fmt));
	assert_string_equal(fmt, "mtdparts=nand:1m(a);x:1m;34000000.flash:256k(firmware)ro,256k(env)");
	assert_int_equal(mtdparts_set_dev(&tbl, 5, &rt), -EINVAL);
}

/* resolve(parse(format(set_dev(R)))) == R without the disabled partitions */
static void resolved_roundtrip(const char *s, struct mtd_info *mtd)
{
	int i, j;

	assert_int_equal(resolve_str(s, mtd), 0);
	rt2 = rt;
	assert_int_equal(mtdparts_set_dev(&tbl, 0, &rt2), 0);
	assert_true(mtdparts_format(&tbl, fmt, sizeof(fmt)) > 0);
	parse_ok(fmt);
	assert_int_equal(mtdparts_resolve(&tbl, 0, mtd, &rt), 0);
	assert_int_equal(rt.nskipped, 0);
	for (i = 0, j = 0; i < rt2.nparts; i++) {
		const struct mtdparts_rpart *a = &rt2.parts[i], *b = &rt.parts[j];
		uint32_t mask = MTDPARTS_W_FORCED_RO | MTDPARTS_W_OVERLAP;

		if (!mtdparts_rpart_active(a))
			continue;
		assert_true(j < rt.nparts);
		assert_string_equal(a->name, b->name);
		assert_true(a->offset == b->offset && a->size == b->size);
		assert_int_equal(a->flags, b->flags);
		assert_int_equal(a->warn & mask, b->warn & mask);
		assert_int_equal(b->warn & MTDPARTS_W_TRUNCATED, 0);
		j++;
	}
	assert_int_equal(j, rt.nparts);
}

static void test_resolved_roundtrip(void **state)
{
	(void)state;
	resolved_roundtrip("nor:256k(u-boot)ro,256k(env),-(rootfs)", &nor64);
	resolved_roundtrip("nor:1M@8M(a),1M@0(b),-(c)", &nor64);
	resolved_roundtrip("nor:1M,1M,-", &nor64);
	resolved_roundtrip("nor:1M@70M(x),1M(y),1M@0(z),1G(big)lk", &nor64);
	resolved_roundtrip("nor:100k(a),-(b)slc", &nor64);
	resolved_roundtrip("nor:32k(a),64k(b),-(c)", &nor2r);
	resolved_roundtrip("nor:8k(a),16k@24k(b),16k@16k(c)", &nor_odd);
	assert_string_equal(fmt, "mtdparts=nor:8k(a),16k@24k(b),16k@16k(c)");
}

/* ------------------------------------------------------------ apply */

static uint8_t ram[256 * 1024];
static struct mtd_info ramdev, other;

static int apply_setup(void **state)
{
	(void)state;
	memset(ram, 0xff, sizeof(ram));
	assert_int_equal(mtdram_init(&ramdev, "ram0", ram, sizeof(ram), 4096), 0);
	assert_int_equal(mtd_register(&ramdev), 0);
	return 0;
}

static int apply_teardown(void **state)
{
	(void)state;
	mtd_del_partitions(NULL);
	mtd_unregister(&ramdev);
	mtd_unregister(&other);
	return 0;
}

static int count_parts(struct mtd_info *parent)
{
	struct mtd_info *m;
	int n = 0;

	for (m = mtd_first(); m; m = m->next)
		n += m->parent == parent;
	return n;
}

static void test_apply(void **state)
{
	struct mtd_info *boot, *env, *data;
	uint8_t buf[4] = { 1, 2, 3, 4 };
	int failed = 7;
	(void)state;

	assert_int_equal(resolve_str("ram0:64k(boot)ro,64k(env),-(data)", &ramdev), 0);
	assert_int_equal(mtdparts_apply(&ramdev, &rt, &failed), 0);
	assert_int_equal(failed, -1);
	assert_int_equal(count_parts(&ramdev), 3);
	boot = mtd_find("boot");
	env = mtd_find("env");
	data = mtd_find("data");
	assert_non_null(boot);
	assert_non_null(env);
	assert_non_null(data);
	assert_true(env->offset == 64 * KiB && env->size == 64 * KiB);
	assert_true(data->offset == 128 * KiB && data->size == 128 * KiB);
	assert_int_equal(mtd_write(boot, 0, 4, buf), -EROFS);
	assert_int_equal(mtd_write(env, 16, 4, buf), 0);
	assert_memory_equal(&ram[64 * 1024 + 16], buf, 4);
	/* a second apply would stack partitions: refused */
	assert_int_equal(mtdparts_apply(&ramdev, &rt, &failed), -EBUSY);
	mtd_del_partitions(&ramdev);

	/* forced read-only reaches mtd_info.flags; out-of-reach ones are not added */
	assert_int_equal(resolve_str("ram0:6k(a),200k(b),4k@1M(gone)", &ramdev), 0);
	assert_int_equal(mtdparts_apply(&ramdev, &rt, NULL), 0);
	assert_int_equal(count_parts(&ramdev), 2);
	assert_int_equal(mtd_write(mtd_find("a"), 0, 4, buf), -EROFS);
	assert_int_equal(mtd_write(mtd_find("b"), 0, 4, buf), -EROFS);
	assert_null(mtd_find("gone"));
	mtd_del_partitions(&ramdev);
}

static void test_apply_all_or_nothing(void **state)
{
	static uint8_t ram2[16 * 1024];
	int failed = 7;
	(void)state;

	/* a name taken by another device: nothing is left behind */
	assert_int_equal(mtdram_init(&other, "env", ram2, sizeof(ram2), 4096), 0);
	assert_int_equal(mtd_register(&other), 0);
	assert_int_equal(resolve_str("ram0:64k(boot),64k(env),-(data)", &ramdev), 0);
	assert_int_equal(mtdparts_apply(&ramdev, &rt, &failed), -EEXIST);
	assert_int_equal(failed, 1);
	assert_int_equal(count_parts(&ramdev), 0);
	assert_null(mtd_find("boot"));
	assert_ptr_equal(mtd_find("env"), &other);

	/* a range the device refuses (table edited for another device) */
	assert_int_equal(resolve_str("ram0:64k(p0),64k(p1),64k(p2)", &ramdev), 0);
	rt.parts[2].size = 1 * MiB;
	assert_int_equal(mtdparts_apply(&ramdev, &rt, &failed), -EINVAL);
	assert_int_equal(failed, 2);
	assert_int_equal(count_parts(&ramdev), 0);
	assert_null(mtd_find("p0"));
}

/* ------------------------------------------------------------ mtdids */

static void ids_err(const char *s, int err, size_t at)
{
	struct mtdids m;
	size_t pos = 999;

	assert_int_equal(mtdids_parse(s, strlen(s), &m, &pos), err);
	if (pos != at)
		fail_msg("\"%s\": error at %zu, expected %zu", s, pos, at);
}

static void test_mtdids(void **state)
{
	const char *s = "nor0=34000000.flash,nand0=nand,nor1=spi0.0:x=y";
	const struct mtdids_entry *e;
	struct mtdids m;
	char many[256];
	size_t n = 0;
	int i;
	(void)state;

	assert_int_equal(mtdids_parse(s, strlen(s), &m, NULL), 0);
	assert_int_equal(m.n, 3);
	e = mtdids_find_by_dev(&m, "nor0");
	assert_non_null(e);
	assert_int_equal(e->id_len, 14);
	assert_memory_equal(e->id, "34000000.flash", 14);
	e = mtdids_find_by_id(&m, "nand", 4);
	assert_non_null(e);
	assert_int_equal(e->dev_len, 5);
	assert_memory_equal(e->dev, "nand0", 5);
	e = mtdids_find_by_id(&m, "spi0.0:x=y", 10); /* the id runs to ',' */
	assert_ptr_equal(e, &m.e[2]);
	assert_null(mtdids_find_by_dev(&m, "nor"));
	assert_null(mtdids_find_by_dev(&m, "nor00"));
	assert_null(mtdids_find_by_id(&m, "nan", 3));

	/* the mtdparts id found through mtdids, both ways */
	parse_ok("mtdparts=34000000.flash:256k(firmware)ro,-(rest)");
	e = mtdids_find_by_id(&m, tbl.devs[0].id, tbl.devs[0].id_len);
	assert_non_null(e);
	assert_memory_equal(e->dev, "nor0", 4);
	e = mtdids_find_by_dev(&m, "nor0");
	assert_int_equal(mtdparts_find_dev(&tbl, e->id, e->id_len), 0);

	assert_int_equal(mtdids_parse("", 0, &m, NULL), 0);
	assert_int_equal(m.n, 0);
	ids_err("nor0", -EINVAL, 0);
	ids_err("=x", -EINVAL, 0);
	ids_err("nor0=", -EINVAL, 4);
	ids_err("nor0=a,,nand0=b", -EINVAL, 7);
	ids_err("nor0=a,", -EINVAL, 6);
	ids_err(",nor0=a", -EINVAL, 0);
	ids_err("nor0=a,nor0=b", -EINVAL, 7);
	ids_err("nor0=a,nor1=a", -EINVAL, 12);
	ids_err("0123456789abcdef0123456789abcdef=x", -E2BIG, 0);
	for (i = 0; i <= MTDIDS_MAX; i++)
		n += (size_t)sprintf(many + n, "%snor%d=id%d", i ? "," : "", i, i);
	ids_err(many, -ENOSPC, n - strlen("nor8=id8"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_basic),
		cmocka_unit_test(test_parse_suffixes),
		cmocka_unit_test(test_parse_offsets),
		cmocka_unit_test(test_parse_names_ids),
		cmocka_unit_test(test_parse_devices),
		cmocka_unit_test(test_parse_flags),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_parse_limits),
		cmocka_unit_test(test_parse_long),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_roundtrip),
		cmocka_unit_test(test_resolve_basic),
		cmocka_unit_test(test_resolve_truncate),
		cmocka_unit_test(test_resolve_readonly),
		cmocka_unit_test(test_resolve_regions),
		cmocka_unit_test(test_resolve_errors),
		cmocka_unit_test(test_overlap),
		cmocka_unit_test(test_edit_and_format),
		cmocka_unit_test(test_resolved_roundtrip),
		cmocka_unit_test_setup_teardown(test_apply, apply_setup, apply_teardown),
		cmocka_unit_test_setup_teardown(test_apply_all_or_nothing, apply_setup, apply_teardown),
		cmocka_unit_test(test_mtdids),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

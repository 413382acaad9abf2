/* libFuzzer target: mtdparts and mtdids parsers, resolution and format round trips, with invariant checks. */
#include <stdlib.h>
#include "mtd.h"
#include "mtdparts.h"
#include "fuzz_check.h"

static const struct mtd_erase_region regions[] = {
	{ .offset = 0, .erasesize = 8192, .numblocks = 8 },
	{ .offset = 65536, .erasesize = 65536, .numblocks = 31 },
};

// clang-format off
static struct mtd_info devs[] = {
	{ .name = "nor0", .type = MTD_NORFLASH, .size = 64ull << 20, .erasesize = 256 << 10,
	  .writesize = 1 },
	{ .name = "nor1", .type = MTD_NORFLASH, .size = 2ull << 20, .erasesize = 65536,
	  .writesize = 1, .numeraseregions = 2, .eraseregions = regions },
	{ .name = "nand0", .type = MTD_NANDFLASH, .size = 128ull << 20, .erasesize = 128 << 10,
	  .writesize = 2048 },
};
// clang-format on

static struct mtdparts_table t, t2;
static struct mtdparts_rtable r, r2, r3;
static char buf[1 << 17];

static bool within(const char *p, size_t n, const uint8_t *data, size_t size)
{
	return p >= (const char *)data && n <= size && p + n <= (const char *)data + size;
}

static void check_table(const struct mtdparts_table *tb, const uint8_t *data, size_t size)
{
	int i, j, first = 0;

	CHECK(tb->ndevs >= 1 && tb->ndevs <= MTDPARTS_MAX_DEVS);
	CHECK(tb->nparts >= tb->ndevs && tb->nparts <= MTDPARTS_MAX_PARTS);
	for (i = 0; i < tb->ndevs; i++) {
		const struct mtdparts_dev *d = &tb->devs[i];

		CHECK(d->first == first && d->nparts >= 1);
		first += d->nparts;
		CHECK(first <= tb->nparts);
		CHECK(within(d->id, d->id_len, data, size));
		CHECK(!memchr(d->id, ';', d->id_len) && !memchr(d->id, '(', d->id_len));
		for (j = 0; j < d->nparts; j++) {
			const struct mtdparts_part *p = &tb->parts[d->first + j];

			CHECK(p->size != 0);
			/* nothing may follow a "-" partition */
			CHECK(p->size != MTDPARTS_SIZE_REST || j == d->nparts - 1);
			CHECK(!p->name || within(p->name, p->name_len, data, size));
			CHECK(!p->name || !memchr(p->name, ')', p->name_len));
			CHECK(!(p->flags & ~7u));
		}
	}
	CHECK(first == tb->nparts);
}

static bool same_tables(const struct mtdparts_table *a, const struct mtdparts_table *b)
{
	int i;

	if (a->ndevs != b->ndevs || a->nparts != b->nparts)
		return false;
	for (i = 0; i < a->ndevs; i++) {
		const struct mtdparts_dev *x = &a->devs[i], *y = &b->devs[i];

		if (x->first != y->first || x->nparts != y->nparts || x->id_len != y->id_len ||
		    memcmp(x->id, y->id, x->id_len))
			return false;
	}
	for (i = 0; i < a->nparts; i++) {
		const struct mtdparts_part *x = &a->parts[i], *y = &b->parts[i];

		if (x->size != y->size || x->offset != y->offset || x->flags != y->flags ||
		    !x->name != !y->name || x->name_len != y->name_len ||
		    (x->name_len && memcmp(x->name, y->name, x->name_len)))
			return false;
	}
	return true;
}

static void check_resolved(const struct mtdparts_rtable *rt, const struct mtd_info *mtd)
{
	int i, j;

	CHECK(rt->nparts + rt->nskipped >= 0 && rt->nparts <= MTDPARTS_MAX_PARTS);
	for (i = 0; i < rt->nparts; i++) {
		const struct mtdparts_rpart *p = &rt->parts[i];

		CHECK(strlen(p->name) <= MTDPARTS_NAME_MAX);
		if (mtdparts_rpart_active(p)) {
			CHECK(p->size > 0 && p->offset < mtd->size);
			CHECK(p->size <= mtd->size - p->offset);
		} else {
			CHECK(p->size == 0 && p->offset == 0);
		}
		CHECK((p->overlap >= 0) == !!(p->warn & MTDPARTS_W_OVERLAP));
		CHECK(p->overlap < i);
		for (j = 0; j < i; j++)
			CHECK(strcmp(p->name, rt->parts[j].name));
	}
}

/* resolve -> canonical string -> parse -> resolve gives the same active partitions */
static void resolved_roundtrip(struct mtd_info *mtd)
{
	size_t pos;
	int i, j, n;

	for (i = 0, n = 0; i < r.nparts; i++)
		n += mtdparts_rpart_active(&r.parts[i]);
	if (!n)
		return;
	memcpy(&r2, &r, sizeof(r));
	memcpy(&t2, &t, sizeof(t));
	CHECK(mtdparts_set_dev(&t2, 0, &r2) == 0);
	CHECK(t2.devs[0].first == 0 && t2.devs[0].nparts == n);
	t2.ndevs = 1; /* just this device */
	t2.nparts = n;
	n = mtdparts_format(&t2, buf, sizeof(buf));
	CHECK(n > 0);
	if (mtdparts_parse(buf, (size_t)n, &t2, &pos)) {
		fprintf(stderr, "canonical string does not parse: %s (at %zu)\n", buf, pos);
		abort();
	}
	CHECK(mtdparts_resolve(&t2, 0, mtd, &r3) == 0);
	CHECK(r3.nskipped == 0);
	for (i = 0, j = 0; i < r2.nparts; i++) {
		const struct mtdparts_rpart *a = &r2.parts[i], *b;

		if (!mtdparts_rpart_active(a))
			continue;
		CHECK(j < r3.nparts);
		b = &r3.parts[j++];
		CHECK(!strcmp(a->name, b->name) && a->offset == b->offset && a->size == b->size);
		CHECK(a->flags == b->flags);
		CHECK((a->warn & MTDPARTS_W_FORCED_RO) == (b->warn & MTDPARTS_W_FORCED_RO));
		CHECK(!(b->warn & (MTDPARTS_W_TRUNCATED | MTDPARTS_W_OUT_OF_REACH)));
	}
	CHECK(j == r3.nparts);
}

static void fuzz_mtdparts(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	size_t pos = (size_t)-1, len = strnlen(s, size), p2;
	int ret, n, d;
	unsigned int k;

	ret = mtdparts_parse(s, size, &t, &pos);
	CHECK(ret == 0 || ret == -EINVAL || ret == -ENOSPC);
	CHECK(pos <= len);
	if (ret)
		return;
	check_table(&t, data, size);

	/* parse(format(t)) == t */
	n = mtdparts_format(&t, buf, sizeof(buf));
	CHECK(n > 0 && (size_t)n == strlen(buf));
	ret = mtdparts_parse(buf, (size_t)n, &t2, &p2);
	if (ret) {
		fprintf(stderr, "formatted string does not parse: %s (%d at %zu)\n", buf, ret, p2);
		abort();
	}
	CHECK(same_tables(&t, &t2));
	CHECK(mtdparts_find_dev(&t, t.devs[0].id, t.devs[0].id_len) >= 0);

	/* the first mtddef against each device geometry */
	for (k = 0; k < ARRAY_SIZE(devs); k++) {
		ret = mtdparts_resolve(&t, 0, &devs[k], &r);
		CHECK(ret == 0 || ret == -E2BIG || ret == -EEXIST);
		if (ret) {
			CHECK(ret == -E2BIG || (r.err_part >= 0 && r.err_part < t.devs[0].nparts));
			continue;
		}
		check_resolved(&r, &devs[k]);
		for (d = 0; d < r.nparts; d++)
			CHECK(mtdparts_find_overlap(&r, r.parts[d].offset, r.parts[d].size, d) != d);
		resolved_roundtrip(&devs[k]);
	}
}

static void fuzz_mtdids(const uint8_t *data, size_t size)
{
	static struct mtdids m;
	char dev[MTDPARTS_NAME_MAX + 1];
	size_t pos = (size_t)-1, len = strnlen((const char *)data, size);
	int ret, i;

	ret = mtdids_parse((const char *)data, size, &m, &pos);
	CHECK(ret == 0 || ret == -EINVAL || ret == -ENOSPC || ret == -E2BIG);
	CHECK(pos <= len);
	if (ret)
		return;
	CHECK(m.n >= 0 && m.n <= MTDIDS_MAX);
	CHECK(m.n > 0 || len == 0);
	for (i = 0; i < m.n; i++) {
		const struct mtdids_entry *e = &m.e[i];

		CHECK(e->dev_len > 0 && e->dev_len <= MTDPARTS_NAME_MAX && e->id_len > 0);
		CHECK(within(e->dev, e->dev_len, data, size) && within(e->id, e->id_len, data, size));
		CHECK(!memchr(e->dev, '=', e->dev_len) && !memchr(e->id, ',', e->id_len));
		CHECK(mtdids_find_by_id(&m, e->id, e->id_len) == e);
		memcpy(dev, e->dev, e->dev_len);
		dev[e->dev_len] = '\0';
		CHECK(mtdids_find_by_dev(&m, dev) == e);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_mtdparts(data, size);
	fuzz_mtdids(data, size);
	return 0;
}

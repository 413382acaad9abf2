/* mtdparts: Linux 6.1 cmdlinepart grammar, resolution as mtdpart.c does it, mtdids, formatting. */
#include "mtdparts.h"
#include "mtd.h"

/* ---------------------------------------------------------------- parsing */

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return 99;
}

/*
 * Linux's memparse(): simple_strtoull(base 0) then one optional K/M/G/T/P/E
 * suffix (either case), each a further shift by 10. Base 0 means: "0x" is
 * hex only when a hex digit follows (else "0" octal and the "x" is left),
 * a leading 0 is octal, else decimal. No sign, no blanks. Overflow wraps
 * silently (simple_strtoull ignores it and the shifts lose high bits), so
 * "16E" is 0. Nothing parsed gives 0 and leaves *pos alone.
 */
static uint64_t mp_memparse(const char *s, size_t len, size_t *pos)
{
	size_t i = *pos;
	unsigned int base = 10;
	uint64_t v = 0;
	int shift = 0;

	if (i < len && s[i] == '0') {
		base = 8;
		if (i + 2 < len && (s[i + 1] | 0x20) == 'x' && digit_value(s[i + 2]) < 16) {
			base = 16;
			i += 2;
		}
	}
	for (; i < len && digit_value(s[i]) < (int)base; i++)
		v = v * base + (unsigned int)digit_value(s[i]);
	if (i < len) {
		// clang-format off
		switch (s[i] | 0x20) {
		case 'e': shift += 10; /* fall through */
		case 'p': shift += 10; /* fall through */
		case 't': shift += 10; /* fall through */
		case 'g': shift += 10; /* fall through */
		case 'm': shift += 10; /* fall through */
		case 'k':
			shift += 10;
			i++;
			break;
		default:
			break;
		}
		// clang-format on
	}
	*pos = i;
	return v << shift; /* shift <= 60 */
}

static bool has_prefix(const char *s, size_t len, size_t pos, const char *p)
{
	size_t n = strlen(p);

	return len - pos >= n && !memcmp(s + pos, p, n);
}

static int fail(size_t *err_pos, size_t pos, int err)
{
	if (err_pos)
		*err_pos = pos;
	return err;
}

/* One <partdef> at *pos, as Linux's newpart() reads it. */
static int parse_partdef(const char *s, size_t len, size_t *pos, struct mtdparts_part *p,
			 size_t *err_pos)
{
	size_t i = *pos, start = *pos, close;

	memset(p, 0, sizeof(*p));
	if (i < len && s[i] == '-') {
		p->size = MTDPARTS_SIZE_REST;
		i++;
	} else {
		/* Linux: "partition has size 0" for 0, junk or an empty partdef */
		p->size = mp_memparse(s, len, &i);
		if (!p->size)
			return fail(err_pos, start, -EINVAL);
	}
	p->offset = MTDPARTS_OFS_APPEND;
	if (i < len && s[i] == '@') {
		i++;
		/* Linux does not check this: "@" + junk is offset 0 */
		p->offset = mp_memparse(s, len, &i);
	}
	if (i < len && s[i] == '(') {
		/* The name runs to the next ')' anywhere in the rest of the string
		 * (',', ';', ':', '(' and spaces included); none: "no closing )". */
		for (close = i + 1; close < len && s[close] != ')'; close++)
			;
		if (close >= len)
			return fail(err_pos, i, -EINVAL);
		p->name = s + i + 1;
		p->name_len = close - i - 1;
		i = close + 1;
	}
	/* Flags only in this order; anything else is left for the caller to reject. */
	if (has_prefix(s, len, i, "ro")) {
		p->flags |= MTDPARTS_F_RO;
		i += 2;
	}
	if (has_prefix(s, len, i, "lk")) {
		p->flags |= MTDPARTS_F_LK;
		i += 2;
	}
	if (has_prefix(s, len, i, "slc")) {
		p->flags |= MTDPARTS_F_SLC;
		i += 3;
	}
	*pos = i;
	return 0;
}

int mtdparts_parse(const char *s, size_t len, struct mtdparts_table *t, size_t *err_pos)
{
	size_t pos = 0, seg, colon, start;
	struct mtdparts_dev *d;
	int ret;

	len = strnlen(s, len);
	/* counts only: the entries are filled as they are parsed (clearing the whole table was 2 KiB) */
	t->ndevs = 0;
	t->nparts = 0;
	if (err_pos)
		*err_pos = 0;
	/* Linux's __setup("mtdparts=") strips the name; accept the U-Boot env form too. */
	if (has_prefix(s, len, 0, "mtdparts="))
		pos = 9;

	for (;;) {
		/*
		 * The mtd-id ends at the last ':' before the first ';' or '(' of
		 * this mtddef, so ids may hold ':' but names cannot confuse it.
		 * No ':' there (empty string, trailing ';'): Linux "no mtd-id".
		 */
		colon = len;
		for (seg = pos; seg < len && s[seg] != ';' && s[seg] != '('; seg++)
			if (s[seg] == ':')
				colon = seg;
		if (colon == len)
			return fail(err_pos, pos, -EINVAL);
		if (t->ndevs >= MTDPARTS_MAX_DEVS)
			return fail(err_pos, pos, -ENOSPC);
		d = &t->devs[t->ndevs];
		d->id = s + pos;
		d->id_len = colon - pos; /* may be 0: Linux accepts an empty id */
		d->first = t->nparts;
		d->nparts = 0;
		pos = colon + 1;

		for (;;) {
			struct mtdparts_part *p;

			start = pos;
			if (t->nparts >= MTDPARTS_MAX_PARTS)
				return fail(err_pos, start, -ENOSPC);
			p = &t->parts[t->nparts];
			ret = parse_partdef(s, len, &pos, p, err_pos);
			if (ret)
				return ret;
			t->nparts++;
			d->nparts++;
			if (pos >= len || s[pos] != ',')
				break;
			/* Linux: "no partitions allowed after a fill-up partition" */
			if (p->size == MTDPARTS_SIZE_REST)
				return fail(err_pos, pos, -EINVAL);
			pos++;
		}
		t->ndevs++;
		if (pos >= len)
			return 0;
		/* Linux: "bad character after partition" */
		if (s[pos] != ';')
			return fail(err_pos, pos, -EINVAL);
		pos++;
	}
}

int mtdparts_find_dev(const struct mtdparts_table *t, const char *id, size_t id_len)
{
	int i;

	/* Linux prepends each mtddef to its list, so a repeated id: the last wins. */
	for (i = t->ndevs - 1; i >= 0; i--)
		if (t->devs[i].id_len == id_len && !memcmp(t->devs[i].id, id, id_len))
			return i;
	return -ENOENT;
}

/* ---------------------------------------------------------------- formatting */

struct outbuf {
	char *buf;
	size_t size;
	size_t len; /* may run past size: then the result is -ENOSPC */
};

static void out_mem(struct outbuf *o, const char *p, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++, o->len++)
		if (o->len < o->size)
			o->buf[o->len] = p[k];
}

static void out_str(struct outbuf *o, const char *p)
{
	out_mem(o, p, strlen(p));
}

static void out_u64(struct outbuf *o, uint64_t v)
{
	char tmp[20];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		out_mem(o, &tmp[--n], 1);
}

/* U-Boot style: decimal with the largest of g/m/k that divides exactly. */
static void out_memsize(struct outbuf *o, uint64_t v)
{
	static const char sfx[] = "gmk";
	int k;

	for (k = 0; k < 3 && v; k++) {
		unsigned int sh = 30 - 10 * (unsigned int)k;

		if (!(v & ((1ull << sh) - 1))) {
			out_u64(o, v >> sh);
			out_mem(o, &sfx[k], 1);
			return;
		}
	}
	out_u64(o, v);
}

static int out_finish(struct outbuf *o)
{
	if (o->len >= o->size || o->len > INT32_MAX) {
		if (o->size)
			o->buf[0] = '\0';
		return -ENOSPC;
	}
	o->buf[o->len] = '\0';
	return (int)o->len;
}

/*
 * Always with the "mtdparts=" prefix: it is U-Boot's env form, and without
 * it an id that itself starts with "mtdparts=" would not parse back.
 */
int mtdparts_format(const struct mtdparts_table *t, char *buf, size_t size)
{
	struct outbuf o = { buf, size, 0 };
	int i, j;

	out_str(&o, "mtdparts=");
	for (i = 0; i < t->ndevs; i++) {
		const struct mtdparts_dev *d = &t->devs[i];

		if (i)
			out_str(&o, ";");
		out_mem(&o, d->id, d->id_len);
		out_str(&o, ":");
		for (j = 0; j < d->nparts; j++) {
			const struct mtdparts_part *p = &t->parts[d->first + j];

			if (j)
				out_str(&o, ",");
			if (p->size == MTDPARTS_SIZE_REST)
				out_str(&o, "-");
			else
				out_memsize(&o, p->size);
			if (p->offset != MTDPARTS_OFS_APPEND) {
				out_str(&o, "@");
				out_memsize(&o, p->offset);
			}
			if (p->name) {
				out_str(&o, "(");
				out_mem(&o, p->name, p->name_len);
				out_str(&o, ")");
			}
			if (p->flags & MTDPARTS_F_RO)
				out_str(&o, "ro");
			if (p->flags & MTDPARTS_F_LK)
				out_str(&o, "lk");
			if (p->flags & MTDPARTS_F_SLC)
				out_str(&o, "slc");
		}
	}
	return out_finish(&o);
}

/* ---------------------------------------------------------------- resolution */

/* Linux mtdpart.c: a partition's erasesize is the largest of the regions it touches. */
static uint32_t part_erasesize(const struct mtd_info *mtd, uint64_t ofs, uint64_t size)
{
	const struct mtd_erase_region *rg = mtd->eraseregions;
	unsigned int i = 0, n = mtd->numeraseregions;
	uint32_t es = 0;

	if (n <= 1 || !rg)
		return mtd->erasesize;
	while (i < n && rg[i].offset <= ofs)
		i++;
	if (i > 0)
		i--;
	for (; i < n && rg[i].offset < ofs + size; i++)
		es = MAX(es, rg[i].erasesize);
	return es;
}

/*
 * Linux forces read-only when start or end is not a multiple of the
 * partition's (largest) erasesize. We also force it when mtd_erase() could
 * not erase up to that boundary (region-relative alignment), so that a
 * writable partition is always fully erasable here.
 */
static bool boundary_ok(struct mtd_info *mtd, uint32_t es, uint64_t at)
{
	if (es && !mtd_multiple_of(at, es))
		return false;
	return mtd_is_erase_aligned(mtd, at);
}

static int copy_name(char *dst, const char *src, size_t n)
{
	if (n > MTDPARTS_NAME_MAX)
		return -E2BIG;
	memcpy(dst, src, n);
	dst[n] = '\0';
	return 0;
}

/* Linux's name for an unnamed partition: "Partition_%03d" of its partdef index. */
static void default_name(char *dst, int idx)
{
	struct outbuf o = { dst, MTDPARTS_NAME_MAX + 1, 0 };

	out_str(&o, "Partition_");
	if (idx < 100)
		out_str(&o, "0");
	if (idx < 10)
		out_str(&o, "0");
	out_u64(&o, (uint64_t)idx);
	out_finish(&o);
}

int mtdparts_find_overlap(const struct mtdparts_rtable *r, uint64_t offset, uint64_t size, int skip)
{
	int i;

	if (!size)
		return -1;
	for (i = 0; i < r->nparts; i++) {
		const struct mtdparts_rpart *p = &r->parts[i];

		if (i == skip || !p->size)
			continue;
		/* [a, a+n) and [b, b+m) intersect; written without overflow */
		if (p->offset < offset ? offset - p->offset < p->size : p->offset - offset < size)
			return i;
	}
	return -1;
}

static int name_index(const struct mtdparts_rtable *r, const char *name)
{
	int i;

	for (i = 0; i < r->nparts; i++)
		if (!strcmp(r->parts[i].name, name))
			return i;
	return -1;
}

int mtdparts_resolve(const struct mtdparts_table *t, int dev, struct mtd_info *mtd,
		     struct mtdparts_rtable *r)
{
	const struct mtdparts_dev *d;
	uint64_t devsize = mtd->size, cur = 0;
	int i, ret;

	/* the header only: every entry below nparts is written whole (clearing all was 4 KiB) */
	r->id[0] = '\0';
	r->devsize = 0;
	r->nparts = 0;
	r->nskipped = 0;
	r->err_part = -1;
	if (dev < 0 || dev >= t->ndevs)
		return -EINVAL;
	d = &t->devs[dev];
	if (d->id_len > MTDPARTS_ID_MAX)
		return -E2BIG;
	memcpy(r->id, d->id, d->id_len);
	r->id[d->id_len] = '\0';
	r->devsize = devsize;

	for (i = 0; i < d->nparts; i++) {
		const struct mtdparts_part *p = &t->parts[d->first + i];
		struct mtdparts_rpart *rp = &r->parts[r->nparts];
		uint64_t ofs = p->offset, size = p->size;
		uint32_t warn = 0, es;

		/*
		 * cmdlinepart.c, with its unsigned 64-bit wrap-around kept: a
		 * partition starting past the end gets size devsize - ofs
		 * (huge), which moves the next "continuous" one back to devsize.
		 */
		if (ofs == MTDPARTS_OFS_APPEND)
			ofs = cur;
		else
			cur = ofs;
		if (size == MTDPARTS_SIZE_REST)
			size = devsize - ofs;
		if (ofs + size > devsize) {
			warn |= MTDPARTS_W_TRUNCATED;
			size = devsize - ofs;
		}
		cur += size;
		if (!size) {
			/* "skipping zero sized partition": gone, later ones renumbered */
			r->skipped[r->nskipped++] = i;
			continue;
		}

		/* mtdpart.c: "out of reach -- disabled", registered with size 0 */
		if (ofs >= devsize) {
			warn |= MTDPARTS_W_OUT_OF_REACH;
			ofs = 0;
			size = 0;
		} else if (size > devsize - ofs) {
			/*
			 * Only sizes within devsize of 2^64 get here: Linux's
			 * unchecked ofs + size wraps and it would register a
			 * partition past the end; we truncate it instead.
			 */
			warn |= MTDPARTS_W_TRUNCATED;
			size = devsize - ofs;
		}
		if (size && !(p->flags & MTDPARTS_F_RO) && !(mtd->flags & MTD_RO)) {
			es = part_erasesize(mtd, ofs, size);
			if (!boundary_ok(mtd, es, ofs))
				warn |= MTDPARTS_W_RO_START;
			else if (!boundary_ok(mtd, es, ofs + size))
				warn |= MTDPARTS_W_RO_END;
		}

		ret = 0;
		if (p->name)
			ret = copy_name(rp->name, p->name, p->name_len);
		else
			default_name(rp->name, i);
		if (ret) {
			r->err_part = i;
			return ret;
		}
		/* Linux allows duplicates; our registry finds partitions by name. */
		if (name_index(r, rp->name) >= 0) {
			r->err_part = i;
			return -EEXIST;
		}
		rp->offset = ofs;
		rp->size = size;
		rp->flags = p->flags;
		rp->src = i;
		rp->overlap = mtdparts_find_overlap(r, ofs, size, -1);
		if (rp->overlap >= 0)
			warn |= MTDPARTS_W_OVERLAP;
		rp->warn = warn;
		r->nparts++;
	}
	return 0;
}

uint32_t mtdparts_rpart_mtd_flags(const struct mtdparts_rpart *p)
{
	return ((p->flags & MTDPARTS_F_RO) || (p->warn & MTDPARTS_W_FORCED_RO)) ? MTD_RO : 0;
}

const char *mtdparts_warn_str(uint32_t bit)
{
	switch (bit) {
	case MTDPARTS_W_TRUNCATED:
		return "extends beyond the end of the device, size truncated";
	case MTDPARTS_W_OUT_OF_REACH:
		return "starts beyond the end of the device, disabled";
	case MTDPARTS_W_RO_START:
		return "does not start on an erase block boundary, forced read-only";
	case MTDPARTS_W_RO_END:
		return "does not end on an erase block boundary, forced read-only";
	case MTDPARTS_W_OVERLAP:
		return "overlaps another partition";
	default:
		return "unknown warning";
	}
}

int mtdparts_rtable_add(struct mtdparts_rtable *r, const char *name, uint64_t offset, uint64_t size,
			uint32_t flags)
{
	struct mtdparts_rpart *rp;
	size_t n = strlen(name);
	int i, at;

	if (n > MTDPARTS_NAME_MAX)
		return -E2BIG;
	if (!n || name_index(r, name) >= 0)
		return n ? -EEXIST : -EINVAL;
	if (!size || offset >= r->devsize || size > r->devsize - offset)
		return -EINVAL;
	if (mtdparts_find_overlap(r, offset, size, -1) >= 0)
		return -EBUSY;
	if (r->nparts >= MTDPARTS_MAX_PARTS)
		return -ENOSPC;
	for (at = 0; at < r->nparts; at++)
		if (r->parts[at].size && r->parts[at].offset > offset)
			break;
	memmove(&r->parts[at + 1], &r->parts[at], (size_t)(r->nparts - at) * sizeof(*rp));
	r->nparts++;
	for (i = 0; i < r->nparts; i++)
		if (r->parts[i].overlap >= at)
			r->parts[i].overlap++;
	rp = &r->parts[at];
	memset(rp, 0, sizeof(*rp));
	memcpy(rp->name, name, n + 1);
	rp->offset = offset;
	rp->size = size;
	rp->flags = flags & (MTDPARTS_F_RO | MTDPARTS_F_LK | MTDPARTS_F_SLC);
	rp->overlap = -1;
	rp->src = -1;
	return at;
}

int mtdparts_rtable_del(struct mtdparts_rtable *r, int idx)
{
	int i;

	if (idx < 0 || idx >= r->nparts)
		return -EINVAL;
	memmove(&r->parts[idx], &r->parts[idx + 1], (size_t)(r->nparts - idx - 1) * sizeof(r->parts[0]));
	r->nparts--;
	for (i = 0; i < r->nparts; i++) {
		if (r->parts[i].overlap == idx) {
			r->parts[i].overlap = -1;
			r->parts[i].warn &= ~MTDPARTS_W_OVERLAP;
		} else if (r->parts[i].overlap > idx) {
			r->parts[i].overlap--;
		}
	}
	return 0;
}

int mtdparts_set_dev(struct mtdparts_table *t, int dev, const struct mtdparts_rtable *r)
{
	struct mtdparts_dev *d;
	int i, n = 0, last = -1, old, delta, first;
	uint64_t cur = 0;

	if (dev < 0 || dev > t->ndevs)
		return -EINVAL;
	for (i = 0; i < r->nparts; i++) {
		if (mtdparts_rpart_active(&r->parts[i])) {
			n++;
			last = i;
		}
	}
	if (dev == t->ndevs) {
		if (!n)
			return 0;
		if (t->ndevs >= MTDPARTS_MAX_DEVS)
			return -ENOSPC;
		d = &t->devs[t->ndevs];
		d->id = r->id;
		d->id_len = strlen(r->id);
		d->first = t->nparts;
		d->nparts = 0;
		t->ndevs++;
	}
	d = &t->devs[dev];
	old = d->nparts;
	delta = n - old;
	if (t->nparts + delta > MTDPARTS_MAX_PARTS)
		return -ENOSPC;
	first = d->first;
	/* Move the partitions of later mtddefs to make room or close the gap. */
	memmove(&t->parts[first + n], &t->parts[first + old],
		(size_t)(t->nparts - first - old) * sizeof(t->parts[0]));
	t->nparts += delta;
	for (i = 0; i < t->ndevs; i++)
		if (t->devs[i].first > first)
			t->devs[i].first += delta;
	d->nparts = n;
	for (i = 0, n = 0; i < r->nparts; i++) {
		const struct mtdparts_rpart *rp = &r->parts[i];
		struct mtdparts_part *p = &t->parts[first + n];

		if (!mtdparts_rpart_active(rp))
			continue;
		p->offset = rp->offset == cur ? MTDPARTS_OFS_APPEND : rp->offset;
		p->size = (i == last && rp->offset + rp->size == r->devsize) ? MTDPARTS_SIZE_REST
									     : rp->size;
		p->name = rp->name;
		p->name_len = strlen(rp->name);
		p->flags = rp->flags;
		cur = rp->offset + rp->size;
		n++;
	}
	if (!n) {
		memmove(&t->devs[dev], &t->devs[dev + 1],
			(size_t)(t->ndevs - dev - 1) * sizeof(t->devs[0]));
		t->ndevs--;
	}
	return 0;
}

/* ---------------------------------------------------------------- applying */

int mtdparts_apply(struct mtd_info *mtd, const struct mtdparts_rtable *r, int *failed)
{
	struct mtd_info *m;
	int i;

	if (failed)
		*failed = -1;
	for (m = mtd_first(); m; m = m->next)
		if (m->parent == mtd)
			return -EBUSY;
	for (i = 0; i < r->nparts; i++) {
		const struct mtdparts_rpart *p = &r->parts[i];

		if (!mtdparts_rpart_active(p))
			continue;
		if (!mtd_add_partition(mtd, p->name, p->offset, p->size, mtdparts_rpart_mtd_flags(p))) {
			int err = -ENOMEM;

			if (mtd_find(p->name))
				err = -EEXIST;
			else if (!p->size || p->offset > mtd->size || p->size > mtd->size - p->offset)
				err = -EINVAL;
			/* All or nothing: mtd had no partitions, so these are ours. */
			mtd_del_partitions(mtd);
			if (failed)
				*failed = i;
			return err;
		}
	}
	return 0;
}

/* ---------------------------------------------------------------- mtdids */

int mtdids_parse(const char *s, size_t len, struct mtdids *m, size_t *err_pos)
{
	size_t pos = 0, eq, end;
	int i;

	len = strnlen(s, len);
	memset(m, 0, sizeof(*m));
	if (err_pos)
		*err_pos = 0;
	while (pos < len) {
		struct mtdids_entry *e;

		for (end = pos; end < len && s[end] != ','; end++)
			;
		for (eq = pos; eq < end && s[eq] != '='; eq++)
			;
		/* "<dev>=<mtd-id>", both non-empty; an empty entry is an error */
		if (eq == end || eq == pos || eq + 1 == end)
			return fail(err_pos, eq == end ? pos : eq, -EINVAL);
		if (eq - pos > MTDPARTS_NAME_MAX)
			return fail(err_pos, pos, -E2BIG);
		if (m->n >= MTDIDS_MAX)
			return fail(err_pos, pos, -ENOSPC);
		e = &m->e[m->n];
		e->dev = s + pos;
		e->dev_len = eq - pos;
		e->id = s + eq + 1;
		e->id_len = end - eq - 1;
		/* Both directions must be unambiguous (U-Boot refuses redefinitions). */
		for (i = 0; i < m->n; i++) {
			if ((m->e[i].dev_len == e->dev_len && !memcmp(m->e[i].dev, e->dev, e->dev_len)))
				return fail(err_pos, pos, -EINVAL);
			if ((m->e[i].id_len == e->id_len && !memcmp(m->e[i].id, e->id, e->id_len)))
				return fail(err_pos, eq + 1, -EINVAL);
		}
		m->n++;
		if (end == len)
			break;
		pos = end + 1;
		if (pos == len) /* trailing ',' */
			return fail(err_pos, end, -EINVAL);
	}
	return 0;
}

const struct mtdids_entry *mtdids_find_by_dev(const struct mtdids *m, const char *dev)
{
	size_t n = strlen(dev);
	int i;

	for (i = 0; i < m->n; i++)
		if (m->e[i].dev_len == n && !memcmp(m->e[i].dev, dev, n))
			return &m->e[i];
	return NULL;
}

const struct mtdids_entry *mtdids_find_by_id(const struct mtdids *m, const char *id, size_t id_len)
{
	int i;

	for (i = 0; i < m->n; i++)
		if (m->e[i].id_len == id_len && !memcmp(m->e[i].id, id, id_len))
			return &m->e[i];
	return NULL;
}

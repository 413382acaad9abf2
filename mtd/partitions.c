/* The partition table in force: follows $mtdids/$mtdparts through environment callbacks. */
#include <stdlib.h>
#include "env.h"
#include "mtd.h"
#include "mtd_partitions.h"
#include "mtdparts.h"
#include "msgbuf.h"

/* Big tables stay out of the stack */
static struct mtdparts_table tbl;
static struct mtdparts_rtable rt;
static struct mtdids ids;
static struct msgbuf msgs;
static int status;

int mtdparts_status(void)
{
	return status;
}

const char *mtdparts_messages(void)
{
	return msgbuf_str(&msgs);
}

__attribute__((format(printf, 1, 2))) static void note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msgbuf_vadd(&msgs, fmt, ap);
	va_end(ap);
}

static void note_parse_error(const char *var, const char *s, size_t pos, int err)
{
	note("## Error: %s: %s at character %lu: \"%.20s\"\n", var,
	     err == -ENOSPC  ? "too many entries"
	     : err == -E2BIG ? "name too long"
			     : "syntax error",
	     (unsigned long)pos, s + MIN(pos, strlen(s)));
}

static int parse_ids(const char *s)
{
	size_t pos;
	int ret = mtdids_parse(s, strlen(s), &ids, &pos);

	if (ret)
		note_parse_error("mtdids", s, pos, ret);
	return ret;
}

static int parse_parts(const char *s)
{
	size_t pos;
	int ret;

	if (!*s) {
		tbl.ndevs = 0;
		tbl.nparts = 0;
		return 0;
	}
	ret = mtdparts_parse(s, strlen(s), &tbl, &pos);
	if (ret)
		note_parse_error("mtdparts", s, pos, ret);
	return ret;
}

/* Our device for mtddef i of tbl, through mtdids; notes why not. */
static struct mtd_info *dev_of(int i, int *err)
{
	const struct mtdids_entry *e = mtdids_find_by_id(&ids, tbl.devs[i].id, tbl.devs[i].id_len);
	struct mtd_info *m;
	char name[40];

	if (!e) {
		note("## Error: mtdparts: no mtdids entry for mtd-id '%.*s'\n", (int)tbl.devs[i].id_len,
		     tbl.devs[i].id);
		*err = -ENOENT;
		return NULL;
	}
	snprintf(name, sizeof(name), "%.*s", (int)e->dev_len, e->dev);
	m = mtd_find(name);
	if (!m) {
		note("## Error: mtdparts: device %s does not exist\n", name);
		*err = -ENODEV;
	}
	return m;
}

static void note_warnings(const struct mtdparts_rtable *r)
{
	for (int i = 0; i < r->nparts; i++)
		for (uint32_t bit = 1; bit <= MTDPARTS_W_OVERLAP; bit <<= 1)
			if (r->parts[i].warn & bit)
				note("WARNING: %s: partition \"%s\" (0x%llx@0x%llx): %s%s%s\n", r->id,
				     r->parts[i].name, (unsigned long long)r->parts[i].size,
				     (unsigned long long)r->parts[i].offset, mtdparts_warn_str(bit),
				     bit == MTDPARTS_W_OVERLAP ? " " : "",
				     bit == MTDPARTS_W_OVERLAP ? r->parts[r->parts[i].overlap].name
							       : "");
}

/* First pass: every mtddef names one existing device, once, and resolves. */
static int check_all(struct mtd_info **devs)
{
	int ret = 0;

	for (int i = 0; i < tbl.ndevs; i++) {
		devs[i] = dev_of(i, &ret);
		if (!devs[i])
			return ret;
		for (int j = 0; j < i; j++)
			if (devs[j] == devs[i]) {
				note("## Error: mtdparts: %s has two partition lists\n", devs[i]->name);
				return -EBUSY;
			}
		ret = mtdparts_resolve(&tbl, i, devs[i], &rt);
		if (ret) {
			note("## Error: mtdparts: %s: partition #%d: %s\n", rt.id, rt.err_part,
			     ret == -EEXIST  ? "duplicate name"
			     : ret == -E2BIG ? "name too long"
					     : errno_str(ret));
			return ret;
		}
		note_warnings(&rt);
	}
	return 0;
}

int mtdparts_update(const char *sids, const char *sparts)
{
	struct mtd_info *devs[MTDPARTS_MAX_DEVS];
	int ret, failed;

	msgbuf_clear(&msgs);
	mtd_del_partitions(NULL);
	ret = parse_ids(sids ? sids : "");
	if (!ret)
		ret = parse_parts(sparts ? sparts : "");
	if (!ret)
		ret = check_all(devs);
	for (int i = 0; !ret && i < tbl.ndevs; i++) {
		/* one device (the usual case): check_all() left its table in rt */
		if (tbl.ndevs > 1)
			mtdparts_resolve(&tbl, i, devs[i], &rt);
		ret = mtdparts_apply(devs[i], &rt, &failed);
		if (ret) {
			note("## Error: mtdparts: cannot register partition \"%s\": %s\n",
			     failed >= 0 ? rt.parts[failed].name : "?", errno_str(ret));
			mtd_del_partitions(NULL);
		}
	}
	if (ret)
		note("## Error: no partitions registered\n");
	status = ret;
	return ret;
}

/* ---------------------------------------------------------------- listing and edits */

static int parse_both(const char *sids, const char *sparts)
{
	int ret;

	msgbuf_clear(&msgs);
	ret = parse_ids(sids ? sids : "");
	return ret ? ret : parse_parts(sparts ? sparts : "");
}

int mtdparts_for_each_dev(const char *sids, const char *sparts,
			  void (*fn)(struct mtd_info *m, const char *id, void *arg), void *arg)
{
	char id[MTDPARTS_ID_MAX + 1];
	int ret = parse_both(sids, sparts), err;

	for (int i = 0; !ret && i < tbl.ndevs; i++) {
		struct mtd_info *m = dev_of(i, &err);

		if (!m)
			continue;
		snprintf(id, sizeof(id), "%.*s", (int)tbl.devs[i].id_len, tbl.devs[i].id);
		fn(m, id, arg);
	}
	return ret ? ret : tbl.ndevs;
}

/* Put rt back as mtddef dev of tbl and write the whole string into buf ("" for no table). */
static int store(int dev, char *buf, size_t size)
{
	int ret = mtdparts_set_dev(&tbl, dev, &rt);

	if (!ret)
		ret = mtdparts_format(&tbl, buf, size);
	if (ret < 0) {
		note("## Error: mtdparts: %s\n", errno_str(ret));
		return ret;
	}
	if (!tbl.ndevs)
		buf[0] = '\0';
	return 0;
}

/* mtddef of tbl for our device m (its mtd-id through mtdids), resolved into rt; or a new one. */
static int rtable_for(struct mtd_info *m, const char *devname)
{
	const struct mtdids_entry *e = mtdids_find_by_dev(&ids, devname);
	int dev, ret;

	if (!e) {
		note("## Error: no mtdids entry for %s\n", devname);
		return -ENOENT;
	}
	dev = mtdparts_find_dev(&tbl, e->id, e->id_len);
	if (dev < 0) {
		memset(&rt, 0, sizeof(rt));
		snprintf(rt.id, sizeof(rt.id), "%.*s", (int)e->id_len, e->id);
		rt.devsize = m->size;
		return tbl.ndevs;
	}
	ret = mtdparts_resolve(&tbl, dev, m, &rt);
	if (ret) {
		note("## Error: mtdparts: %s\n", errno_str(ret));
		return ret;
	}
	return dev;
}

int mtdparts_add_part(const char *sids, const char *sparts, const struct mtdparts_new *np, char *buf,
		      size_t size)
{
	struct mtd_info *m = mtd_find(np->dev);
	char name[MTDPARTS_NAME_MAX + 1];
	uint64_t off = np->offset;
	int dev, ret = parse_both(sids, sparts);

	if (ret)
		return ret;
	if (!m || m->parent) {
		note("## Error: no flash device '%s' (see 'mtd list')\n", np->dev);
		return -ENODEV;
	}
	dev = rtable_for(m, np->dev);
	if (dev < 0)
		return dev;
	if (off == MTDPARTS_OFS_APPEND)
		off = rt.nparts ? rt.parts[rt.nparts - 1].offset + rt.parts[rt.nparts - 1].size : 0;
	if (np->name && *np->name)
		snprintf(name, sizeof(name), "%s", np->name);
	else
		snprintf(name, sizeof(name), "Partition_%03d", rt.nparts);
	ret = mtdparts_rtable_add(&rt, name, off, np->size, np->flags);
	if (ret == -EBUSY) {
		int o = mtdparts_find_overlap(&rt, off, np->size, -1);

		note("## Error: 0x%llx@0x%llx overlaps partition \"%s\"\n", (unsigned long long)np->size,
		     (unsigned long long)off, o >= 0 ? rt.parts[o].name : "?");
		return ret;
	}
	if (ret < 0) { /* >= 0 is the index of the new entry */
		note("## Error: cannot add \"%s\": %s\n", name,
		     ret == -EINVAL ? "does not fit in the device" : errno_str(ret));
		return ret;
	}
	return store(dev, buf, size);
}

int mtdparts_del_part(const char *sids, const char *sparts, const char *name, char *buf, size_t size)
{
	int ret = parse_both(sids, sparts), err;

	if (ret)
		return ret;
	for (int d = 0; d < tbl.ndevs; d++) {
		struct mtd_info *m = dev_of(d, &err);

		if (!m || mtdparts_resolve(&tbl, d, m, &rt))
			continue;
		for (int i = 0; i < rt.nparts; i++)
			if (!strcmp(rt.parts[i].name, name)) {
				mtdparts_rtable_del(&rt, i);
				msgbuf_clear(
					&msgs); /* the other devices' lookups are not the user's concern */
				return store(d, buf, size);
			}
	}
	msgbuf_clear(&msgs);
	note("## Error: no partition named '%s'\n", name);
	return -ENOENT;
}

/*
 * $mtdids or $mtdparts changes. A setenv whose own value does not parse is
 * refused (the old value and table stay); anything else takes effect at once:
 * a table that cannot be built (an mtd-id mtdids lacks, say) leaves no
 * partitions rather than stale ones, and says why.
 */
static int parts_env_changed(const char *name, const char *value, enum env_op op)
{
	bool is_ids = !strcmp(name, "mtdids");
	const char *sids = is_ids ? value : env_get("mtdids");
	const char *sparts = is_ids ? env_get("mtdparts") : value;

	if (op == ENV_OP_SET) {
		msgbuf_clear(&msgs);
		if (is_ids ? parse_ids(value) : parse_parts(value)) {
			env_report("%s", mtdparts_messages());
			return -EINVAL;
		}
	}
	mtdparts_update(sids, sparts);
	env_report("%s", mtdparts_messages());
	return 0;
}

ENV_CALLBACK(mtdids, parts_env_changed);
ENV_CALLBACK(mtdparts, parts_env_changed);

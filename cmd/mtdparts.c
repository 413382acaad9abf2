/* mtdparts: partitions from the `mtdparts`/`mtdids` variables, registered at boot, listed and edited like U-Boot. */
#include <stdlib.h>
#include "board.h"
#include "command.h"
#include "env.h"
#include "mtd.h"
#include "mtdparts.h"
#include "mtd_partitions.h"

/* Big tables stay out of the stack */
static struct mtdparts_table tbl;
static struct mtdparts_rtable rt;
static struct mtdids ids;
static char fmtbuf[4200];

static const char *default_var(const char *name)
{
	const char *p = board->default_env;
	size_t n = strlen(name);

	for (; *p; p += strlen(p) + 1)
		if (!strncmp(p, name, n) && p[n] == '=')
			return p + n + 1;
	return "";
}

static void print_parse_error(const char *var, const char *s, size_t pos, int err)
{
	printf("## Error: %s: %s at character %lu: \"%.20s\"\n", var,
	       err == -ENOSPC ? "too many entries" : err == -E2BIG ? "name too long" : "syntax error",
	       (unsigned long)pos, s + MIN(pos, strlen(s)));
}

/* Parse mtdids and mtdparts from the environment into ids/tbl. 0 or 1 (printed). */
static int load_tables(const char **mtdparts_out)
{
	const char *sids = env_get("mtdids"), *sparts = env_get("mtdparts");
	size_t pos;
	int ret;

	if (!sids)
		sids = "";
	ret = mtdids_parse(sids, strlen(sids), &ids, &pos);
	if (ret) {
		print_parse_error("mtdids", sids, pos, ret);
		return 1;
	}
	if (!sparts)
		sparts = "";
	*mtdparts_out = sparts;
	memset(&tbl, 0, sizeof(tbl));
	if (!*sparts)
		return 0;
	ret = mtdparts_parse(sparts, strlen(sparts), &tbl, &pos);
	if (ret) {
		print_parse_error("mtdparts", sparts, pos, ret);
		return 1;
	}
	return 0;
}

/* Our device for mtddef i of tbl, through mtdids. */
static struct mtd_info *dev_of(int i, char *name, size_t size)
{
	const struct mtdids_entry *e = mtdids_find_by_id(&ids, tbl.devs[i].id, tbl.devs[i].id_len);

	if (!e) {
		printf("## Error: mtdparts: no mtdids entry for mtd-id '%.*s'\n", (int)tbl.devs[i].id_len,
		       tbl.devs[i].id);
		return NULL;
	}
	snprintf(name, size, "%.*s", (int)e->dev_len, e->dev);
	return mtd_find(name);
}

/* Register the partitions of $mtdids/$mtdparts again (mtd/partitions.c); prints how it went. */
static int parts_reload(void)
{
	int ret = mtdparts_update(env_get("mtdids"), env_get("mtdparts"));

	printf("%s", mtdparts_messages());
	return ret ? 1 : 0;
}

static void list_dev(struct mtd_info *m, const char *id)
{
	int n = 0, i = 0;

	for (struct mtd_info *p = mtd_first(); p; p = p->next)
		n += p->parent == m;
	printf("\ndevice %s <%s>, # parts = %d\n", m->name, id, n);
	printf(" #: name                size            offset          mask_flags\n");
	for (struct mtd_info *p = mtd_first(); p; p = p->next)
		if (p->parent == m)
			printf("%2d: %-20s0x%08llx\t0x%08llx\t%d\n", i++, p->name,
			       (unsigned long long)p->size, (unsigned long long)p->offset,
			       (p->flags & MTD_RO) ? 1 : 0);
}

static int mtdparts_list(void)
{
	const char *sparts;
	char name[40];

	if (load_tables(&sparts))
		return 1;
	for (int i = 0; i < tbl.ndevs; i++) {
		struct mtd_info *m = dev_of(i, name, sizeof(name));
		if (m)
			list_dev(m, tbl.devs[i].id ? (snprintf(fmtbuf, sizeof(fmtbuf), "%.*s",
						     (int)tbl.devs[i].id_len, tbl.devs[i].id), fmtbuf) : "");
	}
	if (!tbl.ndevs)
		printf("no partitions defined\n");
	printf("\ndefaults:\nmtdids  : %s\nmtdparts: %s\n", default_var("mtdids"), default_var("mtdparts"));
	return 0;
}

/* Write rt back as mtddef dev of tbl into the mtdparts variable, then re-register. */
static int store(int dev)
{
	int ret = mtdparts_set_dev(&tbl, dev, &rt);

	if (!ret)
		ret = mtdparts_format(&tbl, fmtbuf, sizeof(fmtbuf));
	if (ret < 0) {
		printf("## Error: mtdparts: %s\n", errno_str(ret));
		return 1;
	}
	/* the environment callback registers the new table */
	ret = env_set("mtdparts", tbl.ndevs ? fmtbuf : NULL);
	printf("%s", env_messages());
	return ret || mtdparts_status() ? 1 : 0;
}

static int mtdparts_add(int argc, char *const argv[])
{
	const struct mtdids_entry *e;
	struct mtd_info *m;
	const char *sparts;
	char id[MTDPARTS_ID_MAX + 1], spec[128];
	struct mtdparts_table one;
	size_t pos;
	int dev, ret;
	uint32_t flags = 0;

	if (argc < 4 || argc > 6)
		return CMD_RET_USAGE;
	if (load_tables(&sparts))
		return 1;
	m = mtd_find(argv[2]);
	if (!m || m->parent) {
		printf("## Error: no flash device '%s' (see 'mtd list')\n", argv[2]);
		return 1;
	}
	e = mtdids_find_by_dev(&ids, argv[2]);
	if (!e) {
		printf("## Error: no mtdids entry for %s\n", argv[2]);
		return 1;
	}
	snprintf(id, sizeof(id), "%.*s", (int)e->id_len, e->id);
	if (argc == 6 || (argc == 5 && !strcmp(argv[4], "ro"))) {
		if (strcmp(argv[argc - 1], "ro"))
			return CMD_RET_USAGE;
		flags = MTDPARTS_F_RO;
	}
	if (argc >= 5 && strcmp(argv[4], "ro") && strlen(argv[4]) > MTDPARTS_NAME_MAX) {
		printf("## Error: partition name '%s' is longer than %d characters\n", argv[4],
		       MTDPARTS_NAME_MAX);
		return 1;
	}
	/* parse "<size>[@<offset>](name)" with the Linux grammar */
	snprintf(spec, sizeof(spec), "x:%s(%s)", argv[3], argc >= 5 && strcmp(argv[4], "ro") ? argv[4] : "");
	ret = mtdparts_parse(spec, strlen(spec), &one, &pos);
	if (ret || one.nparts != 1 || one.parts[0].size == MTDPARTS_SIZE_REST) {
		printf("## Error: bad partition size/offset '%s'\n", argv[3]);
		return 1;
	}
	dev = mtdparts_find_dev(&tbl, id, strlen(id));
	if (dev >= 0) {
		ret = mtdparts_resolve(&tbl, dev, m, &rt);
		if (ret) {
			printf("## Error: mtdparts: %s\n", errno_str(ret));
			return 1;
		}
	} else {
		memset(&rt, 0, sizeof(rt));
		snprintf(rt.id, sizeof(rt.id), "%s", id);
		rt.devsize = m->size;
		dev = tbl.ndevs;
	}
	{
		uint64_t off = one.parts[0].offset;
		char name[MTDPARTS_NAME_MAX + 1];
		if (off == MTDPARTS_OFS_APPEND)
			off = rt.nparts ? rt.parts[rt.nparts - 1].offset + rt.parts[rt.nparts - 1].size : 0;
		if (one.parts[0].name_len)
			snprintf(name, sizeof(name), "%.*s", (int)one.parts[0].name_len, one.parts[0].name);
		else
			snprintf(name, sizeof(name), "Partition_%03d", rt.nparts);
		ret = mtdparts_rtable_add(&rt, name, off, one.parts[0].size, flags);
		if (ret == -EBUSY) {
			int o = mtdparts_find_overlap(&rt, off, one.parts[0].size, -1);
			printf("## Error: 0x%llx@0x%llx overlaps partition \"%s\"\n",
			       (unsigned long long)one.parts[0].size, (unsigned long long)off,
			       o >= 0 ? rt.parts[o].name : "?");
			return 1;
		}
		if (ret < 0) { /* >= 0 is the index of the new entry */
			printf("## Error: cannot add \"%s\": %s\n", name,
			       ret == -EINVAL ? "does not fit in the device" : errno_str(ret));
			return 1;
		}
	}
	return store(dev);
}

static int mtdparts_del(const char *name)
{
	const char *sparts;
	char dname[40];

	if (load_tables(&sparts))
		return 1;
	for (int d = 0; d < tbl.ndevs; d++) {
		struct mtd_info *m = dev_of(d, dname, sizeof(dname));
		if (!m || mtdparts_resolve(&tbl, d, m, &rt))
			continue;
		for (int i = 0; i < rt.nparts; i++)
			if (!strcmp(rt.parts[i].name, name)) {
				mtdparts_rtable_del(&rt, i);
				return store(d);
			}
	}
	printf("## Error: no partition named '%s'\n", name);
	return 1;
}

static int do_mtdparts(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	(void)cmd;
	if (argc == 1)
		return mtdparts_list();
	if (!strcmp(argv[1], "default") && argc == 2) {
		env_batch_begin(); /* the table follows once, with both variables set */
		env_set("mtdids", default_var("mtdids"));
		env_set("mtdparts", default_var("mtdparts"));
		env_batch_end();
		printf("%s", env_messages());
		return mtdparts_status() ? 1 : 0;
	}
	if (!strcmp(argv[1], "delall") && argc == 2) {
		env_set("mtdparts", NULL);
		printf("%s", env_messages());
		return 0;
	}
	if (!strcmp(argv[1], "add"))
		return mtdparts_add(argc, argv);
	if (!strcmp(argv[1], "del") && argc == 3)
		return mtdparts_del(argv[2]);
	if (!strcmp(argv[1], "init") && argc == 2)
		return parts_reload();
	return CMD_RET_USAGE;
}

CMD(mtdparts, 6, do_mtdparts, "define flash/nand partitions",
    "\n    - list partition table\n"
    "mtdparts delall\n    - delete all partitions\n"
    "mtdparts del part-id\n    - delete partition (e.g. part-id = kernel)\n"
    "mtdparts add <mtd-dev> <size>[@<offset>] [<name>] [ro]\n    - add partition\n"
    "mtdparts default\n    - reset partition table to defaults\n"
    "mtdparts init\n    - register the partitions of $mtdparts again (after setenv)");

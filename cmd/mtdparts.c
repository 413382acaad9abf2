/* mtdparts: partitions from the `mtdparts`/`mtdids` variables, registered at boot, listed and edited like U-Boot. */
#include <stdlib.h>
#include "board.h"
#include "command.h"
#include "env.h"
#include "mtd.h"
#include "mtdparts.h"
#include "mtd_partitions.h"

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

static void list_one(struct mtd_info *m, const char *id, void *arg)
{
	(void)arg;
	list_dev(m, id);
}

static int mtdparts_list(void)
{
	int n = mtdparts_for_each_dev(env_get("mtdids"), env_get("mtdparts"), list_one, NULL);

	printf("%s", mtdparts_messages());
	if (n < 0)
		return 1;
	if (!n)
		printf("no partitions defined\n");
	printf("\ndefaults:\nmtdids  : %s\nmtdparts: %s\n", default_var("mtdids"),
	       default_var("mtdparts"));
	return 0;
}

/* An edit's result: the new $mtdparts (the environment callback registers it), or its refusal. */
static int set_table(int ret)
{
	if (ret) {
		printf("%s", mtdparts_messages());
		return 1;
	}
	ret = env_set("mtdparts", fmtbuf[0] ? fmtbuf : NULL);
	printf("%s", env_messages());
	return ret || mtdparts_status() ? 1 : 0;
}

static int mtdparts_add(int argc, char *const argv[])
{
	struct mtdparts_new np = { .dev = argv[2] };
	struct mtdparts_table one;
	const char *name = argc >= 5 && strcmp(argv[4], "ro") ? argv[4] : "";
	char spec[128];
	size_t pos;

	if (argc < 4 || argc > 6)
		return CMD_RET_USAGE;
	if (argc == 6 || (argc == 5 && !strcmp(argv[4], "ro"))) {
		if (strcmp(argv[argc - 1], "ro"))
			return CMD_RET_USAGE;
		np.flags = MTDPARTS_F_RO;
	}
	if (strlen(name) > MTDPARTS_NAME_MAX) {
		cmd_err("partition name '%s' is longer than %d characters", name, MTDPARTS_NAME_MAX);
		return 1;
	}
	/* "<size>[@<offset>](name)" with the Linux grammar */
	snprintf(spec, sizeof(spec), "x:%s(%s)", argv[3], name);
	if (mtdparts_parse(spec, strlen(spec), &one, &pos) || one.nparts != 1 ||
	    one.parts[0].size == MTDPARTS_SIZE_REST) {
		cmd_err("bad partition size/offset '%s'", argv[3]);
		return 1;
	}
	np.size = one.parts[0].size;
	np.offset = one.parts[0].offset;
	np.name = name;
	return set_table(
		mtdparts_add_part(env_get("mtdids"), env_get("mtdparts"), &np, fmtbuf, sizeof(fmtbuf)));
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
		return set_table(mtdparts_del_part(env_get("mtdids"), env_get("mtdparts"), argv[2],
						   fmtbuf, sizeof(fmtbuf)));
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

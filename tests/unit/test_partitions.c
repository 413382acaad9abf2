/* Host tests for mtd/partitions.c: the table follows $mtdids/$mtdparts at once (env callbacks). */
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include "env.h"
#include "mtd.h"
#include "mtd_partitions.h"
#include "mtdparts.h"

static struct mtd_info nor0, nand0;
static uint8_t *mem0, *mem1;

static int setup(void **state)
{
	(void)state;
	mem0 = calloc(1, 4 << 20);
	mem1 = calloc(1, 1 << 20);
	assert_int_equal(mtdram_init(&nor0, "nor0", mem0, 4 << 20, 0x10000), 0);
	assert_int_equal(mtdram_init(&nand0, "nand0", mem1, 1 << 20, 0x4000), 0);
	assert_int_equal(mtd_register(&nor0), 0);
	assert_int_equal(mtd_register(&nand0), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	env_clear();
	mtd_del_partitions(NULL);
	mtd_unregister(&nor0);
	mtd_unregister(&nand0);
	free(mem0);
	free(mem1);
	return 0;
}

static int nparts(void)
{
	int n = 0;

	for (struct mtd_info *m = mtd_first(); m; m = m->next)
		n += m->parent != NULL;
	return n;
}

static void test_setenv_takes_effect(void **state)
{
	struct mtd_info *p;

	(void)state;
	assert_int_equal(env_set("mtdids", "nor0=physmap.0,nand0=nand"), 0);
	assert_int_equal(nparts(), 0);
	assert_int_equal(env_set("mtdparts", "mtdparts=physmap.0:1m(boot)ro,-(root);nand:256k(env)"), 0);
	assert_string_equal(env_messages(), "");
	assert_int_equal(nparts(), 3);
	p = mtd_find("root");
	assert_non_null(p);
	assert_ptr_equal(p->parent, &nor0);
	assert_true(p->offset == 1 << 20 && p->size == 3 << 20);
	assert_true(mtd_find("boot")->flags & MTD_RO);
	assert_ptr_equal(mtd_find("env")->parent, &nand0);
	/* a new value: the old names are gone before the next lookup */
	assert_int_equal(env_set("mtdparts", "mtdparts=physmap.0:2m(kernel),-(data)"), 0);
	assert_null(mtd_find("root"));
	assert_true(mtd_find("data")->offset == 2 << 20);
	/* deleting it leaves no partitions */
	assert_int_equal(env_set("mtdparts", NULL), 0);
	assert_int_equal(nparts(), 0);
	assert_int_equal(mtdparts_status(), 0);
}

static void test_unparsable_refused(void **state)
{
	(void)state;
	assert_int_equal(env_set("mtdids", "nor0=physmap.0"), 0);
	assert_int_equal(env_set("mtdparts", "mtdparts=physmap.0:1m(a),-(b)"), 0);
	assert_int_equal(env_set("mtdparts", "mtdparts=physmap.0:1m(a),2q(b)"), -EINVAL);
	assert_non_null(
		strstr(env_messages(), "## Error: mtdparts: syntax error at character 26: \"q(b)\""));
	assert_string_equal(env_get("mtdparts"), "mtdparts=physmap.0:1m(a),-(b)");
	assert_non_null(mtd_find("b")); /* table and variable still agree */
	assert_int_equal(env_set("mtdids", "nor0=physmap.0,"), -EINVAL);
	assert_string_equal(env_get("mtdids"), "nor0=physmap.0");
	assert_non_null(mtd_find("b"));
}

static void test_unresolvable_leaves_none(void **state)
{
	(void)state;
	assert_int_equal(env_set("mtdids", "nor0=physmap.0"), 0);
	assert_int_equal(env_set("mtdparts", "mtdparts=physmap.0:1m(a),-(b)"), 0);
	/* parses, but its mtd-id is not in mtdids: taken, nothing stale stays registered */
	assert_int_equal(env_set("mtdparts", "mtdparts=spi0:1m(x)"), 0);
	assert_string_equal(env_messages(), "## Error: mtdparts: no mtdids entry for mtd-id 'spi0'\n"
					    "## Error: no partitions registered\n");
	assert_int_equal(nparts(), 0);
	assert_int_equal(mtdparts_status(), -ENOENT);
	/* the missing half arrives: the table is in force at once */
	assert_int_equal(env_set("mtdids", "nor0=spi0"), 0);
	assert_non_null(mtd_find("x"));
	/* a duplicate name, a device that does not exist */
	assert_int_equal(env_set("mtdparts", "mtdparts=spi0:1m(x),1m(x)"), 0);
	assert_int_equal(mtdparts_status(), -EEXIST);
	assert_int_equal(nparts(), 0);
	assert_int_equal(env_set("mtdids", "nor7=spi0"), 0);
	assert_int_equal(mtdparts_status(), -ENODEV);
}

static void test_import_and_batch(void **state)
{
	static const char text[] = "mtdparts=mtdparts=nand:64k(a),-(b)\nother=1\nmtdids=nand0=nand\n";

	(void)state;
	assert_int_equal(env_set("mtdids", "nor0=physmap.0"), 0);
	assert_int_equal(env_set("mtdparts", "mtdparts=physmap.0:1m(old)"), 0);
	/* mtdparts comes before the mtdids it needs: the table is built once, after the import */
	assert_int_equal(env_import(text, sizeof(text) - 1, '\n', false), 3);
	assert_string_equal(env_messages(), "");
	assert_null(mtd_find("old"));
	assert_ptr_equal(mtd_find("b")->parent, &nand0);
	/* a batch that ends where it began calls nobody */
	env_batch_begin();
	env_set("mtdparts", NULL);
	env_set("mtdparts", "mtdparts=nand:64k(a),-(b)");
	env_batch_end();
	assert_non_null(mtd_find("b"));
	/* an imported value that does not parse cannot be refused: no partitions, and why */
	assert_int_equal(env_import("mtdparts=nand:1q\n", 16, '\n', false), 1);
	assert_non_null(strstr(env_messages(), "syntax error"));
	assert_int_equal(nparts(), 0);
	/* mtdparts update itself (mtdparts init) */
	assert_int_equal(mtdparts_update("nand0=nand", "nand:64k(a)"), 0);
	assert_int_equal(nparts(), 1);
}

static void count_dev(struct mtd_info *m, const char *id, void *arg)
{
	(void)m;
	(void)id;
	(*(int *)arg)++;
}

/* mtdparts add/del: the new string, canonical; refusals say why and change nothing. */
static void test_add_del(void **state)
{
	static const char ids[] = "nor0=physmap.0,nand0=nand";
	struct mtdparts_new np = { .dev = "nand0", .size = 0x10000, .offset = MTDPARTS_OFS_APPEND };
	char buf[256], in[256];
	int n = 0;

	(void)state;
	assert_int_equal(mtdparts_add_part(ids, "mtdparts=physmap.0:1m(boot)", &np, buf, sizeof(buf)),
			 0);
	assert_string_equal(buf, "mtdparts=physmap.0:1m(boot);nand:64k(Partition_000)");
	np.name = "env";
	assert_int_equal(mtdparts_add_part(ids, strcpy(in, buf), &np, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "mtdparts=physmap.0:1m(boot);nand:64k(Partition_000),64k(env)");
	np.offset = 0x8000; /* inside Partition_000 */
	np.name = "x";
	assert_int_equal(mtdparts_add_part(ids, strcpy(in, buf), &np, buf, sizeof(buf)), -EBUSY);
	assert_string_equal(mtdparts_messages(),
			    "## Error: 0x10000@0x8000 overlaps partition \"Partition_000\"\n");
	np.dev = "nand7";
	assert_int_equal(mtdparts_add_part(ids, strcpy(in, buf), &np, buf, sizeof(buf)), -ENODEV);
	assert_int_equal(mtdparts_for_each_dev(ids, strcpy(in, buf), count_dev, &n), 2);
	assert_int_equal(n, 2);
	assert_int_equal(mtdparts_del_part(ids, strcpy(in, buf), "boot", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "mtdparts=nand:64k(Partition_000),64k(env)");
	assert_int_equal(mtdparts_del_part(ids, strcpy(in, buf), "nope", buf, sizeof(buf)), -ENOENT);
	assert_string_equal(mtdparts_messages(), "## Error: no partition named 'nope'\n");
	assert_int_equal(mtdparts_del_part(ids, strcpy(in, buf), "env", buf, sizeof(buf)), 0);
	assert_int_equal(mtdparts_del_part(ids, strcpy(in, buf), "Partition_000", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_setenv_takes_effect, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unparsable_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unresolvable_leaves_none, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_and_batch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_del, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
